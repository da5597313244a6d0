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
