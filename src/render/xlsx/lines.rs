//! The criteria table shared by `Chi tiết` and the unit sheets: which line
//! holds what (sections with subtotals, base total, bonus and penalty apart,
//! total), each line's value for a unit, and the `SUM` formulas over lines.

use super::cells::{RowStyle, Styles};
use crate::model::tree::indented;
use crate::model::{Agreement, Tree, UnitResult};
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{ColNum, RowNum};

/// One row of the criteria table (a group of columns when turned).
pub(super) enum Line {
    /// A section heading (I, II, ...) with the subtotal of its base criteria.
    Section { section: usize, members: Vec<usize> },
    /// A group of a criteria tree (by index into `Tree::nodes`) with the
    /// subtotal of its children's lines.
    Group { node: usize, children: Vec<usize> },
    /// A criterion, by index into `Agreement::criteria`.
    Criterion(usize),
    /// The criteria inside the base, added up (bonus and penalty excluded).
    BaseTotal { members: Vec<usize> },
    /// The heading over the bonus and penalty criteria.
    ExtrasHeading,
    /// Tổng điểm: the base total plus bonus and penalty.
    Total { extras: Vec<usize> },
}

/// The criteria table's lines: criteria without a section first, then each
/// section with its criteria, the base total, bonus and penalty apart, the total.
pub(super) struct Lines {
    pub(super) lines: Vec<Line>,
    /// Index into `lines` of each criterion.
    pub(super) of_criterion: Vec<usize>,
    pub(super) base_total: usize,
    pub(super) total: usize,
    /// The tree level of each line of a criteria tree (1 the top); empty
    /// without a tree.
    levels: Vec<u8>,
}

impl Lines {
    pub(super) fn new(agreement: &Agreement) -> Lines {
        if let Some(tree) = &agreement.tree {
            return Lines::of_tree(agreement, tree);
        }
        let criteria = &agreement.criteria;
        let in_section = |c: usize, s: Option<usize>| {
            let own = criteria[c]
                .section
                .filter(|&k| k < agreement.sections.len());
            own == s
        };
        let base: Vec<usize> = (0..criteria.len())
            .filter(|&c| criteria[c].method.in_base())
            .collect();
        let extras: Vec<usize> = (0..criteria.len())
            .filter(|&c| !criteria[c].method.in_base())
            .collect();
        let mut lines: Vec<Line> = base
            .iter()
            .filter(|&&c| in_section(c, None))
            .map(|&c| Line::Criterion(c))
            .collect();
        for section in 0..agreement.sections.len() {
            let members: Vec<usize> = base
                .iter()
                .copied()
                .filter(|&c| in_section(c, Some(section)))
                .collect();
            if members.is_empty() {
                continue;
            }
            lines.push(Line::Section {
                section,
                members: members.clone(),
            });
            lines.extend(members.into_iter().map(Line::Criterion));
        }
        let base_total = lines.len();
        lines.push(Line::BaseTotal { members: base });
        if !extras.is_empty() {
            lines.push(Line::ExtrasHeading);
            lines.extend(extras.iter().map(|&c| Line::Criterion(c)));
        }
        let total = lines.len();
        lines.push(Line::Total { extras });
        let mut of_criterion = vec![0; criteria.len()];
        for (at, line) in lines.iter().enumerate() {
            if let Line::Criterion(c) = line {
                of_criterion[*c] = at;
            }
        }
        Lines {
            lines,
            of_criterion,
            base_total,
            total,
            levels: Vec::new(),
        }
    }

    /// The lines of a criteria tree: every row in the tree's order (groups
    /// with the subtotal of their children, bonus and penalty where the
    /// tree puts them), then the base total and the total.
    fn of_tree(agreement: &Agreement, tree: &Tree) -> Lines {
        let criteria = &agreement.criteria;
        let mut lines: Vec<Line> = tree
            .nodes
            .iter()
            .enumerate()
            .map(|(node, n)| match n.criterion {
                Some(c) => Line::Criterion(c),
                None => Line::Group {
                    node,
                    children: Vec::new(),
                },
            })
            .collect();
        // Lines are the nodes, in order: a node's line is its index.
        for (at, n) in tree.nodes.iter().enumerate() {
            if let Some(Line::Group { children, .. }) = n.parent.and_then(|p| lines.get_mut(p)) {
                children.push(at);
            }
        }
        let mut levels: Vec<u8> = tree.nodes.iter().map(|n| n.level).collect();
        let (base, extras): (Vec<usize>, Vec<usize>) =
            (0..criteria.len()).partition(|&c| criteria[c].method.in_base());
        let base_total = lines.len();
        lines.push(Line::BaseTotal { members: base });
        let total = lines.len();
        lines.push(Line::Total { extras });
        levels.extend([0, 0]);
        let mut of_criterion = vec![0; criteria.len()];
        for (at, line) in lines.iter().enumerate() {
            if let Line::Criterion(c) = line {
                of_criterion[*c] = at;
            }
        }
        Lines {
            lines,
            of_criterion,
            base_total,
            total,
            levels,
        }
    }

    /// The tree level of a line (1 the top); None without a tree and for
    /// the total lines.
    pub(super) fn level(&self, line: usize) -> Option<u8> {
        self.levels.get(line).copied().filter(|l| *l > 0)
    }

    pub(super) fn len(&self) -> usize {
        self.lines.len()
    }

