//! `Biểu đồ`: native charts of the totals in rank order and of each unit's
//! scores by section, each the size of one printed page (landscape up to
//! [`LANDSCAPE_MAX`] units, portrait beyond) with a label for every unit,
//! value axes from 0 (below only as far as penalties reach), over a small
//! table of those scores outside the print area (formulas with cached
//! values, so the charts follow hand corrections). Without unit
//! sheets (a very large cluster) they show the first [`CHARTED_MAX`] units
//! of the ranking: a bar per unit of thousands is no picture.

use super::cells::number;
use super::cells::{
    fit_row, fit_width, font, put_formula, put_header, put_text, put_title, set_widths,
};
use super::lines::{sum_formula, Line};
use super::summary::{summary_row, S_NAME, S_TOTAL};
use super::{
    column_pixels, Book, CHARTS_SHEET, FONT, LANDSCAPE_PIXELS, MARGIN_BOTTOM, MARGIN_LEFT,
    MARGIN_RIGHT, MARGIN_TOP, PORTRAIT_PIXELS, SUMMARY_SHEET,
};
use crate::render::OFFICIAL;
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::{quote_sheet_name, row_col_to_cell_absolute};
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartFont, ChartLegendPosition, ChartType, ColNum,
    RowNum, Worksheet, XlsxError,
};

/// Pixels of a default row (Times New Roman 12).
const ROW_PIXELS: u32 = 21;
/// Units charted without unit sheets: the head of the ranking.
const CHARTED_MAX: usize = 50;
/// Up to this many units the charts print on landscape pages; beyond, on
/// portrait pages, where a bar per unit has room to be labelled.
const LANDSCAPE_MAX: usize = 16;
/// Pixels of a chart that are not its plot: title, value axis, margins.
const PLOT_OVERHEAD: u32 = 150;
/// Rows of the sheet title above the first chart.
const TITLE_ROWS: RowNum = 2;

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

/// How the charts sit on the printed pages: each chart the size of one
/// page at 100 %, a page break between them, the chart data after the print
/// area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ChartPages {
    pub(crate) landscape: bool,
    /// Chart size in pixels.
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// Height of the first chart (under the sheet title).
    pub(crate) first_height: u32,
    /// Category label size, in points: small enough for a line per unit.
    pub(crate) label_points: u32,
}

impl ChartPages {
    /// The page set-up for `units` bars printed at `scale` percent: the
    /// charts are made taller by as much as the print shrinks them.
    pub(crate) fn of(units: usize, scale: u16) -> ChartPages {
        let landscape = units <= LANDSCAPE_MAX;
        let (page_w, page_h) = if landscape {
            (PAGE_LONG, PAGE_SHORT)
        } else {
            (PAGE_SHORT, PAGE_LONG)
        };
        // Printable pixels at 96 per inch, a little short of the margins so
        // that no viewer's rounding pushes a chart onto a second page.
        let width = ((page_w - MARGIN_LEFT - MARGIN_RIGHT) * 96.0 * 0.97) as u32;
        let stretch = 100.0 / f64::from(scale.clamp(10, 100));
        let height = ((page_h - MARGIN_TOP - MARGIN_BOTTOM) * 96.0 * 0.95 * stretch) as u32;
        let first_height = height - TITLE_ROWS * ROW_PIXELS;
        // The plot takes what the title, the axis and the legend leave.
        let plot = f64::from(first_height.saturating_sub(PLOT_OVERHEAD));
        let per_unit = plot / units.max(1) as f64;
        let label_points = (per_unit / 1.333 / 1.3).floor().clamp(7.0, 11.0) as u32;
        ChartPages {
            landscape,
            width,
            height,
            first_height,
            label_points,
        }
    }

    /// Rows a chart of `height` pixels spans.
    fn rows(height: u32) -> RowNum {
        height.div_ceil(ROW_PIXELS)
    }
}

/// A4's sides and the sheet's margins, in inches.
const PAGE_LONG: f64 = 297.0 / 25.4;
const PAGE_SHORT: f64 = 210.0 / 25.4;

/// `Biểu đồ`: totals in rank order, and section scores by unit, as native
/// charts, one a printed page; the chart data under them, not printed.
pub(super) fn write_charts(ws: &mut Worksheet, book: &Book) -> Result<(), XlsxError> {
    ws.set_name(CHARTS_SHEET)?;
    let st = &book.styles;
    let year = book.agreement().info.year;
    let ranked = charted(book);
    let unscaled = ChartPages::of(ranked.len(), 100);
    let groups = chart_groups(book);
    let widths = table_widths(book, &groups);
    set_widths(ws, &widths)?;
    let last_col = last_column(&widths, unscaled.width);
    let scale = print_scale(&widths, last_col, &unscaled);
    let pages = ChartPages::of(ranked.len(), scale);
    put_title(
        ws,
        0,
        last_col,
        &format!("BIỂU ĐỒ KẾT QUẢ THI ĐUA NĂM {year}"),
        &st.title,
    )?;
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
    let totals_at: RowNum = TITLE_ROWS;
    let sections_at = totals_at + ChartPages::rows(pages.first_height);
    let table_at = sections_at + ChartPages::rows(pages.height) + 2;
    write_chart_table(ws, book, &groups, table_at, &widths)?;
    let (min, max, step) = totals_scale(book);
    ws.insert_chart(totals_at, 0, &totals_chart(book, &pages, (min, max, step)))?;
    let sections = sections_chart(book, &groups, table_at, &pages);
    ws.insert_chart(sections_at, 0, &sections)?;
    book.page_setup(ws, pages.landscape, None)?;
    ws.set_print_scale(scale);
    ws.set_page_breaks(&[sections_at])?;
    ws.set_print_area(0, 0, table_at - 2, last_col)?;
    Ok(())
}

