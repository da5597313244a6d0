//! The commands of SPEC section 7, each returning the exit status: 0 no
//! error found, 1 finished with errors in some workbooks, 2 nothing could be
//! done (and nothing was written).

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
    pub read: ReadOptions,
}

/// The example agreement `thidua init` puts in a new working folder.
const EXAMPLE_AGREEMENT: &[u8] = include_bytes!("../../samples/cum3-2016/giao-uoc.xlsx");

/// Prints a command's message to standard error.
fn complain(message: Message, lang: Lang) {
    eprintln!("{}", message.text(lang));
}

/// `thidua init`: a working folder with an example agreement and an empty inbox.
pub fn init(folder: &Path, lang: Lang) -> i32 {
    let agreement = folder.join("giao-uoc.xlsx");
    if agreement.exists() {
        complain(
            Say::AgreementExists.with("path", agreement.display().to_string()),
            lang,
        );
        return 2;
    }
    let inbox = folder.join("nop");
    let made = std::fs::create_dir_all(&inbox)
        .map_err(|e| IoProblem::new(inbox.display().to_string(), &e))
        .and_then(|_| {
            output::write_atomic(&agreement, EXAMPLE_AGREEMENT)
                .map_err(|e| IoProblem::new(agreement.display().to_string(), &e))
        });
    match made {
        Ok(()) => {
            println!(
                "{}\n  giao-uoc.xlsx  {}\n  nop/           {}",
                Say::InitDone
                    .with("folder", folder.display().to_string())
                    .text(lang),
                Say::InitAgreement.text(lang),
                Say::InitInbox.text(lang),
            );
            0
        }
        Err(problem) => {
            complain(Say::CannotInit.with("problem", problem.text(lang)), lang);
            2
        }
    }
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
    let message = match fatal {
        Fatal::Agreement(problems) => {
            eprintln!("{}", Say::AgreementProblems.text(lang));
            eprint!("{}", report::render_problems(problems, lang));
            return;
        }
        Fatal::NoFolder(folder) => Say::FolderMissing.with("folder", as_argument(folder)),
        Fatal::AgreementIsFolder(path) => Say::AgreementIsFolder
            .with("path", path.clone())
            .with("example", as_argument(&format!("{path}/giao-uoc.xlsx"))),
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
                .with("example", as_argument(&format!("{folder}/giao-uoc.ods"))),
        },
        Fatal::Io(problem) => Say::NothingDone.with("problem", problem.text(lang)),
    };
    complain(message, lang);
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

/// `thidua check`: imports and checks, prints the findings, writes nothing.
pub fn check(options: &Options) -> i32 {
    match evaluate(options) {
        Ok(outcome) => {
            print_outcome(&outcome, options);
            status(&outcome)
        }
        Err(code) => code,
    }
}

/// The files `run` writes besides the JSON, as (name, bytes), made before anything
/// is written; or why one of them cannot be made.
fn render_outputs(outcome: &Outcome, options: &Options) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let year = outcome.agreement.info.year;
    let out = &options.paths.out;
    let consolidated = out.join(format!("tong-hop-{year}.xlsx"));
    let detail = Detail::of(outcome, options.per_unit_detail);
    let wording = wording::load(&options.paths.folder)?;
    let (workbook, handout) = rayon::join(
        || render::xlsx::consolidated(outcome, detail),
        || pdf::render_handout(outcome, &wording, detail),
    );
    let workbook = workbook.map_err(|e| format!("{}: {e}", options.paths.show(&consolidated)))?;
    let handout = handout?;
    warn_missing_chars(&handout.missing_chars, options);
    Ok(vec![
        (consolidated, workbook),
        (out.join(format!("hoi-nghi-{year}.pdf")), handout.bytes),
    ])
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
            lock::LockError::Busy => eprintln!(
                "{}: {}",
                lang.pick(
                    "Một lần chạy thidua khác đang ghi vào thư mục này; chưa ghi tệp nào. Hãy chờ nó xong rồi chạy lại",
                    "Another thidua run is writing this folder; nothing was written. Wait for it to finish, then run again"
                ),
                inert(&out.display().to_string())
            ),
            lock::LockError::Io(e) => write_failed(out, &e, lang),
        }
        2
    })
}

/// Refuses output and inbox folders placed so that a run would read its own
/// outputs, or write through a link (status 2).
fn check_places(options: &Options) -> Result<(), i32> {
    write::check_places(&options.paths.inbox, &options.paths.out).map_err(|e| {
        eprintln!(
            "{}: {}",
            e.message(options.lang),
            inert(&options.paths.out.display().to_string())
        );
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
            cannot_write(options, path, &e);
            return Err(2);
        }
    }
    Ok(set)
}

