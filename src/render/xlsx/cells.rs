//! Formats (Times New Roman 12-13, two-decimal scores, percentages) and
//! the cell writers every sheet uses: text always as text, formulas always
//! with their cached value, row heights fitted to wrapped Vietnamese text.

use super::{FONT, MAX_CELL_TEXT};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    ColNum, Color, ConditionalFormatCell, ConditionalFormatCellRule, Format, FormatAlign,
    FormatBorder, Formula, RowNum, Worksheet, XlsxError,
};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Times New Roman 12, the base of every format.
pub(super) fn font() -> Format {
    Format::new().set_font_name(FONT).set_font_size(12)
}

/// A bordered, vertically centred table cell.
pub(super) fn cell() -> Format {
    font()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
}

/// The formats of one kind of table row.
pub(super) struct RowStyle {
    pub(super) text: Format,
    pub(super) wrap: Format,
    pub(super) center: Format,
    pub(super) score: Format,
    pub(super) integer: Format,
    pub(super) number: Format,
    pub(super) percent: Format,
}

impl RowStyle {
    fn all(&self) -> [&Format; 7] {
        [
            &self.text,
            &self.wrap,
            &self.center,
            &self.score,
            &self.integer,
            &self.number,
            &self.percent,
        ]
    }

    pub(super) fn new(bold: bool, fill: Option<u32>) -> RowStyle {
        let base = {
            let f = if bold { cell().set_bold() } else { cell() };
            match fill {
                Some(rgb) => f.set_background_color(Color::RGB(rgb)),
                None => f,
            }
        };
        RowStyle {
            text: base.clone(),
            wrap: base.clone().set_text_wrap(),
            center: base.clone().set_align(FormatAlign::Center),
            score: base.clone().set_num_format("0.00"),
            integer: base.clone().set_num_format("#,##0"),
            number: base.clone().set_num_format("General"),
            percent: base.set_num_format("0.00%"),
        }
    }
}

/// Every format the workbook uses.
pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) subtitle: Format,
    pub(super) label: Format,
    /// A bold label centred (the heading lines above a title).
    pub(super) heading: Format,
    /// A regular label centred (the parent body above the issuing body).
    pub(super) parent: Format,
    pub(super) note: Format,
    pub(super) header: Format,
    pub(super) body: RowStyle,
    pub(super) section: RowStyle,
    pub(super) total: RowStyle,
    /// Conditional fills.
    pub(super) error: Format,
    pub(super) warning: Format,
    pub(super) changed: Format,
    /// A signed change with two decimals (+2.50, -1.25): last year's
    /// comparison only, registered only when a run has it.
    pub(super) signed: Format,
    /// A signed whole change (+2, -1), likewise.
    pub(super) signed_integer: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        Styles {
            title: font()
                .set_font_size(13)
                .set_bold()
                .set_align(FormatAlign::Center),
            subtitle: font().set_italic().set_align(FormatAlign::Center),
            label: font().set_bold(),
            heading: font().set_bold().set_align(FormatAlign::Center),
            parent: font().set_align(FormatAlign::Center),
            note: font().set_text_wrap().set_align(FormatAlign::Top),
            header: cell()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xD9E1F2)),
            body: RowStyle::new(false, None),
            section: RowStyle::new(true, Some(0xF2F2F2)),
            total: RowStyle::new(true, Some(0xFFF2CC)),
            error: Format::new().set_background_color(Color::RGB(0xF8CBAD)),
            warning: Format::new().set_background_color(Color::RGB(0xFFEB9C)),
            changed: Format::new()
                .set_font_color(Color::RGB(0xC00000))
                .set_bold(),
            signed: cell().set_num_format("+0.00;-0.00;0.00"),
            signed_integer: cell()
                .set_align(FormatAlign::Center)
                .set_num_format("+0;-0;0"),
        }
    }

    /// The cell formats, in a fixed order (the conditional fills are not cell formats).
    pub(super) fn all(&self) -> impl Iterator<Item = &Format> {
        [
            &self.title,
            &self.subtitle,
            &self.label,
            &self.heading,
            &self.parent,
            &self.note,
            &self.header,
        ]
        .into_iter()
        .chain(self.body.all())
        .chain(self.section.all())
        .chain(self.total.all())
    }
}

