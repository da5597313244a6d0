//! Reads the secretariat's score adjustments (dieu-chinh.xlsx, SPEC section
//! 5): one sheet with columns `Đơn vị` (code or name), `Mã` (criterion),
//! `Điểm` and `Lý do`. A row that names no unit or criterion, or has no
//! usable score (text, or beyond [`crate::read::agreement::NUMBER_LIMIT`]), is
//! reported and ignored. Every other row is kept, in file order: where two
//! rows name the same unit and criterion, the scoring stage applies the last
//! and reports the earlier as replaced.

use super::read_reason;
use crate::model::diagnostic::{Diagnostic, Kind, Reason};
use crate::model::Paths;
use crate::model::{Adjustment, Agreement};
use crate::read::cells::{self, CellNumber};
use crate::read::workbook::{self, cell_ref, ReadOptions, Sheet};
use crate::text::{fold, normalize_code};

/// An adjustment and where it was written.
#[derive(Debug, Clone)]
pub struct Sourced {
    pub adjustment: Adjustment,
    pub file: String,
    pub sheet: String,
    /// The cell of the score.
    pub cell: String,
}

/// The adjustments in the working folder, if the file exists.
pub fn load(
    paths: &Paths,
    read: &ReadOptions,
    agreement: &Agreement,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Sourced> {
    if !paths.adjustments.is_file() {
        return Vec::new();
    }
    let shown = paths.show(&paths.adjustments);
    let wb = match workbook::read_workbook(&paths.adjustments, read) {
        Ok(wb) => wb,
        Err(e) => {
            diagnostics.push(
                Diagnostic::new(Kind::UnreadableFile)
                    .file(shown)
                    .reason(read_reason(e)),
            );
            return Vec::new();
        }
    };
    let Some(sheet) = wb.sheets.first() else {
        return Vec::new();
    };
    read_sheet(sheet, &shown, agreement, diagnostics)
}

/// Columns found on the header row.
struct Columns {
    header_row: u32,
    unit: u32,
    code: u32,
    score: u32,
    reason: Option<u32>,
}

fn columns(sheet: &Sheet) -> Option<Columns> {
    let header = sheet
        .cells()
        .iter()
        .find(|c| fold(&cells::text(Some(c))) == "ma")?;
    let find = |names: &[&str]| {
        sheet
            .row(header.row)
            .iter()
            .find(|c| names.contains(&fold(&cells::text(Some(c))).as_str()))
            .map(|c| c.col)
    };
    Some(Columns {
        header_row: header.row,
        unit: find(&["don vi", "ma don vi"])?,
        code: header.col,
        score: find(&["diem", "diem dieu chinh"])?,
        reason: find(&["ly do"]),
    })
}

fn read_sheet(
    sheet: &Sheet,
    file: &str,
    agreement: &Agreement,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Sourced> {
    let Some(cols) = columns(sheet) else {
        diagnostics.push(
            Diagnostic::new(Kind::MissingColumn)
                .file(file)
                .sheet(sheet.name.clone())
                .expected("Đơn vị, Mã, Điểm"),
        );
        return Vec::new();
    };
    let mut rows: Vec<u32> = sheet
        .cells()
        .iter()
        .map(|c| c.row)
        .filter(|r| *r > cols.header_row)
        .collect();
    rows.dedup();
    let mut out = Vec::new();
    let keys = crate::read::import::Keys::new(agreement);
    for row in rows {
        let problem = |col: u32, found: String, reason: Reason| {
            Diagnostic::new(Kind::BadValue)
                .file(file)
                .sheet(sheet.name.clone())
                .cell(cell_ref(row, col))
                .found(found)
                .reason(reason)
        };
        let unit_text = cells::text(sheet.get(row, cols.unit));
        let code_text = cells::text(sheet.get(row, cols.code));
        if unit_text.is_empty() && code_text.is_empty() {
            continue;
        }
        let unit = match keys.unit_code_or_name(&unit_text) {
            Ok(Some(unit)) => unit,
            Ok(None) => {
                diagnostics.push(problem(cols.unit, unit_text, Reason::NoSuchUnit));
                continue;
            }
            Err(reason) => {
                diagnostics.push(problem(cols.unit, unit_text, reason));
                continue;
            }
        };
        let criterion = match &agreement.tree {
            Some(tree) => tree
                .criterion_by_code(&code_text)
                .and_then(|i| agreement.criteria.get(i))
                .map(|c| c.code.clone()),
            None => normalize_code(&code_text)
                .filter(|c| agreement.criteria.iter().any(|k| &k.code == c)),
        };
        let Some(criterion) = criterion else {
            diagnostics.push(problem(cols.code, code_text, Reason::NoSuchCriterion));
            continue;
        };
        let score = match cells::number(sheet.get(row, cols.score)) {
            CellNumber::Number(n) if crate::read::agreement::within_limit(n.value) => n.value,
            CellNumber::Number(n) => {
                let found = crate::model::diagnostic::number(n.value);
                diagnostics
                    .push(problem(cols.score, String::new(), Reason::NumberTooLarge).found(found));
                continue;
            }
            other => {
                let found = match other {
                    CellNumber::Invalid(t) => t,
                    _ => String::new(),
                };
                diagnostics.push(problem(cols.score, found, Reason::NotANumber));
                continue;
            }
        };
        let reason = cols
            .reason
            .map(|c| cells::text(sheet.get(row, c)))
            .unwrap_or_default();
        out.push(Sourced {
            adjustment: Adjustment {
                unit,
                criterion,
                score: crate::model::round2(score),
                reason,
            },
            file: file.to_string(),
            sheet: sheet.name.clone(),
            cell: cell_ref(row, cols.score),
        });
    }
    out
}
