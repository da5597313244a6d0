//! The parts of an official Vietnamese document (Decree 30/2020/ND-CP,
//! Appendix I), with the decree's measures: the two heading blocks of page 1
//! (issuing bodies and number on the left, the national title and motto with
//! the place and date on the right), the title and its summary line, body
//! paragraphs and headings, the signature block beside "Nơi nhận", and the
//! appendix heading. `handout` and `agreement` compose them; `layout` places
//! them.

use super::fonts::Style;
use super::layout::{mm, Align, Flow, Paragraph, Span, Stack, StackItem};
use super::markup::Block;
use crate::model::Date;
use crate::text::fold;

/// Body text size (13-14 pt).
pub const BODY_SIZE: f32 = 13.0;
/// Table text size.
pub const TABLE_SIZE: f32 = 12.0;
/// Space between paragraphs (at least 6 pt).
pub const PARAGRAPH_SPACE: f32 = 6.0;
/// Size of the heading blocks' names (12-13 pt).
const BLOCK_SIZE: f32 = 12.0;
/// Size of the title and its summary (13-14 pt).
const TITLE_SIZE: f32 = 14.0;
/// Thickness of the rules under names, motto and title.
const RULE: f32 = 0.6;

/// First-line indent of body paragraphs (1-1.27 cm).
pub fn first_indent() -> f32 {
    mm(12.7)
}

/// "ngày 05 tháng 01 năm 2017": a leading zero for days below 10 and months 1-2.
pub fn date_in_words(date: Date) -> String {
    let month = if date.month <= 2 {
        format!("{:02}", date.month)
    } else {
        date.month.to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", date.day, date.year)
}

/// A blank to fill by hand: no-break spaces, which are never collapsed.
pub const BLANK: &str = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";

/// The place-and-date line; without a date, blanks to fill by hand in `year`.
pub fn place_and_date(place: &str, date: Option<Date>, year: i32) -> String {
    let when = match date {
        Some(d) => date_in_words(d),
        None => format!("ngày{BLANK}tháng{BLANK}năm {year}"),
    };
    format!("{place}, {when}")
}

/// Upper case, Vietnamese letters included.
pub fn upper(text: &str) -> String {
    crate::text::nfc(text).to_uppercase()
}

/// What page 1's heading blocks say.
#[derive(Debug, Clone)]
pub struct Heading {
    /// The parent body (cơ quan chủ quản), printed upper case, regular.
    pub parent: String,
    /// The issuing body, printed upper case, bold, with a short rule below.
    pub issuer: String,
    /// "Số:    /BC-CTĐ", if the document is numbered.
    pub number: Option<String>,
    /// "Thái Nguyên, ngày 05 tháng 01 năm 2017".
    pub place_date: String,
}

const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

fn centred(spans: Vec<Span>, size: f32) -> Paragraph {
    Paragraph::new(spans, size)
        .align(Align::Center)
        .leading(1.15)
        .balanced()
}

/// The two blocks at the top of page 1.
pub fn heading(flow: &mut Flow, h: &Heading) {
    let nation = vec![Span::bold(NATION)];
    let motto = vec![Span::bold(MOTTO)];
    let right_width = flow.text_width(&nation, BLOCK_SIZE) + mm(2.0);
    let left_width = flow.width() - right_width - mm(2.0);
    let right_x = flow.width() - right_width;
    let issuer_text = name_lines(flow, &h.issuer, Style::Bold, BLOCK_SIZE, left_width);
    let longest = issuer_text
        .lines()
        .map(|l| flow.text_width(&[Span::bold(l)], BLOCK_SIZE))
        .fold(0.0, f32::max);
    let issuer = vec![Span::bold(&issuer_text)];
    let issuer_rule = longest.min(left_width) * 0.4;
    let motto_width = flow.text_width(&motto, 13.0);
    let left = Stack {
        x: 0.0,
        width: left_width,
        items: vec![
            StackItem::Text(centred(vec![Span::regular(&upper(&h.parent))], BLOCK_SIZE)),
            StackItem::Text(centred(issuer, BLOCK_SIZE)),
            StackItem::Rule {
                width: issuer_rule.max(mm(15.0)),
                thickness: RULE,
            },
        ],
    };
    let right = Stack {
        x: right_x,
        width: right_width,
        items: vec![
            StackItem::Text(centred(nation, BLOCK_SIZE)),
            StackItem::Text(centred(motto, 13.0)),
            StackItem::Rule {
                width: motto_width,
                thickness: RULE,
            },
        ],
    };
    flow.stacks(&[left, right]);
    flow.space(4.0);
    let number = Stack {
        x: 0.0,
        width: left_width,
        items: h
            .number
            .iter()
            .map(|n| StackItem::Text(centred(vec![Span::regular(n)], 13.0)))
            .collect(),
    };
    let date = Stack {
        x: right_x,
        width: right_width,
        items: vec![StackItem::Text(centred(
            vec![Span::italic(&h.place_date)],
            13.0,
        ))],
    };
    flow.stacks(&[number, date]);
}

/// The document type (BÁO CÁO, GIAO ƯỚC THI ĐUA) and its summary line, with a short rule.
pub fn title(flow: &mut Flow, kind: &str, summary: &str) {
    flow.space(18.0);
    flow.paragraph(&centred(vec![Span::bold(&upper(kind))], TITLE_SIZE));
    flow.paragraph(&centred(vec![Span::bold(summary)], TITLE_SIZE).space_before(2.0));
    let rule = Stack {
        x: 0.0,
        width: flow.width(),
        items: vec![
            StackItem::Space(2.0),
            StackItem::Rule {
                width: mm(30.0),
                thickness: RULE,
            },
        ],
    };
    flow.stacks(&[rule]);
    flow.space(12.0);
}

/// A body paragraph: justified, first line indented, 6 pt after.
pub fn body(spans: Vec<Span>) -> Paragraph {
    Paragraph::new(spans, BODY_SIZE)
        .first_indent(first_indent())
        .space_after(PARAGRAPH_SPACE)
}

/// A heading of the body, kept with what follows.
pub fn section_heading(spans: Vec<Span>, level: u8) -> Paragraph {
    let emphasise = |style: Style| {
        if level >= 3 {
            style.with_bold().with_italic()
        } else {
            style.with_bold()
        }
    };
    let spans: Vec<Span> = spans
        .into_iter()
        .map(|s| Span {
            style: emphasise(s.style),
            ..s
        })
        .collect();
    Paragraph::new(spans, BODY_SIZE)
        .first_indent(first_indent())
        .space_before(PARAGRAPH_SPACE)
        .space_after(PARAGRAPH_SPACE)
        .keep_with_next(2.0 * BODY_SIZE * 1.2)
}

/// The tables a document sets where its template names them (`[[name]]`).
pub trait Tables {
    /// Every table's name, in the order they are appended when the template leaves them out.
    fn names(&self) -> &'static [&'static str];
    /// Sets the table called `name`; false when there is none.
    fn place(&self, flow: &mut Flow, name: &str) -> bool;
    /// Height of the table's start, which a short introducing paragraph keeps on its page.
    fn start_height(&self, _flow: &mut Flow, _name: &str) -> f32 {
        TABLE_START
    }
}

