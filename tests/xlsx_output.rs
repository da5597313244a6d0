//! The consolidated workbook read back by other programs: calamine for every
//! number, name and status, the raw XML for print set-up and properties,
//! and LibreOffice (when installed) for the recomputed formulas.

mod common;
use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::str::FromStr;
use thidua::model::diagnostic::{Diagnostic, Kind, Lang, Reason};
use thidua::model::status_words;
use thidua::model::Outcome;
use thidua::model::{
    Adjustment, Agreement, AgreementInfo, Classification, Criterion, CriterionScore, Date,
    FileRecord, FileStatus, Method, Proposal, Section, Thresholds, Unit, UnitResult, UnitStatus,
};
use thidua::render::xlsx::{
    consolidated, unit_sheet_names, CHARTS_SHEET, CHECKS_SHEET, DETAIL_SHEET, SUMMARY_SHEET,
};
use thidua::render::{Detail, PER_UNIT_DETAIL_MAX};

/// The 40-odd-character, punctuation-heavy short name of unit BR.
const LONG_NAME: &str = "Hội CCB tỉnh Bà Rịa - Vũng Tàu / TP.HCM: [khối 2]*?";

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("a decimal literal")
}

fn unit(code: &str, name: &str, short: &str) -> Unit {
    Unit {
        code: code.into(),
        name: name.into(),
        short_name: short.into(),
        other_names: Vec::new(),
        signer: None,
        signer_title: None,
        old_codes: Vec::new(),
    }
}

fn criterion(
    code: &str,
    content: &str,
    measure: &str,
    max: &str,
    method: Method,
    section: usize,
) -> Criterion {
    Criterion {
        code: code.into(),
        content: content.into(),
        measure: measure.into(),
        max: d(max),
        method,
        rate: None,
        target: None,
        unit_targets: BTreeMap::new(),
        section: Some(section),
        row: 0,
    }
}

fn agreement(conference: Option<Date>) -> Agreement {
    let mut criteria = vec![
        criterion(
            "1.1",
            "Phát triển hội viên mới",
            "hội viên",
            "10",
            Method::Proportional,
            0,
        ),
        criterion(
            "1.2",
            "Tổ chức đại hội nhiệm kỳ đúng kế hoạch",
            "lần",
            "10",
            Method::Threshold,
            0,
        ),
        criterion("2.1", "Tỷ lệ hội viên nghèo", "%", "20", Method::Ceiling, 1),
        criterion(
            "2.2",
            "Thực hiện chính sách đối với hội viên",
            "",
            "60",
            Method::Assessed,
            1,
        ),
        criterion(
            "3.1",
            "Điểm thưởng: mô hình hay",
            "mô hình",
            "5",
            Method::Bonus,
            2,
        ),
        criterion("3.2", "Điểm trừ: vi phạm", "vụ", "5", Method::Penalty, 2),
    ];
    criteria[0].target = Some(d("100"));
    criteria[0].unit_targets.insert("HG".into(), d("120"));
    criteria[1].target = Some(d("1"));
    criteria[2].target = Some(d("5"));
    criteria[2].rate = Some(d("2"));
    criteria[4].rate = Some(d("1"));
    criteria[5].rate = Some(d("1"));
    Agreement {
        info: AgreementInfo {
            organisation: "Hội Cựu chiến binh Việt Nam".into(),
            cluster: "Cụm thi đua số 3".into(),
            year: 2016,
            head: "CB".into(),
            deputy: Some("LS".into()),
            next_head: "LS".into(),
            next_deputy: "HG".into(),
            place: Some("Lạng Sơn".into()),
            conference_date: conference,
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
            unit("BR", "Hội Cựu chiến binh tỉnh Bà Rịa - Vũng Tàu", LONG_NAME),
            unit("BK", "Hội Cựu chiến binh tỉnh Bắc Kạn", "Bắc Kạn"),
            unit("TN", "Hội Cựu chiến binh tỉnh Thái Nguyên", "Thái Nguyên"),
            unit("TQ", "Hội Cựu chiến binh tỉnh Tuyên Quang", "Tuyên Quang"),
        ],
        tree: None,
        sections: vec![
            Section {
                code: "I".into(),
                title: "Công tác tổ chức".into(),
                max: Some(d("20")),
            },
            Section {
                code: "II".into(),
                title: "Công tác chính sách".into(),
                max: Some(d("80")),
            },
            Section {
                code: "III".into(),
                title: "Điểm thưởng, điểm trừ".into(),
                max: None,
            },
        ],
        criteria,
        class_rules: None,
        title_rules: None,
    }
}

/// One criterion's line: target, result, self-score, computed, counted score.
type Row<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
    &'a str,
);

fn scores(rows: &[Row]) -> Vec<CriterionScore> {
    rows.iter()
        .map(|&(target, result, own, computed, score)| CriterionScore {
            target: target.map(d),
            written_target: None,
            result: result.map(d),
            self_score: own.map(d),
            computed: d(computed),
            adjustment: None,
            score: d(score),
        })
        .collect()
}

fn scored(
    code: &str,
    file: &str,
    scores: Vec<CriterionScore>,
    rank: u32,
    class: Classification,
) -> UnitResult {
    let total: Decimal = scores.iter().map(|s| s.score).sum();
    let own: Vec<Decimal> = scores.iter().filter_map(|s| s.self_score).collect();
    UnitResult {
        code: code.into(),
        status: UnitStatus::Scored,
        file: Some(file.into()),
        scores,
        self_total: if own.is_empty() {
            None
        } else {
            Some(own.iter().sum())
        },
        total: Some(total),
        rank: Some(rank),
        classification: Some(class),
        proposal: None,
    }
}

fn unscored(code: &str, status: UnitStatus, file: Option<&str>) -> UnitResult {
    UnitResult {
        code: code.into(),
        status,
        file: file.map(Into::into),
        scores: Vec::new(),
        self_total: None,
        total: None,
        rank: None,
        classification: None,
        proposal: None,
    }
}

fn file(name: &str, unit: Option<&str>, status: FileStatus) -> FileRecord {
    FileRecord {
        file: name.into(),
        unit: unit.map(Into::into),
        status,
        skip: (status == FileStatus::Skipped).then_some(thidua::model::Skip::NotSpreadsheet),
    }
}

