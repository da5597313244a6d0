//! `Chi tiết`: criteria down and units across (target, result, score per
//! unit), or turned (units down, criteria across) when the units would not
//! fit in Excel's columns. Scores refer to the unit sheets, or are the
//! scores themselves when there are none; sums are formulas. Written row by
//! row (the sheet is streamed).

use super::cells::{
    clip, fit_row, fit_width, lines_needed, put_text, put_title, row_points, set_widths, RowStyle,
    TableRow,
};
use super::lines::{sum_formula, Line, Lines};
use super::unit::{UNIT_FIRST, U_SCORE};
use super::{is_scored, pages_across, Book, DETAIL_SHEET, EXCEL_COLUMNS};
use crate::model::diagnostic::Lang;
use crate::model::Outcome;
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

/// The first of the header rows, under the title.
const DETAIL_HEADER: RowNum = 2;

/// Where `Chi tiết` puts each scored unit's score of each line.
pub(super) struct DetailPlaces {
    /// Each line's (first, score) columns when turned; None when units go across.
    turned: Option<Vec<Option<(ColNum, ColNum)>>>,
    /// Each unit's position among the scored units; None when not scored.
    position: Vec<Option<usize>>,
}

impl DetailPlaces {
    pub(super) fn new(outcome: &Outcome, lines: &Lines) -> DetailPlaces {
        let mut scored = 0;
        let position = outcome
            .units
            .iter()
            .map(|u| {
                is_scored(u).then(|| {
                    scored += 1;
                    scored - 1
                })
            })
            .collect();
        let turned =
            (u32::from(D_UNITS) + 3 * scored as u32 > EXCEL_COLUMNS).then(|| turned_columns(lines));
        DetailPlaces { turned, position }
    }

    /// The cell of unit `unit`'s score of `line`; None when the unit is not
    /// scored or the line has no score column.
    pub(super) fn cell(&self, unit: usize, line: usize) -> Option<(RowNum, ColNum)> {
        let k = (*self.position.get(unit)?)?;
        match &self.turned {
            Some(columns) => {
                let (_, score) = (*columns.get(line)?)?;
                Some((DETAIL_HEADER + 3 + k as RowNum, score))
            }
            None => Some((
                DETAIL_HEADER + 2 + line as RowNum,
                D_UNITS + 3 * k as ColNum + 2,
            )),
        }
    }
}

/// `Chi tiết`: criteria down and units across, or turned when the units would not fit.
pub(super) fn write_detail(ws: &mut Worksheet, book: &Book) -> Result<(), XlsxError> {
    ws.set_name(DETAIL_SHEET)?;
    let scored = book.scored();
    let year = book.agreement().info.year;
    let title = format!("CHI TIẾT ĐIỂM THEO TIÊU CHÍ NĂM {year}");
    match &book.places.turned {
        Some(columns) => write_detail_turned(ws, book, &scored, columns, &title),
        None => write_detail_across(ws, book, &scored, &title),
    }
}

/// A criterion's score: a link to the unit's own sheet, or the score itself.
fn put_criterion_score<'f>(
    cells: &mut TableRow<'_, 'f>,
    book: &Book,
    (col, unit, line): (ColNum, usize, usize),
    value: rust_decimal::Decimal,
    style: &'f RowStyle,
) -> Result<(), XlsxError> {
    if book.has_unit_sheets() {
        let source = book.unit_cell(unit, UNIT_FIRST + line as RowNum, U_SCORE);
        cells.formula(col, &source, value, &style.score)
    } else {
        cells.score(col, Some(value), style)
    }
}

// Columns when units go across: the criterion, then three per unit from `D_UNITS`.
const D_CODE: ColNum = 0;
const D_CONTENT: ColNum = 1;
const D_MEASURE: ColNum = 2;
const D_MAX: ColNum = 3;
const D_UNITS: ColNum = 4;

