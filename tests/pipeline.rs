//! The pipeline through the real binary on working folders built in code:
//! scoring, ranking, proposals, diagnostics, exit statuses and languages.

mod common;
use common::*;
use serde_json::json;

fn clean_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path();
    write_agreement(f, &criteria(), &[]);
    let nop = f.join("nop");
    write_unit(
        &nop.join("cao-bang.xlsx"),
        "Hội Cựu chiến binh tỉnh Cao Bằng",
        2016,
        &answers(
            [95.0, 120.0, 4.0, 1.0, 0.0, 2.0, 0.0],
            [20.0, 30.0, 20.0, 10.0, 18.0, 2.0, 0.0],
        ),
    );
    write_unit(
        &nop.join("thai-nguyen.xlsx"),
        "Hội CCB tỉnh Thái Nguyên",
        2016,
        &answers(
            [90.0, 100.0, 4.0, 3.0, 0.0, 0.0, 2.0],
            [18.95, 25.0, 20.0, 7.5, 15.0, 0.0, 1.0],
        ),
    );
    write_unit(
        &nop.join("bk.xlsx"),
        "Bắc Kạn",
        2016,
        &answers(
            [95.0, 60.0, 3.0, 2.0, 0.0, 1.0, 0.0],
            [20.0, 15.0, 0.0, 10.0, 17.0, 1.0, 0.0],
        ),
    );
    dir
}

#[test]
fn clean_cluster_is_scored_ranked_and_proposed() {
    let dir = clean_folder();
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["base_max"], json!(100.0));
    let cb = unit(&json, "CB");
    assert_eq!(cb["total"], json!(100.0));
    assert_eq!(cb["rank"], json!(1));
    assert_eq!(cb["classification"], json!("Xuất sắc"));
    assert_eq!(cb["proposal"], json!("Cờ thi đua"));
    let tn = unit(&json, "TN");
    assert_eq!(tn["scores"]["1.1"], json!(18.95));
    assert_eq!(tn["scores"]["2.2"], json!(7.5));
    assert_eq!(tn["scores"]["3.2"], json!(-1.0));
    assert_eq!(tn["total"], json!(85.45));
    assert_eq!(tn["self_total"], json!(85.45));
    assert_eq!(tn["classification"], json!("Tốt"));
    assert_eq!(tn["proposal"], json!("Bằng khen"));
    let bk = unit(&json, "BK");
    assert_eq!(bk["total"], json!(63.0));
    assert_eq!(bk["classification"], json!("Chưa đạt"));
    assert_eq!(bk["proposal"], json!(null));
    let ls = unit(&json, "LS");
    assert_eq!(ls["status"], json!("missing"));
    assert_eq!(ls["rank"], json!(null));
    assert_eq!(
        kinds(&json),
        vec![("missing-unit".into(), Some("LS".into()), None)]
    );
    assert_eq!(json["next_year"], json!({"head": "LS", "deputy": "CB"}));
    assert_eq!(json["files"].as_array().unwrap().len(), 3);
}

#[test]
fn exact_half_rounds_away_from_zero_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path();
    let criteria = vec![crit(
        "1",
        "Dư nợ ủy thác",
        "triệu đồng",
        10.0,
        "Tỷ lệ",
        None,
        Some(1_250_000.0),
    )];
    write_agreement(f, &criteria, &[]);
    write_unit(
        &f.join("nop/cb.xlsx"),
        "Cao Bằng",
        2016,
        &[("1", Val::Num(1_196_875.0), Val::Num(9.58))],
    );
    let (_, json) = check_json(f, &[]);
    assert_eq!(unit(&json, "CB")["scores"]["1"], json!(9.58));
}

