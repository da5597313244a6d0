//! `thidua ho-so` through the real binary (SPEC section 10): the prefilled
//! `ket-luan.xlsx` of `--mau`, the final proposals (decided votes followed,
//! undecided ones pending), the proposal list workbook read back with
//! calamine, the JSON's `final_proposal`, every decision section 5 does not
//! allow and every unusable value (status 2, nothing written, the sheet and
//! cell named), English messages, byte-identical reruns, and `verify`.

mod common;
use calamine::{open_workbook_auto, Data, Reader};
use common::*;
use serde_json::{json, Value};
use std::path::Path;

/// A copy of `samples/<name>` without outputs.
fn sample(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples").join(name), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("ket-qua"));
    dir
}

/// Runs thidua with a folder and more arguments: (status, stdout, stderr).
fn run_in(args: &[&str], folder: &Path, more: &[&str]) -> (i32, String, String) {
    let mut all: Vec<&str> = args.to_vec();
    all.push(folder.to_str().unwrap());
    all.extend_from_slice(more);
    let out = thidua(&all);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `ho-so --json`: the status and the JSON printed.
fn dossier_json(folder: &Path, more: &[&str]) -> (i32, Value) {
    let mut extra = vec!["--json"];
    extra.extend_from_slice(more);
    let (code, stdout, stderr) = run_in(&["ho-so"], folder, &extra);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}): {stdout} {stderr}"));
    (code, json)
}

/// Each unit's final proposal, by code.
fn finals(json: &Value) -> Vec<(String, Value)> {
    json["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["code"].as_str().unwrap().to_string(),
                u["final_proposal"].clone(),
            )
        })
        .collect()
}

fn final_of(json: &Value, code: &str) -> Value {
    unit(json, code)["final_proposal"].clone()
}

/// Writes `ket-luan.xlsx`: `Hội nghị` as (key, value) and `Biểu quyết`
/// under its header; a value that reads as a number is written as one,
/// an empty one not at all.
fn write_conclusions(folder: &Path, conference: &[(&str, &str)], votes: &[[&str; 5]]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let put = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, v: &str| {
        if v.is_empty() {
        } else if let Ok(n) = v.parse::<f64>() {
            ws.write_number(r, c, n).unwrap();
        } else {
            ws.write_string(r, c, v).unwrap();
        }
    };
    let ws = wb.add_worksheet().set_name("Hội nghị").unwrap();
    for (r, (k, v)) in (0..).zip(conference) {
        ws.write_string(r, 0, *k).unwrap();
        put(ws, r, 1, v);
    }
    let ws = wb.add_worksheet().set_name("Biểu quyết").unwrap();
    for (c, h) in (0..).zip([
        "Mã",
        "Hình thức",
        "Tán thành",
        "Không tán thành",
        "Quyết định",
    ]) {
        ws.write_string(0, c, h).unwrap();
    }
    for (r, row) in (1..).zip(votes) {
        for (c, v) in (0..).zip(row) {
            put(ws, r, c, v);
        }
    }
    wb.save(folder.join("ket-luan.xlsx")).unwrap();
}

/// The rows of a sheet as text.
fn sheet_rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

const CONFERENCE: &[(&str, &str)] = &[
    ("Ngày", "20/12/2016"),
    ("Địa điểm", "Nhà văn hóa xã"),
    ("Số đại biểu", "12"),
    ("Chủ trì", "Nguyễn Văn A, Chủ tịch"),
    ("Thư ký", "Trần Thị B, Văn phòng"),
];

