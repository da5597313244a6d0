//! The papers of the yearly dossier (`ket-qua/ho-so/`, SPEC section 10),
//! each built once as a [`Document`] from a [`Dossier`] (the outcome of the
//! run, the conference's decisions of `ket-luan.xlsx`, the final proposals):
//!
//! - the minutes of the conference (`bien-ban-<Năm>`, biên bản, symbol
//!   `/BB-CTĐ`): time, place, attendance, chair and secretary, the results
//!   with the final proposals, each vote, next year's head and deputy, the
//!   closing time, signed by the secretary (left) and the chair (right), as
//!   minutes are (Decree 30's form of a biên bản: no "TM.");
//! - the proposal letter (`to-trinh-<Năm>`, tờ trình, `/TTr-CTĐ`) from the
//!   cluster to the awarding body: legal grounds, results, each proposed
//!   unit with its total, rank and title, grouped by title;
//! - the proposal list (`danh-sach-de-nghi-<Năm>`), attached to the tờ
//!   trình: STT | Tên tập thể | Hình thức đề nghị | Tổng điểm | Xếp hạng |
//!   Xếp loại | Ghi chú, under "I. Tập thể", a group row per title;
//! - per proposed unit, its achievement report (`bao-cao-thanh-tich/<Mã>`,
//!   the form of Decree 152/2025/NĐ-CP for a collective): written by the
//!   unit itself, its scores table filled, the narrative and its past
//!   titles left to fill, signed by its head beside the line of the body
//!   that confirms it.
//!
//! The cluster's papers are issued as its others are ([`parts::issuer`]).
//! Where `ket-luan.xlsx` says nothing (no file, an undecided row, a value
//! not given), the paper prints dots to fill by hand, and says so where
//! vote counts are missing. A pending vote is never proposed.
//!
//! Owns what each paper says. Plain data: no file is written here.

use super::handout::{self, ADJUSTED};
use super::letters::{safe_stem, unique_stem};
use super::parts::{self, header_cells};
use crate::document::decree::{self, body, caption, BLANK, BODY_SIZE, PARAGRAPH_SPACE, TABLE_SIZE};
use crate::document::{
    Align, Block, Cell, Closing, Column, Document, Heading, Letterhead, Meta, Paragraph, Row,
    Signature, Signatures, Span, Table, Title,
};
use crate::model::diagnostic::Lang;
use crate::model::dossier::{Dossier, Person, Vote};
use crate::model::numfmt;
use crate::model::{Agreement, Date, Outcome, Proposal};
use rust_decimal::Decimal;

/// One paper of the dossier.
#[derive(Debug, Clone)]
pub struct Paper {
    /// Its file name relative to `ket-qua/ho-so/`, without extension
    /// (`bien-ban-2016`, `bao-cao-thanh-tich/LS`).
    pub stem: String,
    /// Whether a PDF is written beside the .docx.
    pub pdf: bool,
    pub document: Document,
}

/// What a blank to fill by hand looks like in running text and tables.
const DOTS: &str = ".....";

/// The papers of `dossier`, in order: the minutes, the tờ trình, the
/// proposal list, then an achievement report per proposed unit (in the
/// order of [`Dossier::proposed`]). An error when the dossier does not fit
/// its outcome (a final proposal or a vote for a unit it does not have, a
/// title the agreement does not have).
pub fn papers(dossier: &Dossier) -> Result<Vec<Paper>, String> {
    check(dossier)?;
    let year = dossier.outcome.agreement.info.year;
    let mut out = vec![
        Paper {
            stem: format!("bien-ban-{year}"),
            pdf: true,
            document: minutes(dossier),
        },
        Paper {
            stem: format!("to-trinh-{year}"),
            pdf: true,
            document: proposal_letter(dossier),
        },
        Paper {
            stem: format!("danh-sach-de-nghi-{year}"),
            pdf: false,
            document: proposal_list(dossier),
        },
    ];
    let mut taken = Vec::new();
    for i in dossier.proposed() {
        let unit = &dossier.outcome.agreement.units[i];
        let stem = unique_stem(&mut taken, safe_stem(&unit.code));
        out.push(Paper {
            stem: format!("bao-cao-thanh-tich/{stem}"),
            pdf: false,
            document: achievement_report(dossier, i),
        });
    }
    Ok(out)
}

