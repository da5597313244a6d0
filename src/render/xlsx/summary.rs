//! `Tổng hợp`: the title block, the ranking with totals as formulas over
//! the unit sheets (over `Chi tiết` when there are none), the units without
//! a usable workbook after the ranked ones, and next year's head and deputy.
//! Written row by row (the sheet is streamed).

use super::cells::{
    cached, date_text, fit_row, fit_width, font, highlight_nonzero, number, put_header, put_text,
    put_title, set_widths, TableRow,
};
use super::unit::{UNIT_FIRST, U_SELF};
use super::{is_scored, Book, SUMMARY_SHEET};
use crate::model::diagnostic::Lang;
use crate::model::AgreementInfo;
use crate::model::Outcome;
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

/// The header row of the ranking, under the title block.
const SUMMARY_HEADER: RowNum = 6;
// Columns of the ranking.
const S_STT: ColNum = 0;
const S_CODE: ColNum = 1;
pub(super) const S_NAME: ColNum = 2;
const S_SELF: ColNum = 3;
pub(super) const S_TOTAL: ColNum = 4;
const S_DIFF: ColNum = 5;
const S_PERCENT: ColNum = 6;
const S_RANK: ColNum = 7;
const S_CLASS: ColNum = 8;
const S_PROPOSAL: ColNum = 9;
const S_STATUS: ColNum = 10;

/// Row of the `Tổng hợp` table holding the unit at `position` (ranked units first).
pub(super) fn summary_row(position: usize) -> RowNum {
    SUMMARY_HEADER + 1 + position as RowNum
}

/// `Tổng hợp`: title block, the ranking, unranked units with their status, next year's head and deputy.
pub(super) fn write_summary(ws: &mut Worksheet, book: &Book) -> Result<(), XlsxError> {
    ws.set_name(SUMMARY_SHEET)?;
    let info = &book.agreement().info;
    let st = &book.styles;
    put_title(
        ws,
        0,
        S_STATUS,
        &info.organisation.to_uppercase(),
        &st.heading,
    )?;
    put_title(ws, 1, S_STATUS, &info.cluster.to_uppercase(), &st.heading)?;
    let title = format!("BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM {}", info.year);
    put_title(ws, 2, S_STATUS, &title, &st.title)?;
    if let Some(line) = conference_line(info) {
        put_title(ws, 3, S_STATUS, &line, &st.subtitle)?;
    }
    let base = format!(
        "Điểm chuẩn (chưa kể điểm cộng, điểm trừ): {}",
        crate::model::numfmt::plain(book.agreement().base_max(), Lang::Vi)
    );
    put_title(ws, 4, S_STATUS, &base, &st.subtitle)?;
    let headings = [
        "STT",
        "Mã",
        "Đơn vị",
        "Tự chấm",
        "Tổng điểm",
        "Chênh lệch",
        "Tỷ lệ so với điểm chuẩn",
        "Xếp hạng",
        "Xếp loại",
        "Đề nghị khen thưởng",
        "Tình trạng",
    ];
    let order = summary_order(book.outcome);
    let widths = summary_widths(book, &order);
    set_widths(ws, &widths)?;
    put_header(ws, SUMMARY_HEADER, &headings, &widths, st)?;
    for (position, &unit) in order.iter().enumerate() {
        write_summary_row(ws, book, (position, unit), &widths)?;
    }
    let last = summary_row(order.len()).saturating_sub(1);
    highlight_nonzero(ws, (summary_row(0), last), S_DIFF, st)?;
    write_next_year(ws, book, last + 2)?;
    ws.set_freeze_panes(SUMMARY_HEADER + 1, 0)?;
    book.print_setup(ws, true, Some((SUMMARY_HEADER, SUMMARY_HEADER)))?;
    ws.set_active(true);
    Ok(())
}

/// Column widths of `Tổng hợp`: fixed for numbers, fitted for names and statuses.
fn summary_widths(book: &Book, order: &[usize]) -> Vec<f64> {
    let units = &book.outcome.units;
    let codes = order.iter().map(|&i| units[i].code.as_str());
    let names = order
        .iter()
        .map(|&i| book.agreement().units[i].display_name());
    let classes = order
        .iter()
        .filter_map(|&i| units[i].classification.map(|c| c.name_vi()));
    let statuses: Vec<String> = order.iter().map(|&i| book.status_text(i)).collect();
    vec![
        5.0,
        fit_width(codes, 6.0, 12.0),
        fit_width(names, 14.0, 36.0),
        9.5,
        9.5,
        9.5,
        11.0,
        8.5,
        fit_width(classes, 9.0, 12.0),
        12.0,
        fit_width(statuses.iter().map(String::as_str), 12.0, 30.0),
    ]
}

