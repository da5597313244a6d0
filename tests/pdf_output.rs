//! The PDF outputs, read back by other programs (poppler's pdftotext,
//! pdffonts, pdfinfo; qpdf) and checked as laid out: text comes back as the
//! same Vietnamese (NFC), fonts are embedded with a ToUnicode map, the file
//! is valid A4, the same inputs give the same bytes, every line of text lies
//! inside the margins without overlapping another, and long tables repeat
//! their header on every page.
//!
//! The outcomes are built in code: a real-sized cluster (4 units, 14
//! criteria) and a large one (34 units, 60 criteria). Set THIDUA_PDF_OUT to
//! a folder to keep the PDFs for looking at.

use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use thidua::model::diagnostic::{Diagnostic, Kind, Reason};
use thidua::model::Outcome;
use thidua::model::*;
use thidua::render::pdf::{self, layout::Role};
use thidua::run::classes;
use thidua::run::score::{self, Inputs};

fn d(x: i64, scale: u32) -> Decimal {
    Decimal::new(x, scale)
}

/// A small deterministic random sequence.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

const CRITERIA: [(&str, &str, Method, i64); 10] = [
    ("Tỷ lệ hội viên được học tập, quán triệt nghị quyết của Đảng và chỉ thị, nghị quyết của Hội cấp trên", "%", Method::Proportional, 95),
    ("Số buổi nói chuyện truyền thống cho thế hệ trẻ tại trường học và khu dân cư", "buổi", Method::Threshold, 12),
    ("Tham gia đấu tranh phản bác các quan điểm sai trái, thù địch trên không gian mạng", "", Method::Assessed, 0),
    ("Tỷ lệ kết nạp hội viên mới so với số cựu chiến binh đủ điều kiện", "%", Method::Proportional, 80),
    ("Tỷ lệ chi hội, cơ sở hội được đánh giá trong sạch, vững mạnh", "%", Method::Proportional, 90),
    ("Số hội viên vi phạm pháp luật bị xử lý kỷ luật", "người", Method::Ceiling, 0),
    ("Số hộ hội viên thoát nghèo trong năm", "hộ", Method::Proportional, 40),
    ("Dư nợ vốn vay ủy thác qua Ngân hàng Chính sách xã hội", "triệu đồng", Method::Proportional, 125_000),
    ("Số mô hình kinh tế, tổ hợp tác, hợp tác xã của hội viên hoạt động hiệu quả", "mô hình", Method::Threshold, 15),
    ("Tỷ lệ cơ sở hội tham gia giám sát, phản biện xã hội; hòa giải ở cơ sở, vận động nhân dân góp công, góp sức xây dựng nông thôn mới", "%", Method::Proportional, 100),
];

const SECTIONS: [&str; 5] = [
    "Công tác tuyên truyền, giáo dục chính trị, tư tưởng",
    "Công tác xây dựng tổ chức Hội vững mạnh",
    "Phát triển kinh tế, giảm nghèo, làm giàu chính đáng",
    "Tham gia xây dựng Đảng, chính quyền và các phong trào thi đua",
    "Điểm cộng, điểm trừ",
];

const ROMAN: [&str; 5] = ["I", "II", "III", "IV", "V"];

/// The 34 provinces and cities after 1 July 2025.
const PROVINCES: [(&str, &str, bool); 34] = [
    ("HN", "Hà Nội", true),
    ("HUE", "Huế", true),
    ("LC", "Lai Châu", false),
    ("DB", "Điện Biên", false),
    ("SL", "Sơn La", false),
    ("LS", "Lạng Sơn", false),
    ("QN", "Quảng Ninh", false),
    ("TH", "Thanh Hóa", false),
    ("NA", "Nghệ An", false),
    ("HT", "Hà Tĩnh", false),
    ("CB", "Cao Bằng", false),
    ("TQ", "Tuyên Quang", false),
    ("LCA", "Lào Cai", false),
    ("TN", "Thái Nguyên", false),
    ("PT", "Phú Thọ", false),
    ("BN", "Bắc Ninh", false),
    ("HY", "Hưng Yên", false),
    ("HP", "Hải Phòng", true),
    ("NB", "Ninh Bình", false),
    ("QT", "Quảng Trị", false),
    ("DN", "Đà Nẵng", true),
    ("QNG", "Quảng Ngãi", false),
    ("GL", "Gia Lai", false),
    ("KH", "Khánh Hòa", false),
    ("LD", "Lâm Đồng", false),
    ("DL", "Đắk Lắk", false),
    ("HCM", "Hồ Chí Minh", true),
    ("DNA", "Đồng Nai", false),
    ("TNI", "Tây Ninh", false),
    ("CT", "Cần Thơ", true),
    ("VL", "Vĩnh Long", false),
    ("DT", "Đồng Tháp", false),
    ("CM", "Cà Mau", false),
    ("AG", "An Giang", false),
];

const SIGNERS: [&str; 6] = [
    "Nguyễn Văn Hùng",
    "Hoàng Đức Thắng",
    "Lương Thị Hằng",
    "Triệu Quang Vinh",
    "Đặng Xuân Trường",
    "Phạm Ngọc Ánh",
];