#[test]
fn per_unit_targets_override_the_common_target() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path();
    write_agreement(f, &criteria(), &[("CB", "1.2", 60.0), ("TN", "1.2", 200.0)]);
    let nop = f.join("nop");
    let rows = answers(
        [95.0, 60.0, 4.0, 1.0, 0.0, 0.0, 0.0],
        [20.0, 30.0, 20.0, 10.0, 20.0, 0.0, 0.0],
    );
    write_unit(&nop.join("cb.xlsx"), "Cao Bằng", 2016, &rows);
    write_unit(&nop.join("tn.xlsx"), "Thái Nguyên", 2016, &rows);
    write_unit(&nop.join("bk.xlsx"), "Bắc Kạn", 2016, &rows);
    let (_, json) = check_json(f, &[]);
    assert_eq!(unit(&json, "CB")["scores"]["1.2"], json!(30.0));
    assert_eq!(unit(&json, "TN")["scores"]["1.2"], json!(9.0));
    assert_eq!(unit(&json, "BK")["scores"]["1.2"], json!(15.0));
}

#[test]
fn tie_at_the_flag_cutoff_is_put_to_the_vote() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path();
    write_tie_at_the_flag(f);
    let (code, json) = check_json(f, &[]);
    assert_eq!(code, 0);
    for c in ["CB", "TN"] {
        assert_eq!(unit(&json, c)["rank"], json!(1));
        assert_eq!(unit(&json, c)["proposal"], json!("Biểu quyết"));
    }
    assert_eq!(unit(&json, "LS")["rank"], json!(3));
    let ties: Vec<_> = kinds(&json)
        .into_iter()
        .filter(|k| k.0 == "tie-at-cutoff")
        .collect();
    assert_eq!(ties, vec![("tie-at-cutoff".to_string(), None, None)]);
}

#[test]
fn every_bad_value_is_reported_at_its_cell_and_scores_zero() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path();
    write_agreement(f, &criteria(), &[]);
    let rows = vec![
        ("1.1", Val::Num(120.0), Val::Num(20.0)), // out-of-range: a percentage above 100
        ("1.2", Val::Text("chưa có số liệu"), Val::Num(0.0)), // not-a-number
        ("2.1", Val::Empty, Val::Num(0.0)),       // missing-value
        ("2.2", Val::Num(-1.0), Val::Num(10.0)),  // out-of-range: negative
        ("2.3", Val::Empty, Val::Num(25.0)),      // self-score-over-max, clamped
        ("3.1", Val::Text("1.234"), Val::Num(5.0)), // ambiguous: read as 1234
        ("9.9", Val::Num(1.0), Val::Num(1.0)),    // unknown-criterion
    ];
    write_unit(&f.join("nop/cb.xlsx"), "Cao Bằng", 2016, &rows);
    let (code, json) = check_json(f, &[]);
    assert_eq!(code, 1);
    let found = kinds(&json);
    let has = |kind: &str, cell: &str| {
        found
            .iter()
            .any(|(k, u, c)| k == kind && u.as_deref() == Some("CB") && c.as_deref() == Some(cell))
    };
    assert!(has("out-of-range", "D6"), "{found:?}");
    assert!(has("not-a-number", "D7"), "{found:?}");
    assert!(has("missing-value", "D8"), "{found:?}");
    assert!(has("out-of-range", "D9"), "{found:?}");
    assert!(has("self-score-over-max", "E10"), "{found:?}");
    assert!(has("ambiguous-number", "D11"), "{found:?}");
    assert!(has("unknown-criterion", "A12"), "{found:?}");
    assert!(
        found
            .iter()
            .any(|(k, u, _)| k == "missing-criterion" && u.as_deref() == Some("CB")),
        "{found:?}"
    );
    let cb = unit(&json, "CB");
    for code in ["1.1", "1.2", "2.1", "2.2"] {
        assert_eq!(cb["scores"][code], json!(0.0), "{code}");
    }
    assert_eq!(cb["scores"]["2.3"], json!(20.0));
    assert_eq!(cb["scores"]["3.1"], json!(5.0));
}