/// Sets the blocks of a template with the tables where it names them, then
/// the tables it left out (nothing the data holds goes unprinted).
pub fn blocks(flow: &mut Flow, blocks: &[Block], tables: &dyn Tables) {
    let keeps = keeps(flow, blocks, tables);
    let mut placed = std::collections::BTreeSet::new();
    for (block, keep) in blocks.iter().zip(keeps) {
        match block {
            Block::Heading { level, spans } => {
                flow.paragraph(&section_heading(spans.clone(), *level).keep_with_next(keep))
            }
            Block::Paragraph(spans) | Block::Item(spans) => {
                flow.paragraph(&body(spans.clone()).keep_with_next(keep))
            }
            Block::Placeholder(name) => {
                if tables.place(flow, name) {
                    placed.insert(name.as_str());
                } else {
                    let text = format!("[[{name}]]");
                    flow.paragraph(&body(vec![Span::italic(&text)]));
                }
            }
        }
    }
    for name in tables.names().iter().filter(|n| !placed.contains(**n)) {
        tables.place(flow, name);
    }
}

/// Height of a table's start that an introducing paragraph stays with: caption, header, a row.
pub const TABLE_START: f32 = 80.0;

/// For each block, how much of what follows must share its page: a heading
/// keeps its first paragraph when short (else two lines of it) or the start
/// of a table; a short paragraph before a table keeps the table's start.
fn keeps(flow: &mut Flow, blocks: &[Block], tables: &dyn Tables) -> Vec<f32> {
    let line = BODY_SIZE * 1.2;
    let short = 3.0 * line + PARAGRAPH_SPACE + 0.1;
    let mut keeps = vec![0.0; blocks.len()];
    for i in (0..blocks.len()).rev() {
        let after = keeps.get(i + 1).copied().unwrap_or(0.0);
        keeps[i] = match (&blocks[i], blocks.get(i + 1)) {
            (Block::Heading { .. }, Some(Block::Placeholder(name))) => {
                tables.start_height(flow, name)
            }
            (Block::Paragraph(spans) | Block::Item(spans), Some(Block::Placeholder(name)))
                if flow.measure(&body(spans.clone())) <= short =>
            {
                tables.start_height(flow, name)
            }
            (Block::Heading { .. }, Some(Block::Paragraph(spans) | Block::Item(spans))) => {
                let h = flow.measure(&body(spans.clone()));
                if h <= short {
                    h + after
                } else {
                    2.0 * line
                }
            }
            (Block::Heading { .. }, Some(Block::Heading { level, spans })) => {
                flow.measure(&section_heading(spans.clone(), *level)) + after
            }
            _ => 0.0,
        };
    }
    keeps
}

