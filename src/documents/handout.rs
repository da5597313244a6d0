//! The conference handout (`hoi-nghi-<Năm>.pdf`): the report the cluster
//! issues in its name by its head unit ([`super::parts::issuer`]) and every
//! delegate receives.
//!
//! Page 1 in the official format, the title, the narrative from the template
//! `hoi-nghi.md.j2` (built in; a copy in the working folder's `templates/`
//! wins) with the secretariat's `ghi-chu.md` where the template puts
//! `{{ ghi_chu }}`, the parts the template places (the ranking with its
//! legend and the notes on adjusted totals, the units whose results are
//! provisional, the per-criterion summary with section subtotals, the
//! proposals, next year's head and deputy), the recipients and the
//! signature, then an appendix: up to [`DETAIL_MAX`] units a section per
//! unit (its scores, the reasons for adjusted scores, why its result is
//! provisional); past that one table of criteria × units
//! ([`super::matrix`]); for a very large cluster ([`Detail::Consolidated`])
//! the findings in numbers and a pointer to the workbook.
//!
//! What the conference needs and nothing of the back office: no file
//! names, cell references or instructions to the secretariat (those are in
//! the workbook's `Kiểm tra`). Printed before the conference (`run
//! --du-thao`, [`Wording::draft`]) it proposes what the conference decides
//! ("đề nghị Hội nghị xem xét, suy tôn ...").
//!
//! Owns: what the template is told, and the content of those parts. Does
//! not own how anything is placed (`render::pdf`).

use super::matrix;
use super::parts::{
    criteria_with_sections, criterion_words, header_cells, issuer, narrative, place,
    section_max_cell, shown, Group, Item,
};
use crate::document::decree::{self, body, caption, BODY_SIZE, PARAGRAPH_SPACE, TABLE_SIZE};
use crate::document::markup;
use crate::document::{
    Align, Appendix, Bar, Block, Cell, Chart, ChartClass, Closing, Column, Document, Heading, Meta,
    Paragraph, Row, Signature, Span, Table, Threshold, Title,
};
use crate::model::classes::Minimum;
use crate::model::detail::Detail;
use crate::model::diagnostic::{Diagnostic, Kind, Lang, Severity};
use crate::model::numfmt;
use crate::model::previous;
use crate::model::Outcome;
use crate::model::Wording;
use crate::model::{
    Agreement, Classification, Criterion, CriterionScore, Method, Proposal, Unit, UnitResult,
    UnitStatus,
};
use crate::run::classes;
use rust_decimal::Decimal;
use serde::Serialize;

pub use crate::model::paths::TEMPLATE;
/// The built-in template.
const DEFAULT_TEMPLATE: &str = include_str!("../../templates/hoi-nghi.md.j2");
pub use crate::model::paths::NOTES;

/// The most member units whose results the narrative lists one by one and
/// whose appendix has a section per unit; past it the narrative counts and
/// the appendix is one table of criteria × units.
pub const DETAIL_MAX: usize = 10;

/// The parts the template can place, in the order they are appended when it does not.
const TABLES: [&str; 5] = [
    "bang-xep-hang",
    "tam-tinh",
    "bang-tieu-chi",
    "de-nghi",
    "nam-sau",
];

/// The mark of an adjusted total or score.
pub(crate) const ADJUSTED: &str = "(*)";

/// The handout of `outcome`, in the working folder's `wording` (its
/// template, else the built-in one, its notes, and whether it is the draft).
pub fn document(outcome: &Outcome, wording: &Wording, detail: Detail) -> Result<Document, String> {
    let (template_name, template) = match &wording.template {
        Some(own) => (format!("templates/{TEMPLATE}"), own.as_str()),
        None => (TEMPLATE.to_string(), DEFAULT_TEMPLATE),
    };
    let context = context(outcome, wording, detail);
    let text = markup::render(&template_name, template, &context)?;
    let markup = markup::parse(&text);
    let a = &outcome.agreement;
    let by = issuer(a);
    let mut blocks = vec![
        Block::Letterhead(by.letterhead(
            Some("BC"),
            decree::place_and_date(&place(a), a.info.conference_date, a.info.year + 1),
        )),
        Block::Title(Title {
            kind: "Báo cáo".to_string(),
            summary: summary(a),
        }),
    ];
    blocks.extend(narrative(&markup.blocks, &TABLES, |name| {
        part(outcome, name)
    }));
    let recipients = if markup.recipients.is_empty() {
        default_recipients(a)
    } else {
        markup.recipients.clone()
    };
    blocks.push(Block::Closing(Closing {
        recipients: decree::recipient_lines(&recipients),
        signature: signature(a),
    }));
    appendix(&mut blocks, outcome, detail);
    let mut meta = meta(outcome);
    meta.draft = wording.draft;
    Ok(Document { meta, blocks })
}

/// The document information of the handout.
pub fn meta(outcome: &Outcome) -> Meta {
    let a = &outcome.agreement;
    Meta {
        title: format!(
            "Báo cáo tổng kết công tác thi đua năm {} - {}",
            a.info.year, a.info.cluster
        ),
        author: issuer(a).body,
        subject: summary(a),
        date: super::parts::paper_date(a),
        draft: false,
    }
}

fn summary(a: &Agreement) -> String {
    format!(
        "Tổng kết công tác thi đua năm {} của {}",
        a.info.year, a.info.cluster
    )
}

