//! Writing a run's outputs as one set: the lock that keeps two runs out of
//! one output folder ([`lock`]), the set of outputs prepared as synced
//! temporaries and only then renamed into place, with a journal while the
//! renames happen ([`set`]), and keeping outputs a person changed by hand
//! ([`keep`]).
//!
//! It does not decide what the outputs are (the renderers do) nor what the
//! run record says (`record`).

pub mod keep;
pub mod lock;
pub mod output;
pub mod record;
pub mod set;

use std::path::Path;

/// Checks of where the outputs go, before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceError {
    /// The output folder is the inbox or inside it: the next run would read it.
    OutInsideInbox,
    /// The inbox is inside the output folder.
    InboxInsideOut,
    /// The output folder is a symbolic link.
    OutIsLink,
}

impl PlaceError {
    /// The problem in words.
    pub fn message(&self, lang: crate::model::diagnostic::Lang) -> &'static str {
        match self {
            PlaceError::OutInsideInbox => lang.pick(
                "Thư mục kết quả nằm trong thư mục nhận bảng (nop/): lần chạy sau sẽ đọc lại kết quả như bảng của đơn vị. Hãy chọn --out ở chỗ khác",
                "The output folder is inside the inbox (nop/): the next run would read the outputs as units' workbooks. Choose another --out",
            ),
            PlaceError::InboxInsideOut => lang.pick(
                "Thư mục nhận bảng nằm trong thư mục kết quả. Hãy chọn --inbox hoặc --out ở chỗ khác",
                "The inbox is inside the output folder. Choose another --inbox or --out",
            ),
            PlaceError::OutIsLink => lang.pick(
                "Thư mục kết quả là một liên kết (symbolic link); thidua không ghi qua liên kết. Hãy chỉ thư mục thật bằng --out",
                "The output folder is a symbolic link; thidua does not write through links. Give the real folder with --out",
            ),
        }
    }
}

/// Refuses an output folder inside the inbox, an inbox inside the output
/// folder, and an output folder that is a symbolic link (the folders are
/// compared with their links resolved, where they exist).
pub fn check_places(inbox: &Path, out: &Path) -> Result<(), PlaceError> {
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(PlaceError::OutIsLink);
    }
    let (inbox, out) = (resolved(inbox), resolved(out));
    if out.starts_with(&inbox) {
        return Err(PlaceError::OutInsideInbox);
    }
    if inbox.starts_with(&out) {
        return Err(PlaceError::InboxInsideOut);
    }
    Ok(())
}

/// A path with its existing part's links resolved, the rest appended.
fn resolved(path: &Path) -> std::path::PathBuf {
    let normal = crate::model::paths::normal(path);
    let mut existing = normal.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return normal,
        }
    }
}
