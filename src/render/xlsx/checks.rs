//! `Kiểm tra`: every diagnostic with an autofilter and errors and warnings
//! coloured, then every inbox file with what became of it.

use super::cells::{
    clip, fit_row, fit_width, font, put_header, put_text, put_title, set_widths, RowStyle, TableRow,
};
use super::{Book, CHECKS_SHEET};
use crate::model::diagnostic::{json_text, Diagnostic, Lang, Severity};
use crate::model::{FileRecord, FileStatus};
use crate::render::OFFICIAL;
use rust_xlsxwriter::{ColNum, ConditionalFormatFormula, RowNum, Worksheet, XlsxError};
use serde_json::Value as Json;

/// The header row of the findings, under the title.
const CHECKS_HEADER: RowNum = 2;

/// `Kiểm tra`: every diagnostic with an autofilter, then every inbox file with its status.
pub(super) fn write_checks(ws: &mut Worksheet, book: &Book) -> Result<(), XlsxError> {
    ws.set_name(CHECKS_SHEET)?;
    let st = &book.styles;
    let outcome = book.outcome;
    let year = book.agreement().info.year;
    put_title(
        ws,
        0,
        9,
        &format!("KẾT QUẢ KIỂM TRA BẢNG TỰ CHẤM ĐIỂM NĂM {year}"),
        &st.title,
    )?;
    let headings = [
        "STT",
        "Mức độ",
        "Loại",
        "Đơn vị",
        "Tệp",
        "Trang tính",
        "Ô",
        "Nội dung",
        "Giá trị đúng",
        "Giá trị trong bảng",
    ];
    let widths = checks_widths(book);
    set_widths(ws, &widths)?;
    put_header(ws, CHECKS_HEADER, &headings, &widths, st)?;
    let first = CHECKS_HEADER + 1;
    for (k, d) in outcome.diagnostics.iter().enumerate() {
        write_finding(ws, book, (k, d), first + k as RowNum, &widths)?;
    }
    let mut last = first + outcome.diagnostics.len() as RowNum;
    if outcome.diagnostics.is_empty() {
        let none = OFFICIAL.pick("Không phát hiện vấn đề nào.", "No problems found.");
        put_text(ws, first, 1, none, &font())?;
        last += 1;
    }
    ws.autofilter(CHECKS_HEADER, 0, last - 1, 9)?;
    severity_colours(ws, book, (first, last - 1))?;
    write_inbox(ws, book, last + 1, &widths)?;
    ws.set_freeze_panes(first, 0)?;
    book.print_setup(ws, true, Some((CHECKS_HEADER, CHECKS_HEADER)))?;
    Ok(())
}

/// Width of the message column, the one that wraps.
const MESSAGE_WIDTH: f64 = 60.0;

/// Column widths of `Kiểm tra`, fitted to what the findings hold.
fn checks_widths(book: &Book) -> Vec<f64> {
    let outcome = book.outcome;
    let severities =
        [Severity::Error, Severity::Warning, Severity::Info].map(|s| s.label(OFFICIAL));
    let kinds = outcome.diagnostics.iter().map(|d| d.kind.name_vi());
    let files = outcome.diagnostics.iter().filter_map(|d| d.file.as_deref());
    let sheets = outcome
        .diagnostics
        .iter()
        .filter_map(|d| d.sheet.as_deref());
    let units = outcome.diagnostics.iter().filter_map(|d| d.unit.as_deref());
    let expected: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| value_text(d.expected.as_ref()))
        .collect();
    let found: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| value_text(d.found.as_ref()))
        .collect();
    let cells = outcome.diagnostics.iter().filter_map(|d| d.cell.as_deref());
    // One line for every column but the message's (and a path longer than
    // its column); the message column takes what the page leaves.
    vec![
        5.5,
        fit_width(severities.into_iter(), 8.0, 12.0),
        fit_width(kinds, 10.0, 34.0),
        fit_width(units, 7.0, 12.0),
        fit_width(files, 12.0, 32.0),
        fit_width(sheets, 10.0, 18.0),
        fit_width(cells, 6.0, 10.0),
        MESSAGE_WIDTH,
        fit_width(expected.iter().map(String::as_str), 10.0, 20.0),
        fit_width(found.iter().map(String::as_str), 12.0, 24.0),
    ]
}

