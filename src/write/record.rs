//! The run record written into `ket-qua-<Năm>.json`: the thidua version, the
//! SHA-256, size and status of every input (taken from the bytes the run
//! read), the inputs that were absent, the SHA-256 of every other output, and
//! a seal over the whole JSON text; and `thidua verify`, which re-hashes them
//! and says plainly whether the outputs still correspond to the inputs.
//! `ho-so` writes a record of the same kind into its JSON,
//! `ho-so/ho-so-<Năm>.json`, with `ket-luan.xlsx` among its inputs;
//! `verify` checks it too when the output folder has a dossier.
//!
//! Names in the record are relative to the working folder however the
//! paths were given, and NFC. A file that cannot be hashed (too large, a
//! FIFO, a broken link) is listed with its reason, never left out.

use crate::model::diagnostic::Lang;
use crate::model::paths::{NOTES, TEMPLATE};
use crate::model::{Outcome, Paths};
use crate::read::inbox::InboxEntry;
use crate::read::workbook::fingerprint::{self, Fingerprint};
use crate::run::pipeline::{self, ReadInputs};
use crate::write::set;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// SHA-256 of bytes, in hex.
pub fn sha256(bytes: &[u8]) -> String {
    fingerprint::sha256_hex(bytes)
}

/// What stands for the seal while the text is hashed.
const UNSEALED: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The seal's key in the record.
const SEAL_KEY: &str = "\"digest\": \"";

fn entry(name: String, print: &Fingerprint, status: &str) -> Value {
    let mut v = json!({
        "file": name,
        "sha256": print.sha256,
        "size": print.size,
        "status": status,
    });
    if let Some(reason) = &print.reason {
        v["reason"] = json!(reason);
    }
    v
}

/// The optional inputs of the working folder that change an output:
/// (path, status).
fn optional_inputs(paths: &Paths) -> Vec<(PathBuf, &'static str)> {
    vec![
        (paths.adjustments.clone(), "adjustments"),
        (paths.folder.join(NOTES), "notes"),
        (paths.folder.join("templates").join(TEMPLATE), "template"),
    ]
}

/// The inputs of a run: the agreement and every inbox entry as they were
/// read (`read`), the adjustments, notes and template override hashed here;
/// and the names of the optional inputs that were absent.
pub fn inputs(paths: &Paths, outcome: &Outcome, read: &ReadInputs) -> (Vec<Value>, Vec<String>) {
    let mut inputs = vec![entry(
        paths.relative(&paths.agreement),
        &read.agreement,
        "agreement",
    )];
    let mut absent = Vec::new();
    for (path, status) in optional_inputs(paths) {
        match std::fs::symlink_metadata(&path) {
            Err(_) => absent.push(paths.relative(&path)),
            Ok(_) => inputs.push(entry(
                paths.relative(&path),
                &fingerprint::of_path(&path),
                status,
            )),
        }
    }
    match &outcome.previous {
        // Last year's results, when they were used (SPEC section 11).
        Some(previous) => inputs.push(entry(
            paths.relative(&previous.path),
            &fingerprint::of_path(&previous.path),
            "previous",
        )),
        // Where they would be looked for, so that `verify` tells when they
        // are put there after the run.
        None if paths.previous.is_none() => {
            let year = i64::from(outcome.agreement.info.year) - 1;
            let wanted = paths
                .folder
                .join(crate::model::previous::FOLDER)
                .join(crate::model::previous::file_name(year));
            // There but not usable (another year, unreadable: a warning
            // said so): hashed all the same, so that a corrected file shows.
            match std::fs::symlink_metadata(&wanted) {
                Err(_) => absent.push(paths.relative(&wanted)),
                Ok(_) => inputs.push(entry(
                    paths.relative(&wanted),
                    &fingerprint::of_path(&wanted),
                    "previous",
                )),
            }
        }
        None => {}
    }
    for ((path, print), file) in read.inbox.iter().zip(&outcome.files) {
        inputs.push(entry(paths.relative(path), print, file.status.as_str()));
    }
    (inputs, absent)
}

/// Adds an optional input of the working folder to `inputs` (from
/// [`inputs`]): hashed with `status` when it is there, else listed as
/// absent (so that `verify` tells when it appears). `ho-so` adds
/// `ket-luan.xlsx` so.
pub fn add_optional_input(
    (inputs, absent): &mut (Vec<Value>, Vec<String>),
    paths: &Paths,
    path: &Path,
    status: &str,
) {
    match std::fs::symlink_metadata(path) {
        Err(_) => absent.push(paths.relative(path)),
        Ok(_) => inputs.push(entry(
            paths.relative(path),
            &fingerprint::of_path(path),
            status,
        )),
    }
}

