//! The workbooks of `thidua ho-so` (SPEC section 10): the proposal list
//! `danh-sach-de-nghi-<Năm>.xlsx` (STT | Tên tập thể | Hình thức đề nghị |
//! Tổng điểm | Xếp hạng | Xếp loại | Ghi chú, grouped under "I. Tập thể"
//! by title in the agreement's order, pending votes in a group of their
//! own), and the prefilled `ket-luan.xlsx` of `ho-so --mau`. Vietnamese
//! whatever `--lang` says, like every official document; the same inputs
//! give the same bytes.

use super::cells::{fit_row, fit_width, font, put_header, put_text, put_title, set_widths, Styles};
use super::{document_date, header_text, FONT, ZIP_LEVEL};
use crate::documents::dossier::{list_lines, ListLine};
use crate::model::dossier::Dossier;
use crate::model::{AgreementInfo, Outcome, Proposal};
use rust_xlsxwriter::{
    DataValidation, DocProperties, Format, FormatAlign, RowNum, Workbook, Worksheet, XlsxError,
};

/// The proposal list's columns and their widths (in characters).
const COLUMNS: [(&str, f64); 7] = [
    ("STT", 6.0),
    ("Tên tập thể", 36.0),
    ("Hình thức đề nghị", 16.0),
    ("Tổng điểm", 10.0),
    ("Xếp hạng", 9.0),
    ("Xếp loại", 11.0),
    ("Ghi chú", 26.0),
];

/// Title, subject, author and a creation date from the agreement.
fn properties(info: &AgreementInfo, title: String) -> Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title(title)
        .set_subject(format!("{} - {}", info.cluster, info.organisation))
        .set_author(info.cluster.as_str())
        .set_company(info.organisation.as_str())
        .set_creation_datetime(&document_date(info)?))
}

/// A workbook in Times New Roman with the agreement's properties and `title`.
fn new_workbook(info: &AgreementInfo, title: String) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_default_format(&font(), 21, 72)?;
    workbook.set_properties(&properties(info, title)?);
    Ok(workbook)
}

/// A4 portrait fitted to the width, `repeat` rows on every page, the
/// cluster, the year and "Trang x/y" in the footer.
fn page_setup(ws: &mut Worksheet, info: &AgreementInfo, repeat: RowNum) -> Result<(), XlsxError> {
    super::a4_page(ws, false);
    ws.set_repeat_rows(repeat, repeat)?;
    ws.set_print_fit_to_pages(1, 0);
    let font = format!("&\"{FONT},Regular\"&10");
    let cluster = header_text(&info.cluster, 100);
    ws.set_footer(format!(
        "&L{font}{cluster} - năm {}&R{font}Trang &P/&N",
        info.year
    ));
    Ok(())
}

/// The proposal list workbook of the dossier, as the bytes of an .xlsx file.
pub fn proposals(dossier: &Dossier) -> Result<Vec<u8>, XlsxError> {
    let o = dossier.outcome;
    let a = &o.agreement;
    let info = &a.info;
    let styles = Styles::new();
    let mut workbook = new_workbook(
        info,
        format!("Danh sách đề nghị khen thưởng năm {}", info.year),
    )?;
    workbook.set_zip_compression_level(ZIP_LEVEL);
    let ws = workbook.add_worksheet().set_name("Danh sách đề nghị")?;
    let mut widths: Vec<f64> = COLUMNS.iter().map(|c| c.1).collect();
    // The title and class columns as wide as the cluster's own words need.
    let titles = a.titles();
    widths[2] = fit_width(titles.iter().map(|t| t.label.as_str()), widths[2], 30.0);
    let classes = a.classes();
    widths[5] = fit_width(classes.iter().map(|c| c.label.as_str()), widths[5], 24.0);
    set_widths(ws, &widths)?;
    let last = (COLUMNS.len() - 1) as u16;
    put_title(ws, 0, last, &info.cluster.to_uppercase(), &styles.heading)?;
    put_title(
        ws,
        1,
        last,
        &format!("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {}", info.year),
        &styles.title,
    )?;
    put_title(
        ws,
        2,
        last,
        &format!("(Kèm theo Tờ trình của {})", info.cluster),
        &styles.subtitle,
    )?;
    let header_row: RowNum = 4;
    let headings: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
    put_header(ws, header_row, &headings, &widths, &styles)?;
    let mut row = header_row + 1;
    let group = |ws: &mut Worksheet, row: RowNum, text: &str| -> Result<(), XlsxError> {
        ws.merge_range(row, 0, row, last, text, &styles.section.text)?;
        Ok(())
    };
    group(ws, row, "I. Tập thể")?;
    row += 1;
    let lines = list_lines(dossier);
    for line in &lines {
        match line {
            ListLine::Group(text) => group(ws, row, text)?,
            ListLine::Unit {
                number,
                unit,
                title,
                note,
            } => unit_row(
                ws,
                row,
                (*number, *unit, title, note),
                dossier,
                &widths,
                &styles,
            )?,
        }
        row += 1;
    }
    if lines.is_empty() {
        let none = Format::new()
            .set_font_name(FONT)
            .set_font_size(12)
            .set_italic();
        put_text(
            ws,
            row,
            1,
            "Không có tập thể được đề nghị khen thưởng.",
            &none,
        )?;
        row += 1;
    }
    signature(ws, row + 1, dossier, &styles)?;
    page_setup(ws, info, header_row)?;
    workbook.save_to_buffer()
}

