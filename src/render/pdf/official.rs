//! How each block of a [`Document`](crate::document::Document) is set on
//! the page in the official format (Decree 30/2020/ND-CP, Appendix I): the
//! two header blocks of page 1 side by side (issuing bodies and number on
//! the left, the national title and motto with the place and date on the
//! right), the title and its summary line with their rules, headings, what
//! a template's headings and paragraphs keep with them (a heading the start
//! of what follows, a lead the table, chart, closing or part it introduces),
//! the signature block beside "Nơi nhận", signature grids aligned across
//! each row, the appendix heading (its pages numbered on their own), the
//! landscape parts and the draft mark. `layout` places what this asks for.

use super::fonts::Style;
use super::layout::{mm, Align, Flow, Paragraph, Span, Stack, StackItem};
use crate::document::decree::{
    first_indent, upper, APPENDIX, BODY_SIZE, PARAGRAPH_SPACE, RECIPIENTS,
};
use crate::document::{
    Appendix, Block, Closing, Heading, Letterhead, Signature, Signatures, Title,
};

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

/// Size of the place-and-date line (Decree 30: 13-14 pt, italics).
const DATE_SIZE: f32 = 13.0;
/// The smallest size the place-and-date line is shrunk to so that it stays
/// on one line (a point below the decree's 13: a clerk shrinks it rather than
/// let the date wrap).
const DATE_SIZE_FLOOR: f32 = 12.0;
/// The widest the right header block grows to hold the place and date on one
/// line, as a share of the text width.
const RIGHT_BLOCK_MAX: f32 = 0.6;
/// The rule under the issuing body and under the title's summary, as a share
/// of the line above it (Decree 30: 1/3 to 1/2).
const SHORT_RULE: f32 = 0.4;

/// The short rule under a line `line` wide: 2/5 of it, or up to half of a
/// short line ("Năm 2016") so that the rule still reads as one (at most
/// 20 mm).
fn short_rule(line: f32) -> f32 {
    (line * SHORT_RULE).max((line / 2.0).min(mm(20.0)))
}

/// The width of the right header block and the size of the place-and-date
/// line, so that the line never wraps: the block as wide as the national
/// title, wider (up to [`RIGHT_BLOCK_MAX`] of the text) for a long place
/// name, then the line shrunk down to [`DATE_SIZE_FLOOR`]. Past that (a place
/// name no office writes) it wraps.
pub fn right_block(flow: &mut Flow, h: &Letterhead) -> (f32, f32) {
    let nation = flow.text_width(&[Span::bold(&h.nation)], BLOCK_SIZE) + mm(2.0);
    let date = vec![Span::italic(&h.place_date)];
    let at = |flow: &mut Flow, size: f32| flow.text_width(&date, size) + mm(2.0);
    let widest = flow.width() * RIGHT_BLOCK_MAX;
    let need = at(flow, DATE_SIZE);
    if need <= nation {
        return (nation, DATE_SIZE);
    }
    if need <= widest {
        return (need, DATE_SIZE);
    }
    // Shrink by tenths of a point, so the same text always gets the same size.
    let mut size = DATE_SIZE;
    while size > DATE_SIZE_FLOOR + 0.05 && at(flow, size) > widest {
        size = ((size - 0.1) * 10.0).round() / 10.0;
    }
    (widest.max(nation), size)
}

/// The two blocks at the top of page 1.
pub fn letterhead(flow: &mut Flow, h: &Letterhead) {
    let nation = vec![Span::bold(&h.nation)];
    let motto = vec![Span::bold(&h.motto)];
    let (right_width, date_size) = right_block(flow, h);
    let left_width = flow.width() - right_width - mm(2.0);
    let right_x = flow.width() - right_width;
    let issuer_text = name_lines(flow, &h.issuer, Style::Bold, BLOCK_SIZE, left_width);
    let issuer = vec![Span::bold(&issuer_text)];
    // The issuing body's lines as set (balanced), the rule under the last.
    let issuer_para = centred(issuer.clone(), BLOCK_SIZE);
    let issuer_line = flow
        .line_widths_in(&issuer_para, left_width)
        .last()
        .copied()
        .unwrap_or(0.0);
    let issuer_rule = short_rule(issuer_line.min(left_width));
    let motto_width = flow.text_width(&motto, 13.0);
    let left = Stack {
        x: 0.0,
        width: left_width,
        items: vec![
            StackItem::Text(centred(vec![Span::regular(&upper(&h.parent))], BLOCK_SIZE)),
            StackItem::Text(issuer_para),
            StackItem::Rule {
                width: issuer_rule,
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
            date_size,
        ))],
    };
    flow.stacks(&[number, date]);
}

