//! The Word back end: sets a [`Document`] as a .docx (Word 2007+ XML), in
//! the official format of Decree 30/2020/ND-CP, as a real Word document a
//! secretariat finishes by hand: the two header blocks of page 1 as a
//! borderless two-column table, headings and body as named paragraph
//! styles ([`styles`]), tables as Word tables whose header rows repeat on
//! every page and whose rows do not split, the page number as a PAGE field
//! centred at the top from page 2 on (an appendix numbered on its own),
//! A4 with the decree's margins, Times New Roman 13 pt in all four font
//! slots, Vietnamese as the language, text in NFC; a landscape section for
//! wide blocks; "DỰ THẢO" boxed at the top right of page 1 of a draft.
//!
//! Built with docx-rs; what it cannot say is patched into its built XML
//! ([`package`]). The same document always gives the same bytes.
//!
//! ```
//! use thidua::document::{decree, Block, Document, Meta, Span};
//! use thidua::model::Date;
//! let doc = Document {
//!     meta: Meta {
//!         title: "Báo cáo".into(),
//!         subject: "Tổng kết".into(),
//!         author: "Cụm thi đua số 3".into(),
//!         date: Date { year: 2017, month: 1, day: 5 },
//!         draft: false,
//!     },
//!     blocks: vec![Block::Paragraph(decree::body(vec![Span::regular("Cụm gồm bốn đơn vị.")]))],
//! };
//! let bytes = thidua::render::docx::render(&doc).unwrap();
//! assert_eq!(&bytes[..2], b"PK");
//! ```

mod package;
pub mod styles;

use crate::document::decree::{upper, APPENDIX as APPENDIX_WORD, RECIPIENTS as RECIPIENTS_WORD};
use crate::document::{
    self as model, Align, Appendix, Block, Chart, Closing, Document, Heading, Letterhead, RowKind,
    Signature, Signatures, Span, Style, Title,
};
use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, FieldCharType, Header, InstrPAGE, InstrText,
    LineSpacing, LineSpacingType, PageMargin, PageNumType, PageOrientationType, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, SectionProperty, Shading,
    ShdType, SpecialIndentType, Table, TableCell, TableCellMargins, TableLayoutType, TableRow,
    TextBorder, VAlignType, VMergeType, WidthType,
};
use styles::{half_points, mm_twips, twips, Spec};

/// A4, in twips.
const A4: (u32, u32) = (11906, 16838);
/// Decree 30 margins of an upright page, in millimetres: top, right, bottom, left.
const MARGINS_MM: [f32; 4] = [20.0, 15.0, 20.0, 30.0];
/// Distance of the page number from the top edge, in millimetres.
const HEADER_MM: f32 = 10.0;
/// Space between rows of signatures, in points.
const ROW_SPACE: f32 = 28.0;
/// Space left to sign, in millimetres.
const SIGN_SPACE_MM: f32 = 24.0;

/// A document as the bytes of a .docx.
pub fn render(document: &Document) -> Result<Vec<u8>, String> {
    let mut writer = Writer::new(document.meta.draft);
    for block in &document.blocks {
        writer.block(block);
    }
    let header_rows = writer.header_rows;
    let docx = writer.finish(&document.meta);
    let mut xml = docx.build();
    let meta = &document.meta;
    package::patch(
        &mut xml,
        header_rows,
        &package::Core {
            title: &meta.title,
            subject: &meta.subject,
            author: &meta.author,
        },
    )?;
    package::zip(xml)
}

/// Text as Word may hold it: NFC, without the characters XML 1.0 forbids
/// (control characters but tab and line feed, U+FFFE, U+FFFF).
pub fn clean(text: &str) -> String {
    crate::text::nfc(text)
        .chars()
        .filter(|&c| {
            !(c < ' ' && c != '\t' && c != '\n') && c != '\u{fffe}' && c != '\u{ffff}' && c != '\r'
        })
        .collect()
}

/// A run of `text` in `style`, at `size` points when given (else the
/// paragraph style's); a line feed becomes a line break.
fn run(text: &str, style: Style, size: Option<f32>) -> Run {
    let mut r = Run::new();
    if let Some(size) = size {
        r = r.size(half_points(size));
    }
    if matches!(style, Style::Bold | Style::BoldItalic) {
        r = r.bold();
    }
    if matches!(style, Style::Italic | Style::BoldItalic) {
        r = r.italic();
    }
    for (i, line) in clean(text).split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                r = r.add_tab();
            }
            if !part.is_empty() {
                r = r.add_text(part);
            }
        }
    }
    r
}

