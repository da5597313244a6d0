//! Parts both papers share: where a document of the cluster is issued,
//! table header cells, the criteria in agreement order with their section
//! headings, and how targets, results and section maxima are written. Plain
//! helpers over the model.

use crate::document::decree::{body, BLANK, PARAGRAPH_SPACE};
use crate::document::markup::Block as Markup;
use crate::document::{Align, Block, Cell, Heading, Letterhead, Signature, Span};
use crate::model::diagnostic::Lang;
use crate::model::numfmt;
use crate::model::tree::indented;
use crate::model::{Agreement, Criterion, CriterionScore, Tree};
use rust_decimal::Decimal;

/// Where a document is issued, as Decree 30 writes the place: the place
/// name only (Địa điểm, else the head unit's short name), without its
/// administrative level ("Phường Diễn Châu 1" → "Diễn Châu 1") unless the
/// name is a number ("Phường 15"), and without a street address before it.
pub fn place(a: &Agreement) -> String {
    let written = a
        .info
        .place
        .clone()
        .filter(|p| !p.trim().is_empty())
        .or_else(|| a.unit(&a.info.head).map(|u| u.display_name().to_string()))
        .unwrap_or_default();
    place_name(&written)
}

/// Words that open a part of a street address, folded.
const ADDRESS_PARTS: [&str; 10] = [
    "so ", "duong", "pho ", "ngo ", "ngach", "thon", "xom", "to ", "ap ", "khu ",
];

/// The place name of `written` (see [`place`]).
pub fn place_name(written: &str) -> String {
    let parts: Vec<&str> = written
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let is_address = |p: &str| {
        let f = crate::text::fold(p);
        f.starts_with(|c: char| c.is_ascii_digit())
            || ADDRESS_PARTS.iter().any(|w| f.starts_with(w))
    };
    let Some(part) = parts
        .iter()
        .find(|p| !is_address(p))
        .or(parts.last())
        .copied()
    else {
        return String::new();
    };
    let words: Vec<&str> = part.split_whitespace().collect();
    let folded = crate::text::fold(part);
    for level in crate::document::decree::ADMINISTRATIVE_LEVELS {
        let n = level.split(' ').count();
        if words.len() > n && (folded == level || folded.starts_with(&format!("{level} "))) {
            let rest = words[n..].join(" ");
            if rest
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_whitespace())
            {
                return part.split_whitespace().collect::<Vec<_>>().join(" ");
            }
            return rest;
        }
    }
    words.join(" ")
}