/// A decimal as Excel's number.
pub(super) fn number(x: Decimal) -> f64 {
    x.to_f64().unwrap_or_default()
}

/// A decimal as a formula's cached result.
pub(super) fn cached(x: Decimal) -> String {
    x.normalize().to_string()
}

/// Text cut to what a cell holds.
pub(super) fn clip(text: &str) -> &str {
    cut_utf16(text, MAX_CELL_TEXT)
}

/// Writes user or domain text as text, never as a formula.
pub(super) fn put_text(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, clip(text), format)?;
    Ok(())
}

/// Writes a formula (without `=`) with its computed value cached.
pub(super) fn put_formula(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    formula: &str,
    value: Decimal,
    format: &Format,
) -> Result<(), XlsxError> {
    ws.write_formula_with_format(row, col, cached_formula(formula, value), format)?;
    Ok(())
}

/// A formula (given without `=`) with its computed value cached.
fn cached_formula(formula: &str, value: Decimal) -> Formula {
    Formula::new(format!("={formula}")).set_result(cached(value))
}

/// One table row of a sheet, its values written bare and its formats put on
/// once the row is complete.
///
/// rust_xlsxwriter finds a format's number by hashing every field of the
/// `Format`, for each cell written with one: a third of the workbook's time
/// in the big sheets. Here a row costs a few lookups instead of one per
/// cell: its most common format goes over the whole row, then each run of
/// another format over its cells. The cells and their looks are the same.
/// A streamed sheet keeps only its current row, so the formats go on before
/// the next row is started ([`TableRow::finish`]).
pub(super) struct TableRow<'w, 'f> {
    ws: &'w mut Worksheet,
    row: RowNum,
    /// Each cell's format as given, a later one for a column replacing an earlier.
    formats: Vec<(ColNum, &'f Format)>,
    /// Whether a value has been written, which makes the row the sheet's current one.
    written: bool,
}

impl<'w, 'f> TableRow<'w, 'f> {
    pub(super) fn new(ws: &'w mut Worksheet, row: RowNum) -> TableRow<'w, 'f> {
        TableRow {
            ws,
            row,
            formats: Vec::with_capacity(32),
            written: false,
        }
    }

    /// Table cells from `first` to `last` with this format, values or not.
    pub(super) fn fill(&mut self, first: ColNum, last: ColNum, format: &'f Format) {
        self.formats.extend((first..=last).map(|col| (col, format)));
    }

    /// A number.
    pub(super) fn number(
        &mut self,
        col: ColNum,
        x: f64,
        format: &'f Format,
    ) -> Result<(), XlsxError> {
        self.ws.write_number(self.row, col, x)?;
        self.written = true;
        self.formats.push((col, format));
        Ok(())
    }

    /// User or domain text, always as text (see [`put_text`]).
    pub(super) fn text(
        &mut self,
        col: ColNum,
        text: &str,
        format: &'f Format,
    ) -> Result<(), XlsxError> {
        let text = clip(text);
        if !text.is_empty() {
            self.ws.write_string(self.row, col, text)?;
            self.written = true;
        }
        self.formats.push((col, format));
        Ok(())
    }

    /// A target or result: whole numbers grouped, others as they are; blank when absent.
    pub(super) fn target(
        &mut self,
        col: ColNum,
        x: Option<Decimal>,
        style: &'f RowStyle,
    ) -> Result<(), XlsxError> {
        let format = match x {
            Some(x) if x.fract().is_zero() => &style.integer,
            _ => &style.number,
        };
        self.number_or_blank(col, x, format, style)
    }

    /// A score with two decimals; blank when absent.
    pub(super) fn score(
        &mut self,
        col: ColNum,
        x: Option<Decimal>,
        style: &'f RowStyle,
    ) -> Result<(), XlsxError> {
        self.number_or_blank(col, x, &style.score, style)
    }

