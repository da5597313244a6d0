//! `Biểu đồ`: native charts of the totals in rank order and of each unit's
//! scores by section, over a small table of those scores (formulas with
//! cached values, so the charts follow hand corrections). Without unit
//! sheets (a very large cluster) they show the first [`CHARTED_MAX`] units
//! of the ranking: a bar per unit of thousands is no picture.

use super::cells::{
    fit_row, fit_width, font, put_formula, put_header, put_text, put_title, set_widths,
};
use super::lines::{sum_formula, Line};
use super::summary::{summary_row, S_NAME, S_TOTAL};
use super::{Book, CHARTS_SHEET, FONT, LANDSCAPE_PIXELS, SUMMARY_SHEET};
use crate::render::OFFICIAL;
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::{quote_sheet_name, row_col_to_cell_absolute};
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartFont, ChartLegendPosition, ChartType, ColNum,
    RowNum, Worksheet, XlsxError,
};

/// Pixels of a default row (Times New Roman 12).
const ROW_PIXELS: u32 = 21;
/// Width of the charts in pixels.
const CHART_WIDTH: u32 = 960;
/// Units charted without unit sheets: the head of the ranking.
const CHARTED_MAX: usize = 50;

/// " (n đơn vị xếp đầu)" when the charts show only the head of the ranking.
fn head_note(book: &Book) -> String {
    let shown = charted(book).len();
    if shown < book.outcome.ranking.len() {
        format!(" ({shown} đơn vị xếp đầu)")
    } else {
        String::new()
    }
}

/// The units charted, in rank order: all ranked ones, or the head of the ranking.
fn charted<'b>(book: &'b Book) -> &'b [usize] {
    let ranking = &book.outcome.ranking;
    if book.has_unit_sheets() {
        ranking
    } else {
        &ranking[..ranking.len().min(CHARTED_MAX)]
    }
}

/// `Biểu đồ`: totals in rank order, and section scores by unit, as native
/// charts, over a small table of the section scores.
pub(super) fn write_charts(ws: &mut Worksheet, book: &Book) -> Result<(), XlsxError> {
    ws.set_name(CHARTS_SHEET)?;
    let st = &book.styles;
    let year = book.agreement().info.year;
    put_title(
        ws,
        0,
        9,
        &format!("BIỂU ĐỒ KẾT QUẢ THI ĐUA NĂM {year}"),
        &st.title,
    )?;
    let ranked = charted(book);
    if ranked.is_empty() {
        put_text(
            ws,
            2,
            0,
            OFFICIAL.pick(
                "Chưa có đơn vị nào được chấm điểm.",
                "No unit has been scored.",
            ),
            &font(),
        )?;
        book.print_setup(ws, true, None)?;
        return Ok(());
    }
    let height = chart_height(ranked.len());
    let rows_per_chart = height.div_ceil(ROW_PIXELS) + 2;
    let totals_at: RowNum = 2;
    let sections_at = totals_at + rows_per_chart;
    let table_at = sections_at + rows_per_chart;
    let groups = chart_groups(book);
    let widths = table_widths(book, &groups);
    set_widths(ws, &widths)?;
    write_chart_table(ws, book, &groups, table_at, &widths)?;
    ws.insert_chart(totals_at, 0, &totals_chart(book, height))?;
    let sections = sections_chart(book, &groups, table_at, height);
    ws.insert_chart(sections_at + 1, 0, &sections)?;
    book.page_setup(ws, true, None)?;
    ws.set_print_scale(print_scale(&widths));
    ws.set_page_breaks(&[sections_at, table_at])?;
    Ok(())
}

/// Height of a chart in pixels: each on a page of its own while the bars
/// fit one (a landscape A4 page holds about 600 pixels), taller beyond.
fn chart_height(units: usize) -> u32 {
    let units = u32::try_from(units).unwrap_or(u32::MAX / 64);
    if units * 16 + 140 <= 600 {
        (units * 40 + 160).clamp(400, 600)
    } else {
        units.saturating_mul(16).saturating_add(140)
    }
}

/// The scale that fits the charts and the table to the page width: the
/// sheet breaks pages before each chart, which fitting would override.
fn print_scale(widths: &[f64]) -> u16 {
    let table: f64 = widths.iter().map(|w| w * 8.0 + 5.0).sum();
    let content = table.max(f64::from(CHART_WIDTH) + 20.0);
    let scale = (100.0 * LANDSCAPE_PIXELS / content)
        .floor()
        .clamp(10.0, 100.0);
    scale as u16
}

/// Column widths of the chart table.
fn table_widths(book: &Book, groups: &[ChartGroup]) -> Vec<f64> {
    let names = charted(book)
        .iter()
        .map(|&i| book.agreement().units[i].display_name());
    let mut widths = vec![8.0, fit_width(names, 14.0, 30.0)];
    widths.extend(groups.iter().map(|_| 13.0));
    widths.push(10.0);
    widths
}

/// A group of lines charted as one series: a section, the criteria outside
/// sections, or bonus and penalty.
struct ChartGroup {
    name: String,
    /// Lines of the unit's sheet whose scores it adds up.
    lines: Vec<usize>,
}

