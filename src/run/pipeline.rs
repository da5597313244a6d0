//! The run, stage by stage: read the agreement, import every inbox file (in
//! parallel), settle which workbook stands for which unit, apply the
//! secretariat's adjustments, score, rank and propose. Produces the
//! `Outcome` every renderer works from; writes nothing.

use crate::model::diagnostic::{Diagnostic, Kind, Reason};
use crate::model::outcome::{Outcome, UnitFindings};
use crate::model::paths::Paths;
use crate::model::Skip;
use crate::model::{
    Agreement, CriterionScore, FileRecord, FileStatus, Submission, UnitResult, UnitStatus,
};
use crate::read::adjustments::{self, Sourced};
use crate::read::agreement;
use crate::read::import::{self, Imported};
use crate::read::inbox::{self, InboxEntry};
use crate::read::previous;
use crate::read::read_reason;
use crate::read::workbook::{self, fingerprint, Fingerprint, ReadOptions};
use crate::run::classes;
use crate::run::score::{self, Inputs};
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Why nothing could be done (exit status 2).
#[derive(Debug)]
pub enum Fatal {
    /// The working folder does not exist (shown as given).
    NoFolder(String),
    /// The agreement is not where it was looked for.
    NoAgreement {
        /// Where it was looked for, as given or defaulted.
        path: String,
        /// Whether `--agreement` named it.
        given: bool,
        /// The working folder, as given.
        folder: String,
        /// Other files of the folder that look like the agreement (`giao-uoc.ods`, ...).
        others: Vec<String>,
    },
    /// `--agreement` names a folder.
    AgreementIsFolder(String),
    /// The agreement has problems, each located.
    Agreement(Vec<Diagnostic>),
    /// A folder or file cannot be read or written.
    Io(crate::model::messages::IoProblem),
}

/// Reads, checks and scores everything.
pub fn evaluate(paths: &Paths, read: &ReadOptions) -> Result<Outcome, Fatal> {
    evaluate_recorded(paths, read).map(|(outcome, _)| outcome)
}

/// What was read of the inputs, for the run record: the fingerprint of the
/// agreement and of every inbox entry, each taken from the bytes the run
/// used (one open per file).
#[derive(Debug, Clone)]
pub struct ReadInputs {
    pub agreement: Fingerprint,
    /// Every inbox entry, in the order of `Outcome::files`.
    pub inbox: Vec<(PathBuf, Fingerprint)>,
}

/// [`evaluate`], also giving what was read of each input.
pub fn evaluate_recorded(
    paths: &Paths,
    read: &ReadOptions,
) -> Result<(Outcome, ReadInputs), Fatal> {
    let (agreement, inbox) = rayon::join(
        || load_agreement_recorded(paths, read),
        || list_inbox(paths),
    );
    let ((agreement, agreement_print), inbox) = (agreement?, inbox?);
    let keys = import::Keys::new(&agreement);
    let read_all: Vec<(PathBuf, Result<Imported, Skip>, Fingerprint)> = inbox
        .par_iter()
        .map(|entry| match entry {
            InboxEntry::Workbook(path) => {
                let (imported, print) = import_file(paths, path, read, &keys);
                (path.clone(), Ok(imported), print)
            }
            InboxEntry::Skipped(path, skip) => {
                (path.clone(), Err(*skip), skipped_print(path, *skip))
            }
        })
        .collect();
    // Test-only (debug builds): a pause after every input was read, to show
    // that the record holds the bytes that were scored.
    crate::test_pause("THIDUA_TEST_PAUSE_AFTER_READ_MS");
    let mut prints = Vec::with_capacity(read_all.len());
    let imported: Vec<(PathBuf, Result<Imported, Skip>)> = read_all
        .into_iter()
        .map(|(path, imported, print)| {
            prints.push((path.clone(), print));
            (path, imported)
        })
        .collect();
    let outcome = evaluate_imported(paths, read, agreement, imported);
    let inputs = ReadInputs {
        agreement: agreement_print,
        inbox: prints,
    };
    Ok((outcome, inputs))
}

