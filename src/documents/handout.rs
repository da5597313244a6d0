//! The conference handout (`hoi-nghi-<Năm>.pdf`): the report the head unit
//! signs and every delegate receives.
//!
//! Page 1 in the official format, the title, the narrative from the template
//! `hoi-nghi.md.j2` (built in; a copy in the working folder's `templates/`
//! wins) with the secretariat's `ghi-chu.md` where the template puts
//! `{{ ghi_chu }}`, the tables the template places (ranking, per-criterion
//! summary, proposals, next year's head and deputy), the recipients and the
//! head unit's signature, then an appendix with every unit's scores and
//! findings and the fate of every inbox file; for a very large cluster
//! ([`Detail::Consolidated`]) the appendix has the findings in numbers, the
//! files not used and the findings without a unit, and points to the
//! workbook for the rest.
//!
//! Owns: what the template is told, and the content of those tables. Does not
//! own how anything is placed (`render::pdf`).

use super::parts::{
    criteria_with_sections, header_cells, narrative, place, section_max_cell, shown, Item,
};
use crate::document::decree::{
    self, body, caption, mm, BLANK, BODY_SIZE, PARAGRAPH_SPACE, TABLE_SIZE,
};
use crate::document::markup;
use crate::document::{
    Align, Appendix, Block, Cell, Closing, Column, Document, Heading, Letterhead, Meta, Paragraph,
    Row, Signature, Span, Table, Title,
};
use crate::model::detail::Detail;
use crate::model::diagnostic::{Diagnostic, Lang, Severity};
use crate::model::numfmt;
use crate::model::status_words;
use crate::model::Outcome;
use crate::model::Wording;
use crate::model::{
    Agreement, Criterion, CriterionScore, Date, FileStatus, Method, Proposal, Unit, UnitResult,
    UnitStatus,
};
use rust_decimal::Decimal;
use serde::Serialize;

pub use crate::model::paths::TEMPLATE;
/// The built-in template.
const DEFAULT_TEMPLATE: &str = include_str!("../../templates/hoi-nghi.md.j2");
pub use crate::model::paths::NOTES;

/// The tables the template can place, in the order they are appended when it does not.
const TABLES: [&str; 4] = ["bang-xep-hang", "bang-tieu-chi", "de-nghi", "nam-sau"];

/// The handout of `outcome`, in the working folder's `wording` (its
/// template, else the built-in one, and its notes).
pub fn document(outcome: &Outcome, wording: &Wording, detail: Detail) -> Result<Document, String> {
    let (template_name, template) = match &wording.template {
        Some(own) => (format!("templates/{TEMPLATE}"), own.as_str()),
        None => (TEMPLATE.to_string(), DEFAULT_TEMPLATE),
    };
    let context = context(outcome, wording.notes.clone(), detail);
    let text = markup::render(&template_name, template, &context)?;
    let markup = markup::parse(&text);
    let mut blocks = vec![
        Block::Letterhead(letterhead(outcome)),
        Block::Title(Title {
            kind: "Báo cáo".to_string(),
            summary: summary(&outcome.agreement),
        }),
    ];
    blocks.extend(narrative(&markup.blocks, &TABLES, |name| {
        part(outcome, name)
    }));
    let recipients = if markup.recipients.is_empty() {
        default_recipients(&outcome.agreement)
    } else {
        markup.recipients.clone()
    };
    blocks.push(Block::Closing(Closing {
        recipients: decree::recipient_lines(&recipients),
        signature: signature(&outcome.agreement),
    }));
    appendix(&mut blocks, outcome, detail);
    Ok(Document {
        meta: meta(outcome),
        blocks,
    })
}

/// The document information of the handout.
pub fn meta(outcome: &Outcome) -> Meta {
    let a = &outcome.agreement;
    Meta {
        title: format!(
            "Báo cáo tổng kết công tác thi đua năm {} - {}",
            a.info.year, a.info.cluster
        ),
        author: a
            .unit(&a.info.head)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        subject: summary(a),
        date: document_date(a),
        draft: false,
    }
}

/// The date the handout carries: the conference's, else 1 January after the year.
fn document_date(a: &Agreement) -> Date {
    a.info.conference_date.unwrap_or(Date {
        year: a.info.year + 1,
        month: 1,
        day: 1,
    })
}