/// The signature: the issuer's ("TM. Cụm thi đua số 3" / "Cụm trưởng" / the head's chair).
fn signature(a: &Agreement) -> Signature {
    issuer(a).signature
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
    /// "thứ 2", or "đồng hạng 1" for a tie.
    hang_chu: Option<String>,
    tong_diem: Option<String>,
    tu_cham: Option<String>,
    xep_loai: Option<String>,
    de_nghi: Option<String>,
    /// Targets met, of [`UnitView::so_chi_tieu`].
    so_tieu_chi_dat: Option<usize>,
    /// Criteria with a target for this unit (not assessed, bonus or penalty).
    so_chi_tieu: Option<usize>,
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

/// A title of the agreement and the units proposed for it.
#[derive(Debug, Clone, Serialize)]
struct TitleView {
    hinh_thuc: String,
    don_vi: Vec<UnitView>,
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
    /// Printed before the conference (`run --du-thao`): proposes what the conference decides.
    du_thao: bool,
    /// Past [`DETAIL_MAX`] units: the text counts instead of naming every unit.
    cum_lon: bool,
    /// The appendix has every unit's scores (not only the findings in numbers).
    phu_luc: bool,
    /// How many units got each classification, best first (only those given).
    theo_xep_loai: Vec<ClassCount>,
    /// The highest and lowest totals' units, and the mean total of the units scored.
    cao_nhat: Vec<UnitView>,
    thap_nhat: Vec<UnitView>,
    diem_binh_quan: Option<String>,
    nguong: ThresholdsView,
    don_vi: Vec<UnitView>,
    xep_hang: Vec<UnitView>,
    chua_xep_hang: Vec<UnitView>,
    dan_dau: Vec<UnitView>,
    co_thi_dua: Vec<UnitView>,
    bang_khen: Vec<UnitView>,
    /// Every title of the agreement in order, with its units.
    khen_thuong: Vec<TitleView>,
    bieu_quyet: Vec<UnitView>,
    cum_truong: UnitView,
    cum_pho: Option<UnitView>,
    cum_truong_nam_sau: UnitView,
    cum_pho_nam_sau: UnitView,
    /// The secretariat's own Markdown: printed as markup, not as literal text.
    ghi_chu: Option<minijinja::Value>,
}

/// Whether a unit met a criterion's target: the result against the target
/// for the methods that have one; None where there is no target to meet
/// (assessed, bonus and penalty criteria, or no target for this unit).
pub fn target_met(criterion: &Criterion, score: &CriterionScore) -> Option<bool> {
    let target = score.target?;
    let met = match criterion.method {
        Method::Proportional | Method::Threshold => score.result.is_some_and(|a| a >= target),
        Method::Ceiling => score.result.is_some_and(|a| a <= target),
        Method::Assessed | Method::Bonus | Method::Penalty => return None,
    };
    Some(met)
}

/// Targets met and targets set for a scored unit: (met, of).
pub fn targets_met(a: &Agreement, r: &UnitResult) -> Option<(usize, usize)> {
    if r.status != UnitStatus::Scored {
        return None;
    }
    let with_target: Vec<bool> = a
        .criteria
        .iter()
        .zip(&r.scores)
        .filter_map(|(c, s)| target_met(c, s))
        .collect();
    Some((
        with_target.iter().filter(|m| **m).count(),
        with_target.len(),
    ))
}

/// Whether a rank is shared with another ranked unit.
pub(crate) fn tied(o: &Outcome, rank: u32) -> bool {
    o.ranking
        .iter()
        .filter(|&&i| o.units[i].rank == Some(rank))
        .count()
        > 1
}

/// "đồng hạng 1" for a shared rank, else "thứ 2".
pub(crate) fn rank_words(o: &Outcome, rank: u32) -> String {
    if tied(o, rank) {
        format!("đồng hạng {rank}")
    } else {
        format!("thứ {rank}")
    }
}

/// The title a tie at a cut-off is voted on: the first title the unit is
/// eligible for whose positions its tie group covers (by default: the flag
/// when the unit's rank is within the flags and it is Xuất sắc, else the
/// certificate).
pub(crate) fn voted_title<'a>(o: &'a Outcome, r: &UnitResult) -> &'a str {
    let a = &o.agreement;
    let rank = r.rank.unwrap_or(0);
    let tied = o
        .ranking
        .iter()
        .filter(|&&i| o.units[i].rank == Some(rank))
        .count();
    let title = classes::voted_title(
        &a.titles(),
        o.ranking.len(),
        (rank as usize, tied),
        r.classification,
    );
    a.proposal_label(title.unwrap_or(Proposal::CERTIFICATE))
}

/// A unit's proposal as printed: "Cờ thi đua", or for a tie at a cut-off
/// "Đề nghị Hội nghị biểu quyết (Cờ thi đua)".
fn proposal_words(o: &Outcome, r: &UnitResult) -> Option<String> {
    r.proposal.map(|p| match p {
        Proposal::Vote => format!("Đề nghị Hội nghị biểu quyết ({})", voted_title(o, r)),
        other => o.agreement.proposal_label(other).to_string(),
    })
}

fn unit_view(o: &Outcome, unit: &Unit, r: Option<&UnitResult>) -> UnitView {
    let a = &o.agreement;
    let met = r.and_then(|r| targets_met(a, r));
    UnitView {
        ma: unit.code.clone(),
        ten: unit.name.clone(),
        ten_ngan: unit.display_name().to_string(),
        trang_thai: status_words(r.map_or(UnitStatus::Missing, |r| r.status)).to_string(),
        duoc_cham: r.is_some_and(|r| r.status == UnitStatus::Scored),
        hang: r.and_then(|r| r.rank),
        hang_chu: r.and_then(|r| r.rank).map(|k| rank_words(o, k)),
        tong_diem: r.and_then(|r| r.total).map(|x| numfmt::score(x, Lang::Vi)),
        tu_cham: r
            .and_then(|r| r.self_total)
            .map(|x| numfmt::score(x, Lang::Vi)),
        xep_loai: r
            .and_then(|r| r.classification)
            .map(|c| a.class_label(c).to_string()),
        de_nghi: r.and_then(|r| proposal_words(o, r)),
        so_tieu_chi_dat: met.map(|m| m.0),
        so_chi_tieu: met.map(|m| m.1),
        nguoi_ky: unit.signer.clone(),
        chuc_vu: unit.signer_title.clone(),
    }
}