    /// A number in `format`, or a blank table cell of the row's style when there is none.
    fn number_or_blank(
        &mut self,
        col: ColNum,
        x: Option<Decimal>,
        format: &'f Format,
        style: &'f RowStyle,
    ) -> Result<(), XlsxError> {
        match x {
            Some(x) => self.number(col, number(x), format),
            None => {
                self.fill(col, col, &style.text);
                Ok(())
            }
        }
    }

    /// A formula with its value cached (see [`put_formula`]).
    pub(super) fn formula(
        &mut self,
        col: ColNum,
        formula: &str,
        value: Decimal,
        format: &'f Format,
    ) -> Result<(), XlsxError> {
        self.ws
            .write_formula(self.row, col, cached_formula(formula, value))?;
        self.written = true;
        self.formats.push((col, format));
        Ok(())
    }

    /// A formula whose value is text, with that text cached ("" for an
    /// empty result, never the 0 a formula without a result shows).
    pub(super) fn formula_text(
        &mut self,
        col: ColNum,
        formula: &str,
        value: &str,
        format: &'f Format,
    ) -> Result<(), XlsxError> {
        let formula = Formula::new(format!("={formula}")).set_result(value);
        self.ws.write_formula(self.row, col, formula)?;
        self.written = true;
        self.formats.push((col, format));
        Ok(())
    }

    /// The row's number.
    pub(super) fn row(&self) -> RowNum {
        self.row
    }

    /// Puts the formats on: the most common over each stretch of adjacent
    /// cells, then each run of another; gives the sheet back (for the row's
    /// height). A row without values gets its first cell written as a blank
    /// first, which starts the row.
    pub(super) fn finish(mut self) -> Result<&'w mut Worksheet, XlsxError> {
        // The last format given for each column, in column order.
        self.formats.reverse();
        self.formats.sort_by_key(|&(col, _)| col);
        self.formats.dedup_by_key(|&mut (col, _)| col);
        let Some(&(first, first_format)) = self.formats.first() else {
            return Ok(self.ws);
        };
        if !self.written {
            self.ws.write_blank(self.row, first, first_format)?;
        }
        let common = most_common(&self.formats);
        let row = self.row;
        for run in self.formats.chunk_by(|a, b| a.0 + 1 == b.0) {
            self.ws
                .set_range_format(row, run[0].0, row, run[run.len() - 1].0, common)?;
        }
        let adjacent_alike =
            |a: &(ColNum, &Format), b: &(ColNum, &Format)| a.0 + 1 == b.0 && std::ptr::eq(a.1, b.1);
        for run in self.formats.chunk_by(adjacent_alike) {
            let format = run[0].1;
            if !std::ptr::eq(format, common) {
                self.ws
                    .set_range_format(row, run[0].0, row, run[run.len() - 1].0, format)?;
            }
        }
        Ok(self.ws)
    }
}

/// The format most cells have (the first of equals), by identity.
fn most_common<'f>(formats: &[(ColNum, &'f Format)]) -> &'f Format {
    let mut counts: Vec<(&Format, usize)> = Vec::new();
    for &(_, format) in formats {
        match counts.iter_mut().find(|(f, _)| std::ptr::eq(*f, format)) {
            Some((_, n)) => *n += 1,
            None => counts.push((format, 1)),
        }
    }
    let mut best = counts[0];
    for &(format, n) in &counts[1..] {
        if n > best.1 {
            best = (format, n);
        }
    }
    best.0
}

/// Writes a title line merged across columns (a single cell when there is one column).
pub(super) fn put_title(
    ws: &mut Worksheet,
    row: RowNum,
    last: ColNum,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if last == 0 {
        put_text(ws, row, 0, text, format)
    } else {
        ws.merge_range(row, 0, row, last, clip(text), format)?;
        Ok(())
    }
}

/// Writes a header row of bold wrapped headings from column A, as tall as
/// its longest heading needs in the columns' `widths`.
pub(super) fn put_header(
    ws: &mut Worksheet,
    row: RowNum,
    headings: &[&str],
    widths: &[f64],
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (col, heading) in (0..).zip(headings) {
        put_text(ws, row, col, heading, &styles.header)?;
    }
    let cells: Vec<(&str, f64)> = headings
        .iter()
        .copied()
        .zip(widths.iter().copied())
        .collect();
    let lines = cells
        .iter()
        .map(|&(t, w)| lines_needed(t, w, true))
        .max()
        .unwrap_or(1);
    ws.set_row_height(row, row_points(lines))?;
    Ok(())
}