fn summary(a: &Agreement) -> String {
    format!(
        "Tổng kết công tác thi đua năm {} của {}",
        a.info.year, a.info.cluster
    )
}

fn letterhead(outcome: &Outcome) -> Letterhead {
    let a = &outcome.agreement;
    let head = a.unit(&a.info.head);
    Letterhead::new(
        &a.info.organisation,
        &head.map_or_else(|| a.info.cluster.clone(), |u| u.name.clone()),
        Some(format!("Số:{BLANK}/BC-CTĐ")),
        decree::place_and_date(&place(a), a.info.conference_date, a.info.year + 1),
    )
}

fn signature(a: &Agreement) -> Signature {
    let head = a.unit(&a.info.head);
    Signature {
        on_behalf: Some(format!("TM. {}", a.info.cluster)),
        role: Some("Cụm trưởng".to_string()),
        name: head.and_then(|u| u.signer.clone()),
    }
}

fn default_recipients(a: &Agreement) -> Vec<Vec<Span>> {
    [
        format!("Trung ương {}", a.info.organisation),
        format!("Các đơn vị thành viên {}", a.info.cluster),
        "Lưu: VT".into(),
    ]
    .iter()
    .map(|t| vec![Span::regular(t)])
    .collect()
}

/// A unit as the template sees it.
#[derive(Debug, Clone, Serialize)]
struct UnitView {
    ma: String,
    ten: String,
    ten_ngan: String,
    trang_thai: String,
    duoc_cham: bool,
    hang: Option<u32>,
    tong_diem: Option<String>,
    tu_cham: Option<String>,
    xep_loai: Option<&'static str>,
    de_nghi: Option<&'static str>,
    so_tieu_chi_dat: Option<usize>,
    nguoi_ky: Option<String>,
    chuc_vu: Option<String>,
}

/// Classification thresholds (percent of the base maximum) as the template sees them.
#[derive(Debug, Clone, Serialize)]
struct ThresholdsView {
    xuat_sac: String,
    tot: String,
    kha: String,
}

/// Everything the template is told.
#[derive(Debug, Clone, Serialize)]
struct Context {
    to_chuc: String,
    cum: String,
    nam: i32,
    nam_sau: i32,
    dia_diem: String,
    ngay_hoi_nghi: Option<String>,
    diem_chuan: String,
    so_tieu_chi: usize,
    so_don_vi: usize,
    so_duoc_cham: usize,
    so_co: u32,
    so_bang_khen: u32,
    so_loi: usize,
    so_canh_bao: usize,
    /// A very large cluster: no list of every unit in the text, no appendix per unit.
    cum_lon: bool,
    /// How many units got each classification, best first (only those given).
    theo_xep_loai: Vec<ClassCount>,
    nguong: ThresholdsView,
    don_vi: Vec<UnitView>,
    xep_hang: Vec<UnitView>,
    chua_xep_hang: Vec<UnitView>,
    dan_dau: Vec<UnitView>,
    co_thi_dua: Vec<UnitView>,
    bang_khen: Vec<UnitView>,
    bieu_quyet: Vec<UnitView>,
    cum_truong: UnitView,
    cum_pho: Option<UnitView>,
    cum_truong_nam_sau: UnitView,
    cum_pho_nam_sau: UnitView,
    /// The secretariat's own Markdown: printed as markup, not as literal text.
    ghi_chu: Option<minijinja::Value>,
}

/// Whether a unit met a criterion's target: the result against the signed
/// target for the methods that have one, full marks for assessed criteria;
/// None for bonus and penalty.
pub fn target_met(criterion: &Criterion, score: &CriterionScore) -> Option<bool> {
    let reached = |ok: fn(Decimal, Decimal) -> bool| match (score.result, score.target) {
        (Some(a), Some(t)) => ok(a, t),
        _ => false,
    };
    match criterion.method {
        Method::Proportional | Method::Threshold => Some(reached(|a, t| a >= t)),
        Method::Ceiling => Some(reached(|a, t| a <= t)),
        Method::Assessed => Some(score.score >= criterion.max),
        Method::Bonus | Method::Penalty => None,
    }
}

fn criteria_met(a: &Agreement, r: &UnitResult) -> Option<usize> {
    if r.status != UnitStatus::Scored {
        return None;
    }
    Some(
        a.criteria
            .iter()
            .zip(&r.scores)
            .filter(|(c, s)| target_met(c, s) == Some(true))
            .count(),
    )
}

