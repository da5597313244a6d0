//! The consolidated workbook `ket-qua/tong-hop-<Năm>.xlsx` (SPEC section 8).
//!
//! Owns the workbook's sheets and their layout: `Tổng hợp` (the ranking),
//! `Chi tiết` (criteria by units, turned when the units would not fit
//! across), `Kiểm tra` (every diagnostic, then every inbox file), `Biểu đồ`
//! (native charts) and, for clusters up to
//! [`PER_UNIT_DETAIL_MAX`](super::PER_UNIT_DETAIL_MAX) units,
//! one sheet per member unit with safe unique names (see [`Detail`]); the
//! formulas, number formats, fonts, print set-up and document properties.
//!
//! It does not score: every number comes from the pipeline's [`Outcome`].
//! The only arithmetic here is the sums its formulas carry as cached values,
//! so a viewer that does not recalculate shows the pipeline's totals, and a
//! hand correction of a score in a unit's sheet (in `Chi tiết` when there
//! are no unit sheets) flows through every total.
//! Ranks, classifications and proposals are formulas too (see `summary`),
//! over the totals and a parameters block. User text is
//! always written as text, never as a formula. It writes no file: the caller
//! gets the bytes, identical for identical outcomes.

mod cells;
mod charts;
mod checks;
mod detail;
mod lines;
mod names;
mod proposals;
mod summary;
mod unit;

use cells::{font, Styles};
use charts::write_charts;
use checks::write_checks;
use detail::write_detail;
use detail::DetailPlaces;
use lines::Lines;
use summary::write_summary;
use unit::{write_unit, UNIT_FIRST, U_SCORE};

/// Lines a text wraps to in a column (shared with the fill-in forms).
pub(crate) use cells::lines_needed;
pub use names::unit_sheet_names;
pub use proposals::{conclusions_form, proposals, FormRow};

use super::{Detail, OFFICIAL};
use crate::model::diagnostic::Severity;
use crate::model::{status_words, Agreement, AgreementInfo, Outcome, UnitResult, UnitStatus};
use rust_xlsxwriter::utility::{quote_sheet_name, row_col_to_cell_absolute};
use rust_xlsxwriter::{
    ColNum, DocProperties, ExcelDateTime, RowNum, Workbook, Worksheet, XlsxError,
};

/// Name of the ranking sheet.
pub const SUMMARY_SHEET: &str = "Tổng hợp";
/// Name of the criteria-by-units sheet.
pub const DETAIL_SHEET: &str = "Chi tiết";
/// Name of the diagnostics and inbox sheet.
pub const CHECKS_SHEET: &str = "Kiểm tra";
/// Name of the charts sheet.
pub const CHARTS_SHEET: &str = "Biểu đồ";

/// Excel's number of columns: `Chi tiết` is turned when the units need more.
const EXCEL_COLUMNS: u32 = 16_384;
/// The official font; the workbook names it, the viewer supplies it.
const FONT: &str = "Times New Roman";
/// Excel's longest text in a cell, in UTF-16 units.
const MAX_CELL_TEXT: usize = 32_767;
/// A4 in Excel's paper size codes.
const PAPER_A4: u8 = 9;
/// Left and right page margins, in inches.
const MARGIN_LEFT: f64 = 0.5;
const MARGIN_RIGHT: f64 = 0.4;
/// Top and bottom page margins, in inches.
const MARGIN_TOP: f64 = 0.6;
const MARGIN_BOTTOM: f64 = 0.6;
/// Printable width of a landscape A4 page, in pixels at 96 per inch.
const LANDSCAPE_PIXELS: f64 = (297.0 / 25.4 - MARGIN_LEFT - MARGIN_RIGHT) * 96.0;
/// Printable width of a portrait A4 page, in pixels at 96 per inch.
const PORTRAIT_PIXELS: f64 = (210.0 / 25.4 - MARGIN_LEFT - MARGIN_RIGHT) * 96.0;

