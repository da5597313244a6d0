//! One sheet per member unit: each criterion with the signed and written
//! targets, result, self-score, computed and counted scores, difference, the
//! findings on that row and the adjustments' reasons; the unit-wide findings
//! under the table. The counted score is the cell a secretary may correct.

use super::cells::{
    clip, fit_row, highlight_nonzero, lines_needed, put_header, put_text, put_title, row_points,
    set_widths, TableRow,
};
use super::lines::{sum_formula, Line};
use super::{is_scored, Book};
use crate::model::diagnostic::{Diagnostic, Kind};
use crate::render::OFFICIAL;
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

/// The header row of the criteria table, under the title block.
const UNIT_HEADER: RowNum = 4;
/// The row of the table's first line: line `l` is on row `UNIT_FIRST + l`.
pub(super) const UNIT_FIRST: RowNum = UNIT_HEADER + 1;
// Columns of the criteria table.
const U_CODE: ColNum = 0;
const U_CONTENT: ColNum = 1;
const U_MEASURE: ColNum = 2;
const U_MAX: ColNum = 3;
const U_METHOD: ColNum = 4;
const U_TARGET: ColNum = 5;
const U_WRITTEN: ColNum = 6;
const U_RESULT: ColNum = 7;
pub(super) const U_SELF: ColNum = 8;
const U_COMPUTED: ColNum = 9;
pub(super) const U_SCORE: ColNum = 10;
const U_DIFF: ColNum = 11;
const U_NOTE: ColNum = 12;
const U_REASON: ColNum = 13;
/// Column widths, `Mã` to `Lý do điều chỉnh`.
const WIDTHS: [f64; 14] = [
    6.0, 36.0, 7.0, 8.0, 10.5, 10.0, 10.0, 10.0, 8.5, 8.5, 8.5, 9.5, 30.0, 22.0,
];

/// The width of column `col`.
fn width(col: ColNum) -> f64 {
    WIDTHS[usize::from(col)]
}

/// A unit's sheet: each criterion with targets, result, self-score, scores,
/// difference, the findings on that row and adjustments; or, for a unit
/// without a usable workbook, its status and findings.
pub(super) fn write_unit(ws: &mut Worksheet, book: &Book, unit: usize) -> Result<(), XlsxError> {
    ws.set_name(&book.unit_sheets[unit])?;
    let st = &book.styles;
    let info = &book.agreement().info;
    let member = &book.agreement().units[unit];
    let result = &book.outcome.units[unit];
    set_widths(ws, &WIDTHS)?;
    put_title(
        ws,
        0,
        U_REASON,
        &format!("BẢNG ĐIỂM THI ĐUA NĂM {}", info.year),
        &st.title,
    )?;
    put_title(
        ws,
        1,
        U_REASON,
        &format!("{} ({})", member.name, member.code),
        &st.heading,
    )?;
    let file = result.file.as_deref().unwrap_or("-");
    put_title(
        ws,
        2,
        U_REASON,
        &format!("Tệp: {file}   Tình trạng: {}", book.status_text(unit)),
        &st.subtitle,
    )?;
    let next = if is_scored(result) {
        write_unit_table(ws, book, unit)?
    } else {
        UNIT_HEADER
    };
    let general: Vec<&Diagnostic> = book
        .outcome
        .diagnostics_of(&result.code)
        .filter(|d| d.kind != Kind::Adjustment && row_of_finding(book, d).is_none())
        .collect();
    write_unit_findings(ws, book, &general, next + 1)?;
    if is_scored(result) {
        ws.set_freeze_panes(UNIT_FIRST, U_MEASURE)?;
    }
    book.print_setup(ws, true, Some((UNIT_HEADER, UNIT_HEADER)))?;
    Ok(())
}

/// The criterion a finding is about, if it is one of the agreement's.
fn row_of_finding(book: &Book, d: &Diagnostic) -> Option<usize> {
    let code = d.criterion.as_deref()?;
    book.agreement()
        .criteria
        .iter()
        .position(|c| c.code == code)
}

/// The criteria table of a scored unit; returns the first row after it.
fn write_unit_table(ws: &mut Worksheet, book: &Book, unit: usize) -> Result<RowNum, XlsxError> {
    let headings = [
        "Mã",
        "Nội dung",
        "ĐVT",
        "Điểm chuẩn",
        "Cách chấm",
        "Chỉ tiêu giao ước",
        "Chỉ tiêu đơn vị ghi",
        "Kết quả",
        "Tự chấm",
        "Điểm theo cách chấm",
        "Điểm được tính",
        "Chênh lệch",
        "Ghi chú (kiểm tra)",
        "Lý do điều chỉnh",
    ];
    put_header(ws, UNIT_HEADER, &headings, &WIDTHS, &book.styles)?;
    for line in 0..book.lines.len() {
        write_unit_line(ws, book, unit, line)?;
    }
    let last = UNIT_FIRST + book.lines.len() as RowNum - 1;
    highlight_nonzero(ws, (UNIT_FIRST, last), U_DIFF, &book.styles)?;
    Ok(last + 1)
}