/// A unit's status in formal words, for the tables.
pub(crate) fn status_words(status: UnitStatus) -> &'static str {
    match status {
        UnitStatus::Scored => "Đã chấm điểm",
        UnitStatus::Missing => "Chưa gửi bảng tự chấm điểm",
        UnitStatus::Rejected => "Bảng tự chấm điểm không hợp lệ",
        UnitStatus::Duplicate => "Chưa xác định bảng tự chấm điểm chính thức",
    }
}

/// A classification and how many units got it.
#[derive(Debug, Clone, Serialize)]
struct ClassCount {
    xep_loai: String,
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

fn context(o: &Outcome, wording: &Wording, detail: Detail) -> Context {
    let a = &o.agreement;
    let in_ranking = ranked_flags(o);
    let view = |i: usize| unit_view(o, &a.units[i], o.units.get(i));
    let by_code = |code: &str| match a.units.iter().position(|u| u.code == code) {
        Some(i) => view(i),
        None => unit_view(o, &placeholder_unit(code), None),
    };
    let ranked: Vec<UnitView> = o.ranking.iter().map(|&i| view(i)).collect();
    let with = |p: Proposal| {
        o.ranking
            .iter()
            .filter(|&&i| o.units[i].proposal == Some(p))
            .map(|&i| view(i))
            .collect::<Vec<_>>()
    };
    let totals: Vec<(usize, Decimal)> = o
        .ranking
        .iter()
        .filter_map(|&i| o.units[i].total.map(|t| (i, t)))
        .collect();
    let at = |x: Option<Decimal>| {
        totals
            .iter()
            .filter(|(_, t)| Some(*t) == x)
            .map(|&(i, _)| view(i))
            .collect::<Vec<_>>()
    };
    let mean = (!totals.is_empty()).then(|| {
        let sum: Decimal = totals.iter().map(|(_, t)| *t).sum();
        numfmt::score(sum / Decimal::from(totals.len()), Lang::Vi)
    });
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
        du_thao: wording.draft,
        cum_lon: a.units.len() > DETAIL_MAX || detail == Detail::Consolidated,
        phu_luc: detail != Detail::Consolidated,
        theo_xep_loai: class_counts(o),
        cao_nhat: at(totals.iter().map(|t| t.1).max()),
        thap_nhat: at(totals.iter().map(|t| t.1).min()),
        diem_binh_quan: mean,
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
        co_thi_dua: with(Proposal::FLAG),
        bang_khen: with(Proposal::CERTIFICATE),
        khen_thuong: a
            .titles()
            .iter()
            .enumerate()
            .map(|(k, t)| TitleView {
                hinh_thuc: t.label.clone(),
                don_vi: with(Proposal::Title(k)),
            })
            .collect(),
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
        ghi_chu: wording
            .notes
            .clone()
            .map(minijinja::Value::from_safe_string),
    }
}

