//! Layout: the one place that decides where every piece of text and every
//! rule goes on an A4 page.
//!
//! It measures words with the fonts' own glyph widths, breaks lines between
//! words only (a word is cut only when it alone is wider than its box, so
//! nothing ever crosses a margin or a cell border), justifies paragraphs by
//! spreading the gaps between words, keeps at least two lines of a paragraph
//! together at a page break (no single-line widows or orphans), lays out
//! tables whose cells wrap and grow (never leaving a cell's last word alone
//! when it can join the one before), moves a row that does not fit to the
//! next page (splitting it only when it is taller than a page) and repeats the
//! header rows there, keeps together what a reader needs together (a table
//! of up to [`SHORT_TABLE_ROWS`] rows whole, a section's row with its first
//! row, a subtotal with the row before it, the total with the two rows before
//! it, a paragraph with what it asks to keep), draws bar charts as vector
//! marks, turns pages on their side for wide parts (their margins turned),
//! marks a draft on page 1, and numbers the pages at the top centre, except
//! the first, each appendix from its own 1 (Decree 30/2020, Appendix I).
//!
//! What it produces is plain data ([`Layout`]: pages of positioned text runs
//! and lines, coordinates in points from the top-left corner, and a record
//! of every box it placed, which [`Layout::flow_faults`] and
//! [`Layout::margin_faults`] check); `write` turns it into PDF. It knows nothing of thi đua: it sets the paragraphs and
//! tables of `crate::document`, and `official` says where each block of a
//! document goes.

use super::fonts::{Fonts, Style, ASCENT, DESCENT};
pub use crate::document::{
    Align, Cell, Chart, Column, Paragraph, Row, RowKind, Span, Table, Width,
};
use std::collections::{BTreeMap, BTreeSet};

/// A4 width in points (210 mm).
pub const PAGE_WIDTH: f32 = 595.2756;
/// A4 height in points (297 mm).
pub const PAGE_HEIGHT: f32 = 841.8898;

/// Millimetres to points.
pub fn mm(x: f32) -> f32 {
    x * 72.0 / 25.4
}

/// Tolerance for comparing positions, in points.
const EPS: f32 = 0.01;
/// Horizontal padding inside table cells.
const CELL_PAD_X: f32 = 3.0;
/// Vertical padding inside table cells.
const CELL_PAD_Y: f32 = 2.5;
/// Line height in table cells, as a multiple of the size.
const CELL_LEADING: f32 = 1.15;
/// Table rule thickness.
const CELL_RULE: f32 = 0.5;
/// Size of the page numbers (Decree 30: 13-14 pt).
const PAGE_NUMBER_SIZE: f32 = 13.0;

/// Page margins in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

impl Margins {
    /// Decree 30/2020: top 20-25 mm, bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
    pub fn decree() -> Margins {
        Margins {
            top: mm(20.0),
            bottom: mm(20.0),
            left: mm(30.0),
            right: mm(15.0),
        }
    }

    /// The margins of a page turned on its side, as the sheet turns: the
    /// bound edge (the left, the widest margin) becomes the top, so a
    /// landscape page bound with the upright ones keeps its binding margin;
    /// the top becomes the right, the right the bottom, the bottom the left.
    pub fn turned(self) -> Margins {
        Margins {
            top: self.left,
            right: self.top,
            bottom: self.right,
            left: self.bottom,
        }
    }
}

/// A column of text at a fixed place (the blocks of page 1, signature
/// blocks): laid out side by side with others and kept on one page.
#[derive(Debug, Clone)]
pub struct Stack {
    /// Left edge, in points from the left margin.
    pub x: f32,
    pub width: f32,
    pub items: Vec<StackItem>,
}

/// What a stack holds, top to bottom.
#[derive(Debug, Clone)]
pub enum StackItem {
    /// Text laid out within the stack's width, with the paragraph's alignment.
    Text(Paragraph),
    /// A horizontal rule centred in the stack.
    Rule { width: f32, thickness: f32 },
    /// Vertical space.
    Space(f32),
}

/// A run of text in one style, as shown: text and extra gaps.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub style: Style,
    pub items: Vec<RunItem>,
}

/// Part of a run.
#[derive(Debug, Clone, PartialEq)]
pub enum RunItem {
    Text(String),
    /// Extra space in points (justification).
    Gap(f32),
}

/// What a line of text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Text inside the margins.
    Body,
    /// A page number, in the top margin.
    PageNumber,
    /// The draft mark ("DỰ THẢO"), in the top margin of page 1.
    Draft,
}

/// One line of text placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct TextMark {
    /// Left edge, points from the page's left edge.
    pub x: f32,
    /// Baseline, points from the page's top edge.
    pub baseline: f32,
    pub size: f32,
    /// Width as laid out, gaps included.
    pub width: f32,
    pub runs: Vec<Run>,
    pub role: Role,
}

impl TextMark {
    /// The text of the line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for run in &self.runs {
            for item in &run.items {
                if let RunItem::Text(t) = item {
                    out.push_str(t);
                }
            }
        }
        out
    }
}

/// Something placed on a page; coordinates in points from the top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Text(TextMark),
    Line {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        thickness: f32,
    },
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        thickness: f32,
    },
    /// A rectangle filled with a colour (a chart's bar), no outline.
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        rgb: [u8; 3],
    },
}

impl Mark {
    fn shifted(mut self, dy: f32) -> Mark {
        match &mut self {
            Mark::Text(t) => t.baseline += dy,
            Mark::Line { y0, y1, .. } => {
                *y0 += dy;
                *y1 += dy;
            }
            Mark::Rect { y, .. } | Mark::Fill { y, .. } => *y += dy,
        }
        self
    }
}

/// One laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub marks: Vec<Mark>,
    /// Whether the page is A4 turned on its side (297 mm wide); coordinates
    /// are then from the top-left corner of the turned page.
    pub landscape: bool,
}

impl Page {
    /// The page's width and height in points.
    pub fn size(&self) -> (f32, f32) {
        if self.landscape {
            (PAGE_HEIGHT, PAGE_WIDTH)
        } else {
            (PAGE_WIDTH, PAGE_HEIGHT)
        }
    }
}

/// The box a line of text occupies, for checks.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// Page index, from 0.
    pub page: usize,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
    pub text: String,
    pub role: Role,
}

/// What a placed box holds, for checks of the page flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// A line of a heading.
    Heading,
    /// Line `index` of `of` of a paragraph (body text, not a heading);
    /// `keeps` when the paragraph keeps what follows on its page (a lead).
    Line {
        index: usize,
        of: usize,
        keeps: bool,
    },
    /// A table's header rows (table `table`, counting from 0 in the document).
    Header { table: usize },
    /// Body row `index` of the `of` body rows of table `table`.
    Row {
        table: usize,
        index: usize,
        of: usize,
        kind: RowKind,
    },
    /// A chart, whole.
    Chart,
    /// Stacks side by side (header blocks, signatures).
    Stacks,
}

/// A box the layout placed: what it holds, its page, its top and bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub page: usize,
    pub top: f32,
    pub bottom: f32,
    pub content: Content,
}

/// A laid-out document.
#[derive(Debug, Clone)]
pub struct Layout {
    pub pages: Vec<Page>,
    /// The margins of the upright pages (see [`Layout::page_margins`]).
    pub margins: Margins,
    /// Characters the fonts cannot show, printed as '?'.
    pub missing: Vec<char>,
    /// Every heading line, paragraph line, table row group, chart and
    /// stack, in the order placed.
    pub placed: Vec<Placed>,
    /// The number printed at the top of each page, if any.
    pub numbers: Vec<Option<usize>>,
}

impl Layout {
    /// The margins of page `page` (turned on a landscape page).
    pub fn page_margins(&self, page: usize) -> Margins {
        if self.pages.get(page).is_some_and(|p| p.landscape) {
            self.margins.turned()
        } else {
            self.margins
        }
    }