/// The signature block under the list: the one issuer of the cluster's
/// papers (`documents::parts::issuer`, as the Word list and the tờ trình
/// sign), four blank lines for the signature and the seal, then the name.
fn signature(
    ws: &mut Worksheet,
    row: RowNum,
    dossier: &Dossier,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let signed = crate::documents::parts::issuer(&dossier.outcome.agreement).signature;
    let mut lines: Vec<(String, &Format)> = [&signed.on_behalf, &signed.role]
        .into_iter()
        .flatten()
        .flat_map(|text| text.lines().map(|l| (l.to_uppercase(), &styles.heading)))
        .collect();
    lines.extend((0..4).map(|_| (String::new(), &styles.parent)));
    lines.push((signed.name.unwrap_or_default(), &styles.heading));
    for (r, (text, format)) in (row..).zip(lines) {
        ws.merge_range(r, 4, r, 6, &text, format)?;
    }
    Ok(())
}

/// One unit's row of the proposal list.
fn unit_row(
    ws: &mut Worksheet,
    row: RowNum,
    (number, unit, title, note): (usize, usize, &str, &str),
    dossier: &Dossier,
    widths: &[f64],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let o = dossier.outcome;
    let r = &o.units[unit];
    let name = o.agreement.units[unit].name.as_str();
    let body = &styles.body;
    ws.write_number_with_format(row, 0, number as f64, &body.center)?;
    put_text(ws, row, 1, name, &body.wrap)?;
    put_text(ws, row, 2, title, &body.wrap)?;
    match r.total {
        Some(total) => {
            ws.write_number_with_format(row, 3, super::cells::number(total), &body.score)?;
        }
        None => put_text(ws, row, 3, "", &body.text)?,
    }
    match r.rank {
        Some(rank) => {
            ws.write_number_with_format(row, 4, f64::from(rank), &body.center)?;
        }
        None => put_text(ws, row, 4, "", &body.text)?,
    }
    let class = r
        .classification
        .map(|c| o.agreement.class_label(c))
        .unwrap_or("");
    put_text(ws, row, 5, class, &body.center)?;
    put_text(ws, row, 6, note, &body.wrap)?;
    let texts = [
        (name, widths[1]),
        (title, widths[2]),
        (class, widths[5]),
        (note, widths[6]),
    ];
    fit_row(ws, row, &texts, false)
}

/// One row of the prefilled `Biểu quyết`: the unit (index) and the title
/// in `Hình thức`.
pub type FormRow = (usize, Option<Proposal>);

