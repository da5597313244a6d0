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
        // A total row (Tổng cộng), its words in either column, has no level.
        let no_level = matches!(cells::number(level_cell), CellNumber::Empty);
        if no_level && is_total_row(&code, &title) {
            continue;
        }
        if code.is_empty() {
            problems.push(sheet, row, cols.code, Diagnostic::new(Kind::MissingCode));
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

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::super::tests::{n, t};
    use crate::model::diagnostic::{Diagnostic, Kind};
    use crate::model::{Agreement, Method};
    use crate::read::workbook::{Cell, Sheet, Value, Workbook};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// A `Giao ước` row: level (None: no `Cấp` column), code, content, Điểm chuẩn.
    struct Row {
        level: Option<Cell>,
        code: String,
        max: Option<f64>,
    }

    fn row(level: u8, code: &str, max: Option<f64>) -> Row {
        Row {
            level: Some(n(0, 0, f64::from(level))),
            code: code.into(),
            max,
        }
    }

    /// An agreement of two units whose `Giao ước` holds `rows`: with a
    /// `Cấp` column when the rows have levels. Leaves are `Thẩm định`.
    fn agreement(rows: &[Row], leaves: &[bool]) -> Result<Agreement, Vec<Diagnostic>> {
        let info = [
            ("Tổ chức", "Bộ Công an"),
            ("Cụm thi đua", "Cụm số 2"),
            ("Năm", "2016"),
            ("Cụm trưởng", "HG"),
        ];
        let mut info_cells = Vec::new();
        for (i, (k, v)) in info.iter().enumerate() {
            info_cells.push(t(i as u32, 0, k));
            info_cells.push(t(i as u32, 1, v));
        }
        let units = vec![
            t(0, 0, "Mã"),
            t(0, 1, "Tên đơn vị"),
            t(1, 0, "HG"),
            t(1, 1, "Công an tỉnh Hà Giang"),
            t(2, 0, "TQ"),
            t(2, 1, "Công an tỉnh Tuyên Quang"),
        ];
        let with_levels = rows.iter().any(|r| r.level.is_some());
        let mut cells = vec![
            t(0, 1, "Mã"),
            t(0, 2, "Nội dung"),
            t(0, 3, "Điểm chuẩn"),
            t(0, 4, "Cách chấm"),
        ];
        if with_levels {
            cells.push(t(0, 0, "Cấp"));
        }
        for (i, (r, leaf)) in rows.iter().zip(leaves).enumerate() {
            let at = i as u32 + 1;
            if let Some(level) = &r.level {
                cells.push(Cell {
                    row: at,
                    ..level.clone()
                });
            }
            cells.push(t(at, 1, &r.code));
            cells.push(t(at, 2, &format!("Nội dung {}", r.code)));
            if let Some(max) = r.max {
                cells.push(n(at, 3, max));
            }
            if *leaf {
                cells.push(t(at, 4, "Thẩm định"));
            }
        }
        let workbook = Workbook {
            sheets: vec![
                Sheet::new("Thông tin".into(), info_cells, vec![]),
                Sheet::new("Đơn vị".into(), units, vec![]),
                Sheet::new("Giao ước".into(), cells, vec![]),
            ],
            font_names: vec![],
        };
        parse(&workbook, "giao-uoc.xlsx")
    }

    /// Whether each row is a leaf: the next row is not deeper.
    fn leaves_of(levels: &[u8]) -> Vec<bool> {
        (0..levels.len())
            .map(|i| levels.get(i + 1).is_none_or(|next| *next <= levels[i]))
            .collect()
    }

    fn problems(rows: &[Row]) -> Vec<(Kind, String)> {
        let levels: Vec<u8> = rows
            .iter()
            .map(|r| match r.level.as_ref().map(|c| &c.value) {
                Some(Value::Number(x)) => *x as u8,
                _ => 1,
            })
            .collect();
        let leaves = leaves_of(&levels);
        match agreement(rows, &leaves) {
            Ok(_) => Vec::new(),
            Err(list) => list
                .iter()
                .map(|d| (d.kind, d.cell.clone().unwrap_or_default()))
                .collect(),
        }
    }

    #[test]
    fn a_group_whose_points_are_not_its_childrens_sum_is_located() {
        let rows = [
            row(1, "I.", Some(30.0)),
            row(2, "1.", Some(20.0)),
            row(3, "6a", Some(12.5)),
            row(3, "6b", Some(7.0)),
            row(2, "13", Some(10.0)),
        ];
        // 1. says 20, its rows 19.5: row 3 of the sheet (1-based), column D.
        // I. says 30 = 20 (as written) + 10: not reported.
        assert_eq!(problems(&rows), vec![(Kind::GroupSum, "D3".into())]);
    }

    #[test]
    fn levels_outside_one_to_six_or_jumping_are_located() {
        let mut rows = vec![
            row(1, "I.", None),
            row(3, "1", Some(5.0)),
            row(7, "2", Some(5.0)),
            row(2, "3", Some(5.0)),
        ];
        rows.push(Row {
            level: Some(t(0, 0, "hai")),
            code: "4".into(),
            max: Some(1.0),
        });
        let found = problems(&rows);
        assert!(found.contains(&(Kind::LevelJump, "A3".into())), "{found:?}");
        assert!(found.contains(&(Kind::BadLevel, "A4".into())), "{found:?}");
        assert!(found.contains(&(Kind::BadLevel, "A6".into())), "{found:?}");
    }

    #[test]
    fn a_total_row_without_a_level_is_not_a_row_of_the_tree() {
        let mut rows = vec![row(1, "I.", Some(2.0)), row(2, "1", Some(2.0))];
        rows.push(Row {
            level: None,
            code: "Tổng cộng".into(),
            max: Some(2.0),
        });
        assert_eq!(problems(&rows), vec![]);
    }

    #[test]
    fn codes_are_free_text_and_unique_after_case_folding() {
        let rows = [
            row(1, "I.", None),
            row(2, "1.", None),
            row(3, "1", Some(1.0)),
            row(3, "6A", Some(1.0)),
            row(3, "6a", Some(1.0)),
        ];
        assert_eq!(problems(&rows), vec![(Kind::DuplicateCode, "B6".into())]);
    }

    #[test]
    fn top_groups_are_the_sections_and_leaves_the_criteria() {
        let levels = [1, 2, 3, 3, 2, 1, 2];
        let codes = ["I.", "1.", "1", "2", "3", "II.", "4"];
        let rows: Vec<Row> = levels
            .iter()
            .zip(codes)
            // Groups (codes with a dot) written without Điểm chuẩn.
            .map(|(l, c)| row(*l, c, (!c.ends_with('.')).then_some(2.0)))
            .collect();
        let a = agreement(&rows, &leaves_of(&levels)).expect("valid");
        let criteria: Vec<(&str, Option<usize>)> = a
            .criteria
            .iter()
            .map(|c| (c.code.as_str(), c.section))
            .collect();
        assert_eq!(
            criteria,
            vec![
                ("1", Some(0)),
                ("2", Some(0)),
                ("3", Some(0)),
                ("4", Some(1))
            ]
        );
        assert_eq!(a.sections.len(), 2);
        assert_eq!(a.sections[1].code, "II.");
        let tree = a.tree.expect("a tree");
        assert_eq!(tree.depth(), 3);
        assert_eq!(tree.groups().count(), 3);
    }

    /// Levels of a random tree: each row at most one below the row above.
    fn levels(steps: Vec<(u8, bool)>, depth: u8) -> Vec<u8> {
        let mut out: Vec<u8> = Vec::with_capacity(steps.len());
        for (step, _) in steps {
            let above = out.last().copied().unwrap_or(0);
            let deepest = (above + 1).min(depth);
            out.push(1 + step % deepest);
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn random_trees_add_up_at_every_level(
            depth in 1u8..=6,
            steps in proptest::collection::vec((any::<u8>(), any::<bool>()), 1..360),
            halves in proptest::collection::vec(1u32..200, 360),
            cents in proptest::collection::vec(0u32..10_000, 360),
        ) {
            let written: Vec<bool> = steps.iter().map(|(_, w)| *w).collect();
            let levels = levels(steps, depth);
            let leaves = leaves_of(&levels);
            prop_assume!(leaves.iter().filter(|l| **l).count() <= 300);
            // Each row's points: leaves their own, groups their children's.
            let mut points: Vec<Decimal> = (0..levels.len())
                .map(|i| if leaves[i] { Decimal::new(i64::from(halves[i]) * 5, 1) } else { Decimal::ZERO })
                .collect();
            for i in (0..levels.len()).rev() {
                let parent = (0..i).rev().find(|&p| levels[p] < levels[i]);
                if let Some(p) = parent {
                    let child = points[i];
                    points[p] += child;
                }
            }
            let rows: Vec<Row> = (0..levels.len())
                .map(|i| {
                    let max = (leaves[i] || written[i]).then(|| points[i].to_string().parse::<f64>().unwrap());
                    row(levels[i], &format!("m{i}"), max)
                })
                .collect();
            let a = agreement(&rows, &leaves).expect("group sums hold");
            let tree = a.tree.as_ref().expect("a tree");
            prop_assert_eq!(tree.nodes.len(), levels.len());
            prop_assert!(a.criteria.iter().all(|c| c.method == Method::Assessed));
            let tree_points = tree.points();
            for (i, p) in tree_points.iter().enumerate() {
                prop_assert_eq!(*p, Some(points[i]));
            }
            // Scores: any rounded score up to each leaf's maximum.
            let scores: Vec<Decimal> = a
                .criteria
                .iter()
                .enumerate()
                .map(|(i, c)| (Decimal::new(i64::from(cents[i]), 2)).min(c.max))
                .collect();
            let groups = tree.group_scores(&scores);
            let leaf_sum: Decimal = scores.iter().sum();
            let top: Decimal = tree
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.parent.is_none())
                .map(|(i, n)| match n.criterion {
                    Some(c) => scores[c],
                    None => groups[i].expect("no overflow"),
                })
                .sum();
            prop_assert_eq!(top, leaf_sum);
            for g in tree.groups() {
                let children: Decimal = tree
                    .nodes
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.parent == Some(g))
                    .map(|(i, n)| n.criterion.map_or_else(|| groups[i].unwrap_or_default(), |c| scores[c]))
                    .sum();
                prop_assert_eq!(groups[g], Some(children));
            }
        }

        #[test]
        fn a_tree_written_flat_or_with_levels_gives_the_same_criteria(
            sizes in proptest::collection::vec((1usize..12, any::<bool>()), 1..8),
            halves in proptest::collection::vec(1u32..200, 100),
        ) {
            let romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"];
            let mut flat: Vec<Row> = Vec::new();
            let mut levelled: Vec<Row> = Vec::new();
            let mut leaves: Vec<bool> = Vec::new();
            let mut k = 0;
            for (s, (size, written)) in sizes.iter().enumerate() {
                let maxima: Vec<f64> = (0..*size)
                    .map(|j| f64::from(halves[(k + j) % halves.len()]) / 2.0)
                    .collect();
                let sum: f64 = maxima.iter().sum();
                let heading = written.then_some(sum);
                flat.push(Row { level: None, code: romans[s].into(), max: heading });
                levelled.push(row(1, romans[s], heading));
                leaves.push(false);
                for (j, max) in maxima.iter().enumerate() {
                    let code = format!("{}.{}", s + 1, j + 1);
                    flat.push(Row { level: None, code: code.clone(), max: Some(*max) });
                    levelled.push(row(2, &code, Some(*max)));
                    leaves.push(true);
                }
                k += size;
            }
            let a = agreement(&flat, &leaves).expect("flat agreement");
            let b = agreement(&levelled, &leaves).expect("levelled agreement");
            prop_assert!(a.tree.is_none());
            let shape = |x: &Agreement| -> Vec<(String, Decimal, Option<usize>)> {
                x.criteria.iter().map(|c| (c.code.clone(), c.max, c.section)).collect()
            };
            prop_assert_eq!(shape(&a), shape(&b));
            prop_assert_eq!(a.base_max(), b.base_max());
            let sections = |x: &Agreement| -> Vec<(String, Option<Decimal>)> {
                x.sections.iter().map(|s| (s.code.clone(), s.max)).collect()
            };
            prop_assert_eq!(sections(&a), sections(&b));
            // Group scores of the tree are the section sums of the flat one.
            let scores: Vec<Decimal> = b.criteria.iter().map(|c| c.max / Decimal::TWO).collect();
            let tree = b.tree.as_ref().expect("a tree");
            let groups = tree.group_scores(&scores);
            for (s, g) in tree.groups().enumerate() {
                let flat_sum: Decimal = a
                    .criteria
                    .iter()
                    .zip(&scores)
                    .filter(|(c, _)| c.section == Some(s))
                    .map(|(_, x)| *x)
                    .sum();
                prop_assert_eq!(groups[g], Some(flat_sum));
            }
        }
    }
}