    /// What breaks the page-flow rules, read from what was placed: a
    /// heading, or a paragraph that keeps what follows (a lead), last on
    /// its page (before a page of the same orientation); a
    /// section's row last on its page with rows of its table after it; a
    /// subtotal away from the row before it; a total with fewer than two
    /// rows of its table above it on its page (or fewer than the table has);
    /// a table of up to [`SHORT_TABLE_ROWS`] rows on more than one page
    /// though it fits on one; a paragraph leaving one line alone on a page.
    pub fn flow_faults(&self) -> Vec<String> {
        let mut faults = Vec::new();
        let placed = &self.placed;
        let row = |p: &Placed| match p.content {
            Content::Row {
                table, index, kind, ..
            } => Some((table, index, kind)),
            _ => None,
        };
        for (k, p) in placed.iter().enumerate() {
            let next = placed.get(k + 1);
            let turned = |n: &Placed| self.pages[n.page].landscape != self.pages[p.page].landscape;
            match p.content {
                Content::Heading => {
                    if let Some(n) = next.filter(|n| n.page != p.page && !turned(n)) {
                        if n.content != Content::Heading {
                            faults.push(format!("page {}: a heading ends the page", p.page + 1));
                        }
                    }
                }
                Content::Line {
                    index,
                    of,
                    keeps: true,
                } if index + 1 == of && next.is_some_and(|n| n.page != p.page && !turned(n)) => {
                    faults.push(format!(
                        "page {}: a paragraph that keeps what follows ends the page",
                        p.page + 1
                    ));
                }
                Content::Row {
                    table, index, kind, ..
                } => {
                    let same_table =
                        |n: &Placed| row(n).is_some_and(|r| r.0 == table && r.1 != index);
                    if kind == RowKind::Section
                        && next.is_some_and(|n| same_table(n) && n.page != p.page)
                    {
                        faults.push(format!("page {}: a section row ends the page", p.page + 1));
                    }
                    let before: BTreeSet<usize> = placed[..k]
                        .iter()
                        .filter(|q| q.page == p.page)
                        .filter_map(row)
                        .filter(|r| r.0 == table && r.1 < index)
                        .map(|r| r.1)
                        .collect();
                    let need = match kind {
                        RowKind::Total => 2.min(index),
                        RowKind::Subtotal => 1.min(index),
                        _ => 0,
                    };
                    if before.len() < need {
                        faults.push(format!(
                            "page {}: a {kind:?} row with {} row(s) above it",
                            p.page + 1,
                            before.len()
                        ));
                    }
                }
                _ => {}
            }
        }
        // Short tables whole; paragraphs without lone lines.
        let mut tables: BTreeMap<usize, (usize, f32, BTreeSet<usize>, BTreeSet<usize>)> =
            BTreeMap::new();
        for p in placed {
            match p.content {
                Content::Header { table } => {
                    let t = tables.entry(table).or_default();
                    if t.3.is_empty() {
                        t.1 += p.bottom - p.top;
                    }
                    t.3.insert(usize::MAX);
                }
                Content::Row {
                    table, index, of, ..
                } => {
                    let t = tables.entry(table).or_default();
                    t.0 = of;
                    if t.3.insert(index) {
                        t.1 += p.bottom - p.top;
                    }
                    t.2.insert(p.page);
                }
                _ => {}
            }
        }
        for (table, (of, height, pages, _)) in &tables {
            let Some(&page) = pages.iter().next() else {
                continue;
            };
            let m = self.page_margins(page);
            let body = self.pages[page].size().1 - m.top - m.bottom;
            // Room left for a caption above the table.
            if *of <= SHORT_TABLE_ROWS && *height <= body - 60.0 && pages.len() > 1 {
                faults.push(format!(
                    "table {table} of {of} rows split over pages {pages:?}"
                ));
            }
        }
        let mut k = 0;
        while k < placed.len() {
            let Content::Line { index: 0, of, .. } = placed[k].content else {
                k += 1;
                continue;
            };
            let lines = &placed[k..(k + of).min(placed.len())];
            let mut per_page: BTreeMap<usize, usize> = BTreeMap::new();
            for l in lines {
                *per_page.entry(l.page).or_default() += 1;
            }
            if per_page.values().any(|&n| n < 2.min(of)) {
                faults.push(format!(
                    "page {}: a paragraph of {of} lines leaves a line alone: {per_page:?}",
                    placed[k].page + 1
                ));
            }
            k += of.max(1);
        }
        faults
    }

    /// What lies outside its place: text, rules and fills of the body
    /// outside their page's margins (a landscape page's own), page numbers
    /// and the draft mark outside the top margin.
    pub fn margin_faults(&self) -> Vec<String> {
        let mut faults = Vec::new();
        for (i, page) in self.pages.iter().enumerate() {
            let m = self.page_margins(i);
            let (w, h) = page.size();
            let inside = |l: f32, t: f32, r: f32, b: f32| {
                l >= m.left - 0.05
                    && r <= w - m.right + 0.05
                    && t >= m.top - 0.5
                    && b <= h - m.bottom + 0.05
            };
            let in_top = |t: f32, b: f32| t >= 0.0 && b <= m.top + 0.01;
            for mark in &page.marks {
                let ok = match mark {
                    Mark::Text(t) => {
                        let (top, bottom) =
                            (t.baseline - ASCENT * t.size, t.baseline + DESCENT * t.size);
                        match t.role {
                            Role::Body => inside(t.x, top, t.x + t.width, bottom),
                            Role::PageNumber | Role::Draft => in_top(top, bottom),
                        }
                    }
                    Mark::Line { x0, y0, x1, y1, .. } => {
                        inside(x0.min(*x1), y0.min(*y1), x0.max(*x1), y0.max(*y1))
                    }
                    Mark::Rect {
                        x,
                        y,
                        width,
                        height,
                        ..
                    } => {
                        inside(*x, *y, x + width, y + height) || (i == 0 && in_top(*y, y + height))
                    }
                    Mark::Fill {
                        x,
                        y,
                        width,
                        height,
                        ..
                    } => inside(*x, *y, x + width, y + height),
                };
                if !ok {
                    faults.push(format!("page {}: outside the margins: {mark:?}", i + 1));
                }
            }
        }
        faults
    }

    /// Every line of text with its box.
    pub fn text_boxes(&self) -> Vec<TextBox> {
        let mut out = Vec::new();
        for (page, p) in self.pages.iter().enumerate() {
            for mark in &p.marks {
                if let Mark::Text(t) = mark {
                    out.push(TextBox {
                        page,
                        left: t.x,
                        right: t.x + t.width,
                        top: t.baseline - ASCENT * t.size,
                        bottom: t.baseline + DESCENT * t.size,
                        text: t.text(),
                        role: t.role,
                    });
                }
            }
        }
        out
    }

