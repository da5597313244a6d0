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

#[test]
fn same_workbook_in_every_format_gives_the_same_scores() {
    let sample = root().join("samples/cum3-2016");
    let source = sample.join("nop/Bang tu cham diem CCB Cao Bang 2016.xlsx");
    let mut scores = Vec::new();
    for ext in ["xlsx", "xls", "ods"] {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("nop");
        std::fs::create_dir_all(&inbox).unwrap();
        if !soffice_convert(&source, ext, &inbox) {
            eprintln!("soffice is not installed: skipped");
            return;
        }
        let agreement = sample.join("giao-uoc.xlsx");
        let (_, json) = check_json(dir.path(), &["--agreement", agreement.to_str().unwrap()]);
        let cb = unit(&json, "CB").clone();
        assert_eq!(cb["status"], "scored", "{ext}: {json:#}");
        scores.push((
            ext,
            cb["scores"].clone(),
            cb["total"].clone(),
            cb["self_total"].clone(),
        ));
    }
    for s in &scores[1..] {
        assert_eq!(
            (&s.1, &s.2, &s.3),
            (&scores[0].1, &scores[0].2, &scores[0].3),
            "{} differs from xlsx",
            s.0
        );
    }
}
