//! Rows of a unit's workbook against a criteria tree (SPEC section 11):
//! codes are free text, matched by [`code_key`] (then by [`loose_key`]
//! where that fits one row of the tree), else rows by their content. Group
//! rows are recognised and passed over: a workbook may show them or leave
//! them out.

use super::content_key;
use crate::model::tree::{code_key, loose_key, Tree};
use crate::read::agreement::is_total_row;
use std::collections::{HashMap, HashSet};

/// What a row of a unit's workbook is, against the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A group's row or a total row: not a criterion, nothing to read.
    Group,
    /// The criterion with this index.
    Leaf(usize),
    /// Nothing of the tree.
    Nothing,
}

/// The tree's codes and group contents, folded once per agreement.
pub struct TreeCodes {
    /// [`code_key`] -> the row: a criterion index, None for a group.
    exact: HashMap<String, Option<usize>>,
    /// [`loose_key`] -> the row, where one row of the tree has that key.
    loose: HashMap<String, Option<Option<usize>>>,
    /// [`content_key`] of the groups' contents.
    group_contents: HashSet<String>,
}

impl TreeCodes {
    /// Folds the codes of `tree`.
    pub fn new(tree: &Tree) -> TreeCodes {
        let mut exact = HashMap::new();
        let mut loose: HashMap<String, Option<Option<usize>>> = HashMap::new();
        let mut group_contents = HashSet::new();
        for node in &tree.nodes {
            exact.insert(code_key(&node.code), node.criterion);
            loose
                .entry(loose_key(&node.code))
                .and_modify(|fit| *fit = None)
                .or_insert(Some(node.criterion));
            if node.is_group() {
                group_contents.insert(content_key(&node.title));
            }
        }
        TreeCodes {
            exact,
            loose,
            group_contents,
        }
    }

    /// What the row with this code and content is; `by_content` finds a
    /// criterion by its [`content_key`].
    pub fn find(&self, code: &str, content: &str, by_content: &HashMap<String, usize>) -> Found {
        let found = |row: Option<usize>| row.map_or(Found::Group, Found::Leaf);
        if !code.is_empty() {
            if let Some(row) = self.exact.get(&code_key(code)) {
                return found(*row);
            }
            if let Some(Some(row)) = self.loose.get(&loose_key(code)) {
                return found(*row);
            }
        } else if is_total_row(code, content) {
            return Found::Group;
        }
        if content.is_empty() {
            return Found::Nothing;
        }
        let key = content_key(content);
        match by_content.get(&key) {
            Some(i) => Found::Leaf(*i),
            None if self.group_contents.contains(&key) => Found::Group,
            None => Found::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tree::Node;

    fn node(
        level: u8,
        code: &str,
        title: &str,
        parent: Option<usize>,
        leaf: Option<usize>,
    ) -> Node {
        Node {
            level,
            code: code.into(),
            title: title.into(),
            parent,
            criterion: leaf,
            max: None,
            row: 0,
        }
    }

    /// I. > 1. > 1 (leaf 0), 13 (leaf 1); I. > 6 > 6a (leaf 2).
    fn codes() -> (TreeCodes, HashMap<String, usize>) {
        let tree = Tree {
            nodes: vec![
                node(1, "I.", "Xây dựng lực lượng", None, None),
                node(2, "1.", "Chính trị tư tưởng", Some(0), None),
                node(3, "1", "Học tập nghị quyết", Some(1), Some(0)),
                node(3, "13", "Sinh hoạt chính trị", Some(1), Some(1)),
                node(2, "6", "Khen thưởng", Some(0), None),
                node(3, "6a", "Cờ thi đua", Some(4), Some(2)),
            ],
        };
        let by_content = tree
            .nodes
            .iter()
            .filter_map(|n| n.criterion.map(|c| (content_key(&n.title), c)))
            .collect();
        (TreeCodes::new(&tree), by_content)
    }

    #[test]
    fn leaves_match_by_code_groups_are_passed_over() {
        let (codes, by_content) = codes();
        let find = |code: &str, content: &str| codes.find(code, content, &by_content);
        assert_eq!(find("1", ""), Found::Leaf(0));
        assert_eq!(find("1.", ""), Found::Group);
        assert_eq!(find(" 6 A ", ""), Found::Leaf(2));
        assert_eq!(find("13.", ""), Found::Leaf(1));
        assert_eq!(find("6", "anything"), Found::Group);
        assert_eq!(find("I", ""), Found::Group);
    }

    #[test]
    fn rows_without_a_code_match_by_content_and_totals_are_passed_over() {
        let (codes, by_content) = codes();
        let find = |code: &str, content: &str| codes.find(code, content, &by_content);
        assert_eq!(find("", "Cờ thi đua"), Found::Leaf(2));
        assert_eq!(find("", "KHEN THƯỞNG"), Found::Group);
        assert_eq!(find("", "Tổng cộng"), Found::Group);
        assert_eq!(find("", "Ghi chú khác"), Found::Nothing);
        assert_eq!(find("99", "Ghi chú khác"), Found::Nothing);
    }
}