    /// The text of each page, one line per text mark, top to bottom.
    pub fn page_texts(&self) -> Vec<String> {
        self.pages
            .iter()
            .map(|p| {
                let mut lines: Vec<(f32, f32, String)> = p
                    .marks
                    .iter()
                    .filter_map(|m| match m {
                        Mark::Text(t) => Some((t.baseline, t.x, t.text())),
                        _ => None,
                    })
                    .collect();
                lines.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
                lines
                    .into_iter()
                    .map(|l| l.2)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect()
    }
}

/// A piece of a word in one style.
#[derive(Debug, Clone)]
struct Fragment {
    style: Style,
    text: String,
    width: f32,
}

/// A word: what lies between two spaces, possibly in several styles.
#[derive(Debug, Clone)]
struct Word {
    frags: Vec<Fragment>,
    width: f32,
    /// Width of the space after it.
    space: f32,
    /// A line break follows.
    hard_break: bool,
}

impl Word {
    fn last_style(&self) -> Style {
        self.frags.last().map_or(Style::Regular, |f| f.style)
    }
}

/// A broken line.
#[derive(Debug, Clone)]
struct Line {
    words: Vec<Word>,
    natural: f32,
    /// Ends a paragraph (or a forced break): not justified.
    last: bool,
}

impl Line {
    fn new(words: Vec<Word>, last: bool) -> Line {
        let natural = words.iter().map(|w| w.width).sum::<f32>()
            + words.iter().rev().skip(1).map(|w| w.space).sum::<f32>();
        Line {
            words,
            natural,
            last,
        }
    }
}

/// No-break space: joins words and is never collapsed (blanks to fill by hand).
pub const NBSP: char = '\u{00A0}';

/// Zero-width characters dropped from the text.
fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// A laid-out table row group (the header rows, or one body row).
#[derive(Debug, Clone)]
struct Grid {
    cells: Vec<GridCell>,
    heights: Vec<f32>,
}

#[derive(Debug, Clone)]
struct GridCell {
    row: usize,
    col: usize,
    colspan: usize,
    rowspan: usize,
    lines: Vec<Line>,
    align: Align,
}

impl Grid {
    fn height(&self) -> f32 {
        self.heights.iter().sum()
    }
}

/// Lays out a document page by page.
pub struct Flow<'f> {
    fonts: &'f Fonts,
    /// The margins of upright pages.
    upright: Margins,
    /// The margins of the current page (turned on a landscape page).
    margins: Margins,
    landscape: bool,
    pages: Vec<Page>,
    y: f32,
    missing: BTreeSet<char>,
    placed: Vec<Placed>,
    /// The pages where a numbering starts (page 0 always).
    starts: Vec<usize>,
    /// Tables set so far.
    tables: usize,
    /// The draft mark to print on page 1, and its size.
    draft: Option<(String, f32)>,
}

impl<'f> Flow<'f> {
    /// An empty document: page 1, at the top margin.
    pub fn new(fonts: &'f Fonts, margins: Margins) -> Flow<'f> {
        Flow {
            fonts,
            upright: margins,
            margins,
            landscape: false,
            pages: vec![Page::default()],
            y: margins.top,
            missing: BTreeSet::new(),
            placed: Vec::new(),
            starts: vec![0],
            tables: 0,
            draft: None,
        }
    }

    /// Left edge of the text.
    pub fn left(&self) -> f32 {
        self.margins.left
    }

    /// Width of the current page.
    fn page_width(&self) -> f32 {
        if self.landscape {
            PAGE_HEIGHT
        } else {
            PAGE_WIDTH
        }
    }

    /// Width of the text.
    pub fn width(&self) -> f32 {
        self.page_width() - self.margins.left - self.margins.right
    }

    fn bottom(&self) -> f32 {
        let height = if self.landscape {
            PAGE_WIDTH
        } else {
            PAGE_HEIGHT
        };
        height - self.margins.bottom
    }

    /// Whether the current page is turned on its side.
    pub fn is_landscape(&self) -> bool {
        self.landscape
    }

    /// Turns the pages from here on (on their side or upright): what
    /// follows starts a new page of that orientation, unless the current
    /// page is still empty, which is then turned.
    pub fn set_landscape(&mut self, landscape: bool) {
        if landscape == self.landscape {
            return;
        }
        self.landscape = landscape;
        self.margins = if landscape {
            self.upright.turned()
        } else {
            self.upright
        };
        if self.at_top() && self.page().marks.is_empty() {
            self.page().landscape = landscape;
            self.y = self.margins.top;
        } else {
            self.new_page();
        }
    }

    /// Starts a numbering of its own (an appendix's) on a new page: that
    /// page is its page 1 (no number shown), the next 2, and so on.
    pub fn restart_numbering(&mut self) {
        self.page_break();
        let page = self.pages.len() - 1;
        if self.starts.last() != Some(&page) {
            self.starts.push(page);
        }
    }

    /// Records a box placed on the current page from `top` to `bottom`.
    fn record(&mut self, top: f32, bottom: f32, content: Content) {
        self.placed.push(Placed {
            page: self.pages.len() - 1,
            top,
            bottom,
            content,
        });
    }

    fn body_height(&self) -> f32 {
        self.bottom() - self.margins.top
    }

    /// Height of the text area of a page.
    pub fn page_height(&self) -> f32 {
        self.body_height()
    }

    /// Height left on the current page.
    pub fn remaining(&self) -> f32 {
        self.bottom() - self.y
    }

    fn at_top(&self) -> bool {
        self.y <= self.margins.top + EPS
    }

    fn page(&mut self) -> &mut Page {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn push(&mut self, mark: Mark) {
        self.page().marks.push(mark);
    }

    /// Starts a new page (unless the current one is still empty).
    pub fn page_break(&mut self) {
        if !self.at_top() || !self.page().marks.is_empty() {
            self.new_page();
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Page {
            marks: Vec::new(),
            landscape: self.landscape,
        });
        self.y = self.margins.top;
    }

    /// Makes sure `height` fits on the current page, breaking the page if not.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom() + EPS && !self.at_top() {
            self.new_page();
        }
    }

    /// Vertical space (none at the top of a page).
    pub fn space(&mut self, height: f32) {
        if !self.at_top() {
            self.y += height;
        }
    }

    /// Width of `spans` set on one line.
    pub fn text_width(&mut self, spans: &[Span], size: f32) -> f32 {
        let words = self.words(spans, size);
        Line::new(words, true).natural
    }

    /// The words of `spans`, measured; characters the font lacks become '?'.
    fn words(&mut self, spans: &[Span], size: f32) -> Vec<Word> {
        let mut words: Vec<Word> = Vec::new();
        let mut current: Vec<Fragment> = Vec::new();
        let finish = |current: &mut Vec<Fragment>, words: &mut Vec<Word>, hard_break: bool| {
            if !current.is_empty() {
                words.push(Word {
                    frags: std::mem::take(current),
                    width: 0.0,
                    space: 0.0,
                    hard_break,
                });
            } else if hard_break {
                if let Some(last) = words.last_mut() {
                    last.hard_break = true;
                }
            }
        };
        for span in spans {
            for ch in span.text.chars() {
                if ch == '\n' {
                    finish(&mut current, &mut words, true);
                } else if ch.is_whitespace() && ch != NBSP {
                    finish(&mut current, &mut words, false);
                } else if !is_invisible(ch) {
                    let shown = if self.fonts.has(span.style, ch) {
                        ch
                    } else {
                        self.missing.insert(ch);
                        '?'
                    };
                    match current.last_mut() {
                        Some(f) if f.style == span.style => f.text.push(shown),
                        _ => current.push(Fragment {
                            style: span.style,
                            text: shown.to_string(),
                            width: 0.0,
                        }),
                    }
                }
            }
        }
        finish(&mut current, &mut words, false);
        for word in &mut words {
            for f in &mut word.frags {
                f.width = self.fonts.width(f.style, size, &f.text);
            }
            word.width = word.frags.iter().map(|f| f.width).sum();
            word.space = self.fonts.width(word.last_style(), size, " ");
        }
        words
    }

    /// Cuts a word wider than `width` into pieces that fit (the last resort).
    fn cut_word(&self, word: Word, width: f32, size: f32) -> Vec<Word> {
        let mut pieces: Vec<Word> = Vec::new();
        let mut frags: Vec<Fragment> = Vec::new();
        let mut used = 0.0;
        for frag in &word.frags {
            for ch in frag.text.chars() {
                let w = self.fonts.advance(frag.style, ch).unwrap_or(0.0) * size;
                if used + w > width + EPS && used > 0.0 {
                    pieces.push(Word {
                        frags: std::mem::take(&mut frags),
                        width: used,
                        space: 0.0,
                        hard_break: false,
                    });
                    used = 0.0;
                }
                match frags.last_mut() {
                    Some(f) if f.style == frag.style => {
                        f.text.push(ch);
                        f.width += w;
                    }
                    _ => frags.push(Fragment {
                        style: frag.style,
                        text: ch.to_string(),
                        width: w,
                    }),
                }
                used += w;
            }
        }
        pieces.push(Word {
            frags,
            width: used,
            space: word.space,
            hard_break: word.hard_break,
        });
        pieces
    }

    /// Breaks words into lines: the first `first` wide, the others `rest` wide.
    fn break_lines(&self, words: Vec<Word>, first: f32, rest: f32, size: f32) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut current: Vec<Word> = Vec::new();
        let mut used = 0.0;
        let narrowest = first.min(rest);
        for word in words {
            let pieces = if word.width > narrowest + EPS {
                self.cut_word(word, narrowest, size)
            } else {
                vec![word]
            };
            for piece in pieces {
                let avail = if lines.is_empty() { first } else { rest };
                let gap = current.last().map_or(0.0, |w: &Word| w.space);
                if !current.is_empty() && used + gap + piece.width > avail + EPS {
                    lines.push(Line::new(std::mem::take(&mut current), false));
                    used = 0.0;
                }
                used += if current.is_empty() {
                    piece.width
                } else {
                    gap + piece.width
                };
                let hard = piece.hard_break;
                current.push(piece);
                if hard {
                    lines.push(Line::new(std::mem::take(&mut current), true));
                    used = 0.0;
                }
            }
        }
        if !current.is_empty() {
            lines.push(Line::new(current, true));
        }
        lines
    }

