//! The commands of SPEC section 7, each returning the exit status: 0 no
//! error found, 1 finished with errors in some workbooks, 2 nothing could be
//! done (and nothing was written).

mod agreement;
mod check;
mod dossier;
mod forms;
mod init;
mod run;
mod verify;

pub use agreement::agreement;
pub use check::check;
pub use dossier::dossier;
pub use forms::forms;
pub use init::{init, init_from};
pub use run::run;
pub use verify::verify;

use crate::model::diagnostic::Lang;
use crate::model::messages::{counted, IoProblem, Message, Say};
use crate::model::{Outcome, Paths};
use crate::read::wording;
use crate::read::workbook::ReadOptions;
use crate::render::forms as form;
use crate::render::json;
use crate::render::report::{self, Style};
use crate::render::{self, pdf, Detail};
use crate::run::pipeline::{self, Fatal};
use crate::text::terminal::{inert, inert_json};
use crate::write::{self, keep, lock, output, record, set::OutputSet};
use std::path::{Path, PathBuf};
/// Options shared by the commands.
#[derive(Debug, Clone)]
pub struct Options {
    pub paths: Paths,
    pub json: bool,
    pub lang: Lang,
    pub quiet: bool,
    /// `run --per-unit-detail`: a sheet and an appendix section per unit at any size.
    pub per_unit_detail: bool,
    /// `run --du-thao`: the handout printed before the conference, marked as a draft.
    pub draft: bool,
    pub read: ReadOptions,
}

/// Prints a command's message to standard error.
fn complain(message: Message, lang: Lang) {
    tell(&message.text(lang));
}

