//! `thidua ho-so`: after the conference, the dossier of SPEC section 10.
//! Evaluates the inputs exactly as `run` does, reads the conference's
//! decisions (`ket-luan.xlsx`, optional), gives the final proposals and
//! writes `ket-qua/ho-so/` as one set: the proposal list workbook, the
//! papers (PDF and Word), and the JSON with each unit's `final_proposal`
//! and the record `verify` checks. A finding in `ket-luan.xlsx` or a
//! decision section 5 does not allow stops it (status 2, nothing written).
//!
//! `thidua ho-so --mau` writes the prefilled `ket-luan.xlsx` instead.

use super::*;
use crate::model::dossier::Dossier;
use crate::model::Proposal;
use crate::read::conclusions;
use crate::run::{classes, decisions};

/// `thidua ho-so`, or with `form` (`--mau`) the prefilled `ket-luan.xlsx`.
pub fn dossier(options: &Options, form: bool) -> i32 {
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
    if form {
        return write_form(options, &outcome);
    }
    let path = conclusions::path(&options.paths);
    let shown = options.paths.relative(&path);
    let found = match conclusions::load(&path, &shown, &options.read, &outcome.agreement) {
        Ok(found) => found,
        Err(problems) => return refuse(options, &problems),
    };
    let finals = match decisions::final_proposals(&outcome, found.as_ref()) {
        Ok(finals) => finals,
        Err(problems) => return refuse(options, &problems),
    };
    let dossier = Dossier {
        outcome: &outcome,
        conclusions: found.map(|f| f.conclusions),
        final_proposals: finals,
    };
    let mut files = match render_dossier(&dossier, options) {
        Ok(files) => files,
        Err(message) => {
            complain(Say::CannotMakeOutput.with("problem", message), options.lang);
            return 2;
        }
    };
    let year = outcome.agreement.info.year;
    let mut inputs = record::inputs(&options.paths, &outcome, &read);
    record::add_optional_input(&mut inputs, &options.paths, &path, "conclusions");
    let run = record::record(&options.paths, inputs, &files);
    let body = json::dossier_to_string(&outcome, options.lang, &dossier.final_proposals);
    let json_text = record::seal(json::with_run(body, &run));
    let record_path = record::dossier_record_path(&options.paths.out, year);
    files.push((record_path.clone(), json_text.clone().into_bytes()));
    // A paper of the previous dossier about a unit no longer proposed goes.
    let folder = dossier_folder(options);
    if let Err(code) = write_set(options, &folder, &record_path, &files, &folder) {
        return code;
    }
    if options.json {
        print!("{}", inert_json(&json_text));
    } else if !options.quiet {
        report_dossier(&dossier, options, &files);
    }
    status(&outcome)
}

/// The folder of the dossier in the output folder.
fn dossier_folder(options: &Options) -> PathBuf {
    options.paths.out.join(record::DOSSIER)
}