/// The last column a chart `width` pixels wide reaches, from column A (the
/// columns past `widths` have the default width, 8.43 characters):
/// columns are counted at Excel's 8 pixels a character, narrower than
/// LibreOffice prints them, so the print area never cuts a chart.
fn last_column(widths: &[f64], width: u32) -> ColNum {
    let mut reached = 0.0;
    for col in 0..u16::MAX - 1 {
        let w = widths.get(usize::from(col)).copied().unwrap_or(8.43);
        reached += w * 8.0 + 5.0;
        if reached >= f64::from(width) {
            return col;
        }
    }
    0
}

/// The print scale that keeps the print area (the charts' columns, as wide
/// as LibreOffice makes them) within the page width: a little under 100 %.
fn print_scale(widths: &[f64], last_col: ColNum, pages: &ChartPages) -> u16 {
    let area: f64 = (0..=last_col)
        .map(|col| column_pixels(widths.get(usize::from(col)).copied().unwrap_or(8.43)))
        .sum();
    let page = if pages.landscape {
        LANDSCAPE_PIXELS
    } else {
        PORTRAIT_PIXELS
    };
    (100.0 * page / area).floor().clamp(10.0, 100.0) as u16
}

/// A round step for an axis from 0 to `max` in six to fifteen steps (1, 2, 5 × 10ⁿ).
pub(crate) fn nice_step(max: f64) -> f64 {
    let raw = (max / 15.0).max(0.1);
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * power)
}

/// The value axis of a chart whose bars reach `low` (≤ 0) and `high`:
/// from 0, or from the round step below the lowest bar when some go below
/// 0, to the step above the highest; and the step.
pub(crate) fn axis_scale(low: f64, high: f64) -> (f64, f64, f64) {
    let step = nice_step((high - low.min(0.0)).max(1.0));
    let min = if low < 0.0 {
        -(-low / step).ceil() * step
    } else {
        0.0
    };
    let max = ((high.max(0.0) / step).ceil() * step).max(step);
    (min, max, step)
}

/// The axis of the totals chart.
fn totals_scale(book: &Book) -> (f64, f64, f64) {
    let totals = charted(book)
        .iter()
        .filter_map(|&i| book.outcome.units[i].total)
        .map(number);
    let (low, high) = totals.fold((0.0f64, 0.0f64), |(l, h), x| (l.min(x), h.max(x)));
    axis_scale(low, high)
}

/// The axis of the section chart: stacked bars reach the sum of their
/// negative parts on the left, of their positive parts on the right.
fn sections_scale(book: &Book, groups: &[ChartGroup]) -> (f64, f64, f64) {
    let mut low = 0.0f64;
    let mut high = 0.0f64;
    for &unit in charted(book) {
        let result = &book.outcome.units[unit];
        let (mut neg, mut pos) = (0.0, 0.0);
        for group in groups {
            let value: Decimal = group
                .lines
                .iter()
                .filter_map(|&l| book.lines.value(l, result))
                .sum();
            let x = number(value);
            if x < 0.0 {
                neg += x;
            } else {
                pos += x;
            }
        }
        low = low.min(neg);
        high = high.max(pos);
    }
    axis_scale(low, high)
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
    /// The heading of its column in the chart data: "Mục I", ...
    short: String,
    /// Lines of the unit's sheet whose scores it adds up.
    lines: Vec<usize>,
}