/// The stages after the imports: settles which workbook stands for which
/// unit, applies the adjustments, scores, ranks and proposes. `imported`
/// holds every inbox entry, in the order of [`list_inbox`], each imported
/// against `agreement` (by [`import_file`]); the secretariat's page keeps
/// the imports of unchanged files and runs only this part again.
pub fn evaluate_imported(
    paths: &Paths,
    read: &ReadOptions,
    agreement: Agreement,
    imported: Vec<(PathBuf, Result<Imported, Skip>)>,
) -> Outcome {
    let mut diagnostics = Vec::new();
    let (files, submissions) = settle(paths, &agreement, imported, &mut diagnostics);
    let adjustments = adjustments::load(paths, read, &agreement, &mut diagnostics);
    let mut outcome = score_all(agreement, files, submissions, &adjustments, diagnostics);
    outcome.previous = previous::load(paths, &outcome.agreement, &mut outcome.diagnostics);
    sort_diagnostics(&mut outcome.diagnostics);
    outcome
}

/// The agreement's year, if the agreement can be read.
pub fn evaluate_agreement_year(paths: &Paths, read: &ReadOptions) -> Option<i32> {
    load_agreement(paths, read).ok().map(|a| a.info.year)
}

/// Reads and checks the agreement alone.
pub fn load_agreement(paths: &Paths, read: &ReadOptions) -> Result<Agreement, Fatal> {
    load_agreement_recorded(paths, read).map(|(agreement, _)| agreement)
}

/// [`load_agreement`], with the fingerprint of the bytes read.
fn load_agreement_recorded(
    paths: &Paths,
    read: &ReadOptions,
) -> Result<(Agreement, Fingerprint), Fatal> {
    let shown = paths.show(&paths.agreement);
    if !paths.agreement.is_file() {
        return Err(missing_agreement(paths));
    }
    let (wb, print) = workbook::read_workbook_recorded(&paths.agreement, read);
    let wb = wb.map_err(|e| {
        Fatal::Agreement(vec![Diagnostic::new(Kind::UnreadableFile)
            .file(shown.clone())
            .reason(read_reason(e))])
    })?;
    let agreement = agreement::parse(&wb, &shown).map_err(Fatal::Agreement)?;
    Ok((agreement, print))
}

/// Why the agreement is not there: no working folder, a folder named
/// instead of a file, or no file (with the folder's look-alikes, such as a
/// `giao-uoc.ods`).
fn missing_agreement(paths: &Paths) -> Fatal {
    let default = paths.agreement == paths.folder.join("giao-uoc.xlsx");
    let folder = paths.folder.display().to_string();
    if default && !paths.folder.is_dir() {
        return Fatal::NoFolder(folder);
    }
    let path = paths.agreement.display().to_string();
    if paths.agreement.is_dir() {
        return Fatal::AgreementIsFolder(path);
    }
    let mut others: Vec<String> = std::fs::read_dir(&paths.folder)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && inbox::is_workbook_name(p) && looks_like_agreement(p))
        .map(|p| p.display().to_string())
        .collect();
    others.sort();
    Fatal::NoAgreement {
        path,
        given: !default,
        folder,
        others: if default { others } else { Vec::new() },
    }
}

/// A file named like the agreement in another format or spelling (`Giao uoc.ods`).
fn looks_like_agreement(path: &Path) -> bool {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let letters: String = crate::text::fold(&stem)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    letters == "giaouoc"
}

/// The run record's fingerprint of an entry not read: a file skipped by its
/// name is hashed (by streaming, within a bound); anything else is named.
pub fn skipped_print(path: &Path, skip: Skip) -> Fingerprint {
    match skip {
        Skip::LockFile | Skip::HiddenFile | Skip::NotSpreadsheet => fingerprint::of_path(path),
        other => Fingerprint::unhashed(None, other.record_words()),
    }
}