/// Criteria down, three columns per scored unit across: target, result, score.
fn write_detail_across(
    ws: &mut Worksheet,
    book: &Book,
    scored: &[usize],
    title: &str,
) -> Result<(), XlsxError> {
    let st = &book.styles;
    let agreement = book.agreement();
    let last_col = D_UNITS + 3 * scored.len() as ColNum - 1;
    let sub = DETAIL_HEADER + 1;
    let widths = across_widths(book, scored.len());
    set_widths(ws, &widths)?;
    let groups: Vec<(ColNum, ColNum)> = (0..scored.len() as ColNum)
        .map(|k| (D_UNITS + 3 * k, D_UNITS + 3 * k + 2))
        .collect();
    let pages = pages_across(&widths, D_UNITS, &groups);
    let title_end = pages.first_page_end(last_col).max(D_MAX);
    put_title(ws, 0, title_end, title, &st.title)?;
    let name_lines = scored
        .iter()
        .map(|&unit| {
            let name = agreement.units[unit].display_name();
            lines_needed(name, UNIT_COLUMNS_WIDTH, true)
        })
        .max()
        .unwrap_or(1);
    ws.set_row_height(DETAIL_HEADER, row_points(name_lines))?;
    for (col, heading) in [
        (D_CODE, "Mã"),
        (D_CONTENT, "Nội dung"),
        (D_MEASURE, "ĐVT"),
        (D_MAX, "Điểm chuẩn"),
    ] {
        ws.merge_range(DETAIL_HEADER, col, sub, col, heading, &st.header)?;
    }
    for (k, &unit) in scored.iter().enumerate() {
        let col = D_UNITS + 3 * k as ColNum;
        let name = agreement.units[unit].display_name();
        ws.merge_range(
            DETAIL_HEADER,
            col,
            DETAIL_HEADER,
            col + 2,
            clip(name),
            &st.header,
        )?;
    }
    for k in 0..scored.len() as ColNum {
        for (offset, heading) in (0..).zip(["Chỉ tiêu", "Kết quả", "Điểm"]) {
            put_text(ws, sub, D_UNITS + 3 * k + offset, heading, &st.header)?;
        }
    }
    let first = sub + 1;
    for line in 0..book.lines.len() {
        write_detail_line(ws, book, scored, line, first + line as RowNum)?;
    }
    ws.set_freeze_panes(first, D_UNITS)?;
    book.print_across(ws, &pages, D_UNITS, (DETAIL_HEADER, sub))?;
    Ok(())
}

/// Width of the `Nội dung` column.
const CONTENT_WIDTH: f64 = 36.0;
/// Widths of a unit's three columns: target, result, score.
const UNIT_COLUMNS: [f64; 3] = [9.0, 9.0, 8.0];
/// The three columns together, under the unit's merged name.
const UNIT_COLUMNS_WIDTH: f64 = UNIT_COLUMNS[0] + UNIT_COLUMNS[1] + UNIT_COLUMNS[2];

/// Column widths when units go across.
fn across_widths(book: &Book, units: usize) -> Vec<f64> {
    let criteria = &book.agreement().criteria;
    let mut widths = vec![
        fit_width(criteria.iter().map(|c| c.code.as_str()), 5.0, 9.0),
        CONTENT_WIDTH,
        fit_width(criteria.iter().map(|c| c.measure.as_str()), 6.0, 12.0),
        8.5,
    ];
    widths.extend(std::iter::repeat_n(UNIT_COLUMNS, units).flatten());
    widths
}

