//! Issue 12, "every number trustworthy": absurd numbers never crash a run,
//! negative rates, maxima and targets are agreement errors, agreement
//! messages name the right cell, every adjustment row is accounted for,
//! and a changed method raises no false section-sum error.

mod common;
use common::*;
use proptest::prelude::*;
use serde_json::json;
use std::path::Path;
use std::process::Output;
use thidua::read::workbook::{read_workbook, ReadOptions, Value};

/// Exit status, stdout and stderr of a run of the binary, with no panic.
fn no_panic(out: &Output) -> (i32, String, String) {
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        matches!(code, 0..=2) && !stderr.contains("panicked"),
        "exit {code}; stderr: {stderr}"
    );
    (code, stdout, stderr)
}

/// `check --json`, asserting no panic.
fn checked_json(folder: &Path) -> (i32, serde_json::Value) {
    let out = thidua(&["check", folder.to_str().unwrap(), "--json"]);
    let (code, stdout, stderr) = no_panic(&out);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}): {stdout} {stderr}"));
    (code, json)
}

/// The diagnostics of a kind.
fn of_kind<'a>(json: &'a serde_json::Value, kind: &str) -> Vec<&'a serde_json::Value> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == kind)
        .collect()
}

/// The agreement's problems as `check` prints them (exit 2), in a language.
fn agreement_errors(folder: &Path, lang: &str) -> String {
    let out = thidua(&["check", folder.to_str().unwrap(), "--lang", lang]);
    let (code, _, stderr) = no_panic(&out);
    assert_eq!(code, 2, "{stderr}");
    stderr
}

