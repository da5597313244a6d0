//! An output set written as one thing: every file is first written to a
//! temporary beside its final name and synced; only when all are ready is a
//! journal written, then each temporary renamed over its final name, then the
//! journal removed. A failure before the renames leaves every previous
//! output as it was (the temporaries are removed); a run killed during the
//! renames leaves the journal, by which `verify` and the next `run` know.

use crate::write::output::{self, TEMP_MARK};
use serde_json::json;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The journal's name in the output folder: present only while (or, after a
/// crash, since) a run renames its outputs into place.
pub const JOURNAL: &str = ".thidua-tmp-journal.json";

/// One prepared output.
#[derive(Debug)]
struct Staged {
    target: PathBuf,
    temp: PathBuf,
    name: String,
    sha256: String,
}

/// Outputs prepared as synced temporaries, not yet in place. Dropping the
/// set removes the temporaries that were not renamed.
#[derive(Debug)]
pub struct OutputSet {
    folder: PathBuf,
    staged: Vec<Staged>,
}

impl OutputSet {
    /// A set whose journal lives in `folder` (the output folder).
    pub fn new(folder: &Path) -> OutputSet {
        OutputSet {
            folder: folder.to_path_buf(),
            staged: Vec::new(),
        }
    }

    /// Writes `bytes` to a temporary beside `target` and syncs it; `name`
    /// is the target as the run record names it.
    pub fn stage(&mut self, target: &Path, name: String, bytes: &[u8]) -> io::Result<()> {
        let dir = parent(target);
        fs::create_dir_all(dir)?;
        let file_name = target
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
            .to_string_lossy();
        let temp = dir.join(format!(
            ".{file_name}{TEMP_MARK}{}-{}",
            std::process::id(),
            self.staged.len()
        ));
        let written = (|| {
            let mut file = File::create(&temp)?;
            file.write_all(bytes)?;
            file.sync_all()
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        self.staged.push(Staged {
            target: target.to_path_buf(),
            temp,
            name,
            sha256: crate::read::workbook::fingerprint::sha256_hex(bytes),
        });
        Ok(())
    }

    /// The final paths of the prepared outputs.
    pub fn targets(&self) -> impl Iterator<Item = &Path> {
        self.staged.iter().map(|s| s.target.as_path())
    }

    /// Puts every output in place: the journal (listing `also`, the entries
    /// of an earlier unfinished run, and this set's), the renames, then the
    /// journal removed. A set of one file needs no journal (one rename is
    /// atomic), and leaves another run's journal alone.
    pub fn commit(mut self, also: &[(String, String)]) -> io::Result<()> {
        if self.staged.len() == 1 && also.is_empty() {
            let s = self.staged.remove(0);
            if let Err(e) = fs::rename(&s.temp, &s.target) {
                let _ = fs::remove_file(&s.temp);
                return Err(e);
            }
            sync_dir(parent(&s.target));
            return Ok(());
        }
        let mut entries: Vec<serde_json::Value> = also
            .iter()
            .map(|(file, sha)| json!({ "file": file, "sha256": sha }))
            .collect();
        entries.extend(
            self.staged
                .iter()
                .map(|s| json!({ "file": s.name, "sha256": s.sha256 })),
        );
        let journal = self.folder.join(JOURNAL);
        let text = serde_json::to_string_pretty(&json!({ "outputs": entries }))
            .map_err(io::Error::other)?;
        output::write_atomic(&journal, text.as_bytes())?;
        let staged = std::mem::take(&mut self.staged);
        let mut dirs: Vec<&Path> = Vec::new();
        for (i, s) in staged.iter().enumerate() {
            if i == 1 {
                // Test-only (debug builds): a pause between two renames.
                crate::test_pause("THIDUA_TEST_PAUSE_BETWEEN_RENAMES_MS");
            }
            if let Err(e) = fs::rename(&s.temp, &s.target) {
                for rest in &staged[i..] {
                    let _ = fs::remove_file(&rest.temp);
                }
                return Err(e);
            }
            let dir = parent(&s.target);
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
        for dir in dirs {
            sync_dir(dir);
        }
        fs::remove_file(&journal)?;
        sync_dir(&self.folder);
        Ok(())
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        for s in &self.staged {
            let _ = fs::remove_file(&s.temp);
        }
    }
}

/// The entries of an unfinished run's journal in `folder`, as (file, sha256).
pub fn read_journal(folder: &Path) -> Option<Vec<(String, String)>> {
    let bytes = fs::read(folder.join(JOURNAL)).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    Some(
        value["outputs"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|e| {
                        Some((
                            e["file"].as_str()?.to_string(),
                            e["sha256"].as_str()?.to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default(),
    )
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn a_set_is_put_in_place_whole_and_a_failed_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.pdf"));
        fs::write(&a, b"old a").unwrap();
        let mut set = OutputSet::new(dir.path());
        set.stage(&a, "a.json".into(), b"new a").unwrap();
        set.stage(&b, "b.pdf".into(), b"new b").unwrap();
        assert_eq!(
            fs::read(&a).unwrap(),
            b"old a",
            "nothing in place before commit"
        );
        set.commit(&[]).unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"new a");
        assert_eq!(names(dir.path()), vec!["a.json", "b.pdf"]);
        // A file that cannot be staged: the set is dropped, its temporaries go.
        let mut set = OutputSet::new(dir.path());
        set.stage(&a, "a.json".into(), b"newer a").unwrap();
        let blocked = dir.path().join("a.json").join("x.pdf");
        assert!(set.stage(&blocked, "x".into(), b"x").is_err());
        drop(set);
        assert_eq!(names(dir.path()), vec!["a.json", "b.pdf"]);
        assert_eq!(fs::read(&a).unwrap(), b"new a");
    }
}
