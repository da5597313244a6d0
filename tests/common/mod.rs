//! Test fixtures: working folders built in code (agreement and unit
//! workbooks written with rust_xlsxwriter), and a runner for the real binary.
#![allow(dead_code)]

use rust_xlsxwriter::{Format, Workbook};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A criterion row of a test agreement.
#[derive(Clone)]
pub struct Crit {
    pub code: &'static str,
    pub content: &'static str,
    pub measure: &'static str,
    pub max: f64,
    pub method: &'static str,
    pub rate: Option<f64>,
    pub target: Option<f64>,
}

pub fn crit(
    code: &'static str,
    content: &'static str,
    measure: &'static str,
    max: f64,
    method: &'static str,
    rate: Option<f64>,
    target: Option<f64>,
) -> Crit {
    Crit {
        code,
        content,
        measure,
        max,
        method,
        rate,
        target,
    }
}

/// The units of the test cluster: (code, full name, short name).
pub const UNITS: &[(&str, &str, &str)] = &[
    ("CB", "Hội Cựu chiến binh tỉnh Cao Bằng", "Cao Bằng"),
    ("TN", "Hội Cựu chiến binh tỉnh Thái Nguyên", "Thái Nguyên"),
    ("BK", "Hội Cựu chiến binh tỉnh Bắc Kạn", "Bắc Kạn"),
    ("LS", "Hội Cựu chiến binh tỉnh Lạng Sơn", "Lạng Sơn"),
];

/// A small agreement: two sections summing to 100 plus bonus and penalty.
pub fn criteria() -> Vec<Crit> {
    vec![
        crit(
            "1.1",
            "Tỷ lệ hội viên học tập nghị quyết",
            "%",
            20.0,
            "Tỷ lệ",
            None,
            Some(95.0),
        ),
        crit(
            "1.2",
            "Kết nạp hội viên mới",
            "người",
            30.0,
            "Tỷ lệ",
            None,
            Some(120.0),
        ),
        crit(
            "2.1",
            "Hoàn thành báo cáo định kỳ",
            "báo cáo",
            20.0,
            "Đạt",
            None,
            Some(4.0),
        ),
        crit(
            "2.2",
            "Hội viên vi phạm pháp luật",
            "người",
            10.0,
            "Không vượt",
            Some(2.5),
            Some(2.0),
        ),
        crit(
            "2.3",
            "Tham gia đấu tranh phản bác quan điểm sai trái",
            "",
            20.0,
            "Thẩm định",
            None,
            None,
        ),
        crit(
            "3.1",
            "Mô hình điển hình được khen thưởng",
            "mô hình",
            5.0,
            "Cộng",
            Some(1.0),
            None,
        ),
        crit("3.2", "Báo cáo chậm", "lần", 5.0, "Trừ", Some(0.5), None),
    ]
}

/// Writes giao-uoc.xlsx with the given criteria; `per_unit` adds target columns.
pub fn write_agreement(folder: &Path, criteria: &[Crit], per_unit: &[(&str, &str, f64)]) {
    write_agreement_with_units(folder, UNITS, criteria, per_unit);
}