fn cannot_write(options: &Options, path: &Path, e: &std::io::Error) {
    write_failed(path, e, options.lang);
}

/// `thidua run`: check, then write every output as one set.
pub fn run(options: &Options) -> i32 {
    if let Err(code) = check_places(options) {
        return code;
    }
    let (outcome, read) = match pipeline::evaluate_recorded(&options.paths, &options.read) {
        Ok(o) => o,
        Err(fatal) => {
            report_fatal(&fatal, options.lang);
            return 2;
        }
    };
    // While the workbook and the handout are made, the record's inputs are
    // listed and the JSON is written up to that record, its last key.
    let (rendered, (inputs, json_body)) = rayon::join(
        || render_outputs(&outcome, options),
        || {
            rayon::join(
                || record::inputs(&options.paths, &outcome, &read),
                || json::to_string(&outcome, options.lang),
            )
        },
    );
    let mut files = match rendered {
        Ok(files) => files,
        Err(message) => {
            complain(Say::CannotMakeOutput.with("problem", message), options.lang);
            return 2;
        }
    };
    let year = outcome.agreement.info.year;
    let run = record::record(&options.paths, inputs, &files);
    let json_text = record::seal(json::with_run(json_body, &run));
    let record_path = record::record_path(&options.paths.out, year);
    files.push((record_path.clone(), json_text.clone().into_bytes()));
    let out = &options.paths.out;
    let lock = match lock_outputs(options) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let journal = write::set::read_journal(out).unwrap_or_default();
    output::remove_stale_temporaries(out);
    let set = match stage_all(options, out, &files) {
        Ok(set) => set,
        Err(code) => return code,
    };
    let known = keep::Known::gather(&options.paths, &record_path, &journal);
    let kept = match keep::keep_changed(&options.paths, &known, set.targets()) {
        Ok(kept) => kept,
        Err(e) => {
            cannot_write(options, out, &e);
            return 2;
        }
    };
    if let Err(e) = set.commit(&journal) {
        cannot_write(options, out, &e);
        return 2;
    }
    drop(lock);
    for (from, to) in &kept {
        eprintln!(
            "{}: {} -> {}",
            options.lang.pick(
                "Tệp kết quả đã bị sửa tay hoặc đặt chỉ đọc nên được giữ lại",
                "An output edited by hand or made read-only was kept"
            ),
            inert(from),
            inert(to)
        );
    }
    if options.json {
        print!("{}", inert_json(&json_text));
    } else if !options.quiet {
        print_outcome(&outcome, options);
        let shown: Vec<String> = files.iter().map(|(p, _)| options.paths.show(p)).collect();
        println!(
            "{}",
            Say::Written
                .with("files", shown.join(", "))
                .text(options.lang)
        );
    }
    status(&outcome)
}

/// `thidua verify`: whether the outputs still correspond to the inputs.
pub fn verify(options: &Options) -> i32 {
    let lang = options.lang;
    let year = pipeline::evaluate_agreement_year(&options.paths, &options.read);
    match record::verify(&options.paths, year) {
        Err(missing) => {
            eprintln!(
                "{}: {}",
                lang.pick(
                    "Không có biên bản của lần chạy (hãy chạy thidua run trước)",
                    "No run record (run thidua run first)"
                ),
                inert(&missing.to_string())
            );
            2
        }
        Ok((file, findings)) if findings.is_empty() => {
            if !options.quiet {
                println!(
                    "{} ({})",
                    lang.pick(
                        "Khớp: các tệp kết quả vẫn đúng với các tệp đầu vào",
                        "All agree: the outputs still correspond to the inputs"
                    ),
                    inert(&options.paths.show(&file))
                );
            }
            0
        }
        Ok((file, findings)) => {
            println!(
                "{} ({}):",
                lang.pick(
                    "Không khớp: kết quả không còn đúng với đầu vào",
                    "Mismatch: the outputs no longer correspond to the inputs"
                ),
                inert(&options.paths.show(&file))
            );
            for f in &findings {
                println!("  - {}", inert(&f.message(lang)));
            }
            1
        }
    }
}

/// The agreement alone, or the report of why it cannot be used (status 2).
fn agreement_or_report(options: &Options) -> Result<crate::model::Agreement, i32> {
    pipeline::load_agreement(&options.paths, &options.read).map_err(|fatal| {
        report_fatal(&fatal, options.lang);
        2
    })
}