/// The record of a run: the inputs and absent inputs (from [`inputs`]) and
/// the outputs, hashed from the bytes about to be written; its seal is
/// filled in by [`seal`] once the JSON text is made.
pub fn record(
    paths: &Paths,
    (inputs, absent): (Vec<Value>, Vec<String>),
    outputs: &[(PathBuf, Vec<u8>)],
) -> Value {
    let outputs: Vec<Value> = outputs
        .par_iter()
        .map(|(path, bytes)| json!({ "file": paths.relative(path), "sha256": sha256(bytes) }))
        .collect();
    json!({
        "thidua_version": env!("CARGO_PKG_VERSION"),
        "digest": UNSEALED,
        "inputs": inputs,
        "absent": absent,
        "outputs": outputs,
    })
}

/// Fills in the seal: the SHA-256 of the whole JSON text with the seal
/// itself zeroed. Any edit of the file (a total, a rank, the record) breaks it.
pub fn seal(text: String) -> String {
    let Some(at) = text.rfind(&format!("{SEAL_KEY}{UNSEALED}\"")) else {
        return text;
    };
    let digest = sha256(text.as_bytes());
    let start = at + SEAL_KEY.len();
    let mut sealed = text;
    sealed.replace_range(start..start + UNSEALED.len(), &digest);
    sealed
}

/// Whether a record's seal holds: `None` when it has none.
pub fn seal_holds(text: &str) -> Option<bool> {
    let at = text.rfind(SEAL_KEY)? + SEAL_KEY.len();
    let found = text.get(at..at + UNSEALED.len())?;
    let mut unsealed = text.to_string();
    unsealed.replace_range(at..at + UNSEALED.len(), UNSEALED);
    Some(sha256(unsealed.as_bytes()) == found)
}

/// One disagreement found by `verify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The last run was stopped while it put its outputs in place.
    Unfinished,
    /// The record file itself was edited (its seal does not hold).
    RecordEdited(String),
    /// An input changed since the run.
    InputChanged(String),
    /// An input recorded by the run is gone.
    InputMissing(String),
    /// A file in the inbox (or an optional input) that the run did not see.
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
            Finding::Unfinished => {
                return lang
                    .pick(
                        "Lần chạy trước chưa xong (bị dừng khi đang thay các tệp kết quả): hãy chạy lại thidua run",
                        "The last run did not finish (it was stopped while putting its outputs in place): run thidua run again",
                    )
                    .to_string()
            }
            Finding::RecordEdited(f) => (
                "Biên bản lần chạy đã bị sửa (tổng điểm, xếp hạng hoặc danh sách tệp không còn như khi lập)",
                "The run record itself was edited (totals, ranks or the list of files are not as made)",
                f,
            ),
            Finding::InputChanged(f) => (
                "Tệp đầu vào đã thay đổi sau khi lập báo cáo",
                "An input changed after the report was made",
                f,
            ),
            Finding::InputMissing(f) => ("Tệp đầu vào không còn", "An input is gone", f),
            Finding::InputNew(f) => (
                "Tệp đầu vào mới, chưa có trong báo cáo",
                "A new input, not in the report",
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

/// Whether a file still matches its recorded entry.
fn matches(recorded: &Value, now: &Fingerprint) -> bool {
    match recorded["sha256"].as_str() {
        Some(h) => now.sha256.as_deref() == Some(h),
        None => {
            now.sha256.is_none()
                && recorded["size"].as_u64() == now.size
                && recorded["reason"].as_str() == now.reason.as_deref()
        }
    }
}

/// Compares the record of `run` with the files on disk.
pub fn verify(paths: &Paths, year: Option<i32>) -> Result<(PathBuf, Vec<Finding>), String> {
    let file = record_file(paths, year)
        .ok_or_else(|| paths.show(&paths.out.join("ket-qua-<năm>.json")))?;
    verify_record(paths, file, &paths.out)
}

/// The folder of the dossier `ho-so` writes, in the output folder.
pub const DOSSIER: &str = "ho-so";

/// The record file `ho-so` writes at `out` for `year`: the JSON of the
/// dossier, with its record as the last key, like run's.
pub fn dossier_record_path(out: &Path, year: i32) -> PathBuf {
    out.join(DOSSIER).join(format!("ho-so-{year}.json"))
}

/// Compares the record of `ho-so` with the files on disk, when the output
/// folder has a dossier (`None` when it has none).
pub fn verify_dossier(
    paths: &Paths,
    year: Option<i32>,
) -> Option<Result<(PathBuf, Vec<Finding>), String>> {
    let folder = paths.out.join(DOSSIER);
    if !folder.is_dir() {
        return None;
    }
    let file = year
        .map(|y| dossier_record_path(&paths.out, y))
        .filter(|p| p.is_file())
        .or_else(|| {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
                .ok()?
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().map(|n| n.to_string_lossy().to_string());
                    name.is_some_and(|n| n.starts_with("ho-so-") && n.ends_with(".json"))
                })
                .collect();
            found.sort();
            found.pop()
        });
    Some(match file {
        Some(file) => verify_record(paths, file, &folder),
        None => Err(paths.show(&folder.join("ho-so-<năm>.json"))),
    })
}

