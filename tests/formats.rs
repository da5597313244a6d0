//! A workbook and the same workbook saved by LibreOffice as .xls and .ods
//! (and as .xlsx again) give the same scores.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

/// Converts `file` with LibreOffice into `out_dir` as `ext`; false when soffice is absent.
fn soffice_convert(file: &Path, ext: &str, out_dir: &Path) -> bool {
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new("soffice")
        // File names of sheets ("Tổng hợp") in UTF-8 whatever the locale.
        .env("LC_ALL", "C.UTF-8")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(out_dir)
        .arg(file)
        .output();
    matches!(status, Ok(o) if o.status.success())
}

/// The unit a sample workbook belongs to, its scores, total and self-total, in each format.
fn scores_in_every_format(source: &Path) -> Option<Vec<(&'static str, serde_json::Value)>> {
    let sample = root().join("samples/cum3-2016");
    let mut out = Vec::new();
    for ext in ["xlsx", "xls", "ods"] {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("nop");
        std::fs::create_dir_all(&inbox).unwrap();
        if !soffice_convert(source, ext, &inbox) {
            return None;
        }
        let agreement = sample.join("giao-uoc.xlsx");
        let (_, json) = check_json(dir.path(), &["--agreement", agreement.to_str().unwrap()]);
        let used = json["files"][0]["unit"]
            .as_str()
            .unwrap_or_else(|| panic!("{ext}: {json:#}"))
            .to_string();
        let u = unit(&json, &used).clone();
        assert_eq!(u["status"], "scored", "{ext}: {json:#}");
        out.push((
            ext,
            serde_json::json!([used, u["scores"], u["total"], u["self_total"]]),
        ));
    }
    Some(out)
}

#[test]
fn every_sample_workbook_saved_as_xls_and_ods_gives_the_same_scores() {
    let nop = root().join("samples/cum3-2016/nop");
    let mut files: Vec<_> = std::fs::read_dir(&nop)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 4);
    for source in files {
        let Some(results) = scores_in_every_format(&source) else {
            eprintln!("soffice is not installed: skipped");
            return;
        };
        for (ext, r) in &results[1..] {
            assert_eq!(
                r,
                &results[0].1,
                "{}: {ext} differs from xlsx",
                source.display()
            );
        }
    }
}