/// Every entry of the inbox (`read::inbox`), or why the inbox cannot be listed.
pub fn list_inbox(paths: &Paths) -> Result<Vec<InboxEntry>, Fatal> {
    inbox::list(&paths.inbox).map_err(|e| {
        Fatal::Io(crate::model::messages::IoProblem::new(
            paths.show(&paths.inbox),
            &e,
        ))
    })
}

/// Imports one workbook, with the fingerprint of the bytes that were read.
pub fn import_file(
    paths: &Paths,
    path: &Path,
    read: &ReadOptions,
    keys: &import::Keys,
) -> (Imported, Fingerprint) {
    let shown = paths.show(path);
    let (wb, print) = workbook::read_workbook_recorded(path, read);
    let imported = match wb {
        Ok(wb) => {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            import::import_with(&wb, &shown, &stem, keys)
        }
        Err(e) => Imported::Rejected(
            Box::new(
                Diagnostic::new(Kind::UnreadableFile)
                    .file(shown)
                    .reason(read_reason(e)),
            ),
            Vec::new(),
        ),
    };
    (imported, print)
}

/// Decides which workbook stands for which unit: one table a unit is used;
/// two or more are duplicates, none used; rejected files name their reason.
fn settle(
    paths: &Paths,
    agreement: &Agreement,
    imported: Vec<(PathBuf, Result<Imported, Skip>)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<FileRecord>, Vec<UnitSubmission>) {
    let mut files = Vec::new();
    let mut per_unit: Vec<Vec<(Submission, Vec<Diagnostic>)>> =
        vec![Vec::new(); agreement.units.len()];
    let mut rejected_for: Vec<Option<String>> = vec![None; agreement.units.len()];
    let by_code: HashMap<&str, usize> = agreement
        .units
        .iter()
        .enumerate()
        .rev()
        .map(|(i, u)| (u.code.as_str(), i))
        .collect();
    let unit_index = |code: &str| by_code.get(code).copied();
    // Files whose unit cannot be told, and whether any file was told.
    let mut unknown: Vec<String> = Vec::new();
    let mut any_told = false;
    for (path, result) in imported {
        let shown = paths.show(&path);
        match result {
            Err(skip) => files.push(FileRecord {
                file: shown,
                unit: None,
                status: FileStatus::Skipped,
                skip: Some(skip),
            }),
            Ok(Imported::Rejected(d, notes)) => {
                if let Some(i) = d.unit.as_deref().and_then(unit_index) {
                    rejected_for[i].get_or_insert(shown.clone());
                    any_told = true;
                }
                if d.kind == Kind::UnknownUnit {
                    unknown.push(shown.clone());
                }
                files.push(FileRecord {
                    file: shown,
                    unit: d.unit.clone(),
                    status: FileStatus::Rejected,
                    skip: None,
                });
                diagnostics.extend(notes);
                diagnostics.push(*d);
            }
            Ok(Imported::Table(submission, notes)) => {
                any_told = true;
                let i = unit_index(&submission.unit).expect("import only names member units");
                files.push(FileRecord {
                    file: shown,
                    unit: Some(submission.unit.clone()),
                    status: FileStatus::Used,
                    skip: None,
                });
                per_unit[i].push((submission, notes));
            }
        }
    }
    if !any_told && !unknown.is_empty() {
        no_workbook_names_a_unit(paths, &unknown, diagnostics);
    }
    let mut settled = Vec::with_capacity(agreement.units.len());
    let mut duplicates: HashSet<String> = HashSet::new();
    for (i, (unit, mut tables)) in agreement.units.iter().zip(per_unit).enumerate() {
        match tables.len() {
            0 => {
                let status = if rejected_for[i].is_some() {
                    UnitStatus::Rejected
                } else {
                    UnitStatus::Missing
                };
                if status == UnitStatus::Missing {
                    diagnostics.push(Diagnostic::new(Kind::MissingUnit).unit(unit.code.clone()));
                }
                settled.push(UnitSubmission {
                    status,
                    file: rejected_for[i].clone(),
                    submission: None,
                });
            }
            1 => {
                let (submission, notes) = tables.remove(0);
                diagnostics.extend(notes);
                settled.push(UnitSubmission {
                    status: UnitStatus::Scored,
                    file: Some(submission.file.clone()),
                    submission: Some(submission),
                });
            }
            _ => {
                let names: Vec<String> = tables.iter().map(|(s, _)| s.file.clone()).collect();
                duplicates.extend(names.iter().cloned());
                for name in &names {
                    diagnostics.push(
                        Diagnostic::new(Kind::DuplicateUnit)
                            .unit(unit.code.clone())
                            .file(name.clone())
                            .found(names.join(", ")),
                    );
                }
                settled.push(UnitSubmission {
                    status: UnitStatus::Duplicate,
                    file: names.first().cloned(),
                    submission: None,
                });
            }
        }
    }
    if !duplicates.is_empty() {
        for record in files.iter_mut().filter(|f| duplicates.contains(&f.file)) {
            record.status = FileStatus::Duplicate;
        }
    }
    (files, settled)
}

