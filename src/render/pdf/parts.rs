//! Parts both documents share: where a document of the cluster is issued,
//! table captions and header cells, the criteria in agreement order with
//! their section headings, and how targets, results and section maxima are
//! written. Plain helpers over the model; placing them is `layout`'s job.

use super::layout::{Align, Cell, Paragraph, Span};
use super::official::BODY_SIZE;
use crate::model::diagnostic::Lang;
use crate::model::numfmt;
use crate::model::{Agreement, Criterion, Section};
use rust_decimal::Decimal;

/// Where a document is issued: Địa điểm, else the head unit's short name (its province).
pub fn place(a: &Agreement) -> String {
    a.info
        .place
        .clone()
        .filter(|p| !p.trim().is_empty())
        .or_else(|| a.unit(&a.info.head).map(|u| u.display_name().to_string()))
        .unwrap_or_default()
}

/// A table's title, centred above it.
pub fn caption(text: &str) -> Paragraph {
    Paragraph::new(vec![Span::bold(text)], BODY_SIZE)
        .align(Align::Center)
        .space_after(4.0)
}

/// Bold, centred header cells.
pub fn header_cells(titles: &[&str]) -> Vec<Cell> {
    titles
        .iter()
        .map(|t| Cell::bold(t).align(Align::Center))
        .collect()
}

/// A row of a criteria table.
pub enum Item<'a> {
    /// A section heading with its maximum (written, else the sum of its
    /// criteria in the base; none for a section of bonus and penalty only).
    Section(&'a Section, Option<Decimal>),
    /// A criterion and its index.
    Criterion(usize, &'a Criterion),
}

/// The criteria in agreement order, each section heading before its first criterion.
pub fn criteria_with_sections(a: &Agreement) -> Vec<Item<'_>> {
    let mut items = Vec::new();
    let mut current = None;
    for (k, c) in a.criteria.iter().enumerate() {
        if c.section.is_some() && c.section != current {
            if let Some(s) = c.section.and_then(|s| a.sections.get(s)) {
                items.push(Item::Section(s, section_max(a, c.section)));
            }
        }
        current = c.section;
        items.push(Item::Criterion(k, c));
    }
    items
}

fn section_max(a: &Agreement, section: Option<usize>) -> Option<Decimal> {
    let written = section.and_then(|s| a.sections.get(s)).and_then(|s| s.max);
    let in_base: Vec<&Criterion> = a
        .criteria
        .iter()
        .filter(|c| c.section == section && c.method.in_base())
        .collect();
    written.or_else(|| (!in_base.is_empty()).then(|| in_base.iter().map(|c| c.max).sum()))
}

/// A section's maximum as printed.
pub fn section_max_cell(max: Option<Decimal>) -> Cell {
    Cell::bold(&max.map(|m| numfmt::plain(m, Lang::Vi)).unwrap_or_default())
}

/// A target or result as written: "95%" on percent criteria.
pub fn shown(c: &Criterion, x: Option<Decimal>) -> String {
    match x {
        Some(x) if c.is_percent() => format!("{}%", numfmt::plain(x, Lang::Vi)),
        Some(x) => numfmt::plain(x, Lang::Vi),
        None => "-".to_string(),
    }
}
