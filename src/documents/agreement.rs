//! The agreement for signing (`giao-uoc-<Năm>.pdf`, `.docx`): page 1 in the official
//! format, the wording of the built-in template `giao-uoc.md.j2`, the
//! criteria with their maximum points, their method in words and their
//! targets (per-unit target columns when they fit beside the criteria, else
//! one table per unit), and a signature block for every member unit.
//!
//! Owns: what the agreement's template is told and the content of its
//! tables. Placement is `render::pdf`'s.

use super::parts::{
    criteria_with_sections, criterion_words, header_cells, issuer, name_in_two_lines, narrative,
    place, section_max_cell, shown, signing_lines, Item,
};
use crate::document::decree::{self, caption, PARAGRAPH_SPACE, TEXT_WIDTH_MM};
use crate::document::markup;
use crate::document::{
    Align, Block, Cell, Column, Document, Letterhead, Meta, Row, Signature, Signatures, Span,
    Table, Title,
};
use crate::model::diagnostic::Lang;
use crate::model::numfmt;
use crate::model::{Agreement, Criterion, Date, Method, Unit};
use rust_decimal::Decimal;
use serde::Serialize;

/// The built-in wording.
const TEMPLATE: &str = include_str!("../../templates/giao-uoc.md.j2");
const TEMPLATE_NAME: &str = "giao-uoc.md.j2";
/// The tables the template can place, appended in this order when it does not.
const TABLES: [&str; 3] = ["bang-tieu-chi", "chi-tieu-tung-don-vi", "chu-ky"];
/// Size of the criteria tables.
const SIZE: f32 = 11.0;
/// Width of a per-unit target column, in mm.
const UNIT_COLUMN: f32 = 16.0;
/// Narrowest the criterion text column may get beside per-unit columns, in mm.
const MIN_CONTENT: f32 = 60.0;

/// The agreement as a document.
pub fn document(a: &Agreement) -> Result<Document, String> {
    let text = markup::render(TEMPLATE_NAME, TEMPLATE, &context(a))?;
    let markup = markup::parse(&text);
    let mut blocks = vec![
        Block::Letterhead(letterhead(a)),
        Block::Title(Title {
            kind: "Giao ước thi đua".to_string(),
            summary: format!("Năm {}", a.info.year),
        }),
    ];
    blocks.extend(narrative(&markup.blocks, &TABLES, |name| part(a, name)));
    Ok(Document {
        meta: meta(a),
        blocks,
    })
}

/// The document information of the agreement.
pub fn meta(a: &Agreement) -> Meta {
    Meta {
        title: format!("Giao ước thi đua năm {} - {}", a.info.year, a.info.cluster),
        author: issuer(a).body,
        subject: format!(
            "Giao ước thi đua năm {} của {}",
            a.info.year, a.info.cluster
        ),
        date: Date {
            year: a.info.year,
            month: 1,
            day: 1,
        },
        draft: false,
    }
}

/// The header: the cluster as issuer, under its head unit ([`issuer`]).
fn letterhead(a: &Agreement) -> Letterhead {
    issuer(a).letterhead(None, decree::place_and_date(&place(a), None, a.info.year))
}

/// A unit as the template sees it.
#[derive(Debug, Clone, Serialize)]
struct UnitView {
    ma: String,
    ten: String,
    ten_ngan: String,
    nguoi_ky: Option<String>,
    chuc_vu: Option<String>,
}

impl UnitView {
    fn of(u: &Unit) -> UnitView {
        UnitView {
            ma: u.code.clone(),
            ten: u.name.clone(),
            ten_ngan: u.display_name().to_string(),
            nguoi_ky: u.signer.clone(),
            chuc_vu: u.signer_title.clone(),
        }
    }
}

/// Three numbers for the three classes.
#[derive(Debug, Clone, Serialize)]
struct Levels {
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
    don_vi: Vec<UnitView>,
    so_don_vi: usize,
    so_ban: String,
    so_tieu_chi: usize,
    diem_chuan: String,
    co_diem_cong_tru: bool,
    nguong: Levels,
    diem: Levels,
    so_co: u32,
    so_bang_khen: u32,
    /// The cluster's own classes (sheet `Xếp loại`) in one sentence.
    xep_loai_rieng: Option<String>,
    /// The cluster's own titles (sheet `Khen thưởng`) in one sentence.
    khen_thuong_rieng: Option<String>,
    cum_truong: Option<UnitView>,
    cum_pho: Option<UnitView>,
}