fn unit(code: &str, short: &str, city: bool, k: usize) -> Unit {
    let kind = if city { "thành phố" } else { "tỉnh" };
    Unit {
        code: code.into(),
        name: format!("Hội Cựu chiến binh {kind} {short}"),
        short_name: short.into(),
        other_names: vec![],
        signer: Some(SIGNERS[k % SIGNERS.len()].to_string()),
        signer_title: Some("Chủ tịch".into()),
        old_codes: Vec::new(),
    }
}

/// An agreement of `units` units (from `members`) and `n` criteria in four sections plus bonus and penalty.
fn agreement(members: &[(&str, &str, bool)], n: usize) -> Agreement {
    let units: Vec<Unit> = members
        .iter()
        .enumerate()
        .map(|(k, (c, s, city))| unit(c, s, *city, k))
        .collect();
    let sections: Vec<Section> = SECTIONS
        .iter()
        .zip(ROMAN)
        .map(|(t, r)| Section {
            code: r.into(),
            title: (*t).into(),
            max: None,
        })
        .collect();
    let base = n - 2;
    let mut criteria = Vec::new();
    for k in 0..base {
        let (content, measure, method, target) = CRITERIA[k % CRITERIA.len()];
        let section = k * 4 / base;
        let number = criteria
            .iter()
            .filter(|c: &&Criterion| c.section == Some(section))
            .count()
            + 1;
        let mut unit_targets = BTreeMap::new();
        if k == 6 {
            for (i, u) in units.iter().enumerate() {
                unit_targets.insert(u.code.clone(), Decimal::from(30 + 5 * (i as i64 % 4)));
            }
        }
        criteria.push(Criterion {
            code: format!("{}.{}", section + 1, number),
            content: if k < CRITERIA.len() {
                content.to_string()
            } else {
                format!("{content} (nội dung {})", k + 1)
            },
            measure: measure.into(),
            max: Decimal::from(if k % 3 == 0 { 10 } else { 5 }),
            method,
            rate: (method == Method::Ceiling).then(|| Decimal::from(2)),
            target: (method != Method::Assessed).then(|| Decimal::from(target)),
            unit_targets,
            section: Some(section),
            row: k as u32 + 3,
        });
    }
    criteria.push(Criterion {
        code: "5.1".into(),
        content: "Có mô hình, điển hình tiên tiến được cấp trên khen thưởng".into(),
        measure: "mô hình".into(),
        max: Decimal::from(5),
        method: Method::Bonus,
        rate: Some(Decimal::ONE),
        target: None,
        unit_targets: BTreeMap::new(),
        section: Some(4),
        row: 90,
    });
    criteria.push(Criterion {
        code: "5.2".into(),
        content: "Gửi báo cáo định kỳ chậm so với quy định".into(),
        measure: "lần".into(),
        max: Decimal::from(3),
        method: Method::Penalty,
        rate: Some(d(5, 1)),
        target: None,
        unit_targets: BTreeMap::new(),
        section: Some(4),
        row: 91,
    });
    let head = units[1.min(units.len() - 1)].code.clone();
    let next_head = units[units.len() - 1].code.clone();
    Agreement {
        info: AgreementInfo {
            organisation: "Hội Cựu chiến binh Việt Nam".into(),
            cluster: "Cụm thi đua số 3".into(),
            year: 2016,
            head,
            deputy: Some(units[0].code.clone()),
            next_head,
            next_deputy: units[0].code.clone(),
            place: Some("Thái Nguyên".into()),
            conference_date: Some(Date {
                year: 2017,
                month: 1,
                day: 5,
            }),
            thresholds: Thresholds {
                excellent: d(90, 0),
                good: d(80, 0),
                fair: d(65, 0),
            },
            flags: 1,
            certificates: 1,
        },
        units,
        tree: None,
        sections,
        criteria,
        class_rules: None,
        title_rules: None,
    }
}