/// Units per classification, best first, leaving out those nobody got.
fn class_counts(o: &Outcome) -> Vec<ClassCount> {
    (0..o.agreement.classes().len())
        .map(Classification)
        .map(|c| ClassCount {
            xep_loai: o.agreement.class_label(c).to_string(),
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
        old_codes: Vec::new(),
    }
}

/// The part called `name`; None when there is no such part.
fn part(o: &Outcome, name: &str) -> Option<Vec<Block>> {
    let blocks = match name {
        "bang-xep-hang" => ranking_part(o),
        "tam-tinh" => provisional_part(o),
        "bang-tieu-chi" => vec![Block::Table(criteria_table(o))],
        "de-nghi" => vec![proposals(o)],
        "nam-sau" => vec![Block::Table(next_year_table(&o.agreement))],
        _ => return None,
    };
    Some(blocks)
}

pub(crate) fn dash() -> Cell {
    Cell::text("-").align(Align::Center)
}

pub(crate) fn score_cell(x: Option<Decimal>) -> Cell {
    x.map_or_else(dash, |x| Cell::text(&numfmt::score(x, Lang::Vi)))
}

/// A note in italics under a table.
pub(crate) fn note(text: &str) -> Block {
    Block::Paragraph(
        Paragraph::new(vec![Span::italic(text)], 11.0)
            .align(Align::Justify)
            .space_before(3.0),
    )
}

/// Whether a unit's total holds a score the secretariat adjusted.
fn adjusted(r: &UnitResult) -> bool {
    r.scores.iter().any(|s| s.adjustment.is_some())
}

/// Bảng 1, its legend (thresholds and proposal rules) and the notes on the adjusted totals.
fn ranking_part(o: &Outcome) -> Vec<Block> {
    let mut blocks = vec![Block::Table(ranking_table(o))];
    let adjusted_units: Vec<usize> = o
        .ranking
        .iter()
        .copied()
        .filter(|&i| adjusted(&o.units[i]))
        .collect();
    if !adjusted_units.is_empty() {
        let mut text = format!("{ADJUSTED} Tổng điểm có điểm do Ban Thư ký điều chỉnh: ");
        let items: Vec<String> = adjusted_units
            .iter()
            .map(|&i| {
                let reasons = adjustment_reasons(&o.agreement, &o.units[i]);
                format!("{} ({})", o.agreement.units[i].name, reasons.join("; "))
            })
            .collect();
        text.push_str(&items.join("; "));
        text.push('.');
        blocks.push(note(&text));
    }
    blocks.push(note(&legend(&o.agreement)));
    if let Some(text) = previous_note(o) {
        blocks.push(note(&text));
    }
    if !o.ranking.is_empty() && o.agreement.units.len() <= DETAIL_MAX {
        blocks.push(Block::Space(PARAGRAPH_SPACE));
        blocks.push(Block::Chart(totals_chart(o)));
    }
    blocks
}

/// The colours of the classifications, best first: green, blue, amber, red.
const CLASS_COLOURS: [[u8; 3]; 4] = [[46, 125, 50], [33, 102, 172], [230, 145, 30], [198, 40, 40]];

/// More colours, for a cluster with more than four classes: teal, purple,
/// brown, grey (between blue and amber).
const MORE_COLOURS: [[u8; 3]; 4] = [[0, 128, 128], [106, 61, 154], [140, 86, 75], [99, 99, 99]];

/// The colours of `n` classes, best first: green, blue, (more,) amber, red;
/// the lowest class is always red.
fn class_colours(n: usize) -> Vec<[u8; 3]> {
    match n {
        0 => Vec::new(),
        1..=4 => {
            let mut colours = CLASS_COLOURS[..n - 1].to_vec();
            colours.push(CLASS_COLOURS[3]);
            colours
        }
        _ => {
            let mut colours = CLASS_COLOURS[..2].to_vec();
            colours.extend((0..n - 4).map(|k| MORE_COLOURS[k % MORE_COLOURS.len()]));
            colours.extend_from_slice(&CLASS_COLOURS[2..]);
            colours
        }
    }
}

/// A minimum total in points.
fn minimum_points(base: Decimal, minimum: Minimum) -> Decimal {
    match minimum {
        Minimum::Points(p) => p,
        Minimum::Percent(pct) => base
            .checked_mul(pct)
            .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
            .unwrap_or(base),
    }
}

/// The chart of the ranked units' totals, each bar coloured by its
/// classification, the classification thresholds drawn across.
pub fn totals_chart(o: &Outcome) -> Chart {
    let a = &o.agreement;
    let base = a.base_max();
    let rules = a.classes();
    let f = |x: Decimal| x.to_string().parse::<f64>().unwrap_or(0.0);
    let n = |x: Decimal| numfmt::plain(x.round_dp(2).normalize(), Lang::Vi);
    let colours = class_colours(rules.len());
    let minima: Vec<Option<Decimal>> = rules
        .iter()
        .map(|r| r.minimum.map(|m| minimum_points(base, m)))
        .collect();
    // The lowest minimum: what the last class, with none, is below.
    let lowest_minimum = minima.iter().flatten().copied().min();
    let classes = rules
        .iter()
        .zip(&minima)
        .zip(&colours)
        .map(|((r, m), rgb)| ChartClass {
            label: match (m, lowest_minimum) {
                (Some(m), _) => format!("{} (từ {} điểm)", r.label, n(*m)),
                (None, Some(low)) => format!("{} (dưới {} điểm)", r.label, n(low)),
                (None, None) => r.label.clone(),
            },
            rgb: *rgb,
        })
        .collect();
    let bars: Vec<Bar> = o
        .ranking
        .iter()
        .filter_map(|&i| {
            let r = &o.units[i];
            let total = r.total?;
            Some(Bar {
                label: a.units[i].display_name().to_string(),
                value: f(total),
                text: numfmt::score(total, Lang::Vi),
                class: r.classification.map_or(rules.len(), |c| c.0),
            })
        })
        .collect();
    let lowest = bars
        .iter()
        .map(|b| b.value)
        .fold(f(lowest_minimum.unwrap_or(Decimal::ZERO)), f64::min);
    let highest = bars.iter().map(|b| b.value).fold(f(base), f64::max);
    let min = ((lowest - 5.0) / 10.0).floor().max(0.0) * 10.0;
    let max = (highest / 10.0).ceil() * 10.0;
    Chart {
        title: format!(
            "Biểu đồ. Tổng điểm và xếp loại của các đơn vị năm {}",
            a.info.year
        ),
        axis_label: "Tổng điểm".to_string(),
        min,
        max,
        bars,
        thresholds: rules
            .iter()
            .zip(&minima)
            .filter_map(|(r, m)| {
                m.map(|m| Threshold {
                    value: f(m),
                    label: format!("{} {}", r.label, n(m)),
                })
            })
            .collect(),
        classes,
    }
}

/// "tiêu chí 3.3: <reason>" for each adjusted score of a unit.
pub(crate) fn adjustment_reasons(a: &Agreement, r: &UnitResult) -> Vec<String> {
    a.criteria
        .iter()
        .zip(&r.scores)
        .filter_map(|(c, s)| {
            s.adjustment.as_ref().map(|adj| {
                let reason = adj.reason.trim().trim_end_matches(['.', ';']);
                let score = numfmt::score(adj.score, Lang::Vi);
                if reason.is_empty() {
                    format!("tiêu chí {} được {score} điểm", c.code)
                } else {
                    format!("tiêu chí {} được {score} điểm, lý do: {reason}", c.code)
                }
            })
        })
        .collect()
}

/// The text with its first letter lower case (a reason inside a sentence).
pub(crate) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The classification thresholds and the proposal rules, in one sentence
/// each.
fn legend(a: &Agreement) -> String {
    format!("{} {}", classes_legend(a), titles_legend(a))
}

/// "Xếp loại theo tổng điểm ...": section 5's thresholds, or the cluster's
/// own classes with their minima and floors.
pub(crate) fn classes_legend(a: &Agreement) -> String {
    let base = a.base_max();
    let points = |pct: Decimal| {
        let x = numfmt::fixed(base * pct / Decimal::from(100), 2, Lang::Vi);
        x.trim_end_matches(",00").to_string()
    };
    let n = |x: Decimal| numfmt::plain(x, Lang::Vi);
    if !a.has_own_classes() {
        let t = &a.info.thresholds;
        return format!(
            "Xếp loại theo tổng điểm so với điểm chuẩn {}: Xuất sắc từ {}% ({} điểm), Tốt từ {}% ({} điểm), Khá từ {}% ({} điểm), dưới {}% Chưa đạt.",
            n(base),
            n(t.excellent),
            points(t.excellent),
            n(t.good),
            points(t.good),
            n(t.fair),
            points(t.fair),
            n(t.fair),
        );
    }
    let rules = a.classes();
    let items: Vec<String> = rules
        .iter()
        .map(|r| {
            let minimum = match r.minimum {
                Some(Minimum::Points(p)) => Some(format!("từ {} điểm", n(p))),
                Some(Minimum::Percent(p)) => Some(format!("từ {}% ({} điểm)", n(p), points(p))),
                None => None,
            };
            let floor = r
                .floor
                .map(|f| format!("không tiêu chí nào dưới {}% điểm chuẩn của tiêu chí", n(f)));
            match (minimum, floor) {
                (Some(m), Some(f)) => format!("{} {m} và {f}", r.label),
                (Some(m), None) => format!("{} {m}", r.label),
                (None, Some(f)) => format!("{}: {f}", r.label),
                (None, None) => format!("còn lại {}", r.label),
            }
        })
        .collect();
    format!(
        "Xếp loại theo tổng điểm (điểm chuẩn {}): {}.",
        n(base),
        items.join("; ")
    )
}

/// "Đề nghị khen thưởng theo thứ hạng: ...": section 5's two titles, or
/// the cluster's own, each with its number or share and minimum class.
pub(crate) fn titles_legend(a: &Agreement) -> String {
    if !a.has_own_titles() {
        return format!(
            "Đề nghị khen thưởng theo thứ hạng: {} Cờ thi đua cho đơn vị xếp loại Xuất sắc dẫn đầu, {} Bằng khen cho các đơn vị xếp loại Xuất sắc hoặc Tốt tiếp theo; các đơn vị bằng điểm nhau tại ngưỡng đề nghị do Hội nghị biểu quyết.",
            a.info.flags,
            a.info.certificates
        );
    }
    let n = |x: Decimal| numfmt::plain(x, Lang::Vi);
    let items: Vec<String> = a
        .titles()
        .iter()
        .map(|t| {
            let count = match t.count {
                crate::model::classes::TitleCount::Number(k) => format!("{k} {}", t.label),
                crate::model::classes::TitleCount::Share(p) => format!(
                    "{} cho {}% số đơn vị được xếp hạng (làm tròn xuống, ít nhất 1)",
                    t.label,
                    n(p)
                ),
            };
            match t.min_class {
                Some(c) if c.0 == 0 => format!("{count}, xếp loại {}", a.class_label(c)),
                Some(c) => format!("{count}, xếp loại {} trở lên", a.class_label(c)),
                None => count,
            }
        })
        .collect();
    format!(
        "Đề nghị khen thưởng theo thứ hạng, lần lượt: {}; các đơn vị bằng điểm nhau tại ngưỡng đề nghị do Hội nghị biểu quyết.",
        items.join("; ")
    )
}

/// Bảng 1's cell of last year's figures (SPEC section 11), when the run
/// has them: "83,55 (3)" over the change "+2,50; ↑2"; for a unit standing
/// for several of last year's units, one line each with its code, and no
/// change (never a sum).
fn previous_cell(o: &Outcome, i: usize) -> Option<Cell> {
    let p = o.previous.as_ref()?;
    let r = &o.units[i];
    let figures = p.of(i);
    let Some((first, rest)) = figures.split_first() else {
        return Some(dash());
    };
    let with_code = figures.len() > 1;
    let line = |f| previous::figure_text(f, with_code, Lang::Vi);
    let mut cell = Cell::text(&line(first));
    for f in rest {
        cell = cell.para(vec![Span::regular(&line(f))]);
    }
    let change = previous::change_text(p.change(i, r.total, r.rank), Lang::Vi);
    if !change.is_empty() {
        cell = cell.para(vec![Span::italic(&change)]);
    }
    Some(cell)
}

/// The note under Bảng 1 on last year's column: what it shows, and which
/// units stand for several of last year's units.
fn previous_note(o: &Outcome) -> Option<String> {
    let p = o.previous.as_ref()?;
    let merged: Vec<String> = o
        .agreement
        .units
        .iter()
        .enumerate()
        .filter(|&(i, _)| p.of(i).len() > 1)
        .map(|(i, u)| {
            let codes: Vec<&str> = p.of(i).iter().map(|f| f.code.as_str()).collect();
            format!("{} ({})", u.name, codes.join(", "))
        })
        .collect();
    let mut text = format!(
        "Cột Năm {y}: tổng điểm và thứ hạng năm {y}; dòng dưới: tổng điểm tăng (+), giảm (-) và số bậc xếp hạng tăng (↑), giảm (↓) so với năm {y}.",
        y = p.year
    );
    if !merged.is_empty() {
        text.push_str(&format!(
            " Đơn vị hợp nhất ghi riêng số liệu năm {} của từng đơn vị cũ, không cộng dồn: {}.",
            p.year,
            merged.join("; ")
        ));
    }
    Some(text)
}

fn ranking_table(o: &Outcome) -> Table {
    let a = &o.agreement;
    let mut rows = Vec::new();
    for &i in &o.ranking {
        let r = &o.units[i];
        let rank = r.rank.map_or_else(String::new, |k| {
            if tied(o, k) {
                format!("Đồng hạng {k}")
            } else {
                k.to_string()
            }
        });
        let mut total = r
            .total
            .map(|x| numfmt::score(x, Lang::Vi))
            .unwrap_or_default();
        if adjusted(r) {
            total = format!("{total} {ADJUSTED}");
        }
        let mut cells = vec![
            Cell::text(&rank),
            Cell::text(&a.units[i].name),
            score_cell(r.self_total),
            Cell::spans(vec![Span::bold(&total)]),
            Cell::text(r.classification.map_or("", |c| a.class_label(c))),
            Cell::text(&proposal_words(o, r).unwrap_or_default()),
        ];
        cells.extend(previous_cell(o, i));
        rows.push(Row::data(cells));
    }
    let in_ranking = ranked_flags(o);
    for (i, r) in o.units.iter().enumerate().filter(|&(i, _)| !in_ranking[i]) {
        let mut cells = vec![
            dash(),
            Cell::text(&a.units[i].name),
            dash(),
            dash(),
            Cell::italic(status_words(r.status))
                .colspan(2)
                .align(Align::Left),
        ];
        cells.extend(previous_cell(o, i));
        rows.push(Row::data(cells));
    }
    let mut headings = vec![
        "Xếp hạng".to_string(),
        "Đơn vị".to_string(),
        "Điểm tự chấm".to_string(),
        "Tổng điểm".to_string(),
        "Xếp loại".to_string(),
        "Đề nghị khen thưởng".to_string(),
    ];
    let mut columns = vec![
        Column::new(14.0, Align::Center),
        Column::new(70.0, Align::Left),
        Column::new(16.0, Align::Right),
        Column::new(19.0, Align::Right),
        Column::new(18.0, Align::Center),
        Column::new(28.0, Align::Center),
    ];
    if let Some(previous) = &o.previous {
        // The same text width: the names and the proposals give room.
        columns[1] = Column::new(48.0, Align::Left);
        columns[5] = Column::new(24.0, Align::Center);
        columns.push(Column::new(26.0, Align::Center));
        headings.push(format!("Năm {} (hạng)", previous.year));
    }
    let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
    Table {
        columns,
        header: vec![header_cells(&headings)],
        rows,
        size: if a.units.len() > DETAIL_MAX {
            11.0
        } else {
            TABLE_SIZE
        },
        caption: vec![caption(&format!(
            "Bảng 1. Kết quả chấm điểm, xếp hạng thi đua năm {}",
            a.info.year
        ))],
    }
}

/// The formal sentence on a unit whose result is provisional or missing; None for a final result.
pub fn provisional_sentence(o: &Outcome, i: usize) -> Option<String> {
    let a = &o.agreement;
    let unit = &a.units[i];
    let r = &o.units[i];
    let name = &unit.name;
    let errors: Vec<&Diagnostic> = o
        .diagnostics_of(&unit.code)
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    match r.status {
        UnitStatus::Scored => {
            // An error on a criterion the secretariat adjusted is remedied.
            let open = errors
                .iter()
                .filter(|d| {
                    !d.criterion.as_ref().is_some_and(|code| {
                        a.criteria
                            .iter()
                            .zip(&r.scores)
                            .any(|(c, s)| &c.code == code && s.adjustment.is_some())
                    })
                })
                .count();
            (open > 0).then(|| {
                format!(
                    "Kết quả của {name} là tạm tính do bảng tự chấm điểm có {open} lỗi chưa được khắc phục."
                )
            })
        }
        UnitStatus::Missing => Some(format!(
            "{name} chưa được chấm điểm, xếp hạng do chưa gửi bảng tự chấm điểm."
        )),
        UnitStatus::Duplicate => Some(format!(
            "{name} chưa được chấm điểm, xếp hạng do đã gửi nhiều bảng tự chấm điểm khác nhau, chưa xác định được bảng chính thức."
        )),
        UnitStatus::Rejected => {
            let why = errors
                .iter()
                .map(|d| d.kind)
                .find_map(|k| rejection_words(k, a.info.year))
                .unwrap_or_else(|| {
                    "bảng tự chấm điểm gửi về không đúng mẫu của giao ước".to_string()
                });
            Some(format!(
                "{name} chưa được chấm điểm, xếp hạng do {why}."
            ))
        }
    }
}

/// Why a unit's only workbook could not be used, in formal words.
fn rejection_words(kind: Kind, year: i32) -> Option<String> {
    Some(match kind {
        Kind::WrongYear => format!("bảng tự chấm điểm gửi về không phải của năm {year}"),
        Kind::EmptyForm => "bảng tự chấm điểm gửi về chưa có số liệu".to_string(),
        Kind::UnreadableFile => "tệp bảng tự chấm điểm gửi về không đọc được".to_string(),
        Kind::NoTable => "tệp gửi về không có bảng chấm điểm theo mẫu".to_string(),
        Kind::UncalculatedFormula => {
            "bảng tự chấm điểm gửi về có công thức chưa được tính".to_string()
        }
        _ => return None,
    })
}

/// The units whose results are provisional, or who have none, one sentence each.
fn provisional_part(o: &Outcome) -> Vec<Block> {
    let mut order: Vec<usize> = o.ranking.clone();
    let ranked = ranked_flags(o);
    order.extend((0..o.units.len()).filter(|&i| !ranked[i]));
    let sentences: Vec<String> = order
        .into_iter()
        .filter_map(|i| provisional_sentence(o, i))
        .collect();
    sentences
        .iter()
        .map(|s| Block::Paragraph(body(vec![Span::regular(s)])))
        .collect()
}

/// A section's (or group's) subtotal over the scored units: the mean of its criteria's scores summed.
fn section_mean(scored: &[&UnitResult], section: &Group) -> Cell {
    if scored.is_empty() {
        return dash();
    }
    let sum: Decimal = section
        .members
        .iter()
        .flat_map(|&k| scored.iter().filter_map(move |u| u.scores.get(k)))
        .map(|s| s.score)
        .sum();
    let mean = sum / Decimal::from(scored.len());
    Cell::spans(vec![Span::bold(&numfmt::score(mean, Lang::Vi))])
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
            Item::Section(s) => rows.push(Row::section(vec![
                Cell::bold(s.code).align(Align::Center),
                Cell::bold(&s.title).align(Align::Left),
                section_max_cell(s.max),
                Cell::text(""),
                section_mean(&scored, &s),
            ])),
            Item::Criterion(k, c) => {
                let scores: Vec<&CriterionScore> =
                    scored.iter().filter_map(|u| u.scores.get(k)).collect();
                rows.push(Row::data(vec![
                    Cell::text(&c.code),
                    Cell::text(&criterion_words(a, k)),
                    Cell::text(&numfmt::plain(c.max, Lang::Vi)),
                    Cell::text(&met_words(c, &scores)),
                    average(&scores),
                ]));
            }
        }
    }
    let totals: Vec<Decimal> = scored.iter().filter_map(|u| u.total).collect();
    let mean_total = (!totals.is_empty())
        .then(|| totals.iter().copied().sum::<Decimal>() / Decimal::from(totals.len()));
    rows.push(Row::total(vec![
        Cell::bold("Tổng cộng").colspan(2).align(Align::Center),
        Cell::bold(&numfmt::plain(a.base_max(), Lang::Vi)),
        Cell::text(""),
        Cell::spans(vec![Span::bold(
            &mean_total.map_or("-".into(), |x| numfmt::score(x, Lang::Vi)),
        )]),
    ]));
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