/// A folder with the common agreement (criteria edited by `edit`) and Cao
/// Bằng's clean workbook (rows edited by `rows`).
fn folder_with(
    edit: impl FnOnce(&mut Vec<Crit>),
    rows: impl FnOnce(&mut Vec<(&'static str, Val, Val)>),
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut criteria = criteria();
    edit(&mut criteria);
    write_agreement(dir.path(), &criteria, &[]);
    let mut answers = answers(
        [95.0, 120.0, 4.0, 1.0, 0.0, 2.0, 0.0],
        [20.0, 30.0, 20.0, 10.0, 18.0, 2.0, 0.0],
    );
    rows(&mut answers);
    write_unit(
        &dir.path().join("nop/cb.xlsx"),
        "Hội Cựu chiến binh tỉnh Cao Bằng",
        2016,
        &answers,
    );
    dir
}

/// Writes dieu-chinh.xlsx: (unit, criterion, score, reason) from row 2 on.
fn write_adjustments(folder: &Path, rows: &[(&str, &str, f64, &str)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Đơn vị", "Mã", "Điểm", "Lý do"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, (unit, code, score, reason)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *unit).unwrap();
        ws.write_string(r, 1, *code).unwrap();
        ws.write_number(r, 2, *score).unwrap();
        ws.write_string(r, 3, *reason).unwrap();
    }
    wb.save(folder.join("dieu-chinh.xlsx")).unwrap();
}

/// Rewrites an agreement read from `from` into `to`/giao-uoc.xlsx, each
/// cell passed through `edit(sheet, A1 reference, value)`.
fn rewrite_agreement(from: &Path, to: &Path, edit: impl Fn(&str, &str, &Value) -> Option<Value>) {
    rewrite_with(from, to, edit, "", &[]);
}

/// [`rewrite_agreement`], adding cells (row, column, value) to one sheet.
fn rewrite_with(
    from: &Path,
    to: &Path,
    edit: impl Fn(&str, &str, &Value) -> Option<Value>,
    sheet_added: &str,
    added: &[(u32, u32, Value)],
) {
    let wb = read_workbook(from, &ReadOptions::default()).expect("the agreement reads");
    let mut out = rust_xlsxwriter::Workbook::new();
    let pct = rust_xlsxwriter::Format::new().set_num_format("0%");
    for sheet in &wb.sheets {
        let ws = out.add_worksheet().set_name(&sheet.name).unwrap();
        let mut cells: Vec<thidua::read::workbook::Cell> = sheet.cells().to_vec();
        if sheet.name == sheet_added {
            cells.extend(
                added
                    .iter()
                    .map(|(row, col, value)| thidua::read::workbook::Cell {
                        row: *row,
                        col: *col,
                        value: value.clone(),
                        percent: None,
                    }),
            );
        }
        for cell in &cells {
            let value = edit(&sheet.name, &cell.reference(), &cell.value)
                .unwrap_or_else(|| cell.value.clone());
            let (r, c) = (cell.row, cell.col as u16);
            match value {
                Value::Text(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                Value::Number(x) | Value::DateTime(x) if cell.percent == Some(true) => {
                    ws.write_number_with_format(r, c, x, &pct).unwrap();
                }
                Value::Number(x) | Value::DateTime(x) => {
                    ws.write_number(r, c, x).unwrap();
                }
                Value::Bool(b) => {
                    ws.write_boolean(r, c, b).unwrap();
                }
                Value::Error(e) => {
                    ws.write_string(r, c, e).unwrap();
                }
            }
        }
    }
    std::fs::create_dir_all(to.join("nop")).unwrap();
    out.save(to.join("giao-uoc.xlsx")).unwrap();
}

fn sample_agreement() -> std::path::PathBuf {
    root().join("samples/cum3-2016/giao-uoc.xlsx")
}

// 1. Absurd numbers: located out-of-range findings, never a panic.

#[test]
fn ceiling_result_too_large_to_score_is_out_of_range() {
    // Không vượt without a rate loses the maximum per unit over: 10 × 3e28 overflows.
    let dir = folder_with(|c| c[3].rate = None, |rows| rows[3].1 = Val::Num(3e28));
    let (code, json) = checked_json(dir.path());
    assert_eq!(code, 1, "{json:#}");
    let found = of_kind(&json, "out-of-range");
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["cell"], json!("D9"));
    assert_eq!(found[0]["unit"], json!("CB"));
    assert_eq!(found[0]["found"], json!(3e28));
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("30.000.000.000"),
        "{json:#}"
    );
    // The result was not used: the self-score is not compared with it.
    assert!(of_kind(&json, "self-score-mismatch").is_empty(), "{json:#}");
    assert_eq!(unit(&json, "CB")["scores"]["2.2"], json!(0.0));
    // `run` writes its outputs all the same.
    let out = thidua(&["run", dir.path().to_str().unwrap(), "--quiet"]);
    assert_eq!(no_panic(&out).0, 1);
    assert!(dir.path().join("ket-qua").is_dir());
}

#[test]
fn two_huge_self_scores_are_out_of_range_not_summed() {
    let dir = folder_with(
        |_| {},
        |rows| {
            rows[0].2 = Val::Num(5e28);
            rows[1].2 = Val::Num(5e28);
        },
    );
    let (code, json) = checked_json(dir.path());
    assert_eq!(code, 1, "{json:#}");
    let cells: Vec<&serde_json::Value> = of_kind(&json, "out-of-range")
        .iter()
        .map(|d| &d["cell"])
        .collect();
    assert_eq!(cells, vec![&json!("E6"), &json!("E7")], "{json:#}");
    let message = of_kind(&json, "out-of-range")[0]["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("điểm tự chấm"), "{message}");
    let cb = unit(&json, "CB");
    assert_eq!(cb["total"], json!(100.0));
    let out = thidua(&["run", dir.path().to_str().unwrap(), "--quiet"]);
    assert_eq!(no_panic(&out).0, 1);
}

#[test]
fn bonus_product_too_large_is_out_of_range() {
    let dir = folder_with(|c| c[5].rate = Some(2.0), |rows| rows[5].1 = Val::Num(4e28));
    let (code, json) = checked_json(dir.path());
    assert_eq!(code, 1, "{json:#}");
    let found = of_kind(&json, "out-of-range");
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["cell"], json!("D11"));
    assert_eq!(unit(&json, "CB")["scores"]["3.1"], json!(0.0));
}

#[test]
fn huge_adjustment_is_reported_at_its_cell_and_not_applied() {
    let dir = folder_with(|_| {}, |_| {});
    write_adjustments(dir.path(), &[("CB", "1.1", 1e27, "Nhập nhầm")]);
    let (code, json) = checked_json(dir.path());
    assert_eq!(code, 1, "{json:#}");
    let bad = of_kind(&json, "bad-value");
    assert_eq!(bad.len(), 1, "{json:#}");
    assert_eq!(bad[0]["file"], json!("dieu-chinh.xlsx"));
    assert_eq!(bad[0]["cell"], json!("C2"));
    assert_eq!(unit(&json, "CB")["scores"]["1.1"], json!(20.0));
    let out = thidua(&["run", dir.path().to_str().unwrap(), "--quiet"]);
    assert_eq!(no_panic(&out).0, 1);
}

#[test]
fn huge_agreement_numbers_are_agreement_errors() {
    let dir = folder_with(
        |c| {
            c[0].max = 1e27;
            c[3].rate = Some(5e28);
            c[2].target = Some(-3e28);
        },
        |_| {},
    );
    let stderr = agreement_errors(dir.path(), "en");
    for cell in ["D5", "F9"] {
        assert!(stderr.contains(&format!("cell {cell}")), "{cell}: {stderr}");
    }
    assert!(stderr.contains("too large"), "{stderr}");
}

/// Which numeric input cells get the number: the kind of cell, in every
/// criterion's row (one unit's workbook for the unit's cells).
#[derive(Debug, Clone, Copy)]
enum Input {
    AgreementMax,
    AgreementRate,
    AgreementTarget,
    PerUnitTarget,
    Result,
    SelfScore,
    UnitTarget,
    UnitMax,
    Adjustment,
    Threshold,
}

fn input() -> impl Strategy<Value = Input> {
    prop::sample::select(vec![
        Input::AgreementMax,
        Input::AgreementRate,
        Input::AgreementTarget,
        Input::PerUnitTarget,
        Input::Result,
        Input::SelfScore,
        Input::UnitTarget,
        Input::UnitMax,
        Input::Adjustment,
        Input::Threshold,
    ])
}

/// Any finite number, the absurd ones most often.
fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => prop::sample::select(vec![
            1e28, -1e28, 3e28, 5e28, 7.9e28, 1e29, 1e27, 1e15, 1.0000001e15, f64::MAX,
            -f64::MAX, f64::MIN_POSITIVE, 1e-300, -1e-300, 5e-324, 0.0, -0.0, -1.0, -0.5,
            0.005, 1e-28, 0.125,
        ]),
        1 => any::<f64>().prop_filter("finite", |x| x.is_finite()),
    ]
}

