//! Parts both papers share: where a document of the cluster is issued,
//! table header cells, the criteria in agreement order with their section
//! headings, and how targets, results and section maxima are written. Plain
//! helpers over the model.

use crate::document::decree::{body, PARAGRAPH_SPACE};
use crate::document::markup::Block as Markup;
use crate::document::{Align, Block, Cell, Heading, Span};
use crate::model::diagnostic::Lang;
use crate::model::numfmt;
use crate::model::{Agreement, Criterion, Section};
use rust_decimal::Decimal;

/// Where a document is issued: Địa điểm, else the head unit's short name (its province).
pub fn place(a: &Agreement) -> String {
    a.info
        .place
        .clone()
        .filter(|p| !p.trim().is_empty())
        .or_else(|| a.unit(&a.info.head).map(|u| u.display_name().to_string()))
        .unwrap_or_default()
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
        blocks.push(Block::Space(PARAGRAPH_SPACE));
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
    /// A section heading with its maximum (written, else the sum of its
    /// criteria in the base; none for a section of bonus and penalty only).
    Section(&'a Section, Option<Decimal>),
    /// A criterion and its index.
    Criterion(usize, &'a Criterion),
}

/// The criteria in agreement order, each section heading before its first criterion.
pub fn criteria_with_sections(a: &Agreement) -> Vec<Item<'_>> {
    let mut items = Vec::new();
    let mut current = None;
    for (k, c) in a.criteria.iter().enumerate() {
        if c.section.is_some() && c.section != current {
            if let Some(s) = c.section.and_then(|s| a.sections.get(s)) {
                items.push(Item::Section(s, section_max(a, c.section)));
            }
        }
        current = c.section;
        items.push(Item::Criterion(k, c));
    }
    items
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