/// Scores, ranks and proposes as the pipeline does; `absent` units sent nothing.
fn outcome(agreement: Agreement, absent: &[usize], seed: u64) -> Outcome {
    let mut rng = Lcg(seed);
    let mut units = Vec::new();
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    for (i, u) in agreement.units.iter().enumerate() {
        let file = format!("nop/{}.xlsx", u.code.to_lowercase());
        if absent.contains(&i) {
            diagnostics.push(Diagnostic::new(Kind::MissingUnit).unit(u.code.clone()));
            units.push(UnitResult {
                code: u.code.clone(),
                status: UnitStatus::Missing,
                file: None,
                scores: vec![],
                self_total: None,
                total: None,
                rank: None,
                classification: None,
                proposal: None,
            });
            continue;
        }
        files.push(FileRecord {
            file: file.clone(),
            unit: Some(u.code.clone()),
            status: FileStatus::Used,
            skip: None,
        });
        let mut scores = Vec::new();
        for c in &agreement.criteria {
            let target = c.target_for(&u.code);
            let result = match c.method {
                Method::Assessed => None,
                Method::Bonus | Method::Penalty => Some(Decimal::from(rng.next(3))),
                Method::Ceiling => Some(Decimal::from(rng.next(4) / 3)),
                _ => target
                    .map(|t| t * Decimal::from(88 + rng.next(20)) / Decimal::from(100))
                    .map(|x| x.round_dp(1)),
            };
            let self_score = Some(c.max - Decimal::from(rng.next(4)) / Decimal::from(4));
            let computed = score::criterion_score(
                c,
                Inputs {
                    target,
                    result,
                    self_score,
                },
            );
            scores.push(CriterionScore {
                target,
                written_target: None,
                result,
                self_score,
                computed,
                adjustment: None,
                score: computed,
            });
        }
        if i == 0 {
            let adj = Adjustment {
                unit: u.code.clone(),
                criterion: agreement.criteria[2].code.clone(),
                score: d(350, 2),
                reason: "Kiểm tra chéo: thiếu minh chứng".into(),
            };
            diagnostics.push(
                Diagnostic::new(Kind::Adjustment)
                    .unit(u.code.clone())
                    .file(file.clone())
                    .criterion(adj.criterion.clone())
                    .found(scores[2].computed.to_string())
                    .expected("3.5")
                    .reason(Reason::AdjustmentReason(adj.reason.clone())),
            );
            scores[2].score = adj.score;
            scores[2].adjustment = Some(adj);
            diagnostics.push(
                Diagnostic::new(Kind::TargetMismatch)
                    .unit(u.code.clone())
                    .file(file.clone())
                    .sheet("Tự chấm")
                    .cell("D12")
                    .criterion(agreement.criteria[0].code.clone())
                    .expected(95)
                    .found(90),
            );
        }
        units.push(UnitResult {
            code: u.code.clone(),
            status: UnitStatus::Scored,
            file: Some(file),
            self_total: Some(scores.iter().filter_map(|s| s.self_score).sum()),
            total: Some(scores.iter().map(|s| s.score).sum()),
            scores,
            rank: None,
            classification: None,
            proposal: None,
        });
    }
    files.push(FileRecord {
        file: "nop/bang-cu.xls".into(),
        unit: None,
        status: FileStatus::Rejected,
        skip: None,
    });
    diagnostics.push(
        Diagnostic::new(Kind::UnknownUnit)
            .file("nop/bang-cu.xls")
            .reason(Reason::NoUnitNamed),
    );
    files.push(FileRecord {
        file: "nop/ghi-chu.docx".into(),
        unit: None,
        status: FileStatus::Skipped,
        skip: Some(thidua::model::Skip::NotSpreadsheet),
    });
    let scored: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].total.is_some())
        .collect();
    let totals: Vec<Decimal> = scored
        .iter()
        .map(|&i| units[i].total.unwrap_or_default())
        .collect();
    let (ranks, order) = score::rank(&totals);
    for (k, &i) in scored.iter().enumerate() {
        units[i].rank = Some(ranks[k]);
        units[i].classification = classes::classify(&agreement, totals[k], &units[i].scores);
    }
    let ranking: Vec<usize> = order.iter().map(|&k| scored[k]).collect();
    let ranked: Vec<_> = ranking
        .iter()
        .map(|&i| (units[i].total.unwrap_or_default(), units[i].classification))
        .collect();
    let (proposals, _) = classes::propose(&ranked, &agreement.titles());
    for (p, &i) in ranking.iter().enumerate() {
        units[i].proposal = proposals[p];
    }
    let submissions = vec![None; units.len()];
    Outcome {
        agreement,
        units,
        ranking,
        files,
        diagnostics,
        submissions,
        unit_findings: Default::default(),
        previous: None,
    }
}

/// Cụm thi đua số 3 of 2016: Cao Bằng, Thái Nguyên, Bắc Kạn (sent nothing), Lạng Sơn.
fn cluster() -> Outcome {
    let members = [
        ("CB", "Cao Bằng", false),
        ("TN", "Thái Nguyên", false),
        ("BK", "Bắc Kạn", false),
        ("LS", "Lạng Sơn", false),
    ];
    outcome(agreement(&members, 14), &[2], 7)
}

/// 34 units, 60 criteria, two units missing.
fn large() -> Outcome {
    outcome(agreement(&PROVINCES, 60), &[5, 20], 11)
}

fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("-v").output().is_ok()
        || Command::new(name).arg("--version").output().is_ok();
    if !found {
        eprintln!("skipped: {name} is not installed (see scripts/setup.sh)");
    }
    found
}

fn keep(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("THIDUA_PDF_OUT") {
        let _ = std::fs::create_dir_all(&dir);
        std::fs::write(Path::new(&dir).join(name), bytes).unwrap();
    }
}

fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn run(cmd: &str, args: &[&str], file: &Path) -> (bool, String) {
    let out = Command::new(cmd).args(args).arg(file).output().unwrap();
    let text = String::from_utf8(out.stdout).expect("tools print UTF-8");
    (
        out.status.success(),
        text + &String::from_utf8_lossy(&out.stderr),
    )
}

/// The text in content order with all whitespace collapsed.
fn extracted(file: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(file)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collapsed(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_nfc(s: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect::<String>() == s
}

/// Every check on a PDF file that poppler and qpdf can make.
fn check_with_tools(file: &Path, expected: &[String]) {
    if !tool("pdftotext") || !tool("qpdf") {
        return;
    }
    let text = extracted(file);
    assert!(is_nfc(&text), "extracted text is not NFC");
    for s in expected {
        assert!(text.contains(&collapsed(s)), "pdftotext lacks {s:?}");
    }
    let (ok, out) = run("qpdf", &["--check"], file);
    assert!(ok, "qpdf --check: {out}");
    let (ok, info) = run("pdfinfo", &[], file);
    assert!(ok && info.contains("595.276 x 841.89 pts (A4)"), "{info}");
    let (ok, fonts) = run("pdffonts", &[], file);
    assert!(ok, "{fonts}");
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(row.contains("LiberationSerif"), "{row}");
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "emb sub uni: {row}"
        );
    }
}

