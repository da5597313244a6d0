//! The working folder's own wording for the handout: its copy of the
//! template (`templates/hoi-nghi.md.j2`, which wins over the built-in one)
//! and the secretariat's notes (`ghi-chu.md`). Read here so that the
//! renderer is handed text and reads no file.

use crate::model::diagnostic::Lang;
use crate::model::messages::IoProblem;
use crate::model::paths::{NOTES, TEMPLATE};
use crate::model::Wording;
use std::path::Path;

/// Reads the wording of the working folder `folder`.
pub fn load(folder: &Path) -> Result<Wording, String> {
    Ok(Wording {
        template: load_template(folder)?,
        notes: load_notes(folder)?,
        draft: false,
    })
}

/// The working folder's template, if it has one.
fn load_template(folder: &Path) -> Result<Option<String>, String> {
    let path = folder.join("templates").join(TEMPLATE);
    if !path.is_file() {
        return Ok(None);
    }
    let bytes = std::fs::read(&path).map_err(|e| unreadable(&path, &e))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        format!(
            "{}: mẫu văn bản phải lưu dạng UTF-8 / the template must be saved as UTF-8",
            path.display()
        )
    })?;
    Ok(Some(text.trim_start_matches('\u{FEFF}').to_string()))
}

/// Why a file of the working folder cannot be read, as a sentence in both
/// languages (the handout's other messages are written the same way).
fn unreadable(path: &Path, e: &std::io::Error) -> String {
    let problem = IoProblem::new(path.display().to_string(), e);
    format!("{} / {}", problem.text(Lang::Vi), problem.text(Lang::En))
}

/// The secretariat's notes, if the working folder has them (read leniently as UTF-8).
fn load_notes(folder: &Path) -> Result<Option<String>, String> {
    let path = folder.join(NOTES);
    if !path.is_file() {
        return Ok(None);
    }
    let bytes = std::fs::read(&path).map_err(|e| unreadable(&path, &e))?;
    let text = String::from_utf8_lossy(&bytes)
        .trim_start_matches('\u{FEFF}')
        .trim()
        .to_string();
    Ok(Some(crate::text::nfc(&text)).filter(|t| !t.is_empty()))
}