fn unit_view(a: &Agreement, unit: &Unit, r: Option<&UnitResult>) -> UnitView {
    UnitView {
        ma: unit.code.clone(),
        ten: unit.name.clone(),
        ten_ngan: unit.display_name().to_string(),
        trang_thai: status_words(r.map_or(UnitStatus::Missing, |r| r.status), Lang::Vi).to_string(),
        duoc_cham: r.is_some_and(|r| r.status == UnitStatus::Scored),
        hang: r.and_then(|r| r.rank),
        tong_diem: r.and_then(|r| r.total).map(|x| numfmt::score(x, Lang::Vi)),
        tu_cham: r
            .and_then(|r| r.self_total)
            .map(|x| numfmt::score(x, Lang::Vi)),
        xep_loai: r.and_then(|r| r.classification).map(|c| c.name_vi()),
        de_nghi: r.and_then(|r| r.proposal).map(|p| p.name_vi()),
        so_tieu_chi_dat: r.and_then(|r| criteria_met(a, r)),
        nguoi_ky: unit.signer.clone(),
        chuc_vu: unit.signer_title.clone(),
    }
}

/// A classification and how many units got it.
#[derive(Debug, Clone, Serialize)]
struct ClassCount {
    xep_loai: &'static str,
    so_don_vi: usize,
}

/// Whether each unit is in the ranking, by index.
fn ranked_flags(o: &Outcome) -> Vec<bool> {
    let mut ranked = vec![false; o.units.len()];
    for &i in &o.ranking {
        ranked[i] = true;
    }
    ranked
}

fn context(o: &Outcome, notes: Option<String>, detail: Detail) -> Context {
    let a = &o.agreement;
    let in_ranking = ranked_flags(o);
    let view = |i: usize| unit_view(a, &a.units[i], o.units.get(i));
    let by_code = |code: &str| match a.units.iter().position(|u| u.code == code) {
        Some(i) => view(i),
        None => unit_view(a, &placeholder_unit(code), None),
    };
    let ranked: Vec<UnitView> = o.ranking.iter().map(|&i| view(i)).collect();
    let with = |p: Proposal| {
        ranked
            .iter()
            .filter(|u| u.de_nghi == Some(p.name_vi()))
            .cloned()
            .collect::<Vec<_>>()
    };
    let count = |s| o.diagnostics.iter().filter(|d| d.severity() == s).count();
    let percent = |x: Decimal| numfmt::plain(x, Lang::Vi);
    Context {
        to_chuc: a.info.organisation.clone(),
        cum: a.info.cluster.clone(),
        nam: a.info.year,
        nam_sau: a.info.year + 1,
        dia_diem: place(a),
        ngay_hoi_nghi: a.info.conference_date.map(decree::date_in_words),
        diem_chuan: numfmt::plain(a.base_max(), Lang::Vi),
        so_tieu_chi: a.criteria.iter().filter(|c| c.method.in_base()).count(),
        so_don_vi: a.units.len(),
        so_duoc_cham: o
            .units
            .iter()
            .filter(|u| u.status == UnitStatus::Scored)
            .count(),
        so_co: a.info.flags,
        so_bang_khen: a.info.certificates,
        so_loi: count(Severity::Error),
        so_canh_bao: count(Severity::Warning),
        cum_lon: detail == Detail::Consolidated,
        theo_xep_loai: class_counts(o),
        nguong: ThresholdsView {
            xuat_sac: percent(a.info.thresholds.excellent),
            tot: percent(a.info.thresholds.good),
            kha: percent(a.info.thresholds.fair),
        },
        don_vi: (0..a.units.len()).map(view).collect(),
        dan_dau: ranked
            .iter()
            .filter(|u| u.hang == Some(1))
            .cloned()
            .collect(),
        co_thi_dua: with(Proposal::Flag),
        bang_khen: with(Proposal::Certificate),
        bieu_quyet: with(Proposal::Vote),
        xep_hang: ranked,
        chua_xep_hang: (0..a.units.len())
            .filter(|&i| !in_ranking[i])
            .map(view)
            .collect(),
        cum_truong: by_code(&a.info.head),
        cum_pho: a.info.deputy.as_deref().map(by_code),
        cum_truong_nam_sau: by_code(&a.info.next_head),
        cum_pho_nam_sau: by_code(&a.info.next_deputy),
        ghi_chu: notes.map(minijinja::Value::from_safe_string),
    }
}

