//! Outputs a person changed are kept, never silently replaced: before a run
//! puts its outputs in place, an existing output whose SHA-256 is not one
//! thidua wrote there (by the previous run record, the sealed record itself,
//! or an unfinished run's journal), or that is read-only, is moved to
//! `<out>/cu/<stem>-<n>.<ext>` (n = 1, 2, ... never overwriting).

use crate::model::Paths;
use crate::read::workbook::fingerprint;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The archive folder inside the output folder.
pub const ARCHIVE: &str = "cu";

/// The hashes thidua wrote for each output name.
#[derive(Debug, Default)]
pub struct Known(HashMap<String, HashSet<String>>);

impl Known {
    /// What the previous record at `record` (unless its seal is broken) and the
    /// journal entries say thidua wrote.
    pub fn gather(paths: &Paths, record: &Path, journal: &[(String, String)]) -> Known {
        let mut known = Known::default();
        for (file, sha) in journal {
            known.add(file, sha);
        }
        let Ok(text) = fs::read_to_string(record) else {
            return known;
        };
        // A broken seal: the record was edited, so is not thidua's. A record
        // with no seal at all was written by an earlier version: trusted.
        if crate::write::record::seal_holds(&text) == Some(false) {
            return known;
        }
        known.add(
            &paths.relative(record),
            &fingerprint::sha256_hex(text.as_bytes()),
        );
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
            for o in value["run"]["outputs"].as_array().into_iter().flatten() {
                if let (Some(f), Some(h)) = (o["file"].as_str(), o["sha256"].as_str()) {
                    known.add(f, h);
                }
            }
        }
        known
    }

    fn add(&mut self, file: &str, sha: &str) {
        self.0
            .entry(file.to_string())
            .or_default()
            .insert(sha.to_string());
    }

    fn holds(&self, file: &str, sha: &str) -> bool {
        self.0.get(file).is_some_and(|s| s.contains(sha))
    }
}

/// Moves aside every existing target that thidua did not write as it is,
/// or that is read-only; returns (from, to) as the record names them.
pub fn keep_changed<'a>(
    paths: &Paths,
    known: &Known,
    targets: impl Iterator<Item = &'a Path>,
) -> io::Result<Vec<(String, String)>> {
    let mut kept = Vec::new();
    for target in targets {
        let Ok(meta) = fs::symlink_metadata(target) else {
            continue;
        };
        let name = paths.relative(target);
        let ours = meta.is_file()
            && !meta.permissions().readonly()
            && fingerprint::of_path(target)
                .sha256
                .is_some_and(|h| known.holds(&name, &h));
        if ours {
            continue;
        }
        let to = free_name(&paths.out.join(ARCHIVE), target)?;
        fs::rename(target, &to)?;
        kept.push((name, paths.relative(&to)));
    }
    Ok(kept)
}

/// `<archive>/<stem>-<n>.<ext>`, the first n not taken.
fn free_name(archive: &Path, target: &Path) -> io::Result<PathBuf> {
    fs::create_dir_all(archive)?;
    let stem = target
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let ext = target
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (1u32..)
        .map(|n| archive.join(format!("{stem}-{n}{ext}")))
        .find(|p| fs::symlink_metadata(p).is_err())
        .ok_or_else(|| io::Error::other("no free name"))
}