/// No workbook names a member unit (an agreement left as `thidua init`
/// wrote it, or another cluster's files): said once, about the agreement's
/// `Đơn vị` sheet, instead of the same advice for every file. Each file
/// keeps its status (rejected) and its own finding, which refers to that one.
fn no_workbook_names_a_unit(paths: &Paths, files: &[String], diagnostics: &mut Vec<Diagnostic>) {
    for d in diagnostics.iter_mut() {
        if d.kind == Kind::UnknownUnit && d.file.as_ref().is_some_and(|f| files.contains(f)) {
            let reason = d.reason.take().unwrap_or(Reason::NoUnitNamed);
            d.reason = Some(Reason::LikeEveryWorkbook(Box::new(reason)));
        }
    }
    diagnostics.push(
        Diagnostic::new(Kind::UnknownUnit)
            .file(paths.show(&paths.agreement))
            .sheet("Đơn vị")
            .found(files.join(", "))
            .reason(Reason::NoWorkbookNamesAUnit(files.len())),
    );
}

/// What a unit's inbox came to.
struct UnitSubmission {
    status: UnitStatus,
    file: Option<String>,
    submission: Option<Submission>,
}

fn score_all(
    agreement: Agreement,
    files: Vec<FileRecord>,
    settled: Vec<UnitSubmission>,
    adjustments: &[Sourced],
    mut diagnostics: Vec<Diagnostic>,
) -> Outcome {
    let mut units = Vec::with_capacity(settled.len());
    let mut submissions = Vec::with_capacity(settled.len());
    // Every adjustment row for each (unit, criterion), in file order: the last one counts.
    let mut adjustment_for: HashMap<(&str, &str), Vec<&Sourced>> = HashMap::new();
    for s in adjustments {
        adjustment_for
            .entry((s.adjustment.unit.as_str(), s.adjustment.criterion.as_str()))
            .or_default()
            .push(s);
    }
    // Units are scored independently (in parallel); their findings keep unit order.
    let scored: Vec<(UnitResult, Vec<Diagnostic>, Option<Submission>)> = agreement
        .units
        .par_iter()
        .zip(settled)
        .map(|(unit, entry)| {
            let mut result = UnitResult {
                code: unit.code.clone(),
                status: entry.status,
                file: entry.file,
                scores: Vec::new(),
                self_total: None,
                total: None,
                rank: None,
                classification: None,
                proposal: None,
            };
            let mut found = Vec::new();
            if let Some(submission) = &entry.submission {
                score_unit(
                    &agreement,
                    submission,
                    &adjustment_for,
                    &mut result,
                    &mut found,
                );
            }
            (result, found, entry.submission)
        })
        .collect();
    // An adjustment for a unit with no scored workbook applies to nothing: say so.
    for (unit, entry) in agreement.units.iter().zip(&scored) {
        if entry.0.total.is_none() {
            for s in adjustments
                .iter()
                .filter(|s| s.adjustment.unit == unit.code)
            {
                diagnostics.push(
                    Diagnostic::new(Kind::BadValue)
                        .unit(unit.code.clone())
                        .file(s.file.clone())
                        .sheet(s.sheet.clone())
                        .cell(s.cell.clone())
                        .criterion(s.adjustment.criterion.clone())
                        .found(crate::model::diagnostic::number(s.adjustment.score))
                        .reason(Reason::UnitNotScored),
                );
            }
        }
    }
    for (result, found, submission) in scored {
        units.push(result);
        diagnostics.extend(found);
        submissions.push(submission);
    }
    let ranking = rank_units(&agreement, &mut units, &mut diagnostics);
    Outcome {
        agreement,
        units,
        ranking,
        files,
        diagnostics,
        submissions,
        unit_findings: UnitFindings::default(),
        previous: None,
    }
}

