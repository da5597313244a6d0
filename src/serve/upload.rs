//! Files received on the page, put into the inbox `nop/`: the name made
//! safe (no folder part, no `..`, no character Windows forbids), the bytes
//! written whole under a temporary name and then renamed, and a same-named
//! older file moved to `nop/cu/` first (under a numbered name when
//! `nop/cu/` already has one of that name). Nothing a unit sent is lost.

use crate::read::inbox::{self, INBOX_ARCHIVE};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Largest file received (SPEC: the 64 MiB a workbook is read up to).
pub const MAX_FILE_BYTES: u64 = crate::read::workbook::limits::MAX_FILE_BYTES;

/// Most files received in one request.
pub const MAX_FILES: usize = 200;

/// Largest request body (all its files together).
pub const MAX_REQUEST_BYTES: usize = 4 * MAX_FILE_BYTES as usize;

/// Longest file name kept, in bytes of UTF-8 (file systems allow 255).
const MAX_NAME_BYTES: usize = 180;

/// A name for the received file that cannot leave the inbox: the last part
/// of whatever path the browser sent (`/` and `\` both separate), NFC,
/// without control characters and those Windows forbids (`<>:"/\|?*`),
/// without leading dots and `~$` (hidden and lock files are not read) and
/// trailing dots and spaces, not a device name of Windows (`CON`, `NUL`,
/// `COM1`...), and not too long. `None` when nothing is left of it.
pub fn safe_name(sent: &str) -> Option<String> {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .nfc()
        .filter(|c| !c.is_control() && !"<>:\"/\\|?*".contains(*c))
        .collect();
    let mut name = cleaned.trim().trim_start_matches(['.', '~', '$', ' ']);
    name = name.trim_end_matches(['.', ' ']);
    if name.is_empty() {
        return None;
    }
    let mut name = name.to_string();
    let stem = name
        .split('.')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_uppercase();
    let device = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    if device {
        name.insert(0, '_');
    }
    if name.len() > MAX_NAME_BYTES {
        let ext = Path::new(&name)
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .filter(|e| e.len() < 16)
            .unwrap_or_default();
        let mut cut = MAX_NAME_BYTES - ext.len();
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name = format!("{}{ext}", name[..cut].trim_end_matches(['.', ' ']));
    }
    Some(name)
}

/// Whether the inbox reads a file of this name (a spreadsheet).
pub fn is_workbook(name: &str) -> bool {
    inbox::is_workbook_name(Path::new(name))
}

/// What became of one received file.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    /// A new file in the inbox.
    New,
    /// The inbox had the very same bytes under that name: nothing changed.
    Same,
    /// A same-named older file was moved to `kept` (relative to the
    /// inbox), then the new one put in its place.
    Replaced { kept: String },
}

/// Puts `bytes` into `inbox` as `name` (already [`safe_name`]): written to
/// a temporary file in `scratch` (a folder on the same disk), synced, and
/// renamed in; a same-named older file is first moved to `inbox/cu/`.
pub fn store(inbox: &Path, scratch: &Path, name: &str, bytes: &[u8]) -> io::Result<Stored> {
    let target = inbox.join(name);
    let existing = std::fs::symlink_metadata(&target).ok();
    if let Some(meta) = &existing {
        if !meta.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "nop/ có một thư mục hoặc lối tắt trùng tên",
            ));
        }
        if std::fs::read(&target).is_ok_and(|old| old == bytes) {
            return Ok(Stored::Same);
        }
    }
    std::fs::create_dir_all(inbox)?;
    let temporary = write_temporary(scratch, bytes)?;
    let mut stored = Stored::New;
    if existing.is_some() {
        match archive(inbox, name) {
            Ok(kept) => stored = Stored::Replaced { kept },
            Err(e) => {
                let _ = std::fs::remove_file(&temporary);
                return Err(e);
            }
        }
    }
    if let Err(e) = std::fs::rename(&temporary, &target) {
        let _ = std::fs::remove_file(&temporary);
        return Err(e);
    }
    Ok(stored)
}

/// Writes the bytes to a new hidden file of `folder`, synced to disk.
fn write_temporary(folder: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let suffix = super::auth::new_token()
        .map(|t| t[..16].to_string())
        .unwrap_or_else(|| std::process::id().to_string());
    let path = folder.join(format!(".thidua-nhan-{suffix}.tmp"));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = written {
        drop(file);
        let _ = std::fs::remove_file(&path);
        return Err(e);
    }
    Ok(path)
}

/// Moves `inbox/name` to `inbox/cu/name`, or `inbox/cu/<stem>-2.<ext>`,
/// `-3`... when taken; gives the name it got, relative to the inbox.
fn archive(inbox: &Path, name: &str) -> io::Result<String> {
    let folder = inbox.join(INBOX_ARCHIVE);
    std::fs::create_dir_all(&folder)?;
    let path = Path::new(name);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    for n in 1..10_000u32 {
        let candidate = if n == 1 {
            name.to_string()
        } else {
            format!("{stem}-{n}{ext}")
        };
        let to = folder.join(&candidate);
        if std::fs::symlink_metadata(&to).is_ok() {
            continue;
        }
        std::fs::rename(inbox.join(name), &to)?;
        return Ok(format!("{INBOX_ARCHIVE}/{candidate}"));
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "nop/cu/ đã có quá nhiều bản cũ trùng tên",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_keeps_no_folder_part() {
        assert_eq!(safe_name("../../x.xlsx").as_deref(), Some("x.xlsx"));
        assert_eq!(safe_name("..\\x.xlsx").as_deref(), Some("x.xlsx"));
        assert_eq!(safe_name("C:\\Users\\a\\b.xls").as_deref(), Some("b.xls"));
        assert_eq!(safe_name("..").as_deref(), None);
        assert_eq!(safe_name("a<b>:c|?.ods").as_deref(), Some("abc.ods"));
        assert_eq!(safe_name("~$lock.xlsx").as_deref(), Some("lock.xlsx"));
        assert_eq!(safe_name("con.xlsx").as_deref(), Some("_con.xlsx"));
        assert_eq!(safe_name("bảng. ").as_deref(), Some("bảng"));
        let long = format!("{}.xlsx", "ả".repeat(200));
        let cut = safe_name(&long).unwrap();
        assert!(cut.len() <= MAX_NAME_BYTES && cut.ends_with(".xlsx"));
    }

    #[test]
    fn a_replaced_file_is_kept_in_cu_under_a_free_name() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("nop");
        assert_eq!(
            store(&inbox, dir.path(), "a.xlsx", b"1").unwrap(),
            Stored::New
        );
        assert_eq!(
            store(&inbox, dir.path(), "a.xlsx", b"1").unwrap(),
            Stored::Same
        );
        assert_eq!(
            store(&inbox, dir.path(), "a.xlsx", b"2").unwrap(),
            Stored::Replaced {
                kept: "cu/a.xlsx".into()
            }
        );
        assert_eq!(
            store(&inbox, dir.path(), "a.xlsx", b"3").unwrap(),
            Stored::Replaced {
                kept: "cu/a-2.xlsx".into()
            }
        );
        assert_eq!(std::fs::read(inbox.join("a.xlsx")).unwrap(), b"3");
        assert_eq!(std::fs::read(inbox.join("cu/a.xlsx")).unwrap(), b"1");
        assert_eq!(std::fs::read(inbox.join("cu/a-2.xlsx")).unwrap(), b"2");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(left.is_empty());
    }
}