/// Units per classification, best first, leaving out those nobody got.
fn class_counts(o: &Outcome) -> Vec<ClassCount> {
    use crate::model::Classification::{Excellent, Fair, Good, NotMet};
    [Excellent, Good, Fair, NotMet]
        .into_iter()
        .map(|c| ClassCount {
            xep_loai: c.name_vi(),
            so_don_vi: o
                .units
                .iter()
                .filter(|r| r.classification == Some(c))
                .count(),
        })
        .filter(|c| c.so_don_vi > 0)
        .collect()
}

/// A unit known only by its code (never the case in a checked agreement).
fn placeholder_unit(code: &str) -> Unit {
    Unit {
        code: code.to_string(),
        name: code.to_string(),
        short_name: code.to_string(),
        other_names: Vec::new(),
        signer: None,
        signer_title: None,
    }
}

/// The part called `name`; None when there is no such part.
fn part(o: &Outcome, name: &str) -> Option<Vec<Block>> {
    let blocks = match name {
        "bang-xep-hang" => vec![Block::Table(ranking_table(o))],
        "bang-tieu-chi" => vec![Block::Table(criteria_table(o))],
        "de-nghi" => vec![proposals(o)],
        "nam-sau" => vec![Block::Table(next_year_table(&o.agreement))],
        _ => return None,
    };
    Some(blocks)
}

fn dash() -> Cell {
    Cell::text("-").align(Align::Center)
}

fn score_cell(x: Option<Decimal>) -> Cell {
    x.map_or_else(dash, |x| Cell::text(&numfmt::score(x, Lang::Vi)))
}

fn ranking_table(o: &Outcome) -> Table {
    let a = &o.agreement;
    let mut rows = Vec::new();
    for &i in &o.ranking {
        let r = &o.units[i];
        rows.push(Row::data(vec![
            Cell::text(&r.rank.map(|k| k.to_string()).unwrap_or_default()),
            Cell::text(&a.units[i].name),
            score_cell(r.self_total),
            Cell::spans(vec![Span::bold(
                &r.total
                    .map(|x| numfmt::score(x, Lang::Vi))
                    .unwrap_or_default(),
            )]),
            Cell::text(r.classification.map_or("", |c| c.name_vi())),
            Cell::text(r.proposal.map_or("", |p| p.name_vi())),
        ]));
    }
    let in_ranking = ranked_flags(o);
    for (i, r) in o.units.iter().enumerate().filter(|&(i, _)| !in_ranking[i]) {
        rows.push(Row::data(vec![
            dash(),
            Cell::text(&a.units[i].name),
            dash(),
            dash(),
            Cell::italic(status_words(r.status, Lang::Vi))
                .colspan(2)
                .align(Align::Left),
        ]));
    }
    Table {
        columns: vec![
            Column::new(14.0, Align::Center),
            Column::new(64.0, Align::Left),
            Column::new(18.0, Align::Right),
            Column::new(18.0, Align::Right),
            Column::new(19.0, Align::Center),
            Column::new(32.0, Align::Center),
        ],
        header: vec![header_cells(&[
            "Xếp hạng",
            "Đơn vị",
            "Điểm tự chấm",
            "Tổng điểm",
            "Xếp loại",
            "Đề nghị khen thưởng",
        ])],
        rows,
        size: TABLE_SIZE,
        caption: vec![caption(&format!(
            "Bảng 1. Kết quả chấm điểm, xếp hạng thi đua năm {}",
            a.info.year
        ))],
    }
}

