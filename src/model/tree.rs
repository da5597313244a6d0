//! The criteria tree (SPEC section 11): an agreement whose `Giao ước` sheet
//! has a `Cấp` column (level 1 to 6) groups its criteria at any depth. The
//! tree is given by the levels alone: a row is a group when the next row is
//! one level deeper; codes are free text (`I.`, `1.`, `2.a)`, `13`, `6a`)
//! and tell nothing of the hierarchy.
//!
//! Only leaves are criteria ([`super::Criterion`], scored by their method).
//! A group's score is the sum of its children's rounded scores, worked out
//! here from the leaves' scores whenever an output shows it: nothing of a
//! group is stored per unit. Without `Cấp` an agreement has no tree and its
//! two levels (Roman-numeral sections) stand as SPEC section 3 says.

use rust_decimal::Decimal;
use unicode_normalization::UnicodeNormalization;

/// The deepest level a `Cấp` cell may hold.
pub const MAX_LEVEL: u8 = 6;

/// The criteria of an agreement as a tree, in the order of the sheet.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// Every row of the tree (groups and leaves), in sheet order: a node's
    /// descendants follow it, before its next sibling.
    pub nodes: Vec<Node>,
}

/// A row of the tree: a group (nhóm, mục) or a leaf (a criterion).
#[derive(Debug, Clone)]
pub struct Node {
    /// Cấp: 1 is the top.
    pub level: u8,
    /// The code as written, trimmed (`I.`, `2.a)`, `6a`).
    pub code: String,
    /// Nội dung.
    pub title: String,
    /// Index in `nodes` of the group this row belongs to; None at the top.
    pub parent: Option<usize>,
    /// Index into `Agreement::criteria` for a leaf; None for a group.
    pub criterion: Option<usize>,
    /// Điểm chuẩn: a leaf's maximum; a group's, as written on its row if
    /// written (checked against its children's when the agreement is read).
    pub max: Option<Decimal>,
    /// Row in the `Giao ước` sheet (0-based), for messages.
    pub row: u32,
}

impl Node {
    /// Whether the node is a group (it has children; it is not scored itself).
    pub fn is_group(&self) -> bool {
        self.criterion.is_none()
    }
}

impl Tree {
    /// Indices of the groups, in sheet order.
    pub fn groups(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len()).filter(|&i| self.nodes[i].is_group())
    }

    /// Each node's points: a leaf's maximum; a group's written Điểm chuẩn,
    /// else the sum of its children's points. `None` where a sum overflows.
    pub fn points(&self) -> Vec<Option<Decimal>> {
        let sums = self.children_sums(|node| node.max.filter(|_| !node.is_group()));
        self.nodes
            .iter()
            .zip(sums)
            .map(|(node, sum)| {
                if node.is_group() {
                    node.max.or(sum)
                } else {
                    sum
                }
            })
            .collect()
    }

    /// Each group's score (None for leaves, or where the sum overflows): the
    /// sum of the rounded scores of the leaves under it. `leaf_scores` holds
    /// one score per criterion of the agreement, in order.
    pub fn group_scores(&self, leaf_scores: &[Decimal]) -> Vec<Option<Decimal>> {
        let sums = self.children_sums(|node| {
            node.criterion
                .map(|c| leaf_scores.get(c).copied().unwrap_or_default())
        });
        self.nodes
            .iter()
            .zip(sums)
            .map(|(node, sum)| sum.filter(|_| node.is_group()))
            .collect()
    }

    /// For every node, the sum of `value` over the leaves under it (a leaf:
    /// its own value), bottom-up in one pass; a group's written maximum does
    /// not count. `None` where a sum overflows or a leaf has no value.
    fn children_sums(&self, value: impl Fn(&Node) -> Option<Decimal>) -> Vec<Option<Decimal>> {
        let mut sums: Vec<Option<Decimal>> = self
            .nodes
            .iter()
            .map(|n| {
                if n.is_group() {
                    Some(Decimal::ZERO)
                } else {
                    value(n)
                }
            })
            .collect();
        for i in (0..self.nodes.len()).rev() {
            if let Some(p) = self.nodes[i].parent {
                sums[p] = match (sums[p], sums[i]) {
                    (Some(a), Some(b)) => a.checked_add(b),
                    _ => None,
                };
            }
        }
        sums
    }

    /// The index in `nodes` of each criterion's leaf.
    pub fn leaf_of(&self, criterion: usize) -> Option<usize> {
        self.nodes
            .iter()
            .position(|n| n.criterion == Some(criterion))
    }

    /// The criterion (index into `Agreement::criteria`) a written code
    /// names: the leaf whose code has its [`code_key`], else the one row of
    /// the tree with its [`loose_key`]; None for a group's code or no code.
    pub fn criterion_by_code(&self, code: &str) -> Option<usize> {
        let key = code_key(code);
        if let Some(node) = self.nodes.iter().find(|n| code_key(&n.code) == key) {
            return node.criterion;
        }
        let loose = loose_key(code);
        let mut fits = self.nodes.iter().filter(|n| loose_key(&n.code) == loose);
        match (fits.next(), fits.next()) {
            (Some(node), None) => node.criterion,
            _ => None,
        }
    }

    /// The criteria under a node, in order (a leaf: its own).
    pub fn leaves_under(&self, node: usize) -> Vec<usize> {
        let Some(top) = self.nodes.get(node) else {
            return Vec::new();
        };
        let below = self.nodes[node + 1..]
            .iter()
            .take_while(|n| n.level > top.level);
        std::iter::once(top)
            .chain(below)
            .filter_map(|n| n.criterion)
            .collect()
    }

    /// A group's maximum as every output prints it: written, else the sum
    /// of its criteria in the base (none for a group of bonus and penalty
    /// only, or where the sum overflows); a leaf's, its own.
    pub fn shown_max(&self, node: usize, criteria: &[super::Criterion]) -> Option<Decimal> {
        let n = self.nodes.get(node)?;
        if n.max.is_some() {
            return n.max;
        }
        let base: Vec<Decimal> = self
            .leaves_under(node)
            .iter()
            .filter_map(|&k| criteria.get(k))
            .filter(|c| c.method.in_base())
            .map(|c| c.max)
            .collect();
        let sum = base
            .iter()
            .try_fold(Decimal::ZERO, |s, m| s.checked_add(*m));
        sum.filter(|_| !base.is_empty())
    }

    /// The depth of the tree: its deepest level (0 when empty).
    pub fn depth(&self) -> u8 {
        self.nodes.iter().map(|n| n.level).max().unwrap_or(0)
    }
}

