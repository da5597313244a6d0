//! `thidua run`: check, score, and write every output as one set.

use super::*;

/// The files `run` writes besides the JSON, as (name, bytes), made before anything
/// is written; or why one of them cannot be made.
fn render_outputs(outcome: &Outcome, options: &Options) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let year = outcome.agreement.info.year;
    let out = &options.paths.out;
    let consolidated = out.join(format!("tong-hop-{year}.xlsx"));
    let detail = Detail::of(outcome, options.per_unit_detail);
    let mut wording = wording::load(&options.paths.folder)?;
    wording.draft = options.draft;
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
            write_failed(out, &e, options.lang);
            return 2;
        }
    };
    if let Err(e) = set.commit(&journal) {
        write_failed(out, &e, options.lang);
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