    /// The lines of a paragraph set `width` wide (balanced when it asks).
    fn lines_of(&mut self, p: &Paragraph, width: f32) -> Vec<Line> {
        let words = self.words(&p.spans, p.size);
        let lines = self.break_lines(words.clone(), width - p.first_indent, width, p.size);
        let n = lines.len();
        if !p.balance || n < 2 {
            return lines;
        }
        // The narrowest measure that still gives n lines.
        let (mut lo, mut hi) = (width / n as f32, width);
        for _ in 0..24 {
            let mid = (lo + hi) / 2.0;
            if self
                .break_lines(words.clone(), mid - p.first_indent, mid, p.size)
                .len()
                <= n
            {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        self.break_lines(words, hi - p.first_indent, hi, p.size)
    }

    /// The mark of a line set in a box `width` wide starting at `x`.
    fn line_mark(line: &Line, x: f32, width: f32, baseline: f32, size: f32, align: Align) -> Mark {
        let gaps = line.words.len().saturating_sub(1);
        let extra = if align == Align::Justify && !line.last && gaps > 0 {
            ((width - line.natural) / gaps as f32).max(0.0)
        } else {
            0.0
        };
        let slack = (width - line.natural).max(0.0);
        let x0 = match align {
            Align::Center => x + slack / 2.0,
            Align::Right => x + slack,
            Align::Left | Align::Justify => x,
        };
        let mut runs: Vec<Run> = Vec::new();
        for (i, word) in line.words.iter().enumerate() {
            for f in &word.frags {
                push_text(&mut runs, f.style, &f.text);
            }
            if i < gaps {
                push_text(&mut runs, word.last_style(), " ");
                if extra > 0.0 {
                    push_gap(&mut runs, word.last_style(), extra);
                }
            }
        }
        Mark::Text(TextMark {
            x: x0,
            baseline,
            size,
            width: line.natural + extra * gaps as f32,
            runs,
            role: Role::Body,
        })
    }

    /// Sets a paragraph into the flow, breaking pages as needed.
    pub fn paragraph(&mut self, p: &Paragraph) {
        self.set_paragraph(p, false);
    }

    /// Sets a heading (a paragraph recorded as one, for checks).
    pub fn heading(&mut self, p: &Paragraph) {
        self.set_paragraph(p, true);
    }

    fn set_paragraph(&mut self, p: &Paragraph, heading: bool) {
        let width = self.width() - p.indent;
        let lines = self.lines_of(p, width);
        if lines.is_empty() {
            return;
        }
        let lh = p.line_height();
        self.space(p.space_before);
        let total = lines.len() as f32 * lh;
        if p.keep_with_next > 0.0 {
            // What does not fit even an empty page keeps as much as it can.
            self.ensure((total + p.space_after + p.keep_with_next).min(self.body_height()));
        }
        let mut i = 0;
        while i < lines.len() {
            let fit = ((self.remaining() + EPS) / lh).floor().max(0.0) as usize;
            let left = lines.len() - i;
            let take = if left <= fit {
                left
            } else {
                // Keep two lines at least on each side of a page break.
                let take = fit.min(left.saturating_sub(2));
                if take < 2 && !self.at_top() {
                    self.new_page();
                    continue;
                }
                take.max(1)
            };
            for (k, line) in lines[i..i + take].iter().enumerate() {
                let indent = if i + k == 0 { p.first_indent } else { 0.0 };
                let x = self.left() + p.indent + indent;
                let baseline = self.y + baseline_offset(p.size, lh);
                let mark = Self::line_mark(line, x, width - indent, baseline, p.size, p.align);
                self.push(mark);
                let content = if heading {
                    Content::Heading
                } else {
                    Content::Line {
                        index: i + k,
                        of: lines.len(),
                        keeps: p.keep_with_next > 0.0,
                    }
                };
                self.record(self.y, self.y + lh, content);
                self.y += lh;
            }
            i += take;
            if i < lines.len() {
                self.new_page();
            }
        }
        self.y += p.space_after;
    }

    /// The width of each line of a paragraph set as wide as the text.
    pub fn line_widths(&mut self, p: &Paragraph) -> Vec<f32> {
        let width = self.width();
        self.line_widths_in(p, width)
    }

    /// The width of each line of a paragraph set in a box `width` wide.
    pub fn line_widths_in(&mut self, p: &Paragraph, width: f32) -> Vec<f32> {
        self.lines_of(p, width - p.indent)
            .iter()
            .map(|l| l.natural)
            .collect()
    }

    /// Height of a table's start, which must share a page: its caption,
    /// its header and its first rows (see [`Flow::table`]); all of it for a
    /// short table that fits on a page.
    pub fn table_start(&mut self, table: &Table) -> f32 {
        if table.columns.is_empty() {
            return 0.0;
        }
        let xs = self.column_edges(&table.columns);
        let head = self.grid(&table.header, table, &xs).height();
        let heights: Vec<f32> = table
            .rows
            .iter()
            .map(|r| {
                self.grid(std::slice::from_ref(&r.cells), table, &xs)
                    .height()
            })
            .collect();
        let kinds: Vec<RowKind> = table.rows.iter().map(|r| r.kind).collect();
        let caption: f32 = table.caption.iter().map(|p| self.measure(p)).sum();
        let rows = opening_rows(&kinds, &heights, self.body_height() - caption - head);
        caption + head + heights[..rows].iter().sum::<f32>()
    }

    /// Height a paragraph takes, spaces included.
    pub fn measure(&mut self, p: &Paragraph) -> f32 {
        let width = self.width() - p.indent;
        let n = self.lines_of(p, width).len();
        if n == 0 {
            return 0.0;
        }
        p.space_before + n as f32 * p.line_height() + p.space_after
    }

    /// Lays out a stack from `top`, returning its marks and its height.
    fn lay_stack(&mut self, stack: &Stack) -> (Vec<Mark>, f32) {
        let mut marks = Vec::new();
        let mut y = 0.0;
        let x0 = self.left() + stack.x;
        for item in &stack.items {
            match item {
                StackItem::Space(h) => y += h,
                StackItem::Rule { width, thickness } => {
                    let w = width.min(stack.width);
                    let x = x0 + (stack.width - w) / 2.0;
                    y += 2.5;
                    marks.push(Mark::Line {
                        x0: x,
                        y0: y,
                        x1: x + w,
                        y1: y,
                        thickness: *thickness,
                    });
                    y += 1.5;
                }
                StackItem::Text(p) => {
                    let width = stack.width - p.indent;
                    let lines = self.lines_of(p, width);
                    let lh = p.line_height();
                    y += p.space_before;
                    for (k, line) in lines.iter().enumerate() {
                        let indent = if k == 0 { p.first_indent } else { 0.0 };
                        let baseline = y + baseline_offset(p.size, lh);
                        marks.push(Self::line_mark(
                            line,
                            x0 + p.indent + indent,
                            width - indent,
                            baseline,
                            p.size,
                            p.align,
                        ));
                        y += lh;
                    }
                    y += p.space_after;
                }
            }
        }
        (marks, y)
    }

    /// Sets stacks side by side from the current position, all on one page.
    pub fn stacks(&mut self, stacks: &[Stack]) {
        let laid: Vec<(Vec<Mark>, f32)> = stacks.iter().map(|s| self.lay_stack(s)).collect();
        let height = laid.iter().map(|l| l.1).fold(0.0, f32::max);
        self.ensure(height);
        let dy = self.y;
        for (marks, _) in laid {
            for m in marks {
                self.push(m.shifted(dy));
            }
        }
        self.record(dy, dy + height, Content::Stacks);
        self.y += height;
    }

    /// Height the tallest of `stacks` takes.
    pub fn measure_stacks(&mut self, stacks: &[Stack]) -> f32 {
        stacks
            .iter()
            .map(|s| self.lay_stack(s).1)
            .fold(0.0, f32::max)
    }

    /// Column edges of a table as wide as the text.
    fn column_edges(&self, columns: &[Column]) -> Vec<f32> {
        let shares = crate::document::shares(columns, self.width() * 25.4 / 72.0);
        let total: f32 = shares.iter().map(|w| w.max(0.0)).sum::<f32>().max(EPS);
        let mut xs = vec![self.left()];
        let mut acc = 0.0;
        for w in &shares {
            acc += w.max(0.0);
            xs.push(self.left() + self.width() * acc / total);
        }
        xs
    }

    /// Lays out rows of cells as one block (rowspans honoured within it).
    fn grid(&mut self, rows: &[Vec<Cell>], table: &Table, xs: &[f32]) -> Grid {
        let ncols = table.columns.len();
        let lh = table.size * CELL_LEADING;
        let mut occupied = vec![vec![false; ncols]; rows.len()];
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut c = 0;
            for cell in row {
                while c < ncols && occupied[r][c] {
                    c += 1;
                }
                if c >= ncols {
                    break;
                }
                let colspan = cell.colspan.min(ncols - c);
                let rowspan = cell.rowspan.min(rows.len() - r);
                for occ in occupied.iter_mut().skip(r).take(rowspan) {
                    for o in occ.iter_mut().skip(c).take(colspan) {
                        *o = true;
                    }
                }
                let width = xs[c + colspan] - xs[c] - 2.0 * CELL_PAD_X;
                let mut lines = Vec::new();
                for para in &cell.paras {
                    let words = self.words(para, table.size);
                    let mut para = self.break_lines(words, width, width, table.size);
                    let align = cell.align.unwrap_or(table.columns[c].align);
                    keep_last_pair(&mut para, width, align);
                    lines.extend(para);
                }
                let align = cell.align.unwrap_or(table.columns[c].align);
                cells.push(GridCell {
                    row: r,
                    col: c,
                    colspan,
                    rowspan,
                    lines,
                    align,
                });
                c += colspan;
            }
        }
        let content = |cell: &GridCell| cell.lines.len().max(1) as f32 * lh + 2.0 * CELL_PAD_Y;
        let mut heights = vec![lh + 2.0 * CELL_PAD_Y; rows.len()];
        for cell in cells.iter().filter(|c| c.rowspan == 1) {
            heights[cell.row] = heights[cell.row].max(content(cell));
        }
        for cell in cells.iter().filter(|c| c.rowspan > 1) {
            let have: f32 = heights[cell.row..cell.row + cell.rowspan].iter().sum();
            let need = content(cell);
            if need > have {
                heights[cell.row + cell.rowspan - 1] += need - have;
            }
        }
        Grid { cells, heights }
    }

    /// Draws a grid with its top at the current position, recording it as `content`.
    fn draw_grid(&mut self, grid: &Grid, xs: &[f32], size: f32, content: Content) {
        let lh = size * CELL_LEADING;
        let top = self.y;
        self.record(top, top + grid.height(), content);
        for cell in &grid.cells {
            let y0 = top + grid.heights[..cell.row].iter().sum::<f32>();
            let h: f32 = grid.heights[cell.row..cell.row + cell.rowspan].iter().sum();
            let (x0, x1) = (xs[cell.col], xs[cell.col + cell.colspan]);
            self.push(Mark::Rect {
                x: x0,
                y: y0,
                width: x1 - x0,
                height: h,
                thickness: CELL_RULE,
            });
            let text_top = y0 + (h - cell.lines.len() as f32 * lh) / 2.0;
            for (k, line) in cell.lines.iter().enumerate() {
                let baseline = text_top + k as f32 * lh + baseline_offset(size, lh);
                let mark = Self::line_mark(
                    line,
                    x0 + CELL_PAD_X,
                    x1 - x0 - 2.0 * CELL_PAD_X,
                    baseline,
                    size,
                    cell.align,
                );
                self.push(mark);
            }
        }
        self.y += grid.height();
    }

    /// Sets a table, repeating its header on every page it reaches, and
    /// keeping together what belongs together: a table of up to
    /// [`SHORT_TABLE_ROWS`] rows whole (when it fits a page), the first two
    /// rows with the header, a section's row with its first row, a subtotal
    /// with the row before it, the total with the two rows before it.
    pub fn table(&mut self, table: &Table) {
        if table.columns.is_empty() {
            return;
        }
        let id = self.tables;
        self.tables += 1;
        let xs = self.column_edges(&table.columns);
        let header = self.grid(&table.header, table, &xs);
        let rows: Vec<Grid> = table
            .rows
            .iter()
            .map(|r| self.grid(std::slice::from_ref(&r.cells), table, &xs))
            .collect();
        let kinds: Vec<RowKind> = table.rows.iter().map(|r| r.kind).collect();
        let heights: Vec<f32> = rows.iter().map(Grid::height).collect();
        let head = header.height();
        let caption: f32 = table.caption.iter().map(|p| self.measure(p)).sum();
        let start = caption
            + head
            + heights[..opening_rows(&kinds, &heights, self.body_height() - caption - head)]
                .iter()
                .sum::<f32>();
        let first = heights.first().copied().unwrap_or(0.0);
        self.ensure(
            start
                .min(self.body_height())
                .max((caption + head + first).min(self.body_height())),
        );
        for p in &table.caption {
            self.paragraph(p);
        }
        let header_content = Content::Header { table: id };
        self.draw_grid(&header, &xs, table.size, header_content);
        let keeps = row_keeps(&kinds);
        let n = rows.len();
        // Nothing but the header on this page yet.
        let mut fresh = true;
        for (i, row) in rows.into_iter().enumerate() {
            let content = Content::Row {
                table: id,
                index: i,
                of: n,
                kind: kinds[i],
            };
            let end = chain_end(&keeps, i);
            let group: f32 = heights[i..=end].iter().sum();
            if self.y + group > self.bottom() + EPS && !fresh && group + head <= self.body_height()
            {
                self.new_page();
                self.draw_grid(&header, &xs, table.size, header_content);
            }
            let h = heights[i];
            if self.y + h > self.bottom() + EPS {
                if h + head > self.body_height() {
                    self.split_row(row, &header, &xs, table.size, (header_content, content));
                    fresh = false;
                    continue;
                }
                self.new_page();
                self.draw_grid(&header, &xs, table.size, header_content);
            }
            self.draw_grid(&row, &xs, table.size, content);
            fresh = false;
        }
    }

    /// Sets a row taller than a page: as many lines as fit, the rest on the next pages.
    fn split_row(
        &mut self,
        mut row: Grid,
        header: &Grid,
        xs: &[f32],
        size: f32,
        (header_content, content): (Content, Content),
    ) {
        let lh = size * CELL_LEADING;
        let mut fresh = false;
        loop {
            let empty = row.cells.iter().all(|c| c.lines.is_empty());
            if empty || self.y + row.height() <= self.bottom() + EPS {
                self.draw_grid(&row, xs, size, content);
                return;
            }
            let fit = ((self.remaining() - 2.0 * CELL_PAD_Y + EPS) / lh)
                .floor()
                .max(0.0) as usize;
            if fit < 2 && !fresh {
                self.new_page();
                self.draw_grid(header, xs, size, header_content);
                fresh = true;
                continue;
            }
            // At least one line a page, so the loop always ends.
            let fit = fit.max(1);
            let mut head = row.clone();
            for (h, r) in head.cells.iter_mut().zip(row.cells.iter_mut()) {
                let cut = fit.min(r.lines.len());
                h.lines = r.lines[..cut].to_vec();
                r.lines.drain(..cut);
            }
            head.heights = vec![fit as f32 * lh + 2.0 * CELL_PAD_Y];
            let rest = row
                .cells
                .iter()
                .map(|c| c.lines.len())
                .max()
                .unwrap_or(0)
                .max(1);
            row.heights = vec![rest as f32 * lh + 2.0 * CELL_PAD_Y];
            self.draw_grid(&head, xs, size, content);
            self.new_page();
            self.draw_grid(header, xs, size, header_content);
            fresh = true;
        }
    }

    /// A line of text in one style at `x` (left edge) on `baseline`, and its width.
    fn text_at(
        &mut self,
        text: &str,
        style: Style,
        size: f32,
        x: f32,
        baseline: f32,
    ) -> (Mark, f32) {
        let line = Line::new(self.words(&[Span::new(text, style)], size), true);
        let width = line.natural;
        (
            Self::line_mark(&line, x, width, baseline, size, Align::Left),
            width,
        )
    }

    /// Height a chart takes (see [`Flow::chart`]); of its first page when
    /// it goes on over pages.
    pub fn measure_chart(&mut self, chart: &Chart) -> f32 {
        let g = self.chart_geometry(chart);
        if g.height > self.body_height() && chart.bars.len() > 1 {
            let first = Chart {
                bars: chart.bars[..self.bars_per_page(chart, &g)].to_vec(),
                ..chart.clone()
            };
            self.chart_geometry(&first).height
        } else {
            g.height
        }
    }

    /// How many bars of a chart too tall for a page go on each page (with
    /// room for the paragraph that introduces it).
    fn bars_per_page(&self, chart: &Chart, g: &ChartGeometry) -> usize {
        let fixed = g.height - g.row * chart.bars.len() as f32;
        ((self.body_height() - fixed - CHART_LEAD) / CHART_ROW_MIN)
            .floor()
            .clamp(1.0, chart.bars.len() as f32) as usize
    }

    fn chart_geometry(&mut self, chart: &Chart) -> ChartGeometry {
        let width = self.width();
        let title = self.measure(&chart_title(&chart.title));
        // The legend: swatches and labels in rows as wide as the text.
        let mut legend_rows = 0usize;
        let mut used = f32::INFINITY;
        for class in &chart.classes {
            let w = CHART_SWATCH
                + 3.0
                + self.text_width(&[Span::regular(&class.label)], CHART_SMALL)
                + 12.0;
            if used + w > width {
                legend_rows += 1;
                used = 0.0;
            }
            used += w;
        }
        let legend = legend_rows as f32 * CHART_SMALL * 1.5;
        let thresholds = if chart.thresholds.is_empty() {
            0.0
        } else {
            2.0 * CHART_SMALL * 1.25 + 2.0
        };
        let axis = CHART_SMALL * 1.3
            + 3.0
            + if chart.axis_label.is_empty() {
                0.0
            } else {
                CHART_SMALL * 1.3
            };
        let fixed = title + thresholds + axis + legend + 6.0;
        let n = chart.bars.len().max(1) as f32;
        // Room for three lines of a paragraph that introduces the chart.
        let room = self.body_height() - fixed - CHART_LEAD;
        let row = (room / n).clamp(CHART_ROW_MIN, CHART_ROW_MAX);
        ChartGeometry {
            thresholds,
            row,
            legend,
            height: fixed + row * chart.bars.len() as f32,
        }
    }

    /// Sets a bar chart as wide as the text, on one page when it fits one:
    /// a horizontal bar per item, its label on the left and its value at
    /// its end, in its class's colour; the threshold lines across the bars,
    /// labelled above them; the value axis with its ticks below; the legend
    /// of the classes under it.
    /// More bars than a page holds (past about 65) go on as many pages as
    /// they need, each part a chart of its own under the same title with
    /// "(tiếp theo)" after it.
    pub fn chart(&mut self, chart: &Chart) {
        let g = self.chart_geometry(chart);
        if g.height > self.body_height() && chart.bars.len() > 1 {
            let per_page = self.bars_per_page(chart, &g);
            for (k, bars) in chart.bars.chunks(per_page).enumerate() {
                let part = Chart {
                    title: if k == 0 {
                        chart.title.clone()
                    } else {
                        format!("{} (tiếp theo)", chart.title)
                    },
                    bars: bars.to_vec(),
                    ..chart.clone()
                };
                self.chart(&part);
            }
            return;
        }
        self.ensure(g.height.min(self.body_height()));
        let top = self.y;
        self.paragraph(&chart_title(&chart.title));
        let label_size = (g.row * 0.72).min(CHART_LABEL);
        let labels: Vec<f32> = chart
            .bars
            .iter()
            .map(|b| self.text_width(&[Span::regular(&b.label)], label_size))
            .collect();
        let value_room = chart
            .bars
            .iter()
            .map(|b| self.text_width(&[Span::regular(&b.text)], label_size))
            .fold(0.0, f32::max);
        let width = self.width();
        let label_room = labels.iter().copied().fold(0.0, f32::max).min(width * 0.35);
        let x0 = self.left() + label_room + 4.0;
        let x1 = self.left() + width - value_room - 4.0;
        let plot = (x1 - x0).max(1.0);
        let at = |v: f64| x0 + plot * chart.position(v) as f32;
        // Threshold labels, in two staggered lines so neighbours never meet.
        let mut y = self.y;
        // Each line keeps the spans it holds; a label goes on the first line
        // where it meets none (in whatever order the thresholds come).
        let mut taken: [Vec<(f32, f32)>; 2] = [Vec::new(), Vec::new()];
        let mut labels_marks = Vec::new();
        for t in &chart.thresholds {
            let (_, w) = self.text_at(&t.label, Style::Italic, CHART_SMALL, 0.0, 0.0);
            let x = (at(t.value) - w / 2.0).clamp(self.left(), self.left() + width - w);
            let free =
                |spans: &[(f32, f32)]| spans.iter().all(|&(a, b)| x > b + 3.0 || x + w + 3.0 < a);
            let line = if free(&taken[0]) { 0 } else { 1 };
            taken[line].push((x, x + w));
            let baseline = y + (line as f32 + 1.0) * CHART_SMALL * 1.25 - 2.0;
            labels_marks.push(
                self.text_at(&t.label, Style::Italic, CHART_SMALL, x, baseline)
                    .0,
            );
        }
        labels_marks.into_iter().for_each(|m| self.push(m));
        y += g.thresholds;
        let plot_top = y;
        // The values are set after the threshold lines, on white, so that a
        // line never runs through a value.
        let mut values = Vec::new();
        for (k, bar) in chart.bars.iter().enumerate() {
            let row_top = plot_top + k as f32 * g.row;
            let baseline = row_top + baseline_offset(label_size, g.row);
            // A label too long for its room is set smaller to fit.
            let size = if labels[k] > label_room {
                (label_size * label_room / labels[k]).max(1.0)
            } else {
                label_size
            };
            let w_label = labels[k] * size / label_size;
            let (label, _) = self.text_at(
                &bar.label,
                Style::Regular,
                size,
                x0 - 4.0 - w_label,
                baseline,
            );
            self.push(label);
            let bar_height = g.row * 0.7;
            let end = at(bar.value);
            self.push(Mark::Fill {
                x: x0,
                y: row_top + (g.row - bar_height) / 2.0,
                width: (end - x0).max(0.0),
                height: bar_height,
                rgb: chart.colour(bar),
            });
            let value = self.text_at(&bar.text, Style::Regular, label_size, end + 2.0, baseline);
            values.push((
                value,
                (end + 2.0, row_top + (g.row - bar_height) / 2.0, bar_height),
            ));
        }
        let plot_bottom = plot_top + g.row * chart.bars.len() as f32;
        for t in &chart.thresholds {
            let x = at(t.value);
            self.push(Mark::Line {
                x0: x,
                y0: plot_top - 2.0,
                x1: x,
                y1: plot_bottom,
                thickness: 0.8,
            });
        }
        for ((mark, width), (x, y, height)) in values {
            self.push(Mark::Fill {
                x: x - 1.0,
                y,
                width: width + 2.0,
                height,
                rgb: [255, 255, 255],
            });
            self.push(mark);
        }
        // The axes and the ticks.
        self.push(Mark::Line {
            x0,
            y0: plot_top - 2.0,
            x1: x0,
            y1: plot_bottom,
            thickness: 0.5,
        });
        self.push(Mark::Line {
            x0,
            y0: plot_bottom,
            x1,
            y1: plot_bottom,
            thickness: 0.5,
        });
        let step = tick_step(chart.max - chart.min);
        let mut k = (chart.min / step).ceil();
        let mut last_end = f32::NEG_INFINITY;
        while k * step <= chart.max + step * 1e-9 && step > 0.0 {
            let v = k * step;
            let x = at(v);
            self.push(Mark::Line {
                x0: x,
                y0: plot_bottom,
                x1: x,
                y1: plot_bottom + 3.0,
                thickness: 0.5,
            });
            let text = tick_text(v, step);
            let (_, w) = self.text_at(&text, Style::Regular, CHART_SMALL, 0.0, 0.0);
            let left = (x - w / 2.0).min(self.left() + width - w);
            if left > last_end + 2.0 {
                let baseline = plot_bottom + 3.0 + baseline_offset(CHART_SMALL, CHART_SMALL * 1.3);
                let (m, _) = self.text_at(&text, Style::Regular, CHART_SMALL, left, baseline);
                self.push(m);
                last_end = left + w;
            }
            k += 1.0;
        }
        y = plot_bottom + 3.0 + CHART_SMALL * 1.3;
        if !chart.axis_label.is_empty() {
            let (_, w) = self.text_at(&chart.axis_label, Style::Italic, CHART_SMALL, 0.0, 0.0);
            let baseline = y + baseline_offset(CHART_SMALL, CHART_SMALL * 1.3);
            let (m, _) = self.text_at(
                &chart.axis_label,
                Style::Italic,
                CHART_SMALL,
                x0 + (plot - w) / 2.0,
                baseline,
            );
            self.push(m);
            y += CHART_SMALL * 1.3;
        }
        // The legend.
        y += 6.0;
        let mut x = self.left() + width;
        let mut row_top = y - CHART_SMALL * 1.5;
        for class in &chart.classes {
            let w = CHART_SWATCH
                + 3.0
                + self.text_width(&[Span::regular(&class.label)], CHART_SMALL)
                + 12.0;
            if x + w > self.left() + width {
                x = self.left();
                row_top += CHART_SMALL * 1.5;
            }
            let mid = row_top + CHART_SMALL * 0.75;
            self.push(Mark::Fill {
                x,
                y: mid - CHART_SWATCH / 2.0,
                width: CHART_SWATCH,
                height: CHART_SWATCH,
                rgb: class.rgb,
            });
            let baseline = row_top + baseline_offset(CHART_SMALL, CHART_SMALL * 1.5);
            let (m, _) = self.text_at(
                &class.label,
                Style::Regular,
                CHART_SMALL,
                x + CHART_SWATCH + 3.0,
                baseline,
            );
            self.push(m);
            x += w;
        }
        self.y = (y + g.legend).max(top);
        self.record(top, self.y, Content::Chart);
    }

    /// Prints `word` ("DỰ THẢO") in a box at the top right of page 1, in
    /// its top margin, so that the draft and the final print break their
    /// pages at the same places.
    pub fn draft_mark(&mut self, word: &str, size: f32) {
        self.draft = Some((word.to_string(), size));
    }

    fn set_draft_mark(&mut self, word: &str, size: f32) {
        let words = self.words(&[Span::bold(word)], size);
        let line = Line::new(words, true);
        let page = &self.pages[0];
        let (page_width, _) = page.size();
        let margins = if page.landscape {
            self.upright.turned()
        } else {
            self.upright
        };
        let (pad_x, pad_y) = (5.0, 3.0);
        let height = size * 1.2 + 2.0 * pad_y;
        let width = line.natural + 2.0 * pad_x;
        let x = page_width - margins.right - width;
        let y = (margins.top - height - mm(3.0)).max(mm(6.0));
        let Mark::Text(mut text) = Self::line_mark(
            &line,
            x + pad_x,
            line.natural,
            y + pad_y + baseline_offset(size, size * 1.2),
            size,
            Align::Left,
        ) else {
            return;
        };
        text.role = Role::Draft;
        let marks = &mut self.pages[0].marks;
        marks.push(Mark::Rect {
            x,
            y,
            width,
            height,
            thickness: 0.8,
        });
        marks.push(Mark::Text(text));
    }

    /// Numbers the pages at the top centre, each numbering (the document's,
    /// an appendix's) from 1 and showing none on its first page, and hands
    /// over the result.
    pub fn finish(mut self) -> Layout {
        // A page left empty by a last change of orientation is no page.
        if self.pages.len() > 1 && self.pages.last().is_some_and(|p| p.marks.is_empty()) {
            self.pages.pop();
        }
        if let Some((word, size)) = self.draft.take() {
            self.set_draft_mark(&word, size);
        }
        let mut numbers = Vec::with_capacity(self.pages.len());
        for (i, page) in self.pages.iter_mut().enumerate() {
            let start = self
                .starts
                .iter()
                .rev()
                .find(|&&s| s <= i)
                .copied()
                .unwrap_or(0);
            let number = i - start + 1;
            if number == 1 {
                numbers.push(None);
                continue;
            }
            numbers.push(Some(number));
            let margins = if page.landscape {
                self.upright.turned()
            } else {
                self.upright
            };
            let (page_width, _) = page.size();
            let centre = margins.left + (page_width - margins.left - margins.right) / 2.0;
            // In the top margin: 12 mm from the edge upright, lower in the
            // wider (bound) top margin of a landscape page.
            let baseline = margins.top - mm(8.0);
            let text = number.to_string();
            let width = self.fonts.width(Style::Regular, PAGE_NUMBER_SIZE, &text);
            page.marks.push(Mark::Text(TextMark {
                x: centre - width / 2.0,
                baseline,
                size: PAGE_NUMBER_SIZE,
                width,
                runs: vec![Run {
                    style: Style::Regular,
                    items: vec![RunItem::Text(text)],
                }],
                role: Role::PageNumber,
            }));
        }
        Layout {
            pages: self.pages,
            margins: self.upright,
            missing: self.missing.into_iter().collect(),
            placed: self.placed,
            numbers,
        }
    }
}

/// Size of a chart's small text (ticks, threshold labels, the legend).
const CHART_SMALL: f32 = 9.0;
/// Largest size of a chart's bar labels.
const CHART_LABEL: f32 = 10.0;
/// Height of a chart's bar row: at most, and at least (60 bars fit a page).
const CHART_ROW_MAX: f32 = 15.0;
const CHART_ROW_MIN: f32 = 9.5;
/// Height a chart leaves on its page for the paragraph that introduces it.
const CHART_LEAD: f32 = 3.0 * 13.0 * 1.2 + 6.0;
/// Side of a legend's colour square.
const CHART_SWATCH: f32 = 8.0;

/// The heights of a chart's parts.
struct ChartGeometry {
    thresholds: f32,
    row: f32,
    legend: f32,
    height: f32,
}

/// A chart's title: bold, centred, 12 pt.
fn chart_title(title: &str) -> Paragraph {
    Paragraph::new(vec![Span::bold(title)], 12.0)
        .align(Align::Center)
        .space_before(6.0)
        .space_after(4.0)
}

/// A round step for about five to ten ticks over `span`: 1, 2 or 5 times a power of ten.
fn tick_step(span: f64) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 0.0;
    }
    let raw = span / 8.0;
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power)
}