#[test]
fn the_prefilled_conclusions_read_back_change_nothing() {
    let dir = sample("tsvm-2016");
    let f = dir.path();
    let (code, stdout, _) = run_in(&["ho-so", "--mau"], f, &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("ket-luan.xlsx"), "{stdout}");
    let form = f.join("ket-luan.xlsx");
    let rows = sheet_rows(&form, "Biểu quyết");
    assert_eq!(
        rows[0][..5],
        [
            "Mã",
            "Hình thức",
            "Tán thành",
            "Không tán thành",
            "Quyết định"
        ]
    );
    let listed: Vec<(&str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    // Every unit proposed or put to the vote, in rank order; a vote on the
    // highest title the tie group covers.
    assert_eq!(
        listed,
        vec![
            ("HH", "Cờ thi đua"),
            ("TL", "Bằng khen"),
            ("QS", "Bằng khen"),
            ("VL", "Bằng khen"),
            ("BS", "Giấy khen"),
        ]
    );
    assert!(rows[1..]
        .iter()
        .all(|r| r[2..5].iter().all(String::is_empty)));
    let conference = sheet_rows(&form, "Hội nghị");
    let keys: Vec<&str> = conference.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        keys,
        ["Ngày", "Địa điểm", "Số đại biểu", "Chủ trì", "Thư ký"]
    );
    assert!(sheet_rows(&form, "Hướng dẫn")[0][0].contains("ket-luan.xlsx"));

    let (code, json) = dossier_json(f, &[]);
    assert_eq!(code, 0);
    for u in json["units"].as_array().unwrap() {
        assert_eq!(u["final_proposal"], u["proposal"], "{}", u["code"]);
    }
    assert_eq!(final_of(&json, "QS"), json!("Biểu quyết"));

    // Never over an existing file.
    let before = std::fs::read(&form).unwrap();
    let (code, _, stderr) = run_in(&["ho-so", "--mau"], f, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("ket-luan.xlsx"), "{stderr}");
    assert_eq!(std::fs::read(&form).unwrap(), before);
}