/// "3/4" of the units with a target; "-" where no unit has a target
/// (assessed criteria, criteria without one); for bonus and penalty how
/// many units got one.
fn met_words(c: &Criterion, scores: &[&CriterionScore]) -> String {
    let nonzero = scores.iter().filter(|s| !s.score.is_zero()).count();
    match c.method {
        Method::Bonus => format!("{nonzero} đơn vị được cộng"),
        Method::Penalty => format!("{nonzero} đơn vị bị trừ"),
        _ => {
            let with_target: Vec<bool> = scores.iter().filter_map(|s| target_met(c, s)).collect();
            if with_target.is_empty() {
                "-".to_string()
            } else {
                format!(
                    "{}/{}",
                    with_target.iter().filter(|m| **m).count(),
                    with_target.len()
                )
            }
        }
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
        .filter(|&&i| o.units[i].proposal.is_some())
        .enumerate()
        .map(|(k, &i)| {
            let r = &o.units[i];
            Row::data(vec![
                Cell::text(&(k + 1).to_string()),
                Cell::text(&a.units[i].name),
                score_cell(r.total),
                Cell::text(r.classification.map_or("", |c| a.class_label(c))),
                Cell::spans(vec![Span::bold(&proposal_words(o, r).unwrap_or_default())]),
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
            Column::new(64.0, Align::Left),
            Column::new(20.0, Align::Right),
            Column::new(22.0, Align::Center),
            Column::new(47.0, Align::Center),
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

pub(crate) fn next_year_table(a: &Agreement) -> Table {
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

/// The appendix: a section per unit up to [`DETAIL_MAX`] units, else the
/// table of criteria × units; for a very large cluster the findings in numbers.
fn appendix(out: &mut Vec<Block>, o: &Outcome, detail: Detail) {
    let a = &o.agreement;
    let symbol = issuer(a).symbol_of("BC");
    let under = match a.info.conference_date {
        Some(d) => format!(
            "(Kèm theo Báo cáo số{}{symbol} {} của {})",
            decree::BLANK,
            decree::date_in_words(d),
            a.info.cluster
        ),
        None => format!(
            "(Kèm theo Báo cáo số{}{symbol} của {})",
            decree::BLANK,
            a.info.cluster
        ),
    };
    if detail == Detail::Consolidated {
        appendix_heading(out, "Kết quả kiểm tra bảng tự chấm điểm", &under);
        findings_in_numbers(out, o);
        return;
    }
    if a.units.len() > DETAIL_MAX {
        let mut wide = Vec::new();
        appendix_heading(&mut wide, "Kết quả chấm điểm của các đơn vị", &under);
        wide.extend(matrix::tables(o));
        let notes: Vec<String> = (0..a.units.len())
            .filter(|&i| adjusted(&o.units[i]))
            .map(|i| {
                format!(
                    "{}: {}",
                    a.units[i].name,
                    adjustment_reasons(a, &o.units[i]).join("; ")
                )
            })
            .collect();
        if !notes.is_empty() {
            wide.push(note(&format!(
                "{ADJUSTED} Điểm do Ban Thư ký điều chỉnh. {}.",
                notes.join("; ")
            )));
        }
        out.push(Block::Landscape(wide));
        if !o.ranking.is_empty() {
            out.push(Block::Chart(totals_chart(o)));
        }
        return;
    }
    appendix_heading(out, "Kết quả chấm điểm của từng đơn vị", &under);
    for (k, (unit, r)) in a.units.iter().zip(&o.units).enumerate() {
        unit_section(out, o, k, unit, r);
    }
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

/// The appendix of a very large cluster: the findings counted by kind, and
/// where each one is listed.
fn findings_in_numbers(out: &mut Vec<Block>, o: &Outcome) {
    let a = &o.agreement;
    let mut rows = Vec::new();
    for kind in Kind::all() {
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
            "Cụm có {} đơn vị, quá nhiều để in kết quả của từng đơn vị. Điểm, chỉ tiêu và kết quả từng tiêu chí của mọi đơn vị có tại trang Chi tiết, còn từng vấn đề có tại trang Kiểm tra của bảng tổng hợp tong-hop-{year}.xlsx. Số vấn đề theo loại:",
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
}

fn unit_section(out: &mut Vec<Block>, o: &Outcome, i: usize, unit: &Unit, r: &UnitResult) {
    let title = format!("{}. {}", i + 1, unit.name);
    out.push(unit_heading(&title));
    out.push(Block::Paragraph(body(unit_summary(o, r)).first_indent(0.0)));
    if r.status == UnitStatus::Scored {
        out.push(Block::Table(unit_table(&o.agreement, r)));
        let reasons = adjustment_reasons(&o.agreement, r);
        if !reasons.is_empty() {
            out.push(note(&format!(
                "{ADJUSTED} Điểm do Ban Thư ký điều chỉnh: {}.",
                reasons.join("; ")
            )));
        }
        if let Some(s) = provisional_sentence(o, i) {
            out.push(Block::Paragraph(
                body(vec![Span::italic(&s)]).space_before(4.0),
            ));
        }
    }
    out.push(Block::Space(PARAGRAPH_SPACE * 2.0));
}

fn unit_summary(o: &Outcome, r: &UnitResult) -> Vec<Span> {
    let a = &o.agreement;
    if r.status != UnitStatus::Scored {
        let i = a.units.iter().position(|u| u.code == r.code);
        let text = i
            .and_then(|i| provisional_sentence(o, i))
            .unwrap_or_else(|| status_words(r.status).to_string());
        return vec![Span::regular(&text)];
    }
    let mut parts = Vec::new();
    if let Some(x) = r.self_total {
        parts.push(format!("điểm tự chấm {}", numfmt::score(x, Lang::Vi)));
    }
    if let Some(x) = r.total {
        parts.push(format!("tổng điểm {}", numfmt::score(x, Lang::Vi)));
    }
    if let Some((met, of)) = targets_met(a, r) {
        if of > 0 {
            parts.push(format!("đạt {met}/{of} chỉ tiêu"));
        }
    }
    if let Some(k) = r.rank {
        parts.push(format!("xếp {}", rank_words(o, k)));
    }
    if let Some(c) = r.classification {
        parts.push(format!("xếp loại {}", a.class_label(c)));
    }
    if let Some(p) = proposal_words(o, r) {
        parts.push(lower_first(&p));
    }
    vec![Span::regular(&capitalised(&format!(
        "{}.",
        parts.join("; ")
    )))]
}

/// The text with its first letter upper case.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(crate) fn unit_table(a: &Agreement, r: &UnitResult) -> Table {
    let mut rows = Vec::new();
    let bold = |x: Option<Decimal>| {
        Cell::spans(vec![Span::bold(
            &x.map_or("-".into(), |x| numfmt::score(x, Lang::Vi)),
        )])
    };
    for item in criteria_with_sections(a) {
        match item {
            Item::Section(s) => {
                rows.push(Row::section(vec![
                    Cell::bold(s.code).align(Align::Center),
                    Cell::bold(&s.title).align(Align::Left),
                    section_max_cell(s.max),
                    Cell::text("").colspan(2),
                    bold(s.subtotal(&r.scores, |s| s.self_score)),
                    bold(s.subtotal(&r.scores, |s| Some(s.score))),
                ]));
            }
            Item::Criterion(k, c) => {
                let Some(s) = r.scores.get(k) else { continue };
                let mut score = numfmt::score(s.score, Lang::Vi);
                if s.adjustment.is_some() {
                    score.push_str(&format!(" {ADJUSTED}"));
                }
                rows.push(Row::data(vec![
                    Cell::text(&c.code),
                    Cell::text(&criterion_words(a, k)),
                    Cell::text(&numfmt::plain(c.max, Lang::Vi)),
                    Cell::text(&shown(c, s.target)),
                    Cell::text(&shown(c, s.result)),
                    score_cell(s.self_score),
                    Cell::text(&score),
                ]));
            }
        }
    }
    rows.push(Row::total(vec![
        Cell::bold("Tổng cộng").colspan(2).align(Align::Center),
        Cell::bold(&numfmt::plain(a.base_max(), Lang::Vi)),
        Cell::text("").colspan(2),
        bold(r.self_total),
        bold(r.total),
    ]));
    Table {
        columns: vec![
            Column::new(11.0, Align::Center),
            Column::new(62.0, Align::Justify),
            Column::new(15.0, Align::Center),
            Column::new(17.0, Align::Center),
            Column::new(17.0, Align::Center),
            Column::new(16.0, Align::Right),
            Column::new(21.0, Align::Right),
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