fn criteria_table(o: &Outcome) -> Table {
    let a = &o.agreement;
    let scored: Vec<&UnitResult> = o
        .units
        .iter()
        .filter(|u| u.status == UnitStatus::Scored)
        .collect();
    let mut rows = Vec::new();
    for item in criteria_with_sections(a) {
        match item {
            Item::Section(s, max) => rows.push(Row::section(vec![
                Cell::bold(&s.code).align(Align::Center),
                Cell::bold(&s.title).align(Align::Left),
                section_max_cell(max),
                Cell::text("").colspan(2),
            ])),
            Item::Criterion(k, c) => {
                let scores: Vec<&CriterionScore> =
                    scored.iter().filter_map(|u| u.scores.get(k)).collect();
                rows.push(Row::data(vec![
                    Cell::text(&c.code),
                    Cell::text(&c.content),
                    Cell::text(&numfmt::plain(c.max, Lang::Vi)),
                    Cell::text(&met_words(c, &scores, scored.len())),
                    average(&scores),
                ]));
            }
        }
    }
    Table {
        columns: vec![
            Column::new(13.0, Align::Center),
            Column::new(82.0, Align::Justify),
            Column::new(18.0, Align::Center),
            Column::new(32.0, Align::Center),
            Column::new(20.0, Align::Right),
        ],
        header: vec![header_cells(&[
            "Mã",
            "Nội dung tiêu chí",
            "Điểm chuẩn",
            "Số đơn vị đạt chỉ tiêu",
            "Điểm bình quân",
        ])],
        rows,
        size: TABLE_SIZE,
        caption: vec![caption("Bảng 2. Kết quả thực hiện các tiêu chí")],
    }
}

/// "3/4", or for bonus and penalty how many units got one.
fn met_words(c: &Criterion, scores: &[&CriterionScore], units: usize) -> String {
    if units == 0 {
        return "-".to_string();
    }
    let nonzero = scores.iter().filter(|s| !s.score.is_zero()).count();
    match c.method {
        Method::Bonus => format!("{nonzero} đơn vị được cộng"),
        Method::Penalty => format!("{nonzero} đơn vị bị trừ"),
        _ => format!(
            "{}/{units}",
            scores
                .iter()
                .filter(|s| target_met(c, s) == Some(true))
                .count()
        ),
    }
}

fn average(scores: &[&CriterionScore]) -> Cell {
    if scores.is_empty() {
        return dash();
    }
    let sum: Decimal = scores.iter().map(|s| s.score).sum();
    score_cell(Some(sum / Decimal::from(scores.len())))
}

fn proposals(o: &Outcome) -> Block {
    let a = &o.agreement;
    let rows: Vec<Row> = o
        .ranking
        .iter()
        .filter_map(|&i| o.units[i].proposal.map(|p| (i, p)))
        .enumerate()
        .map(|(k, (i, p))| {
            let r = &o.units[i];
            Row::data(vec![
                Cell::text(&(k + 1).to_string()),
                Cell::text(&a.units[i].name),
                score_cell(r.total),
                Cell::text(r.classification.map_or("", |c| c.name_vi())),
                Cell::spans(vec![Span::bold(p.name_vi())]),
            ])
        })
        .collect();
    if rows.is_empty() {
        return Block::Paragraph(body(vec![Span::italic(
            "Không có đơn vị nào đủ điều kiện đề nghị khen thưởng.",
        )]));
    }
    Block::Table(Table {
        columns: vec![
            Column::new(12.0, Align::Center),
            Column::new(70.0, Align::Left),
            Column::new(22.0, Align::Right),
            Column::new(24.0, Align::Center),
            Column::new(37.0, Align::Center),
        ],
        header: vec![header_cells(&[
            "STT",
            "Đơn vị",
            "Tổng điểm",
            "Xếp loại",
            "Hình thức đề nghị",
        ])],
        rows,
        size: TABLE_SIZE,
        caption: vec![caption("Bảng 3. Đề nghị khen thưởng")],
    })
}

fn next_year_table(a: &Agreement) -> Table {
    let name = |code: &str| {
        a.unit(code)
            .map_or_else(|| code.to_string(), |u| u.name.clone())
    };
    let year = a.info.year + 1;
    Table {
        columns: vec![
            Column::new(55.0, Align::Left),
            Column::new(110.0, Align::Left),
        ],
        header: vec![],
        rows: vec![
            Row::data(vec![
                Cell::bold(&format!("Cụm trưởng năm {year}")),
                Cell::text(&name(&a.info.next_head)),
            ]),
            Row::data(vec![
                Cell::bold(&format!("Cụm phó năm {year}")),
                Cell::text(&name(&a.info.next_deputy)),
            ]),
        ],
        size: BODY_SIZE,
        caption: vec![],
    }
}