/// Scores one unit's submission, with self-score checks and adjustments.
fn score_unit(
    agreement: &Agreement,
    submission: &Submission,
    adjustments: &HashMap<(&str, &str), Vec<&Sourced>>,
    result: &mut UnitResult,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let at = |kind: Kind, code: &str, cell: Option<String>| {
        Diagnostic::new(kind)
            .unit(result.code.clone())
            .file(submission.file.clone())
            .sheet(submission.sheet.clone())
            .criterion(code)
            .maybe_cell(cell)
    };
    // A number beyond what anyone scores is out of range: reported at its cell, not used.
    let within = |value: Option<Decimal>,
                  code: &str,
                  cell: &Option<String>,
                  reason: Reason,
                  found: &mut Vec<_>| {
        value.filter(|&v| {
            let ok = agreement::within_limit(v);
            if !ok {
                found.push(
                    at(Kind::OutOfRange, code, cell.clone())
                        .found(crate::model::diagnostic::number(v))
                        .reason(reason.clone()),
                );
            }
            ok
        })
    };
    let mut self_total: Option<Decimal> = None;
    let mut self_total_overflowed = false;
    // One score per criterion: no growing (at 10 000 units the slack adds up).
    result.scores.reserve_exact(agreement.criteria.len());
    for (criterion, entry) in agreement.criteria.iter().zip(&submission.entries) {
        let code = criterion.code.as_str();
        let target = criterion.target_for(&result.code);
        let (result_value, self_score) = match entry {
            Some(e) => (
                within(
                    e.result.value(),
                    code,
                    &e.result_cell,
                    Reason::NumberTooLarge,
                    diagnostics,
                ),
                within(
                    e.self_score.value(),
                    code,
                    &e.self_score_cell,
                    Reason::SelfScoreTooLarge,
                    diagnostics,
                ),
            ),
            None => (None, None),
        };
        let computed = score::checked_criterion_score(
            criterion,
            Inputs {
                target,
                result: result_value,
                self_score,
            },
        );
        let computed = match computed {
            Some(c) => c,
            None => {
                let (value, cell) = match entry {
                    Some(e) if criterion.method == crate::model::Method::Assessed => {
                        (self_score, e.self_score_cell.clone())
                    }
                    Some(e) => (result_value, e.result_cell.clone()),
                    None => (None, None),
                };
                let mut d = at(Kind::OutOfRange, code, cell).reason(Reason::TooLargeToScore);
                if let Some(v) = value {
                    d = d.found(crate::model::diagnostic::number(v));
                }
                diagnostics.push(d);
                Decimal::ZERO
            }
        };
        if let (Some(entry), Some(s)) = (entry, self_score) {
            match self_total.unwrap_or_default().checked_add(s) {
                Some(sum) => self_total = Some(sum),
                None => self_total_overflowed = true,
            }
            let cell = entry.self_score_cell.clone();
            if s.abs() > criterion.max {
                diagnostics.push(
                    at(Kind::SelfScoreOverMax, code, cell.clone())
                        .found(crate::model::diagnostic::number(s))
                        .expected(crate::model::diagnostic::number(criterion.max)),
                );
            }
            let result_read = result_value.is_some();
            let checkable = criterion.method != crate::model::Method::Assessed && result_read;
            let differs = s
                .checked_sub(computed)
                .is_none_or(|d| d.abs() > Decimal::new(5, 3));
            if checkable && differs {
                diagnostics.push(
                    at(Kind::SelfScoreMismatch, code, cell)
                        .found(crate::model::diagnostic::number(s))
                        .expected(crate::model::diagnostic::number(computed)),
                );
            }
        }
        let rows = adjustments
            .get(&(result.code.as_str(), code))
            .map_or(&[][..], Vec::as_slice);
        let applied = rows.last().copied();
        for (k, s) in rows.iter().enumerate() {
            let located = |kind: Kind| {
                Diagnostic::new(kind)
                    .unit(result.code.clone())
                    .file(s.file.clone())
                    .sheet(s.sheet.clone())
                    .cell(s.cell.clone())
                    .criterion(code)
            };
            if let Some(later) = rows.get(k + 1..).and_then(|r| r.last()) {
                diagnostics.push(
                    located(Kind::AdjustmentSuperseded)
                        .found(crate::model::diagnostic::number(s.adjustment.score))
                        .expected(later.cell.clone()),
                );
                continue;
            }
            diagnostics.push(
                located(Kind::Adjustment)
                    .found(crate::model::diagnostic::number(computed))
                    .expected(crate::model::diagnostic::number(s.adjustment.score))
                    .reason(Reason::AdjustmentReason(s.adjustment.reason.clone())),
            );
            if let Some(reason) = adjustment_out_of_range(criterion, s.adjustment.score) {
                diagnostics.push(
                    located(Kind::AdjustmentOutOfRange)
                        .found(crate::model::diagnostic::number(s.adjustment.score))
                        .expected(crate::model::diagnostic::number(criterion.max))
                        .reason(reason),
                );
            }
        }
        let adjustment = applied.map(|s| s.adjustment.clone());
        let written_target = entry
            .as_ref()
            .and_then(|e| e.written_target)
            .filter(|w| Some(*w) != target);
        result.scores.push(CriterionScore {
            target,
            written_target,
            result: result_value,
            self_score,
            computed,
            score: adjustment.as_ref().map_or(computed, |a| a.score),
            adjustment,
        });
    }
    result.total = score::checked_sum(result.scores.iter().map(|s| s.score));
    result.self_total =
        self_total.filter(|_| !self_total_overflowed && !submission.self_total_unknown);
    // An adjustment that lowered a score of a unit whose total ends below 0.
    if result.total.is_some_and(|t| t < Decimal::ZERO) {
        for (criterion, s) in agreement.criteria.iter().zip(&result.scores) {
            let Some(a) = s.adjustment.as_ref().filter(|a| a.score < s.computed) else {
                continue;
            };
            let Some(sourced) = adjustments
                .get(&(result.code.as_str(), criterion.code.as_str()))
                .and_then(|rows| rows.last())
            else {
                continue;
            };
            diagnostics.push(
                Diagnostic::new(Kind::AdjustmentOutOfRange)
                    .unit(result.code.clone())
                    .file(sourced.file.clone())
                    .sheet(sourced.sheet.clone())
                    .cell(sourced.cell.clone())
                    .criterion(criterion.code.clone())
                    .found(crate::model::diagnostic::number(a.score))
                    .expected(crate::model::diagnostic::number(criterion.max))
                    .reason(Reason::TotalBelowZero),
            );
        }
    }
}