fn handout_strings(o: &Outcome) -> Vec<String> {
    let a = &o.agreement;
    let mut s: Vec<String> = vec![
        "CỤM THI ĐUA SỐ 3".into(),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
        "Độc lập - Tự do - Hạnh phúc".into(),
        "Thái Nguyên, ngày 05 tháng 01 năm 2017".into(),
        "BÁO CÁO".into(),
        "Tổng kết công tác thi đua năm 2016 của Cụm thi đua số 3".into(),
        "TM. CỤM THI ĐUA SỐ 3".into(),
        "CỤM TRƯỞNG".into(),
        "Nơi nhận:".into(),
        "Phụ lục".into(),
        "Kiểm tra chéo: thiếu minh chứng".into(),
    ];
    s.extend(a.units.iter().map(|u| u.name.clone()));
    s.extend(a.criteria.iter().map(|c| c.content.clone()));
    s.extend(a.sections.iter().map(|x| x.title.clone()));
    s.push(a.unit(&a.info.head).and_then(|u| u.signer.clone()).unwrap());
    s.push(a.unit(&a.info.head).map(|u| u.name.to_uppercase()).unwrap());
    s
}

#[test]
fn handout_text_fonts_and_page_size_read_back_with_poppler_and_qpdf() {
    let o = cluster();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ghi-chu.md"),
        "Đồng chí **Chủ tịch Hội** phát biểu chỉ đạo.\n\n- Hội nghị biểu quyết 100% tán thành.\n",
    )
    .unwrap();
    let bytes = pdf::handout(&o, &wording(dir.path())).unwrap();
    keep("hoi-nghi-2016.pdf", &bytes);
    let file = write_temp(dir.path(), "hoi-nghi.pdf", &bytes);
    let mut expected = handout_strings(&o);
    expected.push("Đồng chí Chủ tịch Hội phát biểu chỉ đạo.".into());
    expected
        .push("Hội nghị thống nhất suy tôn Hội Cựu chiến binh tỉnh Lạng Sơn làm Cụm trưởng".into());
    check_with_tools(&file, &expected);
}

#[test]
fn agreement_text_fonts_and_page_size_read_back_with_poppler_and_qpdf() {
    let o = cluster();
    let bytes = pdf::agreement(&o.agreement).unwrap();
    keep("giao-uoc-2016.pdf", &bytes);
    let dir = tempfile::tempdir().unwrap();
    let file = write_temp(dir.path(), "giao-uoc.pdf", &bytes);
    let mut expected: Vec<String> = vec![
        "GIAO ƯỚC THI ĐUA".into(),
        "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC".into(),
        "CỤM THI ĐUA SỐ 3".into(),
    ];
    for u in &o.agreement.units {
        expected.push(u.name.to_uppercase());
        expected.push(u.signer.clone().unwrap());
    }
    expected.extend(o.agreement.criteria.iter().map(|c| c.content.clone()));
    expected.push("Không vượt chỉ tiêu: 5 điểm; vượt, mỗi 1 người trừ 2 điểm.".into());
    check_with_tools(&file, &expected);
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let o = cluster();
    let dir = tempfile::tempdir().unwrap();
    let first = pdf::handout(&o, &wording(dir.path())).unwrap();
    let second = pdf::handout(&o, &wording(dir.path())).unwrap();
    let _between = pdf::agreement(&o.agreement).unwrap();
    let third = pdf::handout(&o, &wording(dir.path())).unwrap();
    assert!(
        first == second && second == third,
        "handout bytes differ between renders"
    );
    assert_eq!(
        pdf::agreement(&o.agreement).unwrap(),
        pdf::agreement(&o.agreement).unwrap()
    );
    let text = String::from_utf8_lossy(&first);
    assert!(
        text.contains("D:20170105000000"),
        "creation date comes from the conference date"
    );
}

/// Every body line inside the margins, page numbers in the top margin, no two lines overlapping.
fn assert_layout_sound(layout: &pdf::layout::Layout) {
    let boxes = layout.text_boxes();
    for b in &boxes {
        // A landscape page has its own size and its margins turned.
        let m = layout.page_margins(b.page);
        let (width, height) = layout.pages[b.page].size();
        match b.role {
            Role::Body => {
                assert!(
                    b.left >= m.left - 0.01 && b.right <= width - m.right + 0.05,
                    "outside side margins: {b:?}"
                );
                assert!(
                    b.top >= m.top - 0.01 && b.bottom <= height - m.bottom + 0.01,
                    "outside top/bottom: {b:?}"
                );
            }
            Role::PageNumber | Role::Draft => {
                assert!(b.top > 0.0 && b.bottom < m.top, "{b:?}")
            }
        }
    }
    for page in 0..layout.pages.len() {
        let on: Vec<_> = boxes.iter().filter(|b| b.page == page).collect();
        for (i, a) in on.iter().enumerate() {
            for b in &on[i + 1..] {
                let apart = a.right <= b.left + 0.01
                    || b.right <= a.left + 0.01
                    || a.bottom <= b.top + 0.01
                    || b.bottom <= a.top + 0.01;
                assert!(apart, "page {}: {a:?} overlaps {b:?}", page + 1);
            }
        }
    }
}

