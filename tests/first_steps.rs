//! The first hour, through the real binary: `init` makes a folder that
//! explains itself (an instructions sheet, a drop-down of methods, an empty
//! `dieu-chinh.xlsx`, the next steps printed), the help lists the commands
//! in the order of the year with the folder's files and the exit statuses,
//! every option a command lists does something, and a run with errors says
//! what to do next.

mod common;
use calamine::{open_workbook_auto, Data, Reader};
use common::*;
use std::io::Read;
use std::path::Path;

fn out_text(args: &[&str]) -> (i32, String, String) {
    let out = thidua(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The XML of one part of an .xlsx.
fn part(xlsx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn init_writes_an_agreement_that_explains_itself_and_an_empty_adjustments_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("cum-3");
    for lang in ["vi", "en"] {
        let _ = std::fs::remove_dir_all(&folder);
        let (code, stdout, stderr) = out_text(&["init", s(&folder), "--lang", lang]);
        assert_eq!(code, 0, "{stderr}");
        for step in [
            "agreement",
            "forms",
            "check",
            "run",
            "nop/",
            "giao-uoc.xlsx",
        ] {
            assert!(stdout.contains(step), "{step:?} missing in: {stdout}");
        }
        let next = if lang == "vi" {
            "Việc tiếp theo"
        } else {
            "Next steps"
        };
        assert!(stdout.contains(next), "{stdout}");
        assert!(stdout.contains("dieu-chinh.xlsx"), "{stdout}");
    }
    let agreement = folder.join("giao-uoc.xlsx");
    let mut book = open_workbook_auto(&agreement).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Hướng dẫn", "Thông tin", "Đơn vị", "Giao ước"]
    );
    let guide = book.worksheet_range("Hướng dẫn").unwrap();
    let guide_text: String = guide
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect::<Vec<_>>()
        .join("\n");
    for words in [
        "Không vượt",
        "Mức",
        "Thẩm định",
        "dieu-chinh.xlsx",
        "thidua run",
        // A cluster's own rules (SPEC 11): the tree, classes and titles.
        "Cột Cấp",
        "Trang Xếp loại",
        "Trang Khen thưởng",
    ] {
        assert!(guide_text.contains(words), "{words:?} not explained");
    }
    // The method column has a drop-down of the six methods, with help on `Mức`.
    let sheet4 = part(&agreement, "xl/worksheets/sheet4.xml");
    assert!(sheet4.contains("<dataValidation type=\"list\""), "{sheet4}");
    assert!(
        sheet4.contains("Tỷ lệ,Đạt,Không vượt,Thẩm định,Cộng,Trừ"),
        "{sheet4}"
    );
    assert!(sheet4.contains("promptTitle=\"Cách chấm\""), "{sheet4}");
    // The adjustments file: one sheet, the header the reader looks for, a
    // drop-down of the unit codes, and no rows.
    let adjustments = folder.join("dieu-chinh.xlsx");
    let mut book = open_workbook_auto(&adjustments).unwrap();
    assert_eq!(book.sheet_names().len(), 1);
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let header: Vec<String> = range
        .rows()
        .find(|r| r.first() == Some(&Data::String("Đơn vị".into())))
        .expect("a header row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[..4], ["Đơn vị", "Mã", "Điểm", "Lý do"]);
    let sheet1 = part(&adjustments, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("\"CB,TN,BK,LS\""), "{sheet1}");
    // With an empty adjustments file the folder checks cleanly: no finding.
    let (code, json) = check_json(&folder, &[]);
    assert_eq!(code, 0);
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["kind"] == "missing-unit"),
        "{json}"
    );
}

/// The written example agreement says what the bundled one says: the
/// sample's workbooks score the same under both.
#[test]
fn the_example_agreement_scores_the_sample_as_the_sample_agreement_does() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("cum-3");
    assert_eq!(thidua(&["init", s(&folder)]).status.code(), Some(0));
    let sample = sample_copy();
    for entry in std::fs::read_dir(sample.path().join("nop")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), folder.join("nop").join(entry.file_name())).unwrap();
    }
    let (code, ours) = check_json(&folder, &[]);
    let (sample_code, theirs) = check_json(sample.path(), &[]);
    assert_eq!(code, sample_code);
    for key in [
        "organisation",
        "cluster",
        "year",
        "base_max",
        "units",
        "next_year",
    ] {
        assert_eq!(ours[key], theirs[key], "{key}");
    }
    let kinds = |j: &serde_json::Value| -> Vec<String> {
        j["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| format!("{} {} {}", d["kind"], d["unit"], d["cell"]))
            .collect()
    };
    assert_eq!(kinds(&ours), kinds(&theirs));
}

