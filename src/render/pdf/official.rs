//! How each block of a [`Document`](crate::document::Document) is set on
//! the page in the official format (Decree 30/2020/ND-CP, Appendix I): the
//! two header blocks of page 1 side by side (issuing bodies and number on
//! the left, the national title and motto with the place and date on the
//! right), the title and its summary line with their rules, headings, what
//! a template's headings and paragraphs keep with them, the signature block
//! beside "Nơi nhận", signature grids and the appendix heading. `layout`
//! places what this asks for.

use super::fonts::Style;
use super::layout::{mm, Align, Flow, Paragraph, Span, Stack, StackItem};
use crate::document::decree::{
    first_indent, upper, APPENDIX, BODY_SIZE, PARAGRAPH_SPACE, RECIPIENTS,
};
use crate::document::{
    Appendix, Block, Closing, Heading, Letterhead, Signature, Signatures, Title,
};
use crate::text::fold;

/// Size of the heading blocks' names (12-13 pt).
const BLOCK_SIZE: f32 = 12.0;
/// Size of the title and its summary (13-14 pt).
const TITLE_SIZE: f32 = 14.0;
/// Thickness of the rules under names, motto and title.
const RULE: f32 = 0.6;
/// Size of the signature blocks of several parties.
const SIGNATURE_SIZE: f32 = 12.0;
/// Space between rows of signature blocks, in points.
const ROW_SPACE: f32 = 28.0;
/// Space on each side of a signature block, in points.
const GUTTER: f32 = 6.0;

fn centred(spans: Vec<Span>, size: f32) -> Paragraph {
    Paragraph::new(spans, size)
        .align(Align::Center)
        .leading(1.15)
        .balanced()
}