fn context(a: &Agreement) -> Context {
    let t = &a.info.thresholds;
    let base = a.base_max();
    let points = |pct: Decimal| numfmt::fixed(base * pct / Decimal::from(100), 2, Lang::Vi);
    let points = |pct: Decimal| points(pct).trim_end_matches(",00").to_string();
    let pct = |x: Decimal| numfmt::plain(x, Lang::Vi);
    Context {
        to_chuc: a.info.organisation.clone(),
        cum: a.info.cluster.clone(),
        nam: a.info.year,
        don_vi: a.units.iter().map(UnitView::of).collect(),
        so_don_vi: a.units.len(),
        so_ban: format!("{:02}", a.units.len()),
        so_tieu_chi: a.criteria.iter().filter(|c| c.method.in_base()).count(),
        diem_chuan: numfmt::plain(base, Lang::Vi),
        co_diem_cong_tru: a.criteria.iter().any(|c| !c.method.in_base()),
        nguong: Levels {
            xuat_sac: pct(t.excellent),
            tot: pct(t.good),
            kha: pct(t.fair),
        },
        diem: Levels {
            xuat_sac: points(t.excellent),
            tot: points(t.good),
            kha: points(t.fair),
        },
        so_co: a.info.flags,
        so_bang_khen: a.info.certificates,
        xep_loai_rieng: a
            .has_own_classes()
            .then(|| super::handout::classes_legend(a)),
        khen_thuong_rieng: a.has_own_titles().then(|| super::handout::titles_legend(a)),
        cum_truong: a.unit(&a.info.head).map(UnitView::of),
        cum_pho: a
            .info
            .deputy
            .as_deref()
            .and_then(|d| a.unit(d))
            .map(UnitView::of),
    }
}

/// The part called `name`; None when there is no such part.
fn part(a: &Agreement, name: &str) -> Option<Vec<Block>> {
    let blocks = match name {
        "bang-tieu-chi" => vec![Block::Table(criteria_table(a))],
        "chi-tieu-tung-don-vi" => unit_target_tables(a),
        "chu-ky" => vec![Block::Signatures(Signatures {
            title: "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC".to_string(),
            signatures: unit_signatures(a),
        })],
        _ => return None,
    };
    Some(blocks)
}

/// Whether any criterion has a per-unit target.
fn has_unit_targets(a: &Agreement) -> bool {
    a.criteria.iter().any(|c| !c.unit_targets.is_empty())
}

/// Whether every unit's targets fit as columns of the criteria table.
fn unit_columns_fit(a: &Agreement) -> bool {
    let fixed = 10.0 + 14.0 + 15.0 + MIN_CONTENT;
    a.units.len() as f32 * UNIT_COLUMN <= TEXT_WIDTH_MM - fixed
}

/// "1 hộ", "1%": one of the measure.
fn one_of(measure: &str) -> String {
    match measure.trim() {
        "" => "1 đơn vị".to_string(),
        "%" => "1%".to_string(),
        m => format!("1 {m}"),
    }
}

/// How a criterion is scored, in words.
fn method_words(c: &Criterion) -> String {
    let n = |x: Decimal| numfmt::plain(x, Lang::Vi);
    let max = n(c.max);
    let rate = c.rate.map_or_else(|| max.clone(), n);
    match c.method {
        Method::Proportional => format!("Chấm theo tỷ lệ kết quả/chỉ tiêu, tối đa {max} điểm."),
        Method::Threshold => format!("Đạt chỉ tiêu: {max} điểm; không đạt: 0 điểm."),
        Method::Ceiling => {
            format!(
                "Không vượt chỉ tiêu: {max} điểm; vượt, mỗi {} trừ {rate} điểm.",
                one_of(&c.measure)
            )
        }
        Method::Assessed => {
            format!("Cụm thẩm định, chấm theo mức độ thực hiện, tối đa {max} điểm.")
        }
        Method::Bonus => format!(
            "Mỗi {} cộng {rate} điểm, tối đa {max} điểm.",
            one_of(&c.measure)
        ),
        Method::Penalty => format!(
            "Mỗi {} trừ {rate} điểm, tối đa {max} điểm.",
            one_of(&c.measure)
        ),
    }
}