/// Spans as runs, each style made bolder or more italic by `emphasis`.
fn runs(spans: &[Span], size: Option<f32>, emphasis: impl Fn(Style) -> Style) -> Vec<Run> {
    spans
        .iter()
        .map(|s| run(&s.text, emphasis(s.style), size))
        .collect()
}

/// A paragraph of `spec`'s style holding `runs`.
fn styled(spec: &Spec, runs: Vec<Run>) -> Paragraph {
    runs.into_iter()
        .fold(Paragraph::new().style(spec.id), |p, r| p.add_run(r))
}

/// A model paragraph in `spec`'s style, its own measures set where they differ.
fn paragraph(p: &model::Paragraph, spec: &Spec) -> Paragraph {
    let size = (twips(p.size) != twips(spec.size)).then_some(p.size);
    let mut out = styled(spec, runs(&p.spans, size, |s| s));
    if size.is_some() {
        out = out.size(half_points(p.size));
    }
    if p.align != spec.align {
        out = out.align(styles::alignment(p.align));
    }
    if twips(p.first_indent) != twips(spec.first) || twips(p.indent) != twips(spec.indent) {
        out = out.indent(
            Some(twips(p.indent)),
            Some(SpecialIndentType::FirstLine(twips(p.first_indent))),
            None,
            None,
        );
    }
    if twips(p.space_before) != twips(spec.before)
        || twips(p.space_after) != twips(spec.after)
        || styles::line(p.leading) != styles::line(spec.leading)
    {
        out = out.line_spacing(styles::spacing(p.space_before, p.space_after, p.leading));
    }
    if p.keep_with_next > 0.0 {
        out = out.keep_next(true);
    }
    out
}

/// Lines of text in `spec`'s style, each line of `text` its own run line.
fn lines(spec: &Spec, text: &str, style: Style) -> Paragraph {
    styled(spec, vec![run(text, style, None)])
}

/// An empty paragraph `height` points high.
fn space(height: f32) -> Paragraph {
    Paragraph::new().size(2).line_spacing(
        LineSpacing::new()
            .before(0)
            .after(0)
            .line_rule(LineSpacingType::Exact)
            .line(twips(height.max(1.0))),
    )
}

/// A short horizontal rule `width` twips long, centred in `within` twips:
/// an empty paragraph's bottom border (docx-rs draws no shapes).
fn rule(width: i32, within: i32) -> Paragraph {
    let side = ((within - width) / 2).max(0);
    let mut p = space(5.0).indent(
        Some(side),
        Some(SpecialIndentType::FirstLine(0)),
        Some(side),
        None,
    );
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(6)
                .space(0)
                .color("000000"),
        ),
    );
    p
}

/// Roughly how wide `text` is in Times New Roman at `size` points, in
/// twips (for the length of the rules under names).
fn text_width(text: &str, size: f32, bold: bool) -> i32 {
    let em: f32 = text
        .chars()
        .map(|c| {
            if c == ' ' {
                0.25
            } else if c.is_uppercase() {
                0.70
            } else if c.is_ascii_punctuation() {
                0.33
            } else {
                0.48
            }
        })
        .sum();
    let factor = if bold { 1.04 } else { 1.0 };
    twips(em * size * factor)
}

/// A name in upper case on one line if it fits `width` twips at `size`
/// points, else broken before its administrative level ("HỘI CỰU CHIẾN
/// BINH / TỈNH CAO BẰNG") when both parts fit, as the PDF back end breaks it;
/// otherwise left to Word.
fn name_lines(name: &str, size: f32, bold: bool, width: i32) -> String {
    let text = upper(name);
    let fits = |t: &str| text_width(t, size, bold) <= width;
    if fits(&text) {
        return text;
    }
    crate::document::decree::break_before_level(&text, fits).unwrap_or(text)
}