/// Pages from the one holding `from` up to the one holding `to`, exclusive.
fn pages_between(texts: &[String], from: &str, to: &str) -> std::ops::Range<usize> {
    let start = texts.iter().position(|t| t.contains(from)).unwrap();
    let end = texts.iter().position(|t| t.contains(to)).unwrap();
    start..end
}

fn first_body_line(text: &str, page: usize) -> &str {
    text.lines()
        .find(|l| *l != (page + 1).to_string())
        .unwrap_or_default()
}

/// Whether the page opens with a table header holding `cell` (header cells
/// are centred vertically, so `cell` is among the first lines; a header of
/// many unit columns, their names on two lines, has a few dozen).
fn opens_with_header(text: &str, page: usize, cell: &str) -> bool {
    text.lines()
        .filter(|l| *l != (page + 1).to_string())
        .take(30)
        .any(|l| l == cell)
}

/// Checks that a table starting on the page holding `from` opens every
/// following page with its header (holding `cell`), up to the page where
/// `to` follows it; returns how many such pages there were.
fn continued_under_header(texts: &[String], from: &str, to: &str, cell: &str) -> usize {
    let pages = pages_between(texts, from, to);
    let mut continued = 0;
    for (p, text) in texts
        .iter()
        .enumerate()
        .take(pages.end + 1)
        .skip(pages.start + 1)
    {
        if first_body_line(text, p) == to {
            break;
        }
        assert!(
            opens_with_header(text, p, cell),
            "page {} should open with the header of {from}",
            p + 1
        );
        continued += 1;
    }
    continued
}

#[test]
fn the_large_case_stays_in_the_margins_and_repeats_table_headers() {
    let o = large();
    let dir = tempfile::tempdir().unwrap();
    let layout = pdf::handout_layout(&o, &wording(dir.path())).unwrap();
    assert!(layout.missing.is_empty());
    assert_layout_sound(&layout);
    let texts = layout.page_texts();
    // The ranking of 34 units, the per-criterion summary of 60 criteria and
    // the first unit's table in the appendix run over several pages, each
    // continuing under its repeated header.
    assert!(
        continued_under_header(
            &texts,
            "Bảng 1.",
            "II. KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ",
            "Đơn vị"
        ) >= 1
    );
    assert!(continued_under_header(&texts, "Bảng 2.", "III. ĐỀ NGHỊ KHEN THƯỞNG", "Mã") >= 2);
    // Past ten units the appendix is a table of criteria × units on
    // landscape pages, cut into groups of unit columns (34 units: four
    // tables), each running over pages under its repeated header.
    assert!(continued_under_header(&texts, "Bảng 1/4.", "Bảng 2/4.", "Mã") >= 1);
    assert!(texts.iter().any(|t| t.contains("Bảng 4/4.")));
    let first_matrix = texts.iter().position(|t| t.contains("Bảng 1/4.")).unwrap();
    assert!(layout.pages[first_matrix].landscape);
    assert!(!layout.pages[0].landscape);
    // Every scored unit's total is printed in its column; no section per unit.
    let appendix = texts[first_matrix..].join("\n");
    for (u, r) in o.agreement.units.iter().zip(&o.units) {
        if let Some(total) = r.total {
            let total = thidua::model::numfmt::score(total, thidua::model::diagnostic::Lang::Vi);
            assert!(appendix.contains(&total), "{} {total}", u.name);
        }
    }
    let first = &o.agreement.units[0];
    assert!(!appendix.contains(&format!("1. {}", first.name)));
}

/// A national roll-up past the per-unit limit: `n` commune units, two absent.
fn national(n: usize) -> Outcome {
    let names: Vec<(String, String)> = (0..n)
        .map(|k| (format!("X{k:04}"), format!("Số {k}")))
        .collect();
    let members: Vec<(&str, &str, bool)> = names
        .iter()
        .map(|(code, short)| (code.as_str(), short.as_str(), false))
        .collect();
    outcome(agreement(&members, 20), &[3, n - 1], 5)
}

#[test]
fn past_the_per_unit_limit_the_appendix_counts_findings_instead_of_listing_units() {
    let o = national(thidua::render::PER_UNIT_DETAIL_MAX + 50);
    let dir = tempfile::tempdir().unwrap();
    let layout = pdf::handout_layout(&o, &wording(dir.path())).unwrap();
    assert!(layout.missing.is_empty());
    assert_layout_sound(&layout);
    let texts = layout.page_texts();
    let all = texts.join("\n");
    let flat = collapsed(&all);
    // Every unit is in the ranking table, none has an appendix section.
    for u in &o.agreement.units {
        assert!(all.contains(&u.name), "{} is not in the ranking", u.name);
    }
    let first = &o.agreement.units[0];
    assert!(!all.contains(&format!("1. {} ({})", first.name, first.code)));
    assert!(
        flat.contains("Kết quả xếp loại:"),
        "classes counted in the text"
    );
    assert!(flat.contains("2 đơn vị chưa được chấm điểm, xếp hạng"));
    assert!(flat.contains("quá nhiều để in kết quả của từng đơn vị"));
    assert!(flat.contains("Đơn vị chưa gửi bảng Cảnh báo 2 2"), "{flat}");
    assert!(flat.contains("Chỉ tiêu khác giao ước Cảnh báo 1 1"));
    // No file is named: the files are the workbook's Kiểm tra's business.
    assert!(!flat.contains("nop/"), "a file is named");
    // The ranking table runs over pages under its repeated header, and the
    // whole handout is a few pages per hundred units, not pages per unit.
    assert!(
        continued_under_header(
            &texts,
            "Bảng 1.",
            "II. KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ",
            "Đơn vị"
        ) >= 3
    );
    assert!(texts.len() < 20, "{} pages", texts.len());
    let bytes = pdf::handout(&o, &wording(dir.path())).unwrap();
    keep("hoi-nghi-national.pdf", &bytes);
    let file = write_temp(dir.path(), "national.pdf", &bytes);
    let names: Vec<String> = o.agreement.units.iter().map(|u| u.name.clone()).collect();
    check_with_tools(&file, &names);
}

