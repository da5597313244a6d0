//! `thidua init`: a new working folder: the example agreement (with its
//! `Hướng dẫn` sheet), the empty adjustments workbook and the inbox, then
//! what to do next.

use super::*;
use crate::render::agreement_workbook;

/// The example the new folder's agreement is written from: the bundled
/// sample cluster's agreement, read as any agreement is.
const EXAMPLE_AGREEMENT: &[u8] = include_bytes!("../../samples/cum3-2016/giao-uoc.xlsx");

/// `thidua init`: a working folder with an example agreement, an empty
/// `dieu-chinh.xlsx` and an empty inbox.
pub fn init(folder: &Path, lang: Lang) -> i32 {
    let agreement_path = folder.join("giao-uoc.xlsx");
    if agreement_path.exists() {
        complain(
            Say::AgreementExists.with("path", agreement_path.display().to_string()),
            lang,
        );
        return 2;
    }
    match make_folder(folder) {
        Ok(()) => {
            println!(
                "{}\n  giao-uoc.xlsx    {}\n  dieu-chinh.xlsx  {}\n  nop/             {}\n\n{}",
                Say::InitDone
                    .with("folder", folder.display().to_string())
                    .text(lang),
                Say::InitAgreement.text(lang),
                Say::InitAdjustments.text(lang),
                Say::InitInbox.text(lang),
                Say::InitNextSteps
                    .with("folder", as_argument(&folder.display().to_string()))
                    .text(lang),
            );
            0
        }
        Err(problem) => {
            complain(Say::CannotInit.with("problem", problem.text(lang)), lang);
            2
        }
    }
}

/// Writes the folder's files; the agreement last, so a folder without it
/// can be made again.
fn make_folder(folder: &Path) -> Result<(), IoProblem> {
    let inbox = folder.join("nop");
    std::fs::create_dir_all(&inbox).map_err(|e| IoProblem::new(inbox.display().to_string(), &e))?;
    let example = example_agreement(folder)?;
    let files = [
        ("dieu-chinh.xlsx", agreement_workbook::adjustments(&example)),
        ("giao-uoc.xlsx", agreement_workbook::agreement(&example)),
    ];
    for (name, bytes) in files {
        let path = folder.join(name);
        let shown = path.display().to_string();
        let bytes = bytes.map_err(|e| IoProblem::new(shown.clone(), &std::io::Error::other(e)))?;
        if name == "dieu-chinh.xlsx" && path.exists() {
            continue;
        }
        output::write_atomic(&path, &bytes).map_err(|e| IoProblem::new(shown, &e))?;
    }
    Ok(())
}

/// The example agreement, read from a temporary copy in the folder (the
/// reader reads files), which is removed after.
fn example_agreement(folder: &Path) -> Result<crate::model::Agreement, IoProblem> {
    let copy = folder.join(".thidua-giao-uoc-mau.xlsx");
    let shown = copy.display().to_string();
    output::write_atomic(&copy, EXAMPLE_AGREEMENT)
        .map_err(|e| IoProblem::new(shown.clone(), &e))?;
    let paths = Paths::new(folder, Some(copy.clone()), None, None);
    let read = pipeline::load_agreement(&paths, &Default::default());
    let _ = std::fs::remove_file(&copy);
    read.map_err(|_| {
        let error = std::io::Error::other("the bundled example agreement cannot be read");
        IoProblem::new(shown, &error)
    })
}