/// `thidua agreement`: writes the agreement as a PDF for signing (`giao-uoc-<Năm>.pdf`).
pub fn agreement(options: &Options) -> i32 {
    let lang = options.lang;
    if let Err(code) = check_places(options) {
        return code;
    }
    let agreement = match agreement_or_report(options) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let rendered = match pdf::render_agreement(&agreement) {
        Ok(r) => r,
        Err(e) => {
            complain(Say::CannotMakeAgreement.with("problem", e), lang);
            return 2;
        }
    };
    warn_missing_chars(&rendered.missing_chars, options);
    let path = options
        .paths
        .out
        .join(format!("giao-uoc-{}.pdf", agreement.info.year));
    let _lock = match lock_outputs(options) {
        Ok(l) => l,
        Err(code) => return code,
    };
    output::remove_stale_temporaries(&options.paths.out);
    let files = [(path.clone(), rendered.bytes)];
    let set = match stage_all(options, &options.paths.out, &files) {
        Ok(set) => set,
        Err(code) => return code,
    };
    if let Err(e) = set.commit(&[]) {
        cannot_write(options, &path, &e);
        return 2;
    }
    if !options.quiet {
        println!(
            "{}",
            Say::Written
                .with("files", options.paths.show(&path))
                .text(lang)
        );
    }
    0
}

/// `thidua forms`: one prefilled fill-in workbook per member unit, in
/// `<out>/bieu-mau/<Mã>.xlsx` (the code made safe as a file name). Every form
/// is made before any is written, and all are put in place together or
/// none: a bad agreement, or a form that cannot be written, gives 2 and
/// changes no form.
pub fn forms(options: &Options) -> i32 {
    let lang = options.lang;
    if let Err(code) = check_places(options) {
        return code;
    }
    let agreement = match agreement_or_report(options) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let folder = options.paths.out.join("bieu-mau");
    let names = form_names(agreement.units.iter().map(|u| u.code.as_str()));
    let mut files = Vec::with_capacity(names.len());
    for (unit, name) in agreement.units.iter().zip(names) {
        match form::form(&agreement, unit) {
            Ok(bytes) => files.push((unit.code.clone(), folder.join(name), bytes)),
            Err(e) => {
                complain(
                    Say::CannotMakeForm
                        .with("unit", unit.code.clone())
                        .with("problem", inert(&e.to_string()).into_owned()),
                    lang,
                );
                return 2;
            }
        }
    }
    let _lock = match lock_outputs(options) {
        Ok(l) => l,
        Err(code) => return code,
    };
    output::remove_stale_temporaries(&folder);
    let staged: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|(_, path, bytes)| (path.clone(), bytes.clone()))
        .collect();
    let set = match stage_all(options, &folder, &staged) {
        Ok(set) => set,
        Err(code) => return code,
    };
    if let Err(e) = set.commit(&[]) {
        cannot_write(options, &folder, &e);
        return 2;
    }
    let shown: Vec<(String, String)> = files
        .iter()
        .map(|(code, path, _)| (code.clone(), options.paths.show(path)))
        .collect();
    if options.json {
        let list: Vec<serde_json::Value> = shown
            .iter()
            .map(|(code, file)| serde_json::json!({ "unit": code, "file": file }))
            .collect();
        println!(
            "{}",
            inert_json(&serde_json::json!({ "forms": list }).to_string())
        );
    } else if !options.quiet {
        let forms = counted(shown.len(), lang, "biểu mẫu", "form", "forms");
        println!("{}", Say::WroteForms.with("forms", forms).text(lang));
        for (code, file) in &shown {
            println!("  {:<8} {}", inert(code), inert(file));
        }
    }
    0
}

/// A path as it is typed in a command the user can copy: in double quotes
/// when it has spaces or signs the shell would read.
fn as_argument(path: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "/._-+:,@%~=".contains(c);
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

/// Safe, distinct file names for the units' forms: codes that clean up to the
/// same name (ignoring case, as Windows and macOS do) get `-2`, `-3`, ...
fn form_names<'a>(codes: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    codes
        .map(|code| {
            let name = form::file_name(code);
            let stem = name.trim_end_matches(".xlsx").to_string();
            let mut candidate = name;
            let mut n = 1;
            while !taken.insert(candidate.to_lowercase()) {
                n += 1;
                candidate = format!("{stem}-{n}.xlsx");
            }
            candidate
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_names_never_collide() {
        let names = form_names(["CB", "cb", "a/b", "a_b", "LS"].into_iter());
        assert_eq!(
            names,
            vec!["CB.xlsx", "cb-2.xlsx", "a_b.xlsx", "a_b-2.xlsx", "LS.xlsx"]
        );
    }
}