/// One line of a unit's criteria table.
fn write_unit_line(
    ws: &mut Worksheet,
    book: &Book,
    unit: usize,
    line: usize,
) -> Result<(), XlsxError> {
    let agreement = book.agreement();
    let result = &book.outcome.units[unit];
    let style = book.lines.style(line, &book.styles);
    let row = UNIT_FIRST + line as RowNum;
    let mut cells = TableRow::new(ws, row);
    cells.fill(U_CODE, U_REASON, &style.text);
    let (code, words) = book.lines.label(line, agreement);
    cells.text(U_CODE, &code, &style.center)?;
    cells.text(U_CONTENT, &words, &style.wrap)?;
    if let Some(max) = book.lines.max(line, agreement) {
        cells.score(U_MAX, Some(max), style)?;
    }
    if let Line::Criterion(c) = book.lines.lines[line] {
        return write_unit_criterion(cells, book, unit, c, &words);
    }
    if let Some(value) = book.lines.value(line, result) {
        let summands: Vec<(RowNum, ColNum)> = book
            .lines
            .summands(line)
            .iter()
            .map(|&l| (UNIT_FIRST + l as RowNum, U_SCORE))
            .collect();
        cells.formula(U_SCORE, &sum_formula("", &summands), value, &style.score)?;
        if let (true, Some(own)) = (line == book.lines.total, result.self_total) {
            let mut selves: Vec<(RowNum, ColNum)> = book
                .lines
                .of_criterion
                .iter()
                .map(|&l| (UNIT_FIRST + l as RowNum, U_SELF))
                .collect();
            selves.sort_unstable();
            cells.formula(U_SELF, &sum_formula("", &selves), own, &style.score)?;
            let diff = format!(
                "{}-{}",
                row_col_to_cell(row, U_SCORE),
                row_col_to_cell(row, U_SELF)
            );
            cells.formula(U_DIFF, &diff, value - own, &style.score)?;
        }
    }
    let ws = cells.finish()?;
    fit_row(ws, row, &[(&words, width(U_CONTENT))], true)
}

/// A criterion's row on a unit's sheet, after its code, content and
/// maximum: the score is a value a secretary may correct by hand.
fn write_unit_criterion<'f>(
    mut cells: TableRow<'_, 'f>,
    book: &'f Book,
    unit: usize,
    c: usize,
    words: &str,
) -> Result<(), XlsxError> {
    let criterion = &book.agreement().criteria[c];
    let result = &book.outcome.units[unit];
    let st = &book.styles.body;
    let Some(score) = result.scores.get(c) else {
        return cells.finish().map(|_| ());
    };
    let row = cells.row();
    cells.text(U_MEASURE, &criterion.measure, &st.center)?;
    cells.text(U_METHOD, criterion.method.name_vi(), &st.center)?;
    cells.target(U_TARGET, score.target, st)?;
    cells.target(U_WRITTEN, score.written_target, st)?;
    cells.target(U_RESULT, score.result, st)?;
    cells.score(U_SELF, score.self_score, st)?;
    cells.score(U_COMPUTED, Some(score.computed), st)?;
    cells.score(U_SCORE, Some(score.score), st)?;
    if let Some(own) = score.self_score {
        let diff = format!(
            "{}-{}",
            row_col_to_cell(row, U_SCORE),
            row_col_to_cell(row, U_SELF)
        );
        cells.formula(U_DIFF, &diff, score.score - own, &st.score)?;
    }
    let notes: Vec<String> = book
        .outcome
        .diagnostics_of(&result.code)
        .filter(|d| {
            d.kind != Kind::Adjustment && d.criterion.as_deref() == Some(criterion.code.as_str())
        })
        .map(|d| d.message(OFFICIAL))
        .collect();
    let notes = notes.join("\n");
    cells.text(U_NOTE, &notes, &st.wrap)?;
    let reason = score.adjustment.as_ref().map_or("", |a| a.reason.as_str());
    cells.text(U_REASON, reason, &st.wrap)?;
    let wrapped = [
        (words, width(U_CONTENT)),
        (notes.as_str(), width(U_NOTE)),
        (reason, width(U_REASON)),
    ];
    fit_row(cells.finish()?, row, &wrapped, false)
}

/// The findings about a unit that no criterion row shows, under the table.
fn write_unit_findings(
    ws: &mut Worksheet,
    book: &Book,
    findings: &[&Diagnostic],
    row: RowNum,
) -> Result<(), XlsxError> {
    if findings.is_empty() {
        return Ok(());
    }
    let st = &book.styles;
    put_text(ws, row, U_CODE, "Ghi chú chung:", &st.label)?;
    let all: f64 = WIDTHS.iter().sum();
    for (k, d) in findings.iter().enumerate() {
        let at = row + 1 + k as RowNum;
        let text = format!("{}: {}", d.severity().label(OFFICIAL), d.message(OFFICIAL));
        ws.merge_range(at, U_CODE, at, U_REASON, clip(&text), &st.note)?;
        ws.set_row_height(at, row_points(lines_needed(&text, all, false)))?;
    }
    Ok(())
}
