//! `thidua agreement`: the agreement for signing, as PDF and as Word (SPEC
//! section 10: every formal document in both), built once.

use super::*;

/// `thidua agreement`: writes the agreement for signing (`giao-uoc-<Năm>.pdf`
/// and `.docx`, one document set by both back ends).
pub fn agreement(options: &Options) -> i32 {
    let lang = options.lang;
    if let Err(code) = check_places(options) {
        return code;
    }
    let agreement = match agreement_or_report(options) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let made = crate::documents::agreement::document(&agreement)
        .and_then(|document| Ok((pdf::render(&document)?, render::docx::render(&document)?)));
    let (rendered, word) = match made {
        Ok(r) => r,
        Err(e) => {
            complain(Say::CannotMakeAgreement.with("problem", e), lang);
            return 2;
        }
    };
    warn_missing_chars(&rendered.missing_chars, options);
    let stem = format!("giao-uoc-{}", agreement.info.year);
    let path = options.paths.out.join(format!("{stem}.pdf"));
    let word_path = options.paths.out.join(format!("{stem}.docx"));
    let _lock = match lock_outputs(options) {
        Ok(l) => l,
        Err(code) => return code,
    };
    output::remove_stale_temporaries(&options.paths.out);
    let files = [(path.clone(), rendered.bytes), (word_path.clone(), word)];
    let set = match stage_all(options, &options.paths.out, &files) {
        Ok(set) => set,
        Err(code) => return code,
    };
    if let Err(e) = set.commit(&[]) {
        write_failed(&path, &e, options.lang);
        return 2;
    }
    if options.json {
        let shown = options.paths.show(&path);
        let value = serde_json::json!({
            "agreement": shown,
            "word": options.paths.show(&word_path),
            "year": agreement.info.year
        });
        println!("{}", inert_json(&value.to_string()));
    } else if !options.quiet {
        println!(
            "{}",
            Say::Written
                .with(
                    "files",
                    format!(
                        "{}, {}",
                        options.paths.show(&path),
                        options.paths.show(&word_path)
                    )
                )
                .text(lang)
        );
    }
    0
}