#[test]
fn the_large_case_reads_back_and_its_agreement_has_a_table_per_unit() {
    let o = large();
    let dir = tempfile::tempdir().unwrap();
    let bytes = pdf::handout(&o, &wording(dir.path())).unwrap();
    keep("hoi-nghi-large.pdf", &bytes);
    let file = write_temp(dir.path(), "large.pdf", &bytes);
    check_with_tools(&file, &handout_strings(&o));
    let layout = pdf::agreement_layout(&o.agreement).unwrap();
    assert_layout_sound(&layout);
    let all = layout.page_texts().join("\n");
    for u in &o.agreement.units {
        assert!(
            all.contains(&format!("Chỉ tiêu riêng của {}", u.name)),
            "{}",
            u.name
        );
    }
    let bytes = pdf::agreement(&o.agreement).unwrap();
    keep("giao-uoc-large.pdf", &bytes);
    let file = write_temp(dir.path(), "giao-uoc-large.pdf", &bytes);
    let signers: Vec<String> = o
        .agreement
        .units
        .iter()
        .map(|u| u.name.to_uppercase())
        .collect();
    check_with_tools(&file, &signers);
}

#[test]
fn the_small_cases_stay_in_the_margins() {
    let o = cluster();
    let dir = tempfile::tempdir().unwrap();
    assert_layout_sound(&pdf::handout_layout(&o, &wording(dir.path())).unwrap());
    assert_layout_sound(&pdf::agreement_layout(&o.agreement).unwrap());
    let texts = pdf::agreement_layout(&o.agreement).unwrap().page_texts();
    assert!(
        texts[0].contains("Chỉ tiêu"),
        "four units' targets fit as columns"
    );
    assert!(!texts.join("\n").contains("Chỉ tiêu riêng của"));
}

#[test]
fn a_template_in_the_working_folder_replaces_the_built_in_one() {
    let o = cluster();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    let custom = "# Lời mở đầu\n\nNăm {{ nam }}, dẫn đầu là {{ dan_dau | map(attribute=\"ten_ngan\") | lietke }}.\n\n[[bang-xep-hang]]\n\n## Nơi nhận\n- Ban Tổ chức Trung ương Hội\n- Lưu: VP\n";
    std::fs::write(dir.path().join("templates").join(pdf::TEMPLATE), custom).unwrap();
    let layout = pdf::handout_layout(&o, &wording(dir.path())).unwrap();
    let all = layout.page_texts().join("\n");
    let leader = o.agreement.units[o.ranking[0]].short_name.clone();
    assert!(
        all.contains(&format!("Năm 2016, dẫn đầu là {leader}.")),
        "{all}"
    );
    assert!(all.contains("- Ban Tổ chức Trung ương Hội;") && all.contains("- Lưu: VP."));
    assert!(
        all.contains("Bảng 2."),
        "tables the template leaves out are still printed"
    );
    std::fs::write(
        dir.path().join("templates").join(pdf::TEMPLATE),
        "Dòng một\n{{ chua_co_bien_nay }}\n",
    )
    .unwrap();
    let err = pdf::handout(&o, &wording(dir.path())).unwrap_err();
    assert!(err.contains("templates/hoi-nghi.md.j2, dòng 2"), "{err}");
}