/// The series of the section chart, in the order of the criteria table.
fn chart_groups(book: &Book) -> Vec<ChartGroup> {
    let lines = &book.lines;
    let agreement = book.agreement();
    let mut groups = Vec::new();
    let loose: Vec<usize> = (0..lines.len())
        .take_while(|&l| matches!(lines.lines[l], Line::Criterion(_)))
        .collect();
    if !loose.is_empty() {
        groups.push(ChartGroup {
            name: "Tiêu chí chung".into(),
            lines: loose,
        });
    }
    for (at, line) in lines.lines.iter().enumerate() {
        match line {
            Line::Section { section, .. } => {
                let s = &agreement.sections[*section];
                groups.push(ChartGroup {
                    name: format!("{}. {}", s.code, s.title),
                    lines: vec![at],
                });
            }
            Line::Total { extras } if !extras.is_empty() => groups.push(ChartGroup {
                name: "Điểm cộng, điểm trừ".into(),
                lines: extras.iter().map(|&c| lines.of_criterion[c]).collect(),
            }),
            _ => {}
        }
    }
    groups
}

/// The chart table: ranked units down, each group's score and the total across.
fn write_chart_table(
    ws: &mut Worksheet,
    book: &Book,
    groups: &[ChartGroup],
    at: RowNum,
    widths: &[f64],
) -> Result<(), XlsxError> {
    let st = &book.styles;
    let mut headings: Vec<&str> = vec!["Xếp hạng", "Đơn vị"];
    headings.extend(groups.iter().map(|g| g.name.as_str()));
    headings.push("Tổng điểm");
    put_header(ws, at, &headings, widths, st)?;
    let body = &st.body;
    for (k, &unit) in charted(book).iter().enumerate() {
        let row = at + 1 + k as RowNum;
        let result = &book.outcome.units[unit];
        if let Some(rank) = result.rank {
            ws.write_number_with_format(row, 0, f64::from(rank), &body.center)?;
        }
        let name = book.agreement().units[unit].display_name();
        put_text(ws, row, 1, name, &body.wrap)?;
        fit_row(ws, row, &[(name, widths[1])], false)?;
        for (g, group) in (2..).zip(groups) {
            let places: Vec<(&str, RowNum, ColNum)> = group
                .lines
                .iter()
                .filter_map(|&l| book.score_place(unit, l))
                .collect();
            let sheet = places
                .first()
                .map_or(String::new(), |p| format!("{}!", quote_sheet_name(p.0)));
            let cells: Vec<(RowNum, ColNum)> = places.iter().map(|p| (p.1, p.2)).collect();
            let value: Decimal = group
                .lines
                .iter()
                .filter_map(|&l| book.lines.value(l, result))
                .sum();
            put_formula(ws, row, g, &sum_formula(&sheet, &cells), value, &body.score)?;
        }
        let total_col = 2 + groups.len() as ColNum;
        let total_row = summary_row(k);
        let source = format!(
            "{}!{}",
            quote_sheet_name(SUMMARY_SHEET),
            row_col_to_cell_absolute(total_row, S_TOTAL)
        );
        put_formula(
            ws,
            row,
            total_col,
            &source,
            result.total.unwrap_or_default(),
            &body.score,
        )?;
    }
    Ok(())
}

/// The chart font: Times New Roman at `size`.
fn chart_font(size: u32) -> ChartFont {
    let mut f = ChartFont::new();
    f.set_name(FONT).set_size(size);
    f
}

/// Totals in rank order, rank 1 at the top, from `Tổng hợp`.
fn totals_chart(book: &Book, height: u32) -> Chart {
    let n = charted(book).len() as RowNum;
    let (first, last) = (summary_row(0), summary_row(0) + n - 1);
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_name("Tổng điểm")
        .set_categories((SUMMARY_SHEET, first, S_NAME, last, S_NAME))
        .set_values((SUMMARY_SHEET, first, S_TOTAL, last, S_TOTAL))
        .set_data_label(
            ChartDataLabel::new()
                .show_value()
                .set_num_format("0.00")
                .set_font(&chart_font(10)),
        );
    let year = book.agreement().info.year;
    chart
        .title()
        .set_name(&format!("Tổng điểm thi đua năm {year}{}", head_note(book)))
        .set_font(&chart_font(13));
    chart
        .y_axis()
        .set_reverse()
        .set_label_interval(1)
        .set_crossing(ChartAxisCrossing::Max)
        .set_font(&chart_font(11));
    chart.x_axis().set_font(&chart_font(10)).set_num_format("0");
    chart.legend().set_hidden();
    chart.set_width(CHART_WIDTH).set_height(height);
    chart
}

/// Each unit's scores by section, stacked, from the chart table.
fn sections_chart(book: &Book, groups: &[ChartGroup], table_at: RowNum, height: u32) -> Chart {
    let n = charted(book).len() as RowNum;
    let (first, last) = (table_at + 1, table_at + n);
    let mut chart = Chart::new(ChartType::BarStacked);
    for (col, _) in (2..).zip(groups) {
        chart
            .add_series()
            .set_name((CHARTS_SHEET, table_at, col))
            .set_categories((CHARTS_SHEET, first, 1, last, 1))
            .set_values((CHARTS_SHEET, first, col, last, col));
    }
    chart
        .title()
        .set_name(&format!("Điểm theo mục{}", head_note(book)))
        .set_font(&chart_font(13));
    chart
        .y_axis()
        .set_reverse()
        .set_label_interval(1)
        .set_crossing(ChartAxisCrossing::Max)
        .set_font(&chart_font(11));
    chart.x_axis().set_font(&chart_font(10)).set_num_format("0");
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&chart_font(10));
    chart.set_width(CHART_WIDTH).set_height(height);
    chart
}