/// The series of the section chart, in the order of the criteria table.
fn chart_groups(book: &Book) -> Vec<ChartGroup> {
    let lines = &book.lines;
    let agreement = book.agreement();
    let mut groups = Vec::new();
    // In a tree, the criteria outside any group, wherever they stand.
    let loose: Vec<usize> = match &agreement.tree {
        Some(tree) => (0..tree.nodes.len())
            .filter(|&n| tree.nodes[n].parent.is_none() && !tree.nodes[n].is_group())
            .collect(),
        None => (0..lines.len())
            .take_while(|&l| matches!(lines.lines[l], Line::Criterion(_)))
            .collect(),
    };
    if !loose.is_empty() {
        groups.push(ChartGroup {
            name: "Tiêu chí chung".into(),
            short: "Tiêu chí chung".into(),
            lines: loose,
        });
    }
    for (at, line) in lines.lines.iter().enumerate() {
        match line {
            Line::Section { section, .. } => {
                let s = &agreement.sections[*section];
                groups.push(ChartGroup {
                    name: format!("{}. {}", s.code, s.title),
                    short: format!("Mục {}", s.code),
                    lines: vec![at],
                });
            }
            Line::Group { node, .. } => {
                let Some(n) = agreement.tree.as_ref().and_then(|t| t.nodes.get(*node)) else {
                    continue;
                };
                if n.parent.is_none() {
                    groups.push(ChartGroup {
                        name: format!("{} {}", n.code, n.title),
                        short: n.code.clone(),
                        lines: vec![at],
                    });
                }
            }
            // In a tree, bonus and penalty are in the groups the tree puts them.
            Line::Total { extras } if !extras.is_empty() && agreement.tree.is_none() => groups
                .push(ChartGroup {
                    name: "Điểm cộng, điểm trừ".into(),
                    short: "Cộng, trừ".into(),
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
    put_text(
        ws,
        at - 1,
        0,
        "Số liệu của biểu đồ (không in; kết quả đầy đủ ở trang Tổng hợp và Chi tiết)",
        &st.label,
    )?;
    let mut headings: Vec<&str> = vec!["Xếp hạng", "Đơn vị"];
    headings.extend(groups.iter().map(|g| g.short.as_str()));
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
fn totals_chart(book: &Book, pages: &ChartPages, (min, max, step): (f64, f64, f64)) -> Chart {
    let n = charted(book).len() as RowNum;
    let (first, last) = (summary_row(0), summary_row(0) + n - 1);
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_name("Tổng điểm")
        .set_categories((SUMMARY_SHEET, first, S_NAME, last, S_NAME))
        .set_values((SUMMARY_SHEET, first, S_TOTAL, last, S_TOTAL))
        .set_gap(60)
        .set_data_label(
            ChartDataLabel::new()
                .show_value()
                .set_num_format("0.00")
                .set_font(&chart_font(pages.label_points.min(10))),
        );
    let year = book.agreement().info.year;
    chart
        .title()
        .set_name(&format!("Tổng điểm thi đua năm {year}{}", head_note(book)))
        .set_font(&chart_font(13));
    category_axis(chart.y_axis(), pages);
    chart
        .x_axis()
        .set_font(&chart_font(10))
        .set_num_format("0")
        .set_min(min)
        .set_max(max)
        .set_major_unit(step);
    chart.legend().set_hidden();
    chart.set_width(pages.width).set_height(pages.first_height);
    chart
}

/// The category axis of a bar chart: units down from rank 1, every one labelled.
fn category_axis(axis: &mut rust_xlsxwriter::ChartAxis, pages: &ChartPages) {
    axis.set_reverse()
        .set_label_interval(1)
        .set_crossing(ChartAxisCrossing::Max)
        .set_font(&chart_font(pages.label_points));
}

/// Each unit's scores by section, stacked, from the chart table.
fn sections_chart(
    book: &Book,
    groups: &[ChartGroup],
    table_at: RowNum,
    pages: &ChartPages,
) -> Chart {
    let n = charted(book).len() as RowNum;
    let (first, last) = (table_at + 1, table_at + n);
    let mut chart = Chart::new(ChartType::BarStacked);
    for (col, group) in (2..).zip(groups) {
        chart
            .add_series()
            .set_name(group.name.as_str())
            .set_categories((CHARTS_SHEET, first, 1, last, 1))
            .set_values((CHARTS_SHEET, first, col, last, col))
            .set_gap(60);
    }
    chart
        .title()
        .set_name(&format!("Điểm theo mục{}", head_note(book)))
        .set_font(&chart_font(13));
    category_axis(chart.y_axis(), pages);
    let (min, max, step) = sections_scale(book, groups);
    chart
        .x_axis()
        .set_font(&chart_font(10))
        .set_num_format("0")
        .set_min(min)
        .set_max(max)
        .set_major_unit(step);
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&chart_font(10));
    chart.set_width(pages.width).set_height(pages.height);
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_units_fit_one_portrait_page_with_a_readable_label_each() {
        let pages = ChartPages::of(60, 100);
        assert!(!pages.landscape);
        assert!(pages.label_points >= 7);
        let line = f64::from(pages.label_points) * 1.333 * 1.3;
        assert!(line * 60.0 <= f64::from(pages.first_height - PLOT_OVERHEAD));
        let few = ChartPages::of(4, 100);
        let shrunk = ChartPages::of(60, 80);
        assert_eq!(shrunk.width, pages.width);
        assert!(f64::from(shrunk.height) * 0.8 <= f64::from(pages.height) + 1.0);
        assert!(shrunk.height > pages.height);
        assert!(few.landscape);
        assert_eq!(few.label_points, 11);
    }

    #[test]
    fn the_axis_goes_below_zero_only_as_far_as_the_bars() {
        assert_eq!(axis_scale(0.0, 101.85), (0.0, 110.0, 10.0));
        let (min, _, step) = axis_scale(-1.0, 101.85);
        assert!(min < 0.0 && min >= -step, "{min}");
        assert_eq!(axis_scale(-12.0, 101.85).0, -20.0);
        assert_eq!(axis_scale(0.0, 0.0).0, 0.0);
        assert_eq!(nice_step(7.0), 0.5);
    }
}