/// Seven units: three ranked with a tie across the certificate cut-off, one
/// with a long punctuation-heavy name and no self-scores, one missing, one
/// duplicate, one rejected; an adjustment; findings of every sort, some with
/// text that looks like a formula.
fn outcome_with(conference: Option<Date>) -> Outcome {
    let agreement = agreement(conference);
    let mut cb = scored(
        "CB",
        "nop/cao-bang.xlsx",
        scores(&[
            (Some("100"), Some("130"), Some("10"), "10", "10"),
            (Some("1"), Some("1"), Some("10"), "10", "10"),
            (Some("5"), Some("3.5"), Some("20"), "20", "20"),
            (None, None, Some("56"), "55.5", "55.5"),
            (None, Some("2"), Some("2"), "2", "2"),
            (None, Some("1"), Some("-1"), "-1", "-1"),
        ]),
        1,
        Classification::EXCELLENT,
    );
    cb.proposal = Some(Proposal::FLAG);
    let mut ls_scores = scores(&[
        (Some("100"), Some("95.75"), Some("10"), "9.58", "9.58"),
        (Some("1"), Some("1"), Some("10"), "10", "10"),
        (Some("5"), Some("7"), Some("16"), "16", "16"),
        (None, None, Some("54"), "50", "52"),
        (None, Some("0"), None, "0", "0"),
        (None, Some("0"), None, "0", "0"),
    ]);
    ls_scores[2].written_target = Some(d("6"));
    ls_scores[3].adjustment = Some(Adjustment {
        unit: "LS".into(),
        criterion: "2.2".into(),
        score: d("52"),
        reason: "Bổ sung minh chứng hội nghị chuyên đề".into(),
    });
    let mut ls = scored(
        "LS",
        "nop/lang-son.xlsx",
        ls_scores,
        2,
        Classification::GOOD,
    );
    ls.proposal = Some(Proposal::Vote);
    let mut hg = scored(
        "HG",
        "nop/ha-giang.xlsx",
        scores(&[
            (Some("120"), Some("120"), Some("10"), "10", "10"),
            (Some("1"), None, Some("10"), "0", "0"),
            (Some("5"), Some("4"), Some("20"), "20", "20"),
            (None, None, Some("57.58"), "57.58", "57.58"),
            (None, None, None, "0", "0"),
            (None, None, None, "0", "0"),
        ]),
        2,
        Classification::GOOD,
    );
    hg.proposal = Some(Proposal::Vote);
    let br = scored(
        "BR",
        "nop/ba-ria.xlsx",
        scores(&[
            (Some("100"), Some("62.5"), None, "6.25", "6.25"),
            (Some("1"), Some("1"), None, "10", "10"),
            (Some("5"), Some("9"), None, "12", "12"),
            (None, None, None, "0", "0"),
            (None, Some("3"), None, "3", "3"),
            (None, Some("1"), None, "-1", "-1"),
        ]),
        4,
        Classification::NOT_MET,
    );
    let units = vec![
        cb,
        ls,
        hg,
        br,
        unscored("BK", UnitStatus::Missing, None),
        unscored("TN", UnitStatus::Duplicate, Some("nop/thai-nguyen-1.xlsx")),
        unscored("TQ", UnitStatus::Rejected, Some("nop/tuyen-quang.xlsx")),
    ];
    let at = |kind: Kind, unit: &str, file: &str| {
        Diagnostic::new(kind).unit(unit).file(file).sheet("Tự chấm")
    };
    let diagnostics = vec![
        at(Kind::UnknownCriterion, "BR", "nop/ba-ria.xlsx")
            .cell("A20")
            .found("+84 ghi chú thêm"),
        at(Kind::LegacyEncoding, "CB", "nop/cao-bang.xlsx").reason(Reason::Legacy("TCVN3")),
        at(Kind::NotANumber, "HG", "nop/ha-giang.xlsx")
            .criterion("1.2")
            .cell("E9")
            .found("=HYPERLINK(\"http://example.com\")")
            .reason(Reason::ResultCell),
        at(Kind::TargetMismatch, "LS", "nop/lang-son.xlsx")
            .criterion("2.1")
            .cell("D11")
            .expected(5)
            .found(6),
        at(Kind::SelfScoreMismatch, "LS", "nop/lang-son.xlsx")
            .criterion("1.1")
            .cell("G8")
            .expected(9.58)
            .found(10),
        at(Kind::Adjustment, "LS", "nop/lang-son.xlsx")
            .criterion("2.2")
            .found(50)
            .expected(52)
            .reason(Reason::AdjustmentReason(
                "Bổ sung minh chứng hội nghị chuyên đề".into(),
            )),
        Diagnostic::new(Kind::DuplicateUnit)
            .unit("TN")
            .file("nop/thai-nguyen-1.xlsx")
            .found("nop/thai-nguyen-1.xlsx, nop/thai-nguyen-2.xlsx"),
        Diagnostic::new(Kind::DuplicateUnit)
            .unit("TN")
            .file("nop/thai-nguyen-2.xlsx")
            .found("nop/thai-nguyen-1.xlsx, nop/thai-nguyen-2.xlsx"),
        Diagnostic::new(Kind::WrongYear)
            .unit("TQ")
            .file("nop/tuyen-quang.xlsx")
            .expected(2016)
            .found(2015),
        Diagnostic::new(Kind::MissingUnit).unit("BK"),
        Diagnostic::new(Kind::TieAtCutoff)
            .unit("LS")
            .found("LS, HG")
            .expected(87.58)
            .reason(Reason::CutoffCertificate),
        Diagnostic::new(Kind::TieAtCutoff)
            .unit("HG")
            .found("LS, HG")
            .expected(87.58)
            .reason(Reason::CutoffCertificate),
    ];
    let files = vec![
        file("nop/@ghi-chu.txt", None, FileStatus::Skipped),
        file("nop/ba-ria.xlsx", Some("BR"), FileStatus::Used),
        file("nop/cao-bang.xlsx", Some("CB"), FileStatus::Used),
        file("nop/ha-giang.xlsx", Some("HG"), FileStatus::Used),
        file("nop/lang-son.xlsx", Some("LS"), FileStatus::Used),
        file("nop/thai-nguyen-1.xlsx", Some("TN"), FileStatus::Duplicate),
        file("nop/thai-nguyen-2.xlsx", Some("TN"), FileStatus::Duplicate),
        file("nop/tuyen-quang.xlsx", Some("TQ"), FileStatus::Rejected),
    ];
    let submissions = vec![None; units.len()];
    Outcome {
        agreement,
        units,
        ranking: vec![0, 1, 2, 3],
        files,
        diagnostics,
        submissions,
        unit_findings: Default::default(),
        previous: None,
    }
}

fn outcome() -> Outcome {
    outcome_with(Some(Date {
        year: 2016,
        month: 12,
        day: 20,
    }))
}

// ---------------------------------------------------------------------------
// Reading the workbook back.

struct Book {
    xlsx: Xlsx<Cursor<Vec<u8>>>,
    bytes: Vec<u8>,
}

impl Book {
    fn render(outcome: &Outcome) -> Book {
        Book::render_with(outcome, Detail::of(outcome, false))
    }