fn criteria_table(a: &Agreement) -> Table {
    let per_unit = has_unit_targets(a) && unit_columns_fit(a);
    let n = if per_unit { a.units.len() } else { 1 };
    let mut columns = vec![
        Column::new(10.0, Align::Center),
        Column::rest(Align::Justify),
        Column::new(14.0, Align::Center),
        Column::new(15.0, Align::Center),
    ];
    let target_width = if per_unit { UNIT_COLUMN } else { 20.0 };
    columns.extend((0..n).map(|_| Column::new(target_width, Align::Center)));
    let header = if per_unit {
        let first = vec![
            Cell::bold("Mã").rowspan(2).align(Align::Center),
            Cell::bold("Nội dung tiêu chí và cách chấm điểm")
                .rowspan(2)
                .align(Align::Center),
            Cell::bold("Đơn vị tính").rowspan(2).align(Align::Center),
            Cell::bold("Điểm chuẩn").rowspan(2).align(Align::Center),
            Cell::bold("Chỉ tiêu").colspan(n).align(Align::Center),
        ];
        vec![
            first,
            header_cells(&a.units.iter().map(|u| u.display_name()).collect::<Vec<_>>()),
        ]
    } else {
        let target = if has_unit_targets(a) {
            "Chỉ tiêu chung"
        } else {
            "Chỉ tiêu"
        };
        vec![header_cells(&[
            "Mã",
            "Nội dung tiêu chí và cách chấm điểm",
            "Đơn vị tính",
            "Điểm chuẩn",
            target,
        ])]
    };
    let mut rows = Vec::new();
    for item in criteria_with_sections(a) {
        match item {
            Item::Section(s) => rows.push(Row::section(vec![
                Cell::bold(s.code),
                Cell::bold(&s.title).align(Align::Left),
                Cell::text(""),
                section_max_cell(s.max),
                Cell::text("").colspan(n),
            ])),
            Item::Criterion(k, c) => {
                let mut row = vec![
                    Cell::text(&c.code),
                    Cell::text(&criterion_words(a, k)).para(vec![Span::italic(&method_words(c))]),
                    Cell::text(&c.measure),
                    Cell::text(&numfmt::plain(c.max, Lang::Vi)),
                ];
                if per_unit {
                    row.extend(
                        a.units
                            .iter()
                            .map(|u| Cell::text(&shown(c, c.target_for(&u.code)))),
                    );
                } else {
                    row.push(Cell::text(&shown(c, c.target)));
                }
                rows.push(Row::data(row));
            }
        }
    }
    let total = if a.criteria.iter().any(|c| !c.method.in_base()) {
        "Tổng điểm chuẩn (không kể điểm cộng, điểm trừ)"
    } else {
        "Tổng điểm chuẩn"
    };
    rows.push(Row::total(vec![
        Cell::bold(total).colspan(3).align(Align::Center),
        Cell::bold(&numfmt::plain(a.base_max(), Lang::Vi)),
        Cell::text("").colspan(n),
    ]));
    Table {
        columns,
        header,
        rows,
        size: SIZE,
        caption: vec![],
    }
}

/// One table per unit with targets of its own, when they do not fit as columns.
fn unit_target_tables(a: &Agreement) -> Vec<Block> {
    let mut out = Vec::new();
    if !has_unit_targets(a) || unit_columns_fit(a) {
        return out;
    }
    for unit in &a.units {
        let own: Vec<&Criterion> = a
            .criteria
            .iter()
            .filter(|c| c.unit_targets.contains_key(&unit.code))
            .collect();
        if own.is_empty() {
            continue;
        }
        let rows = own
            .iter()
            .map(|c| {
                Row::data(vec![
                    Cell::text(&c.code),
                    Cell::text(&c.content),
                    Cell::text(&c.measure),
                    Cell::text(&shown(c, c.target)),
                    Cell::spans(vec![Span::bold(&shown(c, c.target_for(&unit.code)))]),
                ])
            })
            .collect();
        out.push(Block::Table(Table {
            columns: vec![
                Column::new(10.0, Align::Center),
                Column::new(91.0, Align::Justify),
                Column::new(18.0, Align::Center),
                Column::new(23.0, Align::Center),
                Column::new(23.0, Align::Center),
            ],
            header: vec![header_cells(&[
                "Mã",
                "Nội dung tiêu chí",
                "Đơn vị tính",
                "Chỉ tiêu chung",
                "Chỉ tiêu của đơn vị",
            ])],
            rows,
            size: SIZE,
            caption: vec![
                caption(&format!("Chỉ tiêu riêng của {}", unit.name)).space_before(PARAGRAPH_SPACE)
            ],
        }));
    }
    out
}

/// Signature blocks for every member unit, all of one structure: the
/// unit's name (on two lines, broken before its level), then how its signer signs by `Chức vụ` ([`signing_lines`]:
/// "KT. Chủ tịch" over "Phó Chủ tịch" for a deputy), then the name.
pub fn unit_signatures(a: &Agreement) -> Vec<Signature> {
    a.units
        .iter()
        .map(|u| Signature {
            on_behalf: Some(name_in_two_lines(&u.name)),
            role: Some(signing_lines(u.signer_title.as_deref()).join("\n")),
            name: u.signer.clone(),
        })
        .collect()
}