/// Words shown one step in per level below the top, as every output
/// prints a tree: three no-break spaces a level, which stay at the start of
/// the line when the words wrap and need no format of their own.
pub fn indented(words: &str, level: u8) -> String {
    let steps = usize::from(level.saturating_sub(1));
    format!("{}{words}", "\u{a0}\u{a0}\u{a0}".repeat(steps))
}

/// The key a tree code is matched by: compatibility-normalised (NFKC), without
/// white space, lower case. `I.` and `i.` are one code; `1.` and `1` are two.
pub fn code_key(code: &str) -> String {
    code.nfkc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A looser key for codes as units write them: [`code_key`] with a decimal
/// comma read as a dot and a trailing `.` or `)` left out (`13.`, `13` and
/// `13)` alike; `2,a` and `2.a` alike). Used only where it fits one code.
pub fn loose_key(code: &str) -> String {
    let key = code_key(code).replace(',', ".");
    key.trim_end_matches(['.', ')']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(level: u8, parent: Option<usize>, criterion: Option<usize>, max: i64) -> Node {
        Node {
            level,
            code: String::new(),
            title: String::new(),
            parent,
            criterion,
            max: Some(Decimal::from(max)),
            row: 0,
        }
    }

    #[test]
    fn group_scores_add_up_the_leaves_at_every_level() {
        // I (30) > 1. (20) > a, b; I > c; II > d
        let tree = Tree {
            nodes: vec![
                node(1, None, None, 30),
                node(2, Some(0), None, 20),
                node(3, Some(1), Some(0), 12),
                node(3, Some(1), Some(1), 8),
                node(2, Some(0), Some(2), 10),
                node(1, None, None, 5),
                node(2, Some(5), Some(3), 5),
            ],
        };
        let scores = [
            Decimal::new(1175, 2),
            Decimal::new(8, 0),
            Decimal::new(95, 1),
            Decimal::new(-2, 0),
        ];
        let groups = tree.group_scores(&scores);
        assert_eq!(groups[0], Some(Decimal::new(2925, 2)));
        assert_eq!(groups[1], Some(Decimal::new(1975, 2)));
        assert_eq!(groups[5], Some(Decimal::new(-2, 0)));
        assert_eq!(groups[2], None);
        let points = tree.points();
        assert_eq!(points[1], Some(Decimal::from(20)));
        assert_eq!(tree.groups().collect::<Vec<_>>(), vec![0, 1, 5]);
        assert_eq!(tree.depth(), 3);
    }

    #[test]
    fn codes_match_by_case_and_spacing_and_loosely_by_their_end() {
        assert_eq!(code_key(" I. "), "i.");
        assert_eq!(code_key("2.A )"), "2.a)");
        assert_ne!(code_key("1."), code_key("1"));
        assert_eq!(loose_key("13."), "13");
        assert_eq!(loose_key("2,a)"), "2.a");
        assert_eq!(loose_key("６a"), "6a");
    }
}
