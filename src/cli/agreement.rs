//! `thidua agreement`: the agreement as a PDF for signing.

use super::*;

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
        write_failed(&path, &e, options.lang);
        return 2;
    }
    if options.json {
        let shown = options.paths.show(&path);
        let value = serde_json::json!({ "agreement": shown, "year": agreement.info.year });
        println!("{}", inert_json(&value.to_string()));
    } else if !options.quiet {
        println!(
            "{}",
            Say::Written
                .with("files", options.paths.show(&path))
                .text(lang)
        );
    }
    0
}