    fn render_with(outcome: &Outcome, detail: Detail) -> Book {
        let bytes = consolidated(outcome, detail).expect("the workbook renders");
        let xlsx =
            open_workbook_from_rs(Cursor::new(bytes.clone())).expect("calamine opens the workbook");
        Book { xlsx, bytes }
    }

    fn sheet(&mut self, name: &str) -> Sheet {
        let values = self.xlsx.worksheet_range(name).expect("the sheet exists");
        let formulas = self
            .xlsx
            .worksheet_formula(name)
            .expect("the sheet's formulas");
        Sheet { values, formulas }
    }

    /// A part of the zip package, as text.
    fn part(&self, name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(self.bytes.clone())).expect("a zip package");
        let mut text = String::new();
        zip.by_name(name)
            .expect("the part exists")
            .read_to_string(&mut text)
            .expect("UTF-8 XML");
        text
    }
}

struct Sheet {
    values: Range<Data>,
    formulas: Range<String>,
}

impl Sheet {
    fn value(&self, row: u32, col: u32) -> Data {
        self.values
            .get_value((row, col))
            .cloned()
            .unwrap_or(Data::Empty)
    }

    fn text(&self, row: u32, col: u32) -> String {
        match self.value(row, col) {
            Data::String(s) => s,
            Data::Empty => String::new(),
            other => panic!("text expected at ({row}, {col}), found {other:?}"),
        }
    }

    fn number(&self, row: u32, col: u32) -> Option<f64> {
        match self.value(row, col) {
            Data::Float(x) => Some(x),
            Data::Int(x) => Some(x as f64),
            Data::Empty => None,
            other => panic!("a number expected at ({row}, {col}), found {other:?}"),
        }
    }

    fn formula(&self, row: u32, col: u32) -> String {
        self.formulas
            .get_value((row, col))
            .cloned()
            .unwrap_or_default()
    }

    /// The first row whose column `col` holds `text`.
    fn find_row(&self, col: u32, text: &str) -> u32 {
        let (height, _) = self.values.get_size();
        let start = self.values.start().map_or(0, |s| s.0);
        (start..start + height as u32)
            .find(|&r| matches!(self.value(r, col), Data::String(ref s) if s == text))
            .unwrap_or_else(|| panic!("no row holds {text:?} in column {col}"))
    }

    /// Every formula cell: (row, col, formula).
    fn formula_cells(&self) -> Vec<(u32, u32, String)> {
        let start = self.formulas.start().unwrap_or((0, 0));
        self.formulas
            .used_cells()
            .filter(|(_, _, f)| !f.is_empty())
            .map(|(r, c, f)| (start.0 + r as u32, start.1 + c as u32, f.clone()))
            .collect()
    }
}

fn num(x: Decimal) -> f64 {
    x.to_f64().expect("a decimal fits in f64")
}

