//! The letters back to units (`phan-hoi/<Mã>-<Tên ngắn>.pdf`, `.docx`): for
//! each unit with at least one error or warning about what it sent, a
//! formal notice (công văn, Decree 30) from the cluster to that unit, listing
//! each finding in plain words (which criterion, what the unit's file says
//! and what the agreement says, where, and what to do), with a blank
//! deadline to send the workbook back, the recipients and the signature, so
//! that the secretariat can send it the same day.
//!
//! The letter is issued as the cluster's other papers are (DOMAIN.md): in the
//! cluster's name by its head unit — the head unit's name over the
//! cluster's in the header, "TM. CỤM THI ĐUA" / "CỤM TRƯỞNG" and the head
//! unit's chair at the foot (the rule of the handout's `parts::issuer`).
//!
//! Which findings: errors and warnings whose unit is the unit, except those
//! that are not about what the unit sent (a tie at a cut-off is the
//! conference's to decide; the adjustments file is the secretariat's own).
//!
//! Owns: what a letter says and its file name ([`file_stem`]). Plain data:
//! no file is written here.

use crate::document::decree::{self, body, BLANK, PARAGRAPH_SPACE, TABLE_SIZE};
use crate::document::{
    Align, Block, Cell, Closing, Column, Document, Letterhead, Meta, Row, Span, Table,
};
use crate::model::diagnostic::{Diagnostic, Kind, Lang, Severity};
use crate::model::{Agreement, Outcome, Unit, UnitStatus};

/// A letter to a unit: its file name without extension, and the document.
#[derive(Debug, Clone)]
pub struct Letter {
    /// The unit's code.
    pub code: String,
    /// `<Mã>-<Tên ngắn>`, safe as a file name on Windows and in a zip.
    pub stem: String,
    pub document: Document,
}

/// The letters of a run: one per unit with findings, in `Đơn vị` order.
pub fn letters(outcome: &Outcome) -> Vec<Letter> {
    let a = &outcome.agreement;
    let mut stems: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (unit, result) in a.units.iter().zip(&outcome.units) {
        let findings: Vec<&Diagnostic> = outcome
            .diagnostics_of(&unit.code)
            .filter(|d| concerns_the_unit(d))
            .collect();
        if findings.is_empty() {
            continue;
        }
        let stem = unique_stem(&mut stems, file_stem(unit));
        let missing = result.status == UnitStatus::Missing;
        out.push(Letter {
            code: unit.code.clone(),
            stem,
            document: document(a, unit, &findings, missing),
        });
    }
    out
}

/// Whether a finding belongs in the letter to its unit: an error or a
/// warning about what the unit sent.
pub fn concerns_the_unit(d: &Diagnostic) -> bool {
    matches!(d.severity(), Severity::Error | Severity::Warning)
        && !matches!(
            d.kind,
            Kind::TieAtCutoff | Kind::AdjustmentOutOfRange | Kind::AdjustmentSuperseded
        )
}

/// Characters Windows refuses in a file name, or a zip reader may take for
/// a folder.
const UNSAFE: [char; 9] = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

/// `<Mã>-<Tên ngắn>` made safe for a file name on Windows and in a zip:
/// NFC, Vietnamese letters kept, the characters `/\:*?"<>|` and control
/// characters replaced by '-', spaces by '-', no dot or dash at either end,
/// at most 80 characters; the code alone when there is no short name.
pub fn file_stem(unit: &Unit) -> String {
    let name = if unit.short_name.trim().is_empty() {
        unit.code.clone()
    } else {
        format!("{}-{}", unit.code.trim(), unit.short_name.trim())
    };
    safe_stem(&name)
}

/// `stem`, or `stem-2`, `stem-3`, ... when `taken` already holds it (ignoring
/// case: Windows and macOS folders do); recorded in `taken`.
pub fn unique_stem(taken: &mut Vec<String>, stem: String) -> String {
    let mut unique = stem.clone();
    let mut n = 2;
    while taken
        .iter()
        .any(|s| s.to_lowercase() == unique.to_lowercase())
    {
        unique = format!("{stem}-{n}");
        n += 1;
    }
    taken.push(unique.clone());
    unique
}