#[test]
fn percent_cells_and_texts_count_as_the_user_sees_them() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path();
    let criteria = vec![crit(
        "1",
        "Tỷ lệ hội viên",
        "%",
        10.0,
        "Tỷ lệ",
        None,
        Some(95.0),
    )];
    write_agreement(f, &criteria, &[]);
    write_unit(
        &f.join("nop/cb.xlsx"),
        "Cao Bằng",
        2016,
        &[("1", Val::Pct(0.76), Val::Num(8.0))],
    );
    write_unit(
        &f.join("nop/tn.xlsx"),
        "Thái Nguyên",
        2016,
        &[("1", Val::Text("76%"), Val::Num(8.0))],
    );
    write_unit(
        &f.join("nop/bk.xlsx"),
        "Bắc Kạn",
        2016,
        &[("1", Val::Text("76,0"), Val::Num(8.0))],
    );
    let (_, json) = check_json(f, &[]);
    for c in ["CB", "TN", "BK"] {
        assert_eq!(unit(&json, c)["scores"]["1"], json!(8.0), "{c}");
    }
    let found = kinds(&json);
    assert!(
        !found
            .iter()
            .any(|k| k.0 == "ambiguous-number" || k.0 == "not-a-number"),
        "{found:?}"
    );
}

#[test]
fn files_are_accounted_for_whatever_becomes_of_them() {
    let dir = clean_folder();
    let f = dir.path();
    let nop = f.join("nop");
    std::fs::write(nop.join("hong.xlsx"), b"PK\x03\x04 not really a zip").unwrap();
    std::fs::write(nop.join("ghi-chu.txt"), "ghi chú").unwrap();
    std::fs::write(nop.join("~$cao-bang.xlsx"), b"lock").unwrap();
    write_unit(
        &nop.join("cb-ban-2.xlsx"),
        "Cao Bằng",
        2016,
        &answers(
            [95.0, 120.0, 4.0, 1.0, 0.0, 2.0, 0.0],
            [20.0, 30.0, 20.0, 10.0, 18.0, 2.0, 0.0],
        ),
    );
    write_unit(
        &nop.join("nam-truoc.xlsx"),
        "Lạng Sơn",
        2015,
        &answers(
            [95.0, 120.0, 4.0, 1.0, 0.0, 2.0, 0.0],
            [20.0, 30.0, 20.0, 10.0, 18.0, 2.0, 0.0],
        ),
    );
    write_unit(
        &nop.join("la.xlsx"),
        "Hội CCB tỉnh Hà Giang",
        2016,
        &answers(
            [95.0, 120.0, 4.0, 1.0, 0.0, 2.0, 0.0],
            [20.0, 30.0, 20.0, 10.0, 18.0, 2.0, 0.0],
        ),
    );
    let (code, json) = check_json(f, &[]);
    assert_eq!(code, 1);
    let status = |name: &str| {
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["file"] == format!("nop/{name}"))
            .map(|x| x["status"].clone())
    };
    assert_eq!(status("hong.xlsx"), Some(json!("rejected")));
    assert_eq!(status("ghi-chu.txt"), Some(json!("skipped")));
    assert_eq!(status("~$cao-bang.xlsx"), Some(json!("skipped")));
    assert_eq!(status("cao-bang.xlsx"), Some(json!("duplicate")));
    assert_eq!(status("cb-ban-2.xlsx"), Some(json!("duplicate")));
    assert_eq!(status("nam-truoc.xlsx"), Some(json!("rejected")));
    assert_eq!(status("la.xlsx"), Some(json!("rejected")));
    assert_eq!(json["files"].as_array().unwrap().len(), 9);
    assert_eq!(unit(&json, "CB")["status"], json!("duplicate"));
    assert_eq!(unit(&json, "LS")["status"], json!("rejected"));
    let found = kinds(&json);
    for kind in [
        "unreadable-file",
        "duplicate-unit",
        "wrong-year",
        "unknown-unit",
    ] {
        assert!(found.iter().any(|k| k.0 == kind), "{kind}: {found:?}");
    }
    assert!(!found.iter().any(|k| k.0 == "missing-unit"), "{found:?}");
}

