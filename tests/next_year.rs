//! Next year (SPEC section 11), through the real binary: `init <new> --from
//! <old>` makes next year's folder from the Cụm 3 sample, whose agreement
//! opens, checks and runs; last year's results in `truoc/` (or named with
//! `--previous`) show beside this year's, a merged unit's (`Mã cũ` =
//! `TN;BK`) each as it was, never summed; a missing, unreadable or
//! wrong-year file is a located warning and the run goes on.

mod common;
use calamine::{open_workbook_auto, Data, Reader};
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = thidua(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The sample cluster of 2016, run: its folder with `ket-qua/ket-qua-2016.json`.
fn sample_run() -> tempfile::TempDir {
    let dir = sample_copy();
    let (code, _, stderr) = run(&["run", s(dir.path()), "-q"]);
    assert!(code == 0 || code == 1, "{stderr}");
    assert!(dir.path().join("ket-qua/ket-qua-2016.json").is_file());
    dir
}

/// The first diagnostic of `kind`.
fn finding<'a>(json: &'a Value, kind: &str) -> &'a Value {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {json}"))
}

fn json_file(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Writes a 2017 workbook for each unit of the sample: every criterion of
/// the 2016 results with a result of 1.
fn write_units_2017(folder: &Path, units: &[(&str, &str)], previous: &Value) {
    let codes: Vec<String> = previous["units"][0]["scores"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let rows: Vec<(&str, Val, Val)> = codes
        .iter()
        .map(|c| (c.as_str(), Val::Num(1.0), Val::Empty))
        .collect();
    for (code, short) in units {
        write_unit(
            &folder.join("nop").join(format!("{code}.xlsx")),
            short,
            2017,
            &rows,
        );
    }
}

/// The `Thông tin` sheet of an agreement as key -> value.
fn info(agreement: &Path) -> Vec<(String, Data)> {
    let mut wb = open_workbook_auto(agreement).unwrap();
    let range = wb.worksheet_range("Thông tin").unwrap();
    range
        .rows()
        .map(|r| (r[0].to_string(), r.get(1).cloned().unwrap_or(Data::Empty)))
        .collect()
}

fn value<'a>(info: &'a [(String, Data)], key: &str) -> &'a Data {
    &info.iter().find(|(k, _)| k == key).unwrap().1
}

#[test]
fn init_from_the_sample_gives_a_2017_folder_that_opens_checks_and_runs() {
    let old = sample_run();
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("cum-3-2017");
    let (code, stdout, stderr) = run(&["init", s(&new), "--from", s(old.path())]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("2017") && stdout.contains("truoc/ket-qua-2016.json"),
        "{stdout}"
    );

    // The agreement: Năm + 1, next year's head and deputy, rotation after.
    let old_info = info(&old.path().join("giao-uoc.xlsx"));
    let new_info = info(&new.join("giao-uoc.xlsx"));
    assert_eq!(value(&new_info, "Năm"), &Data::Float(2017.0));
    assert_eq!(value(&new_info, "Cụm trưởng").to_string(), "LS");
    assert_eq!(value(&new_info, "Cụm phó").to_string(), "CB");
    assert!(!old_info.iter().any(|(k, _)| k == "Ghi chú"));
    assert!(value(&new_info, "Ghi chú").to_string().contains("rà soát"));
    for key in ["Cụm trưởng năm sau", "Cụm phó năm sau"] {
        assert_eq!(value(&new_info, key).to_string(), "", "{key}");
    }
    // Last year's results, byte for byte.
    assert_eq!(
        std::fs::read(new.join("truoc/ket-qua-2016.json")).unwrap(),
        std::fs::read(old.path().join("ket-qua/ket-qua-2016.json")).unwrap()
    );
    assert!(new.join("nop").is_dir() && new.join("dieu-chinh.xlsx").is_file());

    // It checks: the same criteria and targets, the rotation for 2018.
    let (code, json) = check_json(&new, &[]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["year"], 2017);
    assert_eq!(json["next_year"]["head"], "CB");
    assert_eq!(json["next_year"]["deputy"], "TN");
    assert_eq!(json["previous_year"], 2016);

    // It prints for signing, makes forms, and runs.
    for command in ["agreement", "forms"] {
        let (code, _, stderr) = run(&[command, s(&new), "-q"]);
        assert_eq!(code, 0, "{command}: {stderr}");
    }
    let previous = json_file(&new.join("truoc/ket-qua-2016.json"));
    let units = [
        ("CB", "Cao Bằng"),
        ("TN", "Thái Nguyên"),
        ("BK", "Bắc Kạn"),
        ("LS", "Lạng Sơn"),
    ];
    write_units_2017(&new, &units, &previous);
    let (code, stdout, stderr) = run(&["run", s(&new)]);
    assert!(code == 0 || code == 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("Năm 2016") && stdout.contains("Thay đổi"),
        "{stdout}"
    );
    let now = json_file(&new.join("ket-qua/ket-qua-2017.json"));
    assert_eq!(
        previous["units"][0]["scores"].as_object().unwrap().len(),
        now["units"][0]["scores"].as_object().unwrap().len()
    );
    for (code, _) in units {
        let before = unit(&previous, code);
        let after = unit(&now, code);
        assert_eq!(after["status"], "scored", "{after}");
        assert_eq!(
            after["previous"],
            serde_json::json!([{ "code": code, "total": before["total"], "rank": before["rank"] }])
        );
    }
}