/// The two blocks at the top of page 1.
pub fn letterhead(flow: &mut Flow, h: &Letterhead) {
    let nation = vec![Span::bold(&h.nation)];
    let motto = vec![Span::bold(&h.motto)];
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
pub fn title(flow: &mut Flow, t: &Title) {
    flow.space(18.0);
    flow.paragraph(&centred(vec![Span::bold(&upper(&t.kind))], TITLE_SIZE));
    flow.paragraph(&centred(vec![Span::bold(&t.summary)], TITLE_SIZE).space_before(2.0));
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

/// A heading's paragraph: bold (bold italic at level 3), indented as the
/// body or flush left, keeping two lines of what follows.
pub fn heading_paragraph(h: &Heading) -> Paragraph {
    let p = section_heading(h.spans.clone(), h.level);
    if h.indented {
        p
    } else {
        p.first_indent(0.0)
    }
}

/// Size of the draft mark (Decree 30: 13-14 pt, upper case, bold).
const DRAFT_SIZE: f32 = 13.0;

/// Marks a draft: "DỰ THẢO" in upper case bold, in a box, at the top right
/// of page 1. Decree 30/2020's layout of a document's parts (Appendix I,
/// Part I) keeps a place at the top right of page 1, above the national
/// title, for the indication that a text is a draft, set in a box in upper
/// case bold 13-14 pt, as Circular 01/2011 set it before; it goes in the
/// top margin so that a draft breaks its pages where the final print will.
pub fn draft_mark(flow: &mut Flow) {
    flow.draft_mark("DỰ THẢO", DRAFT_SIZE);
}

/// Sets a block of a document.
pub fn block(flow: &mut Flow, b: &Block) {
    match b {
        Block::Letterhead(h) => letterhead(flow, h),
        Block::Title(t) => title(flow, t),
        Block::Heading(h) => flow.heading(&heading_paragraph(h)),
        Block::Paragraph(p) | Block::Item(p) => flow.paragraph(p),
        Block::Table(t) => flow.table(t),
        Block::Narrative(blocks) => narrative(flow, blocks),
        Block::Part(blocks) => blocks.iter().for_each(|b| block(flow, b)),
        Block::Space(h) => flow.space(*h),
        Block::Closing(c) => closing(flow, c),
        Block::Signatures(s) => signatures(flow, s),
        Block::PageBreak => flow.page_break(),
        Block::Appendix(a) => appendix_heading(flow, a),
        Block::Chart(c) => flow.chart(c),
        Block::Landscape(blocks) => {
            let was = flow.is_landscape();
            flow.set_landscape(true);
            blocks.iter().for_each(|b| block(flow, b));
            flow.set_landscape(was);
        }
    }
}

/// Sets a template's wording, each heading and paragraph keeping what must
/// share its page.
fn narrative(flow: &mut Flow, blocks: &[Block]) {
    let keeps = keeps(flow, blocks);
    for (b, keep) in blocks.iter().zip(keeps) {
        match b {
            Block::Heading(h) => flow.heading(&heading_paragraph(h).keep_with_next(keep)),
            Block::Paragraph(p) | Block::Item(p) => flow.paragraph(&p.clone().keep_with_next(keep)),
            other => block(flow, other),
        }
    }
}

/// Height of a table's start that an introducing paragraph stays with: caption, header, a row.
pub const TABLE_START: f32 = 80.0;

/// Height of a part's start: a signature grid's (see [`signatures_height`]),
/// else a table's.
fn start_height(flow: &mut Flow, part: &[Block]) -> f32 {
    match part.first() {
        Some(Block::Signatures(s)) => signatures_height(flow, s),
        _ => TABLE_START,
    }
}

/// For each block, how much of what follows must share its page: a heading
/// keeps its first paragraph when short (else two lines of it) or the start
/// of a part; a short paragraph before a part keeps the part's start.
fn keeps(flow: &mut Flow, blocks: &[Block]) -> Vec<f32> {
    let line = BODY_SIZE * 1.2;
    let short = 3.0 * line + PARAGRAPH_SPACE + 0.1;
    let mut keeps = vec![0.0; blocks.len()];
    for i in (0..blocks.len()).rev() {
        let after = keeps.get(i + 1).copied().unwrap_or(0.0);
        keeps[i] = match (&blocks[i], blocks.get(i + 1)) {
            (Block::Heading(_), Some(Block::Part(part))) => start_height(flow, part),
            (Block::Paragraph(p) | Block::Item(p), Some(Block::Part(part)))
                if flow.measure(p) <= short =>
            {
                start_height(flow, part)
            }
            (Block::Heading(_), Some(Block::Paragraph(p) | Block::Item(p))) => {
                let h = flow.measure(p);
                if h <= short {
                    h + after
                } else {
                    2.0 * line
                }
            }
            (Block::Heading(_), Some(Block::Heading(next))) => {
                flow.measure(&heading_paragraph(next)) + after
            }
            _ => 0.0,
        };
    }
    keeps
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

/// "Nơi nhận:" and its lines.
fn recipients_stack(width: f32, lines: &[Vec<Span>]) -> Stack {
    let mut items = vec![StackItem::Text(
        Paragraph::new(vec![Span::bold_italic(RECIPIENTS)], 12.0)
            .align(Align::Left)
            .leading(1.15),
    )];
    for line in lines {
        items.push(StackItem::Text(
            Paragraph::new(line.clone(), 11.0)
                .align(Align::Left)
                .leading(1.15),
        ));
    }
    Stack {
        x: 0.0,
        width,
        items,
    }
}

/// The closing: recipients on the left, the signature on the right, kept on one page.
pub fn closing(flow: &mut Flow, c: &Closing) {
    flow.space(PARAGRAPH_SPACE * 2.0);
    let half = flow.width() * 0.45;
    let mut stacks = vec![recipients_stack(half, &c.recipients)];
    stacks.extend(signature_stacks(
        flow,
        &[(half, flow.width() - half, &c.signature)],
        BODY_SIZE,
    ));
    flow.stacks(&stacks);
}

/// Starts an appendix on a new page: "Phụ lục", its title, and a line in italics.
///
/// Its pages are numbered on their own, from 1, the number not shown on its
/// first page: Decree 30/2020, Appendix I, Part II, on appendices, has an
/// appendix's pages numbered separately ("Số trang của Phụ lục được đánh
/// riêng theo từng Phụ lục"), and the document's own rule for page 1 (no
/// number) holds for an appendix's first page as for the document's.
pub fn appendix_heading(flow: &mut Flow, a: &Appendix) {
    flow.restart_numbering();
    flow.paragraph(&centred(vec![Span::bold(APPENDIX)], 14.0));
    flow.paragraph(&centred(vec![Span::bold(&upper(&a.title))], 14.0).space_before(4.0));
    flow.paragraph(
        &centred(vec![Span::italic(&a.under)], BODY_SIZE)
            .space_before(2.0)
            .space_after(12.0),
    );
}

/// Two blocks to a row: `(x, width, signature)`.
fn signature_rows<'s>(
    flow: &Flow,
    signatures: &'s [Signature],
) -> Vec<Vec<(f32, f32, &'s Signature)>> {
    let half = flow.width() / 2.0;
    signatures
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .enumerate()
                .map(|(k, s)| (half * k as f32 + GUTTER, half - 2.0 * GUTTER, s))
                .collect()
        })
        .collect()
}

fn signatures_title(title: &str) -> Paragraph {
    Paragraph::new(vec![Span::bold(title)], BODY_SIZE)
        .align(Align::Center)
        .space_before(12.0)
        .space_after(10.0)
}

/// Height the signature grid keeps together: all of it when it fits on a
/// page, else its title and first row.
fn signatures_height(flow: &mut Flow, s: &Signatures) -> f32 {
    let mut heights = Vec::new();
    for row in signature_rows(flow, &s.signatures) {
        let stacks = signature_stacks(flow, &row, SIGNATURE_SIZE);
        heights.push(flow.measure_stacks(&stacks) + ROW_SPACE);
    }
    let head = flow.measure(&signatures_title(&s.title));
    let whole = head + heights.iter().sum::<f32>();
    if whole <= flow.page_height() {
        whole
    } else {
        head + heights.first().copied().unwrap_or(0.0)
    }
}

/// The signature grid: a block for every party, two to a row.
fn signatures(flow: &mut Flow, s: &Signatures) {
    let height = signatures_height(flow, s);
    flow.ensure(height);
    flow.paragraph(&signatures_title(&s.title));
    for row in signature_rows(flow, &s.signatures) {
        signature_row(flow, &row, SIGNATURE_SIZE);
        flow.space(ROW_SPACE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