#[test]
fn adjustments_replace_scores_with_their_reason() {
    let dir = clean_folder();
    let f = dir.path();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    for (c, h) in ["Đơn vị", "Mã", "Điểm", "Lý do"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "Thái Nguyên").unwrap();
    s.write_string(1, 1, "2.3").unwrap();
    s.write_number(1, 2, 19.5).unwrap();
    s.write_string(1, 3, "Hội nghị thống nhất nâng điểm")
        .unwrap();
    wb.save(f.join("dieu-chinh.xlsx")).unwrap();
    let (code, json) = check_json(f, &[]);
    assert_eq!(code, 0);
    let tn = unit(&json, "TN");
    assert_eq!(tn["scores"]["2.3"], json!(19.5));
    assert_eq!(tn["total"], json!(89.95));
    let adj = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "adjustment")
        .unwrap();
    assert_eq!(adj["severity"], json!("info"));
    assert!(adj["message"]
        .as_str()
        .unwrap()
        .contains("Hội nghị thống nhất nâng điểm"));
}

#[test]
fn a_bad_agreement_stops_with_status_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path();
    let mut c = criteria();
    c[1].method = "Tùy ý";
    c[2].code = "1.1";
    c[3].target = None;
    write_agreement(f, &c, &[]);
    let out = thidua(&["run", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Giao ước") && err.contains("ô E6"), "{err}");
    assert!(err.contains("trùng"), "{err}");
    assert!(!f.join("ket-qua").exists());
}

#[test]
fn run_writes_the_json_and_english_is_available() {
    let dir = clean_folder();
    let f = dir.path();
    let out = thidua(&["run", f.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Rank") && stdout.contains("Summary:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("has not sent its self-scoring workbook"),
        "{stdout}"
    );
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(f.join("ket-qua/ket-qua-2016.json")).unwrap())
            .unwrap();
    assert_eq!(unit(&written, "CB")["total"], json!(100.0));
    let help = thidua(&["--lang", "en", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("Consolidates"));
    let help = thidua(&["--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("Tổng hợp"));
    for command in ["init", "check", "run", "verify", "forms", "agreement"] {
        let vi = thidua(&[command, "--help"]);
        assert_eq!(vi.status.code(), Some(0), "{command}");
        let text = String::from_utf8_lossy(&vi.stdout);
        assert!(
            text.contains("Cách dùng") && text.contains("in hướng dẫn này"),
            "{text}"
        );
        let en = thidua(&[command, "--help", "--lang", "en"]);
        assert!(
            String::from_utf8_lossy(&en.stdout).contains("Usage"),
            "{command}"
        );
    }
}

#[test]
fn same_inputs_give_byte_identical_json() {
    let dir = clean_folder();
    let f = dir.path();
    let path = f.join("ket-qua/ket-qua-2016.json");
    thidua(&["run", f.to_str().unwrap(), "--quiet"]);
    let first = std::fs::read(&path).unwrap();
    thidua(&["run", f.to_str().unwrap(), "--quiet"]);
    assert_eq!(first, std::fs::read(&path).unwrap());
}

#[test]
fn init_makes_a_working_folder_that_checks_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("cum-moi");
    let out = thidua(&["init", folder.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(folder.join("giao-uoc.xlsx").is_file());
    assert!(folder.join("nop").is_dir());
    let (code, json) = check_json(&folder, &[]);
    assert_eq!(code, 0);
    assert!(json["units"]
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["status"] == "missing"));
    // A second init does not overwrite the agreement.
    assert_eq!(
        thidua(&["init", folder.to_str().unwrap()]).status.code(),
        Some(2)
    );
}

#[test]
fn a_missing_inbox_or_bad_arguments_are_status_2() {
    let dir = tempfile::tempdir().unwrap();
    write_agreement(dir.path(), &criteria(), &[]);
    std::fs::remove_dir(dir.path().join("nop")).unwrap();
    assert_eq!(
        thidua(&["check", dir.path().to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(thidua(&["check", "--lang", "fr"]).status.code(), Some(2));
    assert_eq!(thidua(&["frobnicate"]).status.code(), Some(2));
}