/// The prefilled `ket-luan.xlsx` of `ho-so --mau`: sheet `Hội nghị` with
/// its keys (the agreement's conference date and place filled in), sheet
/// `Biểu quyết` with `rows` (a drop-down of the titles on `Quyết định`),
/// and a short `Hướng dẫn`.
pub fn conclusions_form(outcome: &Outcome, rows: &[FormRow]) -> Result<Vec<u8>, XlsxError> {
    use crate::model::dossier::sheets::{self, COLUMNS as VOTE_COLUMNS, KEYS};
    let a = &outcome.agreement;
    let info = &a.info;
    let styles = Styles::new();
    let mut workbook = new_workbook(
        info,
        format!("Kết luận Hội nghị tổng kết thi đua năm {}", info.year),
    )?;
    let key = Format::new()
        .set_font_name(FONT)
        .set_font_size(12)
        .set_bold();
    let text = Format::new().set_font_name(FONT).set_font_size(12);
    let date = text
        .clone()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Left);

    let ws = workbook.add_worksheet().set_name(sheets::CONFERENCE)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 60)?;
    for (r, k) in (0..).zip(KEYS) {
        put_text(ws, r, 0, k, &key)?;
    }
    if let Some(d) = info.conference_date {
        let day = rust_xlsxwriter::ExcelDateTime::from_ymd(
            u16::try_from(d.year).unwrap_or(2000),
            u8::try_from(d.month).unwrap_or(1),
            u8::try_from(d.day).unwrap_or(1),
        );
        match day {
            Ok(day) => {
                ws.write_datetime_with_format(0, 1, &day, &date)?;
            }
            Err(_) => put_text(
                ws,
                0,
                1,
                &format!("{}/{}/{}", d.day, d.month, d.year),
                &text,
            )?,
        }
    }
    if let Some(place) = &info.place {
        put_text(ws, 1, 1, place, &text)?;
    }

    let ws = workbook.add_worksheet().set_name(sheets::VOTES)?;
    let widths = [10.0, 20.0, 12.0, 16.0, 20.0, 40.0];
    set_widths(ws, &widths)?;
    let mut headings: Vec<&str> = VOTE_COLUMNS.to_vec();
    headings.push("Tên đơn vị");
    put_header(ws, 0, &headings, &widths, &styles)?;
    let body = &styles.body;
    for (r, (unit, title)) in (1..).zip(rows) {
        put_text(ws, r, 0, &a.units[*unit].code, &body.text)?;
        let label = title.map(|t| a.proposal_label(t)).unwrap_or("");
        put_text(ws, r, 1, label, &body.text)?;
        for c in 2..5 {
            ws.write_blank(r, c, &body.text)?;
        }
        put_text(ws, r, 5, &a.units[*unit].name, &body.wrap)?;
        fit_row(ws, r, &[(a.units[*unit].name.as_str(), widths[5])], false)?;
    }
    // A drop-down of the titles on `Quyết định`; left out where Excel's
    // list cannot hold them (a comma in a title, over 255 characters in
    // all): the column then takes the title typed, checked when read.
    let titles: Vec<String> = a.titles().iter().map(|t| t.label.clone()).collect();
    let list: Vec<&str> = titles.iter().map(String::as_str).collect();
    let validation = DataValidation::new()
        .allow_list_strings(&list)
        .and_then(|v| v.set_input_title("Quyết định"))
        .and_then(|v| {
            v.set_input_message("Hình thức Hội nghị quyết định; để trống nếu không khen thưởng")
        });
    if let (false, false, Ok(validation)) = (
        rows.is_empty(),
        list.iter().any(|t| t.contains(',')),
        validation,
    ) {
        let last = RowNum::try_from(rows.len()).unwrap_or(RowNum::MAX);
        ws.add_data_validation(1, 4, last, 4, &validation)?;
    }
    ws.set_freeze_panes(1, 0)?;

    let ws = workbook.add_worksheet().set_name("Hướng dẫn")?;
    let width = 90.0;
    ws.set_column_width(0, width)?;
    let wrap = text.clone().set_text_wrap().set_align(FormatAlign::Top);
    for (r, line) in (0..).zip(GUIDE) {
        put_text(ws, r, 0, line, if r == 0 { &key } else { &wrap })?;
        // Wrapped text gets its height: no reader grows a row by itself.
        fit_row(ws, r, &[(line, width)], r == 0)?;
    }
    // Each sheet prints on A4, as wide as the page.
    for ws in workbook.worksheets_mut() {
        super::a4_page(ws, false);
        ws.set_print_fit_to_pages(1, 0);
    }
    workbook.save_to_buffer()
}

/// The `Hướng dẫn` sheet of the prefilled `ket-luan.xlsx`.
const GUIDE: [&str; 8] = [
    "Hướng dẫn ghi kết luận Hội nghị (ket-luan.xlsx)",
    "1. Trang Hội nghị: ghi ngày họp (ví dụ 15/12/2016), địa điểm, số đại biểu dự, người chủ trì và thư ký (họ tên, chức vụ; cách nhau bằng dấu phẩy).",
    "2. Trang Biểu quyết: mỗi dòng một đơn vị được đề nghị khen thưởng hoặc phải biểu quyết (bằng điểm tại ngưỡng đề nghị). Cột Hình thức là hình thức đưa ra Hội nghị.",
    "3. Ghi số phiếu Tán thành, Không tán thành và Quyết định của Hội nghị: chọn hình thức trong danh sách, hoặc để trống nếu Hội nghị không tán thành (không khen thưởng).",
    "4. Dòng để nguyên như khi lập (không ghi số phiếu, không ghi quyết định) nghĩa là chưa biểu quyết: đơn vị vẫn ghi là chờ Hội nghị biểu quyết.",
    "5. Quyết định phải đúng quy định của giao ước: đơn vị đủ xếp loại tối thiểu, thứ hạng thuộc các vị trí của hình thức, không vượt số lượng được đề nghị. Đơn vị không phải biểu quyết chỉ được giữ hình thức đề nghị hoặc để trống.",
    "6. Lưu tệp trong thư mục làm việc rồi chạy: thidua ho-so <thư mục>. Nếu có sai sót, chương trình chỉ rõ trang và ô cần sửa, chưa ghi tệp nào.",
    "7. Không đổi tên trang tính và tên cột. Có thể xóa cột Tên đơn vị.",
];