/// Prints the findings that stop `ho-so` (on standard error, or as JSON on
/// standard output with `--json`): status 2, nothing written.
fn refuse(options: &Options, problems: &[crate::model::diagnostic::Diagnostic]) -> i32 {
    let lang = options.lang;
    if options.json {
        let value = serde_json::json!({
            "diagnostics": problems.iter().map(|d| json::diagnostic(d, lang)).collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        println!("{}", inert_json(&text));
    }
    tell(&format!(
        "{}\n{}",
        Say::ConclusionsProblems.text(lang),
        report::render_problems(problems, lang).trim_end()
    ));
    2
}

/// The dossier's files besides its JSON, as (path, bytes): the proposal
/// list workbook, then each paper as .docx (and .pdf where it has one).
fn render_dossier(dossier: &Dossier, options: &Options) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    use rayon::prelude::*;
    let year = dossier.outcome.agreement.info.year;
    let folder = dossier_folder(options);
    let list = folder.join(format!("danh-sach-de-nghi-{year}.xlsx"));
    let papers = crate::documents::dossier::papers(dossier)?;
    let (workbook, rendered) = rayon::join(
        || render::xlsx::proposals(dossier),
        || {
            papers
                .par_iter()
                .map(|paper| {
                    let pdf = if paper.pdf {
                        Some(pdf::render(&paper.document)?)
                    } else {
                        None
                    };
                    Ok((paper, pdf, render::docx::render(&paper.document)?))
                })
                .collect::<Result<Vec<_>, String>>()
        },
    );
    let workbook = workbook.map_err(|e| format!("{}: {e}", options.paths.show(&list)))?;
    let mut files = vec![(list, workbook)];
    let mut missing = Vec::new();
    for (paper, pdf, word) in rendered? {
        if let Some(pdf) = pdf {
            missing.extend(pdf.missing_chars);
            files.push((folder.join(format!("{}.pdf", paper.stem)), pdf.bytes));
        }
        files.push((folder.join(format!("{}.docx", paper.stem)), word));
    }
    missing.sort_unstable();
    missing.dedup();
    warn_missing_chars(&missing, options);
    Ok(files)
}

/// The terminal report: the final proposals, what is still pending, the
/// files written.
fn report_dossier(dossier: &Dossier, options: &Options, files: &[(PathBuf, Vec<u8>)]) {
    let lang = options.lang;
    print!("{}", report::render_dossier(dossier, lang, Style::detect()));
    println!("\n{}", report::summary(dossier.outcome, lang));
    let folder_arg = as_argument(&options.paths.folder.display().to_string());
    if dossier.conclusions.is_none() {
        println!(
            "\n{}",
            Say::ConclusionsAbsent
                .with("folder", folder_arg.clone())
                .text(lang)
        );
    }
    let o = dossier.outcome;
    let pending: Vec<String> = o
        .ranking
        .iter()
        .filter(|&&i| dossier.final_proposals[i] == Some(Proposal::Vote))
        .map(|&i| {
            let title = classes::voted_on(o, i)
                .map(|t| o.agreement.proposal_label(t).to_string())
                .unwrap_or_default();
            format!("{} ({title})", o.units[i].code)
        })
        .collect();
    if !pending.is_empty() {
        println!(
            "\n{}",
            Say::DossierPending
                .with("units", pending.join(", "))
                .text(lang)
        );
    }
    let shown: Vec<String> = files.iter().map(|(p, _)| options.paths.show(p)).collect();
    println!(
        "\n{}",
        Say::Written.with("files", shown.join(", ")).text(lang)
    );
}

/// `ho-so --mau`: the prefilled `ket-luan.xlsx`, one row per unit whose
/// proposal is a title or the vote (for a vote, the title it is voted on);
/// never over an existing file.
fn write_form(options: &Options, outcome: &Outcome) -> i32 {
    let lang = options.lang;
    let path = conclusions::path(&options.paths);
    let shown = inert(&options.paths.show(&path)).into_owned();
    if std::fs::symlink_metadata(&path).is_ok() {
        complain(Say::ConclusionsFormExists.with("path", shown), lang);
        return 2;
    }
    let rows: Vec<render::xlsx::FormRow> = outcome
        .ranking
        .iter()
        .filter_map(|&i| match outcome.units[i].proposal {
            Some(Proposal::Vote) => Some((i, classes::voted_on(outcome, i))),
            Some(title) => Some((i, Some(title))),
            None => None,
        })
        .collect();
    let bytes = match render::xlsx::conclusions_form(outcome, &rows) {
        Ok(bytes) => bytes,
        Err(e) => {
            complain(
                Say::CannotMakeOutput.with("problem", format!("{shown}: {e}")),
                lang,
            );
            return 2;
        }
    };
    if let Err(e) = output::write_atomic(&path, &bytes) {
        write_failed(&path, &e, lang);
        return 2;
    }
    if options.json {
        let value = serde_json::json!({ "written": [options.paths.relative(&path)] });
        println!("{}", inert_json(&value.to_string()));
    } else if !options.quiet {
        let folder = as_argument(&options.paths.folder.display().to_string());
        println!(
            "{}",
            Say::ConclusionsFormWritten
                .with("path", shown)
                .with("folder", folder)
                .text(lang)
        );
    }
    0
}
