//! The consolidated workbook recomputes like thidua: a score corrected by
//! hand in a unit's sheet (openpyxl writes it, LibreOffice recalculates)
//! gives in `Tổng hợp` the total, rank, classification and proposal that a
//! thidua run gives for the same correction made through `dieu-chinh.xlsx`
//! (SPEC section 5), ties and Biểu quyết included. Skips, saying so, where
//! LibreOffice or openpyxl is missing.

mod common;

use calamine::{Data, Reader};
use common::{copy_dir, recalculate_with_libreoffice, root, sample_copy, thidua};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// One hand correction: unit, criterion, the new score.
struct Correction {
    name: &'static str,
    unit: &'static str,
    criterion: &'static str,
    score: f64,
}

/// What `Tổng hợp` says of a unit: total, rank, classification, proposal.
type Row = (String, String, String, String);

/// A correction that ties Cao Bằng with Thái Nguyên (93.79, both Xuất sắc)
/// across the Bằng khen cut-off (positions 2 and 3 with F = B = 1): both
/// get Biểu quyết. One that takes Bắc Kạn (Khá, last) to the top.
const CORRECTIONS: [Correction; 2] = [
    Correction {
        name: "tie",
        unit: "CB",
        criterion: "2.2",
        score: 10.24,
    },
    Correction {
        name: "overtake",
        unit: "BK",
        criterion: "2.2",
        score: 31.0,
    },
];

#[test]
fn a_hand_correction_recomputes_rank_classification_and_proposal_as_thidua_does() {
    if !tools_present("workbook_recalc") {
        return;
    }
    let base = sample_copy();
    let out = thidua(&["run", base.path().to_str().unwrap(), "-q"]);
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1));
    let workbook = base.path().join("ket-qua/tong-hop-2016.xlsx");
    let original = summary_rows(&workbook);
    let work = tempfile::tempdir().unwrap();
    let mut edited = Vec::new();
    let mut expected = Vec::new();
    for c in &CORRECTIONS {
        let path = work.path().join(format!("{}.xlsx", c.name));
        correct_unit_sheet(&workbook, &path, c);
        edited.push(path);
        expected.push(thidua_with_adjustment(c));
    }
    let recalculated = recalculate_with_libreoffice(&edited, &work.path().join("out"));
    for ((c, path), want) in CORRECTIONS.iter().zip(&recalculated).zip(&expected) {
        let got = summary_rows(path);
        assert_eq!(&got, want, "correction {}", c.name);
        assert_ne!(got, original, "correction {} changes the ranking", c.name);
    }
    // The cases are the ones meant: a tie with Biểu quyết, a new first.
    let tie = &expected[0];
    assert_eq!(tie["CB"].1, tie["TN"].1, "{tie:?}");
    assert_eq!(tie["CB"].3, "Biểu quyết");
    assert_eq!(tie["TN"].3, "Biểu quyết");
    let overtake = &expected[1];
    assert_eq!(overtake["BK"].1, "1");
    assert_eq!(overtake["BK"].3, "Cờ thi đua");
    assert_eq!(overtake["LS"].3, "Bằng khen");
}