/// Points of one line of 12-point text in a row.
const LINE_POINTS: f64 = 15.75;

/// The height of a row holding `lines` lines of 12-point text.
pub(super) fn row_points(lines: u32) -> f64 {
    LINE_POINTS * f64::from(lines.max(1)) + 2.0
}

/// Sets a row's height for the tallest of its wrapped cells, given as
/// (text, column width); a row of single lines keeps the default height.
/// Spreadsheets do not fit rows to wrapped text when they open a file.
pub(super) fn fit_row(
    ws: &mut Worksheet,
    row: RowNum,
    cells: &[(&str, f64)],
    bold: bool,
) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .map(|&(t, w)| lines_needed(t, w, bold))
        .max()
        .unwrap_or(1);
    if lines > 1 {
        ws.set_row_height(row, row_points(lines))?;
    }
    Ok(())
}

/// Lines a text takes in a column `width` characters wide, wrapped at
/// spaces and at line breaks, a word longer than a line broken across lines.
pub(crate) fn lines_needed(text: &str, width: f64, bold: bool) -> u32 {
    let usable = (width - 0.6).max(1.0);
    let lines: u32 = text
        .split('\n')
        .map(|p| paragraph_lines(p, usable, bold))
        .sum();
    lines.max(1)
}

fn paragraph_lines(paragraph: &str, usable: f64, bold: bool) -> u32 {
    let space = text_width(" ", bold);
    let mut lines = 1;
    let mut used = 0.0;
    for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
        let width = text_width(word, bold);
        let with_word = if used == 0.0 {
            width
        } else {
            used + space + width
        };
        if with_word <= usable {
            used = with_word;
            continue;
        }
        if used > 0.0 {
            lines += 1;
        }
        let pieces = (width / usable).ceil().max(1.0);
        lines += pieces as u32 - 1;
        used = width - (pieces - 1.0) * usable;
    }
    lines
}

/// Width of a text in Times New Roman 12, in Excel's column unit (one digit).
pub(super) fn text_width(text: &str, bold: bool) -> f64 {
    let width: f64 = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(glyph_width)
        .sum();
    if bold {
        width * 1.08
    } else {
        width
    }
}

/// Approximate advance of a Times New Roman letter, in digit widths (half an em).
fn glyph_width(c: char) -> f64 {
    match c {
        ' ' => 0.5,
        'i' | 'j' | 'l' | 't' | 'f' | 'r' | 'I' | 'J' | '.' | ',' | ':' | ';' | '\'' | '!'
        | '|' => 0.6,
        '-' | '(' | ')' | '[' | ']' | '/' | '\\' | '"' | 's' => 0.8,
        'm' | 'M' | 'W' => 1.8,
        'w' => 1.45,
        '0'..='9' => 1.0,
        '%' | '@' => 1.7,
        c if c.is_uppercase() => 1.4,
        _ => 1.0,
    }
}

/// A column width, in characters, that fits the longest line of the texts, between `min` and `max`.
pub(super) fn fit_width<'t>(texts: impl Iterator<Item = &'t str>, min: f64, max: f64) -> f64 {
    let longest = texts
        .flat_map(str::lines)
        .map(|line| text_width(line, false))
        .fold(0.0, f64::max);
    (longest + 1.5).clamp(min, max)
}

/// Sets column widths in characters, from the first column.
pub(super) fn set_widths(ws: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (col, &width) in (0..).zip(widths) {
        ws.set_column_width(col, width)?;
    }
    Ok(())
}

/// A date as dd/mm/yyyy.
pub(super) fn date_text(date: crate::model::Date) -> String {
    format!("{:02}/{:02}/{}", date.day, date.month, date.year)
}

