//! Criteria trees (SPEC section 11) through the real binary: an agreement
//! with a `Cấp` column scores as the same agreement written flat, and its
//! own problems (a group sum, a level out of range or jumping) are located
//! and stop the run.

mod common;
use common::*;
use rust_xlsxwriter::Workbook;
use std::path::Path;

/// A `Giao ước` row with a level: a group (no method) or one of `criteria()`.
enum Line {
    Group(f64, &'static str, Option<f64>),
    Leaf(f64, Crit),
}

/// Writes giao-uoc.xlsx for the test cluster with a `Cấp` column.
fn write_tree_agreement(folder: &Path, lines: &[Line]) {
    let mut wb = Workbook::new();
    let info = wb.add_worksheet().set_name("Thông tin").unwrap();
    for (i, (k, v)) in [
        ("Tổ chức", "Hội Cựu chiến binh Việt Nam"),
        ("Cụm thi đua", "Cụm thi đua số 3"),
        ("Cụm trưởng", "TN"),
        ("Cụm trưởng năm sau", "LS"),
        ("Năm", "2016"),
    ]
    .iter()
    .enumerate()
    {
        info.write_string(i as u32, 0, *k).unwrap();
        info.write_string(i as u32, 1, *v).unwrap();
    }
    let units = wb.add_worksheet().set_name("Đơn vị").unwrap();
    for (c, h) in ["Mã", "Tên đơn vị", "Tên ngắn"].iter().enumerate() {
        units.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (code, name, short)) in UNITS.iter().enumerate() {
        units.write_string(r as u32 + 1, 0, *code).unwrap();
        units.write_string(r as u32 + 1, 1, *name).unwrap();
        units.write_string(r as u32 + 1, 2, *short).unwrap();
    }
    let sheet = wb.add_worksheet().set_name("Giao ước").unwrap();
    let headers = [
        "Cấp",
        "Mã",
        "Nội dung",
        "Đơn vị tính",
        "Điểm chuẩn",
        "Cách chấm",
        "Mức",
        "Chỉ tiêu",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (i, line) in lines.iter().enumerate() {
        let r = i as u32 + 2;
        match line {
            Line::Group(level, code, max) => {
                sheet.write_number(r, 0, *level).unwrap();
                sheet.write_string(r, 1, *code).unwrap();
                sheet.write_string(r, 2, format!("Nhóm {code}")).unwrap();
                if let Some(m) = max {
                    sheet.write_number(r, 4, *m).unwrap();
                }
            }
            Line::Leaf(level, c) => {
                sheet.write_number(r, 0, *level).unwrap();
                sheet.write_string(r, 1, c.code).unwrap();
                sheet.write_string(r, 2, c.content).unwrap();
                sheet.write_string(r, 3, c.measure).unwrap();
                sheet.write_number(r, 4, c.max).unwrap();
                sheet.write_string(r, 5, c.method).unwrap();
                if let Some(x) = c.rate {
                    sheet.write_number(r, 6, x).unwrap();
                }
                if let Some(x) = c.target {
                    sheet.write_number(r, 7, x).unwrap();
                }
            }
        }
    }
    std::fs::create_dir_all(folder.join("nop")).unwrap();
    wb.save(folder.join("giao-uoc.xlsx")).unwrap();
}

/// `criteria()` as a two-level tree: the sections as groups at level 1.
fn two_levels() -> Vec<Line> {
    let mut lines = Vec::new();
    let mut section = ' ';
    for c in criteria() {
        let first = c.code.chars().next().unwrap();
        if first != section {
            section = first;
            let roman = ["I", "II", "III"][(first as u8 - b'1') as usize];
            lines.push(Line::Group(1.0, roman, None));
        }
        lines.push(Line::Leaf(2.0, c));
    }
    lines
}

fn write_units(folder: &Path) {
    let inbox = folder.join("nop");
    let rows = [
        (
            "CB",
            "Hội Cựu chiến binh tỉnh Cao Bằng",
            [93.0, 11.0, 7.0, 2.0, 9.0, 2.0, 1.0],
        ),
        (
            "LS",
            "Hội Cựu chiến binh tỉnh Lạng Sơn",
            [95.0, 12.0, 6.0, 1.0, 8.5, 0.0, 3.0],
        ),
    ];
    for (code, line, results) in rows {
        write_unit(
            &inbox.join(format!("{code}.xlsx")),
            line,
            2016,
            &answers(results, [0.0; 7]),
        );
    }
}

#[test]
fn a_tree_written_flat_or_with_levels_scores_the_same() {
    let flat = tempfile::tempdir().unwrap();
    write_agreement(flat.path(), &criteria(), &[]);
    write_units(flat.path());
    let tree = tempfile::tempdir().unwrap();
    write_tree_agreement(tree.path(), &two_levels());
    write_units(tree.path());
    let (flat_code, flat_json) = check_json(flat.path(), &[]);
    let (tree_code, tree_json) = check_json(tree.path(), &[]);
    assert_eq!(flat_code, tree_code);
    assert_eq!(flat_json["base_max"], tree_json["base_max"]);
    for code in ["CB", "LS"] {
        let (a, b) = (unit(&flat_json, code), unit(&tree_json, code));
        for field in ["scores", "total", "rank", "classification", "proposal"] {
            assert_eq!(a[field], b[field], "{code} {field}");
        }
        // The groups are the sections' sums of rounded scores.
        let groups = b["groups"].as_object().unwrap();
        let section = |prefix: &str| -> f64 {
            let scores = a["scores"].as_object().unwrap();
            let cents: i64 = scores
                .iter()
                .filter(|(k, _)| k.starts_with(prefix))
                .map(|(_, v)| (v.as_f64().unwrap() * 100.0).round() as i64)
                .sum();
            cents as f64 / 100.0
        };
        assert_eq!(groups["I"].as_f64(), Some(section("1.")), "{code} I");
        assert_eq!(groups["II"].as_f64(), Some(section("2.")), "{code} II");
        assert_eq!(groups["III"].as_f64(), Some(section("3.")), "{code} III");
    }
    let kinds = |j: &serde_json::Value| {
        j["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["kind"].clone(), d["unit"].clone(), d["cell"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds(&flat_json), kinds(&tree_json));
}

#[test]
fn group_sums_and_levels_are_located_and_stop_the_run() {
    let folder = tempfile::tempdir().unwrap();
    let c = criteria();
    let lines = vec![
        Line::Group(1.0, "I.", Some(31.0)),
        Line::Group(2.0, "1.a)", Some(20.0)),
        Line::Leaf(3.0, c[0].clone()),
        Line::Leaf(3.0, c[1].clone()),
        Line::Group(1.0, "II.", None),
        Line::Leaf(3.0, c[2].clone()),
        Line::Leaf(7.0, c[3].clone()),
        Line::Leaf(2.0, c[4].clone()),
    ];
    write_tree_agreement(folder.path(), &lines);
    let out_dir = folder.path().join("kq");
    let args = |lang: &'static str| {
        vec![
            "run".to_string(),
            folder.path().to_str().unwrap().to_string(),
            "--out".into(),
            out_dir.to_str().unwrap().into(),
            "--lang".into(),
            lang.into(),
        ]
    };
    let run = |lang| {
        let a = args(lang);
        thidua(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let vi = run("vi");
    assert_eq!(vi.status.code(), Some(2));
    let err = String::from_utf8_lossy(&vi.stderr);
    // 1.a) says 20, its criteria 1.1 and 1.2 hold 20 + 30 = 50 (row 4, E);
    // I. says 31 = 20 as written: not 31 (row 3, E).
    for (cell, words) in [
        (
            "E4",
            "Nhóm 1.a): điểm chuẩn ghi 20, nhưng tổng điểm chuẩn các dòng con của nhóm là 50",
        ),
        ("E3", "Nhóm I.: điểm chuẩn ghi 31"),
        ("A8", "Dòng cấp 3 đứng ngay sau dòng cấp 1"),
        ("A9", "Cấp \"7\" không dùng được"),
    ] {
        let place = format!("\"Giao ước\", ô {cell}");
        assert!(err.contains(&place), "{place} not in:\n{err}");
        assert!(err.contains(words), "{words} not in:\n{err}");
    }
    assert!(!out_dir.exists());
    let en = run("en");
    assert_eq!(en.status.code(), Some(2));
    let err = String::from_utf8_lossy(&en.stderr);
    assert!(
        err.contains(
            "Group 1.a): its maximum is written as 20, but the rows under it add up to 50"
        ),
        "{err}"
    );
    assert!(
        err.contains("A row of level 3 follows a row of level 1"),
        "{err}"
    );
    assert!(!out_dir.exists());
}

/// Cells as calamine gives them: (row, column) from the range's start, text.
type RangeCells = Vec<(usize, usize, String)>;

/// Cells of a sheet by absolute (row, column): values, or formulas.
fn cells(path: &Path, sheet: &str, formulas: bool) -> Vec<((u32, u32), String)> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let (start, cells): (Option<(u32, u32)>, RangeCells) = if formulas {
        let range = book.worksheet_formula(sheet).unwrap();
        let cells = range
            .used_cells()
            .map(|(r, c, v)| (r, c, v.clone()))
            .collect();
        (range.start(), cells)
    } else {
        let range = book.worksheet_range(sheet).unwrap();
        let cells = range
            .used_cells()
            .map(|(r, c, v)| (r, c, v.to_string()))
            .collect();
        (range.start(), cells)
    };
    let (r0, c0) = start.unwrap_or((0, 0));
    cells
        .into_iter()
        .map(|(r, c, v)| ((r0 + r as u32, c0 + c as u32), v))
        .collect()
}

/// The row whose first column holds `code`.
fn row_of(cells: &[((u32, u32), String)], column: u32, code: &str) -> u32 {
    cells
        .iter()
        .find(|((_, c), v)| *c == column && v.trim() == code)
        .map(|((r, _), _)| *r)
        .unwrap_or_else(|| panic!("no row {code}"))
}

fn at(cells: &[((u32, u32), String)], row: u32, column: u32) -> String {
    cells
        .iter()
        .find(|((r, c), _)| *r == row && *c == column)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

#[test]
fn forms_of_a_tree_carry_live_subtotals_at_every_level() {
    let folder = tempfile::tempdir().unwrap();
    let sample = root().join("samples/cum-cong-an-2016");
    std::fs::copy(
        sample.join("giao-uoc.xlsx"),
        folder.path().join("giao-uoc.xlsx"),
    )
    .unwrap();
    std::fs::create_dir_all(folder.path().join("nop")).unwrap();
    let out = thidua(&["forms", folder.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let form = folder.path().join("ket-qua/bieu-mau/HG.xlsx");
    let values = cells(&form, "Tự chấm", false);
    let formulas = cells(&form, "Tự chấm", true);
    let row = |code| row_of(&values, 0, code);
    // Điểm tính (column I): each group adds up its own children's rows.
    let score = |code| at(&formulas, row(code), 8);
    let sum_of = |rows: &[u32]| {
        let cells: Vec<String> = rows.iter().map(|r| format!("I{0}:I{0}", r + 1)).collect();
        format!("ROUND(SUM({}),2)", cells.join(","))
    };
    assert_eq!(score("I."), sum_of(&[row("1."), row("2.")]));
    // 1, 2 and the group 3 are consecutive rows: one range.
    assert_eq!(
        score("1.a)"),
        format!("ROUND(SUM(I{}:I{}),2)", row("1") + 1, row("3") + 1)
    );
    assert_eq!(
        score("3"),
        format!("ROUND(SUM(I{}:I{}),2)", row("3a") + 1, row("3b") + 1)
    );
    assert_eq!(
        score("21"),
        format!("ROUND(SUM(I{}:I{}),2)", row("21a") + 1, row("21b") + 1)
    );
    // Maxima on group rows, titles indented by level.
    assert_eq!(at(&values, row("2.b)"), 3), "130");
    assert_eq!(
        at(&values, row("3a"), 1),
        format!(
            "{}Số cuộc đối thoại với cán bộ, chiến sĩ",
            "\u{a0}".repeat(12)
        )
    );
    // A blank form is read back as one: group rows are passed over.
    std::fs::copy(&form, folder.path().join("nop/HG.xlsx")).unwrap();
    let (_, json) = check_json(folder.path(), &[]);
    let found: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["unit"] == "HG")
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(found, vec!["empty-form"]);
}

#[test]
fn consolidated_workbook_shows_the_tree_with_live_subtotals() {
    let folder = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples/cum-cong-an-2016"), folder.path());
    let out = thidua(&["run", folder.path().to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let book = folder.path().join("ket-qua/tong-hop-2016.xlsx");
    let expected: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root().join("samples/cum-cong-an-2016/expected.json")).unwrap(),
    )
    .unwrap();
    let hg = expected["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == "HG")
        .unwrap();
    // The unit sheet: every group with its subtotal (column K), as the JSON.
    let values = cells(&book, "Hà Giang", false);
    for (group, score) in hg["groups"].as_object().unwrap() {
        let row = row_of(&values, 0, group);
        let shown: f64 = at(&values, row, 10).parse().unwrap_or(0.0);
        assert_eq!(Some(shown), score.as_f64(), "{group}");
    }
    let formulas = cells(&book, "Hà Giang", true);
    let row = |code| row_of(&values, 0, code);
    assert_eq!(
        at(&formulas, row("I."), 10),
        format!("SUM(K{},K{})", row("1.") + 1, row("2.") + 1)
    );
    // Chi tiết: five levels, indented.
    let detail = cells(&book, "Chi tiết", false);
    let words = at(&detail, row_of(&detail, 0, "6b"), 1);
    assert!(words.starts_with(&"\u{a0}".repeat(12)), "{words:?}");
    assert!(!words.starts_with(&"\u{a0}".repeat(13)), "{words:?}");
}

fn have(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Fills Hà Giang's form with the sample's results (openpyxl), has
/// LibreOffice recalculate it, and returns the recalculated file.
fn filled_and_recalculated(form: &Path, stage: &Path) -> std::path::PathBuf {
    let script = r#"
import sys
sys.path.insert(0, sys.argv[1])
import openpyxl
import make_tree_sample as t
wb = openpyxl.load_workbook(sys.argv[2])
ws = wb["Tự chấm"]
leaves = {n.code: n for n in t.LEAVES}
for r in range(1, ws.max_row + 1):
    code = ws.cell(r, 1).value
    if code in leaves:
        column = 8 if leaves[code].method == t.ASSESSED else 7
        ws.cell(r, column).value = t.RESULTS["HG"][code]
wb.save(sys.argv[3])
"#;
    let filled = stage.join("HG.xlsx");
    let out = std::process::Command::new("python3")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .args(["-c", script])
        .arg(root().join("samples"))
        .arg(form)
        .arg(&filled)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let recalculated = stage.join("recalc");
    common::recalculate_with_libreoffice(&[filled], &recalculated).remove(0)
}

#[test]
fn a_filled_tree_form_subtotals_live_and_reads_back_as_scored() {
    if !(have("python3", &["-c", "import openpyxl"]) && have("soffice", &["--version"])) {
        eprintln!("SKIPPED: needs python3 with openpyxl and LibreOffice (soffice)");
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    let sample = root().join("samples/cum-cong-an-2016");
    std::fs::copy(
        sample.join("giao-uoc.xlsx"),
        folder.path().join("giao-uoc.xlsx"),
    )
    .unwrap();
    std::fs::create_dir_all(folder.path().join("nop")).unwrap();
    let out = thidua(&["forms", folder.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stage = tempfile::tempdir().unwrap();
    let form = filled_and_recalculated(
        &folder.path().join("ket-qua/bieu-mau/HG.xlsx"),
        stage.path(),
    );
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample.join("expected.json")).unwrap()).unwrap();
    let hg = expected["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == "HG")
        .unwrap();
    // LibreOffice's live subtotals are the expected group scores.
    let values = cells(&form, "Tự chấm", false);
    for (group, score) in hg["groups"].as_object().unwrap() {
        let shown: f64 = at(&values, row_of(&values, 0, group), 8).parse().unwrap();
        assert_eq!(Some(shown), score.as_f64(), "{group}");
    }
    // Read back: scored as the sample's own workbook, no findings.
    std::fs::copy(&form, folder.path().join("nop/HG.xlsx")).unwrap();
    let (_, json) = check_json(folder.path(), &[]);
    let unit = unit(&json, "HG");
    assert_eq!(unit["total"].as_f64(), hg["total"].as_f64());
    assert_eq!(unit["self_total"].as_f64(), hg["total"].as_f64());
    for (group, score) in hg["groups"].as_object().unwrap() {
        assert_eq!(unit["groups"][group].as_f64(), score.as_f64(), "{group}");
    }
    let findings: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["unit"] == "HG")
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn an_agreement_workbook_written_from_a_tree_reads_back_as_the_same_tree() {
    use thidua::model::Paths;
    use thidua::read::workbook::ReadOptions;
    use thidua::run::pipeline::load_agreement;
    let sample = root().join("samples/cum-cong-an-2016");
    let read = |folder: &Path| {
        load_agreement(
            &Paths::new(folder, None, None, None),
            &ReadOptions::default(),
        )
        .unwrap_or_else(|_| panic!("{} reads", folder.display()))
    };
    let original = read(&sample);
    let bytes = thidua::render::agreement_workbook::agreement(&original).unwrap();
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("giao-uoc.xlsx"), bytes).unwrap();
    let again = read(folder.path());
    let shape = |a: &thidua::model::Agreement| {
        let tree = a.tree.as_ref().expect("a tree");
        tree.nodes
            .iter()
            .map(|n| {
                let leaf = n.criterion.map(|k| {
                    let c = &a.criteria[k];
                    (
                        c.method,
                        c.rate,
                        c.target,
                        c.unit_targets.clone(),
                        c.measure.clone(),
                    )
                });
                (
                    n.level,
                    n.code.clone(),
                    n.title.clone(),
                    n.max,
                    n.parent,
                    leaf,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&original), shape(&again));
    assert_eq!(original.base_max(), again.base_max());
}

#[test]
fn an_adjustment_names_a_tree_code_and_every_group_above_it_follows() {
    let folder = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples/cum-cong-an-2016"), folder.path());
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    for (c, h) in ["Đơn vị", "Mã", "Điểm", "Lý do"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    // 6a of Hà Giang: 10 -> 4 (the code written in capitals).
    sheet.write_string(1, 0, "HG").unwrap();
    sheet.write_string(1, 1, "6A").unwrap();
    sheet.write_number(1, 2, 4.0).unwrap();
    sheet
        .write_string(1, 3, "Cờ thi đua chưa có quyết định")
        .unwrap();
    wb.save(folder.path().join("dieu-chinh.xlsx")).unwrap();
    let (_, before) = check_json(&root().join("samples/cum-cong-an-2016"), &[]);
    let (_, after) = check_json(folder.path(), &[]);
    let (b, a) = (unit(&before, "HG"), unit(&after, "HG"));
    assert_eq!(a["scores"]["6a"].as_f64(), Some(4.0));
    let cents = |v: &serde_json::Value| (v.as_f64().unwrap() * 100.0).round() as i64;
    for group in ["6", "1.b)", "1.", "I."] {
        assert_eq!(
            cents(&b["groups"][group]) - cents(&a["groups"][group]),
            600,
            "{group}"
        );
    }
    for group in ["1.a)", "2.", "II.", "III.", "IV."] {
        assert_eq!(a["groups"][group], b["groups"][group], "{group}");
    }
    assert_eq!(cents(&b["total"]) - cents(&a["total"]), 600);
}
