//! The run record written into `ket-qua-<Năm>.json`: the thidua version, the
//! SHA-256, size and status of every input and the SHA-256 of every other
//! output; and `thidua verify`, which re-hashes them and says plainly whether
//! the outputs still correspond to the inputs.

use crate::model::diagnostic::Lang;
use crate::model::{Outcome, Paths};
use rayon::prelude::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// SHA-256 of bytes, in hex.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn file_entry(paths: &Paths, path: &Path, status: &str) -> Option<Value> {
    let bytes = std::fs::read(path).ok()?;
    Some(json!({
        "file": paths.show(path),
        "sha256": sha256(&bytes),
        "size": bytes.len(),
        "status": status,
    }))
}

/// The inputs of a run, hashed from disk: the agreement, the adjustments if
/// any, and every inbox file with its status, in order.
pub fn inputs(paths: &Paths, outcome: &Outcome) -> Vec<Value> {
    let mut inputs: Vec<Value> = Vec::new();
    inputs.extend(file_entry(paths, &paths.agreement, "agreement"));
    if paths.adjustments.is_file() {
        inputs.extend(file_entry(paths, &paths.adjustments, "adjustments"));
    }
    // Hashed in parallel, listed in order.
    let files: Vec<Option<Value>> = outcome
        .files
        .par_iter()
        .map(|f| file_entry(paths, &paths.folder.join(&f.file), f.status.as_str()))
        .collect();
    inputs.extend(files.into_iter().flatten());
    inputs
}

/// The record of a run: the inputs (from [`inputs`]) and the outputs, hashed
/// from the bytes about to be written.
pub fn record(paths: &Paths, inputs: Vec<Value>, outputs: &[(PathBuf, Vec<u8>)]) -> Value {
    let outputs: Vec<Value> = outputs
        .par_iter()
        .map(|(path, bytes)| json!({ "file": paths.show(path), "sha256": sha256(bytes) }))
        .collect();
    json!({ "thidua_version": env!("CARGO_PKG_VERSION"), "inputs": inputs, "outputs": outputs })
}

/// One disagreement found by `verify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// An input changed since the run.
    InputChanged(String),
    /// An input recorded by the run is gone.
    InputMissing(String),
    /// A file in the inbox that the run did not see.
    InputNew(String),
    /// An output differs from what the run wrote (edited by hand, or replaced).
    OutputChanged(String),
    /// An output the run wrote is gone.
    OutputMissing(String),
}

impl Finding {
    /// The finding in words.
    pub fn message(&self, lang: Lang) -> String {
        let (vi, en, file) = match self {
            Finding::InputChanged(f) => (
                "Tệp đầu vào đã thay đổi sau khi lập báo cáo",
                "An input changed after the report was made",
                f,
            ),
            Finding::InputMissing(f) => ("Tệp đầu vào không còn", "An input is gone", f),
            Finding::InputNew(f) => (
                "Tệp mới trong nop/, chưa có trong báo cáo",
                "A new file in the inbox, not in the report",
                f,
            ),
            Finding::OutputChanged(f) => (
                "Tệp kết quả đã bị sửa hoặc thay thế",
                "An output was edited or replaced",
                f,
            ),
            Finding::OutputMissing(f) => ("Tệp kết quả không còn", "An output is gone", f),
        };
        format!("{}: {file}", lang.pick(vi, en))
    }
}

/// The record file in the output folder: the year's, else the only one there.
fn record_file(paths: &Paths, year: Option<i32>) -> Option<PathBuf> {
    if let Some(year) = year {
        let p = paths.out.join(format!("ket-qua-{year}.json"));
        if p.is_file() {
            return Some(p);
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(&paths.out)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            name.starts_with("ket-qua-") && name.ends_with(".json")
        })
        .collect();
    found.sort();
    found.pop()
}

fn hash_of(path: &Path) -> Option<String> {
    std::fs::read(path).ok().map(|b| sha256(&b))
}

/// Compares the record with the files on disk.
pub fn verify(paths: &Paths, year: Option<i32>) -> Result<(PathBuf, Vec<Finding>), String> {
    let file = record_file(paths, year)
        .ok_or_else(|| paths.show(&paths.out.join("ket-qua-<năm>.json")))?;
    let json: Value = std::fs::read(&file)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| paths.show(&file))?;
    let run = &json["run"];
    let list = |key: &str| run[key].as_array().cloned().unwrap_or_default();
    let mut findings = Vec::new();
    let mut recorded = std::collections::BTreeSet::new();
    for input in list("inputs") {
        let name = input["file"].as_str().unwrap_or_default().to_string();
        recorded.insert(name.clone());
        match hash_of(&paths.folder.join(&name)) {
            None => findings.push(Finding::InputMissing(name)),
            Some(h) if input["sha256"] != h => findings.push(Finding::InputChanged(name)),
            Some(_) => {}
        }
    }
    if let Ok(entries) = std::fs::read_dir(&paths.inbox) {
        let mut new: Vec<String> = entries
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| paths.show(&e.path()))
            .filter(|name| !recorded.contains(name))
            .collect();
        new.sort();
        findings.extend(new.into_iter().map(Finding::InputNew));
    }
    for output in list("outputs") {
        let name = output["file"].as_str().unwrap_or_default().to_string();
        match hash_of(&paths.folder.join(&name)) {
            None => findings.push(Finding::OutputMissing(name)),
            Some(h) if output["sha256"] != h => findings.push(Finding::OutputChanged(name)),
            Some(_) => {}
        }
    }
    Ok((file, findings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_nothing_is_the_known_digest() {
        assert_eq!(
            sha256(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
