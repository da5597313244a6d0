//! Round trip of the fill-in forms (`thidua forms`): every form, filled by
//! programs other than thidua (openpyxl writes the values, LibreOffice
//! recalculates), imports with no findings, shows the same scores as
//! `score::criterion_score` for every method (at rounding halves and target
//! boundaries too), and bad values give exactly the SPEC section 6 findings
//! at the right cells. Tests needing LibreOffice or openpyxl skip, saying
//! so, where those are missing.

mod common;
use calamine::{Data, Reader};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use thidua::model::diagnostic::{Diagnostic, Kind, Reason};
use thidua::model::{
    Agreement, AgreementInfo, Criterion, Date, Method, Section, Submission, Thresholds, Unit,
};
use thidua::read::import::{self, Imported};
use thidua::read::workbook::{self, ReadOptions};
use thidua::render::forms::{self, TABLE_SHEET};
use thidua::run::classes;
use thidua::run::score::{self, Inputs};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn unit(code: &str, name: &str, short: &str) -> Unit {
    Unit {
        code: code.into(),
        name: name.into(),
        short_name: short.into(),
        other_names: vec![],
        signer: Some("Nguyễn Văn Bình".into()),
        signer_title: Some("Chủ tịch".into()),
        old_codes: Vec::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn criterion(
    code: &str,
    content: &str,
    measure: &str,
    max: &str,
    method: Method,
    rate: Option<&str>,
    target: Option<&str>,
    per_unit: &[(&str, &str)],
    section: usize,
) -> Criterion {
    Criterion {
        code: code.into(),
        content: content.into(),
        measure: measure.into(),
        max: d(max),
        method,
        rate: rate.map(d),
        target: target.map(d),
        unit_targets: per_unit
            .iter()
            .map(|(u, t)| (u.to_string(), d(t)))
            .collect(),
        section: Some(section),
        row: 0,
    }
}

/// Three units, three sections, all six methods, per-unit targets, percent criteria.
fn agreement() -> Agreement {
    use Method::*;
    Agreement {
        info: AgreementInfo {
            organisation: "Hội Cựu chiến binh Việt Nam".into(),
            cluster: "Cụm thi đua số 3".into(),
            year: 2016,
            head: "CB".into(),
            deputy: Some("LS".into()),
            next_head: "LS".into(),
            next_deputy: "HG".into(),
            place: Some("Cao Bằng".into()),
            conference_date: Some(Date {
                year: 2016,
                month: 12,
                day: 15,
            }),
            thresholds: Thresholds {
                excellent: d("90"),
                good: d("80"),
                fair: d("65"),
            },
            flags: 1,
            certificates: 1,
        },
        units: vec![
            unit("CB", "Hội Cựu chiến binh tỉnh Cao Bằng", "Cao Bằng"),
            unit("LS", "Hội Cựu chiến binh tỉnh Lạng Sơn", "Lạng Sơn"),
            unit("HG", "Hội Cựu chiến binh tỉnh Hà Giang", "Hà Giang"),
        ],
        tree: None,
        sections: vec![
            Section {
                code: "I".into(),
                title: "Xây dựng tổ chức Hội vững mạnh".into(),
                max: Some(d("25")),
            },
            Section {
                code: "II".into(),
                title: "Thực hiện các nhiệm vụ trọng tâm".into(),
                max: None,
            },
            Section {
                code: "III".into(),
                title: "Điểm cộng, điểm trừ".into(),
                max: None,
            },
        ],
        criteria: vec![
            criterion(
                "1.1",
                "Tỷ lệ cựu chiến binh được kết nạp vào Hội",
                "%",
                "10",
                Proportional,
                None,
                Some("90"),
                &[("CB", "95"), ("LS", "80")],
                0,
            ),
            criterion(
                "1.2",
                "Quỹ Hội huy động trong năm",
                "nghìn đồng",
                "10",
                Proportional,
                None,
                Some("1250000"),
                &[("HG", "1234567")],
                0,
            ),
            criterion(
                "1.3",
                "Tỷ lệ chi hội đạt trong sạch, vững mạnh",
                "%",
                "5",
                Threshold,
                None,
                Some("95"),
                &[("LS", "90")],
                0,
            ),
            criterion(
                "2.1",
                "Số vụ khiếu kiện đông người, vượt cấp",
                "vụ",
                "5",
                Ceiling,
                Some("1.5"),
                Some("2"),
                &[("CB", "0")],
                1,
            ),
            criterion(
                "2.2",
                "Số hội viên vi phạm pháp luật",
                "người",
                "4",
                Ceiling,
                None,
                Some("0"),
                &[],
                1,
            ),
            criterion(
                "2.3",
                "Công tác tuyên truyền, giáo dục truyền thống",
                "",
                "10",
                Assessed,
                None,
                None,
                &[],
                1,
            ),
            criterion(
                "3.1",
                "Được khen thưởng đột xuất",
                "lần",
                "2",
                Bonus,
                Some("0.125"),
                None,
                &[],
                2,
            ),
            criterion(
                "3.2",
                "Bị cấp trên nhắc nhở bằng văn bản",
                "lần",
                "3",
                Penalty,
                Some("1"),
                None,
                &[],
                2,
            ),
        ],
        class_rules: None,
        title_rules: None,
    }
}

/// Which input a value goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    Result,
    SelfScore,
}

/// A value typed into the form: a number (as typed), text, or a fraction in
/// a percent-formatted cell (what Excel stores when "95%" is typed).
#[derive(Debug, Clone)]
enum Typed {
    Number(String),
    Text(&'static str),
    ShownAsPercent(&'static str),
}

impl Typed {
    /// What the importer should read: the number the user sees.
    fn seen(&self) -> Option<Decimal> {
        match self {
            Typed::Number(s) => Some(d(s)),
            Typed::ShownAsPercent(f) => Some(d(f) * Decimal::ONE_HUNDRED),
            Typed::Text(_) => None,
        }
    }
}

fn n(s: &str) -> Typed {
    Typed::Number(s.to_string())
}

/// One filled copy of a unit's form.
struct Fill {
    name: &'static str,
    unit: &'static str,
    values: Vec<(&'static str, Input, Typed)>,
}

/// Results near a rounding half of 100 × 10 × a / 1 234 567: (just below, just above).
fn near_halves() -> (String, String) {
    let t = 1_234_567i64;
    let find = |side: i64| {
        (1..t)
            .find(|a| 2 * ((1000 * a) % t) - t == side)
            .unwrap()
            .to_string()
    };
    (find(-1), find(1))
}

fn valid_fills() -> Vec<Fill> {
    use Input::*;
    let (low, high) = near_halves();
    vec![
        Fill {
            name: "cb-at-targets",
            unit: "CB",
            values: vec![
                ("1.1", Result, n("95")),
                ("1.2", Result, n("1196875")), // 9.575 exactly: 9.58
                ("1.3", Result, n("95")),
                ("2.1", Result, n("0")),
                ("2.2", Result, n("0")),
                ("2.3", SelfScore, n("8.125")), // 8.13
                ("3.1", Result, n("3")),        // 0.375: 0.38
                ("3.2", Result, n("2")),
            ],
        },
        Fill {
            name: "ls-halves",
            unit: "LS",
            values: vec![
                ("1.1", Result, n("75.4")), // 9.425: 9.43, from a decimal f64 cannot hold
                ("1.2", Result, n("1250000")),
                ("1.3", Result, n("89.99")), // just below the target
                ("2.1", Result, n("2.25")),  // 4.625: 4.63
                ("2.2", Result, n("0.5")),
                ("2.3", SelfScore, n("10")),
                ("3.1", Result, n("30")), // over the cap
                ("3.2", Result, n("7")),
            ],
        },
        Fill {
            name: "hg-below-half",
            unit: "HG",
            values: vec![
                ("1.1", Result, n("100")),
                ("1.2", Result, Typed::Number(low)),
                ("1.3", Result, n("100")),
                ("2.1", Result, n("3")),
                ("2.2", Result, n("1")),
                ("2.3", SelfScore, n("0")),
                ("3.1", Result, n("1")), // 0.125: 0.13
                ("3.2", Result, n("0.5")),
            ],
        },
        Fill {
            name: "hg-above-half",
            unit: "HG",
            values: vec![
                ("1.1", Result, Typed::ShownAsPercent("0.754")), // 75.4% of 90: 8.38
                ("1.2", Result, Typed::Number(high)),
                ("1.3", Result, n("94.99")),
                ("2.1", Result, n("9")), // floored at 0
                ("2.2", Result, n("0.25")),
                ("2.3", SelfScore, n("7.5")),
                ("3.1", Result, n("16")), // exactly the cap
                ("3.2", Result, n("3")),  // exactly the cap
            ],
        },
    ]
}

/// Text, a negative, a percentage over 100, an empty result, a text self-score.
fn bad_fill() -> Fill {
    use Input::*;
    Fill {
        name: "cb-bad",
        unit: "CB",
        values: vec![
            ("1.1", Result, Typed::Text("chưa có số liệu")),
            ("1.2", Result, n("-5")),
            ("1.3", Result, n("120")),
            ("2.2", Result, n("0")),
            ("2.3", SelfScore, Typed::Text("tám")),
            ("3.1", Result, n("0")),
            ("3.2", Result, n("0")),
        ],
    }
}

fn have(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Whether LibreOffice and Python with openpyxl are here; says why not.
fn tools_present(test: &str) -> bool {
    let python = have("python3", &["-c", "import openpyxl"]);
    let office = have("soffice", &["--version"]);
    if !(python && office) {
        eprintln!(
            "SKIPPED {test}: needs python3 with openpyxl and LibreOffice (soffice); run scripts/setup.sh"
        );
    }
    python && office
}

/// Cells of a sheet by absolute (row, column).
fn sheet_cells(path: &Path, sheet: &str) -> HashMap<(u32, u32), Data> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .map(|(r, c, v)| ((r0 + r as u32, c0 + c as u32), v.clone()))
        .collect()
}

fn text_of(data: Option<&Data>) -> String {
    match data {
        Some(Data::String(s)) => s.trim().to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn number_of(data: Option<&Data>) -> Decimal {
    match data {
        Some(Data::Float(x)) => thidua::text::decimal_from_f64(*x).unwrap(),
        Some(Data::Int(i)) => Decimal::from(*i),
        other => panic!("not a number: {other:?}"),
    }
}

fn a1(row: u32, column: u32) -> String {
    rust_xlsxwriter::utility::row_col_to_cell(row, column as u16)
}

/// Where things are in a form, found as a user's program would: by header names and codes.
struct Layout {
    columns: HashMap<String, u32>,
    rows: HashMap<String, u32>,
    total_row: u32,
    class_row: u32,
}

impl Layout {
    fn of(path: &Path) -> Layout {
        let cells = sheet_cells(path, TABLE_SHEET);
        let header = cells
            .iter()
            .find(|(_, v)| text_of(Some(v)) == "Mã")
            .map(|((r, _), _)| *r)
            .expect("a header row with Mã");
        let columns: HashMap<String, u32> = cells
            .iter()
            .filter(|((r, _), _)| *r == header)
            .map(|((_, c), v)| (text_of(Some(v)), *c))
            .collect();
        let find_row = |column: u32, wanted: &dyn Fn(&str) -> bool| {
            cells
                .iter()
                .filter(|((r, c), v)| *r > header && *c == column && wanted(&text_of(Some(v))))
                .map(|((r, _), _)| *r)
                .min()
        };
        let rows = agreement()
            .criteria
            .iter()
            .map(|c| {
                (
                    c.code.clone(),
                    find_row(0, &|t| t == c.code).expect("criterion row"),
                )
            })
            .collect();
        let content = columns["Nội dung"];
        let total_row = find_row(content, &|t| t == "Tổng cộng").unwrap();
        let class_row = find_row(content, &|t| t.starts_with("Xếp loại dự kiến")).unwrap();
        Layout {
            columns,
            rows,
            total_row,
            class_row,
        }
    }

    fn cell(&self, code: &str, header: &str) -> String {
        a1(self.rows[code], self.columns[header])
    }

    fn input(&self, code: &str, input: Input) -> String {
        self.cell(
            code,
            if input == Input::Result {
                "Kết quả"
            } else {
                "Tự chấm"
            },
        )
    }
}

/// openpyxl, filling forms as a unit's secretary would: jobs of
/// `{input, output, sheet, values: [[A1, value, number format or null]]}`.
const FILL_SCRIPT: &str = r#"import json, sys
import openpyxl
for job in json.load(open(sys.argv[1], encoding="utf-8")):
    wb = openpyxl.load_workbook(job["input"])
    ws = wb[job["sheet"]]
    for ref, value, number_format in job["values"]:
        ws[ref] = value
        if number_format:
            ws[ref].number_format = number_format
    wb.save(job["output"])
"#;

/// Writes the fills' values into copies of the blank forms with openpyxl.
fn fill_with_openpyxl(jobs: &[(PathBuf, PathBuf, &Fill)]) {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("fill.py");
    std::fs::write(&script, FILL_SCRIPT).unwrap();
    let spec: Vec<serde_json::Value> = jobs
        .iter()
        .map(|(input, output, fill)| {
            let layout = Layout::of(input);
            let values: Vec<serde_json::Value> = fill
                .values
                .iter()
                .map(|(code, which, typed)| {
                    let (value, format) = match typed {
                        Typed::Number(s) => (serde_json::Value::from(s.parse::<f64>().unwrap()), None),
                        Typed::Text(t) => (serde_json::Value::from(*t), None),
                        Typed::ShownAsPercent(f) => (serde_json::Value::from(f.parse::<f64>().unwrap()), Some("0.0%")),
                    };
                    serde_json::json!([layout.input(code, *which), value, format])
                })
                .collect();
            serde_json::json!({ "input": input, "output": output, "sheet": TABLE_SHEET, "values": values })
        })
        .collect();
    let spec_path = dir.path().join("jobs.json");
    std::fs::write(&spec_path, serde_json::to_vec(&spec).unwrap()).unwrap();
    let out = Command::new("python3")
        .arg(&script)
        .arg(&spec_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openpyxl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Imports a file with thidua's own importer.
fn import_file(path: &Path, agreement: &Agreement) -> (Submission, Vec<Diagnostic>) {
    let wb = workbook::read_workbook(path, &ReadOptions::default()).unwrap();
    let stem = path.file_stem().unwrap().to_string_lossy().to_string();
    match import::import(&wb, "nop/bang.xlsx", &stem, agreement) {
        Imported::Table(s, d) => (s, d),
        Imported::Rejected(d, notes) => panic!("{} rejected: {d:?} {notes:?}", path.display()),
    }
}

/// The findings of a blank form, which the importer rejects.
fn import_blank(path: &Path, agreement: &Agreement) -> Vec<Diagnostic> {
    let wb = workbook::read_workbook(path, &ReadOptions::default()).unwrap();
    match import::import(&wb, "nop/bang.xlsx", "bang", agreement) {
        Imported::Table(_, d) => panic!("a blank form imports as filled: {d:?}"),
        Imported::Rejected(d, _) => vec![*d],
    }
}

/// thidua's scores for what the importer read.
fn thidua_scores(agreement: &Agreement, submission: &Submission) -> Vec<Decimal> {
    agreement
        .criteria
        .iter()
        .zip(&submission.entries)
        .map(|(c, entry)| {
            let entry = entry.as_ref().unwrap();
            let inputs = Inputs {
                target: c.target_for(&submission.unit),
                result: entry.result.value(),
                self_score: entry.self_score.value(),
            };
            score::criterion_score(c, inputs)
        })
        .collect()
}

/// Blank forms of the fills' units, in `dir`, named after the fills.
fn blank_forms(agreement: &Agreement, fills: &[Fill], dir: &Path) -> Vec<PathBuf> {
    fills
        .iter()
        .map(|fill| {
            let unit = agreement.unit(fill.unit).unwrap();
            let path = dir.join(format!("{}-blank.xlsx", fill.name));
            std::fs::write(&path, forms::form(agreement, unit).unwrap()).unwrap();
            path
        })
        .collect()
}

/// Checks a recalculated form: its scores, total and classification are thidua's.
fn assert_form_scores_are_thiduas(
    path: &Path,
    agreement: &Agreement,
    fill: &Fill,
    submission: &Submission,
) {
    let layout = Layout::of(path);
    let cells = sheet_cells(path, TABLE_SHEET);
    let score_col = layout.columns["Điểm tính"];
    let expected = thidua_scores(agreement, submission);
    for (c, want) in agreement.criteria.iter().zip(&expected) {
        let got = number_of(cells.get(&(layout.rows[&c.code], score_col)));
        assert_eq!(
            got, *want,
            "{}: criterion {} ({:?})",
            fill.name, c.code, c.method
        );
    }
    let total: Decimal = expected.iter().sum();
    assert_eq!(
        number_of(cells.get(&(layout.total_row, score_col))),
        total,
        "{}: total",
        fill.name
    );
    let class = classes::classify(agreement, total, &[])
        .map_or(String::new(), |c| agreement.class_label(c).to_string());
    assert_eq!(
        text_of(cells.get(&(layout.class_row, score_col))),
        class,
        "{}: classification",
        fill.name
    );
}

#[test]
fn filled_forms_import_cleanly_and_score_like_thidua() {
    if !tools_present("filled_forms_import_cleanly_and_score_like_thidua") {
        return;
    }
    let agreement = agreement();
    let dir = tempfile::tempdir().unwrap();
    let mut fills = valid_fills();
    fills.push(bad_fill());
    let blanks = blank_forms(&agreement, &fills, dir.path());
    let filled_dir = dir.path().join("filled");
    std::fs::create_dir(&filled_dir).unwrap();
    let jobs: Vec<(PathBuf, PathBuf, &Fill)> = fills
        .iter()
        .zip(&blanks)
        .map(|(fill, blank)| {
            (
                blank.clone(),
                filled_dir.join(format!("{}.xlsx", fill.name)),
                fill,
            )
        })
        .collect();
    fill_with_openpyxl(&jobs);
    let outputs: Vec<PathBuf> = jobs.iter().map(|(_, out, _)| out.clone()).collect();
    let recalc_dir = dir.path().join("recalculated");
    let recalculated = common::recalculate_with_libreoffice(&outputs, &recalc_dir);

    for (fill, path) in fills.iter().zip(&recalculated) {
        let (submission, diagnostics) = import_file(path, &agreement);
        assert_eq!(submission.unit, fill.unit, "{}", fill.name);
        let layout = Layout::of(path);
        if fill.name == "cb-bad" {
            assert_bad_values_found(&diagnostics, &layout);
        } else {
            assert_no_findings(fill, &layout, &diagnostics);
            assert_values_read_back(fill, &agreement, &submission);
            assert_self_scores_are_the_computed_ones(fill, &agreement, &submission);
        }
        assert_form_scores_are_thiduas(path, &agreement, fill, &submission);
    }
}

/// No findings, but for what a reader that cannot see number formats must
/// say about a fraction in a percent-formatted cell (`ambiguous-number`,
/// read as the percentage all the same).
fn assert_no_findings(fill: &Fill, layout: &Layout, diagnostics: &[Diagnostic]) {
    let fractions: Vec<String> = fill
        .values
        .iter()
        .filter(|(_, _, typed)| matches!(typed, Typed::ShownAsPercent(_)))
        .map(|(code, which, _)| layout.input(code, *which))
        .collect();
    let unexpected: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| {
            !(d.kind == Kind::AmbiguousNumber
                && d.reason == Some(Reason::FractionAsPercent)
                && d.cell.as_ref().is_some_and(|c| fractions.contains(c)))
        })
        .collect();
    assert!(unexpected.is_empty(), "{}: {unexpected:#?}", fill.name);
}

/// Exactly the SPEC section 6 findings for the bad values, at their cells.
fn assert_bad_values_found(diagnostics: &[Diagnostic], layout: &Layout) {
    let mut found: Vec<(Kind, String, Option<Reason>)> = diagnostics
        .iter()
        .map(|d| (d.kind, d.cell.clone().unwrap_or_default(), d.reason.clone()))
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1));
    let mut want = vec![
        (
            Kind::NotANumber,
            layout.input("1.1", Input::Result),
            Some(Reason::ResultCell),
        ),
        (
            Kind::OutOfRange,
            layout.input("1.2", Input::Result),
            Some(Reason::Negative),
        ),
        (
            Kind::OutOfRange,
            layout.input("1.3", Input::Result),
            Some(Reason::PercentOver100),
        ),
        (
            Kind::MissingValue,
            layout.input("2.1", Input::Result),
            Some(Reason::ResultCell),
        ),
        (
            Kind::NotANumber,
            layout.input("2.3", Input::SelfScore),
            Some(Reason::SelfScoreCell),
        ),
    ];
    want.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(found, want, "{diagnostics:#?}");
    for d in diagnostics {
        assert_eq!(d.unit.as_deref(), Some("CB"));
        assert_eq!(d.sheet.as_deref(), Some(TABLE_SHEET));
    }
}

/// The importer reads back exactly the numbers typed.
fn assert_values_read_back(fill: &Fill, agreement: &Agreement, submission: &Submission) {
    for (code, which, typed) in &fill.values {
        let i = agreement
            .criteria
            .iter()
            .position(|c| c.code == *code)
            .unwrap();
        let entry = submission.entries[i].as_ref().unwrap();
        let reading = if *which == Input::Result {
            &entry.result
        } else {
            &entry.self_score
        };
        assert_eq!(reading.value(), typed.seen(), "{}: {code}", fill.name);
    }
}

/// `Tự chấm` of non-assessed criteria is the form's score, which is thidua's.
fn assert_self_scores_are_the_computed_ones(
    fill: &Fill,
    agreement: &Agreement,
    submission: &Submission,
) {
    let scores = thidua_scores(agreement, submission);
    for ((c, entry), score) in agreement
        .criteria
        .iter()
        .zip(&submission.entries)
        .zip(scores)
    {
        let entry = entry.as_ref().unwrap();
        if c.method != Method::Assessed {
            assert_eq!(
                entry.self_score.value(),
                Some(score),
                "{}: self-score of {}",
                fill.name,
                c.code
            );
        }
    }
}

#[test]
fn form_filled_by_openpyxl_alone_says_once_that_its_formulas_are_not_calculated() {
    if !have("python3", &["-c", "import openpyxl"]) {
        eprintln!("SKIPPED form_filled_by_openpyxl_alone_says_once_that_its_formulas_are_not_calculated: needs python3 with openpyxl (bash scripts/setup.sh installs it)");
        return;
    }
    let agreement = agreement();
    let dir = tempfile::tempdir().unwrap();
    let fills = valid_fills();
    let blanks = blank_forms(&agreement, &fills, dir.path());
    let jobs: Vec<(PathBuf, PathBuf, &Fill)> = fills
        .iter()
        .zip(&blanks)
        .map(|(fill, blank)| {
            (
                blank.clone(),
                dir.path().join(format!("{}.xlsx", fill.name)),
                fill,
            )
        })
        .collect();
    fill_with_openpyxl(&jobs);
    for (_, path, fill) in &jobs {
        let (submission, diagnostics) = import_file(path, &agreement);
        assert_eq!(submission.unit, fill.unit);
        // openpyxl does not recalculate: the form's formulas (the computed
        // self-scores) have no value. One finding says so (issue 12); they
        // never count as numbers, and the self-score total is unknown.
        let (uncalculated, rest): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics
            .into_iter()
            .partition(|d| d.kind == Kind::UncalculatedFormula);
        assert_eq!(uncalculated.len(), 1, "{}: {uncalculated:#?}", fill.name);
        assert!(submission.self_total_unknown, "{}", fill.name);
        assert_no_findings(fill, &Layout::of(path), &rest);
        assert_values_read_back(fill, &agreement, &submission);
    }
}

#[test]
fn blank_form_names_unit_year_and_signed_targets() {
    let agreement = agreement();
    let dir = tempfile::tempdir().unwrap();
    for unit in &agreement.units {
        let path = dir.path().join(forms::file_name(&unit.code));
        let bytes = forms::form(&agreement, unit).unwrap();
        assert_eq!(
            bytes,
            forms::form(&agreement, unit).unwrap(),
            "same inputs, same bytes"
        );
        std::fs::write(&path, bytes).unwrap();
        // Sent back unfilled, it is an empty form of this unit (SPEC 6):
        // nothing in it reads as an entered value (no cached 0).
        let rejected = import_blank(&path, &agreement);
        assert_eq!(
            rejected
                .iter()
                .map(|d| (d.kind, d.unit.clone()))
                .collect::<Vec<_>>(),
            vec![(Kind::EmptyForm, Some(unit.code.clone()))]
        );
        // The signed targets, on each criterion's row.
        let cells = sheet_cells(&path, TABLE_SHEET);
        for c in &agreement.criteria {
            let row = cells
                .iter()
                .find(|((_, col), v)| *col == 0 && text_of(Some(v)) == c.code)
                .map(|((r, _), _)| *r)
                .unwrap();
            let written = cells.get(&(row, 5)).map(|v| number_of(Some(v)));
            assert_eq!(written, c.target_for(&unit.code), "{}", c.code);
        }
        let book = calamine::open_workbook_auto(&path).unwrap();
        assert_eq!(
            book.sheet_names(),
            vec![TABLE_SHEET.to_string(), forms::GUIDE_SHEET.to_string()]
        );
    }
}

/// Writes `agreement` as a giao-uoc.xlsx of SPEC section 3.
fn write_agreement(agreement: &Agreement, path: &Path) {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let info = &agreement.info;
    let sheet = book.add_worksheet().set_name("Thông tin").unwrap();
    let pairs: Vec<(&str, String)> = vec![
        ("Tổ chức", info.organisation.clone()),
        ("Cụm thi đua", info.cluster.clone()),
        ("Cụm trưởng", info.head.clone()),
        ("Cụm phó", info.deputy.clone().unwrap_or_default()),
        ("Địa điểm", info.place.clone().unwrap_or_default()),
        ("Ngày hội nghị", "15/12/2016".into()),
    ];
    sheet.write(0, 0, "Năm").unwrap();
    sheet.write(0, 1, info.year).unwrap();
    for (i, (k, v)) in pairs.iter().enumerate() {
        sheet.write(i as u32 + 1, 0, *k).unwrap();
        sheet.write(i as u32 + 1, 1, v.as_str()).unwrap();
    }
    let sheet = book.add_worksheet().set_name("Đơn vị").unwrap();
    for (j, h) in ["Mã", "Tên đơn vị", "Tên ngắn", "Người ký", "Chức vụ"]
        .iter()
        .enumerate()
    {
        sheet.write(0, j as u16, *h).unwrap();
    }
    for (i, u) in agreement.units.iter().enumerate() {
        let row = i as u32 + 1;
        let values = [
            &u.code,
            &u.name,
            &u.short_name,
            u.signer.as_ref().unwrap(),
            u.signer_title.as_ref().unwrap(),
        ];
        for (j, v) in values.iter().enumerate() {
            sheet.write(row, j as u16, v.as_str()).unwrap();
        }
    }
    let sheet = book.add_worksheet().set_name("Giao ước").unwrap();
    let headers = [
        "Mã",
        "Nội dung",
        "Đơn vị tính",
        "Điểm chuẩn",
        "Cách chấm",
        "Mức",
        "Chỉ tiêu",
        "CB",
        "LS",
        "HG",
    ];
    for (j, h) in headers.iter().enumerate() {
        sheet.write(0, j as u16, *h).unwrap();
    }
    let number = |x: Decimal| x.to_string().parse::<f64>().unwrap();
    let mut row = 1;
    for (i, section) in agreement.sections.iter().enumerate() {
        sheet.write(row, 0, section.code.as_str()).unwrap();
        sheet.write(row, 1, section.title.as_str()).unwrap();
        if let Some(max) = section.max {
            sheet.write(row, 3, number(max)).unwrap();
        }
        row += 1;
        for c in agreement.criteria.iter().filter(|c| c.section == Some(i)) {
            sheet.write(row, 0, c.code.as_str()).unwrap();
            sheet.write(row, 1, c.content.as_str()).unwrap();
            sheet.write(row, 2, c.measure.as_str()).unwrap();
            sheet.write(row, 3, number(c.max)).unwrap();
            sheet.write(row, 4, c.method.name_vi()).unwrap();
            if let Some(r) = c.rate {
                sheet.write(row, 5, number(r)).unwrap();
            }
            if let Some(t) = c.target {
                sheet.write(row, 6, number(t)).unwrap();
            }
            for (j, code) in ["CB", "LS", "HG"].iter().enumerate() {
                if let Some(t) = c.unit_targets.get(*code) {
                    sheet.write(row, 7 + j as u16, number(*t)).unwrap();
                }
            }
            row += 1;
        }
    }
    book.save(path).unwrap();
}

fn run_thidua(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(args)
        .output()
        .unwrap()
}

fn read_dir_sorted(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn forms_command_writes_one_form_per_unit_the_same_every_time() {
    let agreement = agreement();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path();
    write_agreement(&agreement, &folder.join("giao-uoc.xlsx"));
    let folder_arg = folder.to_str().unwrap();
    let out = run_thidua(&["forms", folder_arg]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let forms_dir = folder.join("ket-qua").join("bieu-mau");
    let first = read_dir_sorted(&forms_dir);
    assert_eq!(
        first.keys().cloned().collect::<Vec<_>>(),
        vec!["CB.xlsx", "HG.xlsx", "LS.xlsx"]
    );
    for unit in &agreement.units {
        let rejected = import_blank(&forms_dir.join(format!("{}.xlsx", unit.code)), &agreement);
        assert_eq!(rejected[0].unit.as_deref(), Some(unit.code.as_str()));
    }
    let out = run_thidua(&["forms", folder_arg, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["forms"][0]["file"], "ket-qua/bieu-mau/CB.xlsx");
    assert_eq!(
        read_dir_sorted(&forms_dir),
        first,
        "byte-identical on a second run"
    );
}

#[test]
fn forms_command_writes_nothing_for_a_bad_agreement() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("giao-uoc.xlsx"), b"not a workbook").unwrap();
    let out = run_thidua(&["forms", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("ket-qua").exists());
    let empty = tempfile::tempdir().unwrap();
    let out = run_thidua(&["forms", empty.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!empty.path().join("ket-qua").exists());
}

/// Facts of a form read by openpyxl: row heights, the header's rules, the
/// document properties.
fn form_facts(path: &Path) -> serde_json::Value {
    let script = r#"
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
heights = {str(r): d.height for r, d in ws.row_dimensions.items() if d.height}
rules = [c for c in ["A3", "B3", "C3", "D3", "E3", "F3", "G3", "H3", "I3", "J3"]
         if ws[c].border.top is not None and ws[c].border.top.style == "thin"]
p = wb.properties
print(json.dumps({"heights": heights, "rules": rules, "title": p.title,
                  "keywords": p.keywords, "subject": p.subject}))
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openpyxl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_blank_form_recalculated_shows_no_stray_zero_nor_a_classification_and_is_signed_next_year() {
    if !tools_present("a_blank_form_recalculated") {
        return;
    }
    let mut agreement = agreement();
    // A section title of two lines in bold capitals.
    agreement.sections[0].title =
        "CÔNG TÁC TUYÊN TRUYỀN, GIÁO DỤC CHÍNH TRỊ, TƯ TƯỞNG CHO HỘI VIÊN".into();
    let dir = tempfile::tempdir().unwrap();
    let unit = &agreement.units[0];
    let path = dir.path().join(forms::file_name(&unit.code));
    std::fs::write(&path, forms::form(&agreement, unit).unwrap()).unwrap();
    let recalculated = common::recalculate_with_libreoffice(
        std::slice::from_ref(&path),
        &dir.path().join("recalculated"),
    );
    let year = agreement.info.year;
    for file in [&path, &recalculated[0]] {
        let cells = sheet_cells(file, TABLE_SHEET);
        let header = HEADER_ROW_OF_FORM;
        // Tự chấm repeats the score only once a result is entered: "" until then, never 0.
        let mut echoes = 0;
        let rows: Vec<u32> = cells
            .keys()
            .filter(|(r, c)| *c == 0 && *r > header)
            .map(|(r, _)| *r)
            .collect();
        for row in rows {
            let code = text_of(cells.get(&(row, 0)));
            let criterion = agreement.criteria.iter().find(|c| c.code == code);
            if criterion.is_some_and(|c| c.method != Method::Assessed) {
                let value = cells.get(&(row, 7));
                assert!(
                    matches!(value, None | Some(Data::Empty))
                        || matches!(value, Some(Data::String(s)) if s.is_empty()),
                    "{}: Tự chấm of {code} is {value:?} on a blank form",
                    file.display()
                );
                echoes += 1;
            }
        }
        assert!(echoes > 0, "no Tự chấm formula checked");
        // No classification before anything is entered.
        let label = cells
            .iter()
            .find(|(_, v)| text_of(Some(v)).starts_with("Xếp loại dự kiến"))
            .map(|(at, _)| *at)
            .expect("the classification line");
        let shown = text_of(cells.get(&(label.0, 8)));
        assert_eq!(shown, "", "{}: a blank form says {shown:?}", file.display());
        assert!(
            !cells.values().any(|v| text_of(Some(v)) == "Chưa đạt"),
            "a blank form already says Chưa đạt"
        );
        // Signed in the January after the year evaluated.
        let signed = format!("ngày …… tháng …… năm {}", year + 1);
        assert!(
            cells.values().any(|v| text_of(Some(v)).ends_with(&signed)),
            "no signing line ending {signed:?}"
        );
    }
    let facts = form_facts(&path);
    // The bold section title of two lines gets a row of two lines.
    let section_row = {
        let cells = sheet_cells(&path, TABLE_SHEET);
        cells
            .iter()
            .find(|(_, v)| text_of(Some(v)).starts_with("CÔNG TÁC TUYÊN TRUYỀN"))
            .map(|((r, _), _)| *r)
            .unwrap()
    };
    let height = facts["heights"][(section_row + 1).to_string()]
        .as_f64()
        .unwrap_or(15.0);
    assert!(
        height >= 2.0 * 14.0,
        "section row {height} pt for two lines"
    );
    // Short rules under the unit's name (column B) and under the motto.
    let rules: Vec<&str> = facts["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(rules.contains(&"B3"), "{rules:?}");
    assert!(rules.contains(&"H3"), "{rules:?}");
    assert!(
        !rules.contains(&"A3") && !rules.contains(&"J3"),
        "{rules:?}"
    );
    // Clear once emailed: the properties name the unit, the cluster and the year.
    let title = facts["title"].as_str().unwrap();
    for part in [
        unit.name.as_str(),
        unit.code.as_str(),
        agreement.info.cluster.as_str(),
        &year.to_string(),
    ] {
        assert!(title.contains(part), "title {title:?} lacks {part:?}");
    }
    let keywords = facts["keywords"].as_str().unwrap();
    assert!(keywords.contains(&unit.code) && keywords.contains(&year.to_string()));
}

/// Row of the form table's header (0-based), as `forms` writes it.
const HEADER_ROW_OF_FORM: u32 = 7;