fn opt(x: Option<Decimal>) -> Option<f64> {
    x.map(num)
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

fn sheet_names(o: &Outcome) -> Vec<String> {
    unit_sheet_names(
        o.agreement
            .units
            .iter()
            .map(|u| (u.display_name(), u.code.as_str())),
    )
}

// ---------------------------------------------------------------------------
// Sheets and names.

#[test]
fn sheets_are_the_fixed_four_then_one_per_unit() {
    let o = outcome();
    let book = Book::render(&o);
    let mut expected: Vec<String> = [SUMMARY_SHEET, DETAIL_SHEET, CHECKS_SHEET, CHARTS_SHEET]
        .iter()
        .map(|s| s.to_string())
        .collect();
    expected.extend(sheet_names(&o));
    assert_eq!(book.xlsx.sheet_names(), expected);
    assert_eq!(
        expected[4..8],
        [
            "Cao Bằng",
            "Lạng Sơn",
            "Hà Giang",
            "Hội CCB tỉnh Bà Rịa - Vũng Tàu"
        ]
    );
}

#[test]
fn a_long_punctuation_heavy_name_gets_a_valid_unique_sheet_name() {
    let names = unit_sheet_names(
        [
            (LONG_NAME, "BR"),
            (LONG_NAME, "BR2"),
            ("hội ccb tỉnh bà rịa - vũng tàu", "BR3"),
            ("tổng HỢP", "TH"),
            ("'Quảng Ninh'", "QN"),
            ("", "HN"),
            ("[]*?", ""),
            ("Đắk Lắk 🌾🌾🌾🌾🌾🌾🌾🌾🌾🌾🌾🌾🌾", "DL"),
        ]
        .into_iter(),
    );
    assert_eq!(
        names,
        [
            "Hội CCB tỉnh Bà Rịa - Vũng Tàu",
            "Hội CCB tỉnh Bà Rịa - Vũng (2)",
            "hội ccb tỉnh bà rịa - vũng (3)",
            "tổng HỢP (2)",
            "Quảng Ninh",
            "HN",
            "Đơn vị 7",
            "Đắk Lắk 🌾🌾🌾🌾🌾🌾🌾🌾🌾🌾🌾",
        ]
    );
    let mut seen = std::collections::HashSet::new();
    for name in &names {
        assert!(name.encode_utf16().count() <= 31, "{name} is too long");
        assert!(
            !name.contains(['*', '?', ':', '[', ']', '\\', '/']),
            "{name} has a forbidden character"
        );
        assert!(
            !name.starts_with('\'') && !name.ends_with('\''),
            "{name} has an apostrophe at an end"
        );
        assert!(seen.insert(name.to_lowercase()), "{name} is not unique");
    }
}

// ---------------------------------------------------------------------------
// Tổng hợp.

#[test]
fn summary_lists_ranked_units_then_the_others_with_their_status() {
    let o = outcome();
    let mut book = Book::render(&o);
    let s = book.sheet(SUMMARY_SHEET);
    // One issuing body (DOMAIN.md): the head unit over the cluster.
    assert_eq!(s.text(0, 0), "HỘI CỰU CHIẾN BINH TỈNH CAO BẰNG");
    assert_eq!(s.text(1, 0), "CỤM THI ĐUA SỐ 3");
    assert_eq!(
        s.text(2, 0),
        "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2016"
    );
    assert_eq!(
        s.text(3, 0),
        "Hội nghị tổng kết tại Lạng Sơn, ngày 20/12/2016"
    );
    let header = s.find_row(0, "STT");
    let order = [0, 1, 2, 3, 4, 5, 6];
    for (k, &i) in order.iter().enumerate() {
        let row = header + 1 + k as u32;
        let r = &o.units[i];
        let unit = &o.agreement.units[i];
        assert_eq!(s.number(row, 0), Some((k + 1) as f64));
        assert_eq!(s.text(row, 1), r.code);
        assert_eq!(s.text(row, 2), unit.display_name());
        assert!(
            close(s.number(row, 3), opt(r.self_total)),
            "self total of {}",
            r.code
        );
        assert!(close(s.number(row, 4), opt(r.total)), "total of {}", r.code);
        let diff = r.total.zip(r.self_total).map(|(t, s)| num(t - s));
        assert!(close(s.number(row, 5), diff), "difference of {}", r.code);
        let percent = r.total.map(|t| num(t / o.agreement.base_max()));
        assert!(close(s.number(row, 6), percent), "percentage of {}", r.code);
        assert_eq!(s.number(row, 7), r.rank.map(f64::from));
        assert_eq!(
            s.text(row, 8),
            r.classification
                .map(|c| o.agreement.class_label(c))
                .unwrap_or("")
        );
        assert_eq!(
            s.text(row, 9),
            r.proposal
                .map(|p| o.agreement.proposal_label(p))
                .unwrap_or("")
        );
        assert!(
            s.text(row, 10)
                .starts_with(status_words(r.status, Lang::Vi)),
            "status of {}",
            r.code
        );
    }
    let row = |code: &str| s.find_row(1, code);
    assert_eq!(s.text(row("HG"), 10), "Đã chấm; 1 lỗi");
    assert_eq!(s.text(row("CB"), 10), "Đã chấm");
    assert_eq!(s.text(row("BK"), 10), "Chưa gửi bảng");
    assert_eq!(s.text(row("TN"), 10), "Gửi nhiều bảng, cần quyết định");
    assert_eq!(s.text(row("TQ"), 10), "Bảng không dùng được");
    let next = s.find_row(1, "Năm 2017:");
    assert_eq!(s.text(next + 1, 1), "Cụm trưởng: Lạng Sơn (LS)");
    assert_eq!(s.text(next + 2, 1), "Cụm phó: Hà Giang (HG)");
}

#[test]
fn summary_totals_are_formulas_over_the_unit_sheets() {
    let o = outcome();
    let mut book = Book::render(&o);
    let s = book.sheet(SUMMARY_SHEET);
    let names = sheet_names(&o);
    let header = s.find_row(0, "STT");
    let cb = s.formula(header + 1, 4);
    assert!(cb.starts_with("'Cao Bằng'!$K$"), "{cb}");
    let br = s.formula(header + 4, 4);
    assert!(br.starts_with(&format!("'{}'!$K$", names[3])), "{br}");
    assert_eq!(
        s.formula(header + 1, 5),
        format!("E{}-D{}", header + 2, header + 2)
    );
    assert_eq!(s.formula(header + 4, 3), "", "BR wrote no self-scores");
    assert_eq!(s.formula(header + 5, 4), "", "BK has no total");
}

// ---------------------------------------------------------------------------
// Chi tiết.

#[test]
fn detail_shows_every_target_result_and_score_of_every_scored_unit() {
    let o = outcome();
    let mut book = Book::render(&o);
    let s = book.sheet(DETAIL_SHEET);
    let header = s.find_row(0, "Mã");
    let scored = [0, 1, 2, 3];
    for (k, &i) in scored.iter().enumerate() {
        assert_eq!(
            s.text(header, 4 + 3 * k as u32),
            o.agreement.units[i].display_name()
        );
    }
    assert_eq!(
        s.text(header, 4 + 3 * 4),
        "",
        "only scored units have columns"
    );
    for (c, criterion) in o.agreement.criteria.iter().enumerate() {
        let row = s.find_row(0, &criterion.code);
        assert_eq!(s.text(row, 1), criterion.content);
        assert_eq!(s.number(row, 3), Some(num(criterion.max)));
        for (k, &i) in scored.iter().enumerate() {
            let col = 4 + 3 * k as u32;
            let score = &o.units[i].scores[c];
            assert!(
                close(s.number(row, col), opt(score.target)),
                "target {} of {}",
                criterion.code,
                o.units[i].code
            );
            assert!(
                close(s.number(row, col + 1), opt(score.result)),
                "result {}",
                criterion.code
            );
            assert!(
                close(s.number(row, col + 2), Some(num(score.score))),
                "score {}",
                criterion.code
            );
            assert!(
                s.formula(row, col + 2).contains("!$K$"),
                "a score refers to the unit's sheet"
            );
        }
    }
    let section_i = s.find_row(0, "I");
    assert_eq!(s.number(section_i, 3), Some(20.0));
    assert!(
        close(s.number(section_i, 4 + 3 + 2), Some(19.58)),
        "LS section I"
    );
    assert_eq!(
        s.formula(section_i, 6),
        format!("SUM(G{}:G{})", section_i + 2, section_i + 3)
    );
    assert!(s.find_row(0, "II") > section_i);
    let total = s.find_row(1, "TỔNG ĐIỂM");
    for (k, &i) in scored.iter().enumerate() {
        assert!(close(
            s.number(total, 4 + 3 * k as u32 + 2),
            opt(o.units[i].total)
        ));
    }
    let base = s.find_row(1, "Cộng điểm các tiêu chí (chưa kể điểm cộng, điểm trừ)");
    assert_eq!(s.number(base, 3), Some(100.0));
    assert!(close(s.number(base, 6), Some(95.5)), "CB base total");
    assert!(
        base < s.find_row(0, "3.1"),
        "bonus and penalty come after the base total"
    );
}

// ---------------------------------------------------------------------------
// Unit sheets.

#[test]
fn a_unit_sheet_shows_each_criterion_with_targets_scores_findings_and_adjustments() {
    let o = outcome();
    let mut book = Book::render(&o);
    let s = book.sheet("Lạng Sơn");
    assert_eq!(s.text(1, 0), "Hội Cựu chiến binh tỉnh Lạng Sơn (LS)");
    for (c, criterion) in o.agreement.criteria.iter().enumerate() {
        let row = s.find_row(0, &criterion.code);
        let score = &o.units[1].scores[c];
        assert_eq!(s.text(row, 1), criterion.content);
        assert_eq!(s.text(row, 4), criterion.method.name_vi());
        assert!(close(s.number(row, 5), opt(score.target)));
        assert!(close(s.number(row, 6), opt(score.written_target)));
        assert!(close(s.number(row, 7), opt(score.result)));
        assert!(close(s.number(row, 8), opt(score.self_score)));
        assert!(close(s.number(row, 9), Some(num(score.computed))));
        assert!(close(s.number(row, 10), Some(num(score.score))));
        let diff = score.self_score.map(|own| num(score.score - own));
        assert!(
            close(s.number(row, 11), diff),
            "difference on {}",
            criterion.code
        );
    }
    let target = s.find_row(0, "2.1");
    assert_eq!(
        s.number(target, 6),
        Some(6.0),
        "the unit's own written target"
    );
    assert!(s
        .text(target, 12)
        .contains("chỉ tiêu ghi trong bảng là 6, chỉ tiêu đã ký là 5"));
    let adjusted = s.find_row(0, "2.2");
    assert_eq!(
        s.text(adjusted, 13),
        "Bổ sung minh chứng hội nghị chuyên đề"
    );
    assert_eq!(
        s.text(adjusted, 12),
        "",
        "the adjustment shows in its own column"
    );
    let total = s.find_row(1, "TỔNG ĐIỂM");
    assert!(close(s.number(total, 10), Some(87.58)));
    assert!(close(s.number(total, 8), Some(90.0)));
    assert!(close(s.number(total, 11), Some(-2.42)));
}

#[test]
fn a_unit_without_a_workbook_has_a_sheet_with_its_status_and_findings() {
    let o = outcome();
    let mut book = Book::render(&o);
    let s = book.sheet("Thái Nguyên");
    assert!(s.text(2, 0).contains("Gửi nhiều bảng, cần quyết định"));
    let notes = s.find_row(0, "Ghi chú chung:");
    for (k, d) in o.diagnostics_of("TN").enumerate() {
        let text = s.text(notes + 1 + k as u32, 0);
        assert_eq!(text, format!("Lỗi: {}", d.message(Lang::Vi)));
        assert!(text.contains("nop/thai-nguyen-1.xlsx, nop/thai-nguyen-2.xlsx"));
    }
    let cb = book.sheet("Cao Bằng");
    let general = cb.find_row(0, "Ghi chú chung:");
    assert!(
        cb.text(general + 1, 0)
            .starts_with("Cảnh báo: Bảng gõ bằng phông chữ cũ TCVN3"),
        "a unit-wide finding under the table"
    );
}

// ---------------------------------------------------------------------------
// Kiểm tra.

#[test]
fn checks_list_every_diagnostic_then_every_inbox_file() {
    let o = outcome();
    let mut book = Book::render(&o);
    let s = book.sheet(CHECKS_SHEET);
    let header = s.find_row(0, "STT");
    for (k, d) in o.diagnostics.iter().enumerate() {
        let row = header + 1 + k as u32;
        assert_eq!(s.number(row, 0), Some((k + 1) as f64));
        assert_eq!(s.text(row, 1), d.severity().label(Lang::Vi));
        assert_eq!(s.text(row, 2), d.kind.name_vi());
        assert!(!s.text(row, 2).contains('-'), "a Vietnamese kind name");
        assert_eq!(s.text(row, 3), d.unit.clone().unwrap_or_default());
        assert_eq!(s.text(row, 4), d.file.clone().unwrap_or_default());
        assert_eq!(s.text(row, 5), d.sheet.clone().unwrap_or_default());
        assert_eq!(s.text(row, 6), d.cell.clone().unwrap_or_default());
        assert_eq!(s.text(row, 7), d.message(Lang::Vi));
    }
    let mismatch = header + 4;
    assert_eq!(s.number(mismatch, 8), Some(5.0));
    assert_eq!(s.number(mismatch, 9), Some(6.0));
    let files = s.find_row(0, "CÁC TỆP ĐÃ NHẬN (thư mục nop/)") + 1;
    for (k, f) in o.files.iter().enumerate() {
        let row = files + 1 + k as u32;
        assert_eq!(s.text(row, 1), f.file);
        assert_eq!(s.text(row, 5), f.unit.clone().unwrap_or_default());
        assert!(!s.text(row, 7).is_empty());
    }
    assert_eq!(s.text(files + 1, 7), "Bỏ qua: không phải bảng tính");
    assert_eq!(s.text(files + 6, 7), "Trùng đơn vị, chưa dùng");
    let xml = book.part("xl/worksheets/sheet3.xml");
    let last = header + o.diagnostics.len() as u32 + 1;
    assert!(
        xml.contains(&format!("<autoFilter ref=\"A{}:J{last}\"", header + 1)),
        "autofilter over the findings"
    );
    assert!(
        xml.contains("conditionalFormatting"),
        "errors and warnings are coloured"
    );
}

#[test]
fn text_that_looks_like_a_formula_is_written_as_text() {
    let o = outcome();
    let mut book = Book::render(&o);
    let s = book.sheet(CHECKS_SHEET);
    let hyperlink = s.find_row(9, "=HYPERLINK(\"http://example.com\")");
    assert_eq!(s.formula(hyperlink, 9), "");
    let plus = s.find_row(9, "+84 ghi chú thêm");
    assert_eq!(s.formula(plus, 9), "");
    let at = s.find_row(1, "nop/@ghi-chu.txt");
    assert_eq!(s.formula(at, 1), "");
}

// ---------------------------------------------------------------------------
// Formulas, charts, print set-up, properties, determinism.

#[test]
fn every_formula_carries_a_numeric_cached_value() {
    let o = outcome();
    let mut book = Book::render(&o);
    let mut count = 0;
    for name in book.xlsx.sheet_names() {
        let s = book.sheet(&name);
        for (row, col, formula) in s.formula_cells() {
            if name == SUMMARY_SHEET && (col == 8 || col == 9) {
                // Xếp loại and Đề nghị: text, "" for no proposal (never 0).
                let cached = s.value(row, col);
                assert!(
                    matches!(cached, Data::String(_) | Data::Empty),
                    "{name}!({row},{col}) ={formula} caches {cached:?}"
                );
            } else {
                let cached = s.number(row, col);
                assert!(
                    cached.is_some(),
                    "{name}!({row},{col}) ={formula} has no cached value"
                );
            }
            count += 1;
        }
    }
    assert!(count > 60, "only {count} formulas");
}

#[test]
fn charts_are_native_and_read_the_ranking() {
    let o = outcome();
    let book = Book::render(&o);
    let chart = book.part("xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>"));
    assert!(
        chart.contains("'Tổng hợp'!$C$8:$C$11"),
        "categories are the ranked units"
    );
    assert!(
        chart.contains("'Tổng hợp'!$E$8:$E$11"),
        "values are the totals"
    );
    let sections = book.part("xl/charts/chart2.xml");
    assert!(sections.contains("<c:grouping val=\"stacked\"/>"));
    assert!(sections.contains("I. Công tác tổ chức"));
    assert!(sections.contains("Điểm cộng, điểm trừ"));
}

