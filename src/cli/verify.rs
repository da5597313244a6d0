//! `thidua verify`: do the outputs still correspond to the inputs?

use super::*;

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
        Ok((file, findings)) if options.json => {
            let value = serde_json::json!({
                "matches": findings.is_empty(),
                "record": options.paths.show(&file),
                "findings": findings.iter().map(|f| f.message(lang)).collect::<Vec<_>>(),
            });
            println!("{}", inert_json(&value.to_string()));
            i32::from(!findings.is_empty())
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