/// A tick's value as printed: a decimal comma, as many decimals as the step needs.
fn tick_text(value: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    let text = format!("{:.*}", decimals, value + 0.0);
    text.replace('.', ",")
}

/// Tables of up to this many body rows are kept on one page when they fit.
pub const SHORT_TABLE_ROWS: usize = 8;

/// For each body row, whether it must share a page with the next one: a
/// section's row its first row, the row before a subtotal, and the two
/// rows before the total.
fn row_keeps(kinds: &[RowKind]) -> Vec<bool> {
    let n = kinds.len();
    (0..n)
        .map(|i| {
            let next = |k: usize| kinds.get(i + k).copied();
            i + 1 < n
                && (kinds[i] == RowKind::Section
                    || next(1) == Some(RowKind::Subtotal)
                    || next(1) == Some(RowKind::Total)
                    || (next(2) == Some(RowKind::Total) && kinds[i + 1] != RowKind::Total))
        })
        .collect()
}

/// The last row that must share a page with row `i`.
fn chain_end(keeps: &[bool], i: usize) -> usize {
    let mut j = i;
    while keeps.get(j).copied().unwrap_or(false) {
        j += 1;
    }
    j
}

/// How many body rows must open a table with its header: all of a short
/// table (when they fit in `room`), else the first two and what they keep.
fn opening_rows(kinds: &[RowKind], heights: &[f32], room: f32) -> usize {
    let n = kinds.len();
    if n <= SHORT_TABLE_ROWS && heights.iter().sum::<f32>() <= room {
        return n;
    }
    let keeps = row_keeps(kinds);
    let mut end = 0;
    let mut i = 0;
    while i < n.min(2) {
        end = chain_end(&keeps, i).max(end);
        i = end + 1;
    }
    let rows = (end + 1).min(n);
    if heights[..rows].iter().sum::<f32>() <= room {
        rows
    } else {
        1.min(n)
    }
}