/// The appendix: one section per unit, then the inbox files.
fn appendix(out: &mut Vec<Block>, o: &Outcome, detail: Detail) {
    let a = &o.agreement;
    let under = match a.info.conference_date {
        Some(d) => format!(
            "(Kèm theo Báo cáo số{BLANK}/BC-CTĐ {} của {})",
            decree::date_in_words(d),
            a.info.cluster
        ),
        None => format!("(Kèm theo Báo cáo số{BLANK}/BC-CTĐ của {})", a.info.cluster),
    };
    if detail == Detail::Consolidated {
        appendix_heading(out, "Kết quả kiểm tra bảng tự chấm điểm", &under);
        findings_in_numbers(out, o);
        files_section(out, o, 2, false);
        return;
    }
    appendix_heading(out, "Kết quả chấm điểm của từng đơn vị", &under);
    for (k, (unit, r)) in a.units.iter().zip(&o.units).enumerate() {
        unit_section(out, o, k + 1, unit, r);
    }
    files_section(out, o, a.units.len() + 1, true);
}

fn appendix_heading(out: &mut Vec<Block>, title: &str, under: &str) {
    out.push(Block::Appendix(Appendix {
        title: title.to_string(),
        under: under.to_string(),
    }));
}

/// A numbered heading of the appendix, flush left.
fn unit_heading(title: &str) -> Block {
    Block::Heading(Heading {
        level: 1,
        spans: vec![Span::regular(title)],
        indented: false,
    })
}

/// A count with thousands dots: "10.000".
fn count_text(n: usize) -> String {
    numfmt::plain(Decimal::from(n), Lang::Vi)
}

/// Section 1 of a very large cluster's appendix: the findings counted by
/// kind, and where each one is listed.
fn findings_in_numbers(out: &mut Vec<Block>, o: &Outcome) {
    let a = &o.agreement;
    let title = "1. Các vấn đề phát hiện";
    out.push(unit_heading(title));
    let mut rows = Vec::new();
    for kind in crate::model::diagnostic::Kind::all() {
        let of_kind: Vec<&Diagnostic> = o.diagnostics.iter().filter(|d| d.kind == kind).collect();
        let Some(first) = of_kind.first() else {
            continue;
        };
        let mut units: Vec<&str> = of_kind.iter().filter_map(|d| d.unit.as_deref()).collect();
        units.sort_unstable();
        units.dedup();
        let units = if units.is_empty() {
            dash()
        } else {
            Cell::text(&count_text(units.len()))
        };
        rows.push(Row::data(vec![
            Cell::text(kind.title_vi()),
            Cell::text(first.severity().label(Lang::Vi)),
            Cell::text(&count_text(of_kind.len())),
            units,
        ]));
    }
    let year = a.info.year;
    let text = if rows.is_empty() {
        "Không phát hiện vấn đề nào trong các bảng tự chấm điểm.".to_string()
    } else {
        format!(
            "Cụm có {} đơn vị, quá nhiều để in kết quả của từng đơn vị. Điểm, chỉ tiêu và kết quả từng tiêu chí của mọi đơn vị có tại trang Chi tiết, còn từng vấn đề (tệp, trang tính, ô, giá trị đúng và giá trị trong bảng) có tại trang Kiểm tra của tệp tong-hop-{year}.xlsx và trong tệp ket-qua-{year}.json. Số vấn đề theo loại:",
            count_text(a.units.len())
        )
    };
    out.push(Block::Paragraph(body(vec![Span::regular(&text)])));
    if !rows.is_empty() {
        out.push(Block::Table(Table {
            columns: vec![
                Column::new(75.0, Align::Left),
                Column::new(30.0, Align::Center),
                Column::new(30.0, Align::Right),
                Column::new(30.0, Align::Right),
            ],
            header: vec![header_cells(&["Vấn đề", "Mức độ", "Số lần", "Số đơn vị"])],
            rows,
            size: TABLE_SIZE,
            caption: vec![],
        }));
    }
    out.push(Block::Space(PARAGRAPH_SPACE * 2.0));
}