/// Why an adjusted score is outside its criterion's range: [0, max], for
/// `Trừ` [−max, 0].
fn adjustment_out_of_range(criterion: &crate::model::Criterion, score: Decimal) -> Option<Reason> {
    let max = criterion.max;
    if criterion.method == crate::model::Method::Penalty {
        (score > Decimal::ZERO || score < -max).then_some(Reason::OutsideMinusMaxToZero)
    } else {
        (score < Decimal::ZERO || score > max).then_some(Reason::OutsideZeroToMax)
    }
}

/// Ranks the scored units, classifies them and proposes commendations.
fn rank_units(
    agreement: &Agreement,
    units: &mut [UnitResult],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let scored: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].total.is_some())
        .collect();
    let totals: Vec<Decimal> = scored
        .iter()
        .map(|&i| units[i].total.unwrap_or_default())
        .collect();
    let (ranks, order) = score::rank(&totals);
    for (k, &i) in scored.iter().enumerate() {
        units[i].rank = Some(ranks[k]);
        units[i].classification = classes::classify(agreement, totals[k], &units[i].scores);
    }
    let ranking: Vec<usize> = order.iter().map(|&k| scored[k]).collect();
    let ranked: Vec<(Decimal, Option<crate::model::Classification>)> = ranking
        .iter()
        .map(|&i| (units[i].total.unwrap_or_default(), units[i].classification))
        .collect();
    let (proposals, ties) = classes::propose(&ranked, &agreement.titles());
    for (position, &i) in ranking.iter().enumerate() {
        units[i].proposal = proposals[position];
    }
    for tie in ties {
        let codes: Vec<String> = tie
            .members
            .iter()
            .map(|&p| units[ranking[p]].code.clone())
            .collect();
        let total = units[ranking[tie.members[0]]].total.unwrap_or_default();
        let reason = match tie.proposal {
            _ if agreement.has_own_titles() => {
                Reason::Cutoff(agreement.proposal_label(tie.proposal).to_string())
            }
            crate::model::Proposal::FLAG => Reason::CutoffFlag,
            _ => Reason::CutoffCertificate,
        };
        diagnostics.push(
            Diagnostic::new(Kind::TieAtCutoff)
                .found(codes.join(", "))
                .expected(crate::model::diagnostic::number(total))
                .reason(reason),
        );
    }
    ranking
}