/// Writes giao-uoc.xlsx with the given units (code, full name, short name) and criteria.
pub fn write_agreement_with_units(
    folder: &Path,
    unit_rows: &[(&str, &str, &str)],
    criteria: &[Crit],
    per_unit: &[(&str, &str, f64)],
) {
    let mut wb = Workbook::new();
    let info = wb.add_worksheet().set_name("Thông tin").unwrap();
    let rows: &[(&str, &str)] = &[
        ("Tổ chức", "Hội Cựu chiến binh Việt Nam"),
        ("Cụm thi đua", "Cụm thi đua số 3"),
        ("Cụm trưởng", "TN"),
        ("Cụm trưởng năm sau", "LS"),
        ("Địa điểm", "Thái Nguyên"),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        info.write_string(i as u32, 0, *k).unwrap();
        info.write_string(i as u32, 1, *v).unwrap();
    }
    info.write_string(rows.len() as u32, 0, "Năm").unwrap();
    let head = unit_rows[1 % unit_rows.len()].0;
    info.write_string(2, 1, head).unwrap();
    let next = unit_rows
        .iter()
        .find(|u| u.0 == "LS")
        .map_or(unit_rows[0].0, |u| u.0);
    info.write_string(3, 1, next).unwrap();
    info.write_number(rows.len() as u32, 1, 2016).unwrap();
    let units = wb.add_worksheet().set_name("Đơn vị").unwrap();
    for (c, h) in [
        "Mã",
        "Tên đơn vị",
        "Tên ngắn",
        "Tên khác",
        "Người ký",
        "Chức vụ",
    ]
    .iter()
    .enumerate()
    {
        units.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (code, name, short)) in unit_rows.iter().enumerate() {
        let r = r as u32 + 1;
        units.write_string(r, 0, *code).unwrap();
        units.write_string(r, 1, *name).unwrap();
        units.write_string(r, 2, *short).unwrap();
        units.write_string(r, 4, "Nguyễn Văn A").unwrap();
        units.write_string(r, 5, "Chủ tịch").unwrap();
    }
    let sheet = wb.add_worksheet().set_name("Giao ước").unwrap();
    sheet
        .write_string(0, 0, "GIAO ƯỚC THI ĐUA NĂM 2016")
        .unwrap();
    let mut headers = vec![
        "Mã",
        "Nội dung",
        "Đơn vị tính",
        "Điểm chuẩn",
        "Cách chấm",
        "Mức",
        "Chỉ tiêu",
    ];
    let mut unit_cols: Vec<&str> = Vec::new();
    for (u, _, _) in per_unit {
        if !unit_cols.contains(u) {
            unit_cols.push(u);
        }
    }
    headers.extend(unit_cols.iter());
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let mut row = 3;
    let mut section = ' ';
    for c in criteria {
        let first = c.code.chars().next().unwrap();
        if first != section {
            section = first;
            let roman = match first {
                '1' => "I",
                '2' => "II",
                '3' => "III",
                _ => "IV",
            };
            sheet.write_string(row, 0, roman).unwrap();
            sheet.write_string(row, 1, format!("Mục {roman}")).unwrap();
            row += 1;
        }
        sheet.write_string(row, 0, c.code).unwrap();
        sheet.write_string(row, 1, c.content).unwrap();
        sheet.write_string(row, 2, c.measure).unwrap();
        sheet.write_number(row, 3, c.max).unwrap();
        sheet.write_string(row, 4, c.method).unwrap();
        if let Some(r) = c.rate {
            sheet.write_number(row, 5, r).unwrap();
        }
        if let Some(t) = c.target {
            sheet.write_number(row, 6, t).unwrap();
        }
        for (k, u) in unit_cols.iter().enumerate() {
            if let Some((_, _, t)) = per_unit.iter().find(|(pu, pc, _)| pu == u && *pc == c.code) {
                sheet.write_number(row, 7 + k as u16, *t).unwrap();
            }
        }
        row += 1;
    }
    std::fs::create_dir_all(folder.join("nop")).unwrap();
    wb.save(folder.join("giao-uoc.xlsx")).unwrap();
}

/// A unit's answer to one criterion: result and self-score as cells.
#[derive(Clone, Debug)]
pub enum Val {
    Num(f64),
    Text(&'static str),
    Pct(f64),
    Empty,
}

/// Writes a canonical unit workbook: title, "Đơn vị:" line, year, header, rows.
pub fn write_unit(path: &Path, unit_line: &str, year: i32, rows: &[(&str, Val, Val)]) {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet().set_name("Tự chấm").unwrap();
    let pct = Format::new().set_num_format("0%");
    sheet
        .write_string(0, 0, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA")
        .unwrap();
    sheet
        .write_string(1, 0, format!("Đơn vị: {unit_line}"))
        .unwrap();
    sheet.write_string(2, 0, format!("Năm {year}")).unwrap();
    for (c, h) in [
        "STT",
        "Nội dung tiêu chí",
        "Điểm chuẩn",
        "Kết quả",
        "Điểm tự chấm",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(4, c as u16, *h).unwrap();
    }
    for (i, (code, result, self_score)) in rows.iter().enumerate() {
        let r = 5 + i as u32;
        sheet.write_string(r, 0, *code).unwrap();
        for (col, v) in [(3u16, result), (4u16, self_score)] {
            match v {
                Val::Num(x) => {
                    sheet.write_number(r, col, *x).unwrap();
                }
                Val::Text(t) => {
                    sheet.write_string(r, col, *t).unwrap();
                }
                Val::Pct(x) => {
                    sheet.write_number_with_format(r, col, *x, &pct).unwrap();
                }
                Val::Empty => {}
            }
        }
    }
    wb.save(path).unwrap();
}

/// Results of a complete, clean unit: (code, result, self-score) per criterion.
pub fn answers(results: [f64; 7], self_scores: [f64; 7]) -> Vec<(&'static str, Val, Val)> {
    let codes = ["1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2"];
    codes
        .iter()
        .zip(results.iter().zip(self_scores.iter()))
        .map(|(c, (r, s))| (*c, Val::Num(*r), Val::Num(*s)))
        .collect()
}

/// Whether the tool `name` runs here (`name arg` succeeds).
pub fn tool(name: &str, arg: &str) -> bool {
    Command::new(name)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether python3 here has `module`.
pub fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Says that a check is skipped for want of a tool.
pub fn skip(what: &str) {
    eprintln!("{what} is not installed: skipped (scripts/setup.sh installs it)");
}

/// Text of a PDF (poppler's pdftotext), whitespace collapsed.
pub fn pdf_text(file: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(file)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext {}", file.display());
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What python-docx reads in a .docx: the paragraph style names used, the
/// style names defined, and per table its row count and how many of its
/// first rows repeat as header rows, its cells' text; the paragraphs' text;
/// the sections' orientation and first-page headers.
pub fn python_docx(file: &Path) -> serde_json::Value {
    let script = r#"
import docx, json, sys
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
tables = []
for t in d.tables:
    heads = 0
    for r in t.rows:
        trPr = r._tr.trPr
        if trPr is not None and trPr.find(qn('w:tblHeader')) is not None:
            heads += 1
        else:
            break
    cells = [c.text for r in t.rows for c in r.cells]
    tables.append({"rows": len(t.rows), "header_rows": heads,
                   "text": " ".join(cells), "cells": cells})
print(json.dumps({
    "styles": [s.name for s in d.styles],
    "used": sorted({p.style.name if p.style is not None else "" for p in d.paragraphs}),
    "tables": tables,
    "text": " ".join(p.text for p in d.paragraphs),
    "sections": [s.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE for s in d.sections],
    "title_pg": [s.different_first_page_header_footer for s in d.sections],
}))
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python-docx cannot read {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A part of a .docx (a zip), as text.
pub fn docx_part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// A cluster (in `folder`) where Cao Bằng and Thái Nguyên tie first, Lạng
/// Sơn third and Bắc Kạn sends nothing: the flag is put to the vote.
pub fn write_tie_at_the_flag(folder: &Path) {
    write_agreement(folder, &criteria(), &[]);
    let nop = folder.join("nop");
    let top = answers(
        [95.0, 120.0, 4.0, 1.0, 0.0, 0.0, 0.0],
        [20.0, 30.0, 20.0, 10.0, 19.0, 0.0, 0.0],
    );
    write_unit(&nop.join("cb.xlsx"), "Cao Bằng", 2016, &top);
    write_unit(&nop.join("tn.xlsx"), "Thái Nguyên", 2016, &top);
    write_unit(
        &nop.join("ls.xlsx"),
        "Lạng Sơn",
        2016,
        &answers(
            [95.0, 60.0, 4.0, 1.0, 0.0, 0.0, 0.0],
            [20.0, 15.0, 20.0, 10.0, 19.0, 0.0, 0.0],
        ),
    );
}

/// Runs the real binary.
pub fn thidua(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the thidua binary runs")
}

/// Runs `thidua check <folder> --json` and parses the JSON.
pub fn check_json(folder: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", folder.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    let out = thidua(&args);
    let code = out.status.code().unwrap_or(-1);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}); stdout: {} stderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, json)
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The unit object of a code in the JSON.
pub fn unit<'a>(json: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    json["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == code)
        .unwrap()
}

/// Kinds of the diagnostics, with their unit and cell.
pub fn kinds(json: &serde_json::Value) -> Vec<(String, Option<String>, Option<String>)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap().to_string(),
                d["unit"].as_str().map(String::from),
                d["cell"].as_str().map(String::from),
            )
        })
        .collect()
}