#[test]
fn every_sheet_is_ready_to_print() {
    let o = outcome();
    let book = Book::render(&o);
    let sheets = 4 + o.units.len();
    for k in 1..=sheets {
        let xml = book.part(&format!("xl/worksheets/sheet{k}.xml"));
        assert!(xml.contains("paperSize=\"9\""), "sheet {k} is A4");
        if k == 4 {
            assert!(
                xml.contains("<rowBreaks count=\"1\""),
                "the second chart starts a page"
            );
        } else {
            assert!(
                xml.contains("fitToHeight=\"0\""),
                "sheet {k} fits the page width"
            );
        }
        assert!(xml.contains("<oddFooter>"), "sheet {k} has a footer");
        assert!(
            xml.contains("Cụm thi đua số 3 - năm 2016"),
            "sheet {k} footer names the cluster and year"
        );
        assert!(
            xml.contains("Trang &amp;P/&amp;N"),
            "sheet {k} numbers its pages"
        );
    }
    let workbook = book.part("xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "header rows repeat"
    );
    let styles = book.part("xl/styles.xml");
    assert!(styles.contains("Times New Roman"));
    assert!(!styles.contains("Calibri"), "no other font");
    assert!(styles.contains("formatCode=\"0.00\""));
}

#[test]
fn document_properties_take_their_date_from_the_agreement() {
    let book = Book::render(&outcome());
    let core = book.part("docProps/core.xml");
    assert!(core.contains("2016-12-20T00:00:00Z"), "{core}");
    assert!(core.contains("<dc:creator>Cụm thi đua số 3</dc:creator>"));
    assert!(core.contains("<dc:title>Tổng hợp kết quả chấm điểm thi đua năm 2016</dc:title>"));
    let without = Book::render(&outcome_with(None));
    assert!(without
        .part("docProps/core.xml")
        .contains("2016-12-31T00:00:00Z"));
}