/// A borderless table of fixed columns `widths` (twips), no cell margins.
fn plain_table(rows: Vec<TableRow>, widths: &[i32]) -> Table {
    Table::without_borders(rows)
        .set_grid(widths.iter().map(|w| (*w).max(1) as usize).collect())
        .width(widths.iter().sum::<i32>().max(1) as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

fn cell(width: i32, paragraphs: Vec<Paragraph>) -> TableCell {
    paragraphs.into_iter().fold(
        TableCell::new().width(width.max(1) as usize, WidthType::Dxa),
        |c, p| c.add_paragraph(p),
    )
}

/// A page's layout: upright or turned, and whether its numbering restarts.
#[derive(Debug, Clone, Copy, Default)]
struct Layout {
    landscape: bool,
    /// The section starts an appendix: numbered from 1, none on its first page.
    restart: bool,
}

impl Layout {
    /// Page size in twips (width, height).
    fn size(&self) -> (u32, u32) {
        if self.landscape {
            (A4.1, A4.0)
        } else {
            A4
        }
    }

    /// Margins in millimetres: top, right, bottom, left. A turned page
    /// turns its margins as the sheet turns (the bound edge on top), as the
    /// PDF back end does.
    fn margins(&self) -> [f32; 4] {
        let [top, right, bottom, left] = MARGINS_MM;
        if self.landscape {
            [left, top, right, bottom]
        } else {
            [top, right, bottom, left]
        }
    }

    fn page_margin(&self) -> PageMargin {
        let [top, right, bottom, left] = self.margins();
        PageMargin::new()
            .top(mm_twips(top))
            .right(mm_twips(right))
            .bottom(mm_twips(bottom))
            .left(mm_twips(left))
            .header(mm_twips(HEADER_MM))
            .footer(mm_twips(HEADER_MM))
            .gutter(0)
    }

    /// Width of the text, in twips.
    fn text_width(&self) -> i32 {
        let [_, right, _, left] = self.margins();
        self.size().0 as i32 - mm_twips(right) - mm_twips(left)
    }

    /// Width of the text, in millimetres.
    fn text_width_mm(&self) -> f32 {
        let [_, right, _, left] = self.margins();
        self.size().0 as f32 * 25.4 / 1440.0 - right - left
    }
}

/// What goes into the document's body.
enum Child {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// The relationship ids of the two header parts, as docx-rs names the
/// first two headers registered ([`Writer::finish`] registers them first).
const PAGE_HEADER: &str = "rIdHeader1";
const FIRST_HEADER: &str = "rIdHeader2";

/// Sets blocks into Word sections.
///
/// Every section refers to the same two header parts: the page number
/// (default) and an empty one for a first page (the document's, an
/// appendix's: `w:titlePg` on those sections only). A section's properties
/// go into its last paragraph (`w:sectPr` in its `w:pPr`), not through
/// docx-rs's `Section`, whose headers it keeps but one of (0.4.22 drops a
/// section's first-page header when it has a default one).
struct Writer {
    body: Vec<Child>,
    /// Children of `body` in the section being set.
    section_start: usize,
    layout: Layout,
    /// The section being set is the document's first (page 1: no number).
    first: bool,
    draft: bool,
    header_rows: usize,
}

impl Writer {
    fn new(draft: bool) -> Writer {
        let mut writer = Writer {
            body: Vec::new(),
            section_start: 0,
            layout: Layout::default(),
            first: true,
            draft,
            header_rows: 0,
        };
        if draft {
            writer.push(draft_mark());
        }
        writer
    }

    fn push(&mut self, p: Paragraph) {
        self.body.push(Child::Paragraph(Box::new(p)));
    }

    fn push_table(&mut self, t: Table) {
        // Two tables one after the other would merge into one in Word.
        if matches!(self.body.last(), Some(Child::Table(_))) {
            self.push(space(1.0));
        }
        self.body.push(Child::Table(Box::new(t)));
    }

    /// Whether nothing is set in the section being set (a draft mark alone counts as nothing).
    fn section_is_empty(&self) -> bool {
        let set = self.body.len() - self.section_start;
        set == 0 || (set == 1 && self.draft && self.first)
    }

    /// The properties of the section being set.
    fn section_property(&self) -> SectionProperty {
        let (w, h) = self.layout.size();
        let mut sp = SectionProperty::new()
            .page_size(docx_rs::PageSize::new().size(w, h))
            .page_margin(self.layout.page_margin())
            .page_orient(if self.layout.landscape {
                PageOrientationType::Landscape
            } else {
                PageOrientationType::Portrait
            })
            .header(Header::new(), PAGE_HEADER)
            .first_header_without_title_pg(Header::new(), FIRST_HEADER);
        sp.title_pg = self.first || self.layout.restart;
        if self.layout.restart {
            sp = sp.page_num_type(PageNumType::new().start(1));
        }
        sp
    }

    /// Ends the section being set (a new page follows) and starts one of `next` layout.
    fn break_section(&mut self, next: Layout) {
        if self.section_is_empty() {
            // Nothing set in this section yet: it takes the new layout.
            self.layout.landscape = next.landscape;
            self.layout.restart |= next.restart;
            return;
        }
        let sp = self.section_property();
        match self.body.pop() {
            Some(Child::Paragraph(p)) => self.push(p.section_property(sp)),
            Some(table) => {
                self.body.push(table);
                self.push(space(1.0).section_property(sp));
            }
            None => {}
        }
        self.section_start = self.body.len();
        self.layout = next;
        self.first = false;
    }

    /// The document: its body, the two header parts, and the last
    /// section's properties as the document's own.
    fn finish(mut self, meta: &model::Meta) -> Docx {
        let date = format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            meta.date.year, meta.date.month, meta.date.day
        );
        let number = Run::new()
            .add_field_char(FieldCharType::Begin, false)
            .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
            .add_field_char(FieldCharType::Separate, false)
            .add_text("2")
            .add_field_char(FieldCharType::End, false);
        let page = Header::new().add_paragraph(
            Paragraph::new()
                .style(styles::PAGE_NUMBER.id)
                .add_run(number),
        );
        let empty = Header::new().add_paragraph(Paragraph::new().style(styles::PAGE_NUMBER.id));
        // Registered first, so that they are rIdHeader1 and rIdHeader2.
        let mut docx = styles::install(Docx::new())
            .header(page)
            .first_header(empty)
            .created_at(&date)
            .updated_at(&date);
        if self.body.is_empty() {
            self.push(space(1.0));
        }
        let sp = self.section_property();
        for child in std::mem::take(&mut self.body) {
            docx = match child {
                Child::Paragraph(p) => docx.add_paragraph(*p),
                Child::Table(t) => docx.add_table(*t),
            };
        }
        let own = &mut docx.document.section_property;
        own.page_size = sp.page_size;
        own.page_margin = sp.page_margin;
        own.title_pg = sp.title_pg;
        own.page_num_type = sp.page_num_type;
        docx
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Letterhead(h) => self.letterhead(h),
            Block::Title(t) => self.title(t),
            Block::Heading(h) => self.push(heading(h)),
            Block::Paragraph(p) => self.push(paragraph(p, &styles::BODY)),
            Block::Item(p) => self.push(paragraph(p, &styles::ITEM)),
            Block::Table(t) => self.table(t),
            Block::Narrative(blocks) => self.narrative(blocks),
            Block::Part(blocks) => blocks.iter().for_each(|b| self.block(b)),
            Block::Space(h) => {
                if *h >= 1.0 {
                    self.push(space(*h));
                }
            }
            Block::Closing(c) => self.closing(c),
            Block::Signatures(s) => self.signatures(s),
            Block::PageBreak => {
                self.push(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
            }
            Block::Appendix(a) => self.appendix(a),
            Block::Chart(c) => self.chart(c),
            Block::Landscape(blocks) => {
                let was = self.layout.landscape;
                self.break_section(Layout {
                    landscape: true,
                    restart: false,
                });
                blocks.iter().for_each(|b| self.block(b));
                self.break_section(Layout {
                    landscape: was,
                    restart: false,
                });
            }
        }
    }

    /// A template's wording: a heading keeps its next paragraph, a short
    /// paragraph before a part (a table), or ending the narrative, keeps
    /// the start of what follows.
    fn narrative(&mut self, blocks: &[Block]) {
        for (i, b) in blocks.iter().enumerate() {
            let next = blocks.get(i + 1);
            match b {
                Block::Heading(h) => self.push(heading(h)),
                Block::Paragraph(p) | Block::Item(p) => {
                    let spec = if matches!(b, Block::Item(_)) {
                        &styles::ITEM
                    } else {
                        &styles::BODY
                    };
                    let short: usize = p.spans.iter().map(|s| s.text.chars().count()).sum();
                    // A short last paragraph keeps what follows the
                    // narrative too (the closing and its signature), as the
                    // PDF's layout does.
                    let keep = matches!(next, Some(Block::Part(_)) | None) && short < 300;
                    self.push(paragraph(p, spec).keep_next(keep || p.keep_with_next > 0.0));
                }
                other => self.block(other),
            }
        }
    }

    /// The two header blocks of page 1, in a borderless table: the parent
    /// body and the issuer (bold, a short rule below) with the number on
    /// the left; the national title and the motto (a rule below) with the
    /// place and date on the right.
    fn letterhead(&mut self, h: &Letterhead) {
        let width = self.layout.text_width();
        // The national title on one line at 12 pt bold is about 90 mm: the
        // right block is as wide as that, the issuing bodies have the rest.
        let right = mm_twips(92.0).min(width * 3 / 5);
        let left = width - right;
        let spec = &styles::LETTERHEAD;
        let mut left_top = Vec::new();
        if !h.parent.trim().is_empty() {
            left_top.push(lines(
                spec,
                &name_lines(&h.parent, 12.0, false, left),
                Style::Regular,
            ));
        }
        left_top.push(lines(
            spec,
            &name_lines(&h.issuer, 12.0, true, left),
            Style::Bold,
        ));
        let issuer_width = text_width(&upper(&h.issuer), 12.0, true).min(left);
        left_top.push(rule(
            (issuer_width * 2 / 5).max(mm_twips(15.0)).min(left),
            left,
        ));
        let motto = styled(spec, vec![run(&h.motto, Style::Bold, Some(13.0))]);
        let right_top = vec![
            lines(spec, &upper(&h.nation), Style::Bold),
            motto,
            rule(text_width(&h.motto, 13.0, true).min(right), right),
        ];
        let number = h
            .number
            .iter()
            .map(|n| {
                styled(spec, vec![run(n, Style::Regular, Some(13.0))])
                    .line_spacing(styles::spacing(4.0, 0.0, 1.15))
            })
            .collect();
        let date = vec![
            styled(spec, vec![run(&h.place_date, Style::Italic, Some(13.0))])
                .line_spacing(styles::spacing(4.0, 0.0, 1.15)),
        ];
        let rows = vec![
            TableRow::new(vec![cell(left, left_top), cell(right, right_top)]).cant_split(),
            TableRow::new(vec![cell(left, number), cell(right, date)]).cant_split(),
        ];
        self.push_table(plain_table(rows, &[left, right]));
    }

    /// The document type and its summary line, with a short rule below.
    fn title(&mut self, t: &Title) {
        let width = self.layout.text_width();
        self.push(lines(&styles::KIND, &upper(&t.kind), Style::Bold).keep_next(true));
        self.push(lines(&styles::SUMMARY, &t.summary, Style::Bold).keep_next(true));
        self.push(rule(mm_twips(30.0), width).keep_next(true));
        self.push(space(12.0));
    }

    /// A ruled table: header rows repeated on each page, rows kept whole,
    /// a section's heading row kept with its first row, a subtotal with the
    /// row before it, the total with the two before it.
    fn table(&mut self, t: &model::Table) {
        for c in &t.caption {
            self.push(paragraph(c, &styles::CAPTION).keep_next(true));
        }
        let text = self.layout.text_width();
        let fractions = t.fractions(self.layout.text_width_mm());
        let mut widths: Vec<i32> = fractions
            .iter()
            .map(|f| (f * text as f32).round() as i32)
            .collect();
        if let Some(last) = widths.last_mut() {
            let sum: i32 = fractions
                .iter()
                .map(|f| (f * text as f32).round() as i32)
                .sum();
            *last += text - sum;
        }
        let columns = widths.len();
        let size = (twips(t.size) != twips(styles::TABLE.size)).then_some(t.size);
        let span_width = |from: usize, n: usize| -> i32 {
            widths[from.min(columns)..(from + n).min(columns)]
                .iter()
                .sum()
        };
        let cell_paragraphs = |c: &model::Cell, column: usize, bold: bool| -> Vec<Paragraph> {
            let align = c
                .align
                .or_else(|| t.columns.get(column).map(|col| col.align))
                .unwrap_or(Align::Left);
            c.paras
                .iter()
                .map(|spans| {
                    let mut p = styled(
                        &styles::TABLE,
                        runs(spans, size, |s| if bold { s.with_bold() } else { s }),
                    );
                    if size.is_some() {
                        p = p.size(half_points(t.size));
                    }
                    if align != styles::TABLE.align {
                        p = p.align(styles::alignment(align));
                    }
                    p
                })
                .collect()
        };
        let mut rows = Vec::new();
        // Header rows: a cell spanning rows starts a vertical merge, and the
        // rows below it hold its continuation at its columns.
        let mut pending: Vec<(usize, usize)> = vec![(0, 0); columns + 1];
        for header in &t.header {
            let mut cells = Vec::new();
            let mut column = 0;
            let mut given = header.iter();
            while column < columns {
                let (left, span) = pending[column];
                if left > 0 {
                    pending[column].0 -= 1;
                    cells.push(
                        cell(
                            span_width(column, span),
                            vec![styled(&styles::TABLE, vec![])],
                        )
                        .grid_span(span)
                        .vertical_merge(VMergeType::Continue)
                        .vertical_align(VAlignType::Center),
                    );
                    column += span;
                    continue;
                }
                let Some(c) = given.next() else { break };
                let span = c.colspan.clamp(1, columns - column);
                let mut out = cell(span_width(column, span), cell_paragraphs(c, column, false))
                    .grid_span(span)
                    .vertical_align(VAlignType::Center);
                if c.rowspan > 1 {
                    out = out.vertical_merge(VMergeType::Restart);
                    pending[column] = (c.rowspan - 1, span);
                }
                cells.push(out);
                column += span;
            }
            self.header_rows += 1;
            rows.push(
                TableRow::new(cells)
                    .cant_split()
                    .row_height(package::HEADER_MARK_TWIPS)
                    .height_rule(docx_rs::HeightRule::AtLeast),
            );
        }
        let mut keeps = vec![false; t.rows.len()];
        for (i, row) in t.rows.iter().enumerate() {
            match row.kind {
                RowKind::Section => keeps[i] = true,
                RowKind::Subtotal if i > 0 => keeps[i - 1] = true,
                RowKind::Total => {
                    for k in keeps.iter_mut().take(i).skip(i.saturating_sub(2)) {
                        *k = true;
                    }
                }
                _ => {}
            }
        }
        for (row, keep) in t.rows.iter().zip(keeps) {
            let bold = row.kind != RowKind::Data;
            let mut column = 0;
            let mut cells = Vec::new();
            for c in &row.cells {
                if column >= columns {
                    break;
                }
                let span = c.colspan.clamp(1, columns - column);
                let paragraphs = cell_paragraphs(c, column, bold)
                    .into_iter()
                    .map(|p| p.keep_next(keep))
                    .collect();
                cells.push(
                    cell(span_width(column, span), paragraphs)
                        .grid_span(span)
                        .vertical_align(VAlignType::Center),
                );
                column += span;
            }
            if column < columns {
                // A short row: its last cell runs to the table's edge.
                cells.push(
                    cell(span_width(column, columns - column), vec![]).grid_span(columns - column),
                );
            }
            rows.push(TableRow::new(cells).cant_split());
        }
        let table = Table::new(rows)
            .set_grid(widths.iter().map(|w| (*w).max(1) as usize).collect())
            .width(text.max(1) as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(20, 45, 20, 45));
        self.push_table(table);
    }

    /// The recipients on the left, the signature on the right, in one
    /// borderless row that does not split.
    fn closing(&mut self, c: &Closing) {
        let width = self.layout.text_width();
        let left = (width as f32 * 0.45).round() as i32;
        let right = width - left;
        let mut recipients = vec![lines(
            &styles::RECIPIENTS,
            RECIPIENTS_WORD,
            Style::BoldItalic,
        )];
        for line in &c.recipients {
            recipients.push(styled(&styles::RECIPIENT, runs(line, None, |s| s)));
        }
        let row = TableRow::new(vec![
            cell(left, recipients),
            cell(right, signature(&c.signature, None, right)),
        ])
        .cant_split();
        self.push(space(12.0).keep_next(true));
        self.push_table(plain_table(vec![row], &[left, right]));
    }

    /// Several parties' signatures under a title, two to a row; every row
    /// but the last keeps with the next (and the title with the first), so
    /// that a page break does not leave a row of signatures without its
    /// title, as the PDF back end keeps them.
    fn signatures(&mut self, s: &Signatures) {
        let width = self.layout.text_width();
        let half = width / 2;
        let title = lines(&styles::SIGNATURE, &s.title, Style::Bold)
            .line_spacing(styles::spacing(12.0, 10.0, 1.15))
            .keep_next(true);
        self.push(title);
        let count = s.signatures.chunks(2).count();
        let rows = s
            .signatures
            .chunks(2)
            .enumerate()
            .map(|(k, pair)| {
                let keep = k + 1 < count;
                let mut cells: Vec<TableCell> = pair
                    .iter()
                    .map(|sig| {
                        let mut paragraphs = signature(sig, Some(12.0), half);
                        paragraphs.push(space(ROW_SPACE));
                        let paragraphs =
                            paragraphs.into_iter().map(|p| p.keep_next(keep)).collect();
                        cell(half, paragraphs)
                    })
                    .collect();
                if cells.len() < 2 {
                    cells.push(cell(width - half, vec![]));
                }
                TableRow::new(cells).cant_split()
            })
            .collect();
        self.push_table(plain_table(rows, &[half, width - half]));
    }

    /// "Phụ lục", its title and what it goes with, on a new page numbered from 1.
    fn appendix(&mut self, a: &Appendix) {
        self.break_section(Layout {
            landscape: self.layout.landscape,
            restart: true,
        });
        self.layout.restart = true;
        let spec = &styles::APPENDIX;
        self.push(lines(spec, APPENDIX_WORD, Style::Bold).keep_next(true));
        self.push(
            lines(spec, &upper(&a.title), Style::Bold)
                .line_spacing(styles::spacing(4.0, 0.0, 1.15))
                .keep_next(true),
        );
        self.push(
            styled(spec, vec![run(&a.under, Style::Italic, Some(13.0))])
                .line_spacing(styles::spacing(2.0, 12.0, 1.15)),
        );
    }

    /// A bar chart as a Word table: a row per bar with its label, the bar
    /// drawn as shaded cells (twenty steps of the axis, in its class's
    /// colour) and its value; the thresholds and the legend below. A
    /// DrawingML chart (a chart part with its own embedded workbook) would
    /// be editable as a chart, but is many times the code of the rest of
    /// this back end and docx-rs cannot write one; the table reads and
    /// prints the same, and its text is the chart's.
    fn chart(&mut self, c: &Chart) {
        const STEPS: usize = 20;
        let width = self.layout.text_width();
        let label = (width as f32 * 0.30).round() as i32;
        let value = (width as f32 * 0.12).round() as i32;
        let step = (width - label - value) / STEPS as i32;
        let value = width - label - step * STEPS as i32;
        let mut widths = vec![label];
        widths.extend(std::iter::repeat_n(step, STEPS));
        widths.push(value);
        self.push(lines(&styles::CAPTION, &c.title, Style::Bold).keep_next(true));
        let text_cell = |w: i32, text: &str, align: Align, style: Style| {
            let mut p = styled(&styles::TABLE, vec![run(text, style, None)]);
            if align != Align::Left {
                p = p.align(styles::alignment(align));
            }
            cell(w, vec![p.keep_next(true)]).vertical_align(VAlignType::Center)
        };
        let axis = format!(
            "{} – {}",
            crate::model::numfmt::plain(
                rust_decimal::Decimal::from_f64_retain(c.min)
                    .unwrap_or_default()
                    .round_dp(2),
                crate::model::diagnostic::Lang::Vi
            ),
            crate::model::numfmt::plain(
                rust_decimal::Decimal::from_f64_retain(c.max)
                    .unwrap_or_default()
                    .round_dp(2),
                crate::model::diagnostic::Lang::Vi
            )
        );
        let mut rows = vec![TableRow::new(vec![
            text_cell(label, "", Align::Left, Style::Bold),
            text_cell(step * STEPS as i32, &axis, Align::Center, Style::Italic).grid_span(STEPS),
            text_cell(value, &c.axis_label, Align::Right, Style::Bold),
        ])
        .cant_split()];
        let n = c.bars.len();
        for (i, bar) in c.bars.iter().enumerate() {
            let filled = (c.position(bar.value) * STEPS as f64).round() as usize;
            let [r, g, b] = c.colour(bar);
            let fill = format!("{r:02X}{g:02X}{b:02X}");
            let mut cells = vec![text_cell(label, &bar.label, Align::Left, Style::Regular)];
            for k in 0..STEPS {
                let mut bar_cell = cell(step, vec![space(1.0).keep_next(i + 1 < n)]);
                if k < filled {
                    bar_cell =
                        bar_cell.shading(Shading::new().shd_type(ShdType::Clear).fill(&fill));
                }
                cells.push(bar_cell);
            }
            cells.push(text_cell(value, &bar.text, Align::Right, Style::Regular));
            rows.push(
                TableRow::new(cells)
                    .cant_split()
                    .row_height(240.0)
                    .height_rule(docx_rs::HeightRule::AtLeast),
            );
        }
        let table = Table::without_borders(rows)
            .set_grid(widths.iter().map(|w| (*w).max(1) as usize).collect())
            .width(width.max(1) as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(30, 60, 30, 0));
        self.push_table(table);
        let mut notes = Vec::new();
        if !c.thresholds.is_empty() {
            let text = c
                .thresholds
                .iter()
                .map(|t| t.label.clone())
                .collect::<Vec<_>>()
                .join("; ");
            notes.push(run(&format!("Ngưỡng: {text}. "), Style::Italic, None));
        }
        for class in &c.classes {
            let [r, g, b] = class.rgb;
            notes.push(run("■ ", Style::Regular, None).color(format!("{r:02X}{g:02X}{b:02X}")));
            notes.push(run(&format!("{}   ", class.label), Style::Regular, None));
        }
        if !notes.is_empty() {
            let p = styled(&styles::TABLE, notes)
                .align(AlignmentType::Center)
                .line_spacing(styles::spacing(4.0, 6.0, 1.15));
            self.push(p);
        }
    }
}

/// "DỰ THẢO" in a box at the top right of page 1 (Decree 30: the draft's
/// mark, upper case bold, boxed), as the first line of the page. The PDF
/// puts it in the top margin; in Word that takes a frame (`w:framePr`),
/// which LibreOffice drops when a table follows it, as the letterhead does.
fn draft_mark() -> Paragraph {
    Paragraph::new()
        .style(styles::PAGE_NUMBER.id)
        .align(AlignmentType::Right)
        .line_spacing(styles::spacing(0.0, 6.0, 1.15))
        .add_run(
            run("DỰ THẢO", Style::Bold, None).text_border(
                TextBorder::new()
                    .border_type(BorderType::Single)
                    .size(8)
                    .space(3)
                    .color("000000"),
            ),
        )
}

/// A heading's paragraph: its level's style, flush left if not indented.
fn heading(h: &Heading) -> Paragraph {
    let level = usize::from(h.level.clamp(1, 3)) - 1;
    let spec = &styles::HEADINGS[level];
    let mut p = styled(spec, runs(&h.spans, None, |s| s)).keep_next(true);
    if !h.indented {
        p = p.indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None);
    }
    p
}

/// A signature block: on behalf of whom and as what (upper case, bold),
/// the space to sign, the name (bold).
fn signature(s: &Signature, size: Option<f32>, width: i32) -> Vec<Paragraph> {
    let spec = &styles::SIGNATURE;
    let points = size.unwrap_or(spec.size);
    let mut out: Vec<Paragraph> = [&s.on_behalf, &s.role]
        .into_iter()
        .flatten()
        .map(|line| {
            let text = line
                .split('\n')
                .map(|l| name_lines(l, points, true, width))
                .collect::<Vec<_>>()
                .join("\n");
            styled(spec, vec![run(&text, Style::Bold, size)])
        })
        .collect();
    let name = s.name.clone().unwrap_or_default();
    out.push(
        styled(spec, vec![run(&name, Style::Bold, size)]).line_spacing(styles::spacing(
            SIGN_SPACE_MM * 72.0 / 25.4,
            0.0,
            1.15,
        )),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{decree, Cell, Column, Meta, Row};
    use crate::model::Date;
    use std::io::Read;

    fn meta() -> Meta {
        Meta {
            title: "Báo cáo".into(),
            subject: "Tổng kết".into(),
            author: "Cụm thi đua số 3".into(),
            date: Date {
                year: 2017,
                month: 1,
                day: 5,
            },
            draft: true,
        }
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    fn table() -> model::Table {
        model::Table {
            columns: vec![Column::new(10.0, Align::Center), Column::rest(Align::Left)],
            header: vec![
                vec![Cell::bold("STT").rowspan(2), Cell::bold("Đơn vị")],
                vec![Cell::bold("tên")],
            ],
            rows: (0..3)
                .map(|i| {
                    Row::data(vec![
                        Cell::text(&i.to_string()),
                        Cell::text("A & B <C>\u{1}"),
                    ])
                })
                .chain([Row::total(vec![Cell::text("Tổng cộng").colspan(2)])])
                .collect(),
            size: 12.0,
            caption: vec![decree::caption("Bảng 1")],
        }
    }

    #[test]
    fn header_rows_repeat_text_is_escaped_and_bytes_are_the_same_twice() {
        let doc = Document {
            meta: meta(),
            blocks: vec![
                Block::Paragraph(decree::body(vec![Span::regular("Cu\u{323}m")])),
                Block::Table(table()),
                Block::Landscape(vec![Block::Table(table())]),
                Block::Appendix(Appendix {
                    title: "Chi tiết".into(),
                    under: "(Kèm theo)".into(),
                }),
                Block::Paragraph(decree::body(vec![Span::regular("Hết.")])),
            ],
        };
        let bytes = render(&doc).unwrap();
        assert_eq!(bytes, render(&doc).unwrap());
        let xml = part(&bytes, "word/document.xml");
        assert_eq!(xml.matches("<w:tblHeader />").count(), 4);
        assert!(xml.contains("A &amp; B &lt;C&gt;"), "{xml}");
        assert!(!xml.contains('\u{1}'));
        assert!(xml.contains("Cụm"), "NFC");
        assert!(xml.contains(r#"w:orient="landscape""#));
        assert!(xml.contains("<w:pgNumType w:start=\"1\""), "{xml}");
        let styles = part(&bytes, "word/styles.xml");
        assert!(styles.contains(r#"<w:lang w:val="vi-VN""#));
        assert!(styles.contains("Thân văn bản"));
        let core = part(&bytes, "docProps/core.xml");
        assert!(core.contains("2017-01-05T00:00:00Z"), "{core}");
        let headers: String = (1..=6)
            .filter_map(|i| {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).ok()?;
                let mut t = String::new();
                zip.by_name(&format!("word/header{i}.xml"))
                    .ok()?
                    .read_to_string(&mut t)
                    .ok()?;
                Some(t)
            })
            .collect();
        assert!(headers.contains("PAGE"));
        assert!(
            !headers.contains("DỰ THẢO"),
            "the draft mark is page 1's first line"
        );
        assert!(xml.contains("DỰ THẢO"));
    }
}