/// Whether the dossier fits its outcome.
fn check(d: &Dossier) -> Result<(), String> {
    let o = d.outcome;
    let a = &o.agreement;
    let units = o.units.len();
    if d.final_proposals.len() != units || a.units.len() != units {
        return Err(format!(
            "the dossier has {} final proposals for {units} units",
            d.final_proposals.len()
        ));
    }
    let titles = a.titles().len();
    let known = |p: &Option<Proposal>| match p {
        Some(Proposal::Title(k)) => *k < titles,
        _ => true,
    };
    if let Some(i) = d.final_proposals.iter().position(|p| !known(p)) {
        return Err(format!(
            "the final proposal of {} is a title the agreement does not have",
            a.units[i].code
        ));
    }
    for v in d.conclusions.iter().flat_map(|c| &c.votes) {
        if v.unit >= units || !known(&v.title) || !known(&v.decision) {
            return Err(format!(
                "row {} of Biểu quyết does not fit the agreement",
                v.row
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- shared

/// A score as every paper prints it: "93,79".
fn score(x: Option<Decimal>) -> String {
    x.map_or_else(|| "-".to_string(), |x| numfmt::score(x, Lang::Vi))
}

/// A count as printed, or dots to fill by hand.
fn count_or_dots(n: Option<u32>) -> String {
    n.map_or_else(|| DOTS.to_string(), |n| n.to_string())
}

/// "ngày 06 tháng 01 năm 2017", or dots to fill by hand in `year`.
fn date_or_dots(date: Option<Date>, year: i32) -> String {
    match date {
        Some(d) => decree::date_in_words(d),
        None => format!("ngày {DOTS} tháng {DOTS} năm {year}"),
    }
}

/// The title of a proposal (`Proposal::Title`) as the agreement writes it.
fn title_label(a: &Agreement, p: Proposal) -> &str {
    a.proposal_label(p)
}

/// The final proposal of a unit as printed in a table: the title, the
/// title still to vote on ("Biểu quyết (Cờ thi đua)"), or nothing.
fn final_words(d: &Dossier, i: usize) -> String {
    let o = d.outcome;
    match d.final_proposals[i] {
        Some(Proposal::Title(k)) => title_label(&o.agreement, Proposal::Title(k)).to_string(),
        Some(Proposal::Vote) => format!("Chờ biểu quyết ({})", voted_on(d, i)),
        None => String::new(),
    }
}

/// The title a unit is (or was) voted on: the row's `Hình thức`, else the
/// title its tie at a cut-off puts to the vote.
fn voted_on(d: &Dossier, i: usize) -> String {
    let o = d.outcome;
    match d.vote_of(i).and_then(|v| v.title) {
        Some(p) => title_label(&o.agreement, p).to_string(),
        None => handout::voted_title(o, &o.units[i]).to_string(),
    }
}

/// "xếp thứ 2" / "đồng hạng 1", or nothing for an unranked unit.
fn rank_text(o: &Outcome, i: usize) -> Option<String> {
    o.units[i].rank.map(|k| handout::rank_words(o, k))
}

/// "Đồng hạng 1" / "2" for a table.
fn rank_cell(o: &Outcome, i: usize) -> String {
    o.units[i].rank.map_or_else(String::new, |k| {
        if handout::tied(o, k) {
            format!("Đồng hạng {k}")
        } else {
            k.to_string()
        }
    })
}

/// The class of a unit as printed.
fn class_text(o: &Outcome, i: usize) -> &str {
    o.units[i]
        .classification
        .map_or("", |c| o.agreement.class_label(c))
}

/// Units whose vote is still pending, in rank order.
fn pending(d: &Dossier) -> Vec<usize> {
    d.outcome
        .ranking
        .iter()
        .copied()
        .filter(|&i| d.final_proposals[i] == Some(Proposal::Vote))
        .collect()
}

/// The proposed units grouped by title, in the agreement's order of titles.
fn by_title(d: &Dossier) -> Vec<(Proposal, Vec<usize>)> {
    let mut groups: Vec<(Proposal, Vec<usize>)> = Vec::new();
    for i in d.proposed() {
        let Some(p) = d.final_proposals[i] else {
            continue;
        };
        match groups.last_mut() {
            Some((q, members)) if *q == p => members.push(i),
            _ => groups.push((p, vec![i])),
        }
    }
    groups
}

/// The titles proposed, as a phrase: "Cờ thi đua, Bằng khen".
fn titles_phrase(a: &Agreement, groups: &[(Proposal, Vec<usize>)]) -> String {
    groups
        .iter()
        .map(|(p, _)| title_label(a, *p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether the unit's final title was decided by the conference's vote.
fn decided_by_vote(d: &Dossier, i: usize) -> bool {
    d.vote_of(i).is_some_and(|v| v.decided) && d.outcome.units[i].proposal == Some(Proposal::Vote)
}

/// A paragraph with a bold label: "Địa điểm: Thái Nguyên".
fn labelled(label: &str, text: &str) -> Block {
    Block::Paragraph(body(vec![
        Span::bold(&format!("{label}: ")),
        Span::regular(text),
    ]))
}

/// A numbered heading of the body ("1. Kết quả ...").
fn heading(level: u8, text: &str) -> Block {
    Block::Heading(Heading {
        level,
        spans: vec![Span::bold(text)],
        indented: true,
    })
}

fn meta(a: &Agreement, title: String, subject: String, author: String) -> Meta {
    Meta {
        title,
        subject,
        author,
        date: parts::paper_date(a),
        draft: false,
    }
}

/// A row of signatures without a title: `left` and `right`.
fn signature_pair(left: Signature, right: Signature) -> Block {
    Block::Signatures(Signatures {
        title: String::new(),
        signatures: vec![left, right],
    })
}

// ---------------------------------------------------------------- minutes

/// "Nguyễn Văn A - Chủ tịch Hội CCB tỉnh Thái Nguyên", or dots.
fn person_text(p: Option<&Person>) -> String {
    match p {
        Some(Person {
            name,
            title: Some(t),
        }) if !t.trim().is_empty() => format!("{name} - {t}"),
        Some(p) => p.name.clone(),
        None => DOTS.repeat(8),
    }
}

/// The minutes of the conference (biên bản).
fn minutes(d: &Dossier) -> Document {
    let o = d.outcome;
    let a = &o.agreement;
    let year = a.info.year;
    let by = parts::issuer(a);
    let conference = d.conclusions.as_ref().map(|c| &c.conference);
    let date = d.conference_date();
    let summary = format!(
        "Hội nghị tổng kết công tác thi đua năm {year} của {}",
        a.info.cluster
    );
    let mut blocks = vec![
        Block::Letterhead(by.letterhead(
            Some("BB"),
            decree::place_and_date(&parts::place(a), date, d.paper_year()),
        )),
        Block::Title(Title {
            kind: "Biên bản".to_string(),
            summary: summary.clone(),
        }),
    ];
    blocks.push(labelled(
        "Thời gian",
        &format!(
            "hồi {DOTS} giờ {DOTS}, {}.",
            date_or_dots(date, d.paper_year())
        ),
    ));
    let place = conference
        .and_then(|c| c.place.clone())
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| DOTS.repeat(8));
    blocks.push(labelled("Địa điểm", &format!("{place}.")));
    let names: Vec<&str> = a.units.iter().map(|u| u.name.as_str()).collect();
    blocks.push(labelled(
        "Thành phần tham dự",
        &format!(
            "đại diện lãnh đạo {} đơn vị thành viên {}: {}; tổng số đại biểu: {} người.",
            a.units.len(),
            a.info.cluster,
            names.join(", "),
            count_or_dots(conference.and_then(|c| c.attendance))
        ),
    ));
    let chair = conference.and_then(|c| c.chair.as_ref());
    let secretary = conference.and_then(|c| c.secretary.as_ref());
    blocks.push(labelled("Chủ trì", &format!("{}.", person_text(chair))));
    blocks.push(labelled("Thư ký", &format!("{}.", person_text(secretary))));
    blocks.push(Block::Paragraph(
        body(vec![Span::bold("Nội dung Hội nghị:")]).keep_with_next(40.0),
    ));
    blocks.push(heading(
        2,
        &format!("1. Kết quả chấm điểm, xếp hạng thi đua năm {year}"),
    ));
    blocks.push(Block::Paragraph(body(vec![Span::regular(&format!(
        "Hội nghị đã nghe Ban Thư ký Cụm báo cáo tổng kết công tác thi đua năm {year} và kết quả chấm điểm, xếp hạng thi đua của các đơn vị thành viên; sau khi thảo luận, Hội nghị thống nhất kết quả như sau:"
    ))])));
    blocks.push(Block::Table(results_table(d)));
    blocks.push(Block::Space(PARAGRAPH_SPACE));
    blocks.push(heading(2, "2. Biểu quyết"));
    blocks.extend(votes_part(d));
    blocks.push(heading(
        2,
        &format!("3. Cụm trưởng, Cụm phó năm {}", year + 1),
    ));
    blocks.push(Block::Paragraph(body(vec![Span::regular(&format!(
        "Hội nghị thống nhất suy tôn Cụm trưởng, Cụm phó {} năm {}:",
        a.info.cluster,
        year + 1
    ))])));
    blocks.push(Block::Table(handout::next_year_table(a)));
    blocks.push(Block::Space(PARAGRAPH_SPACE));
    let end_day = if date.is_some() {
        "cùng ngày".to_string()
    } else {
        date_or_dots(None, d.paper_year())
    };
    blocks.push(Block::Paragraph(body(vec![Span::regular(&format!(
        "Hội nghị kết thúc hồi {DOTS} giờ {DOTS} {end_day}. Biên bản đã được thông qua tại Hội nghị, được lập thành {DOTS} bản có giá trị như nhau./."
    ))])));
    let signer = |role: &str, p: Option<&Person>| Signature {
        on_behalf: Some(role.to_string()),
        role: None,
        name: Some(p.map_or_else(|| DOTS.repeat(6), |p| p.name.clone())),
    };
    blocks.push(signature_pair(
        signer("Thư ký", secretary),
        signer("Chủ trì", chair),
    ));
    Document {
        meta: meta(
            a,
            format!("Biên bản {}", handout::lower_first(&summary)),
            summary,
            by.body,
        ),
        blocks,
    }
}

/// The results as the conference settled them: rank, unit, total, class,
/// final proposal; the units not ranked after, with their status.
fn results_table(d: &Dossier) -> Table {
    let o = d.outcome;
    let a = &o.agreement;
    let mut rows: Vec<Row> = o
        .ranking
        .iter()
        .map(|&i| {
            Row::data(vec![
                Cell::text(&rank_cell(o, i)),
                Cell::text(&a.units[i].name),
                Cell::spans(vec![Span::bold(&score(o.units[i].total))]),
                Cell::text(class_text(o, i)),
                Cell::spans(vec![Span::bold(&final_words(d, i))]),
            ])
        })
        .collect();
    for (i, r) in o.units.iter().enumerate() {
        if !o.ranking.contains(&i) {
            rows.push(Row::data(vec![
                handout::dash(),
                Cell::text(&a.units[i].name),
                handout::dash(),
                Cell::italic(handout::status_words(r.status))
                    .colspan(2)
                    .align(Align::Left),
            ]));
        }
    }
    Table {
        columns: vec![
            Column::new(16.0, Align::Center),
            Column::rest(Align::Left),
            Column::new(20.0, Align::Right),
            Column::new(20.0, Align::Center),
            Column::new(38.0, Align::Center),
        ],
        header: vec![header_cells(&[
            "Xếp hạng",
            "Đơn vị",
            "Tổng điểm",
            "Xếp loại",
            "Đề nghị khen thưởng",
        ])],
        rows,
        size: TABLE_SIZE,
        caption: vec![caption(&format!(
            "Kết quả chấm điểm, xếp hạng và đề nghị khen thưởng năm {}",
            a.info.year
        ))],
    }
}

/// The votes to record: the rows of `Biểu quyết` in sheet order, then
/// every unit still pending without a row.
fn votes_to_record<'d>(d: &'d Dossier) -> Vec<(usize, Option<&'d Vote>)> {
    let mut out: Vec<(usize, Option<&Vote>)> = d
        .conclusions
        .iter()
        .flat_map(|c| &c.votes)
        .map(|v| (v.unit, Some(v)))
        .collect();
    for i in pending(d) {
        if !out.iter().any(|(u, _)| *u == i) {
            out.push((i, None));
        }
    }
    out
}

/// The result of a vote as recorded: the title decided, "Không đề nghị",
/// or dots while undecided.
fn decision_text(a: &Agreement, v: Option<&Vote>) -> String {
    match v {
        Some(v) if v.decided => match v.decision {
            Some(p) => title_label(a, p).to_string(),
            None => "Không đề nghị".to_string(),
        },
        _ => DOTS.to_string(),
    }
}

/// Part 2 of the minutes: each vote (for, against, decision), with dots
/// where nothing is recorded and a sentence saying they are filled by hand.
fn votes_part(d: &Dossier) -> Vec<Block> {
    let o = d.outcome;
    let a = &o.agreement;
    let votes = votes_to_record(d);
    let mut blocks = Vec::new();
    if votes.is_empty() {
        blocks.push(Block::Paragraph(body(vec![Span::regular(
            "Không có trường hợp đồng điểm tại ngưỡng khen thưởng phải đưa ra Hội nghị biểu quyết.",
        )])));
    } else {
        // What was put to the vote: the ties at a cut-off only, or (as
        // many clusters do) every proposal.
        let ties_only = votes
            .iter()
            .all(|(i, _)| o.units[*i].proposal == Some(Proposal::Vote));
        let what = if ties_only {
            "các trường hợp đồng điểm tại ngưỡng khen thưởng"
        } else {
            "các đề nghị khen thưởng"
        };
        blocks.push(Block::Paragraph(
            body(vec![Span::regular(&format!(
                "Hội nghị biểu quyết {what}, kết quả như sau:"
            ))])
            .keep_with_next(40.0),
        ));
        let rows = votes
            .iter()
            .enumerate()
            .map(|(k, &(i, v))| {
                let recorded = v.filter(|v| v.decided);
                Row::data(vec![
                    Cell::text(&(k + 1).to_string()),
                    Cell::text(&a.units[i].name),
                    Cell::text(&voted_on(d, i)),
                    Cell::text(&count_or_dots(recorded.and_then(|v| v.votes_for))),
                    Cell::text(&count_or_dots(recorded.and_then(|v| v.votes_against))),
                    Cell::spans(vec![Span::bold(&decision_text(a, v))]),
                ])
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new(12.0, Align::Center),
                Column::rest(Align::Left),
                Column::new(28.0, Align::Center),
                Column::new(20.0, Align::Center),
                Column::new(20.0, Align::Center),
                Column::new(28.0, Align::Center),
            ],
            header: vec![header_cells(&[
                "STT",
                "Đơn vị",
                "Hình thức biểu quyết",
                "Tán thành",
                "Không tán thành",
                "Kết quả",
            ])],
            rows,
            size: TABLE_SIZE,
            caption: vec![],
        }));
        let blanks = votes.iter().any(|(_, v)| {
            v.filter(|v| v.decided)
                .is_none_or(|v| v.votes_for.is_none() || v.votes_against.is_none())
        });
        if blanks {
            blocks.push(handout::note(&format!(
                "Số phiếu và kết quả để trống ({DOTS}) do Thư ký ghi bằng tay tại Hội nghị."
            )));
        }
        let waiting = pending(d);
        if !waiting.is_empty() {
            blocks.push(handout::note(&format!(
                "Trường hợp chưa có kết quả biểu quyết ({}) chưa được đưa vào danh sách đề nghị khen thưởng.",
                names(a, &waiting)
            )));
        }
    }
    blocks.push(Block::Space(PARAGRAPH_SPACE));
    blocks.push(Block::Paragraph(body(vec![Span::regular(&format!(
        "Hội nghị biểu quyết thông qua kết quả chấm điểm, xếp hạng và đề nghị khen thưởng nêu trên: {DOTS}/{} đại biểu tán thành.",
        count_or_dots(d.conclusions.as_ref().and_then(|c| c.conference.attendance))
    ))])));
    blocks
}

/// The units' names, joined.
fn names(a: &Agreement, units: &[usize]) -> String {
    units
        .iter()
        .map(|&i| a.units[i].name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------- tờ trình

/// Who the tờ trình goes to, from the agreement's `Tổ chức`: the central
/// body of a national mass organisation ("Trung ương Hội Cựu chiến binh
/// Việt Nam"), else the emulation council of the organisation ("Hội đồng
/// Thi đua - Khen thưởng Bộ Công an"); dots to write it in when there is none.
pub fn awarding_body(organisation: &str) -> String {
    let org = organisation
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if org.is_empty() {
        return DOTS.repeat(10);
    }
    let folded = crate::text::fold(&org);
    let mass = [
        "hoi ",
        "doan ",
        "lien hiep ",
        "tong lien doan ",
        "mat tran ",
    ]
    .iter()
    .any(|w| folded.starts_with(w));
    if folded.starts_with("trung uong ") || folded.starts_with("hoi dong ") {
        org
    } else if mass && folded.ends_with("viet nam") {
        format!("Trung ương {org}")
    } else {
        format!("Hội đồng Thi đua - Khen thưởng {org}")
    }
}

/// The tờ trình's summary line.
fn letter_summary(a: &Agreement, groups: &[(Proposal, Vec<usize>)]) -> String {
    if groups.is_empty() {
        format!(
            "Về việc đề nghị khen thưởng thành tích thi đua năm {}",
            a.info.year
        )
    } else {
        format!(
            "Về việc đề nghị tặng {} cho các tập thể có thành tích xuất sắc trong phong trào thi đua năm {}",
            titles_phrase(a, groups),
            a.info.year
        )
    }
}

/// The cluster's proposal letter to the awarding body (tờ trình).
fn proposal_letter(d: &Dossier) -> Document {
    let o = d.outcome;
    let a = &o.agreement;
    let year = a.info.year;
    let by = parts::issuer(a);
    let groups = by_title(d);
    let summary = letter_summary(a, &groups);
    let to = awarding_body(&a.info.organisation);
    let conference = d.conference_date();
    let mut blocks = vec![
        Block::Letterhead(by.letterhead(
            Some("TTr"),
            decree::place_and_date(&parts::place(a), None, d.paper_year()),
        )),
        Block::Title(Title {
            kind: "Tờ trình".to_string(),
            summary: summary.clone(),
        }),
        parts::addressee(&to),
    ];
    let grounds = [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;".to_string(),
        "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;".to_string(),
        format!("Căn cứ Giao ước thi đua năm {year} của {};", a.info.cluster),
        format!(
            "Căn cứ kết quả chấm điểm, xếp hạng thi đua và Biên bản Hội nghị tổng kết công tác thi đua năm {year} của {}{},",
            a.info.cluster,
            conference.map_or_else(String::new, |c| format!(" {}", decree::date_in_words(c)))
        ),
    ];
    for g in &grounds {
        blocks.push(Block::Paragraph(body(vec![Span::italic(g)])));
    }
    let ranked = o.ranking.len();
    blocks.push(Block::Paragraph(body(vec![Span::regular(&format!(
        "{} gồm {} đơn vị thành viên. Năm {year}, các đơn vị đã thực hiện Giao ước thi đua; Hội nghị tổng kết của Cụm đã chấm điểm, xếp hạng {ranked} đơn vị và thống nhất đề nghị khen thưởng như sau:",
        a.info.cluster,
        a.units.len(),
    ))])));
    if groups.is_empty() {
        blocks.push(Block::Paragraph(body(vec![Span::regular(&format!(
            "Năm {year}, {} không có tập thể đủ điều kiện đề nghị khen thưởng.",
            a.info.cluster
        ))])));
    }
    for (n, (p, members)) in groups.iter().enumerate() {
        blocks.push(Block::Paragraph(
            body(vec![Span::bold(&format!(
                "{}. Đề nghị tặng {}: {} tập thể",
                n + 1,
                title_label(a, *p),
                members.len()
            ))])
            .keep_with_next(30.0),
        ));
        for &i in members {
            let last = n + 1 == groups.len() && Some(&i) == members.last();
            blocks.push(Block::Item(body(unit_line(d, i, last))));
        }
    }
    let waiting = pending(d);
    if !waiting.is_empty() {
        blocks.push(Block::Paragraph(body(vec![Span::regular(&format!(
            "{} đồng điểm tại ngưỡng khen thưởng, chưa có kết quả biểu quyết của Hội nghị nên chưa đề nghị tại Tờ trình này.",
            handout::capitalised(&names(a, &waiting))
        ))])));
    }
    blocks.push(Block::Paragraph(body(vec![Span::italic(
        "(Kèm theo Danh sách đề nghị khen thưởng, Biên bản Hội nghị và Báo cáo thành tích của các tập thể được đề nghị.)",
    )])));
    blocks.push(Block::Paragraph(body(vec![Span::regular(&format!(
        "{} kính trình {} xem xét, quyết định./.",
        a.info.cluster, to
    ))])));
    let recipients: Vec<Vec<Span>> = [
        "Như trên".to_string(),
        format!("Các đơn vị thành viên {}", a.info.cluster),
        format!("Lưu: VT, Ban Thư ký {}", a.info.cluster),
    ]
    .iter()
    .map(|t| vec![Span::regular(t)])
    .collect();
    blocks.push(Block::Closing(Closing {
        recipients: decree::recipient_lines(&recipients),
        signature: by.signature,
    }));
    Document {
        meta: meta(
            a,
            format!(
                "Tờ trình đề nghị khen thưởng năm {year} - {}",
                a.info.cluster
            ),
            summary,
            by.body,
        ),
        blocks,
    }
}

/// "- Hội Cựu chiến binh tỉnh Lạng Sơn: tổng điểm 101,85, xếp thứ 1, xếp
/// loại Xuất sắc (theo kết quả biểu quyết của Hội nghị);", the `last` of
/// the list ending with a full stop.
fn unit_line(d: &Dossier, i: usize, last: bool) -> Vec<Span> {
    let o = d.outcome;
    let mut facts = vec![format!("tổng điểm {}", score(o.units[i].total))];
    facts.extend(rank_text(o, i).map(|r| format!("xếp {r}")));
    let class = class_text(o, i);
    if !class.is_empty() {
        facts.push(format!("xếp loại {class}"));
    }
    let mut text = facts.join(", ");
    if decided_by_vote(d, i) {
        text.push_str(" (theo kết quả biểu quyết của Hội nghị)");
    }
    text.push(if last { '.' } else { ';' });
    vec![
        Span::regular("- "),
        Span::bold(&o.agreement.units[i].name),
        Span::regular(&format!(": {text}")),
    ]
}

// ---------------------------------------------------------------- list

/// The proposal list (danh sách đề nghị khen thưởng), attached to the tờ trình.
fn proposal_list(d: &Dossier) -> Document {
    let o = d.outcome;
    let a = &o.agreement;
    let year = a.info.year;
    let by = parts::issuer(a);
    let summary = format!(
        "Đề nghị khen thưởng thành tích thi đua năm {year} của {}",
        a.info.cluster
    );
    let mut blocks = vec![
        Block::Letterhead(by.letterhead(
            None,
            decree::place_and_date(&parts::place(a), None, d.paper_year()),
        )),
        Block::Title(Title {
            kind: "Danh sách".to_string(),
            summary: summary.clone(),
        }),
        Block::Paragraph(
            Paragraph::new(
                vec![Span::italic(&format!(
                    "(Kèm theo Tờ trình số{BLANK}{} ngày{BLANK}tháng{BLANK}năm {} của {})",
                    by.symbol_of("TTr"),
                    d.paper_year(),
                    a.info.cluster
                ))],
                BODY_SIZE,
            )
            .align(Align::Center)
            .space_after(12.0),
        ),
        Block::Table(list_table(d)),
    ];
    let waiting = pending(d);
    if !waiting.is_empty() {
        blocks.push(handout::note(&format!(
            "Chưa đưa vào danh sách (chờ kết quả biểu quyết của Hội nghị): {}.",
            names(a, &waiting)
        )));
    }
    blocks.push(Block::Space(PARAGRAPH_SPACE));
    blocks.push(signature_pair(
        Signature {
            on_behalf: None,
            role: None,
            name: None,
        },
        by.signature,
    ));
    Document {
        meta: meta(
            a,
            format!(
                "Danh sách đề nghị khen thưởng năm {year} - {}",
                a.info.cluster
            ),
            summary,
            by.body,
        ),
        blocks,
    }
}

/// A line of the proposal list (`danh-sach-de-nghi`), the same in its
/// Word table and its workbook: a group heading, or a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListLine {
    /// "Đề nghị tặng Cờ thi đua: 1 tập thể", or the pending votes' group.
    Group(String),
    Unit {
        /// STT, counted over the whole list.
        number: usize,
        /// Index of the unit.
        unit: usize,
        /// Hình thức đề nghị (empty while the vote is pending).
        title: String,
        /// Ghi chú: how the conference voted, or on what it is to vote.
        note: String,
    },
}

/// The proposal list under "I. Tập thể": the units with a final title,
/// grouped by title in the agreement's order, then those whose vote is
/// still pending, in a group of their own (never under a title).
pub fn list_lines(d: &Dossier) -> Vec<ListLine> {
    let a = &d.outcome.agreement;
    let mut groups: Vec<(String, &str, Vec<usize>)> = by_title(d)
        .into_iter()
        .map(|(p, members)| {
            let label = title_label(a, p);
            (format!("Đề nghị tặng {label}"), label, members)
        })
        .collect();
    let waiting = pending(d);
    if !waiting.is_empty() {
        groups.push((PENDING_GROUP.to_string(), "", waiting));
    }
    let mut lines = Vec::new();
    let mut number = 0;
    for (heading, title, members) in groups {
        lines.push(ListLine::Group(format!(
            "{heading}: {} tập thể",
            members.len()
        )));
        for unit in members {
            number += 1;
            lines.push(ListLine::Unit {
                number,
                unit,
                title: title.to_string(),
                note: list_note(d, unit),
            });
        }
    }
    lines
}

/// The heading of the pending votes' group in the proposal list.
pub const PENDING_GROUP: &str = "Chờ Hội nghị biểu quyết";

/// What the proposal list's `Ghi chú` says of a unit: the title the
/// conference is to vote on, or how it voted ("Hội nghị biểu quyết: 12/12
/// tán thành, 0 không tán thành").
fn list_note(d: &Dossier, unit: usize) -> String {
    if d.final_proposals[unit] == Some(Proposal::Vote) {
        return format!("Đề nghị Hội nghị biểu quyết ({})", voted_on(d, unit));
    }
    match d.vote_of(unit) {
        Some(Vote {
            votes_for: Some(yes),
            votes_against,
            decided: true,
            ..
        }) => {
            let against = votes_against.unwrap_or(0);
            let attendance = d.conclusions.as_ref().and_then(|c| c.conference.attendance);
            match attendance {
                Some(n) => {
                    format!("Hội nghị biểu quyết: {yes}/{n} tán thành, {against} không tán thành")
                }
                None => format!("Hội nghị biểu quyết: {yes} tán thành, {against} không tán thành"),
            }
        }
        _ if decided_by_vote(d, unit) => "Theo biểu quyết".to_string(),
        _ => String::new(),
    }
}

/// The list's table: "I. Tập thể", then per title a group row and its units.
fn list_table(d: &Dossier) -> Table {
    let o = d.outcome;
    let a = &o.agreement;
    let lines = list_lines(d);
    let mut rows = vec![Row::section(vec![
        Cell::bold("I").align(Align::Center),
        Cell::bold("Tập thể").colspan(6).align(Align::Left),
    ])];
    for line in &lines {
        match line {
            ListLine::Group(text) => rows.push(Row::section(vec![
                Cell::text(""),
                Cell::bold(text).colspan(6).align(Align::Left),
            ])),
            ListLine::Unit {
                number,
                unit: i,
                title,
                note,
            } => rows.push(Row::data(vec![
                Cell::text(&number.to_string()),
                Cell::text(&a.units[*i].name),
                Cell::text(title),
                Cell::text(&score(o.units[*i].total)),
                Cell::text(&rank_cell(o, *i)),
                Cell::text(class_text(o, *i)),
                Cell::italic(note),
            ])),
        }
    }
    if lines.is_empty() {
        rows.push(Row::data(vec![Cell::italic(
            "Không có tập thể đề nghị khen thưởng",
        )
        .colspan(7)
        .align(Align::Center)]));
    }
    Table {
        columns: vec![
            Column::new(10.0, Align::Center),
            Column::rest(Align::Left),
            Column::new(25.0, Align::Center),
            Column::new(18.0, Align::Right),
            Column::new(17.0, Align::Center),
            Column::new(18.0, Align::Center),
            Column::new(24.0, Align::Center),
        ],
        header: vec![header_cells(&[
            "STT",
            "Tên tập thể",
            "Hình thức đề nghị",
            "Tổng điểm",
            "Xếp hạng",
            "Xếp loại",
            "Ghi chú",
        ])],
        rows,
        size: TABLE_SIZE,
        caption: vec![],
    }
}

// ---------------------------------------------------------------- báo cáo thành tích

/// A line of dots to write on by hand.
fn dotted_line() -> Block {
    Block::Paragraph(
        Paragraph::new(vec![Span::regular(&".".repeat(120))], BODY_SIZE)
            .align(Align::Left)
            .space_after(2.0),
    )
}

/// A part of the report the unit writes: its heading, what to write (in
/// italics) and lines to write it on.
fn to_write(out: &mut Vec<Block>, title: &str, hint: &str) {
    out.push(heading(3, title));
    out.push(Block::Paragraph(body(vec![Span::italic(hint)])));
    for _ in 0..3 {
        out.push(dotted_line());
    }
}

/// The unit's achievement report (báo cáo thành tích, Decree 152/2025/NĐ-CP's
/// form for a collective): issued by the unit, its scores filled in.
fn achievement_report(d: &Dossier, i: usize) -> Document {
    let o = d.outcome;
    let a = &o.agreement;
    let year = a.info.year;
    let unit = &a.units[i];
    let title = match d.final_proposals[i] {
        Some(p @ Proposal::Title(_)) => title_label(a, p).to_string(),
        _ => String::new(),
    };
    let summary = format!("Đề nghị tặng {title} năm {year}");
    let mut blocks = vec![
        Block::Letterhead(Letterhead::new(
            &a.info.organisation,
            &unit.name,
            None,
            decree::place_and_date(
                &parts::place_name(unit.display_name()),
                None,
                d.paper_year(),
            ),
        )),
        Block::Title(Title {
            kind: "Báo cáo thành tích".to_string(),
            summary: summary.clone(),
        }),
        Block::Paragraph(
            Paragraph::new(vec![Span::bold(&unit.name)], 14.0)
                .align(Align::Center)
                .space_after(12.0),
        ),
        heading(1, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"),
    ];
    to_write(
        &mut blocks,
        "1. Đặc điểm, tình hình",
        "(Địa bàn, tổ chức bộ máy, số hội viên, cán bộ; những thuận lợi, khó khăn trong năm.)",
    );
    to_write(
        &mut blocks,
        "2. Chức năng, nhiệm vụ",
        "(Chức năng, nhiệm vụ được giao.)",
    );
    blocks.push(heading(1, "II. THÀNH TÍCH ĐẠT ĐƯỢC"));
    blocks.push(heading(
        3,
        &format!("1. Kết quả thực hiện Giao ước thi đua năm {year}"),
    ));
    blocks.extend(scores_part(o, i));
    to_write(
        &mut blocks,
        "2. Các giải pháp, biện pháp đã thực hiện",
        "(Các giải pháp công tác, đổi mới, sáng tạo; việc thực hiện chủ trương, chính sách, pháp luật và các phong trào thi đua.)",
    );
    blocks.push(heading(
        1,
        "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN",
    ));
    blocks.push(Block::Table(past_titles_table()));
    blocks.push(Block::Space(PARAGRAPH_SPACE));
    blocks.push(signature_pair(
        Signature {
            on_behalf: Some("Xác nhận của cấp trình\nkhen thưởng".to_string()),
            role: None,
            name: None,
        },
        Signature {
            on_behalf: Some(parts::signing_lines(unit.signer_title.as_deref()).join("\n")),
            role: None,
            name: unit.signer.clone(),
        },
    ));
    Document {
        meta: meta(
            a,
            format!("Báo cáo thành tích năm {year} - {}", unit.name),
            summary,
            unit.name.clone(),
        ),
        blocks,
    }
}

/// The unit's results of the year: a sentence with its total, rank and
/// class, its scores table (the handout's), and the reasons for adjusted scores.
fn scores_part(o: &Outcome, i: usize) -> Vec<Block> {
    let a = &o.agreement;
    let r = &o.units[i];
    let mut facts = vec![format!(
        "tổng điểm {}/{} điểm chuẩn",
        score(r.total),
        numfmt::plain(a.base_max(), Lang::Vi)
    )];
    facts.extend(rank_text(o, i).map(|k| format!("xếp {k} trong {} đơn vị", o.ranking.len())));
    let class = class_text(o, i);
    if !class.is_empty() {
        facts.push(format!("xếp loại {class}"));
    }
    let mut blocks = vec![
        Block::Paragraph(
            body(vec![Span::regular(&format!(
                "Kết quả chấm điểm thi đua năm {} của {}: {}. Kết quả theo từng tiêu chí:",
                a.info.year,
                a.info.cluster,
                facts.join(", ")
            ))])
            .keep_with_next(60.0),
        ),
        Block::Table(handout::unit_table(a, r)),
    ];
    let reasons = handout::adjustment_reasons(a, r);
    if !reasons.is_empty() {
        blocks.push(handout::note(&format!(
            "{ADJUSTED} Điểm do Ban Thư ký Cụm điều chỉnh: {}.",
            reasons.join("; ")
        )));
    }
    blocks.push(Block::Space(PARAGRAPH_SPACE));
    blocks
}

/// How many empty rows the past titles table gives to fill.
const PAST_ROWS: usize = 5;

/// The past titles: year, title, decision (number, date), issuing body;
/// empty rows, two lines high, to fill.
fn past_titles_table() -> Table {
    Table {
        columns: vec![
            Column::new(16.0, Align::Center),
            Column::rest(Align::Left),
            Column::new(45.0, Align::Left),
            Column::new(45.0, Align::Left),
        ],
        header: vec![header_cells(&[
            "Năm",
            "Hình thức khen thưởng",
            "Số, ngày quyết định",
            "Cơ quan ban hành",
        ])],
        rows: (0..PAST_ROWS)
            .map(|_| {
                Row::data(
                    (0..4)
                        .map(|_| Cell::text("").para(vec![Span::regular("")]))
                        .collect(),
                )
            })
            .collect(),
        size: TABLE_SIZE,
        caption: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_awarding_body_is_the_organisations_centre_or_its_council() {
        assert_eq!(
            awarding_body("Hội Cựu chiến binh Việt Nam"),
            "Trung ương Hội Cựu chiến binh Việt Nam"
        );
        assert_eq!(
            awarding_body("Bộ Công an"),
            "Hội đồng Thi đua - Khen thưởng Bộ Công an"
        );
        assert_eq!(awarding_body("  "), DOTS.repeat(10));
    }

    #[test]
    fn blanks_are_dots_and_dates_are_in_words() {
        assert_eq!(count_or_dots(None), DOTS);
        assert_eq!(count_or_dots(Some(27)), "27");
        assert_eq!(
            date_or_dots(None, 2017),
            format!("ngày {DOTS} tháng {DOTS} năm 2017")
        );
        let d = Date {
            year: 2017,
            month: 1,
            day: 6,
        };
        assert_eq!(date_or_dots(Some(d), 2017), "ngày 06 tháng 01 năm 2017");
    }
}