/// Agreement and adjustment findings first, then by file (stable within a file), unit-wide ones last.
fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    fn key(d: &Diagnostic) -> (bool, Option<&str>) {
        (d.file.is_none(), d.file.as_deref())
    }
    diagnostics.sort_by(|a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_of_a_unit_are_those_naming_it_in_order() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/loi-2016");
        let paths = Paths::new(&folder, None, None, None);
        let mut o = evaluate(&paths, &ReadOptions::default()).expect("sample evaluates");
        let scan = |o: &Outcome, code: &str| -> Vec<Diagnostic> {
            o.diagnostics
                .iter()
                .filter(|d| d.unit.as_deref() == Some(code))
                .cloned()
                .collect()
        };
        let codes: Vec<String> = o.units.iter().map(|u| u.code.clone()).collect();
        assert!(codes.iter().any(|c| !scan(&o, c).is_empty()));
        for code in codes.iter().map(String::as_str).chain(["nobody"]) {
            let indexed: Vec<Diagnostic> = o.diagnostics_of(code).cloned().collect();
            assert_eq!(indexed, scan(&o, code), "{code}");
        }
        // Added after the index was built, and in a clone: still found.
        o.diagnostics
            .push(Diagnostic::new(Kind::MissingUnit).unit(codes[0].clone()));
        let clone = o.clone();
        for o in [&o, &clone] {
            let indexed: Vec<Diagnostic> = o.diagnostics_of(&codes[0]).cloned().collect();
            assert_eq!(indexed, scan(o, &codes[0]));
        }
    }
}
