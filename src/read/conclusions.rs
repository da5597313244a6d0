//! Reads the conference's decisions (`ket-luan.xlsx` in the working folder,
//! SPEC section 10) into [`Conclusions`]: sheet `Hội nghị` (key in column
//! A, value in B: `Ngày`, `Địa điểm`, `Số đại biểu`, `Chủ trì`, `Thư ký`)
//! and sheet `Biểu quyết` (a header row holding `Mã`; columns `Mã`, `Hình
//! thức`, `Tán thành`, `Không tán thành`, `Quyết định`).
//!
//! Keys, columns, units and titles are matched as everywhere else
//! (accents, case and spaces forgiven): units by code or name against the
//! agreement's `Đơn vị`, titles against the agreement's titles (its own
//! `Khen thưởng` sheet, else section 5's). Every value that cannot be used
//! is a finding located by sheet and cell (`bad-conclusion`, and the
//! agreement reader's `missing-sheet`, `missing-column`, `missing-code`,
//! `duplicate-code`); any finding means the file cannot be used. Whether a
//! decision is allowed is the run's question (`run::decisions`), not this
//! reader's.

use crate::model::diagnostic::{Diagnostic, Kind, Reason};
use crate::model::dossier::{Conclusions, Conference, Person, Vote};
use crate::model::{Agreement, Paths, Proposal};
use crate::read::agreement::{self, rules, Header, Problems};
use crate::read::cells;
use crate::read::workbook::{self, cell_ref, Cell, ReadOptions, Sheet, Workbook};
use crate::text::fold;
use std::path::{Path, PathBuf};

pub use crate::model::dossier::sheets::{
    COLUMNS, CONFERENCE as CONFERENCE_SHEET, FILE, KEYS, VOTES as VOTES_SHEET,
};

/// What a `Quyết định` may say for "no title" besides an empty cell, folded.
const NONE_WORDS: [&str; 5] = [
    "khong",
    "khong khen thuong",
    "khong de nghi",
    "khong tan thanh",
    "-",
];

/// The conclusions and where their decisions were read, for the findings
/// of `run::decisions`.
#[derive(Debug, Clone)]
pub struct ReadConclusions {
    pub conclusions: Conclusions,
    /// The file as shown to users (relative to the working folder).
    pub file: String,
    /// The name of the votes sheet, as written.
    pub sheet: String,
    /// The column of `Quyết định` (0-based).
    pub decision_column: u32,
}

impl ReadConclusions {
    /// The A1 reference of a vote's `Quyết định` cell.
    pub fn decision_cell(&self, vote: &Vote) -> String {
        cell_ref(vote.row.saturating_sub(1), self.decision_column)
    }
}

/// Where `ket-luan.xlsx` is: in the working folder.
pub fn path(paths: &Paths) -> PathBuf {
    paths.folder.join(FILE)
}

/// Reads `ket-luan.xlsx` at `path` (shown to users as `shown`), if it
/// exists: `Ok(None)` when it does not, the findings when it cannot be
/// used.
pub fn load(
    path: &Path,
    shown: &str,
    read: &ReadOptions,
    agreement: &Agreement,
) -> Result<Option<ReadConclusions>, Vec<Diagnostic>> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    let wb = workbook::read_workbook(path, read).map_err(|e| {
        vec![Diagnostic::new(Kind::UnreadableFile)
            .file(shown)
            .reason(super::read_reason(e))]
    })?;
    parse(&wb, shown, agreement).map(Some)
}

/// Reads the two sheets of a workbook against the agreement.
pub fn parse(
    workbook: &Workbook,
    file: &str,
    agreement: &Agreement,
) -> Result<ReadConclusions, Vec<Diagnostic>> {
    let mut problems = Problems {
        file,
        list: Vec::new(),
    };
    let conference_sheet = problems.sheet(workbook, CONFERENCE_SHEET);
    let votes_sheet = problems.sheet(workbook, VOTES_SHEET);
    let (Some(conference_sheet), Some(votes_sheet)) = (conference_sheet, votes_sheet) else {
        return Err(problems.list);
    };
    let conference = read_conference(conference_sheet, &mut problems);
    let votes = read_votes(votes_sheet, agreement, conference.attendance, &mut problems);
    match votes {
        Some((votes, decision_column)) if problems.list.is_empty() => Ok(ReadConclusions {
            conclusions: Conclusions { conference, votes },
            file: file.to_string(),
            sheet: votes_sheet.name.clone(),
            decision_column,
        }),
        _ => Err(problems.list),
    }
}