#[test]
fn the_same_outcome_gives_the_same_bytes() {
    let o = outcome();
    let first = consolidated(&o, Detail::PerUnit).expect("renders");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = consolidated(&o, Detail::PerUnit).expect("renders");
    assert!(first == second, "two renders differ");
}

// ---------------------------------------------------------------------------
// LibreOffice.

/// The soffice binary, or None (and a message) when LibreOffice is not installed.
fn soffice() -> Option<std::path::PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("soffice"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        eprintln!(
            "soffice is not on PATH: LibreOffice check skipped (install libreoffice-calc-nogui)"
        );
    }
    found
}

/// A workbook whose only formula carries a wrong cached value: LibreOffice
/// must show the recomputed one, or the comparison proves nothing.
fn wrong_cache_probe(path: &std::path::Path) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_number(0, 0, 2.0).expect("writable");
    sheet
        .write_formula(0, 1, rust_xlsxwriter::Formula::new("=A1+2").set_result("5"))
        .expect("writable");
    workbook.save(path).expect("saved");
}

/// A CSV file as rows of fields (quoted fields may hold commas, quotes and newlines).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![Vec::new()];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => rows
                .last_mut()
                .expect("a row")
                .push(std::mem::take(&mut field)),
            ('\n', false) => {
                rows.last_mut()
                    .expect("a row")
                    .push(std::mem::take(&mut field));
                rows.push(Vec::new());
            }
            ('\r', false) => {}
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !rows.last().expect("a row").is_empty() {
        rows.last_mut().expect("a row").push(field);
    } else {
        rows.pop();
    }
    rows
}

/// A number as LibreOffice wrote it: `96.5`, `96.5%`.
fn csv_number(text: &str) -> Option<f64> {
    match text.strip_suffix('%') {
        Some(percent) => percent.parse::<f64>().ok().map(|x| x / 100.0),
        None => text.parse().ok(),
    }
}

/// Converts `book` to CSV with LibreOffice recalculating, checks that every
/// formula's cached value is what LibreOffice computes, and returns the CSV
/// rows of each sheet and the number of formulas checked.
fn libreoffice_agrees(book: &mut Book) -> (BTreeMap<String, Vec<Vec<String>>>, usize) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("tong-hop-2016.xlsx");
    std::fs::write(&file, &book.bytes).expect("writable");
    let probe = dir.path().join("probe.xlsx");
    wrong_cache_probe(&probe);
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    common::libreoffice_convert(&[&file, &probe], filter, dir.path());
    let probed =
        std::fs::read_to_string(dir.path().join("probe-Sheet1.csv")).expect("the probe converts");
    assert_eq!(
        probed.trim(),
        "2,4",
        "LibreOffice did not recalculate; the check would prove nothing"
    );
    let mut checked = 0;
    let mut sheets = BTreeMap::new();
    for name in book.xlsx.sheet_names() {
        let csv = dir.path().join(format!("tong-hop-2016-{name}.csv"));
        let text = std::fs::read_to_string(&csv)
            .unwrap_or_else(|_| panic!("LibreOffice wrote no {}", csv.display()));
        let rows = parse_csv(&text);
        let sheet = book.sheet(&name);
        for (row, col, formula) in sheet.formula_cells() {
            let field = rows
                .get(row as usize)
                .and_then(|r| r.get(col as usize))
                .cloned()
                .unwrap_or_default();
            let same = match sheet.value(row, col) {
                // Xếp loại, Đề nghị: text formulas.
                Data::String(text) => field == text,
                Data::Empty => field.is_empty(),
                _ => {
                    let recomputed = csv_number(&field);
                    let cached = sheet.number(row, col);
                    matches!((recomputed, cached), (Some(a), Some(b)) if (a - b).abs() < 1e-9)
                }
            };
            assert!(
                same,
                "{name}!({row},{col}) ={formula}: LibreOffice {field:?}, cached {:?}",
                sheet.value(row, col)
            );
            checked += 1;
        }
        sheets.insert(name, rows);
    }
    (sheets, checked)
}

#[test]
fn libreoffice_recomputes_every_formula_to_its_cached_value() {
    if soffice().is_none() {
        return;
    }
    let o = outcome();
    let mut book = Book::render(&o);
    let (sheets, checked) = libreoffice_agrees(&mut book);
    assert!(checked > 60, "only {checked} formulas checked");
    let summary = &sheets["Tổng hợp"];
    let totals: Vec<&str> = summary[7..11].iter().map(|r| r[4].as_str()).collect();
    assert_eq!(totals, ["96.5", "87.58", "87.58", "30.25"]);
    // Rank, classification and proposal recomputed from the totals.
    let ranks: Vec<&str> = summary[7..11].iter().map(|r| r[7].as_str()).collect();
    assert_eq!(ranks, ["1", "2", "2", "4"]);
}

/// A national roll-up: `n` units, all scored alike but for their totals.
fn roll_up(n: usize) -> Outcome {
    let mut o = outcome();
    let template = o.units[0].clone();
    o.agreement.units = (0..n)
        .map(|k| {
            unit(
                &format!("U{k}"),
                &format!("Hội CCB số {k}"),
                &format!("Đơn vị {k}"),
            )
        })
        .collect();
    o.units = (0..n)
        .map(|k| {
            let mut r = template.clone();
            r.code = format!("U{k}");
            r.scores[3].score = d("55.5") - Decimal::from(k % 50);
            r.total = Some(r.scores.iter().map(|s| s.score).sum());
            r.rank = None;
            r.proposal = None;
            r
        })
        .collect();
    o.ranking = (0..n).collect();
    o.diagnostics.clear();
    o.files.clear();
    o.submissions = vec![None; n];
    o
}

