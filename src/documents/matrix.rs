//! The handout's appendix past a few units: one table of criteria × units,
//! the criteria as rows (each section row with its subtotals, a total row
//! at the foot) and the units as columns, cut into groups of unit columns
//! that fit the page's width, the criterion columns repeated in each.
//!
//! Owns the groups and the content of those tables; the page they go on
//! (landscape) and their placement are `render::pdf`'s.

use super::parts::{
    criteria_with_sections, criterion_words, header_cells, place_name, section_max_cell, Item,
};
use crate::document::decree::caption;
use crate::document::{Align, Block, Cell, Column, Row, Span, Table};
use crate::model::diagnostic::Lang;
use crate::model::numfmt;
use crate::model::{Outcome, UnitStatus};
use rust_decimal::Decimal;

/// The text width of a landscape A4 page with Decree 30's margins turned
/// as the sheet turns (the top and bottom margins at the sides), in mm.
pub const LANDSCAPE_WIDTH_MM: f32 = 257.0;
/// Widths of the code, content and maximum columns, in mm.
const CODE: f32 = 10.0;
const CONTENT: f32 = 80.0;
const MAX: f32 = 13.0;
/// Narrowest a unit's column may be, in mm (a score "100,41" at 10 pt, a short name on two lines).
const UNIT_MIN: f32 = 14.0;
/// The tables' type size.
const SIZE: f32 = 10.0;
/// The mark of an adjusted score.
const ADJUSTED: &str = "(*)";

/// The groups of unit indices, each as many as fit `width` mm beside the
/// criterion columns, as even in size as can be.
pub fn groups(units: usize, width: f32) -> Vec<std::ops::Range<usize>> {
    let per = (((width - CODE - CONTENT - MAX) / UNIT_MIN).floor() as usize).max(1);
    if units == 0 {
        return Vec::new();
    }
    let count = units.div_ceil(per);
    let base = units / count;
    let extra = units % count;
    let mut out = Vec::new();
    let mut start = 0;
    for g in 0..count {
        let n = base + usize::from(g < extra);
        out.push(start..start + n);
        start += n;
    }
    out
}

/// The tables of criteria × units for a page `width` mm wide, one per group of units.
pub fn tables_for(o: &Outcome, width: f32) -> Vec<Block> {
    let parts = groups(o.units.len(), width);
    let count = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(g, range)| Block::Table(table(o, range, g + 1, count)))
        .collect()
}

/// The tables for a landscape page.
pub fn tables(o: &Outcome) -> Vec<Block> {
    tables_for(o, LANDSCAPE_WIDTH_MM)
}

fn score(x: Option<Decimal>) -> String {
    x.map_or_else(|| "-".to_string(), |x| numfmt::score(x, Lang::Vi))
}

fn table(o: &Outcome, units: std::ops::Range<usize>, number: usize, count: usize) -> Table {
    let a = &o.agreement;
    let n = units.len();
    let scored = |i: usize| o.units[i].status == UnitStatus::Scored;
    let mut rows = Vec::new();
    for item in criteria_with_sections(a) {
        match item {
            Item::Section(s) => {
                let mut cells = vec![
                    Cell::bold(s.code).align(Align::Center),
                    Cell::bold(&s.title).align(Align::Left),
                    section_max_cell(s.max),
                ];
                for i in units.clone() {
                    let sum = scored(i).then(|| {
                        s.members
                            .iter()
                            .filter_map(|&k| o.units[i].scores.get(k))
                            .map(|s| s.score)
                            .sum::<Decimal>()
                    });
                    cells.push(Cell::bold(&score(sum)));
                }
                rows.push(Row::section(cells));
            }
            Item::Criterion(k, c) => {
                let mut cells = vec![
                    Cell::text(&c.code),
                    Cell::text(&criterion_words(a, k)),
                    Cell::text(&numfmt::plain(c.max, Lang::Vi)),
                ];
                for i in units.clone() {
                    let s = o.units[i].scores.get(k).filter(|_| scored(i));
                    let mut text = score(s.map(|s| s.score));
                    if s.is_some_and(|s| s.adjustment.is_some()) {
                        text = format!("{text} {ADJUSTED}");
                    }
                    cells.push(Cell::text(&text));
                }
                rows.push(Row::data(cells));
            }
        }
    }
    let mut total = vec![
        Cell::bold("Tổng cộng").colspan(2).align(Align::Center),
        Cell::bold(&numfmt::plain(a.base_max(), Lang::Vi)),
    ];
    total.extend(
        units
            .clone()
            .map(|i| Cell::spans(vec![Span::bold(&score(o.units[i].total))])),
    );
    rows.push(Row::total(total));
    let mut rank = vec![Cell::bold("Xếp hạng").colspan(3).align(Align::Center)];
    rank.extend(
        units
            .clone()
            .map(|i| Cell::text(&o.units[i].rank.map_or("-".to_string(), |k| k.to_string()))),
    );
    rows.push(Row::total(rank));
    let mut columns = vec![
        Column::new(CODE, Align::Center),
        Column::rest(Align::Justify),
        Column::new(MAX, Align::Center),
    ];
    columns.extend((0..n).map(|_| Column::new(UNIT_MIN, Align::Right)));
    let names: Vec<String> = units
        .clone()
        .map(|i| place_name(a.units[i].display_name()))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut header = header_cells(&["Mã", "Nội dung tiêu chí", "Điểm chuẩn"]);
    header.extend(header_cells(&names));
    let title = if count > 1 {
        format!(
            "Bảng {number}/{count}. Điểm từng tiêu chí của các đơn vị (đơn vị {} đến {})",
            units.start + 1,
            units.end
        )
    } else {
        "Điểm từng tiêu chí của các đơn vị".to_string()
    };
    Table {
        columns,
        header: vec![header],
        rows,
        size: SIZE,
        caption: vec![caption(&title)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_even_and_cover_every_unit() {
        let g = groups(40, LANDSCAPE_WIDTH_MM);
        assert_eq!(g.len(), 4, "{g:?}");
        assert!(g.iter().all(|r| r.len() == 10));
        assert_eq!(g.last().unwrap().end, 40);
        let g = groups(11, LANDSCAPE_WIDTH_MM);
        assert_eq!(g.iter().map(|r| r.len()).sum::<usize>(), 11);
        assert!(groups(0, LANDSCAPE_WIDTH_MM).is_empty());
        assert_eq!(groups(3, 50.0), vec![0..1, 1..2, 2..3]);
    }
}
