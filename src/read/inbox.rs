//! The inbox `nop/` listed: every entry, by what it is, without opening
//! any (a FIFO or a device is never read). Its files and those of its
//! sub-folders one level deep (`nop/<sub>/<file>`) are listed; deeper
//! folders, empty ones, the archive `nop/cu/`, hidden folders, folders named
//! like a workbook and links to folders are entries of their own, not read.
//! Whatever is not imported carries why ([`Skip`]).

use crate::model::Skip;
use std::io;
use std::path::{Path, PathBuf};

/// One entry of the inbox, by what it is.
#[derive(Debug, Clone)]
pub enum InboxEntry {
    /// A regular file (or a link to one) with a spreadsheet name: imported.
    Workbook(PathBuf),
    /// Anything else: skipped, never opened; with why.
    Skipped(PathBuf, Skip),
}

impl InboxEntry {
    /// Where the entry is.
    pub fn path(&self) -> &Path {
        match self {
            InboxEntry::Workbook(p) | InboxEntry::Skipped(p, _) => p,
        }
    }
}

/// The archive folder inside the inbox (older versions of replaced files,
/// SPEC section 12): listed, never read.
pub const INBOX_ARCHIVE: &str = "cu";

/// Every entry of the inbox folder `inbox`, sorted by path.
pub fn list(inbox: &Path) -> io::Result<Vec<InboxEntry>> {
    let mut listed = Vec::new();
    for entry in std::fs::read_dir(inbox)?.filter_map(Result::ok) {
        let path = entry.path();
        match entry_kind(&path) {
            EntryKind::Folder => {
                let name = entry.file_name().to_string_lossy().to_string();
                if name == INBOX_ARCHIVE {
                    listed.push(InboxEntry::Skipped(path, Skip::Archive));
                } else if name.starts_with('.') || is_workbook_name(&path) {
                    listed.push(InboxEntry::Skipped(path, Skip::Folder));
                } else {
                    list_sub_folder(&path, &mut listed);
                }
            }
            kind => listed.push(kind.entry(path)),
        }
    }
    listed.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(listed)
}

/// The entries of a sub-folder of the inbox, one level deep.
fn list_sub_folder(folder: &Path, listed: &mut Vec<InboxEntry>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        listed.push(InboxEntry::Skipped(
            folder.to_path_buf(),
            Skip::UnreadableFolder,
        ));
        return;
    };
    let before = listed.len();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        listed.push(entry_kind(&path).entry(path));
    }
    if listed.len() == before {
        listed.push(InboxEntry::Skipped(folder.to_path_buf(), Skip::EmptyFolder));
    }
}

/// What an inbox entry is, from its metadata alone.
enum EntryKind {
    File,
    Folder,
    Not(Skip),
}

impl EntryKind {
    fn entry(self, path: PathBuf) -> InboxEntry {
        match self {
            EntryKind::File => match skip_by_name(&path) {
                None => InboxEntry::Workbook(path),
                Some(skip) => InboxEntry::Skipped(path, skip),
            },
            EntryKind::Folder => InboxEntry::Skipped(path, Skip::Folder),
            EntryKind::Not(skip) => InboxEntry::Skipped(path, skip),
        }
    }
}

fn entry_kind(path: &Path) -> EntryKind {
    let Ok(own) = std::fs::symlink_metadata(path) else {
        return EntryKind::Not(Skip::Unreadable);
    };
    if own.file_type().is_symlink() {
        return match std::fs::metadata(path) {
            Err(_) => EntryKind::Not(Skip::BrokenLink),
            Ok(m) if m.is_file() => EntryKind::File,
            Ok(m) if m.is_dir() => EntryKind::Not(Skip::LinkToFolder),
            Ok(m) => EntryKind::Not(special(&m)),
        };
    }
    if own.is_file() {
        EntryKind::File
    } else if own.is_dir() {
        EntryKind::Folder
    } else {
        EntryKind::Not(special(&own))
    }
}

/// What an entry that is neither a file nor a folder is.
fn special(meta: &std::fs::Metadata) -> Skip {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return Skip::Pipe;
        }
        if t.is_char_device() || t.is_block_device() {
            return Skip::Device;
        }
        if t.is_socket() {
            return Skip::Socket;
        }
    }
    let _ = meta;
    Skip::NotRegular
}

/// Why the inbox skips a file of this name, if it does (SPEC section 2): a
/// lock file of Excel (`~$`), a hidden file, or not a spreadsheet's
/// extension.
pub fn skip_by_name(path: &Path) -> Option<Skip> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with("~$") {
        return Some(Skip::LockFile);
    }
    if name.starts_with('.') {
        return Some(Skip::HiddenFile);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    (!matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"))
        .then_some(Skip::NotSpreadsheet)
}

/// A file the inbox reads: a spreadsheet extension, not a lock or hidden file.
pub fn is_workbook_name(path: &Path) -> bool {
    skip_by_name(path).is_none()
}