fn unit_section(out: &mut Vec<Block>, o: &Outcome, number: usize, unit: &Unit, r: &UnitResult) {
    let title = format!("{number}. {} ({})", unit.name, unit.code);
    out.push(unit_heading(&title));
    out.push(Block::Paragraph(body(unit_summary(r)).first_indent(0.0)));
    if r.status == UnitStatus::Scored {
        out.push(Block::Table(unit_table(&o.agreement, r)));
        if r.scores.iter().any(|s| s.adjustment.is_some()) {
            let note = "(*) Điểm do Ban Thư ký điều chỉnh; lý do ghi ở phần các vấn đề phát hiện dưới đây.";
            out.push(Block::Paragraph(
                Paragraph::new(vec![Span::italic(note)], 11.0).space_before(2.0),
            ));
        }
    }
    let findings: Vec<&Diagnostic> = o.diagnostics_of(&unit.code).collect();
    diagnostics_list(out, &findings, r.file.as_deref());
    out.push(Block::Space(PARAGRAPH_SPACE * 2.0));
}

fn unit_summary(r: &UnitResult) -> Vec<Span> {
    let mut spans = Vec::new();
    if let Some(file) = &r.file {
        spans.push(Span::regular("Tệp: "));
        spans.push(Span::italic(file));
        spans.push(Span::regular(". "));
    }
    if r.status != UnitStatus::Scored {
        spans.push(Span::regular("Tình trạng: "));
        spans.push(Span::bold(status_words(r.status, Lang::Vi)));
        spans.push(Span::regular("; đơn vị không được chấm điểm, xếp hạng."));
        return spans;
    }
    let mut parts = Vec::new();
    if let Some(x) = r.self_total {
        parts.push(format!("điểm tự chấm {}", numfmt::score(x, Lang::Vi)));
    }
    if let Some(x) = r.total {
        parts.push(format!("tổng điểm {}", numfmt::score(x, Lang::Vi)));
    }
    if let Some(k) = r.rank {
        parts.push(format!("xếp thứ {k}"));
    }
    if let Some(c) = r.classification {
        parts.push(format!("xếp loại {}", c.name_vi()));
    }
    if let Some(p) = r.proposal {
        parts.push(format!("đề nghị {}", p.name_vi()));
    }
    spans.push(Span::regular(&capitalised(&format!(
        "{}.",
        parts.join("; ")
    ))));
    spans
}

/// The text with its first letter upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn unit_table(a: &Agreement, r: &UnitResult) -> Table {
    let mut rows = Vec::new();
    for item in criteria_with_sections(a) {
        match item {
            Item::Section(s, max) => rows.push(Row::section(vec![
                Cell::bold(&s.code).align(Align::Center),
                Cell::bold(&s.title).align(Align::Left),
                section_max_cell(max),
                Cell::text("").colspan(4),
            ])),
            Item::Criterion(k, c) => {
                let Some(s) = r.scores.get(k) else { continue };
                let mut score = numfmt::score(s.score, Lang::Vi);
                if s.adjustment.is_some() {
                    score.push_str(" (*)");
                }
                rows.push(Row::data(vec![
                    Cell::text(&c.code),
                    Cell::text(&c.content),
                    Cell::text(&numfmt::plain(c.max, Lang::Vi)),
                    Cell::text(&shown(c, s.target)),
                    Cell::text(&shown(c, s.result)),
                    score_cell(s.self_score),
                    Cell::text(&score),
                ]));
            }
        }
    }
    let total = |x: Option<Decimal>| {
        Cell::spans(vec![Span::bold(
            &x.map_or("-".into(), |x| numfmt::score(x, Lang::Vi)),
        )])
    };
    rows.push(Row::total(vec![
        Cell::bold("Tổng cộng").colspan(2).align(Align::Center),
        Cell::bold(&numfmt::plain(a.base_max(), Lang::Vi)),
        Cell::text("").colspan(2),
        total(r.self_total),
        total(r.total),
    ]));
    Table {
        columns: vec![
            Column::new(11.0, Align::Center),
            Column::new(64.0, Align::Justify),
            Column::new(15.0, Align::Center),
            Column::new(17.0, Align::Center),
            Column::new(17.0, Align::Center),
            Column::new(16.0, Align::Right),
            Column::new(19.0, Align::Right),
        ],
        header: vec![header_cells(&[
            "Mã",
            "Nội dung tiêu chí",
            "Điểm chuẩn",
            "Chỉ tiêu",
            "Kết quả",
            "Tự chấm",
            "Điểm",
        ])],
        rows,
        size: 11.0,
        caption: vec![],
    }
}

