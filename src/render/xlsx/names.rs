//! Sheet names for the units: Excel's forbidden characters replaced, at
//! most 31 UTF-16 units, unique ignoring case, never a fixed sheet's name.

use super::cells::cut_utf16;
use super::{CHARTS_SHEET, CHECKS_SHEET, DETAIL_SHEET, SUMMARY_SHEET};
use std::collections::HashSet;

/// Characters Excel forbids in sheet names.
const FORBIDDEN_IN_SHEET_NAMES: [char; 7] = ['*', '?', ':', '[', ']', '\\', '/'];
/// Excel's longest sheet name, in UTF-16 units.
const MAX_SHEET_NAME: usize = 31;

/// Safe, unique sheet names for units given as (short name, code): forbidden
/// characters replaced, at most 31 UTF-16 units, never one of the fixed
/// sheets' names nor Excel's reserved `History`, unique ignoring case.
pub fn unit_sheet_names<'n>(units: impl Iterator<Item = (&'n str, &'n str)>) -> Vec<String> {
    let mut taken: HashSet<String> = [
        SUMMARY_SHEET,
        DETAIL_SHEET,
        CHECKS_SHEET,
        CHARTS_SHEET,
        "History",
    ]
    .iter()
    .map(|n| n.to_lowercase())
    .collect();
    let mut names = Vec::new();
    for (k, (name, code)) in units.enumerate() {
        let mut base = clean_sheet_name(name);
        if base.is_empty() {
            base = clean_sheet_name(code);
        }
        if base.is_empty() {
            base = format!("Đơn vị {}", k + 1);
        }
        let unique = unique_sheet_name(&base, &taken);
        taken.insert(unique.to_lowercase());
        names.push(unique);
    }
    names
}

/// A name without forbidden or control characters, spaces collapsed,
/// no apostrophe at either end, cut to Excel's length.
fn clean_sheet_name(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| {
            if FORBIDDEN_IN_SHEET_NAMES.contains(&c) || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let collapsed = replaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut = cut_utf16(&collapsed, MAX_SHEET_NAME);
    cut.trim_matches(|c: char| c == '\'' || c.is_whitespace())
        .to_string()
}

/// `base`, or `base (2)`, `base (3)`, ... cut to fit: the first not taken.
fn unique_sheet_name(base: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(&base.to_lowercase()) {
        return base.to_string();
    }
    (2..)
        .map(|n| {
            let suffix = format!(" ({n})");
            let stem = cut_utf16(base, MAX_SHEET_NAME - suffix.len()).trim_end();
            format!("{stem}{suffix}")
        })
        .find(|candidate| !taken.contains(&candidate.to_lowercase()))
        .unwrap_or_default()
}
