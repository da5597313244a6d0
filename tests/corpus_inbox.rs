//! Every spreadsheet of ../shared/corpus/real-world dropped into one inbox:
//! `thidua check` finishes with status 0 or 1, and every file is accounted
//! for, used or named by a diagnostic. The files are read from ../shared at
//! test time, never copied into the project.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    root().join("../shared/corpus/real-world")
}

fn spreadsheets(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            spreadsheets(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn whole_real_world_corpus_in_one_inbox_is_checked_without_a_crash() {
    let corpus = corpus();
    if !corpus.is_dir() {
        eprintln!("{} is absent: skipped", corpus.display());
        return;
    }
    let mut files = Vec::new();
    spreadsheets(&corpus, &mut files);
    files.sort();
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("nop");
    std::fs::create_dir_all(&inbox).unwrap();
    for (k, f) in files.iter().enumerate() {
        let name = format!("{k:03}-{}", f.file_name().unwrap().to_string_lossy());
        std::os::unix::fs::symlink(f, inbox.join(name)).unwrap();
    }
    let agreement = root().join("samples/cum3-2016/giao-uoc.xlsx");
    let (code, json) = check_json(dir.path(), &["--agreement", agreement.to_str().unwrap()]);
    assert!(code == 0 || code == 1, "exit {code}");
    let listed = json["files"].as_array().unwrap();
    assert_eq!(listed.len(), files.len(), "every inbox file is listed");
    let named: BTreeSet<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["file"].as_str())
        .collect();
    for f in listed {
        let name = f["file"].as_str().unwrap();
        match f["status"].as_str().unwrap() {
            "used" | "skipped" => {}
            _ => assert!(named.contains(name), "{name} rejected without a diagnostic"),
        }
    }
    let messages = json["diagnostics"].as_array().unwrap();
    assert!(messages
        .iter()
        .all(|d| !d["message"].as_str().unwrap().is_empty()));
}