/// A finding about a value that cannot be used.
fn bad(cell: &Cell, reason: Reason) -> Diagnostic {
    Diagnostic::new(Kind::BadConclusion)
        .found(cells::text(Some(cell)))
        .reason(reason)
}

/// Sheet `Hội nghị`.
fn read_conference(sheet: &Sheet, problems: &mut Problems) -> Conference {
    let pairs = agreement::info_pairs(sheet);
    let text = |key: &str| {
        pairs
            .get(key)
            .map(|c| cells::text(Some(c)))
            .filter(|t| !t.is_empty())
    };
    let date = ["ngay", "ngay hoi nghi"]
        .iter()
        .find_map(|k| pairs.get(*k))
        .and_then(|cell| {
            let date = agreement::date(cell);
            if date.is_none() {
                problems.push(sheet, cell.row, cell.col, bad(cell, Reason::NotADate));
            }
            date
        });
    let attendance = pairs.get("so dai bieu").and_then(|cell| {
        let n = count(cell);
        if n.is_none() {
            problems.push(
                sheet,
                cell.row,
                cell.col,
                bad(cell, Reason::NotAWholeNumber),
            );
        }
        n
    });
    Conference {
        date,
        place: text("dia diem"),
        attendance,
        chair: text("chu tri").map(|t| person(&t)),
        secretary: text("thu ky").map(|t| person(&t)),
    }
}

/// "name, title" split at the first comma.
fn person(text: &str) -> Person {
    match text.split_once(',') {
        Some((name, title)) if !title.trim().is_empty() => Person {
            name: name.trim().to_string(),
            title: Some(title.trim().to_string()),
        },
        Some((name, _)) => Person {
            name: name.trim().to_string(),
            title: None,
        },
        None => Person {
            name: text.trim().to_string(),
            title: None,
        },
    }
}

/// A whole number of 0 or more, as a count.
fn count(cell: &Cell) -> Option<u32> {
    agreement::whole_number(cell).and_then(|n| u32::try_from(n).ok())
}

/// The title a text names: `Ok(None)` for nothing (empty, or a word for
/// none when `none_allowed`), `Err` for a text that names no title.
fn title_of(text: &str, agreement: &Agreement, none_allowed: bool) -> Result<Option<Proposal>, ()> {
    let key = fold(text);
    if key.is_empty() || (none_allowed && NONE_WORDS.contains(&key.as_str())) {
        return Ok(None);
    }
    agreement
        .titles()
        .iter()
        .position(|t| fold(&t.label) == key)
        .map(|k| Some(Proposal::Title(k)))
        .ok_or(())
}

