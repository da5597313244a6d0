//! `thidua init`: a new working folder.

use super::*;

/// The example agreement `thidua init` puts in a new working folder.
const EXAMPLE_AGREEMENT: &[u8] = include_bytes!("../../samples/cum3-2016/giao-uoc.xlsx");

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