/// The document type (BÁO CÁO, GIAO ƯỚC THI ĐUA) and its summary line,
/// with a rule under it 2/5 as wide as the summary's (last) line (Decree 30:
/// 1/3 to 1/2 of the line above it).
pub fn title(flow: &mut Flow, t: &Title) {
    flow.space(18.0);
    flow.paragraph(&centred(vec![Span::bold(&upper(&t.kind))], TITLE_SIZE));
    let summary = centred(vec![Span::bold(&t.summary)], TITLE_SIZE).space_before(2.0);
    let line = flow.line_widths(&summary).last().copied().unwrap_or(0.0);
    flow.paragraph(&summary);
    let rule = Stack {
        x: 0.0,
        width: flow.width(),
        items: vec![
            StackItem::Space(2.0),
            StackItem::Rule {
                width: short_rule(line),
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
/// of page 1. Decree 30/2020's layout of a document's parts (Appendix I)
/// keeps the indication that a text is a draft (chỉ dẫn về dự thảo văn bản)
/// at the top right of page 1, above the national title; the box, the upper
/// case and the bold 13-14 pt are how Circular 01/2011 set it and how
/// offices still set it. It goes in the top margin, not the text, so that
/// the draft breaks its pages where the final print will.
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
        Block::Narrative(blocks) => sequence(flow, blocks),
        Block::Part(blocks) => sequence(flow, blocks),
        Block::Space(h) => flow.space(*h),
        Block::Closing(c) => closing(flow, c),
        Block::Signatures(s) => signatures(flow, s),
        Block::PageBreak => flow.page_break(),
        Block::Appendix(a) => appendix_heading(flow, a),
        Block::Chart(c) => flow.chart(c),
        Block::Landscape(blocks) => {
            let was = flow.is_landscape();
            flow.set_landscape(true);
            sequence(flow, blocks);
            flow.set_landscape(was);
        }
    }
}

/// Sets blocks in order, each heading and each short paragraph that leads
/// into a table, a chart or a part keeping what must share its page (see
/// [`keeps`]).
pub fn sequence(flow: &mut Flow, blocks: &[Block]) {
    sequence_before(flow, blocks, &[]);
}

/// Sets blocks in order as [`sequence`] does, `after` being what follows
/// them (so that the last paragraph of a narrative keeps the closing after it).
fn sequence_before(flow: &mut Flow, blocks: &[Block], after: &[Block]) {
    let keeps = keeps(flow, blocks, after);
    for (i, (b, keep)) in blocks.iter().zip(keeps).enumerate() {
        let next = if i + 1 < blocks.len() {
            &blocks[i + 1..]
        } else {
            after
        };
        match b {
            Block::Heading(h) => flow.heading(&heading_paragraph(h).keep_with_next(keep)),
            Block::Paragraph(p) | Block::Item(p) if keep > 0.0 => {
                flow.paragraph(&p.clone().keep_with_next(keep.max(p.keep_with_next)))
            }
            Block::Narrative(inner) | Block::Part(inner) => sequence_before(flow, inner, next),
            other => block(flow, other),
        }
    }
}

/// The line height of body text.
const BODY_LINE: f32 = BODY_SIZE * 1.2;

/// Whether a paragraph is short enough to keep whole with what follows.
fn is_short(flow: &mut Flow, p: &Paragraph) -> bool {
    flow.measure(p) <= 3.0 * BODY_LINE + p.space_before + p.space_after + 0.1
}

/// Whether a short paragraph before `block` leads into it and stays with
/// its start: a table, a chart, a part, the closing, a signature grid.
fn is_led(block: &Block) -> bool {
    matches!(
        block,
        Block::Table(_)
            | Block::Chart(_)
            | Block::Part(_)
            | Block::Closing(_)
            | Block::Signatures(_)
    )
}

/// Height of the start of `blocks` that must share a page with what comes
/// before it: a heading and the start of what follows it; a short paragraph
/// whole (and, leading into a table, chart or part, that one's start);
/// else a paragraph's first two lines; a table's caption, header and first
/// rows (all of a short table); a chart whole; a signature grid's title and
/// first row (all of it when it fits a page).
pub fn start_height(flow: &mut Flow, blocks: &[Block]) -> f32 {
    let Some(first) = blocks.first() else {
        return 0.0;
    };
    let rest = &blocks[1..];
    let leads = rest.first().is_some_and(is_led);
    match first {
        Block::Heading(h) => flow.measure(&heading_paragraph(h)) + start_height(flow, rest),
        Block::Paragraph(p) | Block::Item(p) => {
            if is_short(flow, p) {
                flow.measure(p) + if leads { start_height(flow, rest) } else { 0.0 }
            } else {
                p.space_before + 2.0 * p.line_height()
            }
        }
        Block::Table(t) => flow.table_start(t),
        Block::Chart(c) => flow.measure_chart(c),
        Block::Part(inner) | Block::Narrative(inner) => start_height(flow, inner),
        Block::Signatures(s) => signatures_height(flow, s),
        Block::Closing(c) => closing_height(flow, c),
        Block::Space(h) => h + start_height(flow, rest),
        Block::Letterhead(_)
        | Block::Title(_)
        | Block::PageBreak
        | Block::Appendix(_)
        | Block::Landscape(_) => 0.0,
    }
}

/// For each block, how much of what follows must share its page: a heading
/// keeps the start of what follows it (at least two lines or two rows of
/// it, see [`start_height`]); a short paragraph before a table, a chart, a
/// part, the closing or a signature grid keeps its start; a paragraph that
/// asks to keep what follows keeps at least its start.
fn keeps(flow: &mut Flow, blocks: &[Block], after: &[Block]) -> Vec<f32> {
    (0..blocks.len())
        .map(|i| {
            let rest = if i + 1 < blocks.len() {
                &blocks[i + 1..]
            } else {
                after
            };
            match (&blocks[i], rest.first()) {
                (Block::Heading(_), Some(_)) => start_height(flow, rest),
                (Block::Paragraph(p) | Block::Item(p), Some(next))
                    if is_led(next) && is_short(flow, p) =>
                {
                    start_height(flow, rest)
                }
                // A paragraph that asks to keep what follows (a lead, "Các
                // vấn đề phát hiện:") keeps at least its start.
                (Block::Paragraph(p) | Block::Item(p), Some(_)) if p.keep_with_next > 0.0 => {
                    start_height(flow, rest).max(p.keep_with_next)
                }
                _ => 0.0,
            }
        })
        .collect()
}

/// A name in upper case, on one line if it fits `width`, else broken before
/// its level ("HỘI CỰU CHIẾN BINH / TỈNH CAO BẰNG") when both parts fit;
/// otherwise left to balanced breaking.
pub fn name_lines(flow: &mut Flow, name: &str, style: Style, size: f32, width: f32) -> String {
    let text = upper(name);
    let mut fits = |t: &str| flow.text_width(&[Span::new(t, style)], size) <= width;
    if fits(&text) {
        return text;
    }
    crate::document::decree::break_before_level(&text, fits).unwrap_or(text)
}

/// A signature's lines of `text` (on behalf of whom, or as what): upper
/// case bold, a line for each of its own lines ('\n'), each broken before
/// its level when too long.
fn signature_lines(flow: &mut Flow, text: &str, width: f32, size: f32) -> Vec<StackItem> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
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

/// The stacks of [`signature_row`]: in every block the lines on behalf of
/// whom start at the top, the role's lines at one height (below the
/// tallest "on behalf" part of the row), and the names at one height (the
/// space to sign below the tallest role).
pub fn signature_stacks(
    flow: &mut Flow,
    blocks: &[(f32, f32, &Signature)],
    size: f32,
) -> Vec<Stack> {
    let mut parts = Vec::new();
    for (x, width, s) in blocks {
        let on = signature_lines(flow, s.on_behalf.as_deref().unwrap_or(""), *width, size);
        let role = signature_lines(flow, s.role.as_deref().unwrap_or(""), *width, size);
        let mut height = |items: &Vec<StackItem>| {
            flow.measure_stacks(&[Stack {
                x: *x,
                width: *width,
                items: items.clone(),
            }])
        };
        let heights = (height(&on), height(&role));
        parts.push((on, role, heights));
    }
    let tallest_on = parts.iter().map(|p| p.2 .0).fold(0.0, f32::max);
    let tallest_role = parts.iter().map(|p| p.2 .1).fold(0.0, f32::max);
    blocks
        .iter()
        .zip(parts)
        .map(|((x, width, s), (on, role, (h_on, h_role)))| {
            let mut items = on;
            if tallest_on - h_on > 0.0 {
                items.push(StackItem::Space(tallest_on - h_on));
            }
            items.extend(role);
            items.push(StackItem::Space(tallest_role - h_role + mm(24.0)));
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

/// The stacks of the closing: the recipients on the left, the signature on the right.
fn closing_stacks(flow: &mut Flow, c: &Closing) -> Vec<Stack> {
    let half = flow.width() * 0.45;
    let mut stacks = vec![recipients_stack(half, &c.recipients)];
    stacks.extend(signature_stacks(
        flow,
        &[(half, flow.width() - half, &c.signature)],
        BODY_SIZE,
    ));
    stacks
}

/// Height the closing takes, the space above it included.
fn closing_height(flow: &mut Flow, c: &Closing) -> f32 {
    let stacks = closing_stacks(flow, c);
    PARAGRAPH_SPACE * 2.0 + flow.measure_stacks(&stacks)
}

/// The closing: recipients on the left, the signature on the right, kept
/// on one page (with the short paragraph before it, see [`keeps`]).
pub fn closing(flow: &mut Flow, c: &Closing) {
    flow.space(PARAGRAPH_SPACE * 2.0);
    let stacks = closing_stacks(flow, c);
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