/// Compares a record (`file`, whose output set keeps its journal in
/// `journal_folder`) with the files on disk.
fn verify_record(
    paths: &Paths,
    file: PathBuf,
    journal_folder: &Path,
) -> Result<(PathBuf, Vec<Finding>), String> {
    let text = std::fs::read_to_string(&file).map_err(|_| paths.show(&file))?;
    let json: Value = serde_json::from_str(&text).map_err(|_| paths.show(&file))?;
    let mut findings = Vec::new();
    if set::read_journal(journal_folder).is_some() {
        findings.push(Finding::Unfinished);
    }
    if seal_holds(&text) != Some(true) {
        findings.push(Finding::RecordEdited(paths.relative(&file)));
    }
    let run = &json["run"];
    let list = |key: &str| run[key].as_array().cloned().unwrap_or_default();
    // The inbox as a run lists it, by record name (real paths may be NFD).
    let inbox: HashMap<String, InboxEntry> = pipeline::list_inbox(paths)
        .unwrap_or_default()
        .into_iter()
        .map(|e| (paths.relative(e.path()), e))
        .collect();
    let mut recorded = BTreeSet::new();
    let inputs = list("inputs");
    let checked: Vec<Option<Finding>> = inputs
        .par_iter()
        .map(|input| {
            let name = input["file"].as_str().unwrap_or_default().to_string();
            let now = match inbox.get(&name) {
                Some(InboxEntry::Skipped(path, skip)) => pipeline::skipped_print(path, *skip),
                Some(InboxEntry::Workbook(path)) => fingerprint::of_path(path),
                None => fingerprint::of_path(&paths.folder.join(&name)),
            };
            if now.reason.as_deref() == Some("absent") {
                Some(Finding::InputMissing(name))
            } else if !matches(input, &now) {
                Some(Finding::InputChanged(name))
            } else {
                None
            }
        })
        .collect();
    for input in &inputs {
        recorded.insert(input["file"].as_str().unwrap_or_default().to_string());
    }
    findings.extend(checked.into_iter().flatten());
    for name in list("absent").iter().filter_map(Value::as_str) {
        if std::fs::symlink_metadata(paths.folder.join(name)).is_ok() {
            findings.push(Finding::InputNew(name.to_string()));
        }
    }
    let mut new: Vec<String> = inbox
        .into_keys()
        .filter(|name| !recorded.contains(name))
        .collect();
    new.sort();
    findings.extend(new.into_iter().map(Finding::InputNew));
    for output in list("outputs") {
        let name = output["file"].as_str().unwrap_or_default().to_string();
        let now = fingerprint::of_path(&paths.folder.join(&name));
        if now.reason.as_deref() == Some("absent") {
            findings.push(Finding::OutputMissing(name));
        } else if !matches(&output, &now) {
            findings.push(Finding::OutputChanged(name));
        }
    }
    Ok((file, findings))
}

/// The record file a run at `out` for `year` writes.
pub fn record_path(out: &Path, year: i32) -> PathBuf {
    out.join(format!("ket-qua-{year}.json"))
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

    #[test]
    fn a_sealed_record_holds_until_edited() {
        let text = format!(
            "{{\n  \"total\": 93.25,\n  \"run\": {{\n    {SEAL_KEY}{UNSEALED}\"\n  }}\n}}\n"
        );
        let sealed = seal(text);
        assert_eq!(seal_holds(&sealed), Some(true));
        assert_eq!(seal_holds(&sealed.replace("93.25", "99.25")), Some(false));
        assert_eq!(seal_holds("{}"), None);
    }
}
