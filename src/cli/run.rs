//! `thidua run`: check, score, and write every output as one set.

use super::*;

/// The files `run` writes besides the JSON, as (name, bytes), made before anything
/// is written; or why one of them cannot be made. The handout is built once
/// and set by both back ends (PDF and Word); so is each letter to a unit.
fn render_outputs(outcome: &Outcome, options: &Options) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    use rayon::prelude::*;
    let year = outcome.agreement.info.year;
    let out = &options.paths.out;
    let consolidated = out.join(format!("tong-hop-{year}.xlsx"));
    let detail = Detail::of(outcome, options.per_unit_detail);
    let mut wording = wording::load(&options.paths.folder)?;
    wording.draft = options.draft;
    let handout = crate::documents::handout::document(outcome, &wording, detail)?;
    let letters = crate::documents::letters::letters(outcome);
    let (workbook, ((pdf, word), letters)) = rayon::join(
        || render::xlsx::consolidated(outcome, detail),
        || {
            rayon::join(
                || rayon::join(|| pdf::render(&handout), || render::docx::render(&handout)),
                || {
                    letters
                        .par_iter()
                        .map(|l| {
                            Ok((
                                l,
                                pdf::render(&l.document)?,
                                render::docx::render(&l.document)?,
                            ))
                        })
                        .collect::<Result<Vec<_>, String>>()
                },
            )
        },
    );
    let workbook = workbook.map_err(|e| format!("{}: {e}", options.paths.show(&consolidated)))?;
    let pdf = pdf?;
    let mut missing = pdf.missing_chars.clone();
    let mut files = vec![
        (consolidated, workbook),
        (out.join(format!("hoi-nghi-{year}.pdf")), pdf.bytes),
        (out.join(format!("hoi-nghi-{year}.docx")), word?),
    ];
    let letters_dir = out.join(LETTERS);
    for (letter, pdf, word) in letters? {
        missing.extend(pdf.missing_chars);
        files.push((letters_dir.join(format!("{}.pdf", letter.stem)), pdf.bytes));
        files.push((letters_dir.join(format!("{}.docx", letter.stem)), word));
    }
    missing.sort_unstable();
    missing.dedup();
    warn_missing_chars(&missing, options);
    Ok(files)
}

/// The files written, as the terminal lists them: the letters back to
/// units as one entry, their folder and how many (a long cluster has dozens).
fn written_list(files: &[(PathBuf, Vec<u8>)], options: &Options) -> Vec<String> {
    let letters_dir = options.paths.out.join(LETTERS);
    let letters = files
        .iter()
        .filter(|(p, _)| p.starts_with(&letters_dir) && p.extension().is_some_and(|e| e == "pdf"))
        .count();
    let mut shown = Vec::new();
    let mut letters_listed = false;
    for (path, _) in files {
        if !path.starts_with(&letters_dir) {
            shown.push(options.paths.show(path));
        } else if !letters_listed {
            letters_listed = true;
            let what = match options.lang {
                Lang::Vi => format!("{letters} thư gửi đơn vị, PDF và Word"),
                Lang::En => format!("{letters} letters to units, PDF and Word"),
            };
            shown.push(format!("{} ({what})", options.paths.show(&letters_dir)));
        }
    }
    shown
}

/// The folder of the letters back to units, in the output folder.
const LETTERS: &str = "phan-hoi";

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
    // A letter to a unit that no longer has findings goes.
    if let Err(code) = write_set(options, out, &record_path, &files, &out.join(LETTERS)) {
        return code;
    }
    if options.json {
        print!("{}", inert_json(&json_text));
    } else if !options.quiet {
        print_outcome(&outcome, options);
        let shown = written_list(&files, options);
        println!(
            "{}",
            Say::Written
                .with("files", shown.join(", "))
                .text(options.lang)
        );
        let errors = outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity() == crate::model::diagnostic::Severity::Error)
            .count();
        if errors > 0 {
            println!(
                "\n{}",
                Say::RunNextSteps
                    .with(
                        "errors",
                        counted(errors, options.lang, "lỗi", "error", "errors")
                    )
                    .with("year", year.to_string())
                    .text(options.lang)
            );
        }
    }
    status(&outcome)
}