/// The consolidated workbook of a run, as the bytes of an .xlsx file.
///
/// The same outcome gives the same bytes: the document date comes from the
/// agreement (the conference date, else 31 December of the year), never the
/// clock. Like every official document it is in Vietnamese whatever
/// `--lang` says ([`OFFICIAL`]).
///
/// ```no_run
/// # fn demo(outcome: &thidua::model::Outcome) -> Result<(), rust_xlsxwriter::XlsxError> {
/// use thidua::render::{xlsx, Detail};
/// let bytes = xlsx::consolidated(outcome, Detail::of(outcome, false))?;
/// std::fs::write("tong-hop-2016.xlsx", bytes).ok();
/// # Ok(()) }
/// ```
pub fn consolidated(outcome: &Outcome, detail: Detail) -> Result<Vec<u8>, XlsxError> {
    let book = Book::new(outcome, detail);
    let mut workbook = Workbook::new();
    workbook.set_default_format(&font(), 21, 72)?;
    workbook.set_properties(&properties(&outcome.agreement.info)?);
    workbook.set_zip_compression_level(ZIP_LEVEL);
    // The three streamed sheets are written at the same time. They share
    // the workbook's style table, where a style's number is the order of its
    // first use: every style they use is registered first, in a fixed
    // order, so the numbers (and the bytes) do not depend on which sheet
    // gets there first.
    for format in book.styles.all() {
        workbook.register_format(format);
    }
    if outcome.previous.is_some() {
        // After the others: without last year's figures, the same numbers.
        workbook.register_format(&book.styles.signed);
        workbook.register_format(&book.styles.signed_integer);
    }
    for _ in 0..3 {
        // A formula whose value is "" keeps "" (not the 0 written by default).
        workbook
            .add_worksheet_with_constant_memory()?
            .set_formula_result_default("");
    }
    let sheets = workbook.worksheets_mut();
    let (summary_sheet, rest) = sheets.split_at_mut(1);
    let (detail_sheet, checks_sheet) = rest.split_at_mut(1);
    let (summary, (detail_made, checks)) = rayon::join(
        || write_summary(&mut summary_sheet[0], &book),
        || {
            rayon::join(
                || write_detail(&mut detail_sheet[0], &book),
                || write_checks(&mut checks_sheet[0], &book),
            )
        },
    );
    summary?;
    detail_made?;
    checks?;
    write_charts(
        workbook.add_worksheet().set_formula_result_default(""),
        &book,
    )?;
    if detail == Detail::PerUnit {
        for unit in 0..outcome.units.len() {
            write_unit(
                workbook.add_worksheet().set_formula_result_default(""),
                &book,
                unit,
            )?;
        }
    }
    label_every_category(&workbook.save_to_buffer()?)
}

/// Asks every chart to label each category (`<c:tickLblSkip val="1"/>`),
/// which rust_xlsxwriter leaves out for an interval of 1: without it Excel
/// skips unit names when it judges them crowded. The other parts are copied
/// as they are (compressed bytes and dates included), the charts rewritten
/// with the package's fixed date, so the bytes stay the same run to run.
fn label_every_category(package: &[u8]) -> Result<Vec<u8>, XlsxError> {
    use std::io::{Cursor, Read, Write};
    use zip::write::SimpleFileOptions;
    const OFFSET: &str = "<c:lblOffset val=\"100\"/>";
    const SKIP: &str = "<c:tickLblSkip val=\"1\"/>";
    let mut archive = zip::ZipArchive::new(Cursor::new(package))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(package.len())));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(i64::from(ZIP_LEVEL)))
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let is_chart = {
            let entry = archive.by_index_raw(i)?;
            let name = entry.name()?;
            name.starts_with("xl/charts/chart") && name.ends_with(".xml")
        };
        if !is_chart {
            out.raw_copy_file(archive.by_index_raw(i)?)?;
            continue;
        }
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.to_string();
        let mut xml = String::new();
        entry.read_to_string(&mut xml)?;
        if !xml.contains("<c:tickLblSkip") {
            xml = xml.replace(OFFSET, &format!("{OFFSET}{SKIP}"));
        }
        out.start_file(name, options)?;
        out.write_all(xml.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// Deflate level of the package: 2, zlib's fast matcher without lazy matches (3 and up use
/// the medium matcher); the zip is deflated on one thread when the workbook is saved. 8% more
/// bytes than 3.
const ZIP_LEVEL: u8 = 2;

/// Title, subject, author (the cluster) and a creation date from the agreement.
fn properties(info: &AgreementInfo) -> Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title(format!(
            "Tổng hợp kết quả chấm điểm thi đua năm {}",
            info.year
        ))
        .set_subject(format!("{} - {}", info.cluster, info.organisation))
        .set_author(info.cluster.as_str())
        .set_company(info.organisation.as_str())
        .set_creation_datetime(&document_date(info)?))
}