/// A copy of the sample cluster `samples/cum3-2016` without its outputs.
pub fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples/cum3-2016"), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("ket-qua"));
    dir
}

/// Copies the folder `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// LibreOffice's setting "recalculate .xlsx files on load: always"; its
/// default trusts the cached values, which would make a recalculation check
/// empty.
const ALWAYS_RECALCULATE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

/// Runs `soffice` headless on `files` with the `--convert-to` `filter`,
/// writing into `out`: a profile of its own (parallel runs do not collide)
/// that recalculates every formula on load, and a UTF-8 locale (so the file
/// names of sheets such as "Tổng hợp" are the same on a bare machine).
pub fn libreoffice_convert(files: &[&Path], filter: &str, out: &Path) {
    let profile = tempfile::tempdir().expect("a temporary profile folder");
    std::fs::create_dir_all(profile.path().join("user")).expect("a profile");
    std::fs::write(
        profile.path().join("user/registrymodifications.xcu"),
        ALWAYS_RECALCULATE,
    )
    .expect("a profile");
    let status = Command::new("soffice")
        .env("LC_ALL", "C.UTF-8")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(out)
        .args(files)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "soffice failed on {files:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// Opens and saves the `files` with LibreOffice, recalculating every
/// formula; returns the recalculated copies (same names, in `out`).
pub fn recalculate_with_libreoffice(files: &[PathBuf], out: &Path) -> Vec<PathBuf> {
    let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    libreoffice_convert(&inputs, "xlsx:Calc MS Excel 2007 XML", out);
    files
        .iter()
        .map(|f| {
            let copy = out.join(f.file_name().unwrap());
            assert!(copy.is_file(), "LibreOffice wrote no {}", copy.display());
            copy
        })
        .collect()
}

/// Whether `text` carries `needle`, whatever the line breaks inside it;
/// a name wrapped in a table cell may come back with the next cells' text
/// between its lines, so its words in order within a few words do too.
pub fn carries(text: &str, needle: &str) -> bool {
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    if squeeze(text).contains(&squeeze(needle)) {
        return true;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let wanted: Vec<&str> = needle.split_whitespace().collect();
    if wanted.len() < 2 {
        return false;
    }
    (0..words.len()).any(|start| {
        let mut k = 0;
        for w in words[start..].iter().take(wanted.len() + 8) {
            if k < wanted.len() && *w == wanted[k] {
                k += 1;
            } else if k == 0 {
                return false;
            }
        }
        k == wanted.len()
    })
}