/// Where a finding is, in words.
fn location(d: &Diagnostic, unit_file: Option<&str>) -> String {
    let mut parts = Vec::new();
    if let Some(file) = d.file.as_deref().filter(|f| Some(*f) != unit_file) {
        parts.push(format!("tệp {file}"));
    }
    if let Some(sheet) = &d.sheet {
        parts.push(format!("trang {sheet}"));
    }
    if let Some(cell) = &d.cell {
        parts.push(format!("ô {cell}"));
    }
    parts.join(", ")
}

fn diagnostics_list(out: &mut Vec<Block>, findings: &[&Diagnostic], unit_file: Option<&str>) {
    if findings.is_empty() {
        out.push(Block::Paragraph(
            body(vec![Span::italic("Không phát hiện vấn đề nào.")]).space_before(4.0),
        ));
        return;
    }
    let lead = Paragraph::new(vec![Span::bold_italic("Các vấn đề phát hiện:")], BODY_SIZE)
        .space_before(4.0)
        .space_after(2.0)
        .keep_with_next(2.0 * 12.0 * 1.2);
    out.push(Block::Paragraph(lead));
    for d in findings {
        let place = location(d, unit_file);
        let label = if place.is_empty() {
            format!("{}: ", d.severity().label(Lang::Vi))
        } else {
            format!("{} ({place}): ", d.severity().label(Lang::Vi))
        };
        let spans = vec![
            Span::regular("- "),
            Span::bold(&label),
            Span::regular(&d.message(Lang::Vi)),
        ];
        out.push(Block::Item(
            Paragraph::new(spans, 12.0)
                .first_indent(mm(5.0))
                .space_after(2.0),
        ));
    }
}

fn file_status_words(file: &crate::model::FileRecord) -> String {
    match file.status {
        FileStatus::Used => "Đã dùng".into(),
        FileStatus::Rejected => "Không dùng được".into(),
        FileStatus::Duplicate => "Trùng đơn vị, chưa dùng".into(),
        FileStatus::Skipped => format!(
            "Bỏ qua: {}",
            file.skip
                .map_or("không phải bảng tính", |s| s.short_words())
        ),
    }
}

/// The inbox files with what became of each: all of them, or (`used` false)
/// only those not used, after their number.
fn files_section(out: &mut Vec<Block>, o: &Outcome, number: usize, used: bool) {
    let title = format!("{number}. Các tệp đã nhận trong thư mục nop/");
    out.push(unit_heading(&title));
    let listed: Vec<&crate::model::FileRecord> = o
        .files
        .iter()
        .filter(|f| used || f.status != FileStatus::Used)
        .collect();
    if !used {
        let kept = o.files.len() - listed.len();
        let mut text = format!(
            "Đã nhận {} tệp, dùng {} tệp",
            count_text(o.files.len()),
            count_text(kept)
        );
        text.push_str(if listed.is_empty() {
            "."
        } else {
            "; các tệp không dùng:"
        });
        out.push(Block::Paragraph(body(vec![Span::regular(&text)])));
    }
    if o.files.is_empty() {
        out.push(Block::Paragraph(body(vec![Span::italic(
            "Thư mục nhận bảng không có tệp nào.",
        )])));
    } else if !listed.is_empty() {
        let rows = listed
            .iter()
            .enumerate()
            .map(|(k, f)| {
                let unit = f
                    .unit
                    .as_deref()
                    .and_then(|c| o.agreement.unit(c))
                    .map_or("-", |u| u.display_name());
                Row::data(vec![
                    Cell::text(&(k + 1).to_string()),
                    Cell::text(&f.file),
                    Cell::text(unit),
                    Cell::text(&file_status_words(f)),
                ])
            })
            .collect();
        out.push(Block::Table(Table {
            columns: vec![
                Column::new(12.0, Align::Center),
                Column::new(78.0, Align::Left),
                Column::new(35.0, Align::Left),
                Column::new(40.0, Align::Left),
            ],
            header: vec![header_cells(&["STT", "Tệp", "Đơn vị", "Tình trạng"])],
            rows,
            size: TABLE_SIZE,
            caption: vec![],
        }));
    }
    let general: Vec<&Diagnostic> = o.diagnostics.iter().filter(|d| d.unit.is_none()).collect();
    if !general.is_empty() {
        diagnostics_list(out, &general, None);
    }
}
