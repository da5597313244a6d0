//! Issue 12, "every number trustworthy": the slips a unit's workbook can
//! make (dates where numbers belong, names fitting two units, rows twice,
//! fractions on percent criteria, formulas without values, blank forms,
//! passwords, files from elsewhere), each through the real binary on a
//! working folder built in code.

mod common;
use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use serde_json::{json, Value as Json};
use std::io::{Read, Write};
use std::path::Path;

/// A cell of a unit's table as written.
#[derive(Clone)]
enum C {
    Num(f64),
    Text(&'static str),
    /// A date cell shown dd/mm/yyyy.
    Date(u16, u8, u8),
    /// A formula with its cached result.
    Formula(&'static str, f64),
    Empty,
}

/// A unit workbook: title, "Đơn vị:" line, year line, then a table with
/// columns A STT, B Nội dung tiêu chí, C Điểm chuẩn, D Chỉ tiêu, E Kết quả,
/// F Điểm tự chấm; rows from row 6. Each row: code, max, target, result,
/// self-score.
fn write_table(path: &Path, unit_line: &str, year_line: &str, rows: &[(&str, C, C, C, C)]) {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet().set_name("Tự chấm").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet
        .write_string(0, 0, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA")
        .unwrap();
    sheet.write_string(1, 0, unit_line).unwrap();
    sheet.write_string(2, 0, year_line).unwrap();
    let headers = [
        "STT",
        "Nội dung tiêu chí",
        "Điểm chuẩn",
        "Chỉ tiêu",
        "Kết quả",
        "Điểm tự chấm",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(4, c as u16, *h).unwrap();
    }
    for (i, (code, max, target, result, self_score)) in rows.iter().enumerate() {
        let r = 5 + i as u32;
        sheet.write_string(r, 0, *code).unwrap();
        for (col, v) in [(2u16, max), (3, target), (4, result), (5, self_score)] {
            match v {
                C::Num(x) => {
                    sheet.write_number(r, col, *x).unwrap();
                }
                C::Text(t) => {
                    sheet.write_string(r, col, *t).unwrap();
                }
                C::Date(y, m, d) => {
                    let when = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet
                        .write_datetime_with_format(r, col, &when, &date)
                        .unwrap();
                }
                C::Formula(f, result) => {
                    let formula = Formula::new(*f).set_result(result.to_string());
                    sheet.write_formula(r, col, formula).unwrap();
                }
                C::Empty => {}
            }
        }
    }
    wb.save(path).unwrap();
}

/// A clean answer for every criterion of [`criteria`]: (code, result, self-score).
fn clean_rows() -> Vec<(&'static str, C, C, C, C)> {
    [
        ("1.1", 95.0, 20.0),
        ("1.2", 120.0, 30.0),
        ("2.1", 4.0, 20.0),
        ("2.2", 1.0, 10.0),
        ("2.3", 0.0, 18.0),
        ("3.1", 2.0, 2.0),
        ("3.2", 0.0, 0.0),
    ]
    .into_iter()
    .map(|(code, result, self_score)| {
        (code, C::Empty, C::Empty, C::Num(result), C::Num(self_score))
    })
    .collect()
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_agreement(dir.path(), &criteria(), &[]);
    dir
}

/// The diagnostics of a kind.
fn of_kind<'a>(json: &'a Json, kind: &str) -> Vec<&'a Json> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == kind)
        .collect()
}

fn set(
    rows: &mut [(&'static str, C, C, C, C)],
    code: &str,
    f: impl FnOnce(&mut (&'static str, C, C, C, C)),
) {
    let row = rows.iter_mut().find(|r| r.0 == code).unwrap();
    f(row);
}

// ---------------------------------------------------------------------------
// 1. Dates where numbers belong
// ---------------------------------------------------------------------------

#[test]
fn a_date_typed_in_a_result_is_not_a_number_and_shows_as_the_user_sees_it() {
    let dir = folder();
    let mut rows = clean_rows();
    // "3/12" typed into Kết quả: Excel makes it 03/12/2016 (serial 42707).
    set(&mut rows, "1.2", |r| r.3 = C::Date(2016, 12, 3));
    // A date in a self-score (of a criterion scored from its result).
    set(&mut rows, "2.2", |r| r.4 = C::Date(2016, 10, 1));
    // And dates in the target and maximum cells of another row.
    set(&mut rows, "2.1", |r| {
        r.1 = C::Date(2016, 1, 20);
        r.2 = C::Date(2016, 4, 1);
    });
    write_table(
        &dir.path().join("nop/cb.xlsx"),
        "Đơn vị: Hội CCB tỉnh Cao Bằng",
        "Năm 2016",
        &rows,
    );
    let (_, json) = check_json(dir.path(), &["--lang", "en"]);
    let cb = unit(&json, "CB");
    assert_eq!(cb["scores"]["1.2"], json!(0.0), "{json:#}");
    let nan = of_kind(&json, "not-a-number");
    let cells: Vec<&str> = nan.iter().map(|d| d["cell"].as_str().unwrap()).collect();
    assert_eq!(cells, ["E7", "D8", "C8", "F9"], "{nan:#?}");
    assert!(
        nan[0]["message"]
            .as_str()
            .unwrap()
            .contains("\"03/12/2016\""),
        "{}",
        nan[0]["message"]
    );
    assert!(nan[1]["message"].as_str().unwrap().contains("01/04/2016"));
    assert!(nan[3]["message"].as_str().unwrap().contains("01/10/2016"));
    // The target and maximum cells are not used: the score is untouched.
    assert_eq!(cb["scores"]["2.1"], json!(20.0));
}

// ---------------------------------------------------------------------------
// 2. Unit matching
// ---------------------------------------------------------------------------

const TWO_CAO_BANG: &[(&str, &str, &str)] = &[
    (
        "TPCB",
        "Hội Cựu chiến binh thành phố Cao Bằng",
        "TP Cao Bằng",
    ),
    ("CB", "Hội Cựu chiến binh tỉnh Cao Bằng", "Cao Bằng"),
    ("TN", "Hội Cựu chiến binh tỉnh Thái Nguyên", "Thái Nguyên"),
    ("LS", "Hội Cựu chiến binh tỉnh Lạng Sơn", "Lạng Sơn"),
];

#[test]
fn names_folding_alike_are_told_apart_by_full_name_or_code_and_never_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path();
    write_agreement_with_units(f, TWO_CAO_BANG, &criteria(), &[]);
    let nop = f.join("nop");
    let rows = clean_rows();
    write_table(
        &nop.join("a.xlsx"),
        "Đơn vị: Hội Cựu chiến binh tỉnh Cao Bằng",
        "Năm 2016",
        &rows,
    );
    write_table(
        &nop.join("b.xlsx"),
        "Đơn vị: Hội CCB TP. Cao Bằng",
        "Năm 2016",
        &rows,
    );
    write_table(&nop.join("c.xlsx"), "Đơn vị: TN", "Năm 2016", &rows);
    write_table(&nop.join("d.xlsx"), "Đơn vị: Cao Bằng", "Năm 2016", &rows);
    let (_, json) = check_json(f, &["--lang", "en"]);
    let file_unit = |name: &str| -> Json {
        let files = json["files"].as_array().unwrap();
        let f = files
            .iter()
            .find(|f| f["file"] == format!("nop/{name}"))
            .unwrap();
        json!([f["unit"], f["status"]])
    };
    assert_eq!(file_unit("a.xlsx"), json!(["CB", "used"]), "{json:#}");
    assert_eq!(file_unit("b.xlsx"), json!(["TPCB", "used"]));
    assert_eq!(file_unit("c.xlsx"), json!(["TN", "used"]));
    assert_eq!(file_unit("d.xlsx"), json!([null, "rejected"]));
    let unknown = of_kind(&json, "unknown-unit");
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    let message = unknown[0]["message"].as_str().unwrap();
    assert!(message.contains("fits two units"), "{message}");
    assert!(
        message.contains("(TPCB)") && message.contains("(CB)"),
        "{message}"
    );
    assert!(of_kind(&json, "duplicate-unit").is_empty());
}

#[test]
fn an_adjustment_naming_a_unit_two_units_fit_is_reported_never_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path();
    write_agreement_with_units(f, TWO_CAO_BANG, &criteria(), &[]);
    let nop = f.join("nop");
    let rows = clean_rows();
    write_table(&nop.join("a.xlsx"), "Đơn vị: CB", "Năm 2016", &rows);
    write_table(&nop.join("b.xlsx"), "Đơn vị: TPCB", "Năm 2016", &rows);
    // dieu-chinh.xlsx: the bare short name fits both; the code and the
    // place word each tell one.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Đơn vị", "Mã", "Điểm", "Lý do"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, unit) in ["Cao Bằng", "TPCB", "tỉnh Cao Bằng"].iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *unit).unwrap();
        ws.write_string(r, 1, "1.1").unwrap();
        ws.write_number(r, 2, 10.0).unwrap();
        ws.write_string(r, 3, "Đoàn kiểm tra chấm lại").unwrap();
    }
    wb.save(f.join("dieu-chinh.xlsx")).unwrap();
    let (code, json) = check_json(f, &["--lang", "en"]);
    assert_eq!(code, 1, "{json:#}");
    let bad = of_kind(&json, "bad-value");
    assert_eq!(bad.len(), 1, "{bad:#?}");
    assert_eq!(bad[0]["cell"], json!("A2"));
    let message = bad[0]["message"].as_str().unwrap();
    assert!(
        message.contains("fits two units")
            && message.contains("(TPCB)")
            && message.contains("(CB)"),
        "{message}"
    );
    let applied: Vec<&Json> = of_kind(&json, "adjustment");
    let units: Vec<&str> = applied
        .iter()
        .map(|d| d["unit"].as_str().unwrap())
        .collect();
    assert_eq!(units.len(), 2, "{applied:#?}");
    assert!(
        units.contains(&"TPCB") && units.contains(&"CB"),
        "{units:?}"
    );
}

// ---------------------------------------------------------------------------
// 3. A criterion row twice
// ---------------------------------------------------------------------------

#[test]
fn a_criterion_row_twice_with_different_values_is_reported_and_the_first_used() {
    let dir = folder();
    let mut rows = clean_rows();
    rows.push(("1.2", C::Empty, C::Empty, C::Num(60.0), C::Num(15.0)));
    // The same row twice with the same values says nothing.
    rows.push(("2.1", C::Empty, C::Empty, C::Num(4.0), C::Num(20.0)));
    write_table(
        &dir.path().join("nop/cb.xlsx"),
        "Đơn vị: Cao Bằng",
        "Năm 2016",
        &rows,
    );
    let (_, json) = check_json(dir.path(), &["--lang", "en"]);
    let dups = of_kind(&json, "duplicate-criterion");
    assert_eq!(dups.len(), 1, "{json:#}");
    assert_eq!(dups[0]["severity"], "warning");
    assert_eq!(dups[0]["cell"], "E13");
    let message = dups[0]["message"].as_str().unwrap();
    for part in ["E7 \"120\"", "F7 \"30\"", "E13 \"60\"", "F13 \"15\""] {
        assert!(message.contains(part), "{part} in {message}");
    }
    assert_eq!(unit(&json, "CB")["scores"]["1.2"], json!(30.0));
}

// ---------------------------------------------------------------------------
// 4. Percent criteria
// ---------------------------------------------------------------------------

#[test]
fn fractions_on_a_percent_criterion_are_never_read_silently() {
    let dir = folder();
    let nop = dir.path().join("nop");
    // 1.1 is a % criterion, target 95, max 20.
    let mut rows = clean_rows();
    set(&mut rows, "1.1", |r| {
        r.3 = C::Num(0.95);
        r.4 = C::Num(0.2);
    });
    write_table(&nop.join("cb.xlsx"), "Đơn vị: Cao Bằng", "Năm 2016", &rows);
    let mut rows = clean_rows();
    set(&mut rows, "1.1", |r| r.3 = C::Text("0.82"));
    write_table(
        &nop.join("tn.xlsx"),
        "Đơn vị: Thái Nguyên",
        "Năm 2016",
        &rows,
    );
    let (_, json) = check_json(dir.path(), &["--lang", "en"]);
    let ambiguous = of_kind(&json, "ambiguous-number");
    assert_eq!(ambiguous.len(), 2, "{json:#}");
    // A General cell: what the user sees (0.95 %), with the other reading.
    let cb = ambiguous.iter().find(|d| d["unit"] == "CB").unwrap();
    assert_eq!(cb["cell"], "E6");
    let message = cb["message"].as_str().unwrap();
    assert!(
        message.contains("95%") && message.contains("score 20"),
        "{message}"
    );
    assert_eq!(unit(&json, "CB")["scores"]["1.1"], json!(0.2));
    // Text: read as a fraction (SPEC 3), 82 of 95.
    let tn = ambiguous.iter().find(|d| d["unit"] == "TN").unwrap();
    assert_eq!(tn["cell"], "E6");
    assert_eq!(unit(&json, "TN")["scores"]["1.1"], json!(17.26));
}

// ---------------------------------------------------------------------------
// 5. Formulas without a cached value
// ---------------------------------------------------------------------------

/// Rewrites an .xlsx as a program that does not recalculate saves it:
/// every formula's cached value removed (`<f>..</f>` and no `<v>`).
fn strip_formula_values(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name.starts_with("xl/worksheets/") {
            let mut xml = String::from_utf8(data).unwrap();
            while let Some(at) = xml.find("</f><v>") {
                let end = at + xml[at..].find("</v>").unwrap() + 4;
                xml.replace_range(at + 4..end, "");
            }
            data = xml.into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn formulas_without_a_value_never_count_as_numbers() {
    let dir = folder();
    let path = dir.path().join("nop/cb.xlsx");
    // Every Tự chấm a formula (as a form filled by openpyxl leaves them).
    let mut rows = clean_rows();
    for (i, row) in rows.iter_mut().enumerate() {
        let formulas = ["C6", "C7", "C8", "C9", "C10", "C11", "C12"];
        row.4 = C::Formula(formulas[i], 5.0);
    }
    write_table(&path, "Đơn vị: Cao Bằng", "Năm 2016", &rows);
    strip_formula_values(&path);
    let (_, json) = check_json(dir.path(), &["--lang", "en"]);
    let warnings = of_kind(&json, "uncalculated-formula");
    assert_eq!(warnings.len(), 1, "{json:#}");
    assert_eq!(warnings[0]["cell"], "F6");
    let message = warnings[0]["message"].as_str().unwrap();
    assert!(message.starts_with("7 formula cells"), "{message}");
    assert!(
        message.contains("F6, F7, F8, F9, F10 and 2 more"),
        "{message}"
    );
    let cb = unit(&json, "CB");
    assert_eq!(cb["self_total"], json!(null));
    // The assessed criterion's self-score is absent, not 0.
    let missing = of_kind(&json, "missing-value");
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert_eq!(missing[0]["cell"], "F10");
}

#[test]
fn calculated_formulas_are_read_by_their_value() {
    let dir = folder();
    let path = dir.path().join("nop/cb.xlsx");
    let mut rows = clean_rows();
    set(&mut rows, "2.3", |r| r.4 = C::Formula("9+9", 18.0));
    write_table(&path, "Đơn vị: Cao Bằng", "Năm 2016", &rows);
    let (code, json) = check_json(dir.path(), &[]);
    assert!(
        of_kind(&json, "uncalculated-formula").is_empty(),
        "{json:#}"
    );
    assert_eq!(unit(&json, "CB")["self_total"], json!(100.0));
    assert_eq!(code, 0, "{json:#}");
}

// ---------------------------------------------------------------------------
// 6. A blank form
// ---------------------------------------------------------------------------

#[test]
fn a_blank_form_is_one_error_and_the_unit_is_not_ranked() {
    let dir = folder();
    let nop = dir.path().join("nop");
    let blank: Vec<_> = clean_rows()
        .into_iter()
        .map(|(code, ..)| (code, C::Num(5.0), C::Empty, C::Empty, C::Empty))
        .collect();
    write_table(&nop.join("cb.xlsx"), "Đơn vị: Cao Bằng", "Năm 2016", &blank);
    write_table(
        &nop.join("tn.xlsx"),
        "Đơn vị: Thái Nguyên",
        "Năm 2016",
        &clean_rows(),
    );
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let cb_findings: Vec<_> = kinds(&json)
        .into_iter()
        .filter(|(_, u, _)| u.as_deref() == Some("CB"))
        .map(|(k, ..)| k)
        .collect();
    assert_eq!(cb_findings, ["empty-form"], "{json:#}");
    let cb = unit(&json, "CB");
    assert_eq!(cb["status"], "rejected");
    assert_eq!(cb["rank"], json!(null));
    assert_eq!(cb["total"], json!(null));
    assert_eq!(unit(&json, "TN")["rank"], json!(1));
}

// ---------------------------------------------------------------------------
// 7. A password-protected workbook
// ---------------------------------------------------------------------------

/// An OLE compound file whose directory holds an `EncryptionInfo` stream:
/// what Excel writes for an .xlsx with a password to open.
fn encrypted_ooxml() -> Vec<u8> {
    let mut bytes = vec![0u8; 1024];
    bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let name: Vec<u8> = "EncryptionInfo\0"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes[512..512 + name.len()].copy_from_slice(&name);
    bytes[512 + 64] = name.len() as u8;
    bytes[512 + 66] = 2; // a stream
    bytes
}

#[test]
fn a_password_protected_workbook_asks_for_one_without_a_password() {
    let dir = folder();
    std::fs::write(dir.path().join("nop/cao-bang.xlsx"), encrypted_ooxml()).unwrap();
    for (lang, says, not) in [
        ("en", "without a password", "save it as .xlsx"),
        ("vi", "không có mật khẩu", "lưu lại dạng .xlsx"),
    ] {
        let (_, json) = check_json(dir.path(), &["--lang", lang]);
        let unreadable = of_kind(&json, "unreadable-file");
        assert_eq!(unreadable.len(), 1, "{json:#}");
        let message = unreadable[0]["message"].as_str().unwrap();
        assert!(
            message.contains(says) && !message.contains(not),
            "{message}"
        );
    }
}

// ---------------------------------------------------------------------------
// 8. A file from another cluster and year
// ---------------------------------------------------------------------------

#[test]
fn a_file_from_another_year_says_wrong_year_and_only_that() {
    let dir = folder();
    let nop = dir.path().join("nop");
    write_table(
        &nop.join("cb.xlsx"),
        "Đơn vị: Cao Bằng",
        "Năm 2016",
        &clean_rows(),
    );
    // Another cluster's unit, another year.
    write_table(
        &nop.join("ha-giang.xlsx"),
        "Đơn vị: Hội CCB tỉnh Hà Giang",
        "BẢNG TỰ CHẤM NĂM 2015",
        &clean_rows(),
    );
    let (_, json) = check_json(dir.path(), &[]);
    let about: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "nop/ha-giang.xlsx")
        .map(|d| (d["kind"].as_str().unwrap(), d["cell"].as_str()))
        .collect();
    assert_eq!(about, [("wrong-year", Some("A3"))], "{json:#}");
}

// ---------------------------------------------------------------------------
// 9. An agreement left unedited
// ---------------------------------------------------------------------------

#[test]
fn when_no_workbook_names_a_unit_it_is_said_once_about_the_agreement() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path();
    // The agreement's units are not the cluster's (as `thidua init` writes them).
    write_agreement_with_units(
        f,
        &[
            ("DV1", "Hội Cựu chiến binh tỉnh A", "Tỉnh A"),
            ("DV2", "Hội Cựu chiến binh tỉnh B", "Tỉnh B"),
        ],
        &criteria(),
        &[],
    );
    let nop = f.join("nop");
    write_table(
        &nop.join("cao-bang.xlsx"),
        "Đơn vị: Hội CCB tỉnh Cao Bằng",
        "Năm 2016",
        &clean_rows(),
    );
    write_table(
        &nop.join("thai-nguyen.xlsx"),
        "Đơn vị: Thái Nguyên",
        "Năm 2016",
        &clean_rows(),
    );
    let (_, json) = check_json(f, &["--lang", "en"]);
    let all = of_kind(&json, "unknown-unit");
    // Each file keeps a finding, without the advice to add a "Đơn vị" line.
    let per_file: Vec<_> = all
        .iter()
        .filter(|d| d["file"] != "giao-uoc.xlsx")
        .collect();
    assert_eq!(per_file.len(), 2, "{json:#}");
    for d in per_file {
        let message = d["message"].as_str().unwrap();
        assert!(!message.contains("add a line"), "{message}");
        assert!(
            message.contains("see the finding about the agreement"),
            "{message}"
        );
    }
    let unknown: Vec<_> = all
        .iter()
        .filter(|d| d["file"] == "giao-uoc.xlsx")
        .collect();
    assert_eq!(unknown.len(), 1, "{json:#}");
    assert_eq!(unknown[0]["sheet"], "Đơn vị");
    let message = unknown[0]["message"].as_str().unwrap();
    assert!(message.contains("Đơn vị sheet"), "{message}");
    assert!(
        message.contains("nop/cao-bang.xlsx, nop/thai-nguyen.xlsx"),
        "{message}"
    );
    let statuses: Vec<_> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap(), f["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("nop/cao-bang.xlsx", "rejected"),
            ("nop/thai-nguyen.xlsx", "rejected")
        ]
    );
}