/// Moves the last word of the line before a cell's last line down when the
/// last line would hold one word alone ("Hưng Yên / 10" becomes "Hưng /
/// Yên 10"), if the two fit on a line: always in cells not justified (names,
/// numbers), and in justified cells when the lone word is a number or very
/// short (at most three letters).
fn keep_last_pair(lines: &mut [Line], width: f32, align: Align) {
    let n = lines.len();
    if n < 2 || lines[n - 1].words.len() != 1 || lines[n - 2].words.len() < 2 || lines[n - 2].last {
        return;
    }
    let lone = &lines[n - 1].words[0];
    let text: String = lone.frags.iter().map(|f| f.text.as_str()).collect();
    let short = text.chars().filter(|c| c.is_alphanumeric()).count() <= 3
        || text
            .chars()
            .all(|c| c.is_ascii_digit() || ".,:/-)(".contains(c));
    if align == Align::Justify && !short {
        return;
    }
    let moved = lines[n - 2].words.last().cloned();
    let Some(moved) = moved else { return };
    if moved.width + moved.space + lone.width > width + EPS {
        return;
    }
    let mut before = lines[n - 2].words.clone();
    before.pop();
    let last = lines[n - 1].words.clone();
    let mut pair = vec![moved];
    pair.extend(last);
    lines[n - 2] = Line::new(before, false);
    lines[n - 1] = Line::new(pair, true);
}