#[test]
fn a_roll_up_too_wide_for_excel_turns_chi_tiet_units_down() {
    let n = 5_500;
    let o = roll_up(n);
    let mut book = Book::render_with(&o, Detail::PerUnit);
    assert_eq!(book.xlsx.sheet_names().len(), 4 + n);
    let s = book.sheet(DETAIL_SHEET);
    assert_eq!(s.text(2, 0), "STT");
    assert_eq!(s.text(2, 2), "Đơn vị");
    assert_eq!(s.text(2, 3), "I. Công tác tổ chức");
    assert_eq!(s.text(2, 4), "1.1. Phát triển hội viên mới");
    assert_eq!(s.text(3, 4), "Điểm chuẩn: 10");
    let first = 5;
    for k in [0, 1, 49, n - 1] {
        let row = first + k as u32;
        let r = &o.units[k];
        assert_eq!(s.text(row, 1), r.code);
        let (_, width) = s.values.get_size();
        let last = s.values.start().map_or(0, |p| p.1) + width as u32 - 1;
        assert!(
            close(s.number(row, last), opt(r.total)),
            "total of {}",
            r.code
        );
        assert!(
            s.formula(row, last).starts_with("SUM("),
            "the total is a sum"
        );
        assert!(
            close(s.number(row, 6), Some(10.0)),
            "score 1.1 of {}",
            r.code
        );
        assert!(
            s.formula(row, 6).contains(&format!("'Đơn vị {k}'!$K$")),
            "{}",
            s.formula(row, 6)
        );
    }
}

#[test]
fn a_cluster_over_the_per_unit_limit_keeps_every_score_in_chi_tiet() {
    let n = PER_UNIT_DETAIL_MAX + 1;
    let o = roll_up(n);
    assert_eq!(Detail::of(&o, false), Detail::Consolidated);
    assert_eq!(
        Detail::of(&roll_up(PER_UNIT_DETAIL_MAX), false),
        Detail::PerUnit
    );
    assert_eq!(Detail::of(&o, true), Detail::PerUnit, "--per-unit-detail");
    let mut book = Book::render(&o);
    assert_eq!(
        book.xlsx.sheet_names(),
        [SUMMARY_SHEET, DETAIL_SHEET, CHECKS_SHEET, CHARTS_SHEET],
        "no sheet per unit"
    );
    // Units across: three columns each from E, criteria down.
    let detail = book.sheet(DETAIL_SHEET);
    for k in [0, 1, n - 1] {
        let r = &o.units[k];
        let score_col = 4 + 3 * k as u32 + 2;
        for (c, criterion) in o.agreement.criteria.iter().enumerate() {
            let row = detail.find_row(0, &criterion.code);
            assert!(
                detail.formula(row, score_col).is_empty(),
                "a value, not a link"
            );
            assert!(
                close(detail.number(row, score_col), opt(Some(r.scores[c].score))),
                "{} of {}",
                criterion.code,
                r.code
            );
        }
    }
    let summary = book.sheet(SUMMARY_SHEET);
    let first = 7;
    for (position, &k) in o.ranking.iter().enumerate().take(3) {
        let row = first + position as u32;
        let total = summary.formula(row, 4);
        assert!(total.starts_with("'Chi tiết'!$"), "{total}");
        assert!(close(summary.number(row, 4), opt(o.units[k].total)));
    }
    // The charts show the head of the ranking, and say so.
    let chart = book.part("xl/charts/chart1.xml");
    assert!(chart.contains("(50 đơn vị xếp đầu)"), "{chart}");
    assert!(
        chart.contains("'Tổng hợp'!$E$8:$E$57"),
        "the first 50 totals"
    );
    let charts = book.sheet(CHARTS_SHEET);
    let header = charts.find_row(0, "Xếp hạng");
    let source = charts.formula(header + 1, 2);
    assert!(source.starts_with("SUM('Chi tiết'!"), "{source}");
    assert!(
        !charts.formula(header + 50, 2).is_empty(),
        "50 units charted"
    );
    assert!(
        charts.formula(header + 51, 2).is_empty(),
        "only 50 units charted"
    );
    if soffice().is_none() {
        return;
    }
    let (sheets, checked) = libreoffice_agrees(&mut book);
    assert!(checked > 3 * n, "only {checked} formulas checked");
    let totals: Vec<f64> = sheets["Tổng hợp"][7..7 + n]
        .iter()
        .map(|r| csv_number(&r[4]).expect("a total"))
        .collect();
    let expected: Vec<f64> = o
        .ranking
        .iter()
        .map(|&k| opt(o.units[k].total).unwrap())
        .collect();
    assert_eq!(totals.len(), expected.len());
    for (a, b) in totals.iter().zip(&expected) {
        assert!((a - b).abs() < 1e-9, "LibreOffice total {a}, expected {b}");
    }
}

#[test]
fn a_roll_up_too_wide_for_excel_without_unit_sheets_turns_with_values() {
    let n = 5_500;
    let o = roll_up(n);
    let mut book = Book::render(&o);
    assert_eq!(book.xlsx.sheet_names().len(), 4);
    let s = book.sheet(DETAIL_SHEET);
    assert_eq!(s.text(2, 2), "Đơn vị");
    let first = 5;
    let (_, width) = s.values.get_size();
    let last = s.values.start().map_or(0, |p| p.1) + width as u32 - 1;
    for k in [0, 1, n - 1] {
        let row = first + k as u32;
        let r = &o.units[k];
        assert_eq!(s.text(row, 1), r.code);
        assert!(s.formula(row, 6).is_empty(), "score 1.1 is a value");
        assert!(close(s.number(row, 6), Some(10.0)));
        assert!(
            s.formula(row, last).starts_with("SUM("),
            "the total is a sum"
        );
        assert!(close(s.number(row, last), opt(r.total)));
    }
    let summary = book.sheet(SUMMARY_SHEET);
    let top = o.ranking[0];
    let total = summary.formula(7, 4);
    let column = rust_xlsxwriter::utility::column_number_to_name(last as u16);
    let row = first + top as u32 + 1;
    assert_eq!(total, format!("'Chi tiết'!${column}${row}"));
}

/// Writes the fixture's workbook where `THIDUA_XLSX_SAMPLE` says, for
/// looking at it; with `THIDUA_XLSX_SAMPLE_UNITS=n`, a roll-up of n units.
#[test]
fn sample_workbook_for_inspection() {
    let Some(path) = std::env::var_os("THIDUA_XLSX_SAMPLE") else {
        return;
    };
    let units = std::env::var("THIDUA_XLSX_SAMPLE_UNITS")
        .ok()
        .and_then(|n| n.parse().ok());
    let o = units.map_or_else(outcome, roll_up);
    let bytes = consolidated(&o, Detail::of(&o, false)).expect("renders");
    std::fs::write(path, bytes).expect("writable");
}