/// A unit workbook with target and maximum columns too.
fn write_full_unit(path: &Path, unit_line: &str, rows: &[(&str, f64, f64, f64, f64)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, format!("Đơn vị: {unit_line}"))
        .unwrap();
    ws.write_string(1, 0, "Năm 2016").unwrap();
    let header = ["STT", "Điểm chuẩn", "Chỉ tiêu", "Kết quả", "Điểm tự chấm"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    for (i, (code, max, target, result, self_score)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_string(r, 0, *code).unwrap();
        for (c, x) in [max, target, result, self_score].iter().enumerate() {
            // 1.1 is a percent criterion: its target and result shown as percentages.
            if *code == "1.1" && (c == 1 || c == 2) {
                ws.write_number_with_format(r, c as u16 + 1, **x / 100.0, &percent)
                    .unwrap();
            } else {
                ws.write_number(r, c as u16 + 1, **x).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn write_folder_with(dir: &Path, input: Input, x: f64) {
    let mut criteria = criteria();
    let mut per_unit = vec![("BK", "1.2", 97.0)];
    for c in criteria.iter_mut() {
        match input {
            Input::AgreementMax => c.max = x,
            Input::AgreementRate => c.rate = Some(x),
            Input::AgreementTarget => c.target = Some(x),
            Input::PerUnitTarget => per_unit.push(("TN", c.code, x)),
            _ => {}
        }
    }
    write_agreement(dir, &criteria, &per_unit);
    if let Input::Threshold = input {
        set_threshold(dir, x);
    }
    let results = [95.0, 120.0, 4.0, 1.0, 0.0, 2.0, 1.0];
    let selves = [20.0, 30.0, 20.0, 10.0, 18.0, 2.0, -0.5];
    for (k, (code, name, _)) in UNITS.iter().enumerate().take(3) {
        let rows: Vec<(&str, f64, f64, f64, f64)> = criteria
            .iter()
            .zip(results.iter().zip(selves))
            .map(|(c, (&r, s))| {
                let mut row = (c.code, c.max, c.target.unwrap_or(0.0), r - k as f64, s);
                if k == 1 {
                    match input {
                        Input::Result => row.3 = x,
                        Input::SelfScore => row.4 = x,
                        Input::UnitTarget => row.2 = x,
                        Input::UnitMax => row.1 = x,
                        _ => {}
                    }
                }
                row
            })
            .collect();
        write_full_unit(&dir.join(format!("nop/{code}.xlsx")), name, &rows);
    }
    if let Input::Adjustment = input {
        let rows: Vec<(&str, &str, f64, &str)> = criteria
            .iter()
            .map(|c| ("TN", c.code, x, "Điều chỉnh"))
            .collect();
        write_adjustments(dir, &rows);
    }
}

/// Adds `Xuất sắc` = `x` to the agreement's Thông tin, on its first free row.
fn set_threshold(dir: &Path, x: f64) {
    let copy = dir.join("before.xlsx");
    std::fs::rename(dir.join("giao-uoc.xlsx"), &copy).unwrap();
    let wb = read_workbook(&copy, &ReadOptions::default()).unwrap();
    let free = wb.sheets[0].last_row().map_or(0, |r| r + 1);
    let added = [
        (free, 0, Value::Text("Xuất sắc".into())),
        (free, 1, Value::Number(x)),
    ];
    rewrite_with(&copy, dir, |_, _, _| None, "Thông tin", &added);
    std::fs::remove_file(copy).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any finite number in any numeric input cell: exit 0, 1 or 2, never a panic.
    #[test]
    fn any_finite_number_anywhere_never_panics(input in input(), x in finite()) {
        let dir = tempfile::tempdir().unwrap();
        write_folder_with(dir.path(), input, x);
        let folder = dir.path().to_str().unwrap();
        for args in [vec!["check", folder, "--json"], vec!["run", folder, "--quiet"]] {
            let out = thidua(&args);
            let code = out.status.code().unwrap_or(-1);
            let stderr = String::from_utf8_lossy(&out.stderr);
            prop_assert!(matches!(code, 0..=2), "{args:?} {input:?} {x}: exit {code}: {stderr}");
            prop_assert!(!stderr.contains("panicked"), "{args:?} {input:?} {x}: {stderr}");
        }
    }
}

// 2. Negative Mức, Điểm chuẩn, Chỉ tiêu: agreement errors at their cells.

#[test]
fn negative_rates_are_agreement_errors_at_their_cells() {
    let dir = folder_with(
        |c| {
            c[6].rate = Some(-0.5); // Trừ: would add points
            c[5].rate = Some(-1.0); // Cộng: would subtract
            c[3].rate = Some(-2.0); // Không vượt: 14 of 10
        },
        |_| {},
    );
    let vi = agreement_errors(dir.path(), "vi");
    let en = agreement_errors(dir.path(), "en");
    for cell in ["F9", "F12", "F13"] {
        assert!(vi.contains(&format!("ô {cell}")), "{cell}: {vi}");
        assert!(en.contains(&format!("cell {cell}")), "{cell}: {en}");
    }
    assert_eq!(vi.matches("mức điểm (cột Mức) không âm").count(), 3, "{vi}");
    assert_eq!(
        en.matches("a rate (column Mức) of 0 or more").count(),
        3,
        "{en}"
    );
}

#[test]
fn negative_maximum_and_targets_are_agreement_errors_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = criteria();
    c[1].max = -30.0; // 1.2 Tỷ lệ
    c[2].target = Some(-4.0); // 2.1 Đạt
    write_agreement(dir.path(), &c, &[("LS", "2.2", -1.0)]);
    let vi = agreement_errors(dir.path(), "vi");
    let en = agreement_errors(dir.path(), "en");
    for cell in ["D6", "G8", "H9"] {
        assert!(vi.contains(&format!("ô {cell}")), "{cell}: {vi}");
        assert!(en.contains(&format!("cell {cell}")), "{cell}: {en}");
    }
    assert!(en.contains("a target of 0 or more"), "{en}");
    assert!(vi.contains("chỉ tiêu không âm"), "{vi}");
}

// 3. Agreement messages that say what is wrong, where it is.

#[test]
fn negative_maximum_says_it_must_be_positive() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = criteria();
    c[0].max = -20.0;
    write_agreement(dir.path(), &c, &[]);
    let vi = agreement_errors(dir.path(), "vi");
    let en = agreement_errors(dir.path(), "en");
    assert!(
        vi.contains("ô D5") && vi.contains("cần điểm chuẩn là một số dương"),
        "{vi}"
    );
    assert!(!vi.contains("cần cần"), "{vi}");
    assert!(
        en.contains("cell D5")
            && en.contains("needs the maximum (Điểm chuẩn) to be a positive number"),
        "{en}"
    );
    assert!(!en.contains("is needed"), "{en}");
}

#[test]
fn bad_per_unit_target_is_reported_at_its_own_cell() {
    let dir = tempfile::tempdir().unwrap();
    // 1.1 Tỷ lệ: Cao Bằng's own target (column H) is 0.
    write_agreement(dir.path(), &criteria(), &[("CB", "1.1", 0.0)]);
    let en = agreement_errors(dir.path(), "en");
    assert!(en.contains("cell H5"), "{en}");
    assert!(!en.contains("cell G5"), "{en}");
}

#[test]
fn agreement_without_units_says_the_unit_sheet_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let built = tempfile::tempdir().unwrap();
    write_agreement(built.path(), &criteria(), &[]);
    // Keep the Đơn vị sheet's header row only.
    rewrite_agreement(
        &built.path().join("giao-uoc.xlsx"),
        dir.path(),
        |sheet, cell, v| {
            let header = cell.ends_with('1') && cell.len() == 2;
            (sheet == "Đơn vị" && !header)
                .then(|| Value::Text(String::new()))
                .or(Some(v.clone()))
        },
    );
    let vi = agreement_errors(dir.path(), "vi");
    let en = agreement_errors(dir.path(), "en");
    assert!(vi.contains("Trang Đơn vị chưa có đơn vị nào"), "{vi}");
    assert!(en.contains("The Đơn vị sheet lists no units"), "{en}");
    assert!(!en.contains("no code"), "{en}");
    // The only problem: Thông tin's unit codes are not reported on top of it.
    assert_eq!(en.matches("Error").count(), 1, "{en}");
}

// 4. Every adjustment row applied or reported.

#[test]
fn the_last_of_two_adjustment_rows_wins_and_the_first_says_so() {
    let dir = folder_with(|_| {}, |_| {});
    write_adjustments(
        dir.path(),
        &[
            ("CB", "1.1", 12.0, "Lần đầu"),
            ("Cao Bằng", "1.1", 18.0, "Sửa lại"),
        ],
    );
    let (code, json) = checked_json(dir.path());
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(unit(&json, "CB")["scores"]["1.1"], json!(18.0));
    let superseded = of_kind(&json, "adjustment-superseded");
    assert_eq!(superseded.len(), 1, "{json:#}");
    assert_eq!(superseded[0]["cell"], json!("C2"));
    assert_eq!(superseded[0]["expected"], json!("C3"));
    assert!(superseded[0]["message"].as_str().unwrap().contains("C3"));
    let applied = of_kind(&json, "adjustment");
    assert_eq!(applied.len(), 1, "{json:#}");
    assert_eq!(applied[0]["cell"], json!("C3"));
    assert_eq!(applied[0]["expected"], json!(18.0));
}

#[test]
fn adjustments_out_of_range_are_warned_with_the_maximum_and_applied() {
    let dir = folder_with(|_| {}, |_| {});
    write_adjustments(
        dir.path(),
        &[
            ("CB", "1.2", 35.0, "Quá điểm chuẩn"),
            ("CB", "3.2", 1.0, "Trừ thành cộng"),
            ("CB", "2.1", -1.0, "Âm"),
            ("CB", "2.2", 10.0, "Trong khoảng"),
        ],
    );
    let (code, json) = checked_json(dir.path());
    assert_eq!(code, 0, "{json:#}");
    let cb = unit(&json, "CB");
    assert_eq!(cb["scores"]["1.2"], json!(35.0));
    assert_eq!(cb["scores"]["3.2"], json!(1.0));
    assert_eq!(cb["scores"]["2.1"], json!(-1.0));
    let out = of_kind(&json, "adjustment-out-of-range");
    let cells: Vec<(&serde_json::Value, &serde_json::Value)> =
        out.iter().map(|d| (&d["cell"], &d["expected"])).collect();
    assert_eq!(
        cells,
        vec![
            (&json!("C2"), &json!(30.0)),
            (&json!("C4"), &json!(20.0)),
            (&json!("C3"), &json!(5.0))
        ],
        "{json:#}"
    );
    assert!(out.iter().all(|d| d["severity"] == "warning"));
    assert!(
        out[0]["message"].as_str().unwrap().contains("30"),
        "{json:#}"
    );
    assert_eq!(of_kind(&json, "adjustment").len(), 4);
}

#[test]
fn an_adjustment_taking_a_total_below_zero_is_warned() {
    let dir = folder_with(
        |_| {},
        |rows| {
            for row in rows.iter_mut() {
                row.1 = Val::Num(0.0);
                row.2 = Val::Num(0.0);
            }
            rows[1].1 = Val::Num(4.0); // 1.2: 30 × 4 / 120 = 1
            rows[1].2 = Val::Num(1.0);
            rows[3].1 = Val::Num(9.0); // 2.2 far over its ceiling: 0
        },
    );
    write_adjustments(dir.path(), &[("CB", "3.2", -5.0, "Vi phạm")]);
    let (code, json) = checked_json(dir.path());
    assert_eq!(unit(&json, "CB")["total"], json!(-4.0), "{json:#}");
    let out = of_kind(&json, "adjustment-out-of-range");
    assert_eq!(out.len(), 1, "{json:#}");
    assert_eq!(out[0]["cell"], json!("C2"));
    assert!(
        out[0]["message"].as_str().unwrap().contains("dưới 0"),
        "{json:#}"
    );
    assert!(code <= 1);
}

#[test]
fn an_adjustment_for_a_unit_not_scored_is_reported() {
    let dir = folder_with(|_| {}, |_| {});
    write_adjustments(dir.path(), &[("LS", "1.1", 10.0, "Chưa nộp")]);
    let (_, json) = checked_json(dir.path());
    let bad = of_kind(&json, "bad-value");
    assert_eq!(bad.len(), 1, "{json:#}");
    assert_eq!(bad[0]["unit"], json!("LS"));
    assert_eq!(bad[0]["cell"], json!("C2"));
}

// 5. No false section-sum errors.

#[test]
fn a_criterion_with_a_bad_method_still_counts_in_its_section_sum() {
    for (cell, method) in [
        ("E6", "Đạt/Không đạt"),
        ("E13", "Đạt (100%)"),
        ("E8", "Đạt"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        rewrite_agreement(&sample_agreement(), dir.path(), |sheet, at, _| {
            (sheet == "Giao ước" && at == cell).then(|| Value::Text(method.into()))
        });
        let en = agreement_errors(dir.path(), "en");
        assert!(!en.contains("add up"), "{method} at {cell}: {en}");
        assert_eq!(en.matches("Error").count(), 1, "{method} at {cell}: {en}");
    }
}

#[test]
fn the_unedited_sample_agreement_rewritten_is_still_valid() {
    let dir = tempfile::tempdir().unwrap();
    rewrite_agreement(&sample_agreement(), dir.path(), |_, _, _| None);
    let (code, _) = checked_json(dir.path());
    assert_eq!(code, 0);
}

#[test]
fn agreement_numbers_at_the_limit_render_everywhere() {
    for input in [
        Input::AgreementMax,
        Input::AgreementRate,
        Input::AgreementTarget,
        Input::PerUnitTarget,
        Input::Adjustment,
        Input::Result,
    ] {
        for x in [1e15, -1e15, 999_999_999_999_999.9] {
            let dir = tempfile::tempdir().unwrap();
            write_folder_with(dir.path(), input, x);
            let folder = dir.path().to_str().unwrap();
            for command in ["run", "forms", "agreement"] {
                let out = thidua(&[command, folder, "--quiet"]);
                no_panic(&out);
            }
        }
    }
}