/// A unit's name on two lines, broken before its administrative level
/// ("Hội Cựu chiến binh\ntỉnh Bắc Kạn"), so that names side by side in a
/// row of signatures take the same lines; as written when it has no level.
pub fn name_in_two_lines(name: &str) -> String {
    crate::document::decree::break_before_level(name, |_| true)
        .unwrap_or_else(|| name.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Who issues a paper of the cluster (DOMAIN.md, Decree 30): the cluster,
/// in its name, by its head unit. The one rule every output follows, so
/// that the header, the symbol and the signature name the same body.
#[derive(Debug, Clone)]
pub struct Issuer {
    /// The left header's first line: the head unit's name.
    pub parent: String,
    /// The issuing body, bold under it: the cluster.
    pub body: String,
    /// The body's part of the symbol: "CTĐ" (Cụm thi đua), as in "/BC-CTĐ".
    pub symbol: &'static str,
    /// "TM. Cụm thi đua số 3" / "Cụm trưởng" / the head unit's chair, and the name.
    pub signature: Signature,
}

/// The symbol of the cluster as issuing body.
pub const CLUSTER_SYMBOL: &str = "CTĐ";

/// The issuer of the cluster's papers this year (see [`Issuer`]).
pub fn issuer(a: &Agreement) -> Issuer {
    let head = a.unit(&a.info.head);
    let parent = head.map_or_else(|| a.info.organisation.clone(), |u| u.name.clone());
    let chair = head.map(|u| {
        let title = u
            .signer_title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| "Chủ tịch".to_string());
        if crate::text::fold(&title).contains(&crate::text::fold(&u.name)) {
            title
        } else {
            format!("{title} {}", u.name)
        }
    });
    Issuer {
        parent,
        body: a.info.cluster.clone(),
        symbol: CLUSTER_SYMBOL,
        signature: Signature {
            on_behalf: Some(format!("TM. {}\nCụm trưởng", a.info.cluster)),
            role: chair,
            name: head.and_then(|u| u.signer.clone()),
        },
    }
}

impl Issuer {
    /// The number line of a paper of `kind` ("BC"): "Số:        /BC-CTĐ".
    pub fn number(&self, kind: &str) -> String {
        format!("Số:{BLANK}/{kind}-{}", self.symbol)
    }

    /// The symbol as a paper cites it: "/BC-CTĐ".
    pub fn symbol_of(&self, kind: &str) -> String {
        format!("/{kind}-{}", self.symbol)
    }

    /// The letterhead of a paper of `kind` (numbered when given) dated `place_date`.
    pub fn letterhead(&self, kind: Option<&str>, place_date: String) -> Letterhead {
        Letterhead::new(
            &self.parent,
            &self.body,
            kind.map(|k| self.number(k)),
            place_date,
        )
    }
}

/// The line of the addressee ("Kính gửi: Hội Cựu chiến binh tỉnh Cao
/// Bằng"), centred under the header of a letter or a tờ trình.
pub fn addressee(name: &str) -> Block {
    Block::Paragraph(
        crate::document::Paragraph::new(
            vec![Span::regular("Kính gửi: "), Span::regular(name)],
            14.0,
        )
        .align(Align::Center)
        .space_before(6.0)
        .space_after(12.0),
    )
}

/// How a unit signs by its `Chức vụ` (Decree 30, Art. 13), as the lines
/// above the space to sign: a deputy ("Phó Chủ tịch ...") signs for the
/// head, "KT. Chủ tịch" over "Phó Chủ tịch ..."; an acting head ("Quyền
/// Chủ tịch") as "Q. Chủ tịch"; a title already written with TM., KT., Q.,
/// TL. or TUQ. as written (two lines when a comma or "/" parts them); the
/// head as "Chủ tịch". The renderer upper-cases them.
pub fn signing_lines(title: Option<&str>) -> Vec<String> {
    let title = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or("Chủ tịch");
    let words: Vec<&str> = title.split_whitespace().collect();
    let first = crate::text::fold(words[0]);
    if ["tm.", "kt.", "q.", "tl.", "tuq."].contains(&first.as_str()) {
        return match title.split_once([',', '/']) {
            Some((a, b)) => vec![a.trim().to_string(), b.trim().to_string()],
            None => vec![title.to_string()],
        };
    }
    if first == "pho" && words.len() > 1 {
        // "Phó Chủ tịch Thường trực" signs for the "Chủ tịch".
        let head: Vec<&str> = words[1..]
            .iter()
            .copied()
            .take_while(|w| !matches!(crate::text::fold(w).as_str(), "thuong" | "truc"))
            .collect();
        return vec![format!("KT. {}", head.join(" ")), title.to_string()];
    }
    if (first == "quyen" || first == "q") && words.len() > 1 {
        return vec![format!("Q. {}", words[1..].join(" "))];
    }
    vec![title.to_string()]
}

/// A template's blocks as a [`Block::Narrative`], each `[[name]]` replaced
/// by the [`Block::Part`] that `part` gives for it, followed by the parts
/// of `names` it left out (nothing the data holds goes unprinted). A part
/// is followed by a paragraph's space; a name with no part stays in the
/// text, in italics.
pub fn narrative(
    blocks: &[Markup],
    names: &[&str],
    part: impl Fn(&str) -> Option<Vec<Block>>,
) -> Vec<Block> {
    let placed = |blocks: Vec<Block>| {
        let mut blocks = blocks;
        if !blocks.is_empty() {
            blocks.push(Block::Space(PARAGRAPH_SPACE));
        }
        Block::Part(blocks)
    };
    let mut used = std::collections::BTreeSet::new();
    let mut text = Vec::new();
    for block in blocks {
        text.push(match block {
            Markup::Heading { level, spans } => Block::Heading(Heading {
                level: *level,
                spans: spans.clone(),
                indented: true,
            }),
            Markup::Paragraph(spans) | Markup::Item(spans) => Block::Paragraph(body(spans.clone())),
            Markup::Placeholder(name) => match part(name) {
                Some(blocks) => {
                    used.insert(name.as_str());
                    placed(blocks)
                }
                None => {
                    let text = format!("[[{name}]]");
                    Block::Part(vec![Block::Paragraph(body(vec![Span::italic(&text)]))])
                }
            },
        });
    }
    let mut out = vec![Block::Narrative(text)];
    for name in names.iter().filter(|n| !used.contains(**n)) {
        if let Some(blocks) = part(name) {
            out.push(placed(blocks));
        }
    }
    out
}

/// Bold, centred header cells.
pub fn header_cells(titles: &[&str]) -> Vec<Cell> {
    titles
        .iter()
        .map(|t| Cell::bold(t).align(Align::Center))
        .collect()
}

/// A row of a criteria table.
pub enum Item<'a> {
    /// A section heading; in a criteria tree, a group at any level.
    Section(Group<'a>),
    /// A criterion and its index.
    Criterion(usize, &'a Criterion),
}

/// A section heading or a group of a criteria tree, as a table shows it.
pub struct Group<'a> {
    pub code: &'a str,
    /// The title; in a tree, indented by the group's level.
    pub title: String,
    /// Its maximum: written, else the sum of its criteria in the base; none
    /// for a heading of bonus and penalty only.
    pub max: Option<Decimal>,
    /// The criteria it adds up (indices into `Agreement::criteria`), in order.
    pub members: Vec<usize>,
}

impl Group<'_> {
    /// The sum over its criteria of a unit's `f` (the score, the
    /// self-score, ...); None where no criterion has one.
    pub fn subtotal(
        &self,
        scores: &[CriterionScore],
        f: impl Fn(&CriterionScore) -> Option<Decimal>,
    ) -> Option<Decimal> {
        let xs: Vec<Decimal> = self
            .members
            .iter()
            .filter_map(|&k| scores.get(k).and_then(&f))
            .collect();
        (!xs.is_empty()).then(|| xs.iter().copied().sum::<Decimal>())
    }
}