/// The numbers of an XML attribute wherever it occurs in `xml`.
fn attribute_values(xml: &str, name: &str) -> Vec<f64> {
    let key = format!("{name}=\"");
    xml.match_indices(&key)
        .filter_map(|(at, _)| {
            let rest = &xml[at + key.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .collect()
}

#[test]
fn each_chart_prints_on_one_page_with_every_unit_labelled_up_to_sixty() {
    // A4 printable area in EMU (914 400 an inch), margins 0.5 + 0.4 and 0.6 + 0.6 inch.
    let emu = |inches: f64| inches * 914_400.0;
    for n in [4usize, 40, 60] {
        let o = roll_up(n);
        let book = Book::render_with(&o, Detail::PerUnit);
        let sheet = book.part("xl/worksheets/sheet4.xml");
        let portrait = n > 16;
        let (page_w, page_h) = if portrait {
            (210.0 / 25.4, 297.0 / 25.4)
        } else {
            (297.0 / 25.4, 210.0 / 25.4)
        };
        let orientation = if portrait { "portrait" } else { "landscape" };
        assert!(
            sheet.contains(&format!("orientation=\"{orientation}\"")),
            "{n} units: {orientation}"
        );
        let scale = attribute_values(&sheet, "scale")[0];
        assert!((75.0..=100.0).contains(&scale), "printed at {scale} %");
        assert!(sheet.contains("<rowBreaks count=\"1\""), "a chart a page");
        let drawing = book.part("xl/drawings/drawing1.xml");
        let widths = attribute_values(&drawing, "cx");
        let heights = attribute_values(&drawing, "cy");
        assert!(!widths.is_empty() && !heights.is_empty());
        for w in &widths {
            assert!(*w <= emu(page_w - 0.9), "{n} units: a chart {w} EMU wide");
        }
        // Printed at the sheet's scale, each chart fits the page.
        let scale = attribute_values(&sheet, "scale")[0] / 100.0;
        for w in &widths {
            assert!(w * scale <= emu(page_w - 0.9), "{n} units: {w} EMU wide");
        }
        for h in &heights {
            assert!(
                h * scale <= emu(page_h - 1.2),
                "{n} units: a chart {h} EMU tall"
            );
        }
        // The chart data is kept out of the print area: it ends above the table.
        let workbook = book.part("xl/workbook.xml");
        assert!(
            workbook.contains("_xlnm.Print_Area\" localSheetId=\"3\""),
            "Biểu đồ has a print area"
        );
        for chart in ["xl/charts/chart1.xml", "xl/charts/chart2.xml"] {
            let xml = book.part(chart);
            // Every unit labelled: a label font small enough for a line per unit.
            let sizes = attribute_values(&xml, "sz");
            let smallest = sizes.iter().copied().fold(f64::MAX, f64::min);
            let plot_points = (page_h - 1.2) * 72.0 * 0.95 / scale - 150.0;
            assert!(
                smallest >= 700.0 && smallest / 100.0 * 1.2 * n as f64 <= plot_points,
                "{n} units: labels of {smallest} in {plot_points} pt"
            );
            // Excel is told to label every unit, not to skip crowded ones.
            assert!(
                xml.contains("<c:lblOffset val=\"100\"/><c:tickLblSkip val=\"1\"/>"),
                "{chart}: every category labelled"
            );
            // The value axis starts at 0: these totals have no negative part.
            assert!(xml.contains("<c:min val=\"0\"/>"), "{chart}: axis from 0");
        }
    }
}

#[test]
fn the_section_chart_leaves_room_below_zero_only_for_the_penalties() {
    let o = outcome();
    let mut book = Book::render(&o);
    let xml = book.part("xl/charts/chart2.xml");
    let min = attribute_values(&xml[xml.find("<c:min").unwrap()..], "val")[0];
    let step = attribute_values(&xml[xml.find("<c:majorUnit").unwrap()..], "val")[0];
    // The chart's data: a row per unit, a column per stacked part, then the total.
    let s = book.sheet(CHARTS_SHEET);
    let header = s.find_row(0, "Xếp hạng");
    let parts = (2..)
        .take_while(|&c| s.text(header, c) != "Tổng điểm")
        .count() as u32;
    let mut lowest = 0.0f64;
    for row in header + 1..header + 1 + o.ranking.len() as u32 {
        let below: f64 = (2..2 + parts)
            .filter_map(|c| s.number(row, c))
            .filter(|x| *x < 0.0)
            .sum();
        lowest = lowest.min(below);
    }
    assert!(min <= lowest, "axis from {min}, bars reach {lowest}");
    assert!(
        min > lowest - step,
        "axis from {min}: more room than {lowest} needs"
    );
    assert!(min == 0.0 || lowest < 0.0);
}

#[test]
fn chi_tiet_fits_the_page_width_or_pages_of_whole_units_with_headers_repeated() {
    let book = Book::render(&outcome());
    let sheet = book.part("xl/worksheets/sheet2.xml");
    assert!(sheet.contains("fitToHeight=\"0\""), "one page wide");
    assert!(sheet.contains("fitToPage=\"1\""));
    let workbook = book.part("xl/workbook.xml");
    assert!(
        workbook.contains("'Chi tiết'!$A:$D,'Chi tiết'!$3:$4"),
        "the criteria columns and the header rows repeat"
    );
    // Forty units: whole units on each page, at a readable scale, the
    // criteria columns and header rows repeated.
    let book = Book::render_with(&roll_up(40), Detail::PerUnit);
    let sheet = book.part("xl/worksheets/sheet2.xml");
    let scale = attribute_values(&sheet, "scale")[0];
    assert!(scale >= 65.0, "printed at {scale} %");
    let breaks_at = sheet.find("<colBreaks").expect("pages of whole units");
    for id in attribute_values(&sheet[breaks_at..], "id") {
        assert_eq!(
            (id as u32 - 4) % 3,
            0,
            "a break at column {id} splits a unit"
        );
    }
    assert!(book
        .part("xl/workbook.xml")
        .contains("'Chi tiết'!$A:$D,'Chi tiết'!$3:$4"));
}

#[test]
fn kiem_tra_rows_stay_short_in_columns_that_fit() {
    let o = outcome();
    let book = Book::render(&o);
    let sheet = book.part("xl/worksheets/sheet3.xml");
    assert!(sheet.contains("orientation=\"landscape\""));
    assert!(sheet.contains("fitToHeight=\"0\""), "fitted to the width");
    // No finding row is more than four lines of 12-point text tall.
    let rows = &sheet[sheet.find("<sheetData>").unwrap()..];
    for row in rows.split("<row ").skip(1) {
        let head = &row[..row.find('>').unwrap()];
        for h in attribute_values(head, "ht") {
            assert!(h < 5.0 * 15.75, "a row {h} pt tall: <row {head}>");
        }
    }
}
