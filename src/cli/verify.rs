//! `thidua verify`: do the outputs still correspond to the inputs? Checks
//! the record of `run` and, when the output folder has a dossier
//! (`ho-so/`), the record of `ho-so` too.

use super::*;

/// `thidua verify`: whether the outputs still correspond to the inputs.
pub fn verify(options: &Options) -> i32 {
    let lang = options.lang;
    let year = pipeline::evaluate_agreement_year(&options.paths, &options.read);
    let dossier = record::verify_dossier(&options.paths, year);
    let (file, mut findings, dossier) = match (record::verify(&options.paths, year), dossier) {
        (Ok((file, findings)), dossier) => (file, findings, dossier),
        // A dossier made without a run's outputs beside it: its own record.
        (Err(_), Some(Ok((file, findings)))) => (file, findings, None),
        (Err(missing), _) => {
            eprintln!(
                "{}: {}",
                lang.pick(
                    "Không có biên bản của lần chạy (hãy chạy thidua run trước)",
                    "No run record (run thidua run first)"
                ),
                inert(&missing.to_string())
            );
            return 2;
        }
    };
    let mut records = vec![options.paths.show(&file)];
    let dossier = match dossier {
        None => None,
        Some(Ok((dossier_file, dossier_findings))) => {
            records.push(options.paths.show(&dossier_file));
            findings.extend(dossier_findings);
            Some(options.paths.show(&dossier_file))
        }
        Some(Err(missing)) => {
            findings.push(record::Finding::OutputMissing(missing.clone()));
            Some(missing)
        }
    };
    if options.json {
        let mut value = serde_json::json!({
            "matches": findings.is_empty(),
            "record": options.paths.show(&file),
            "findings": findings.iter().map(|f| f.message(lang)).collect::<Vec<_>>(),
        });
        if let Some(dossier) = dossier {
            value["dossier_record"] = dossier.into();
        }
        println!("{}", inert_json(&value.to_string()));
        return i32::from(!findings.is_empty());
    }
    if findings.is_empty() {
        if !options.quiet {
            println!(
                "{} ({})",
                lang.pick(
                    "Khớp: các tệp kết quả vẫn đúng với các tệp đầu vào",
                    "All agree: the outputs still correspond to the inputs"
                ),
                inert(&records.join(", "))
            );
        }
        return 0;
    }
    println!(
        "{} ({}):",
        lang.pick(
            "Không khớp: kết quả không còn đúng với đầu vào",
            "Mismatch: the outputs no longer correspond to the inputs"
        ),
        inert(&records.join(", "))
    );
    for f in &findings {
        println!("  - {}", inert(&f.message(lang)));
    }
    1
}