/// Ranked units in rank order, then the others in `Đơn vị` order.
fn summary_order(outcome: &Outcome) -> Vec<usize> {
    let mut ranked = vec![false; outcome.units.len()];
    for &i in &outcome.ranking {
        ranked[i] = true;
    }
    let unranked = (0..outcome.units.len()).filter(|&i| !ranked[i]);
    outcome.ranking.iter().copied().chain(unranked).collect()
}

/// "Hội nghị tổng kết tại <place>, ngày dd/mm/yyyy", as far as the agreement tells.
fn conference_line(info: &AgreementInfo) -> Option<String> {
    let place = info
        .place
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    match (place, info.conference_date) {
        (Some(p), Some(d)) => Some(format!("Hội nghị tổng kết tại {p}, ngày {}", date_text(d))),
        (Some(p), None) => Some(format!("Hội nghị tổng kết tại {p}")),
        (None, Some(d)) => Some(format!("Hội nghị tổng kết ngày {}", date_text(d))),
        (None, None) => None,
    }
}

/// One unit's row of `Tổng hợp`: totals as formulas over the unit's sheet.
fn write_summary_row(
    ws: &mut Worksheet,
    book: &Book,
    (position, unit): (usize, usize),
    widths: &[f64],
) -> Result<(), XlsxError> {
    let row = summary_row(position);
    let st = &book.styles.body;
    let result = &book.outcome.units[unit];
    let mut cells = TableRow::new(ws, row);
    cells.fill(S_STT, S_STATUS, &st.text);
    cells.number(S_STT, (position + 1) as f64, &st.center)?;
    cells.text(S_CODE, &result.code, &st.text)?;
    cells.text(
        S_NAME,
        book.agreement().units[unit].display_name(),
        &st.wrap,
    )?;
    let total = result.total.filter(|_| is_scored(result));
    if let (Some(total), Some(source)) = (total, book.score_ref(unit, book.lines.total)) {
        cells.formula(S_TOTAL, &source, total, &st.score)?;
        let total_cell = row_col_to_cell(row, S_TOTAL);
        if let Some(own) = result.self_total {
            if book.has_unit_sheets() {
                let total_row = UNIT_FIRST + book.lines.total as RowNum;
                let source = book.unit_cell(unit, total_row, U_SELF);
                cells.formula(S_SELF, &source, own, &st.score)?;
            } else {
                cells.number(S_SELF, number(own), &st.score)?;
            }
            let formula = format!("{total_cell}-{}", row_col_to_cell(row, S_SELF));
            cells.formula(S_DIFF, &formula, total - own, &st.score)?;
        }
        let base_max = book.agreement().base_max();
        if !base_max.is_zero() {
            let formula = format!("{total_cell}/{}", cached(base_max));
            cells.formula(S_PERCENT, &formula, total / base_max, &st.percent)?;
        }
    }
    if let Some(rank) = result.rank {
        cells.number(S_RANK, f64::from(rank), &st.center)?;
    }
    if let Some(c) = result.classification {
        cells.text(S_CLASS, c.name_vi(), &st.center)?;
    }
    if let Some(p) = result.proposal {
        cells.text(S_PROPOSAL, p.name_vi(), &st.center)?;
    }
    let status = book.status_text(unit);
    cells.text(S_STATUS, &status, &st.wrap)?;
    cells.finish()?;
    let name = book.agreement().units[unit].display_name();
    let wrapped = [
        (name, widths[usize::from(S_NAME)]),
        (status.as_str(), widths[usize::from(S_STATUS)]),
    ];
    fit_row(ws, row, &wrapped, false)
}

/// Next year's head and deputy under the ranking.
fn write_next_year(ws: &mut Worksheet, book: &Book, row: RowNum) -> Result<(), XlsxError> {
    let info = &book.agreement().info;
    let who = |code: &str| match book.agreement().unit(code) {
        Some(u) => format!("{} ({code})", u.display_name()),
        None => code.to_string(),
    };
    let label = &book.styles.label;
    put_text(ws, row, S_CODE, &format!("Năm {}:", info.year + 1), label)?;
    put_text(
        ws,
        row + 1,
        S_CODE,
        &format!("Cụm trưởng: {}", who(&info.next_head)),
        &font(),
    )?;
    put_text(
        ws,
        row + 2,
        S_CODE,
        &format!("Cụm phó: {}", who(&info.next_deputy)),
        &font(),
    )?;
    Ok(())
}