#[test]
fn the_help_lists_the_commands_in_the_order_of_the_year_with_files_and_exit_statuses() {
    for (lang, files) in [("vi", "Thư mục làm việc"), ("en", "The working folder")] {
        let (code, help, _) = out_text(&["--help", "--lang", lang]);
        assert_eq!(code, 0);
        let at = |name: &str| {
            help.find(&format!("\n  {name} "))
                .unwrap_or_else(|| panic!("{name} not listed: {help}"))
        };
        let order = [
            "init",
            "agreement",
            "forms",
            "check",
            "run",
            "verify",
            "ho-so",
        ]
        .map(at);
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{help}");
        for words in [
            files,
            "dieu-chinh.xlsx",
            "ghi-chu.md",
            "templates/hoi-nghi.md.j2",
            "ket-luan.xlsx",
        ] {
            assert!(help.contains(words), "{words:?} missing: {help}");
        }
        for status in ["0 ", "1 ", "2 "] {
            assert!(help.contains(status), "{help}");
        }
        // One style of placeholder: no clap English words in the Vietnamese help.
        if lang == "vi" {
            for english in ["[OPTIONS]", "<COMMAND>", "PATH", "FOLDER"] {
                assert!(!help.contains(english), "{english} in: {help}");
            }
            let (_, run, _) = out_text(&["help", "run"]);
            for english in ["[OPTIONS]", "PATH", "FOLDER"] {
                assert!(!run.contains(english), "{english} in: {run}");
            }
        }
    }
    // --lang in any case.
    let (code, help, _) = out_text(&["--help", "--lang", "EN"]);
    assert_eq!(code, 0);
    assert!(help.contains("Consolidates"));
}

#[test]
fn every_option_a_command_lists_does_something_and_others_are_refused() {
    let dir = sample_copy();
    let folder = dir.path();
    // Options a command has no use for are refused, not silently ignored.
    for (command, option) in [
        ("agreement", "--inbox"),
        ("forms", "--inbox"),
        ("check", "--out"),
        ("init", "--json"),
    ] {
        let (code, _, stderr) = out_text(&[command, s(folder), option, "x"]);
        assert_eq!(code, 2, "{command} {option}");
        assert!(stderr.contains(option), "{stderr}");
        let (_, help, _) = out_text(&["help", command]);
        assert!(!help.contains(option), "{command} lists {option}: {help}");
    }
    // `agreement --json` and `verify --json` print JSON.
    let (code, stdout, stderr) = out_text(&["agreement", s(folder), "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["agreement"], "ket-qua/giao-uoc-2016.pdf");
    assert_eq!(json["word"], "ket-qua/giao-uoc-2016.docx");
    assert!(folder.join("ket-qua/giao-uoc-2016.pdf").is_file());
    assert!(folder.join("ket-qua/giao-uoc-2016.docx").is_file());
    assert_eq!(thidua(&["run", s(folder), "-q"]).status.code(), Some(0));
    let (code, stdout, _) = out_text(&["verify", s(folder), "--json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["matches"], true);
    std::fs::write(folder.join("ket-qua/hoi-nghi-2016.pdf"), b"edited").unwrap();
    let (code, stdout, _) = out_text(&["verify", s(folder), "--json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["matches"], false);
    assert!(!json["findings"].as_array().unwrap().is_empty());
}

#[test]
fn a_run_with_errors_ends_with_what_to_do_next() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples/loi-2016"), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("ket-qua"));
    let (code, stdout, _) = out_text(&["run", s(dir.path())]);
    assert_eq!(code, 1);
    let last = stdout.trim_end().lines().last().unwrap();
    for words in ["tạm tính", "dieu-chinh.xlsx", "nop/", "thidua run"] {
        assert!(
            last.contains(words),
            "{words:?} not in the last line: {last}"
        );
    }
    let (_, stdout, _) = out_text(&["run", s(dir.path()), "--lang", "en"]);
    let last = stdout.trim_end().lines().last().unwrap();
    assert!(last.contains("provisional"), "{last}");
    // A clean run says nothing of the kind.
    let clean = sample_copy();
    let (code, stdout, _) = out_text(&["run", s(clean.path())]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("tạm tính"), "{stdout}");
}
