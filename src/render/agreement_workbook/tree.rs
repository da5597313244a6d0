//! The `Giao ước` sheet of an agreement with a criteria tree (SPEC section
//! 11): a row per node in the tree's order, groups bold with their written
//! Điểm chuẩn, and the `Cấp` column after the per-unit target columns, so
//! that the sheet reads back as the same tree.

use super::{height, to_f64, Formats, CONTENT_WIDTH};
use crate::model::tree::indented;
use crate::model::{Agreement, Tree};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Writes the tree's rows from row 4 and the `Cấp` header in row 3, in the
/// column after the `columns` of the header; returns the row after the last.
pub(super) fn rows(
    sheet: &mut Worksheet,
    agreement: &Agreement,
    tree: &Tree,
    f: &Formats,
    columns: usize,
) -> Result<u32, XlsxError> {
    let level_col = u16::try_from(columns).unwrap_or(u16::MAX);
    sheet.set_column_width(level_col, 6.0)?;
    sheet.write_string_with_format(3, level_col, "Cấp", &f.header)?;
    let number = |sheet: &mut Worksheet, row: u32, col: u16, value: Option<Decimal>| {
        match value {
            Some(v) => sheet.write_number_with_format(row, col, to_f64(v), &f.cell),
            None => sheet.write_blank(row, col, &f.cell),
        }
        .map(|_| ())
    };
    let mut row = 4u32;
    for node in &tree.nodes {
        sheet.write_number_with_format(row, level_col, f64::from(node.level), &f.cell)?;
        let title = indented(&node.title, node.level);
        match node.criterion.and_then(|k| agreement.criteria.get(k)) {
            None => {
                sheet.write_string_with_format(row, 0, &node.code, &f.bold_cell)?;
                sheet.write_string_with_format(row, 1, &title, &f.bold_cell)?;
                sheet.set_row_height(row, height(&[(&title, CONTENT_WIDTH * 0.75)]))?;
                for col in 2..level_col {
                    if col != 3 {
                        sheet.write_blank(row, col, &f.cell)?;
                    }
                }
                number(sheet, row, 3, node.max)?;
            }
            Some(criterion) => {
                sheet.write_string_with_format(row, 0, &criterion.code, &f.cell)?;
                sheet.write_string_with_format(row, 1, &title, &f.wrap)?;
                sheet.set_row_height(row, height(&[(&title, CONTENT_WIDTH)]))?;
                sheet.write_string_with_format(row, 2, &criterion.measure, &f.cell)?;
                number(sheet, row, 3, Some(criterion.max))?;
                let method = criterion.method.name_vi();
                sheet.write_string_with_format(row, 4, method, &f.cell)?;
                number(sheet, row, 5, criterion.rate)?;
                number(sheet, row, 6, criterion.target)?;
                for (col, unit) in (7u16..).zip(&agreement.units) {
                    let own = criterion.unit_targets.get(&unit.code).copied();
                    number(sheet, row, col, own)?;
                }
            }
        }
        row += 1;
    }
    Ok(row)
}
