//! Writes output files whole or not at all: a temporary file in the same
//! folder, synced, then renamed over the final name. Leftover temporary
//! files of an interrupted run are removed by the next one.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// Marker in the names of temporary files.
pub(crate) const TEMP_MARK: &str = ".thidua-tmp-";

/// Writes `bytes` to `path` atomically, creating the folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
        .to_string_lossy();
    let temp = dir.join(format!(".{name}{TEMP_MARK}{}", std::process::id()));
    let written = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)?;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Removes temporary files an interrupted run left in `dir`. Call it only
/// while holding the folder's lock (`write::lock`): then no live run owns them.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        // The journal of an unfinished run is read, then replaced, by the next.
        if name.contains(TEMP_MARK) && name != crate::write::set::JOURNAL {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("a.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn stale_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join(format!(".x.xlsx{TEMP_MARK}123")),
            b"partial",
        )
        .unwrap();
        fs::write(dir.path().join("keep.xlsx"), b"whole").unwrap();
        remove_stale_temporaries(dir.path());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("keep.xlsx")]);
    }
}
