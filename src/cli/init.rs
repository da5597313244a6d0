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

/// `thidua init <new> --from <old>` (SPEC section 11): next year's working
/// folder from this year's: the agreement moved on a year (`Năm` + 1, next
/// year's head and deputy as head and deputy, the rotation for the year
/// after, the same units, criteria and targets, with a note that the
/// targets need review), an empty `dieu-chinh.xlsx` and `nop/`, the
/// handout's own template if `<old>` has one, and `<old>`'s results copied
/// to `<new>/truoc/`. Refuses a `<new>` that exists and is not empty; says
/// so, and still makes the folder, when `<old>` has no results yet.
pub fn init_from(folder: &Path, from: &Path, lang: Lang) -> i32 {
    let old_paths = Paths::new(from, None, None, None);
    let old = match pipeline::load_agreement(&old_paths, &Default::default()) {
        Ok(agreement) => agreement,
        Err(fatal) => {
            report_fatal(&fatal, lang);
            return 2;
        }
    };
    if !is_empty_or_absent(folder) {
        complain(
            Say::InitFromNotEmpty.with("folder", folder.display().to_string()),
            lang,
        );
        return 2;
    }
    let next = next_year(&old);
    let results_name = crate::read::previous::file_name(i64::from(old.info.year));
    let results = old_paths.out.join(&results_name);
    let copied = results.is_file();
    if let Err(problem) = make_next_folder(folder, from, &old, &next, copied.then_some(&results)) {
        complain(Say::CannotInit.with("problem", problem.text(lang)), lang);
        return 2;
    }
    let year = next.info.year.to_string();
    let previous = old.info.year.to_string();
    let shown = |code: &str| match next.unit(code) {
        Some(unit) => format!("{} ({code})", unit.display_name()),
        None => code.to_string(),
    };
    let mut lines = vec![
        Say::InitFromDone
            .with("year", year.clone())
            .with("folder", folder.display().to_string())
            .with("previous", previous.clone())
            .with("from", from.display().to_string())
            .text(lang),
        format!(
            "  giao-uoc.xlsx    {}",
            Say::InitFromAgreement
                .with("year", year.clone())
                .with("previous", previous.clone())
                .with("head", shown(&next.info.head))
                .with(
                    "deputy",
                    next.info.deputy.as_deref().map(shown).unwrap_or_default()
                )
                .text(lang)
        ),
        format!("  dieu-chinh.xlsx  {}", Say::InitAdjustments.text(lang)),
        format!("  nop/             {}", Say::InitInbox.text(lang)),
    ];
    if copied {
        lines.push(format!(
            "  {}/{}  {}",
            crate::read::previous::FOLDER,
            results_name,
            Say::InitFromPrevious
                .with("year", year.clone())
                .with("previous", previous.clone())
                .text(lang)
        ));
    }
    println!(
        "{}\n\n{}",
        lines.join("\n"),
        Say::InitFromNextSteps
            .with("folder", as_argument(&folder.display().to_string()))
            .text(lang)
    );
    if !copied {
        complain(
            Say::InitFromNoResults
                .with("previous", previous)
                .with("year", year)
                .with("path", results.display().to_string())
                .with("from", as_argument(&from.display().to_string()))
                .with("file", results_name)
                .with(
                    "truoc",
                    folder
                        .join(crate::read::previous::FOLDER)
                        .display()
                        .to_string(),
                ),
            lang,
        );
    }
    0
}

/// Whether `folder` can take a new working folder without overwriting
/// anything: it does not exist, or is an empty folder.
fn is_empty_or_absent(folder: &Path) -> bool {
    match std::fs::symlink_metadata(folder) {
        Err(_) => true,
        Ok(meta) if meta.is_dir() => std::fs::read_dir(folder)
            .map(|mut entries| entries.next().is_none())
            .unwrap_or(false),
        Ok(_) => false,
    }
}

/// This year's agreement moved on a year: `Năm` + 1; next year's head and
/// deputy become the head and deputy; the year after's by rotation; the
/// conference's place and date cleared; the same units (their `Mã cũ`
/// cleared: last year's codes are this year's), criteria and targets.
fn next_year(old: &crate::model::Agreement) -> crate::model::Agreement {
    let mut next = old.clone();
    let info = &mut next.info;
    info.year = old.info.year.saturating_add(1);
    info.head = old.info.next_head.clone();
    info.deputy = Some(old.info.next_deputy.clone());
    info.next_head = unit_after(&next.units, &info.head);
    info.next_deputy = unit_after(&next.units, &info.next_head);
    info.place = None;
    info.conference_date = None;
    for unit in &mut next.units {
        unit.old_codes.clear();
    }
    next
}

/// The code of the unit after `code` in the rotation (`Đơn vị` order), wrapping.
fn unit_after(units: &[crate::model::Unit], code: &str) -> String {
    let at = units.iter().position(|u| u.code == code).unwrap_or(0);
    units
        .get((at + 1) % units.len().max(1))
        .map(|u| u.code.clone())
        .unwrap_or_default()
}

/// Writes next year's folder; the agreement last, so that a folder left
/// without it by a failure can be made again.
fn make_next_folder(
    folder: &Path,
    from: &Path,
    old: &crate::model::Agreement,
    next: &crate::model::Agreement,
    results: Option<&PathBuf>,
) -> Result<(), IoProblem> {
    let problem = |path: &Path, e: &std::io::Error| IoProblem::new(path.display().to_string(), e);
    let xlsx = |path: &Path, bytes: Result<Vec<u8>, rust_xlsxwriter::XlsxError>| {
        bytes.map_err(|e| problem(path, &std::io::Error::other(e)))
    };
    let inbox = folder.join("nop");
    std::fs::create_dir_all(&inbox).map_err(|e| problem(&inbox, &e))?;
    if let Some(results) = results {
        let truoc = folder.join(crate::read::previous::FOLDER);
        std::fs::create_dir_all(&truoc).map_err(|e| problem(&truoc, &e))?;
        let bytes = std::fs::read(results).map_err(|e| problem(results, &e))?;
        let target = truoc.join(results.file_name().unwrap_or_default());
        output::write_atomic(&target, &bytes).map_err(|e| problem(&target, &e))?;
    }
    let template = from.join("templates").join(crate::model::paths::TEMPLATE);
    if template.is_file() {
        let templates = folder.join("templates");
        std::fs::create_dir_all(&templates).map_err(|e| problem(&templates, &e))?;
        let bytes = std::fs::read(&template).map_err(|e| problem(&template, &e))?;
        let target = templates.join(crate::model::paths::TEMPLATE);
        output::write_atomic(&target, &bytes).map_err(|e| problem(&target, &e))?;
    }
    let adjustments = folder.join("dieu-chinh.xlsx");
    let bytes = xlsx(&adjustments, agreement_workbook::adjustments(next))?;
    output::write_atomic(&adjustments, &bytes).map_err(|e| problem(&adjustments, &e))?;
    let agreement = folder.join("giao-uoc.xlsx");
    let bytes = xlsx(
        &agreement,
        agreement_workbook::next_year(next, old.info.year),
    )?;
    output::write_atomic(&agreement, &bytes).map_err(|e| problem(&agreement, &e))
}