thread_local! {
    /// What the commands said on standard error while [`capture_told`] runs
    /// one on this thread (the page shows it); `None` otherwise.
    static TOLD: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Prints to standard error what a command has to say (why it failed,
/// what it kept), and keeps it for [`capture_told`].
fn tell(text: &str) {
    eprintln!("{text}");
    TOLD.with(|told| {
        if let Some(told) = told.borrow_mut().as_mut() {
            told.push_str(text);
            told.push('\n');
        }
    });
}

/// Runs a command and returns its status with what it said on standard
/// error ([`tell`]): the page of `thidua serve` shows why a button's
/// command did nothing, not only the terminal.
pub fn capture_told(command: impl FnOnce() -> i32) -> (i32, String) {
    TOLD.with(|told| *told.borrow_mut() = Some(String::new()));
    let code = command();
    let said = TOLD
        .with(|told| told.borrow_mut().take())
        .unwrap_or_default();
    (code, said)
}

/// Evaluates, or prints why it cannot.
fn evaluate(options: &Options) -> Result<Outcome, i32> {
    pipeline::evaluate(&options.paths, &options.read).map_err(|fatal| {
        report_fatal(&fatal, options.lang);
        2
    })
}

/// Prints a fatal problem to standard error: what is missing or wrong,
/// where, and what to do.
pub fn report_fatal(fatal: &Fatal, lang: Lang) {
    tell(fatal_text(fatal, lang).trim_end());
}

/// A fatal problem in words, as [`report_fatal`] prints it (the
/// secretariat's page shows the same text).
pub fn fatal_text(fatal: &Fatal, lang: Lang) -> String {
    let message = match fatal {
        Fatal::Agreement(problems) => {
            return format!(
                "{}\n{}",
                Say::AgreementProblems.text(lang),
                report::render_problems(problems, lang)
            );
        }
        Fatal::NoFolder(folder) => Say::FolderMissing.with("folder", as_argument(folder)),
        Fatal::AgreementIsFolder(path) => Say::AgreementIsFolder.with("path", path.clone()).with(
            "example",
            as_argument(&Path::new(path).join("giao-uoc.xlsx").display().to_string()),
        ),
        Fatal::NoAgreement {
            path, given: true, ..
        } => Say::AgreementGivenMissing.with("path", path.clone()),
        Fatal::NoAgreement {
            path,
            folder,
            others,
            ..
        } => match others.first() {
            Some(found) => Say::AgreementMissingOtherFound
                .with("path", path.clone())
                .with("found", as_argument(found)),
            None => Say::AgreementMissing
                .with("path", path.clone())
                .with("folder", as_argument(folder))
                .with(
                    "example",
                    as_argument(&Path::new(folder).join("giao-uoc.ods").display().to_string()),
                ),
        },
        Fatal::Io(problem) => Say::NothingDone.with("problem", problem.text(lang)),
    };
    format!("{}\n", message.text(lang))
}

fn print_outcome(outcome: &Outcome, options: &Options) {
    if options.json {
        print!("{}", inert_json(&json::to_string(outcome, options.lang)));
    } else if !options.quiet {
        print!("{}", report::render(outcome, options.lang, Style::detect()));
    }
}

fn status(outcome: &Outcome) -> i32 {
    if outcome.has_errors() {
        1
    } else {
        0
    }
}

/// Tells which characters the PDF fonts could not show (printed as '?').
fn warn_missing_chars(chars: &[char], options: &Options) {
    if chars.is_empty() || options.quiet {
        return;
    }
    let listed: Vec<String> = chars
        .iter()
        .map(|c| format!("{} (U+{:04X})", inert(&c.to_string()), u32::from(*c)))
        .collect();
    complain(
        Say::MissingChars.with("chars", listed.join(", ")),
        options.lang,
    );
}

/// Takes the output folder's lock, or says why not (status 2).
fn lock_outputs(options: &Options) -> Result<lock::OutputLock, i32> {
    let lang = options.lang;
    let out = &options.paths.out;
    lock::acquire(out, lock::WAIT).map_err(|e| {
        match e {
            lock::LockError::Busy => tell(&format!(
                "{}: {}",
                lang.pick(
                    "Một lần chạy thidua khác đang ghi vào thư mục này; chưa ghi tệp nào. Hãy chờ nó xong rồi chạy lại",
                    "Another thidua run is writing this folder; nothing was written. Wait for it to finish, then run again"
                ),
                inert(&out.display().to_string())
            )),
            lock::LockError::Io(e) => write_failed(out, &e, lang),
        }
        2
    })
}

/// Refuses output and inbox folders placed so that a run would read its own
/// outputs, or write through a link (status 2).
fn check_places(options: &Options) -> Result<(), i32> {
    write::check_places(&options.paths.inbox, &options.paths.out).map_err(|e| {
        tell(&format!(
            "{}: {}",
            e.message(options.lang),
            inert(&options.paths.out.display().to_string())
        ));
        2
    })
}

/// Prepares every file of `files` as a synced temporary; on a failure the
/// temporaries are removed and nothing else was changed (status 2).
fn stage_all(
    options: &Options,
    journal_folder: &Path,
    files: &[(PathBuf, Vec<u8>)],
) -> Result<OutputSet, i32> {
    let mut set = OutputSet::new(journal_folder);
    for (path, bytes) in files {
        if let Err(e) = set.stage(path, options.paths.relative(path), bytes) {
            write_failed(path, &e, options.lang);
            return Err(2);
        }
    }
    Ok(set)
}

/// The agreement alone, or the report of why it cannot be used (status 2).
fn agreement_or_report(options: &Options) -> Result<crate::model::Agreement, i32> {
    pipeline::load_agreement(&options.paths, &options.read).map_err(|fatal| {
        report_fatal(&fatal, options.lang);
        2
    })
}

/// A path as it is typed in a command the user can copy: in double quotes
/// when it has spaces or signs the shell would read.
fn as_argument(path: &str) -> String {
    // A backslash separates folders on Windows; elsewhere the shell reads it.
    let plain =
        |c: char| c.is_alphanumeric() || "/._-+:,@%~=".contains(c) || (cfg!(windows) && c == '\\');
    if !path.is_empty() && path.chars().all(plain) {
        path.to_string()
    } else {
        format!("\"{path}\"")
    }
}

/// Prints why an output could not be written.
fn write_failed(path: &Path, error: &std::io::Error, lang: Lang) {
    let problem = IoProblem::new(path.display().to_string(), error);
    complain(
        Say::CannotWriteOutput.with("problem", problem.text(lang)),
        lang,
    );
}

/// Tells, on standard error, each output that was edited by hand or made
/// read-only and so kept aside (`write::keep`) before the new one was written.
fn tell_kept(kept: &[(String, String)], lang: Lang) {
    for (from, to) in kept {
        tell(&format!(
            "{}: {} -> {}",
            lang.pick(
                "Tệp kết quả đã bị sửa tay hoặc đặt chỉ đọc nên được giữ lại",
                "An output edited by hand or made read-only was kept"
            ),
            inert(from),
            inert(to)
        ));
    }
}

/// The files in `folder` the previous run wrote (by its record at
/// `record_path`) that this run does not write: a letter to a unit that no
/// longer has findings, a paper of `ho-so` about a unit no longer proposed.
/// Read before the new record replaces the old one.
fn stale_outputs(
    options: &Options,
    record_path: &Path,
    folder: &Path,
    files: &[(PathBuf, Vec<u8>)],
) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(record_path) else {
        return Vec::new();
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    let letters = options.paths.relative(folder);
    let written: std::collections::BTreeSet<String> = files
        .iter()
        .map(|(p, _)| options.paths.relative(p))
        .collect();
    value["run"]["outputs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["file"].as_str())
        .filter(|f| f.starts_with(&format!("{letters}/")) && !written.contains(*f))
        .map(|f| options.paths.folder.join(f))
        .filter(|p| p.is_file())
        .collect()
}

/// Writes `files` into `folder` as one set (`write::set`), the record at
/// `record_path` among them, under the output folder's lock: the
/// temporaries a killed run left beside them removed first, the outputs
/// edited by hand kept aside (`write::keep`), and the files under
/// `replaced_within` that the previous set wrote and this one does not
/// ([`stale_outputs`]) removed after (status 2 when anything fails).
fn write_set(
    options: &Options,
    folder: &Path,
    record_path: &Path,
    files: &[(PathBuf, Vec<u8>)],
    replaced_within: &Path,
) -> Result<(), i32> {
    let lock = lock_outputs(options)?;
    let journal = write::set::read_journal(folder).unwrap_or_default();
    let mut dirs: Vec<&Path> = files.iter().filter_map(|(p, _)| p.parent()).collect();
    dirs.push(folder);
    dirs.sort_unstable();
    dirs.dedup();
    for dir in dirs {
        output::remove_stale_temporaries(dir);
    }
    let set = stage_all(options, folder, files)?;
    let known = keep::Known::gather(&options.paths, record_path, &journal);
    let stale = stale_outputs(options, record_path, replaced_within, files);
    let kept = keep::keep_changed(
        &options.paths,
        &known,
        set.targets().chain(stale.iter().map(PathBuf::as_path)),
    )
    .map_err(|e| {
        write_failed(folder, &e, options.lang);
        2
    })?;
    set.commit(&journal).map_err(|e| {
        write_failed(folder, &e, options.lang);
        2
    })?;
    // An output edited by hand among them was moved to cu/ above.
    for file in &stale {
        let _ = std::fs::remove_file(file);
    }
    drop(lock);
    tell_kept(&kept, options.lang);
    Ok(())
}
