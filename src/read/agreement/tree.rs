//! The `Giao ước` sheet with a `Cấp` column (SPEC section 11): the criteria
//! tree, given by the levels alone. A row is a group when the next row is
//! one level deeper; only leaves are criteria, read as without `Cấp`. Each
//! group's written Điểm chuẩn is checked against its children's, each level
//! against the row above it, every problem located at its cell.

use super::{data_rows, is_total_row, optional_number, read_criterion, CriteriaColumns, Problems};
use crate::model::diagnostic::{number, Diagnostic, Kind};
use crate::model::tree::{code_key, Node, Tree, MAX_LEVEL};
use crate::model::{Criterion, Section, Unit};
use crate::read::cells::{self, CellNumber};
use crate::read::workbook::{cell_ref, Sheet};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A row of the tree before it is told whether it is a group.
struct Row {
    row: u32,
    level: u8,
    code: String,
    title: String,
    max: Option<Decimal>,
}

/// Reads the tree below `header_row`: the top-level groups as the
/// agreement's sections, the leaves as its criteria, and the tree.
pub(super) fn read(
    sheet: &Sheet,
    header_row: u32,
    cols: &CriteriaColumns,
    level_col: u32,
    units: &[Unit],
    problems: &mut Problems,
) -> (Vec<Section>, Vec<Criterion>, Tree) {
    let rows = tree_rows(sheet, header_row, cols, level_col, problems);
    let mut nodes: Vec<Node> = Vec::with_capacity(rows.len());
    let mut criteria: Vec<Criterion> = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    // The open groups, from the top: (level, node index, section index).
    let mut open: Vec<(u8, usize, Option<usize>)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        while open.last().is_some_and(|(level, _, _)| *level >= r.level) {
            open.pop();
        }
        let parent = open.last().map(|(_, node, _)| *node);
        let section = open.first().and_then(|(_, _, s)| *s);
        let is_group = rows.get(i + 1).is_some_and(|next| next.level > r.level);
        let criterion = if is_group {
            None
        } else {
            let c = read_criterion(
                sheet,
                r.row,
                cols,
                r.code.clone(),
                r.title.clone(),
                r.max,
                units,
                problems,
            );
            // A leaf rejected for its method is reported; its place in the
            // tree still counts for the sums (criterion index past the end).
            let index = criteria.len();
            if let Some(c) = c {
                criteria.push(Criterion { section, ..c });
            }
            Some(index)
        };
        let node = nodes.len();
        if is_group {
            let section = (r.level == 1).then(|| {
                sections.push(Section {
                    code: r.code.clone(),
                    title: r.title.clone(),
                    max: r.max,
                });
                sections.len() - 1
            });
            open.push((r.level, node, section));
        }
        nodes.push(Node {
            level: r.level,
            code: r.code.clone(),
            title: r.title.clone(),
            parent,
            criterion,
            max: r.max,
            row: r.row,
        });
    }
    let tree = Tree { nodes };
    check_group_sums(sheet, cols, &tree, problems);
    (sections, criteria, tree)
}

/// The rows of the tree with their levels, in order: rows without code or
/// content, total rows and rows whose level is unusable left out (each
/// problem reported); a level more than one below the row above reported
/// and read as one below.
fn tree_rows(
    sheet: &Sheet,
    header_row: u32,
    cols: &CriteriaColumns,
    level_col: u32,
    problems: &mut Problems,
) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for row in data_rows(sheet, header_row) {
        let code = cells::text(sheet.get(row, cols.code));
        let title = cells::text(sheet.get(row, cols.content));
        let level_cell = sheet.get(row, level_col);
        if code.is_empty() && title.is_empty() {
            continue;
        }
        if code.is_empty() {
            if !is_total_row(&code, &title) {
                problems.push(sheet, row, cols.code, Diagnostic::new(Kind::MissingCode));
            }
            continue;
        }
        let Some(level) = level_of(level_cell) else {
            let found = cells::text(level_cell);
            let d = Diagnostic::new(Kind::BadLevel).criterion(code).found(found);
            problems.push(sheet, row, level_col, d);
            continue;
        };
        let above = rows.last().map_or(0, |r| r.level);
        let level = if level > above + 1 {
            let d = Diagnostic::new(Kind::LevelJump)
                .criterion(code.clone())
                .found(level)
                .expected(above);
            problems.push(sheet, row, level_col, d);
            above + 1
        } else {
            level
        };
        if let Some(first) = seen.insert(code_key(&code), row) {
            let d = Diagnostic::new(Kind::DuplicateCode)
                .found(code)
                .expected(cell_ref(first, cols.code));
            problems.push(sheet, row, cols.code, d);
            continue;
        }
        let max = optional_number(sheet, row, cols.max, problems);
        rows.push(Row {
            row,
            level,
            code,
            title,
            max,
        });
    }
    rows
}

/// A `Cấp` cell's level: a whole number from 1 to [`MAX_LEVEL`].
fn level_of(cell: Option<&crate::read::workbook::Cell>) -> Option<u8> {
    let CellNumber::Number(n) = cells::number(cell) else {
        return None;
    };
    let value = n.value.normalize();
    let whole = value.scale() == 0 && value >= Decimal::ONE;
    let level = whole.then(|| value.to_u8()).flatten()?;
    (level <= MAX_LEVEL).then_some(level)
}

/// Every group whose Điểm chuẩn is written must have its children's sum: a
/// child leaf counts its maximum, a child group its written maximum, else
/// its own children's sum. Sums with an unusable maximum are not checked
/// (that maximum is reported on its own).
fn check_group_sums(sheet: &Sheet, cols: &CriteriaColumns, tree: &Tree, problems: &mut Problems) {
    let nodes = &tree.nodes;
    let mut sums: Vec<Option<Decimal>> = nodes
        .iter()
        .map(|n| {
            if n.is_group() {
                Some(Decimal::ZERO)
            } else {
                n.max.filter(|m| *m > Decimal::ZERO)
            }
        })
        .collect();
    // Children come after their parent: bottom-up, a group's sum is complete
    // when it is reached.
    for i in (0..nodes.len()).rev() {
        let node = &nodes[i];
        if node.is_group() {
            if let (Some(max), Some(sum)) = (node.max, sums[i]) {
                if max != sum {
                    let d = Diagnostic::new(Kind::GroupSum)
                        .criterion(node.code.clone())
                        .found(number(max))
                        .expected(number(sum));
                    problems.push(sheet, node.row, cols.max, d);
                }
            }
        }
        let points = if node.is_group() {
            node.max.or(sums[i])
        } else {
            sums[i]
        };
        if let Some(p) = node.parent {
            sums[p] = match (sums[p], points) {
                (Some(a), Some(b)) => a.checked_add(b),
                _ => None,
            };
        }
    }
}