#[test]
fn the_cached_values_are_thiduas_without_recalculation() {
    let base = sample_copy();
    thidua(&["run", base.path().to_str().unwrap(), "-q"]);
    let rows = summary_rows(&base.path().join("ket-qua/tong-hop-2016.xlsx"));
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(base.path().join("ket-qua/ket-qua-2016.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(rows, json_rows(&json));
    // The formulas are there (a value written bare would not recompute).
    let mut book =
        calamine::open_workbook_auto(base.path().join("ket-qua/tong-hop-2016.xlsx")).unwrap();
    let formulas = book.worksheet_formula("Tổng hợp").unwrap();
    let (r0, c0) = formulas.start().unwrap();
    let at = |row: u32, col: u32| formulas.get(((row - r0) as usize, (col - c0) as usize));
    for col in [4, 7, 8, 9] {
        let f = at(7, col).cloned().unwrap_or_default();
        assert!(
            !f.is_empty(),
            "column {col} of the first ranked row is not a formula"
        );
    }
}

/// A copy of `samples/tsvm-2016` (its own classes and three titles).
fn tsvm_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples/tsvm-2016"), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("ket-qua"));
    dir
}

/// With the cluster's own titles (one with a share) the proposal formulas
/// recompute as thidua does: a correction that ends the tie at the
/// Bằng khen cut-off, one that ties the first two across the flag's. The
/// classification (a class with a floor for each criterion) is a value.
#[test]
fn own_titles_recompute_in_the_workbook_as_thidua_does() {
    if !tools_present("workbook_recalc") {
        return;
    }
    let corrections = [
        Correction {
            name: "untie",
            unit: "VL",
            criterion: "3.1",
            score: 14.5,
        },
        Correction {
            name: "tie-first",
            unit: "HH",
            criterion: "2.1",
            score: 9.36,
        },
    ];
    let base = tsvm_copy();
    let out = thidua(&["run", base.path().to_str().unwrap(), "-q"]);
    assert_eq!(out.status.code(), Some(0));
    let workbook = base.path().join("ket-qua/tong-hop-2016.xlsx");
    let work = tempfile::tempdir().unwrap();
    let mut edited = vec![work.path().join("original.xlsx")];
    std::fs::copy(&workbook, &edited[0]).unwrap();
    let mut expected = vec![summary_rows(&workbook)];
    for c in &corrections {
        let path = work.path().join(format!("{}.xlsx", c.name));
        correct_unit_sheet(&workbook, &path, c);
        edited.push(path);
        expected.push(thidua_with_adjustment_in(tsvm_copy(), c));
    }
    let recalculated = recalculate_with_libreoffice(&edited, &work.path().join("out"));
    for (path, want) in recalculated.iter().zip(&expected) {
        assert_eq!(&summary_rows(path), want, "{}", path.display());
    }
    assert_eq!(expected[0]["VL"].3, "Biểu quyết");
    assert_eq!(expected[1]["VL"].3, "Bằng khen");
    assert_eq!(expected[1]["QS"].3, "Giấy khen");
    assert_eq!(expected[2]["HH"].3, "Biểu quyết");
    assert_eq!(expected[2]["TL"].3, "Biểu quyết");
}

/// A copy of `samples/tsvm-2016` whose top class has no floor: every
/// class is a minimum total.
fn tsvm_without_floor() -> tempfile::TempDir {
    let dir = tsvm_copy();
    let script = r#"
import sys, openpyxl
path = sys.argv[1]
wb = openpyxl.load_workbook(path)
wb["Xếp loại"]["C4"].value = None
wb.save(path)
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(dir.path().join("giao-uoc.xlsx"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// Without floors the classification is a formula too: a correction that
/// takes Quang Sơn just below TSVM tiên tiến (71) recomputes its class and
/// its title as thidua does.
#[test]
fn own_classes_recompute_in_the_workbook_as_thidua_does() {
    if !tools_present("workbook_recalc") {
        return;
    }
    let corrections = [Correction {
        name: "below",
        unit: "QS",
        criterion: "2.1",
        score: 8.49,
    }];
    let base = tsvm_without_floor();
    let out = thidua(&["run", base.path().to_str().unwrap(), "-q"]);
    assert_eq!(out.status.code(), Some(0));
    let workbook = base.path().join("ket-qua/tong-hop-2016.xlsx");
    let work = tempfile::tempdir().unwrap();
    let mut edited = vec![work.path().join("original.xlsx")];
    std::fs::copy(&workbook, &edited[0]).unwrap();
    let mut expected = vec![summary_rows(&workbook)];
    for c in &corrections {
        let path = work.path().join(format!("{}.xlsx", c.name));
        correct_unit_sheet(&workbook, &path, c);
        edited.push(path);
        expected.push(thidua_with_adjustment_in(tsvm_without_floor(), c));
    }
    let recalculated = recalculate_with_libreoffice(&edited, &work.path().join("out"));
    for (path, want) in recalculated.iter().zip(&expected) {
        assert_eq!(&summary_rows(path), want, "{}", path.display());
    }
    // Without the floor, Tân Long (83) is in the top class.
    assert_eq!(expected[0]["TL"].2, "TSVM xuất sắc");
    assert_eq!(expected[1]["QS"].2, "TSVM");
    assert_eq!(expected[1]["QS"].3, "Giấy khen");
}

/// A copy of the sample with the correction in `dieu-chinh.xlsx`, run by
/// thidua: its ranking as `Tổng hợp` rows.
fn thidua_with_adjustment(c: &Correction) -> BTreeMap<String, Row> {
    thidua_with_adjustment_in(sample_copy(), c)
}

/// As [`thidua_with_adjustment`], in a copy of any sample.
fn thidua_with_adjustment_in(folder: tempfile::TempDir, c: &Correction) -> BTreeMap<String, Row> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (col, h) in ["Đơn vị", "Mã", "Điểm", "Lý do"].iter().enumerate() {
        ws.write_string(0, col as u16, *h).unwrap();
    }
    ws.write_string(1, 0, c.unit).unwrap();
    ws.write_string(1, 1, c.criterion).unwrap();
    ws.write_number(1, 2, c.score).unwrap();
    ws.write_string(1, 3, "Kiểm tra chéo").unwrap();
    wb.save(folder.path().join("dieu-chinh.xlsx")).unwrap();
    let out = thidua(&["run", folder.path().to_str().unwrap(), "-q"]);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(folder.path().join("ket-qua/ket-qua-2016.json")).unwrap(),
    )
    .unwrap();
    json_rows(&json)
}

/// The JSON's units as `Tổng hợp` rows (scored units only).
fn json_rows(json: &serde_json::Value) -> BTreeMap<String, Row> {
    json["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["rank"].is_number())
        .map(|u| {
            let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
            (
                text(&u["code"]),
                (
                    format!("{:.2}", u["total"].as_f64().unwrap()),
                    u["rank"].to_string(),
                    text(&u["classification"]),
                    text(&u["proposal"]),
                ),
            )
        })
        .collect()
}

/// `Tổng hợp`'s ranked rows by code, as shown (cached values).
fn summary_rows(path: &Path) -> BTreeMap<String, Row> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range("Tổng hợp").unwrap();
    let (r0, c0) = range.start().unwrap();
    let cell = |row: u32, col: u32| {
        range
            .get(((row - r0) as usize, (col - c0) as usize))
            .cloned()
            .unwrap_or(Data::Empty)
    };
    let text = |d: Data| match d {
        Data::String(s) => s,
        Data::Empty => String::new(),
        Data::Float(x) if x.fract() == 0.0 => format!("{x:.0}"),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    };
    let mut rows = BTreeMap::new();
    // The ranking starts under the header row (row 7).
    for row in 7.. {
        let Data::String(code) = cell(row, 1) else {
            break;
        };
        let Data::Float(total) = cell(row, 4) else {
            continue;
        };
        rows.insert(
            code,
            (
                format!("{total:.2}"),
                text(cell(row, 7)),
                text(cell(row, 8)),
                text(cell(row, 9)),
            ),
        );
    }
    rows
}

/// Writes the score into the unit's sheet (the sheet whose second row names
/// the unit's code), on the criterion's row, as a clerk would.
fn correct_unit_sheet(from: &Path, to: &Path, c: &Correction) {
    let script = r#"
import sys, openpyxl
src, dst, code, crit, score = sys.argv[1:6]
wb = openpyxl.load_workbook(src)
done = 0
for ws in wb.worksheets[4:]:
    if ("(%s)" % code) in str(ws["A2"].value):
        for r in range(1, ws.max_row + 1):
            if str(ws.cell(r, 1).value) == crit:
                ws.cell(r, 11).value = float(score)
                done += 1
wb.save(dst)
sys.exit(0 if done == 1 else 3)
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(from)
        .arg(to)
        .args([c.unit, c.criterion, &c.score.to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openpyxl failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether LibreOffice and Python with openpyxl are here; says why not.
fn tools_present(test: &str) -> bool {
    let have = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let python = have("python3", &["-c", "import openpyxl"]);
    let office = have("soffice", &["--version"]);
    if !(python && office) {
        eprintln!(
            "SKIPPED {test}: needs python3 with openpyxl and LibreOffice (soffice); run scripts/setup.sh"
        );
    }
    python && office
}

/// `Tổng hợp`'s last year's columns (SPEC section 11) by code: last
/// year's total and rank, the change of total and of rank, as shown.
fn previous_columns(path: &Path) -> BTreeMap<String, [String; 4]> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range("Tổng hợp").unwrap();
    let (r0, c0) = range.start().unwrap();
    let cell = |row: u32, col: u32| {
        range
            .get(((row - r0) as usize, (col - c0) as usize))
            .cloned()
            .unwrap_or(Data::Empty)
    };
    let text = |d: Data| match d {
        Data::Float(x) => format!("{x:.2}"),
        Data::Int(i) => format!("{i}.00"),
        other => other.to_string(),
    };
    let mut rows = BTreeMap::new();
    for row in 7.. {
        let Data::String(code) = cell(row, 1) else {
            break;
        };
        rows.insert(code, [14, 15, 16, 17].map(|col| text(cell(row, col))));
    }
    rows
}

#[test]
fn last_years_change_is_a_formula_that_recomputes_with_a_hand_correction() {
    if !tools_present("workbook_recalc") {
        return;
    }
    let base = sample_copy();
    std::fs::create_dir_all(base.path().join("truoc")).unwrap();
    let previous = serde_json::json!({ "year": 2015, "units": [
        { "code": "CB", "total": 80.5, "rank": 3 },
        { "code": "TN", "total": 95.0, "rank": 1 },
        { "code": "BK", "total": 70.25, "rank": 4 },
        { "code": "LS", "total": 90.0, "rank": 2 },
    ]});
    std::fs::write(
        base.path().join("truoc/ket-qua-2015.json"),
        serde_json::to_vec_pretty(&previous).unwrap(),
    )
    .unwrap();
    let out = thidua(&["run", base.path().to_str().unwrap(), "-q"]);
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1));
    let workbook = base.path().join("ket-qua/tong-hop-2016.xlsx");
    let cached = previous_columns(&workbook);
    // 2016: LS 101.85 (1), TN 93.79 (2), CB 83.55 (3), BK 79.84 (4).
    assert_eq!(
        cached["CB"],
        ["80.50", "3.00", "3.05", "0.00"].map(String::from)
    );
    assert_eq!(
        cached["LS"],
        ["90.00", "2.00", "11.85", "1.00"].map(String::from)
    );
    let work = tempfile::tempdir().unwrap();
    let untouched = work.path().join("untouched.xlsx");
    std::fs::copy(&workbook, &untouched).unwrap();
    let overtake = work.path().join("overtake.xlsx");
    correct_unit_sheet(&workbook, &overtake, &CORRECTIONS[1]);
    let recalculated =
        recalculate_with_libreoffice(&[untouched, overtake], &work.path().join("out"));
    assert_eq!(previous_columns(&recalculated[0]), cached);
    let moved = previous_columns(&recalculated[1]);
    let bk_total: f64 = summary_rows(&recalculated[1])["BK"].0.parse().unwrap();
    assert_eq!(moved["BK"][2], format!("{:.2}", bk_total - 70.25));
    assert_eq!(moved["BK"][3], "3.00", "BK from 4th to 1st: {moved:?}");
}
