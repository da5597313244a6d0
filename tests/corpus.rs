//! Every file of the real-world corpus (../shared/corpus/real-world) goes
//! through `read_workbook` with the sandboxed worker: each must come back
//! read or with a `ReadError`, in bounded time, without taking this process
//! down. Skipped, with a message, when the corpus folder is absent.
//!
//! A per-file report is written to `$CARGO_TARGET_TMPDIR/corpus-report.tsv`;
//! run with `--nocapture` to see the summary. The worker is this package's
//! `thidua` binary, or the executable named by `THIDUA_WORKER` (to test
//! another build, e.g. a release binary or a copy when the target folder is
//! shared).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use thidua::read::workbook::limits::WORKER_TIMEOUT;
use thidua::read::workbook::{read_workbook, ReadError, ReadOptions, Workbook};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/real-world");

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(CORPUS);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: no corpus at {CORPUS}");
        None
    }
}

fn worker() -> ReadOptions {
    let exe = std::env::var_os("THIDUA_WORKER")
        .map(PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_thidua").into());
    ReadOptions { worker: Some(exe) }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn kind(result: &Result<Workbook, ReadError>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(ReadError::Encrypted) => "encrypted",
        Err(ReadError::NotSpreadsheet) => "not-spreadsheet",
        Err(ReadError::TooLarge(_)) => "too-large",
        Err(ReadError::Corrupt(_)) => "corrupt",
        Err(ReadError::Crashed(_)) => "crashed",
    }
}

fn detail(result: &Result<Workbook, ReadError>) -> String {
    match result {
        Ok(book) => {
            let cells: usize = book.sheets.iter().map(|s| s.cells().len()).sum();
            let merges: usize = book.sheets.iter().map(|s| s.merges().len()).sum();
            format!(
                "{} sheets, {cells} cells, {merges} merges",
                book.sheets.len()
            )
        }
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_corpus_file_reads_or_fails_cleanly() {
    let Some(dir) = corpus() else {
        return;
    };
    let mut files = Vec::new();
    files_under(&dir, &mut files);
    files.sort();
    let options = worker();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut slowest = (Duration::ZERO, PathBuf::new());
    let mut report = String::from("path\tresult\tms\tdetail\n");
    let started = Instant::now();
    for path in &files {
        let start = Instant::now();
        let result = read_workbook(path, &options);
        let took = start.elapsed();
        assert!(
            took < WORKER_TIMEOUT + Duration::from_secs(5),
            "{path:?} took {took:?}"
        );
        *counts.entry(kind(&result)).or_default() += 1;
        if took > slowest.0 {
            slowest = (took, path.clone());
        }
        let rel = path.strip_prefix(&dir).unwrap_or(path).display();
        let line = format!(
            "{rel}\t{}\t{}\t{}\n",
            kind(&result),
            took.as_millis(),
            detail(&result)
        );
        report.push_str(&line);
    }
    let report_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus-report.tsv");
    let _ = std::fs::write(&report_path, report);
    eprintln!(
        "{} files in {:?}: {counts:?}; slowest {:?} ({:?}); report in {}",
        files.len(),
        started.elapsed(),
        slowest.1.strip_prefix(&dir).unwrap_or(&slowest.1),
        slowest.0,
        report_path.display()
    );
    assert!(counts.get("ok").copied().unwrap_or(0) > files.len() / 2);
}

/// Known files and what they must give, checked when present.
#[test]
fn known_corpus_files() {
    let Some(dir) = corpus() else {
        return;
    };
    let options = worker();
    let expect = |rel: &str, want: &str| {
        let path = dir.join(rel);
        if !path.exists() {
            eprintln!("absent: {rel}");
            return None;
        }
        let result = read_workbook(&path, &options);
        assert_eq!(kind(&result), want, "{rel}: {}", detail(&result));
        result.ok()
    };
    // Memory runaways in calamine's .xls reader: contained by the worker.
    expect(
        "PHPOffice__PhpSpreadsheet/tests/data/Reader/XLS/oleloop.xls",
        "crashed",
    );
    expect(
        "ExcelDataReader__ExcelDataReader/src/TestData/Test_git_issue_382_oom.xls",
        "crashed",
    );
    // Encrypted in every format, including XOR obfuscation.
    for rel in [
        "tafia__calamine/tests/pass_protected.xlsx",
        "tafia__calamine/tests/pass_protected.xlsb",
        "tafia__calamine/tests/pass_protected.ods",
        "qax-os__excelize/test/encryptAES.xlsx",
        "SheetJS__test_files/password_2002_40_xor.xls",
        "SheetJS__test_files/biff5/password_2002_40_xor.xls",
        "apache__poi/test-data/spreadsheet/xor-encryption-abc.xls",
        "nissl-lab__npoi/testcases/test-data/spreadsheet/97_password.xls",
    ] {
        expect(rel, "encrypted");
    }
    // A CSV named .xlsx, an empty .xlsx, a BMP named .xls.
    expect(
        "NBA-Lion__student-internship-management/docs/import/danh_sach_dot_thuc_tap_mau.xlsx",
        "not-spreadsheet",
    );
    expect(
        "theorchard__openpyxl/openpyxl/reader/tests/data/null_file.xlsx",
        "not-spreadsheet",
    );
    expect(
        "ExcelDataReader__ExcelDataReader/src/TestData/TestFail_Binary.xls",
        "not-spreadsheet",
    );
    // Merged regions from xls (through the worker) and xlsx.
    for rel in [
        "tafia__calamine/tests/merged_range.xls",
        "tafia__calamine/tests/merged_range.xlsx",
    ] {
        if let Some(book) = expect(rel, "ok") {
            let merges: usize = book.sheets.iter().map(|s| s.merges().len()).sum();
            assert!(merges > 0, "{rel}: no merges");
        }
    }
    // Vietnamese emulation-and-commendation templates read.
    expect(
        "lifephongphanmem__thiduakhenthuong/public/data/download/MauTDKT.xlsx",
        "ok",
    );
}

/// Without a worker the known panics are still contained in process.
#[test]
fn panics_are_contained_in_process() {
    let Some(dir) = corpus() else {
        return;
    };
    for rel in [
        "apache__poi/test-data/spreadsheet/Simple.xlsb",
        "ExcelDataReader__ExcelDataReader/src/TestData/Test_Issue_12556_corrupt.xls",
        "ExcelDataReader__ExcelDataReader/src/TestData/Test_git_issue_467_empty_continue_leftoverbytes.xls",
    ] {
        let path = dir.join(rel);
        if path.exists() {
            let result = read_workbook(&path, &ReadOptions { worker: None });
            assert!(result.is_err(), "{rel}: {}", detail(&result));
        }
    }
}