/// One criteria line of `Chi tiết` across the units.
fn write_detail_line(
    ws: &mut Worksheet,
    book: &Book,
    scored: &[usize],
    line: usize,
    row: RowNum,
) -> Result<(), XlsxError> {
    let agreement = book.agreement();
    let style = book.lines.style(line, &book.styles);
    let (code, words) = book.lines.label(line, agreement);
    let mut cells = TableRow::new(ws, row);
    cells.fill(D_CODE, D_MAX, &style.text);
    cells.text(D_CODE, &code, &style.center)?;
    cells.text(D_CONTENT, &words, &style.wrap)?;
    if let Line::Criterion(c) = book.lines.lines[line] {
        cells.text(D_MEASURE, &agreement.criteria[c].measure, &style.center)?;
    }
    if let Some(max) = book.lines.max(line, agreement) {
        cells.score(D_MAX, Some(max), style)?;
    }
    let first = DETAIL_HEADER + 2;
    for (k, &unit) in scored.iter().enumerate() {
        let col = D_UNITS + 3 * k as ColNum;
        let result = &book.outcome.units[unit];
        let Some(value) = book.lines.value(line, result) else {
            cells.fill(col, col + 2, &style.text);
            continue;
        };
        if let Line::Criterion(c) = book.lines.lines[line] {
            let score = &result.scores[c];
            cells.target(col, score.target, style)?;
            cells.target(col + 1, score.result, style)?;
            put_criterion_score(&mut cells, book, (col + 2, unit, line), value, style)?;
        } else {
            cells.fill(col, col + 1, &style.text);
            let summands: Vec<(RowNum, ColNum)> = book
                .lines
                .summands(line)
                .iter()
                .map(|&l| (first + l as RowNum, col + 2))
                .collect();
            cells.formula(col + 2, &sum_formula("", &summands), value, &style.score)?;
        }
    }
    let bold = !matches!(book.lines.lines[line], Line::Criterion(_));
    fit_row(cells.finish()?, row, &[(&words, CONTENT_WIDTH)], bold)
}

// Columns when turned: the unit, then each line's columns from `T_LINES`.
const T_STT: ColNum = 0;
const T_CODE: ColNum = 1;
const T_NAME: ColNum = 2;
const T_LINES: ColNum = 3;

/// Units down, criteria across: for huge clusters whose units would not fit across.
fn write_detail_turned(
    ws: &mut Worksheet,
    book: &Book,
    scored: &[usize],
    columns: &[Option<(ColNum, ColNum)>],
    title: &str,
) -> Result<(), XlsxError> {
    let st = &book.styles;
    let agreement = book.agreement();
    let last_col = columns
        .iter()
        .flatten()
        .max()
        .map_or(T_NAME, |&(_, score)| score);
    let widths = turned_widths(book, scored, columns, last_col);
    set_widths(ws, &widths)?;
    let groups: Vec<(ColNum, ColNum)> = columns.iter().flatten().copied().collect();
    let pages = pages_across(&widths, T_LINES, &groups);
    put_title(ws, 0, pages.first_page_end(last_col), title, &st.title)?;
    let (h0, h1, h2) = (DETAIL_HEADER, DETAIL_HEADER + 1, DETAIL_HEADER + 2);
    for (col, heading) in [(T_STT, "STT"), (T_CODE, "Mã"), (T_NAME, "Đơn vị")] {
        ws.merge_range(h0, col, h2, col, heading, &st.header)?;
    }
    let heading = |line: usize| {
        let (code, words) = book.lines.label(line, agreement);
        if code.is_empty() {
            words
        } else {
            format!("{code}. {words}")
        }
    };
    let heading_lines = columns
        .iter()
        .enumerate()
        .filter_map(|(line, place)| {
            let (start, score) = (*place)?;
            let width: f64 = widths[usize::from(start)..=usize::from(score)].iter().sum();
            Some(lines_needed(&heading(line), width, true))
        })
        .max()
        .unwrap_or(1);
    ws.set_row_height(h0, row_points(heading_lines.min(8)))?;
    // Row by row: the headings, then the maxima, then the column names.
    let max = |line: usize| {
        book.lines
            .max(line, agreement)
            .map(|m| format!("Điểm chuẩn: {}", crate::model::numfmt::plain(m, Lang::Vi)))
    };
    let placed = || {
        columns
            .iter()
            .enumerate()
            .filter_map(|(line, place)| place.map(|(start, score)| (line, start, score)))
    };
    for (line, start, score) in placed() {
        // A sum's one column spans the maximum's row too.
        let bottom = if start == score { h1 } else { h0 };
        ws.merge_range(h0, start, bottom, score, clip(&heading(line)), &st.header)?;
    }
    for (line, start, score) in placed().filter(|&(_, start, score)| start != score) {
        ws.merge_range(
            h1,
            start,
            h1,
            score,
            &max(line).unwrap_or_default(),
            &st.header,
        )?;
    }
    for (line, start, score) in placed() {
        if start == score {
            let under = max(line).unwrap_or_else(|| "Điểm".into());
            put_text(ws, h2, start, &under, &st.header)?;
        } else {
            for (offset, heading) in (0..).zip(["Chỉ tiêu", "Kết quả", "Điểm"]) {
                put_text(ws, h2, start + offset, heading, &st.header)?;
            }
        }
    }
    let first = h2 + 1;
    for (k, &unit) in scored.iter().enumerate() {
        write_turned_row(ws, book, columns, unit, (k, first + k as RowNum))?;
        let name = agreement.units[unit].display_name();
        fit_row(
            ws,
            first + k as RowNum,
            &[(name, widths[usize::from(T_NAME)])],
            false,
        )?;
    }
    ws.set_freeze_panes(first, T_LINES)?;
    book.print_across(ws, &pages, T_LINES, (h0, h2))?;
    Ok(())
}