/// Baseline below the top of a line box `lh` high, the glyphs centred in it.
fn baseline_offset(size: f32, lh: f32) -> f32 {
    (lh - (ASCENT + DESCENT) * size) / 2.0 + ASCENT * size
}

fn push_text(runs: &mut Vec<Run>, style: Style, text: &str) {
    match runs.last_mut() {
        Some(run) if run.style == style => match run.items.last_mut() {
            Some(RunItem::Text(t)) => t.push_str(text),
            _ => run.items.push(RunItem::Text(text.to_string())),
        },
        _ => runs.push(Run {
            style,
            items: vec![RunItem::Text(text.to_string())],
        }),
    }
}

fn push_gap(runs: &mut Vec<Run>, style: Style, gap: f32) {
    match runs.last_mut() {
        Some(run) if run.style == style => run.items.push(RunItem::Gap(gap)),
        _ => runs.push(Run {
            style,
            items: vec![RunItem::Gap(gap)],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fonts::fonts;
    use super::*;

    const LOREM: &str =
        "Tỷ lệ hội viên được học tập, quán triệt nghị quyết của Đảng, chỉ thị của cấp trên \
        và tham gia đấu tranh phản bác các quan điểm sai trái, thù địch trên không gian mạng";

    fn body_boxes_inside_margins(layout: &Layout) {
        let m = layout.margins;
        for b in layout.text_boxes() {
            match b.role {
                Role::Body => {
                    assert!(b.left >= m.left - EPS, "{b:?}");
                    assert!(b.right <= PAGE_WIDTH - m.right + 0.05, "{b:?}");
                    assert!(b.top >= m.top - EPS, "{b:?}");
                    assert!(b.bottom <= PAGE_HEIGHT - m.bottom + EPS, "{b:?}");
                }
                Role::PageNumber | Role::Draft => {
                    assert!(b.bottom < m.top && b.top > 0.0, "{b:?}")
                }
            }
        }
        assert!(
            layout.margin_faults().is_empty(),
            "{:?}",
            layout.margin_faults()
        );
    }

    #[test]
    fn lines_break_between_words_and_justified_lines_fill_the_width() {
        let fonts = fonts().unwrap();
        let mut flow = Flow::new(fonts, Margins::decree());
        let text = [LOREM; 6].join(" ");
        flow.paragraph(&Paragraph::new(vec![Span::regular(&text)], 13.0).first_indent(mm(12.7)));
        let width = flow.width();
        let layout = flow.finish();
        let words: Vec<&str> = text.split_whitespace().collect();
        let lines: Vec<String> = layout.text_boxes().iter().map(|b| b.text.clone()).collect();
        let relaid: Vec<String> = lines
            .iter()
            .flat_map(|l| l.split_whitespace().map(str::to_string))
            .collect();
        assert_eq!(relaid, words, "every word whole, in order");
        let boxes = layout.text_boxes();
        for (k, b) in boxes.iter().enumerate().take(boxes.len() - 1) {
            let indent = if k == 0 { mm(12.7) } else { 0.0 };
            assert!(
                (b.right - b.left - (width - indent)).abs() < 0.05,
                "line {k} not justified: {b:?}"
            );
        }
        body_boxes_inside_margins(&layout);
    }

    #[test]
    fn a_word_wider_than_its_cell_is_cut_rather_than_overflowing() {
        let fonts = fonts().unwrap();
        let mut flow = Flow::new(fonts, Margins::decree());
        let table = Table {
            columns: vec![Column::new(1.0, Align::Left), Column::new(9.0, Align::Left)],
            header: vec![vec![Cell::bold("A"), Cell::bold("B")]],
            rows: vec![Row::data(vec![
                Cell::text("Khôngcókhoảngtrắngnàotrongchuỗirấtdàinày"),
                Cell::text("x"),
            ])],
            size: 12.0,
            caption: vec![],
        };
        flow.table(&table);
        let xs = flow.column_edges(&table.columns);
        let layout = flow.finish();
        for b in layout.text_boxes().iter().filter(|b| b.left < xs[1]) {
            assert!(b.right <= xs[1] - CELL_PAD_X + 0.05, "{b:?}");
        }
    }

    #[test]
    fn a_long_table_repeats_its_header_on_every_page_and_keeps_rows_whole() {
        let fonts = fonts().unwrap();
        let mut flow = Flow::new(fonts, Margins::decree());
        let rows = (1..=120)
            .map(|i| {
                Row::data(vec![
                    Cell::text(&i.to_string()),
                    Cell::text(if i % 7 == 0 { LOREM } else { "Ngắn" }),
                ])
            })
            .collect();
        let table = Table {
            columns: vec![
                Column::new(1.0, Align::Center),
                Column::new(6.0, Align::Justify),
            ],
            header: vec![vec![Cell::bold("Mã"), Cell::bold("Nội dung tiêu chí")]],
            rows,
            size: 12.0,
            caption: vec![],
        };
        flow.table(&table);
        let layout = flow.finish();
        assert!(layout.pages.len() >= 3);
        for (i, text) in layout.page_texts().iter().enumerate() {
            let first_body = text
                .lines()
                .find(|l| *l != (i + 1).to_string())
                .unwrap_or_default();
            assert_eq!(first_body, "Mã", "page {} starts with the header", i + 1);
        }
        // Every row's rectangles are on one page: count the number cells.
        let numbers: usize = layout
            .text_boxes()
            .iter()
            .filter(|b| b.role == Role::Body && b.text.parse::<u32>().is_ok())
            .count();
        assert_eq!(numbers, 120);
        body_boxes_inside_margins(&layout);
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_under_repeated_headers() {
        let fonts = fonts().unwrap();
        let mut flow = Flow::new(fonts, Margins::decree());
        let huge = [LOREM; 40].join(" ");
        let table = Table {
            columns: vec![
                Column::new(1.0, Align::Center),
                Column::new(6.0, Align::Justify),
            ],
            header: vec![vec![Cell::bold("Mã"), Cell::bold("Nội dung")]],
            rows: vec![Row::data(vec![Cell::text("1"), Cell::text(&huge)])],
            size: 12.0,
            caption: vec![],
        };
        flow.table(&table);
        let layout = flow.finish();
        assert!(layout.pages.len() >= 2);
        for text in layout.page_texts() {
            assert!(text.contains("Mã"));
        }
        body_boxes_inside_margins(&layout);
    }

    #[test]
    fn no_paragraph_leaves_a_single_line_alone_on_a_page() {
        let fonts = fonts().unwrap();
        for filler in 0..40 {
            let mut flow = Flow::new(fonts, Margins::decree());
            for _ in 0..filler {
                flow.paragraph(&Paragraph::new(vec![Span::regular("Dòng")], 13.0));
            }
            flow.space(500.0);
            let para = Paragraph::new(vec![Span::regular(&[LOREM; 3].join(" "))], 13.0);
            flow.paragraph(&para);
            let layout = flow.finish();
            let boxes = layout.text_boxes();
            let last_para: Vec<&TextBox> = boxes
                .iter()
                .filter(|b| b.role == Role::Body && b.text != "Dòng")
                .collect();
            let pages: BTreeSet<usize> = last_para.iter().map(|b| b.page).collect();
            for p in pages {
                let n = last_para.iter().filter(|b| b.page == p).count();
                assert!(
                    n >= 2,
                    "filler {filler}: page {p} holds {n} line(s) of the paragraph"
                );
            }
        }
    }

    #[test]
    fn page_numbers_are_centred_at_the_top_except_on_page_one() {
        let fonts = fonts().unwrap();
        let mut flow = Flow::new(fonts, Margins::decree());
        for k in 0..3 {
            if k > 0 {
                flow.page_break();
            }
            flow.paragraph(&Paragraph::new(vec![Span::regular("x")], 13.0));
        }
        let centre = flow.left() + flow.width() / 2.0;
        let layout = flow.finish();
        let numbers: Vec<TextBox> = layout
            .text_boxes()
            .into_iter()
            .filter(|b| b.role == Role::PageNumber)
            .collect();
        assert_eq!(
            numbers.iter().map(|b| b.text.as_str()).collect::<Vec<_>>(),
            ["2", "3"]
        );
        for b in numbers {
            assert!(((b.left + b.right) / 2.0 - centre).abs() < 0.01);
        }
    }

    #[test]
    fn decomposed_input_is_set_as_composed_text() {
        let fonts = fonts().unwrap();
        let mut flow = Flow::new(fonts, Margins::decree());
        let nfd = "Ba\u{306}\u{301}c Ka\u{323}n";
        flow.paragraph(&Paragraph::new(vec![Span::regular(nfd)], 13.0));
        let layout = flow.finish();
        assert_eq!(layout.text_boxes()[0].text, "Bắc Kạn");
        assert!(layout.missing.is_empty());
    }

    #[test]
    fn missing_glyphs_are_reported_and_shown_as_question_marks() {
        let fonts = fonts().unwrap();
        let mut flow = Flow::new(fonts, Margins::decree());
        flow.paragraph(&Paragraph::new(
            vec![Span::regular("Hà Nội 中 ok\u{200B}")],
            13.0,
        ));
        let layout = flow.finish();
        assert_eq!(layout.missing, vec!['中']);
        assert_eq!(layout.text_boxes()[0].text, "Hà Nội ? ok");
    }
}