/// A minimal agreement workbook; `method` is the method of criterion 1.2.
fn write_agreement(path: &Path, method: &str) {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let info = wb.add_worksheet().set_name("Thông tin").unwrap();
    let keys = [
        ("Tổ chức", "Hội Cựu chiến binh Việt Nam"),
        ("Cụm thi đua", "Cụm thi đua số 3"),
        ("Cụm trưởng", "TN"),
        ("Địa điểm", "Thái Nguyên"),
    ];
    for (r, (k, v)) in keys.iter().enumerate() {
        info.write_string(r as u32, 0, *k).unwrap();
        info.write_string(r as u32, 1, *v).unwrap();
    }
    info.write_string(4, 0, "Năm").unwrap();
    info.write_number(4, 1, 2016.0).unwrap();
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
    let rows = [
        [
            "CB",
            "Hội Cựu chiến binh tỉnh Cao Bằng",
            "Cao Bằng",
            "",
            "Nông Văn Thạch",
            "Chủ tịch",
        ],
        [
            "TN",
            "Hội Cựu chiến binh tỉnh Thái Nguyên",
            "Thái Nguyên",
            "",
            "Dương Văn Khánh",
            "Chủ tịch",
        ],
        [
            "LS",
            "Hội Cựu chiến binh tỉnh Lạng Sơn",
            "Lạng Sơn",
            "",
            "Lương Văn Quý",
            "Phó Chủ tịch",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            units.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    let criteria = wb.add_worksheet().set_name("Giao ước").unwrap();
    for (c, h) in [
        "Mã",
        "Nội dung",
        "Đơn vị tính",
        "Điểm chuẩn",
        "Cách chấm",
        "Mức",
        "Chỉ tiêu",
    ]
    .iter()
    .enumerate()
    {
        criteria.write_string(0, c as u16, *h).unwrap();
    }
    criteria.write_string(1, 0, "I").unwrap();
    criteria
        .write_string(1, 1, "Công tác tuyên truyền, giáo dục")
        .unwrap();
    let lines = [
        (
            "1.1",
            "Tỷ lệ hội viên được học tập nghị quyết",
            "%",
            10.0,
            "Tỷ lệ",
            95.0,
        ),
        (
            "1.2",
            "Số buổi nói chuyện truyền thống",
            "buổi",
            10.0,
            method,
            12.0,
        ),
    ];
    for (k, (code, content, measure, max, how, target)) in lines.iter().enumerate() {
        let r = k as u32 + 2;
        criteria.write_string(r, 0, *code).unwrap();
        criteria.write_string(r, 1, *content).unwrap();
        criteria.write_string(r, 2, *measure).unwrap();
        criteria.write_number(r, 3, *max).unwrap();
        criteria.write_string(r, 4, *how).unwrap();
        criteria.write_number(r, 6, *target).unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn the_agreement_command_writes_the_pdf_and_refuses_a_bad_agreement() {
    let bin = env!("CARGO_BIN_EXE_thidua");
    let dir = tempfile::tempdir().unwrap();
    write_agreement(&dir.path().join("giao-uoc.xlsx"), "Đạt");
    let out = Command::new(bin)
        .args(["agreement", "-q"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join("ket-qua").join("giao-uoc-2016.pdf");
    let first = std::fs::read(&pdf).unwrap();
    let again = Command::new(bin)
        .args(["agreement", "-q"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(again.status.success());
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        first,
        "the same agreement gives the same bytes"
    );
    let expected: Vec<String> = [
        "Dương Văn Khánh",
        "PHÓ CHỦ TỊCH",
        "Số buổi nói chuyện truyền thống",
        "Đạt chỉ tiêu: 10 điểm; không đạt: 0 điểm.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    check_with_tools(&pdf, &expected);

    let bad = tempfile::tempdir().unwrap();
    write_agreement(&bad.path().join("giao-uoc.xlsx"), "Xếp loại");
    let out = Command::new(bin)
        .args(["agreement"])
        .arg(bad.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Xếp loại"));
    assert!(
        !bad.path()
            .join("ket-qua")
            .join("giao-uoc-2016.pdf")
            .exists(),
        "nothing is written"
    );
}

#[test]
fn run_writes_the_handout_beside_the_json() {
    use rust_xlsxwriter::Workbook;
    let bin = env!("CARGO_BIN_EXE_thidua");
    let dir = tempfile::tempdir().unwrap();
    write_agreement(&dir.path().join("giao-uoc.xlsx"), "Đạt");
    std::fs::create_dir(dir.path().join("nop")).unwrap();
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet().set_name("Tự chấm").unwrap();
    sheet
        .write_string(0, 0, "Đơn vị: Hội Cựu chiến binh tỉnh Cao Bằng")
        .unwrap();
    for (c, h) in ["Mã", "Nội dung", "Chỉ tiêu", "Kết quả", "Tự chấm"]
        .iter()
        .enumerate()
    {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    for (r, (code, result, own)) in [("1.1", 97.0, 10.0), ("1.2", 12.0, 10.0)]
        .iter()
        .enumerate()
    {
        sheet.write_string(r as u32 + 3, 0, *code).unwrap();
        sheet.write_number(r as u32 + 3, 3, *result).unwrap();
        sheet.write_number(r as u32 + 3, 4, *own).unwrap();
    }
    wb.save(dir.path().join("nop").join("cao-bang.xlsx"))
        .unwrap();
    std::fs::write(
        dir.path().join("ghi-chu.md"),
        "Hội nghị nhất trí **thông qua** báo cáo.\n",
    )
    .unwrap();
    let out = Command::new(bin)
        .args(["run", "-q"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join("ket-qua").join("hoi-nghi-2016.pdf");
    assert!(dir
        .path()
        .join("ket-qua")
        .join("ket-qua-2016.json")
        .is_file());
    let expected: Vec<String> = [
        "Hội Cựu chiến binh tỉnh Cao Bằng đạt 2/2 chỉ tiêu",
        "Hội nghị nhất trí thông qua báo cáo.",
        "Dương Văn Khánh",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert!(pdf.is_file());
    check_with_tools(&pdf, &expected);
}

/// The working folder's wording, read as `run` reads it.
fn wording(folder: &Path) -> thidua::model::Wording {
    thidua::read::wording::load(folder).expect("the wording is readable")
}

/// The papers are documents of meaningful blocks (what a Word back end
/// needs), and the PDF is that document set: `pdf::render` of the document
/// gives the handout's very bytes.
#[test]
fn the_handout_and_the_agreement_are_documents_of_meaningful_blocks() {
    use thidua::document::{Block, RowKind};
    use thidua::documents;
    use thidua::render::Detail;
    let o = cluster();
    let dir = tempfile::tempdir().unwrap();
    let w = wording(dir.path());
    let doc = documents::handout::document(&o, &w, Detail::PerUnit).unwrap();
    let Block::Letterhead(head) = &doc.blocks[0] else {
        panic!("the letterhead comes first: {:?}", doc.blocks[0]);
    };
    assert_eq!(head.motto, "Độc lập - Tự do - Hạnh phúc");
    assert!(head.place_date.contains("năm"), "{}", head.place_date);
    assert!(matches!(&doc.blocks[1], Block::Title(t) if t.kind == "Báo cáo"));
    let closing = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Closing(_)));
    let appendix = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Appendix(_)));
    assert!(
        closing.is_some() && closing < appendix,
        "closing, then appendix"
    );
    let Some(Block::Closing(c)) = closing.map(|i| &doc.blocks[i]) else {
        unreachable!()
    };
    let last = c.recipients.last().unwrap();
    assert!(last.last().unwrap().text.ends_with('.'));
    let tables: Vec<&thidua::document::Table> = flat(&doc.blocks)
        .into_iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert!(tables.len() >= 4, "ranking, criteria and unit tables");
    for t in &tables {
        let f = t.fractions(thidua::document::decree::TEXT_WIDTH_MM);
        assert!((f.iter().sum::<f32>() - 1.0).abs() < 1e-4, "{f:?}");
    }
    assert!(tables
        .iter()
        .any(|t| t.rows.iter().any(|r| r.kind == RowKind::Section)));
    let rendered = pdf::render(&doc).unwrap();
    assert_eq!(
        rendered.bytes,
        pdf::handout(&o, &w).unwrap(),
        "the handout is its document set"
    );

    let doc = documents::agreement::document(&o.agreement).unwrap();
    assert!(flat(&doc.blocks).into_iter().any(
        |b| matches!(b, Block::Signatures(s) if s.signatures.len() == o.agreement.units.len())
    ));
    assert_eq!(
        pdf::render(&doc).unwrap().bytes,
        pdf::agreement(&o.agreement).unwrap()
    );
}

/// Every block, those inside a narrative or a part included.
fn flat(blocks: &[thidua::document::Block]) -> Vec<&thidua::document::Block> {
    use thidua::document::Block;
    blocks
        .iter()
        .flat_map(|b| match b {
            Block::Narrative(inner) | Block::Part(inner) | Block::Landscape(inner) => flat(inner),
            other => vec![other],
        })
        .collect()
}

/// `n` units with long names (the provinces, then numbered ones: "Hội Cựu
/// chiến binh tỉnh Hưng Yên 10"), `criteria` criteria, a few absent.
fn generated(n: usize, criteria: usize, seed: u64) -> Outcome {
    let names: Vec<(String, String, bool)> = (0..n)
        .map(|k| {
            let (code, short, city) = PROVINCES[k % PROVINCES.len()];
            if k < PROVINCES.len() {
                (code.to_string(), short.to_string(), city)
            } else {
                let round = k / PROVINCES.len() + 9;
                (format!("{code}{round}"), format!("{short} {round}"), city)
            }
        })
        .collect();
    let members: Vec<(&str, &str, bool)> = names
        .iter()
        .map(|(c, s, city)| (c.as_str(), s.as_str(), *city))
        .collect();
    let absent: Vec<usize> = (0..n).filter(|k| n > 3 && k % 17 == 5).collect();
    outcome(agreement(&members, criteria), &absent, seed)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 10,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Handouts of 1 to 60 units and 5 to 80 criteria, built by the real
    /// builder: on every page, from the layout's own boxes, no heading ends
    /// a page, no section row is last on its page, the total has two rows
    /// above it, short tables are whole, no paragraph leaves a line alone,
    /// and everything lies inside its page's margins; the same with the
    /// appendix on landscape pages; the agreement too.
    #[test]
    fn generated_handouts_follow_the_page_flow_rules(
        units in 1usize..=60,
        criteria in 5usize..=80,
        seed in 0u64..1000,
    ) {
        let o = generated(units, criteria, seed);
        let dir = tempfile::tempdir().unwrap();
        let layout = pdf::handout_layout(&o, &wording(dir.path())).unwrap();
        let faults = layout.flow_faults();
        proptest::prop_assert!(faults.is_empty(), "{} units, {} criteria: {:#?}", units, criteria, faults);
        let faults = layout.margin_faults();
        proptest::prop_assert!(faults.is_empty(), "{} units, {} criteria: {:#?}", units, criteria, faults);
        // The same handout with its appendix on landscape pages.
        let mut doc = thidua::documents::handout::document(
            &o,
            &wording(dir.path()),
            thidua::render::Detail::of(&o, false),
        )
        .unwrap();
        if let Some(at) = doc
            .blocks
            .iter()
            .position(|b| matches!(b, thidua::document::Block::Appendix(_)))
        {
            let appendix = doc.blocks.split_off(at);
            doc.blocks.push(thidua::document::Block::Landscape(appendix));
        }
        let turned = pdf::lay_out(&doc).unwrap();
        proptest::prop_assert!(turned.pages.iter().any(|p| p.landscape));
        let mut faults = turned.flow_faults();
        faults.extend(turned.margin_faults());
        proptest::prop_assert!(faults.is_empty(), "landscape, {} units: {:#?}", units, faults);
        let agreement = pdf::agreement_layout(&o.agreement).unwrap();
        let faults = agreement.flow_faults();
        proptest::prop_assert!(faults.is_empty(), "agreement of {}: {:#?}", units, faults);
    }
}