/// `name` made safe for a file name on Windows and in a zip (see [`file_stem`]).
pub fn safe_stem(name: &str) -> String {
    let mut out = String::new();
    for c in crate::text::nfc(name).chars() {
        let c = if UNSAFE.contains(&c) || c.is_control() || c.is_whitespace() {
            '-'
        } else {
            c
        };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    let trimmed: String = out.trim_matches(['.', '-', ' ']).chars().take(80).collect();
    let trimmed = trimmed.trim_end_matches(['.', '-']).to_string();
    if trimmed.is_empty() {
        "don-vi".to_string()
    } else {
        trimmed
    }
}

/// What the letter is about, under its number ("V/v ...").
fn about(a: &Agreement) -> String {
    format!(
        "V/v kết quả kiểm tra bảng tự chấm điểm thi đua năm {}",
        a.info.year
    )
}

/// The letter to `unit` about its `findings`.
fn document(a: &Agreement, unit: &Unit, findings: &[&Diagnostic], missing: bool) -> Document {
    let year = a.info.year;
    let date = super::parts::paper_date(a);
    let issuer = super::parts::issuer(a);
    let letterhead = Letterhead::new(
        &issuer.parent,
        &issuer.body,
        Some(format!("Số:{BLANK}/{}\n{}", issuer.symbol, about(a))),
        decree::place_and_date(&super::parts::place(a), None, date.year),
    );
    let mut blocks = vec![
        Block::Letterhead(letterhead),
        Block::Space(12.0),
        super::parts::addressee(&unit.name),
    ];
    let opening = if missing {
        format!(
            "Thực hiện Giao ước thi đua năm {year} của {cluster}, Ban Thư ký Cụm tổng hợp bảng tự chấm điểm thi đua năm {year} của các đơn vị thành viên. Đến nay, Ban Thư ký chưa nhận được đủ bảng tự chấm điểm của {name}, cụ thể như sau:",
            cluster = a.info.cluster,
            name = unit.name
        )
    } else {
        format!(
            "Thực hiện Giao ước thi đua năm {year} của {cluster}, Ban Thư ký Cụm đã tiếp nhận và kiểm tra bảng tự chấm điểm thi đua năm {year} của {name}. Qua kiểm tra, bảng tự chấm điểm của đơn vị còn {n} nội dung cần xem lại, cụ thể như sau:",
            cluster = a.info.cluster,
            name = unit.name,
            n = findings.len()
        )
    };
    blocks.push(Block::Paragraph(
        body(vec![Span::regular(&opening)]).keep_with_next(60.0),
    ));
    blocks.push(Block::Table(findings_table(a, findings)));
    blocks.push(Block::Space(PARAGRAPH_SPACE));
    blocks.push(Block::Paragraph(body(vec![Span::regular(&format!(
        "Đề nghị {} kiểm tra, hoàn chỉnh bảng tự chấm điểm theo các nội dung trên và gửi lại Ban Thư ký Cụm trước ngày ..... tháng ..... năm ......; quá thời hạn trên, Ban Thư ký tổng hợp theo số liệu đã nhận.",
        unit.name
    ))])));
    blocks.push(Block::Paragraph(body(vec![Span::regular(&format!(
        "Ban Thư ký {} thông báo để đơn vị biết, thực hiện./.",
        a.info.cluster
    ))])));
    let recipients = [
        "Như trên".to_string(),
        format!("Lưu: VT, Ban Thư ký {}", a.info.cluster),
    ];
    let recipients: Vec<Vec<Span>> = recipients.iter().map(|t| vec![Span::regular(t)]).collect();
    blocks.push(Block::Closing(Closing {
        recipients: decree::recipient_lines(&recipients),
        signature: issuer.signature,
    }));
    Document {
        meta: Meta {
            title: format!(
                "Kết quả kiểm tra bảng tự chấm điểm năm {year} - {}",
                unit.name
            ),
            subject: about(a),
            author: issuer.parent,
            date,
            draft: false,
        },
        blocks,
    }
}

/// The findings as a table: number, what was found, what to do.
fn findings_table(a: &Agreement, findings: &[&Diagnostic]) -> Table {
    let header = ["STT", "Nội dung cần xem lại", "Đề nghị đơn vị"]
        .iter()
        .map(|t| Cell::bold(t).align(Align::Center))
        .collect();
    let rows = findings
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut what = Cell::spans(vec![Span::bold(&heading(a, d))]);
            what = what.para(vec![Span::regular(&message(d))]);
            if let Some(place) = location(d) {
                what = what.para(vec![Span::italic(&place)]);
            }
            Row::data(vec![
                Cell::text(&(i + 1).to_string()),
                what,
                Cell::text(action(d)),
            ])
        })
        .collect();
    Table {
        columns: vec![
            Column::new(12.0, Align::Center),
            Column::rest(Align::Left),
            Column::new(55.0, Align::Left),
        ],
        header: vec![header],
        rows,
        size: TABLE_SIZE,
        caption: vec![],
    }
}

/// The finding's subject: the criterion with its wording, else what kind of finding it is.
fn heading(a: &Agreement, d: &Diagnostic) -> String {
    let criterion = d
        .criterion
        .as_deref()
        .and_then(|code| a.criteria.iter().find(|c| c.code == code));
    match criterion {
        Some(c) if d.kind != Kind::UnknownCriterion => {
            format!("Tiêu chí {}: {}", c.code, c.content.trim())
        }
        _ => d.kind.title_vi().to_string(),
    }
}