/// Column widths when turned: criteria columns as across, sums a little wider.
fn turned_widths(
    book: &Book,
    scored: &[usize],
    columns: &[Option<(ColNum, ColNum)>],
    last_col: ColNum,
) -> Vec<f64> {
    let names = scored
        .iter()
        .map(|&i| book.agreement().units[i].display_name());
    let mut widths = vec![5.0, 8.0, fit_width(names, 14.0, 30.0)];
    widths.resize(usize::from(last_col) + 1, 9.0);
    for &(start, score) in columns.iter().flatten() {
        if start == score {
            widths[usize::from(start)] = 12.0;
        } else {
            widths[usize::from(start)..=usize::from(score)].copy_from_slice(&UNIT_COLUMNS);
        }
    }
    widths
}

/// Columns of each line when turned: (first column, score column); criteria take three, sums one, headings none.
fn turned_columns(lines: &Lines) -> Vec<Option<(ColNum, ColNum)>> {
    let mut col = T_LINES;
    let mut columns = Vec::with_capacity(lines.len());
    for line in &lines.lines {
        let width = match line {
            Line::Criterion(_) => 3,
            Line::ExtrasHeading => 0,
            _ => 1,
        };
        if width == 0 {
            columns.push(None);
        } else {
            columns.push(Some((col, col + width - 1)));
            col += width;
        }
    }
    columns
}

/// One unit's row of the turned `Chi tiết`.
fn write_turned_row(
    ws: &mut Worksheet,
    book: &Book,
    columns: &[Option<(ColNum, ColNum)>],
    unit: usize,
    (position, row): (usize, RowNum),
) -> Result<(), XlsxError> {
    let result = &book.outcome.units[unit];
    let body = &book.styles.body;
    let mut cells = TableRow::new(ws, row);
    cells.number(T_STT, (position + 1) as f64, &body.center)?;
    cells.text(T_CODE, &result.code, &body.text)?;
    cells.text(
        T_NAME,
        book.agreement().units[unit].display_name(),
        &body.text,
    )?;
    for (line, place) in columns.iter().enumerate() {
        let (Some((start, score)), Some(value)) = (*place, book.lines.value(line, result)) else {
            continue;
        };
        let style = book.lines.style(line, &book.styles);
        if let Line::Criterion(c) = book.lines.lines[line] {
            cells.target(start, result.scores[c].target, style)?;
            cells.target(start + 1, result.scores[c].result, style)?;
            put_criterion_score(&mut cells, book, (score, unit, line), value, style)?;
        } else {
            let summands: Vec<(RowNum, ColNum)> = book
                .lines
                .summands(line)
                .iter()
                .filter_map(|&l| columns[l].map(|(_, s)| (row, s)))
                .collect();
            cells.formula(score, &sum_formula("", &summands), value, &style.score)?;
        }
    }
    cells.finish()?;
    Ok(())
}