/// Highlights numbers that are not zero (a difference worth a look).
pub(super) fn highlight_nonzero(
    ws: &mut Worksheet,
    (first, last): (RowNum, RowNum),
    col: ColNum,
    styles: &Styles,
) -> Result<(), XlsxError> {
    if last < first {
        return Ok(());
    }
    let rule = ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::NotBetween(-0.005, 0.005))
        .set_format(&styles.changed);
    ws.add_conditional_format(first, col, last, col, &rule)?;
    Ok(())
}

/// The longest prefix of `text` within `max` UTF-16 units.
pub(super) fn cut_utf16(text: &str, max: usize) -> &str {
    let mut units = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &text[..at];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sheet's XML of a workbook of three table rows, written through
    /// [`TableRow`] or cell by cell with the formats (a blank row between).
    fn table_sheet(by_row: bool) -> String {
        let st = Styles::new();
        let (body, section) = (&st.body, &st.section);
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook.set_default_format(&font(), 21, 72).unwrap();
        for format in st.all() {
            workbook.register_format(format);
        }
        let ws = workbook.add_worksheet_with_constant_memory().unwrap();
        let (twelve, one_half) = (Decimal::new(12, 0), Decimal::new(15, 1));
        for row in 0..3 {
            let blank_row = row == 1;
            if by_row {
                let mut cells = TableRow::new(ws, row);
                cells.fill(0, 7, &body.text);
                if !blank_row {
                    cells.number(0, 1.0, &body.center).unwrap();
                    cells.text(1, "Cao Bằng", &body.wrap).unwrap();
                    cells.text(2, "", &body.center).unwrap();
                    cells.target(3, Some(twelve), body).unwrap();
                    cells.target(4, Some(one_half), body).unwrap();
                    cells.score(5, None, body).unwrap();
                    cells
                        .formula(7, "D1+E1", twelve + one_half, &section.score)
                        .unwrap();
                }
                cells.finish().unwrap();
            } else {
                for col in 0..=7 {
                    ws.write_blank(row, col, &body.text).unwrap();
                }
                if !blank_row {
                    ws.write_number_with_format(row, 0, 1.0, &body.center)
                        .unwrap();
                    put_text(ws, row, 1, "Cao Bằng", &body.wrap).unwrap();
                    put_text(ws, row, 2, "", &body.center).unwrap();
                    ws.write_number_with_format(row, 3, 12.0, &body.integer)
                        .unwrap();
                    ws.write_number_with_format(row, 4, 1.5, &body.number)
                        .unwrap();
                    ws.write_blank(row, 5, &body.text).unwrap();
                    put_formula(ws, row, 7, "D1+E1", twelve + one_half, &section.score).unwrap();
                }
            }
        }
        let bytes = workbook.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        xml
    }

    #[test]
    fn a_table_row_makes_the_cells_that_writing_each_with_its_format_makes() {
        let xml = table_sheet(true);
        assert!(xml.contains(r#"<c r="H3" s=""#), "{xml}");
        assert_eq!(xml, table_sheet(false));
    }

    #[test]
    fn short_text_takes_one_line_and_long_text_wraps_at_spaces() {
        assert_eq!(lines_needed("Cao Bằng", 20.0, false), 1);
        let content = "Thực hiện chính sách đối với hội viên và gia đình hội viên";
        assert_eq!(lines_needed(content, 36.0, false), 2);
        assert_eq!(lines_needed("a\nb\nc", 36.0, false), 3);
        assert_eq!(lines_needed("", 10.0, false), 1);
    }

    #[test]
    fn a_word_longer_than_the_column_breaks_across_lines() {
        let path = "nop/thai-nguyen-1.xlsx,nop/thai-nguyen-2.xlsx";
        assert!(lines_needed(path, 14.0, false) >= 3);
    }

    #[test]
    fn diacritics_do_not_widen_letters() {
        assert_eq!(text_width("Hội viên", false), text_width("Hoi vien", false));
        assert!(text_width("ĐỒNG", true) > text_width("đồng", false));
    }

    #[test]
    fn text_is_cut_to_what_a_cell_holds_without_splitting_a_character() {
        let long = "🌾".repeat(20_000);
        let cut = clip(&long);
        assert!(cut.encode_utf16().count() <= MAX_CELL_TEXT);
        assert_eq!(cut.chars().count(), MAX_CELL_TEXT / 2);
    }
}