#[test]
fn init_from_refuses_a_folder_that_is_not_empty() {
    let old = sample_run();
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("2017");
    std::fs::create_dir_all(&new).unwrap();
    std::fs::write(new.join("ghi-chu.md"), "giữ nguyên").unwrap();
    for lang in ["vi", "en"] {
        let (code, _, stderr) = run(&["init", s(&new), "--from", s(old.path()), "--lang", lang]);
        assert_eq!(code, 2);
        assert!(stderr.contains(s(&new)), "{stderr}");
    }
    let left: Vec<PathBuf> = std::fs::read_dir(&new)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(left, vec![new.join("ghi-chu.md")]);
    // An empty folder is fine.
    let empty = dir.path().join("trong");
    std::fs::create_dir_all(&empty).unwrap();
    let (code, _, stderr) = run(&["init", s(&empty), "--from", s(old.path())]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn init_from_a_folder_not_run_yet_says_so_and_still_writes_the_folder() {
    let old = sample_copy();
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("2017");
    for (lang, words) in [
        ("vi", "Chưa có kết quả năm 2016"),
        ("en", "No results for 2016"),
    ] {
        let _ = std::fs::remove_dir_all(&new);
        let (code, _, stderr) = run(&["init", s(&new), "--from", s(old.path()), "--lang", lang]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains(words) && stderr.contains("ket-qua-2016.json"),
            "{stderr}"
        );
        assert!(new.join("giao-uoc.xlsx").is_file());
        assert!(!new.join("truoc").exists());
    }
    // Without truoc/, no previous figures and nothing said of them.
    let (code, json) = check_json(&new, &[]);
    assert_eq!(code, 0);
    assert!(json.get("previous_year").is_none());
    assert!(unit(&json, "CB").get("previous").is_none());
    assert!(!kinds(&json)
        .iter()
        .any(|(k, _, _)| k.starts_with("previous")));
}

/// A 2017 folder where Bắc Kạn merged into Thái Nguyên: BK gone from the
/// units, TN with `Mã cũ` = `TN;BK`; last year's results in `truoc/`.
fn merged_folder(old: &Path, new: &Path) {
    use thidua::model::Paths;
    use thidua::read::workbook::ReadOptions;
    let paths = Paths::new(old, None, None, None);
    let mut agreement =
        thidua::run::pipeline::load_agreement(&paths, &ReadOptions::default()).unwrap();
    agreement.info.year = 2017;
    agreement.units.retain(|u| u.code != "BK");
    for unit in &mut agreement.units {
        if unit.code == "TN" {
            unit.old_codes = vec!["TN".into(), "BK".into()];
            unit.other_names.push("Bắc Kạn".into());
        }
    }
    agreement.info.head = "TN".into();
    agreement.info.next_head = "LS".into();
    agreement.info.next_deputy = "CB".into();
    let bytes = thidua::render::agreement_workbook::next_year(&agreement, 2016).unwrap();
    std::fs::create_dir_all(new.join("nop")).unwrap();
    std::fs::create_dir_all(new.join("truoc")).unwrap();
    std::fs::write(new.join("giao-uoc.xlsx"), bytes).unwrap();
    std::fs::copy(
        old.join("ket-qua/ket-qua-2016.json"),
        new.join("truoc/ket-qua-2016.json"),
    )
    .unwrap();
}

#[test]
fn a_merged_unit_shows_each_previous_unit_never_their_sum() {
    let old = sample_run();
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("2017");
    merged_folder(old.path(), &new);
    let previous = json_file(&new.join("truoc/ket-qua-2016.json"));
    write_units_2017(
        &new,
        &[
            ("CB", "Cao Bằng"),
            ("TN", "Thái Nguyên"),
            ("LS", "Lạng Sơn"),
        ],
        &previous,
    );
    let (code, stdout, stderr) = run(&["run", s(&new)]);
    assert!(code == 0 || code == 1, "{stdout}{stderr}");
    let now = json_file(&new.join("ket-qua/ket-qua-2017.json"));
    let tn = unit(&now, "TN");
    let figure = |code: &str| {
        let u = unit(&previous, code);
        serde_json::json!({ "code": code, "total": u["total"], "rank": u["rank"] })
    };
    assert_eq!(
        tn["previous"],
        serde_json::json!([figure("TN"), figure("BK")])
    );
    assert_eq!(
        unit(&now, "CB")["previous"],
        serde_json::json!([figure("CB")])
    );
    // The terminal shows both, each with its code, and no change for TN.
    let tn_line = stdout.lines().find(|l| l.contains(" TN ")).unwrap();
    assert!(tn_line.contains("TN 93,79 (2); BK 79,84 (4)"), "{tn_line}");
    assert!(
        !tn_line.contains('↑') && !tn_line.contains('↓'),
        "{tn_line}"
    );
    assert!(!stdout.contains("173,63"), "a sum is shown: {stdout}");
    // No warning: every code is found.
    assert!(!kinds(&now)
        .iter()
        .any(|(k, _, _)| k.starts_with("previous")));
}

#[test]
fn a_missing_unreadable_or_wrong_year_previous_file_is_a_located_warning_and_the_run_goes_on() {
    let old = sample_run();
    let results = old.path().join("ket-qua/ket-qua-2016.json");
    let dir = sample_copy();
    let folder = dir.path();
    // --previous naming nothing.
    let missing = folder.join("khong-co.json");
    let (code, json) = check_json(folder, &["--previous", s(&missing)]);
    assert_eq!(code, 0, "{json}");
    let d = finding(&json, "previous-results");
    assert_eq!(d["kind"], "previous-results");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "khong-co.json");
    assert!(
        d["message"].as_str().unwrap().contains("không có tệp này"),
        "{d}"
    );
    assert!(json.get("previous_year").is_none());

    // Not JSON.
    std::fs::create_dir_all(folder.join("truoc")).unwrap();
    std::fs::write(folder.join("truoc/ket-qua-2015.json"), "{ không phải JSON").unwrap();
    let (code, json) = check_json(folder, &["--lang", "en"]);
    assert_eq!(code, 0);
    let d = finding(&json, "previous-results");
    assert_eq!(
        (d["kind"].as_str(), d["file"].as_str()),
        (Some("previous-results"), Some("truoc/ket-qua-2015.json"))
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("cannot be read as JSON"),
        "{d}"
    );

    // Of another year: named as such, with the years.
    std::fs::copy(&results, folder.join("truoc/ket-qua-2015.json")).unwrap();
    let (code, json) = check_json(folder, &[]);
    assert_eq!(code, 0);
    let d = finding(&json, "previous-results");
    assert_eq!(d["file"], "truoc/ket-qua-2015.json");
    assert_eq!(
        (d["found"].as_i64(), d["expected"].as_i64()),
        (Some(2016), Some(2015))
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("năm 2016, cần kết quả năm 2015"),
        "{d}"
    );

    // truoc/ with only another year's file: that file is named.
    std::fs::remove_file(folder.join("truoc/ket-qua-2015.json")).unwrap();
    std::fs::copy(&results, folder.join("truoc/ket-qua-2016.json")).unwrap();
    let (code, json) = check_json(folder, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        finding(&json, "previous-results")["file"],
        "truoc/ket-qua-2016.json"
    );

    // An empty truoc/: the file looked for is named.
    std::fs::remove_file(folder.join("truoc/ket-qua-2016.json")).unwrap();
    let (code, stdout, stderr) = run(&["run", s(folder)]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("truoc/ket-qua-2015.json") && stdout.contains("previous-results"),
        "{stdout}"
    );
    assert!(folder.join("ket-qua/tong-hop-2016.xlsx").is_file());
}

#[test]
fn a_unit_not_in_last_years_results_is_named() {
    let old = sample_run();
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("2017");
    merged_folder(old.path(), &new);
    // TN's Mã cũ names a code last year did not have.
    let mut text = std::fs::read_to_string(new.join("truoc/ket-qua-2016.json")).unwrap();
    text = text.replace("\"code\": \"BK\"", "\"code\": \"BK-cu\"");
    std::fs::write(new.join("truoc/ket-qua-2016.json"), text).unwrap();
    let (code, json) = check_json(&new, &[]);
    assert_eq!(code, 0);
    let d = finding(&json, "previous-unit");
    assert_eq!(
        (d["found"].as_str(), d["expected"].as_str()),
        (Some("BK"), Some("TN"))
    );
    assert_eq!(
        (d["file"].as_str(), d["sheet"].as_str()),
        (Some("giao-uoc.xlsx"), Some("Đơn vị"))
    );
    assert_eq!(unit(&json, "TN")["previous"].as_array().unwrap().len(), 1);
}

/// The agreement read from `path`, as every command reads it.
fn agreement_of(path: &Path) -> thidua::model::Agreement {
    let options = thidua::read::workbook::ReadOptions::default();
    let wb = thidua::read::workbook::read_workbook(path, &options).unwrap();
    thidua::read::agreement::parse(&wb, "giao-uoc.xlsx").unwrap()
}

#[test]
fn init_from_carries_the_clusters_own_classes_and_titles() {
    let old = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples/tsvm-2016"), old.path());
    let _ = std::fs::remove_dir_all(old.path().join("ket-qua"));
    let new = tempfile::tempdir().unwrap();
    let next = new.path().join("nam-2017");
    let (code, _, stderr) = run(&["init", s(&next), "--from", s(old.path())]);
    assert_eq!(code, 0, "{stderr}");
    let before = agreement_of(&old.path().join("giao-uoc.xlsx"));
    let after = agreement_of(&next.join("giao-uoc.xlsx"));
    assert!(before.class_rules.is_some() && before.title_rules.is_some());
    assert_eq!(after.class_rules, before.class_rules, "Xếp loại carried");
    assert_eq!(after.title_rules, before.title_rules, "Khen thưởng carried");
    assert_eq!(after.info.year, before.info.year + 1);
    // The new folder's agreement checks.
    let (code, _, stderr) = run(&["check", s(&next), "-q"]);
    assert!(code <= 1, "{stderr}");
}

#[test]
fn init_from_carries_a_criteria_tree() {
    let old = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples/cum-cong-an-2016"), old.path());
    let _ = std::fs::remove_dir_all(old.path().join("ket-qua"));
    let new = tempfile::tempdir().unwrap();
    let next = new.path().join("nam-sau");
    let (code, _, stderr) = run(&["init", s(&next), "--from", s(old.path())]);
    assert_eq!(code, 0, "{stderr}");
    let shape = |a: &thidua::model::Agreement| -> Vec<(u8, String, Option<usize>)> {
        let tree = a.tree.as_ref().expect("a tree");
        tree.nodes
            .iter()
            .map(|n| (n.level, n.code.clone(), n.parent))
            .collect()
    };
    let before = agreement_of(&old.path().join("giao-uoc.xlsx"));
    let after = agreement_of(&next.join("giao-uoc.xlsx"));
    assert_eq!(
        shape(&after),
        shape(&before),
        "the tree carried row for row"
    );
    assert_eq!(after.criteria.len(), before.criteria.len());
    // Its classes (a minimum in points and one in percent, a floor) and titles too.
    assert!(before.class_rules.is_some() && before.title_rules.is_some());
    assert_eq!(after.class_rules, before.class_rules, "Xếp loại carried");
    assert_eq!(after.title_rules, before.title_rules, "Khen thưởng carried");
    let (code, _, stderr) = run(&["check", s(&next), "-q"]);
    assert!(code <= 1, "{stderr}");
}

/// Last year's results put into `truoc/` after a run (or corrected there):
/// `verify` says the outputs no longer correspond to the inputs.
#[test]
fn verify_notices_last_years_results_put_in_after_the_run() {
    let old = sample_run();
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("cum3-2017");
    let (code, _, stderr) = run(&["init", s(&new), "--from", s(old.path())]);
    assert_eq!(code, 0, "{stderr}");
    // The new folder without last year's results, run: its outputs verify.
    std::fs::remove_dir_all(new.join("truoc")).unwrap();
    let (code, _, stderr) = run(&["run", s(&new), "-q"]);
    assert!(code == 0 || code == 1, "{stderr}");
    let (code, stdout, _) = run(&["verify", s(&new)]);
    assert_eq!(code, 0, "{stdout}");
    // Put there afterwards: no longer.
    std::fs::create_dir(new.join("truoc")).unwrap();
    std::fs::copy(
        old.path().join("ket-qua/ket-qua-2016.json"),
        new.join("truoc/ket-qua-2016.json"),
    )
    .unwrap();
    let (code, stdout, _) = run(&["verify", s(&new)]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("truoc/ket-qua-2016.json"), "{stdout}");
    // Run again: it corresponds; then the file is edited: it no longer does.
    let (code, _, stderr) = run(&["run", s(&new), "-q"]);
    assert!(code == 0 || code == 1, "{stderr}");
    assert_eq!(run(&["verify", s(&new)]).0, 0);
    std::fs::write(new.join("truoc/ket-qua-2016.json"), b"{}").unwrap();
    let (code, stdout, _) = run(&["verify", s(&new)]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("truoc/ket-qua-2016.json"), "{stdout}");
}