/// The conference date, else 31 December of the year (a fixed date if neither is valid).
fn document_date(info: &AgreementInfo) -> Result<ExcelDateTime, XlsxError> {
    let date = |year: i32, month: u32, day: u32| {
        let y = u16::try_from(year).ok()?;
        ExcelDateTime::from_ymd(y, u8::try_from(month).ok()?, u8::try_from(day).ok()?).ok()
    };
    let chosen = info
        .conference_date
        .and_then(|d| date(d.year, d.month, d.day))
        .or_else(|| date(info.year, 12, 31));
    match chosen {
        Some(d) => Ok(d),
        None => ExcelDateTime::from_ymd(2000, 1, 1),
    }
}

/// The outcome with what the sheets share: styles, criteria lines, sheet
/// names, and where each unit's scores live.
struct Book<'a> {
    outcome: &'a Outcome,
    styles: Styles,
    lines: Lines,
    /// Sheet name of each member unit, in `outcome.units` order; empty
    /// without per-unit sheets.
    unit_sheets: Vec<String>,
    /// Whether units have sheets of their own.
    detail: Detail,
    /// Where `Chi tiết` puts each scored unit's line scores.
    places: DetailPlaces,
}

impl<'a> Book<'a> {
    fn new(outcome: &'a Outcome, detail: Detail) -> Book<'a> {
        let names = outcome
            .agreement
            .units
            .iter()
            .map(|u| (u.display_name(), u.code.as_str()));
        let lines = Lines::new(&outcome.agreement);
        let places = DetailPlaces::new(outcome, &lines);
        Book {
            outcome,
            styles: Styles::new(),
            lines,
            unit_sheets: match detail {
                Detail::PerUnit => unit_sheet_names(names),
                Detail::Consolidated => Vec::new(),
            },
            detail,
            places,
        }
    }

    /// Whether each unit has its own sheet, the source of its scores.
    fn has_unit_sheets(&self) -> bool {
        self.detail == Detail::PerUnit
    }

    /// Where a scored unit's score of `line` is: its own sheet's score
    /// column, else its cell in `Chi tiết` (sheet name, row, column); None
    /// for a unit without scores.
    fn score_place(&self, unit: usize, line: usize) -> Option<(&str, RowNum, ColNum)> {
        if self.has_unit_sheets() {
            let sheet = self.unit_sheets.get(unit)?;
            Some((sheet, UNIT_FIRST + line as RowNum, U_SCORE))
        } else {
            let (row, col) = self.places.cell(unit, line)?;
            Some((DETAIL_SHEET, row, col))
        }
    }

    /// An absolute reference to [`Book::score_place`].
    fn score_ref(&self, unit: usize, line: usize) -> Option<String> {
        let (sheet, row, col) = self.score_place(unit, line)?;
        Some(format!(
            "{}!{}",
            quote_sheet_name(sheet),
            row_col_to_cell_absolute(row, col)
        ))
    }

    fn agreement(&self) -> &Agreement {
        &self.outcome.agreement
    }

    /// Indices of the scored units, in `Đơn vị` order.
    fn scored(&self) -> Vec<usize> {
        (0..self.outcome.units.len())
            .filter(|&i| is_scored(&self.outcome.units[i]))
            .collect()
    }

    /// An absolute reference to a cell of unit `unit`'s sheet.
    fn unit_cell(&self, unit: usize, row: RowNum, col: ColNum) -> String {
        format!(
            "{}!{}",
            quote_sheet_name(&self.unit_sheets[unit]),
            row_col_to_cell_absolute(row, col)
        )
    }

    /// The unit's status in words, with its number of errors when scored.
    fn status_text(&self, unit: usize) -> String {
        let result = &self.outcome.units[unit];
        let words = status_words(result.status, OFFICIAL);
        let errors = self
            .outcome
            .diagnostics_of(&result.code)
            .filter(|d| d.severity() == Severity::Error)
            .count();
        if result.status == UnitStatus::Scored && errors > 0 {
            format!("{words}; {errors} lỗi")
        } else {
            words.to_string()
        }
    }

    /// Print set-up of a sheet: [`Book::page_setup`], fitted to the page width.
    fn print_setup(
        &self,
        ws: &mut Worksheet,
        landscape: bool,
        repeat: Option<(RowNum, RowNum)>,
    ) -> Result<(), XlsxError> {
        self.page_setup(ws, landscape, repeat)?;
        ws.set_print_fit_to_pages(1, 0);
        Ok(())
    }

    /// Print set-up of a sheet whose column groups go across (units, or
    /// criteria when turned): see [`pages_across`]. The leading columns and
    /// the `repeat` rows are printed on every page.
    fn print_across(
        &self,
        ws: &mut Worksheet,
        pages: &PagesAcross,
        leading: ColNum,
        repeat: (RowNum, RowNum),
    ) -> Result<(), XlsxError> {
        let portrait = matches!(pages, PagesAcross::Fit { portrait: true });
        self.page_setup(ws, !portrait, Some(repeat))?;
        match pages {
            PagesAcross::Fit { .. } => {
                ws.set_print_fit_to_pages(1, 0);
            }
            PagesAcross::Breaks { scale, breaks, .. } => {
                ws.set_print_scale(*scale);
                ws.set_vertical_page_breaks(breaks)?;
            }
            PagesAcross::Squeeze { pages } => {
                ws.set_print_fit_to_pages(*pages, 0);
            }
        }
        if leading > 0 {
            ws.set_repeat_columns(0, leading - 1)?;
        }
        Ok(())
    }

    /// What every sheet prints with: A4, the orientation it needs, header
    /// rows repeated, a footer with the cluster, the year and "Trang x/y".
    fn page_setup(
        &self,
        ws: &mut Worksheet,
        landscape: bool,
        repeat: Option<(RowNum, RowNum)>,
    ) -> Result<(), XlsxError> {
        a4_page(ws, landscape);
        if let Some((first, last)) = repeat {
            ws.set_repeat_rows(first, last)?;
        }
        let info = &self.agreement().info;
        let font = format!("&\"{FONT},Regular\"&10");
        let cluster = header_text(&info.cluster, 100);
        ws.set_footer(format!(
            "&L{font}{cluster} - năm {}&R{font}Trang &P/&N",
            info.year
        ));
        Ok(())
    }
}

/// The smallest print scale, in percent, that keeps 12-point text readable.
const READABLE_SCALE: f64 = 65.0;
/// Excel's limit on page breaks in a sheet.
const MAX_PAGE_BREAKS: usize = 1023;

/// How a sheet with column groups across is spread over landscape pages.
#[derive(Debug, PartialEq)]
enum PagesAcross {
    /// Everything fits the page width at a readable scale (of a portrait page, or of a landscape one).
    Fit { portrait: bool },
    /// Whole groups on each page at one readable scale, a page break before
    /// the first column of each page but the first.
    Breaks {
        scale: u16,
        breaks: Vec<u32>,
        first_page_end: ColNum,
    },
    /// Too many pages for Excel's page breaks: fitted to this many pages wide.
    Squeeze { pages: u16 },
}

impl PagesAcross {
    /// The last column of the first page.
    fn first_page_end(&self, last: ColNum) -> ColNum {
        match self {
            PagesAcross::Breaks { first_page_end, .. } => *first_page_end,
            _ => last,
        }
    }
}

/// Pixels of a column `width` characters wide, as LibreOffice prints it:
/// Times New Roman 12 takes 9 pixels a character there (Excel's 8 would
/// put a page's last unit across two pages), and 5 of padding.
fn column_pixels(width: f64) -> f64 {
    width * 9.0 + 5.0
}

/// Spreads columns over landscape pages: the `leading` columns on every
/// page, then as many whole `groups` (first and last column) as fit at a
/// readable scale; one page wide when all of it does.
fn pages_across(widths: &[f64], leading: ColNum, groups: &[(ColNum, ColNum)]) -> PagesAcross {
    let pixels = |first: ColNum, last: ColNum| -> f64 {
        widths
            .get(usize::from(first)..=usize::from(last))
            .map_or(0.0, |w| w.iter().copied().map(column_pixels).sum())
    };
    let lead = if leading == 0 {
        0.0
    } else {
        pixels(0, leading - 1)
    };
    let budget = LANDSCAPE_PIXELS * 100.0 / READABLE_SCALE;
    let total = lead + groups.iter().map(|&(a, b)| pixels(a, b)).sum::<f64>();
    if total <= PORTRAIT_PIXELS * 100.0 / READABLE_SCALE {
        return PagesAcross::Fit { portrait: true };
    }
    if total <= budget {
        return PagesAcross::Fit { portrait: false };
    }
    let mut breaks = Vec::new();
    let mut widest = lead;
    let mut page = lead;
    let mut first_page_end = leading.saturating_sub(1);
    for &(first, last) in groups {
        let group = pixels(first, last);
        if page > lead && page + group > budget {
            breaks.push(u32::from(first));
            page = lead;
        }
        page += group;
        widest = widest.max(page);
        if breaks.is_empty() {
            first_page_end = last;
        }
    }
    if breaks.len() > MAX_PAGE_BREAKS {
        let pages = u16::try_from(breaks.len() + 1).unwrap_or(u16::MAX);
        return PagesAcross::Squeeze { pages };
    }
    let scale = (100.0 * LANDSCAPE_PIXELS / widest)
        .floor()
        .clamp(10.0, 100.0) as u16;
    PagesAcross::Breaks {
        scale,
        breaks,
        first_page_end,
    }
}

/// Whether a unit has scores to show.
fn is_scored(result: &UnitResult) -> bool {
    result.status == UnitStatus::Scored && result.total.is_some()
}

/// Text for a page header or footer: `&` escaped, at most `max` characters.
fn header_text(text: &str, max: usize) -> String {
    text.chars()
        .take(max)
        .collect::<String>()
        .replace('&', "&&")
}

/// A4, in portrait or landscape, with the margins of every workbook we
/// write (Decree 30's, in inches) and the header and footer 0.3" from the
/// edge.
pub(crate) fn a4_page(ws: &mut Worksheet, landscape: bool) {
    ws.set_paper_size(PAPER_A4);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_margins(
        MARGIN_LEFT,
        MARGIN_RIGHT,
        MARGIN_TOP,
        MARGIN_BOTTOM,
        0.3,
        0.3,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    /// Widths of `Chi tiết` across: four leading columns, then `units` groups of three.
    fn across(units: u16) -> (Vec<f64>, Vec<(ColNum, ColNum)>) {
        let mut widths = vec![5.0, 36.0, 8.0, 8.5];
        let mut groups = Vec::new();
        for k in 0..units {
            widths.extend([9.0, 9.0, 8.0]);
            groups.push((4 + 3 * k, 6 + 3 * k));
        }
        (widths, groups)
    }

    #[test]
    fn a_few_units_fit_the_page_width() {
        let (widths, groups) = across(4);
        assert_eq!(
            pages_across(&widths, 4, &groups),
            PagesAcross::Fit { portrait: false }
        );
        let (widths, groups) = across(1);
        assert_eq!(
            pages_across(&widths, 4, &groups),
            PagesAcross::Fit { portrait: true }
        );
    }

    #[test]
    fn many_units_go_over_pages_of_whole_units_at_a_readable_scale() {
        let (widths, groups) = across(12);
        let PagesAcross::Breaks {
            scale,
            breaks,
            first_page_end,
        } = pages_across(&widths, 4, &groups)
        else {
            panic!("twelve units do not fit one page");
        };
        assert!(f64::from(scale) >= READABLE_SCALE, "scale {scale}");
        assert!(!breaks.is_empty());
        for b in &breaks {
            assert_eq!((b - 4) % 3, 0, "a break at column {b} splits a unit");
        }
        assert_eq!(u32::from(first_page_end) + 1, breaks[0]);
    }

    #[test]
    fn more_pages_than_excel_breaks_are_squeezed() {
        let (widths, groups) = across(5_000);
        assert!(
            matches!(pages_across(&widths, 4, &groups), PagesAcross::Squeeze { pages } if pages > 1000)
        );
    }

    #[test]
    fn the_document_date_is_the_conference_else_the_last_day_of_the_year() {
        let mut info = AgreementInfo {
            organisation: String::new(),
            cluster: String::new(),
            year: 2016,
            head: String::new(),
            deputy: None,
            next_head: String::new(),
            next_deputy: String::new(),
            place: None,
            conference_date: Some(crate::model::Date {
                year: 2017,
                month: 1,
                day: 9,
            }),
            thresholds: crate::model::Thresholds {
                excellent: Decimal::new(90, 0),
                good: Decimal::new(80, 0),
                fair: Decimal::new(65, 0),
            },
            flags: 1,
            certificates: 1,
        };
        let date = |info: &AgreementInfo| document_date(info).map(|d| d.to_excel());
        let expect = |y, m, d| ExcelDateTime::from_ymd(y, m, d).map(|d| d.to_excel());
        assert_eq!(date(&info).ok(), expect(2017, 1, 9).ok());
        info.conference_date = Some(crate::model::Date {
            year: 2017,
            month: 2,
            day: 30,
        });
        assert_eq!(
            date(&info).ok(),
            expect(2016, 12, 31).ok(),
            "an impossible date falls back to the year"
        );
        info.conference_date = None;
        info.year = -5;
        assert_eq!(
            date(&info).ok(),
            expect(2000, 1, 1).ok(),
            "a fixed date, never the clock"
        );
    }
}