#[test]
fn the_sample_dossier_writes_the_proposal_list_and_the_final_proposals() {
    let dir = sample_copy();
    let f = dir.path();
    assert!(f.join("ket-luan.xlsx").is_file());
    let (code, stdout, stderr) = run_in(&["ho-so"], f, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("Đề nghị cuối cùng"), "{stdout}");
    assert!(stdout.contains("danh-sach-de-nghi-2016.xlsx"), "{stdout}");
    let list = f.join("ket-qua/ho-so/danh-sach-de-nghi-2016.xlsx");
    let rows = sheet_rows(&list, "Danh sách đề nghị");
    let at = |text: &str| {
        rows.iter()
            .position(|r| r[0] == text)
            .unwrap_or_else(|| panic!("no row {text}: {rows:?}"))
    };
    let header = rows.iter().position(|r| r[0] == "STT").unwrap();
    assert_eq!(
        rows[header],
        [
            "STT",
            "Tên tập thể",
            "Hình thức đề nghị",
            "Tổng điểm",
            "Xếp hạng",
            "Xếp loại",
            "Ghi chú"
        ]
    );
    let (group, flag, certificate) = (
        at("I. Tập thể"),
        at("Đề nghị tặng Cờ thi đua: 1 tập thể"),
        at("Đề nghị tặng Bằng khen: 1 tập thể"),
    );
    assert!(header < group && group < flag && flag < certificate);
    let ls = &rows[flag + 1];
    assert_eq!(
        ls[..6],
        [
            "1",
            "Hội Cựu chiến binh tỉnh Lạng Sơn",
            "Cờ thi đua",
            "101.85",
            "1",
            "Xuất sắc"
        ]
    );
    assert!(ls[6].contains("12/12"), "{ls:?}");
    let tn = &rows[certificate + 1];
    assert_eq!(
        tn[..6],
        [
            "2",
            "Hội Cựu chiến binh tỉnh Thái Nguyên",
            "Bằng khen",
            "93.79",
            "2",
            "Xuất sắc"
        ]
    );
    assert!(
        rows[certificate + 2..]
            .iter()
            .all(|r| r[..4].iter().all(String::is_empty)),
        "nobody else is proposed: {rows:?}"
    );
    // Signed as the Word list and the tờ trình are: the cluster, by its head unit's chair.
    let signature: Vec<&str> = rows[certificate + 2..]
        .iter()
        .map(|r| r[4].as_str())
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(
        signature,
        [
            "TM. CỤM THI ĐUA SỐ 3",
            "CỤM TRƯỞNG",
            "CHỦ TỊCH HỘI CỰU CHIẾN BINH TỈNH THÁI NGUYÊN",
            "Dương Văn Khánh"
        ],
        "{rows:?}"
    );

    let written: Value =
        serde_json::from_slice(&std::fs::read(f.join("ket-qua/ho-so/ho-so-2016.json")).unwrap())
            .unwrap();
    assert_eq!(
        finals(&written),
        vec![
            ("CB".to_string(), Value::Null),
            ("TN".to_string(), json!("Bằng khen")),
            ("BK".to_string(), Value::Null),
            ("LS".to_string(), json!("Cờ thi đua")),
        ]
    );
    let inputs = written["run"]["inputs"].as_array().unwrap();
    assert!(inputs
        .iter()
        .any(|i| i["file"] == "ket-luan.xlsx" && i["status"] == "conclusions"));

    // run reads no ket-luan.xlsx: its JSON has no final proposals, and
    // ket-luan.xlsx is not an inbox file.
    let (code, _, _) = run_in(&["run", "-q"], f, &[]);
    assert_eq!(code, 0);
    let ran: Value =
        serde_json::from_slice(&std::fs::read(f.join("ket-qua/ket-qua-2016.json")).unwrap())
            .unwrap();
    assert!(ran["units"][0].get("final_proposal").is_none());
    assert!(ran["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| !x["file"].as_str().unwrap().contains("ket-luan")));
    let expected: Value = serde_json::from_slice(
        &std::fs::read(root().join("samples/cum3-2016/expected.json")).unwrap(),
    )
    .unwrap();
    for u in expected["units"].as_array().unwrap() {
        let code = u["code"].as_str().unwrap();
        assert_eq!(unit(&ran, code)["proposal"], u["proposal"], "{code}");
    }
}

#[test]
fn a_decided_vote_is_followed_and_an_undecided_one_stays_pending() {
    let dir = sample("tsvm-2016");
    let f = dir.path();
    write_conclusions(
        f,
        CONFERENCE,
        &[
            ["QS", "Bằng khen", "10", "2", "Bằng khen"],
            ["VL", "Bằng khen", "", "", ""],
        ],
    );
    let (code, json) = dossier_json(f, &[]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(final_of(&json, "QS"), json!("Bằng khen"));
    assert_eq!(final_of(&json, "VL"), json!("Biểu quyết"));
    assert_eq!(final_of(&json, "HH"), json!("Cờ thi đua"));
    let rows = sheet_rows(
        &f.join("ket-qua/ho-so/danh-sach-de-nghi-2016.xlsx"),
        "Danh sách đề nghị",
    );
    let pending = rows
        .iter()
        .position(|r| r[0] == "Chờ Hội nghị biểu quyết: 1 tập thể")
        .unwrap_or_else(|| panic!("{rows:?}"));
    let vl = &rows[pending + 1];
    assert!(
        vl[1].contains("Vĩnh Lại") || vl[6].contains("Bằng khen"),
        "{vl:?}"
    );
    assert_eq!(vl[2], "", "a pending vote is never shown as a title");
    assert!(vl[6].contains("biểu quyết"), "{vl:?}");
    let qs = rows
        .iter()
        .find(|r| r[6].contains("10/12"))
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(qs[2], "Bằng khen");

    // The other member of the tie decided for the next title: both settled.
    write_conclusions(
        f,
        CONFERENCE,
        &[
            ["QS", "Bằng khen", "10", "2", "Bằng khen"],
            ["VL", "Bằng khen", "4", "8", "Giấy khen"],
        ],
    );
    let (code, json) = dossier_json(f, &[]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(final_of(&json, "VL"), json!("Giấy khen"));
    // Not approved: no title.
    write_conclusions(
        f,
        CONFERENCE,
        &[
            ["VL", "Bằng khen", "3", "9", ""],
            ["BS", "Giấy khen", "2", "10", ""],
        ],
    );
    let (code, json) = dossier_json(f, &[]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(final_of(&json, "VL"), Value::Null);
    assert_eq!(final_of(&json, "BS"), Value::Null);
    assert_eq!(final_of(&json, "QS"), json!("Biểu quyết"));
}

#[test]
fn a_tie_at_the_flag_is_settled_by_the_conference() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path();
    write_tie_at_the_flag(f);
    write_conclusions(
        f,
        CONFERENCE,
        &[
            ["TN", "Cờ thi đua", "8", "4", "Cờ thi đua"],
            ["Cao Bằng", "Cờ thi đua", "4", "8", "bằng khen"],
        ],
    );
    let (code, json) = dossier_json(f, &[]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(unit(&json, "TN")["proposal"], json!("Biểu quyết"));
    assert_eq!(final_of(&json, "TN"), json!("Cờ thi đua"));
    assert_eq!(final_of(&json, "CB"), json!("Bằng khen"));

    // Both flags: one more than the agreement gives.
    write_conclusions(
        f,
        CONFERENCE,
        &[
            ["TN", "Cờ thi đua", "8", "4", "Cờ thi đua"],
            ["CB", "Cờ thi đua", "8", "4", "Cờ thi đua"],
        ],
    );
    let record = f.join("ket-qua/ho-so/ho-so-2016.json");
    let before = std::fs::read(&record).unwrap();
    let (code, stdout, stderr) = run_in(&["ho-so"], f, &[]);
    assert_eq!(code, 2, "{stdout}");
    assert_eq!(
        std::fs::read(&record).unwrap(),
        before,
        "the last dossier is left as it was"
    );
    assert!(
        stderr.contains("ket-luan.xlsx, trang \"Biểu quyết\", ô E2"),
        "{stderr}"
    );
    assert!(stderr.contains("ô E3"), "{stderr}");
    assert!(stderr.contains("chỉ cho đề nghị 1 Cờ thi đua"), "{stderr}");
}

/// `ho-so --json` on a folder whose ket-luan.xlsx must stop it: status 2,
/// no dossier, the findings (kind, cell) printed.
fn refused(f: &Path) -> Vec<(String, Option<String>, Option<String>)> {
    let (code, json) = dossier_json(f, &[]);
    assert_eq!(code, 2, "{json}");
    assert!(!f.join("ket-qua/ho-so").exists(), "nothing is written");
    let findings = json["diagnostics"].as_array().unwrap();
    assert!(
        findings.iter().all(|d| d["file"] == "ket-luan.xlsx"),
        "{json}"
    );
    kinds(&json)
}

#[test]
fn decisions_the_ranking_does_not_allow_stop_ho_so() {
    let dir = sample("tsvm-2016");
    let f = dir.path();
    let not_allowed = |votes: &[[&str; 5]]| {
        write_conclusions(f, CONFERENCE, votes);
        refused(f)
    };
    let kind = "decision-not-allowed".to_string();
    // A flag for a tie at the certificate cut-off: its positions are not covered.
    assert_eq!(
        not_allowed(&[["VL", "Bằng khen", "12", "0", "Cờ thi đua"]]),
        vec![(kind.clone(), Some("VL".into()), Some("E2".into()))]
    );
    // Both members of the tie given the certificate: three with TL.
    assert_eq!(
        not_allowed(&[
            ["QS", "Bằng khen", "12", "0", "Bằng khen"],
            ["VL", "Bằng khen", "12", "0", "Bằng khen"],
        ]),
        vec![
            (kind.clone(), Some("QS".into()), Some("E2".into())),
            (kind.clone(), Some("VL".into()), Some("E3".into())),
        ]
    );
    // A unit not put to the vote given another title than its proposal.
    assert_eq!(
        not_allowed(&[
            ["HH", "Cờ thi đua", "12", "0", "Cờ thi đua"],
            ["BS", "Giấy khen", "12", "0", "Bằng khen"],
        ]),
        vec![(kind.clone(), Some("BS".into()), Some("E3".into()))]
    );
    // A unit with no proposal given a title.
    assert_eq!(
        not_allowed(&[["KL", "Giấy khen", "12", "0", "Giấy khen"]]),
        vec![(kind.clone(), Some("KL".into()), Some("E2".into()))]
    );
    // The messages say why, in both languages.
    write_conclusions(
        f,
        CONFERENCE,
        &[["VL", "Bằng khen", "12", "0", "Cờ thi đua"]],
    );
    let (_, _, vi) = run_in(&["ho-so"], f, &[]);
    assert!(vi.contains("trang \"Biểu quyết\", ô E2"), "{vi}");
    assert!(vi.contains("Cờ thi đua") && vi.contains("VL"), "{vi}");
    let (code, _, en) = run_in(&["ho-so"], f, &["--lang", "en"]);
    assert_eq!(code, 2);
    assert!(en.contains("sheet \"Biểu quyết\", cell E2"), "{en}");
    assert!(
        en.contains("goes against the agreement's commendation rules"),
        "{en}"
    );
    assert!(!f.join("ket-qua").exists());
}

#[test]
fn unusable_values_are_located_by_cell() {
    let dir = sample_copy();
    let f = dir.path();
    write_conclusions(
        f,
        &[("Ngày", "ngày rằm tháng Chạp"), ("Số đại biểu", "12")],
        &[
            ["XX", "Cờ thi đua", "12", "0", "Cờ thi đua"],
            ["LS", "Cờ vàng", "12", "0", "Cờ thi đua"],
            ["TN", "Bằng khen", "mười", "0", "Bằng khen"],
            ["CB", "Bằng khen", "10", "5", ""],
            [
                "Hội Cựu chiến binh tỉnh Lạng Sơn",
                "Cờ thi đua",
                "12",
                "0",
                "Cờ thi đua",
            ],
            ["BK", "Bằng khen", "-1", "0", "Khen ngợi"],
        ],
    );
    let found = refused(f);
    let at = |kind: &str, unit: Option<&str>, cell: &str| {
        (
            kind.to_string(),
            unit.map(String::from),
            Some(cell.to_string()),
        )
    };
    assert_eq!(
        found,
        vec![
            at("bad-conclusion", None, "B1"),
            at("bad-conclusion", None, "A2"),
            at("bad-conclusion", Some("LS"), "B3"),
            at("bad-conclusion", Some("TN"), "C4"),
            at("bad-conclusion", Some("CB"), "C5"),
            at("duplicate-code", Some("LS"), "A6"),
            at("bad-conclusion", Some("BK"), "C7"),
            at("bad-conclusion", Some("BK"), "E7"),
        ]
    );
    let (_, _, en) = run_in(&["ho-so"], f, &["--lang", "en"]);
    for words in [
        "a date is needed",
        "a unit code of the Đơn vị sheet is needed",
        "a title of the agreement is needed (Cờ thi đua, Bằng khen)",
        "a whole number of 0 or more is needed",
        "add up to more than the delegates present (12)",
        "sheet \"Biểu quyết\", cell A6",
    ] {
        assert!(en.contains(words), "{words}: {en}");
    }
    // A file without the sheets.
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("Trang 1").unwrap();
    wb.save(f.join("ket-luan.xlsx")).unwrap();
    let found = refused(f);
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|k| k.0 == "missing-sheet"));
}

#[test]
fn reruns_are_identical_and_verify_follows_the_conclusions() {
    let dir = sample_copy();
    let f = dir.path();
    assert_eq!(run_in(&["run", "-q"], f, &[]).0, 0);
    assert_eq!(run_in(&["ho-so", "-q"], f, &[]).0, 0);
    let folder = f.join("ket-qua/ho-so");
    // Every file of ho-so/, its achievement reports' folder included.
    let read_all = || {
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut folders = vec![folder.clone()];
        while let Some(dir) = folders.pop() {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                if e.path().is_dir() {
                    folders.push(e.path());
                } else {
                    let name = e
                        .path()
                        .strip_prefix(&folder)
                        .unwrap()
                        .display()
                        .to_string();
                    files.push((name, std::fs::read(e.path()).unwrap()));
                }
            }
        }
        files.sort();
        files
    };
    let first = read_all();
    assert!(first
        .iter()
        .any(|(n, _)| n == "danh-sach-de-nghi-2016.xlsx"));
    assert_eq!(run_in(&["ho-so", "-q"], f, &[]).0, 0);
    assert_eq!(read_all(), first, "byte-identical rerun");

    let (code, stdout, _) = run_in(&["verify"], f, &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("ho-so-2016.json"), "{stdout}");

    // ket-luan.xlsx edited: the dossier no longer matches; the run's outputs still do.
    write_conclusions(
        f,
        CONFERENCE,
        &[["LS", "Cờ thi đua", "11", "1", "Cờ thi đua"]],
    );
    let (code, stdout, _) = run_in(&["verify"], f, &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("ket-luan.xlsx"), "{stdout}");
    assert_eq!(
        stdout.matches("\n  - ").count() + usize::from(stdout.starts_with("  - ")),
        1,
        "{stdout}"
    );
    assert_eq!(run_in(&["ho-so", "-q"], f, &[]).0, 0);
    assert_eq!(run_in(&["verify"], f, &[]).0, 0);

    // An output of the dossier edited by hand.
    std::fs::write(folder.join("danh-sach-de-nghi-2016.xlsx"), b"edited").unwrap();
    let (code, stdout, _) = run_in(&["verify", "--lang", "en"], f, &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("danh-sach-de-nghi-2016.xlsx"), "{stdout}");
}

#[test]
fn without_conclusions_the_dossier_follows_the_ranking() {
    let dir = sample("tsvm-2016");
    let f = dir.path();
    let (code, stdout, _) = run_in(&["ho-so"], f, &["--lang", "en"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("No ket-luan.xlsx"), "{stdout}");
    assert!(stdout.contains("Vote pending"), "{stdout}");
    assert!(
        stdout.contains("QS (Bằng khen), VL (Bằng khen)"),
        "{stdout}"
    );
    let written: Value =
        serde_json::from_slice(&std::fs::read(f.join("ket-qua/ho-so/ho-so-2016.json")).unwrap())
            .unwrap();
    assert!(written["run"]["absent"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "ket-luan.xlsx"));
    assert_eq!(final_of(&written, "VL"), json!("Biểu quyết"));
    // verify checks a dossier made without run's outputs beside it, and
    // tells when ket-luan.xlsx appears afterwards.
    let (code, stdout, _) = run_in(&["verify"], f, &[]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(run_in(&["ho-so", "--mau"], f, &[]).0, 0);
    let (code, stdout, _) = run_in(&["verify"], f, &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("ket-luan.xlsx"), "{stdout}");
}

/// Every paper of the sample's dossier, as `ho-so` writes it: each PDF, each
/// .docx opened by LibreOffice and by python-docx, carries every proposed
/// unit's name, total, rank and title, and the minutes the recorded votes.
#[test]
fn every_paper_reads_back_in_pdftotext_libreoffice_and_python_docx() {
    let have_tools = tool("pdftotext", "-v") && tool("soffice", "--version") && python_has("docx");
    if !have_tools {
        assert!(std::env::var_os("CI").is_none(), "CI must have the tools");
        skip("pdftotext, LibreOffice or python-docx");
        return;
    }
    let dir = sample_copy();
    let f = dir.path();
    assert_eq!(run_in(&["ho-so", "-q"], f, &[]).0, 0);
    let out = f.join("ket-qua/ho-so");
    let docx = [
        "bien-ban-2016.docx",
        "to-trinh-2016.docx",
        "danh-sach-de-nghi-2016.docx",
        "bao-cao-thanh-tich/LS.docx",
        "bao-cao-thanh-tich/TN.docx",
    ];
    for pdf in ["bien-ban-2016.pdf", "to-trinh-2016.pdf"] {
        assert!(out.join(pdf).is_file(), "{pdf}");
    }
    let converted = tempfile::tempdir().unwrap();
    let paths: Vec<std::path::PathBuf> = docx.iter().map(|d| out.join(d)).collect();
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    libreoffice_convert(&refs, "pdf", converted.path());
    let lo = |name: &str| {
        let stem = Path::new(name)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        pdf_text(&converted.path().join(format!("{stem}.pdf")))
    };
    let word = |name: &str| {
        let d = python_docx(&out.join(name));
        format!(
            "{} {}",
            d["text"].as_str().unwrap(),
            d["tables"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["text"].as_str().unwrap())
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    let ls = ["Hội Cựu chiến binh tỉnh Lạng Sơn", "101,85", "Cờ thi đua"];
    let tn = ["Hội Cựu chiến binh tỉnh Thái Nguyên", "93,79", "Bằng khen"];
    // The minutes, the tờ trình and the list: both proposed units, by every reader.
    for (paper, pdf) in [
        ("bien-ban-2016", true),
        ("to-trinh-2016", true),
        ("danh-sach-de-nghi-2016", false),
    ] {
        let mut texts = vec![
            ("LibreOffice", lo(paper)),
            ("python-docx", word(&format!("{paper}.docx"))),
        ];
        if pdf {
            texts.push(("PDF", pdf_text(&out.join(format!("{paper}.pdf")))));
        }
        for (reader, text) in &texts {
            for needle in ls.iter().chain(&tn) {
                assert!(
                    carries(text, needle),
                    "{paper} ({reader}) lacks {needle}: {text}"
                );
            }
            assert!(
                !carries(text, "Hội Cựu chiến binh tỉnh Bắc Kạn") || *paper == *"bien-ban-2016",
                "{paper} ({reader}) proposes a unit with no title"
            );
        }
    }
    // The minutes: the conference as ket-luan.xlsx records it, each vote's counts.
    for text in [
        lo("bien-ban-2016"),
        pdf_text(&out.join("bien-ban-2016.pdf")),
    ] {
        for needle in [
            "Dương Văn Khánh",
            "Hoàng Thị Minh",
            "12 người",
            "15 tháng 12 năm 2016",
            "Cờ thi đua 12 0 Cờ thi đua",
        ] {
            assert!(carries(&text, needle), "bien-ban lacks {needle}: {text}");
        }
    }
    // The tờ trình: rank and total of each proposed unit, in words.
    let letter = pdf_text(&out.join("to-trinh-2016.pdf"));
    for needle in [
        "tổng điểm 101,85, xếp thứ 1",
        "tổng điểm 93,79, xếp thứ 2",
        "Trung ương Hội Cựu chiến binh Việt Nam",
    ] {
        assert!(
            carries(&letter, needle),
            "to-trinh lacks {needle}: {letter}"
        );
    }
    // The achievement reports: the unit's own, its scores table filled, past titles to fill.
    for (code, unit) in [("LS", &ls), ("TN", &tn)] {
        let name = format!("bao-cao-thanh-tich/{code}.docx");
        for (reader, text) in [("LibreOffice", lo(&name)), ("python-docx", word(&name))] {
            for needle in
                unit.iter()
                    .chain(&["BÁO CÁO THÀNH TÍCH", "Hình thức khen thưởng", "Tổng cộng"])
            {
                assert!(
                    carries(&text, needle),
                    "{name} ({reader}) lacks {needle}: {text}"
                );
            }
        }
    }
}
