//! Last year's results (SPEC section 11, "Next year"): finds and reads
//! `truoc/ket-qua-<Năm−1>.json` (or the file `--previous` names), the JSON
//! `thidua run` wrote last year (SPEC section 9), and matches its units to
//! this year's: by code, and through each unit's `Mã cũ` (the codes it had
//! or absorbed).
//!
//! Never stops a run: a missing, unreadable or wrong-year file is a
//! located warning (`previous-results`) and the outputs are made without
//! last year's figures; a unit with no figures of last year is a warning
//! (`previous-unit`). Without `truoc/` and without `--previous` nothing is
//! looked at and nothing is said. Owns reading that file; not how its
//! figures are shown (`model::previous` and the renderers).

use crate::model::diagnostic::{Diagnostic, Kind, Reason};
pub use crate::model::previous::{file_name, FOLDER};
use crate::model::previous::{Previous, PreviousFigure};
use crate::model::{Agreement, Paths};
use crate::text::fold;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest results file read (a cluster of 10 000 units writes a few MB).
const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Last year's results for `agreement`, matched to its units; None (with a
/// warning where something was expected) when there are none to show.
pub fn load(
    paths: &Paths,
    agreement: &Agreement,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Previous> {
    let expected = i64::from(agreement.info.year) - 1;
    let path = find(paths, expected, diagnostics)?;
    let shown = paths.show(&path);
    let warn = |reason: Reason| {
        Diagnostic::new(Kind::PreviousResults)
            .file(shown.clone())
            .reason(reason)
    };
    let value = match read_json(&path) {
        Ok(value) => value,
        Err(reason) => {
            diagnostics.push(warn(reason));
            return None;
        }
    };
    let (year, units) = match results(&value) {
        Some(found) => found,
        None => {
            diagnostics.push(warn(Reason::PreviousNotResults));
            return None;
        }
    };
    if year != expected {
        diagnostics.push(
            warn(Reason::PreviousWrongYear {
                found: year,
                expected,
            })
            .expected(expected)
            .found(year),
        );
        return None;
    }
    let figures = match_units(paths, agreement, &units, diagnostics);
    Some(Previous {
        year: i32::try_from(year).unwrap_or_default(),
        file: shown,
        path,
        figures,
    })
}

/// The file to read: `--previous`, else `truoc/ket-qua-<year>.json`; where
/// `truoc/` lacks it, a results file of another year found there (to be
/// named as such), else a warning that it is missing.
fn find(paths: &Paths, expected: i64, diagnostics: &mut Vec<Diagnostic>) -> Option<PathBuf> {
    let missing = |path: &Path| {
        Diagnostic::new(Kind::PreviousResults)
            .file(paths.show(path))
            .reason(Reason::PreviousNotFound)
    };
    if let Some(given) = &paths.previous {
        if given.is_file() {
            return Some(given.clone());
        }
        diagnostics.push(missing(given));
        return None;
    }
    let folder = paths.folder.join(FOLDER);
    if !folder.is_dir() {
        return None;
    }
    let wanted = folder.join(file_name(expected));
    if wanted.is_file() {
        return Some(wanted);
    }
    match other_results(&folder) {
        Some(other) => Some(other),
        None => {
            diagnostics.push(missing(&wanted));
            None
        }
    }
}

/// The results file of the latest year in `folder` (`ket-qua-<NNNN>.json`), if any.
fn other_results(folder: &Path) -> Option<PathBuf> {
    let entries = std::fs::read_dir(folder).ok()?;
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let year: u32 = name
                .strip_prefix("ket-qua-")?
                .strip_suffix(".json")?
                .parse()
                .ok()?;
            e.path().is_file().then(|| (year, e.path()))
        })
        .max()
        .map(|(_, path)| path)
}

/// The file as JSON, or why not.
fn read_json(path: &Path) -> Result<Value, Reason> {
    let unreadable = |e: &dyn std::fmt::Display| Reason::PreviousUnreadable(e.to_string());
    let file = std::fs::File::open(path).map_err(|e| unreadable(&e))?;
    let mut text = String::new();
    file.take(MAX_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| unreadable(&e))?;
    if text.len() as u64 > MAX_BYTES {
        return Err(unreadable(&format!("> {} MB", MAX_BYTES / 1024 / 1024)));
    }
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| unreadable(&e))
}

/// The year and the units' figures of a results JSON; None when it is not one.
fn results(value: &Value) -> Option<(i64, Vec<PreviousFigure>)> {
    let year = value.get("year")?.as_i64()?;
    let units = value.get("units")?.as_array()?;
    let figures = units
        .iter()
        .filter_map(|u| {
            Some(PreviousFigure {
                code: u.get("code")?.as_str()?.trim().to_string(),
                total: u.get("total").and_then(decimal),
                rank: u
                    .get("rank")
                    .and_then(Value::as_u64)
                    .and_then(|r| u32::try_from(r).ok()),
            })
        })
        .filter(|f| !f.code.is_empty())
        .collect();
    Some((year, figures))
}

/// A JSON number as the decimal it was written as (93.25, not its binary neighbour).
fn decimal(value: &Value) -> Option<Decimal> {
    let Value::Number(n) = value else {
        return None;
    };
    let text = n.to_string();
    text.parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&text))
        .ok()
        .filter(|x| crate::read::agreement::within_limit(*x))
}

/// Each unit's previous figures: its own code's, then those of its `Mã
/// cũ` (codes compared as every code is: case and diacritics aside); a
/// warning for each code of `Mã cũ` not found, and for a unit without
/// `Mã cũ` whose own code is not found.
fn match_units(
    paths: &Paths,
    agreement: &Agreement,
    units: &[PreviousFigure],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Vec<PreviousFigure>> {
    let mut by_code: HashMap<String, &PreviousFigure> = HashMap::new();
    for figure in units {
        by_code.entry(fold(&figure.code)).or_insert(figure);
    }
    let agreement_file = paths.show(&paths.agreement);
    agreement
        .units
        .iter()
        .map(|unit| {
            let mut codes: Vec<&str> = vec![unit.code.as_str()];
            for code in &unit.old_codes {
                if !codes.iter().any(|c| fold(c) == fold(code)) {
                    codes.push(code);
                }
            }
            let mut found = Vec::new();
            for (k, code) in codes.iter().enumerate() {
                match by_code.get(&fold(code)) {
                    Some(figure) => found.push((*figure).clone()),
                    None if k > 0 || unit.old_codes.is_empty() => diagnostics.push(
                        Diagnostic::new(Kind::PreviousUnit)
                            .file(agreement_file.clone())
                            .sheet("Đơn vị")
                            .found(code.to_string())
                            .expected(unit.code.clone()),
                    ),
                    None => {}
                }
            }
            found
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn totals_are_read_as_the_decimals_written() {
        let value = json!({ "year": 2016, "units": [
            { "code": "CB", "total": 93.25, "rank": 1 },
            { "code": "BK", "total": null, "rank": null },
        ]});
        let (year, figures) = results(&value).unwrap();
        assert_eq!(year, 2016);
        assert_eq!(figures[0].total, Some("93.25".parse().unwrap()));
        assert_eq!(figures[0].rank, Some(1));
        assert_eq!(figures[1].total, None);
        assert!(results(&json!({ "units": [] })).is_none());
        assert!(results(&json!([1, 2])).is_none());
    }
}
