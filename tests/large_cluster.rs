//! A cluster past the per-unit limit, through the real binary: `run`
//! writes no sheet per unit and a short appendix, with every score and
//! finding still in the workbook and the JSON; `--per-unit-detail` brings
//! the unit sheets back.

mod common;

use calamine::{Data, Reader};
use common::*;
use std::path::Path;
use thidua::render::PER_UNIT_DETAIL_MAX;

/// A working folder of `n` units, each with a clean workbook but the last (missing).
fn national_folder(root: &Path, n: usize) -> std::path::PathBuf {
    let work = root.join("cum");
    let rows: Vec<(String, String, String)> = (1..=n)
        .map(|k| {
            let short = format!("Hòa Bình {k}");
            (
                format!("X{k:03}"),
                format!("Hội Cựu chiến binh xã {short}"),
                short,
            )
        })
        .collect();
    let units: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(c, n, s)| (c.as_str(), n.as_str(), s.as_str()))
        .collect();
    write_agreement_with_units(&work, &units, &criteria(), &[]);
    for (k, (code, _, short)) in rows.iter().enumerate().take(n - 1) {
        let result = 80.0 + (k % 20) as f64;
        write_unit(
            &work.join(format!("nop/{}.xlsx", code.to_lowercase())),
            short,
            2016,
            &answers(
                [result, 120.0, 4.0, 1.0, 0.0, 2.0, 0.0],
                [20.0, 30.0, 20.0, 10.0, 18.0, 2.0, 0.0],
            ),
        );
    }
    work
}

fn sheets(path: &Path) -> Vec<String> {
    let wb: calamine::Xlsx<_> = calamine::open_workbook(path).expect("the workbook opens");
    wb.sheet_names()
}

#[test]
fn run_past_the_per_unit_limit_writes_no_sheet_per_unit_and_keeps_every_score() {
    let dir = tempfile::tempdir().unwrap();
    let n = PER_UNIT_DETAIL_MAX + 1;
    let work = national_folder(dir.path(), n);
    let run = thidua(&["run", work.to_str().unwrap(), "--quiet"]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = work.join("ket-qua");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("ket-qua-2016.json")).unwrap()).unwrap();
    let units = json["units"].as_array().unwrap();
    assert_eq!(units.len(), n);
    let scored = units.iter().filter(|u| u["status"] == "scored").count();
    assert_eq!(scored, n - 1);
    let xlsx = out.join("tong-hop-2016.xlsx");
    assert_eq!(
        sheets(&xlsx),
        ["Tổng hợp", "Chi tiết", "Kiểm tra", "Biểu đồ"]
    );
    // Every unit's total in Tổng hợp is the JSON's, through a formula over Chi tiết.
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let values = wb.worksheet_range("Tổng hợp").unwrap();
    let formulas = wb.worksheet_formula("Tổng hợp").unwrap();
    let mut checked = 0;
    for row in 0..values.height() as u32 {
        let Some(Data::String(code)) = values.get_value((row, 1)) else {
            continue;
        };
        let Some(unit) = units.iter().find(|u| u["code"] == code.as_str()) else {
            continue;
        };
        let Some(total) = unit["total"].as_f64() else {
            continue;
        };
        assert_eq!(
            values.get_value((row, 4)),
            Some(&Data::Float(total)),
            "{code}"
        );
        let formula = formulas.get_value((row, 4)).cloned().unwrap_or_default();
        assert!(formula.starts_with("'Chi tiết'!"), "{code}: {formula}");
        checked += 1;
    }
    assert_eq!(checked, n - 1);
    // The handout: the ranking of every unit, the findings in numbers.
    if let Some(text) = pdf_text(&out.join("hoi-nghi-2016.pdf")) {
        assert!(
            text.contains("quá nhiều để in kết quả của từng đơn vị"),
            "{text}"
        );
        assert!(text.contains("Đơn vị chưa gửi bảng"));
        assert!(text.contains("Hội Cựu chiến binh xã Hòa Bình 201"));
        assert!(!text.contains("1. Hội Cựu chiến binh xã Hòa Bình 1 (X001)"));
    }
}

/// The PDF's text, whitespace collapsed; None without poppler's pdftotext.
fn pdf_text(pdf: &Path) -> Option<String> {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let text = String::from_utf8_lossy(&out.stdout);
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[test]
fn per_unit_detail_keeps_a_sheet_per_unit_past_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let n = PER_UNIT_DETAIL_MAX + 1;
    let work = national_folder(dir.path(), n);
    let run = thidua(&[
        "run",
        work.to_str().unwrap(),
        "--quiet",
        "--per-unit-detail",
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = work.join("ket-qua");
    assert_eq!(sheets(&out.join("tong-hop-2016.xlsx")).len(), 4 + n);
    if let Some(text) = pdf_text(&out.join("hoi-nghi-2016.pdf")) {
        // Every unit's scores, in the appendix's table of criteria × units.
        assert!(text.contains("Điểm từng tiêu chí của các đơn vị"), "{text}");
        assert!(!text.contains("quá nhiều để in kết quả của từng đơn vị"));
    }
}