/// Who signs: "TM. CỤM THI ĐUA SỐ 3" / "CỤM TRƯỞNG" / name.
#[derive(Debug, Clone)]
pub struct Signature {
    pub on_behalf: Option<String>,
    pub role: Option<String>,
    pub name: Option<String>,
}

/// Words that start the level of an administrative name ("tỉnh Cao Bằng").
const LEVELS: [&str; 7] = [
    "tinh",
    "thanh pho",
    "huyen",
    "quan",
    "thi xa",
    "xa",
    "phuong",
];

/// A name in upper case, on one line if it fits `width`, else broken before
/// its level ("HỘI CỰU CHIẾN BINH / TỈNH CAO BẰNG") when both parts fit;
/// otherwise left to balanced breaking.
pub fn name_lines(flow: &mut Flow, name: &str, style: Style, size: f32, width: f32) -> String {
    let text = upper(name);
    let mut fits = |t: &str| flow.text_width(&[Span::new(t, style)], size) <= width;
    if fits(&text) {
        return text;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    for i in 1..words.len() {
        let rest = fold(&words[i..].join(" "));
        if LEVELS
            .iter()
            .any(|l| rest == *l || rest.starts_with(&format!("{l} ")))
        {
            let (first, second) = (words[..i].join(" "), words[i..].join(" "));
            if fits(&first) && fits(&second) {
                return format!("{first}\n{second}");
            }
        }
    }
    text
}

/// The lines above the space to sign: on behalf of whom, and as what.
fn signature_head(flow: &mut Flow, s: &Signature, width: f32, size: f32) -> Vec<StackItem> {
    [&s.on_behalf, &s.role]
        .into_iter()
        .flatten()
        .map(|line| {
            let text = name_lines(flow, line, Style::Bold, size, width);
            StackItem::Text(centred(vec![Span::bold(&text)], size))
        })
        .collect()
}

/// Signature blocks side by side, each `(x, width, signature)`; the space to
/// sign starts below the tallest heading, so the names share a line.
pub fn signature_row(flow: &mut Flow, blocks: &[(f32, f32, &Signature)], size: f32) {
    let stacks = signature_stacks(flow, blocks, size);
    flow.stacks(&stacks);
}

/// The stacks of [`signature_row`].
pub fn signature_stacks(
    flow: &mut Flow,
    blocks: &[(f32, f32, &Signature)],
    size: f32,
) -> Vec<Stack> {
    let heights: Vec<f32> = blocks
        .iter()
        .map(|(x, width, s)| {
            let items = signature_head(flow, s, *width, size);
            flow.measure_stacks(&[Stack {
                x: *x,
                width: *width,
                items,
            }])
        })
        .collect();
    let tallest = heights.iter().copied().fold(0.0, f32::max);
    blocks
        .iter()
        .zip(&heights)
        .map(|((x, width, s), h)| {
            let mut items = signature_head(flow, s, *width, size);
            items.push(StackItem::Space(tallest - h + mm(24.0)));
            if let Some(name) = &s.name {
                items.push(StackItem::Text(centred(vec![Span::bold(name)], size)));
            }
            Stack {
                x: *x,
                width: *width,
                items,
            }
        })
        .collect()
}

/// "Nơi nhận:" and its lines: each starts with "- " and ends with ";", the last with ".".
fn recipients_stack(width: f32, lines: &[Vec<Span>]) -> Stack {
    let mut items = vec![StackItem::Text(
        Paragraph::new(vec![Span::bold_italic("Nơi nhận:")], 12.0)
            .align(Align::Left)
            .leading(1.15),
    )];
    let n = lines.len();
    for (i, line) in lines.iter().enumerate() {
        let mut spans = vec![Span::regular("- ")];
        spans.extend(line.iter().cloned());
        end_with(&mut spans, if i + 1 == n { "." } else { ";" });
        items.push(StackItem::Text(
            Paragraph::new(spans, 11.0).align(Align::Left).leading(1.15),
        ));
    }
    Stack {
        x: 0.0,
        width,
        items,
    }
}

/// Replaces the final punctuation of `spans` with `end`.
fn end_with(spans: &mut [Span], end: &str) {
    if let Some(last) = spans.last_mut() {
        let trimmed = last
            .text
            .trim_end()
            .trim_end_matches([';', '.', ','])
            .to_string();
        last.text = format!("{trimmed}{end}");
    }
}

/// The closing: recipients on the left, the signature on the right, kept on one page.
pub fn closing(flow: &mut Flow, recipients: &[Vec<Span>], signature: &Signature) {
    flow.space(PARAGRAPH_SPACE * 2.0);
    let half = flow.width() * 0.45;
    let mut stacks = vec![recipients_stack(half, recipients)];
    stacks.extend(signature_stacks(
        flow,
        &[(half, flow.width() - half, signature)],
        BODY_SIZE,
    ));
    flow.stacks(&stacks);
}

/// Starts an appendix on a new page: "Phụ lục", its title, and a line in italics.
pub fn appendix_heading(flow: &mut Flow, title: &str, under: &str) {
    flow.page_break();
    flow.paragraph(&centred(vec![Span::bold("Phụ lục")], 14.0));
    flow.paragraph(&centred(vec![Span::bold(&upper(title))], 14.0).space_before(4.0));
    flow.paragraph(
        &centred(vec![Span::italic(under)], BODY_SIZE)
            .space_before(2.0)
            .space_after(12.0),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_have_leading_zeros_for_small_days_and_months_one_and_two() {
        let d = |year, month, day| Date { year, month, day };
        assert_eq!(date_in_words(d(2017, 1, 5)), "ngày 05 tháng 01 năm 2017");
        assert_eq!(date_in_words(d(2017, 2, 15)), "ngày 15 tháng 02 năm 2017");
        assert_eq!(date_in_words(d(2017, 3, 9)), "ngày 09 tháng 3 năm 2017");
        assert_eq!(date_in_words(d(2016, 12, 20)), "ngày 20 tháng 12 năm 2016");
        assert_eq!(
            place_and_date("Thái Nguyên", Some(d(2017, 1, 5)), 2017),
            "Thái Nguyên, ngày 05 tháng 01 năm 2017"
        );
    }

    #[test]
    fn upper_case_keeps_vietnamese_marks() {
        assert_eq!(
            upper("Hội Cựu chiến binh tỉnh Bắc Kạn"),
            "HỘI CỰU CHIẾN BINH TỈNH BẮC KẠN"
        );
        assert_eq!(upper("Cụm thi đua số 3"), "CỤM THI ĐUA SỐ 3");
    }

    #[test]
    fn long_names_break_before_their_level() {
        let fonts = super::super::fonts::fonts().unwrap();
        let mut flow = Flow::new(fonts, super::super::layout::Margins::decree());
        let name = "Hội Cựu chiến binh thành phố Hồ Chí Minh";
        assert_eq!(
            name_lines(&mut flow, name, Style::Bold, 12.0, mm(70.0)),
            "HỘI CỰU CHIẾN BINH\nTHÀNH PHỐ HỒ CHÍ MINH"
        );
        assert_eq!(
            name_lines(&mut flow, "Cụm thi đua số 3", Style::Bold, 12.0, mm(70.0)),
            "CỤM THI ĐUA SỐ 3"
        );
    }

    #[test]
    fn recipient_lines_end_with_semicolons_and_a_full_stop() {
        let mut spans = vec![Span::regular("- "), Span::regular("Lưu: VT;")];
        end_with(&mut spans, ".");
        assert_eq!(spans[1].text, "Lưu: VT.");
    }
}