    /// The lines a sum line adds up; empty for other lines.
    pub(super) fn summands(&self, line: usize) -> Vec<usize> {
        match &self.lines[line] {
            Line::Section { members, .. } | Line::BaseTotal { members } => {
                members.iter().map(|&c| self.of_criterion[c]).collect()
            }
            Line::Group { children, .. } => children.clone(),
            Line::Total { extras } => std::iter::once(self.base_total)
                .chain(extras.iter().map(|&c| self.of_criterion[c]))
                .collect(),
            Line::Criterion(_) | Line::ExtrasHeading => Vec::new(),
        }
    }

    /// A scored unit's score on a line: the criterion's score, or the sum.
    pub(super) fn value(&self, line: usize, result: &UnitResult) -> Option<Decimal> {
        match &self.lines[line] {
            Line::Criterion(c) => result.scores.get(*c).map(|s| s.score),
            Line::ExtrasHeading => None,
            _ => Some(
                self.summands(line)
                    .iter()
                    .filter_map(|&l| self.value(l, result))
                    .sum(),
            ),
        }
    }

    /// Điểm chuẩn of a line; none for the total (bonus and penalty have no common maximum).
    pub(super) fn max(&self, line: usize, agreement: &Agreement) -> Option<Decimal> {
        match &self.lines[line] {
            Line::Criterion(c) => Some(agreement.criteria[*c].max),
            Line::Section { members, .. } | Line::BaseTotal { members } => {
                Some(members.iter().map(|&c| agreement.criteria[c].max).sum())
            }
            Line::Group { node, .. } => {
                let tree = agreement.tree.as_ref()?;
                tree.shown_max(*node, &agreement.criteria)
            }
            Line::ExtrasHeading | Line::Total { .. } => None,
        }
    }

    /// The code and words of a line; in a criteria tree, the words are
    /// indented by the line's level.
    pub(super) fn label(&self, line: usize, agreement: &Agreement) -> (String, String) {
        let (code, words) = self.plain_label(line, agreement);
        match self.level(line) {
            Some(level) if level > 1 => (code, indented(&words, level)),
            _ => (code, words),
        }
    }

    fn plain_label(&self, line: usize, agreement: &Agreement) -> (String, String) {
        match &self.lines[line] {
            Line::Group { node, .. } => agreement
                .tree
                .as_ref()
                .and_then(|t| t.nodes.get(*node))
                .map(|n| (n.code.clone(), n.title.clone()))
                .unwrap_or_default(),
            Line::Criterion(c) => {
                let criterion = &agreement.criteria[*c];
                (criterion.code.clone(), criterion.content.clone())
            }
            Line::Section { section, .. } => {
                let s = &agreement.sections[*section];
                (s.code.clone(), s.title.clone())
            }
            Line::BaseTotal { .. } => (
                String::new(),
                "Cộng điểm các tiêu chí (chưa kể điểm cộng, điểm trừ)".into(),
            ),
            Line::ExtrasHeading => (String::new(), "Điểm cộng, điểm trừ".into()),
            Line::Total { .. } => (String::new(), "TỔNG ĐIỂM".into()),
        }
    }

    /// The style of a line: criteria plain, sections and the base total shaded, the total bold.
    pub(super) fn style<'s>(&self, line: usize, styles: &'s Styles) -> &'s RowStyle {
        match self.lines[line] {
            Line::Criterion(_) => &styles.body,
            Line::Total { .. } => &styles.total,
            _ => &styles.section,
        }
    }
}

/// `SUM(...)` (without `=`) over cells given as (row, column) with an
/// optional sheet prefix such as `'Cao Bằng'!`; adjacent cells become ranges.
/// `0` when there is nothing to add.
pub(super) fn sum_formula(prefix: &str, cells: &[(RowNum, ColNum)]) -> String {
    let args: Vec<String> = runs(cells)
        .into_iter()
        .map(|(first, last)| {
            let start = row_col_to_cell(first.0, first.1);
            if first == last {
                format!("{prefix}{start}")
            } else {
                format!("{prefix}{start}:{}", row_col_to_cell(last.0, last.1))
            }
        })
        .collect();
    if args.is_empty() {
        return "0".into();
    }
    args.chunks(255)
        .map(|chunk| format!("SUM({})", chunk.join(",")))
        .collect::<Vec<_>>()
        .join("+")
}

/// Cells grouped into runs down a column or along a row.
fn runs(cells: &[(RowNum, ColNum)]) -> Vec<((RowNum, ColNum), (RowNum, ColNum))> {
    let mut runs: Vec<((RowNum, ColNum), (RowNum, ColNum))> = Vec::new();
    for &(row, col) in cells {
        if let Some((start, end)) = runs.last_mut() {
            let down = start.1 == col && end.1 == col && end.0 + 1 == row;
            let across = start.0 == row && end.0 == row && end.1 + 1 == col;
            if down || across {
                *end = (row, col);
                continue;
            }
        }
        runs.push(((row, col), (row, col)));
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_cells_become_ranges_down_and_across() {
        let down = [(4, 10), (5, 10), (6, 10), (9, 10)];
        assert_eq!(sum_formula("", &down), "SUM(K5:K7,K10)");
        let across = [(7, 3), (7, 4), (7, 8)];
        assert_eq!(
            sum_formula("'Cao Bằng'!", &across),
            "SUM('Cao Bằng'!D8:E8,'Cao Bằng'!I8)"
        );
    }

    #[test]
    fn nothing_to_add_is_zero_and_many_arguments_are_split() {
        assert_eq!(sum_formula("", &[]), "0");
        let apart: Vec<(RowNum, ColNum)> = (0..300).map(|k| (0, 2 * k)).collect();
        let formula = sum_formula("", &apart);
        assert_eq!(formula.matches("SUM(").count(), 2);
        assert!(formula.contains(")+SUM("));
    }
}