/// The finding's message, without the "Tiêu chí 1.2: " its heading already says.
fn message(d: &Diagnostic) -> String {
    let text = d.message(Lang::Vi);
    let prefix = d.criterion.as_deref().map(|c| format!("Tiêu chí {c}: "));
    match prefix.and_then(|p| text.strip_prefix(&p).map(str::to_string)) {
        Some(rest) if d.kind != Kind::UnknownCriterion => {
            let mut chars = rest.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
        _ => text,
    }
}

/// Where in the unit's file: its name, sheet and cell.
fn location(d: &Diagnostic) -> Option<String> {
    let file = d.file.as_deref()?;
    let name = file.rsplit('/').next().unwrap_or(file);
    let mut text = format!("Tệp: {name}");
    if let Some(sheet) = &d.sheet {
        text.push_str(&format!("; trang tính: {sheet}"));
    }
    if let Some(cell) = &d.cell {
        text.push_str(&format!("; ô {cell}"));
    }
    Some(text)
}

/// What the unit should do about a finding, in plain words.
pub fn action(d: &Diagnostic) -> &'static str {
    match d.kind {
        Kind::UnreadableFile => {
            "Mở tệp bằng Excel, lưu lại dạng .xlsx (không đặt mật khẩu) rồi gửi lại."
        }
        Kind::UnknownUnit => "Ghi dòng \"Đơn vị: <tên đơn vị>\" phía trên bảng rồi gửi lại.",
        Kind::DuplicateUnit => "Cho biết bảng nào là bảng chính thức; chỉ gửi một bảng.",
        Kind::MissingUnit => "Gửi bảng tự chấm điểm theo mẫu của Cụm.",
        Kind::WrongYear => "Gửi bảng tự chấm điểm của đúng năm giao ước.",
        Kind::NoTable => {
            "Dùng mẫu bảng tự chấm điểm của Cụm (có cột Mã và cột Kết quả) rồi gửi lại."
        }
        Kind::EmptyForm => "Điền kết quả thực hiện và điểm tự chấm vào bảng rồi gửi lại.",
        Kind::MissingCriterion => "Bổ sung tiêu chí này vào bảng và ghi kết quả thực hiện.",
        Kind::UnknownCriterion => {
            "Đối chiếu mã và nội dung dòng này với giao ước; sửa hoặc bỏ dòng."
        }
        Kind::MissingValue => "Ghi kết quả thực hiện của tiêu chí.",
        Kind::NotANumber => "Ghi kết quả bằng số.",
        Kind::OutOfRange => "Kiểm tra lại kết quả: không âm, tỷ lệ không quá 100%.",
        Kind::AmbiguousNumber => "Xác nhận lại số liệu; số thập phân viết bằng dấu phẩy.",
        Kind::TargetMismatch => "Ghi chỉ tiêu đúng như giao ước đã ký.",
        Kind::MaxMismatch => "Ghi điểm chuẩn đúng như giao ước.",
        Kind::SelfScoreMismatch => "Chấm lại điểm tiêu chí theo cách chấm của giao ước.",
        Kind::SelfScoreOverMax => "Chấm lại, không vượt điểm chuẩn của tiêu chí.",
        Kind::LegacyEncoding => "Kiểm tra lại tên và nội dung tiếng Việt; dùng phông chữ Unicode.",
        Kind::UncalculatedFormula => "Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại.",
        Kind::DuplicateCriterion => "Giữ một dòng cho mỗi tiêu chí, với số liệu đúng.",
        _ => "Kiểm tra lại và gửi lại bảng đã sửa.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, short: &str) -> Unit {
        Unit {
            code: code.into(),
            name: format!("Hội Cựu chiến binh tỉnh {short}"),
            short_name: short.into(),
            other_names: vec![],
            signer: None,
            signer_title: None,
            old_codes: Vec::new(),
        }
    }

    #[test]
    fn file_stems_keep_vietnamese_and_drop_what_windows_refuses() {
        assert_eq!(file_stem(&unit("CB", "Cao Bằng")), "CB-Cao-Bằng");
        assert_eq!(
            file_stem(&unit("X", "a/b\\c:d*e?f\"g<h>i|j\u{1}.")),
            "X-a-b-c-d-e-f-g-h-i-j"
        );
        assert_eq!(file_stem(&unit("..", "")), "don-vi");
        assert_eq!(
            file_stem(&unit("BK", "Ba\u{0301}c Ka\u{0323}n")),
            "BK-Bác-Kạn"
        );
    }

    #[test]
    fn ties_and_adjustments_are_not_the_units_to_fix() {
        assert!(!concerns_the_unit(
            &Diagnostic::new(Kind::TieAtCutoff).unit("CB")
        ));
        assert!(!concerns_the_unit(
            &Diagnostic::new(Kind::Adjustment).unit("CB")
        ));
        assert!(concerns_the_unit(
            &Diagnostic::new(Kind::TargetMismatch).unit("CB")
        ));
    }
}