/// One diagnostic's row.
fn write_finding(
    ws: &mut Worksheet,
    book: &Book,
    (k, d): (usize, &Diagnostic),
    row: RowNum,
    widths: &[f64],
) -> Result<(), XlsxError> {
    let st = &book.styles.body;
    let message = d.message(OFFICIAL);
    let expected = value_text(d.expected.as_ref());
    let found = value_text(d.found.as_ref());
    let texts: [(ColNum, &str); 7] = [
        (3, d.unit.as_deref().unwrap_or("")),
        (4, d.file.as_deref().unwrap_or("")),
        (5, d.sheet.as_deref().unwrap_or("")),
        (6, d.cell.as_deref().unwrap_or("")),
        (7, &message),
        (8, &expected),
        (9, &found),
    ];
    let mut cells = TableRow::new(ws, row);
    cells.fill(0, 9, &st.text);
    cells.number(0, (k + 1) as f64, &st.center)?;
    cells.text(1, d.severity().label(OFFICIAL), &st.text)?;
    cells.text(2, d.kind.name_vi(), &st.text)?;
    for &(col, text) in &texts[..4] {
        let format = if col == 4 || col == 5 {
            &st.wrap
        } else {
            &st.text
        };
        cells.text(col, text, format)?;
    }
    cells.text(7, &message, &st.wrap)?;
    put_value(&mut cells, 8, d.expected.as_ref(), st)?;
    put_value(&mut cells, 9, d.found.as_ref(), st)?;
    cells.finish()?;
    // The message wraps; a path or sheet name longer than its column, a
    // value given as text too.
    let wrapped: Vec<(&str, f64)> = texts
        .iter()
        .filter(|&&(col, _)| col != 3 && col != 6)
        .map(|&(col, t)| (t, widths[usize::from(col)]))
        .collect();
    fit_row(ws, row, &wrapped, false)
}

/// An expected or found value: numbers as numbers, anything else as text.
fn put_value<'f>(
    cells: &mut TableRow<'_, 'f>,
    col: ColNum,
    value: Option<&Json>,
    st: &'f RowStyle,
) -> Result<(), XlsxError> {
    match value {
        Some(Json::Number(n)) => match n.as_f64() {
            Some(x) => cells.number(col, x, &st.number),
            None => cells.text(col, &n.to_string(), &st.wrap),
        },
        Some(Json::Null) | None => Ok(()),
        Some(other) => cells.text(col, &json_text(other, Lang::En), &st.wrap),
    }
}

/// An expected or found value as shown: numbers in full, text as it is.
fn value_text(value: Option<&Json>) -> String {
    value.map(|v| json_text(v, Lang::En)).unwrap_or_default()
}

/// Errors shaded red and warnings yellow in the diagnostics table.
fn severity_colours(
    ws: &mut Worksheet,
    book: &Book,
    (first, last): (RowNum, RowNum),
) -> Result<(), XlsxError> {
    for (severity, fill) in [
        (Severity::Error, &book.styles.error),
        (Severity::Warning, &book.styles.warning),
    ] {
        let rule = format!("=$B{}=\"{}\"", first + 1, severity.label(OFFICIAL));
        let format = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(fill);
        ws.add_conditional_format(first, 0, last, 9, &format)?;
    }
    Ok(())
}

/// Every inbox file with its status, from `row`: the file spans columns B:E,
/// the unit F:G, the status H.
fn write_inbox(
    ws: &mut Worksheet,
    book: &Book,
    row: RowNum,
    widths: &[f64],
) -> Result<(), XlsxError> {
    let st = &book.styles;
    put_text(ws, row, 0, "CÁC TỆP ĐÃ NHẬN (thư mục nop/)", &st.label)?;
    let header = row + 1;
    put_text(ws, header, 0, "STT", &st.header)?;
    ws.merge_range(header, 1, header, 4, "Tệp", &st.header)?;
    ws.merge_range(header, 5, header, 6, "Đơn vị", &st.header)?;
    put_text(ws, header, 7, "Tình trạng", &st.header)?;
    let body = &st.body;
    let file_width: f64 = widths[1..=4].iter().sum();
    for (k, file) in book.outcome.files.iter().enumerate() {
        let at = header + 1 + k as RowNum;
        ws.write_number_with_format(at, 0, (k + 1) as f64, &body.center)?;
        ws.merge_range(at, 1, at, 4, clip(&file.file), &body.wrap)?;
        ws.merge_range(
            at,
            5,
            at,
            6,
            clip(file.unit.as_deref().unwrap_or("")),
            &body.text,
        )?;
        let status = file_status_words(file);
        put_text(ws, at, 7, &status, &body.wrap)?;
        fit_row(
            ws,
            at,
            &[(&file.file, file_width), (&status, widths[7])],
            false,
        )?;
    }
    if book.outcome.files.is_empty() {
        let none = OFFICIAL.pick(
            "Thư mục nop/ không có tệp nào.",
            "The nop/ folder has no files.",
        );
        put_text(ws, header + 1, 1, none, &font())?;
    }
    Ok(())
}

/// What became of an inbox file, in words.
fn file_status_words(file: &FileRecord) -> String {
    let lang = OFFICIAL;
    match file.status {
        FileStatus::Used => lang.pick("Đã dùng để chấm điểm", "Used for scoring").into(),
        FileStatus::Rejected => lang
            .pick(
                "Không dùng được (xem phần kiểm tra)",
                "Rejected (see the findings)",
            )
            .into(),
        FileStatus::Duplicate => lang
            .pick("Trùng đơn vị, chưa dùng", "Duplicate unit, not used")
            .into(),
        FileStatus::Skipped => format!(
            "Bỏ qua: {}",
            file.skip
                .map_or("không phải bảng tính", |s| s.short_words())
        ),
    }
}