/// The criteria in agreement order, each section heading before its first
/// criterion; in a criteria tree, every group before its rows.
pub fn criteria_with_sections(a: &Agreement) -> Vec<Item<'_>> {
    if let Some(tree) = &a.tree {
        return tree_items(a, tree);
    }
    let mut items = Vec::new();
    let mut current = None;
    for (k, c) in a.criteria.iter().enumerate() {
        if c.section.is_some() && c.section != current {
            if let Some(s) = c.section.and_then(|s| a.sections.get(s)) {
                items.push(Item::Section(Group {
                    code: &s.code,
                    title: s.title.clone(),
                    max: section_max(a, c.section),
                    members: (0..a.criteria.len())
                        .filter(|&m| a.criteria[m].section == c.section)
                        .collect(),
                }));
            }
        }
        current = c.section;
        items.push(Item::Criterion(k, c));
    }
    items
}

/// The rows of a criteria tree in its order.
fn tree_items<'a>(a: &'a Agreement, tree: &'a Tree) -> Vec<Item<'a>> {
    let mut items = Vec::with_capacity(tree.nodes.len());
    for (i, node) in tree.nodes.iter().enumerate() {
        match node
            .criterion
            .and_then(|k| a.criteria.get(k).map(|c| (k, c)))
        {
            Some((k, c)) => items.push(Item::Criterion(k, c)),
            None => {
                items.push(Item::Section(Group {
                    code: &node.code,
                    title: indented(&node.title, node.level),
                    max: tree.shown_max(i, &a.criteria),
                    members: tree.leaves_under(i),
                }));
            }
        }
    }
    items
}

/// A criterion's words as a table shows them: in a criteria tree, indented
/// by its level.
pub fn criterion_words(a: &Agreement, k: usize) -> String {
    let content = a.criteria.get(k).map_or("", |c| c.content.as_str());
    let level = a
        .tree
        .as_ref()
        .and_then(|t| t.leaf_of(k).map(|n| t.nodes[n].level));
    match level {
        Some(level) => indented(content, level),
        None => content.to_string(),
    }
}

fn section_max(a: &Agreement, section: Option<usize>) -> Option<Decimal> {
    let written = section.and_then(|s| a.sections.get(s)).and_then(|s| s.max);
    let in_base: Vec<&Criterion> = a
        .criteria
        .iter()
        .filter(|c| c.section == section && c.method.in_base())
        .collect();
    written.or_else(|| (!in_base.is_empty()).then(|| in_base.iter().map(|c| c.max).sum()))
}

/// A section's maximum as printed.
pub fn section_max_cell(max: Option<Decimal>) -> Cell {
    Cell::bold(&max.map(|m| numfmt::plain(m, Lang::Vi)).unwrap_or_default())
}

/// A target or result as written: "95%" on percent criteria.
pub fn shown(c: &Criterion, x: Option<Decimal>) -> String {
    match x {
        Some(x) if c.is_percent() => format!("{}%", numfmt::plain(x, Lang::Vi)),
        Some(x) => numfmt::plain(x, Lang::Vi),
        None => "-".to_string(),
    }
}

/// The date a paper of the year carries: the conference's, else 1 January
/// after the year.
pub fn paper_date(a: &Agreement) -> crate::model::Date {
    a.info.conference_date.unwrap_or(crate::model::Date {
        year: a.info.year + 1,
        month: 1,
        day: 1,
    })
}