/// The agreement's titles, listed for a message.
fn titles_list(agreement: &Agreement) -> String {
    agreement
        .titles()
        .iter()
        .map(|t| t.label.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The columns of `Biểu quyết`.
struct Columns {
    code: u32,
    title: u32,
    votes_for: u32,
    votes_against: u32,
    decision: u32,
}

fn columns(sheet: &Sheet, header: &Header, problems: &mut Problems) -> Option<Columns> {
    let code = header.column(&["ma"]);
    let title = header.require(sheet, COLUMNS[1], &["hinh thuc"], problems);
    let votes_for = header.require(sheet, COLUMNS[2], &["tan thanh"], problems);
    let votes_against = header.require(sheet, COLUMNS[3], &["khong tan thanh"], problems);
    let decision = header.require(sheet, COLUMNS[4], &["quyet dinh"], problems);
    Some(Columns {
        code: code?,
        title: title?,
        votes_for: votes_for?,
        votes_against: votes_against?,
        decision: decision?,
    })
}

/// Sheet `Biểu quyết`: the votes and the column of `Quyết định`; `None`
/// when its header cannot be found.
fn read_votes(
    sheet: &Sheet,
    agreement: &Agreement,
    attendance: Option<u32>,
    problems: &mut Problems,
) -> Option<(Vec<Vote>, u32)> {
    let Some(header) = Header::find(sheet, "ma") else {
        problems.list.push(
            Diagnostic::new(Kind::MissingColumn)
                .file(problems.file)
                .sheet(sheet.name.clone())
                .expected(COLUMNS[0]),
        );
        return None;
    };
    let cols = columns(sheet, &header, problems)?;
    let rows = rules::rows(&header, sheet, cols.code);
    let mut votes: Vec<Vote> = Vec::new();
    // Each unit named, and the row (0-based) that named it first.
    let mut seen: Vec<(usize, u32)> = Vec::new();
    for (row, label) in rules::labelled(rows, sheet, cols.code, problems) {
        let before = problems.list.len();
        let unit = agreement::unit_code(&agreement.units, &label)
            .and_then(|code| agreement.units.iter().position(|u| u.code == code));
        match unit {
            None => {
                if let Some(cell) = sheet.get(row, cols.code) {
                    problems.push(sheet, row, cols.code, bad(cell, Reason::NotAUnitCode));
                }
            }
            Some(unit) => {
                if let Some((_, first)) = seen.iter().find(|(u, _)| *u == unit) {
                    let d = Diagnostic::new(Kind::DuplicateCode)
                        .found(label.clone())
                        .expected(cell_ref(*first, cols.code));
                    problems.push(sheet, row, cols.code, d);
                } else {
                    seen.push((unit, row));
                }
            }
        }
        let place = (sheet, row, &cols);
        if let Some(vote) = read_vote(place, unit, agreement, attendance, problems) {
            votes.push(vote);
        }
        // The row's findings name its unit, where it is one.
        if let Some(unit) = unit {
            for d in &mut problems.list[before..] {
                d.unit = Some(agreement.units[unit].code.clone());
            }
        }
    }
    Some((votes, cols.decision))
}

/// One row of `Biểu quyết` about `unit` (read by the caller; `None` when
/// it names none, and the row's other cells are still checked), or `None`
/// (with findings) when a value cannot be used.
fn read_vote(
    (sheet, row, cols): (&Sheet, u32, &Columns),
    unit: Option<usize>,
    agreement: &Agreement,
    attendance: Option<u32>,
    problems: &mut Problems,
) -> Option<Vote> {
    let before = problems.list.len();
    let title_at = |col: u32, none_allowed: bool, problems: &mut Problems| {
        let cell = sheet.get(row, col)?;
        match title_of(&cells::text(Some(cell)), agreement, none_allowed) {
            Ok(title) => title,
            Err(()) => {
                let reason = Reason::NotATitle(titles_list(agreement));
                problems.push(sheet, row, col, bad(cell, reason));
                None
            }
        }
    };
    let title = title_at(cols.title, false, problems);
    let decision_written = sheet
        .get(row, cols.decision)
        .is_some_and(|c| !cells::text(Some(c)).is_empty());
    let votes_at = |col: u32, problems: &mut Problems| {
        let cell = sheet
            .get(row, col)
            .filter(|c| !cells::text(Some(c)).is_empty())?;
        let n = count(cell);
        if n.is_none() {
            problems.push(sheet, row, col, bad(cell, Reason::NotAWholeNumber));
        }
        n
    };
    let votes_for = votes_at(cols.votes_for, problems);
    let votes_against = votes_against_checked(
        votes_at(cols.votes_against, problems),
        votes_for,
        attendance,
        (sheet, row, cols.votes_for),
        problems,
    );
    let decision = title_at(cols.decision, true, problems);
    if problems.list.len() > before {
        return None;
    }
    Some(Vote {
        unit: unit?,
        title,
        votes_for,
        votes_against,
        decision,
        decided: votes_for.is_some() || votes_against.is_some() || decision_written,
        row: row + 1,
    })
}

/// The votes against, after checking that for and against together do not
/// exceed the attendance (a finding at the `Tán thành` cell).
fn votes_against_checked(
    against: Option<u32>,
    votes_for: Option<u32>,
    attendance: Option<u32>,
    (sheet, row, col): (&Sheet, u32, u32),
    problems: &mut Problems,
) -> Option<u32> {
    let cast = u64::from(votes_for.unwrap_or(0)) + u64::from(against.unwrap_or(0));
    if let Some(present) = attendance {
        if cast > u64::from(present) {
            let found = format!("{} + {}", votes_for.unwrap_or(0), against.unwrap_or(0));
            problems.push(
                sheet,
                row,
                col,
                Diagnostic::new(Kind::BadConclusion)
                    .found(found)
                    .reason(Reason::VotesOverAttendance(present)),
            );
        }
    }
    against
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_split_at_the_first_comma() {
        assert_eq!(
            person("Nguyễn Văn A, Chủ tịch Hội CCB tỉnh Lạng Sơn"),
            Person {
                name: "Nguyễn Văn A".into(),
                title: Some("Chủ tịch Hội CCB tỉnh Lạng Sơn".into()),
            }
        );
        assert_eq!(person(" Trần B ").title, None);
        assert_eq!(person("Trần B,").name, "Trần B");
    }
}
