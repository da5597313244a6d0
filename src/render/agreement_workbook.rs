//! The working folder's own workbooks, written from an agreement: the
//! agreement workbook (`giao-uoc.xlsx`, SPEC section 3) with a `Hướng dẫn`
//! sheet in front and a drop-down list of the methods, and the empty
//! adjustments workbook (`dieu-chinh.xlsx`, SPEC section 5) with a drop-down
//! list of the unit codes. `thidua init` writes both.
//!
//! Owns what these two files say and how they look; not where they go (the
//! command line) nor how they are read back (`read::agreement`,
//! `read::adjustments`, which read what is written here: a test checks it).

use crate::model::classes::{ClassRule, Minimum, TitleCount, TitleRule};
use crate::model::{Agreement, Method};

mod tree;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note,
    Workbook, Worksheet, XlsxError,
};

/// The drop-down's help: what each method does and what `Mức` means (at most
/// 255 characters: Excel's limit for an input message).
const METHOD_HELP: &str = "Tỷ lệ: điểm theo tỷ lệ đạt chỉ tiêu. Đạt: đủ chỉ tiêu mới có điểm. \
Không vượt: vượt chỉ tiêu bị trừ Mức điểm cho mỗi đơn vị vượt. Thẩm định: điểm tự chấm. \
Cộng, Trừ: Mức điểm cho mỗi lượt, không quá Điểm chuẩn.";

/// The `Hướng dẫn` sheet, a line a row: (text, whether it is a heading).
const GUIDE: &[(&str, bool)] = &[
    ("HƯỚNG DẪN LẬP GIAO ƯỚC THI ĐUA", true),
    ("", false),
    ("Tệp này là giao ước mẫu. Sửa các trang Thông tin, Đơn vị và Giao ước cho đúng giao ước đã ký; thidua đọc ba trang đó theo tên, trang Hướng dẫn này không được đọc.", false),
    ("", false),
    ("Trang Thông tin", true),
    ("Cột A là tên mục, cột B là giá trị. Bắt buộc: Tổ chức, Cụm thi đua, Năm, Cụm trưởng (mã đơn vị). Cụm trưởng năm sau, Cụm phó năm sau để trống thì lấy theo thứ tự luân phiên của trang Đơn vị.", false),
    ("Xuất sắc, Tốt, Khá: ngưỡng xếp loại, tính bằng % của tổng Điểm chuẩn (không kể điểm cộng, trừ). Số Cờ thi đua, Số Bằng khen: số đơn vị được đề nghị.", false),
    ("", false),
    ("Trang Đơn vị", true),
    ("Mỗi đơn vị một dòng, theo thứ tự luân phiên. Mã là mã ngắn, không trùng (ví dụ CB). Tên khác: các tên khác đơn vị hay dùng, cách nhau bằng dấu chấm phẩy. Chức vụ của người ký: Chủ tịch, Phó Chủ tịch...", false),
    ("", false),
    ("Trang Giao ước", true),
    ("Dòng có Mã là số La Mã (I, II...) là mục lớn; Điểm chuẩn của mục, nếu ghi, phải bằng tổng Điểm chuẩn các tiêu chí trong mục.", false),
    ("Cách chấm (chọn trong danh sách):", false),
    ("  - Tỷ lệ: Điểm chuẩn × Kết quả / Chỉ tiêu, không quá Điểm chuẩn. Cần Chỉ tiêu lớn hơn 0.", false),
    ("  - Đạt: đủ Chỉ tiêu thì được Điểm chuẩn, không đủ thì 0.", false),
    ("  - Không vượt (càng thấp càng tốt): không vượt Chỉ tiêu thì được Điểm chuẩn; vượt thì trừ Mức điểm cho mỗi đơn vị vượt (Mức để trống: trừ hết).", false),
    ("  - Thẩm định: điểm đơn vị tự chấm, không quá Điểm chuẩn.", false),
    ("  - Cộng: Kết quả × Mức, không quá Điểm chuẩn; ngoài tổng Điểm chuẩn.", false),
    ("  - Trừ: trừ Kết quả × Mức, không quá Điểm chuẩn; ngoài tổng Điểm chuẩn.", false),
    ("Chỉ tiêu: chỉ tiêu chung của các đơn vị. Các cột mang mã đơn vị (CB, TN...) ghi chỉ tiêu riêng của đơn vị đó, nếu khác chỉ tiêu chung.", false),
    ("Tiêu chí có Đơn vị tính là %: ghi 95 hoặc 95%, đều là 95%.", false),
    ("", false),
    ("Quy định riêng của cụm (không bắt buộc)", true),
    ("Cột Cấp ở trang Giao ước: tiêu chí nhiều cấp (1 là cấp cao nhất, sâu nhất là 6). Có cột Cấp thì dòng nào có dòng sau ở cấp sâu hơn là nhóm; Điểm chuẩn của nhóm, nếu ghi, phải bằng tổng Điểm chuẩn các dòng con; chỉ tiêu chí (dòng không có dòng con) mới ghi Cách chấm. Mã ghi tự do (I., 1., 2.a), 13, 6a) nhưng không trùng nhau.", false),
    ("Trang Xếp loại: dòng tiêu đề có ô Xếp loại; các cột Xếp loại (tên), Tối thiểu (số điểm, hoặc % của tổng Điểm chuẩn nếu ghi kèm dấu %), Mỗi tiêu chí tối thiểu (mỗi tiêu chí phải đạt bao nhiêu % Điểm chuẩn của nó; có thể để trống). Ghi từ xếp loại cao xuống thấp; dòng cuối để trống Tối thiểu. Không có trang này thì xếp loại theo Xuất sắc, Tốt, Khá ở trang Thông tin.", false),
    ("Trang Khen thưởng: dòng tiêu đề có ô Hình thức; các cột Hình thức, Số lượng hoặc Tỷ lệ (% số đơn vị được xếp hạng), Xếp loại tối thiểu (tên một xếp loại). Các hạng đầu được đề nghị hình thức ghi ở dòng thứ nhất, các hạng tiếp theo hình thức ở dòng sau. Không có trang này thì dùng Số Cờ thi đua, Số Bằng khen ở trang Thông tin.", false),
    ("", false),
    ("Sau khi sửa giao ước", true),
    ("1. thidua agreement <thư mục>: in giao ước ra PDF và Word để ký.", false),
    ("2. thidua forms <thư mục>: lập biểu mẫu tự chấm điểm cho từng đơn vị, gửi cho các đơn vị.", false),
    ("3. Chép bảng tự chấm điểm các đơn vị gửi về vào thư mục nop/.", false),
    ("4. thidua check <thư mục>: kiểm tra; thidua run <thư mục>: chấm điểm, xếp hạng, lập báo cáo.", false),
    ("5. Sửa điểm (nếu Ban thư ký quyết định): ghi vào dieu-chinh.xlsx, mỗi dòng một đơn vị và một tiêu chí, có lý do.", false),
];

/// The agreement workbook of `agreement`, as `giao-uoc.xlsx`: a `Hướng dẫn`
/// sheet, then `Thông tin`, `Đơn vị` and `Giao ước` as SPEC section 3 reads
/// them, with every value of the agreement (its defaults resolved).
pub fn agreement(agreement: &Agreement) -> Result<Vec<u8>, XlsxError> {
    write_agreement(agreement, None)
}

/// Next year's agreement (`thidua init <new> --from <old>`, SPEC section
/// 11), from `agreement` already moved on a year (its `Năm`, head and
/// deputy): as [`agreement`] writes, but with `Cụm trưởng năm sau` and
/// `Cụm phó năm sau` left empty (the rotation gives them), a `Ghi chú` in
/// `Thông tin` saying the targets, carried from `from_year`, need review,
/// and an empty `Mã cũ` column in `Đơn vị` for units renamed or merged.
pub fn next_year(agreement: &Agreement, from_year: i32) -> Result<Vec<u8>, XlsxError> {
    write_agreement(agreement, Some(Carried { from_year }))
}

/// What a next year's agreement was carried over from.
#[derive(Clone, Copy)]
struct Carried {
    from_year: i32,
}

fn write_agreement(agreement: &Agreement, carried: Option<Carried>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(agreement, "Giao ước thi đua")?);
    let f = Formats::new();
    let extra: &[(&str, bool)] = if carried.is_some() {
        CARRIED_GUIDE
    } else {
        &[]
    };
    guide_sheet(workbook.add_worksheet(), &f, extra)?;
    info_sheet(workbook.add_worksheet(), agreement, &f, carried)?;
    units_sheet(workbook.add_worksheet(), agreement, &f, carried.is_some())?;
    criteria_sheet(workbook.add_worksheet(), agreement, &f)?;
    if let Some(classes) = &agreement.class_rules {
        classes_sheet(workbook.add_worksheet(), classes, &f)?;
    }
    if let Some(titles) = &agreement.title_rules {
        titles_sheet(workbook.add_worksheet(), agreement, titles, &f)?;
    }
    workbook.save_to_buffer()
}

/// A percentage as a cell showing it with `%` (85 is 0,85 shown as 85%),
/// as SPEC 11 reads it.
fn write_percent(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    percent: Decimal,
    f: &Formats,
) -> Result<(), XlsxError> {
    let shown = if percent.fract().is_zero() {
        "0%"
    } else {
        "0.00%"
    };
    let format = f.cell.clone().set_num_format(shown);
    sheet.write_number_with_format(row, col, to_f64(percent) / 100.0, &format)?;
    Ok(())
}

/// The header row of a rules sheet, at the top, with its widths.
fn rules_header(
    sheet: &mut Worksheet,
    names: &[(&str, f64)],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (col, (name, width)) in (0u16..).zip(names) {
        sheet.set_column_width(col, *width)?;
        sheet.write_string_with_format(0, col, *name, &f.header)?;
    }
    Ok(())
}

/// `Xếp loại`: the cluster's own classes, carried as they were read.
fn classes_sheet(
    sheet: &mut Worksheet,
    classes: &[ClassRule],
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Xếp loại")?;
    rules_header(
        sheet,
        &[
            ("Xếp loại", 24.0),
            ("Tối thiểu", 12.0),
            ("Mỗi tiêu chí tối thiểu", 14.0),
        ],
        f,
    )?;
    for (row, class) in (1u32..).zip(classes) {
        sheet.write_string_with_format(row, 0, &class.label, &f.cell)?;
        match class.minimum {
            Some(Minimum::Points(points)) => {
                sheet.write_number_with_format(row, 1, to_f64(points), &f.cell)?;
            }
            Some(Minimum::Percent(percent)) => write_percent(sheet, row, 1, percent, f)?,
            None => {
                sheet.write_blank(row, 1, &f.cell)?;
            }
        }
        match class.floor {
            Some(percent) => write_percent(sheet, row, 2, percent, f)?,
            None => {
                sheet.write_blank(row, 2, &f.cell)?;
            }
        }
    }
    Ok(())
}

/// `Khen thưởng`: the cluster's own titles, carried as they were read.
fn titles_sheet(
    sheet: &mut Worksheet,
    agreement: &Agreement,
    titles: &[TitleRule],
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Khen thưởng")?;
    rules_header(
        sheet,
        &[
            ("Hình thức", 24.0),
            ("Số lượng", 10.0),
            ("Tỷ lệ", 10.0),
            ("Xếp loại tối thiểu", 18.0),
        ],
        f,
    )?;
    for (row, title) in (1u32..).zip(titles) {
        sheet.write_string_with_format(row, 0, &title.label, &f.cell)?;
        match title.count {
            TitleCount::Number(n) => {
                sheet.write_number_with_format(row, 1, f64::from(n), &f.cell)?;
                sheet.write_blank(row, 2, &f.cell)?;
            }
            TitleCount::Share(percent) => {
                sheet.write_blank(row, 1, &f.cell)?;
                write_percent(sheet, row, 2, percent, f)?;
            }
        }
        match title.min_class {
            Some(class) => {
                sheet.write_string_with_format(row, 3, agreement.class_label(class), &f.cell)?;
            }
            None => {
                sheet.write_blank(row, 3, &f.cell)?;
            }
        }
    }
    Ok(())
}

/// The guide's lines about a carried-over agreement, after the others.
const CARRIED_GUIDE: &[(&str, bool)] = &[
    ("", false),
    ("Giao ước lập từ giao ước năm trước", true),
    ("Tệp này được lập bằng lệnh thidua init --from từ giao ước năm trước: Năm tăng 1, Cụm trưởng và Cụm phó là Cụm trưởng, Cụm phó năm sau đã chọn; cùng đơn vị, tiêu chí và chỉ tiêu. Hãy rà soát chỉ tiêu và Điểm chuẩn trước khi ký.", false),
    ("Cột Mã cũ của trang Đơn vị: đơn vị đổi mã, hoặc được hợp nhất từ các đơn vị khác (ví dụ tỉnh sáp nhập năm 2025), ghi các mã năm trước, cách nhau bằng dấu chấm phẩy (ví dụ TN; BK). Kết quả năm trước trong thư mục truoc/ được so sánh theo các mã đó; đơn vị hợp nhất được ghi số liệu năm trước của từng đơn vị cũ, không cộng dồn.", false),
];

/// The empty adjustments workbook (`dieu-chinh.xlsx`): a title, the header
/// row `Đơn vị`, `Mã`, `Điểm`, `Lý do` with a note on each, and a drop-down
/// of the unit codes and of the criterion codes.
pub fn adjustments(agreement: &Agreement) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(agreement, "Điều chỉnh điểm")?);
    let f = Formats::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Điều chỉnh")?;
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 10)?;
    sheet.set_column_width(2, 10)?;
    sheet.set_column_width(3, 70)?;
    let title = format!(
        "ĐIỀU CHỈNH ĐIỂM CỦA BAN THƯ KÝ - {} - NĂM {}",
        agreement.info.cluster.to_uppercase(),
        agreement.info.year
    );
    sheet.write_string_with_format(0, 0, &title, &f.title)?;
    sheet.write_string(
        1,
        0,
        "Mỗi dòng thay điểm của một tiêu chí của một đơn vị; điểm ghi ở đây được dùng thay cho điểm tính theo giao ước, kèm lý do, trong mọi kết quả.",
    )?;
    let header = ["Đơn vị", "Mã", "Điểm", "Lý do"];
    let notes = [
        "Mã đơn vị (chọn trong danh sách) hoặc tên đơn vị.",
        "Mã tiêu chí trong giao ước, ví dụ 1.2.",
        "Điểm thay thế, từ 0 đến Điểm chuẩn của tiêu chí (tiêu chí Trừ: từ trừ Điểm chuẩn đến 0).",
        "Lý do điều chỉnh, ví dụ: theo kết luận của Hội nghị cụm ngày ...",
    ];
    for (col, (name, note)) in (0u16..).zip(header.iter().zip(notes)) {
        sheet.write_string_with_format(3, col, *name, &f.header)?;
        sheet.insert_note(3, col, &Note::new(note).set_author("thidua"))?;
    }
    let codes: Vec<&str> = agreement.units.iter().map(|u| u.code.as_str()).collect();
    if let Ok(list) = DataValidation::new().allow_list_strings(&codes) {
        sheet.add_data_validation(4, 0, 203, 0, &list.ignore_blank(true))?;
    }
    sheet.set_freeze_panes(4, 0)?;
    workbook.save_to_buffer()
}

/// Fixed properties, so the same agreement gives the same bytes.
fn properties(agreement: &Agreement, title: &str) -> Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title(format!(
            "{title} {} - {}",
            agreement.info.year, agreement.info.cluster
        ))
        .set_author(&agreement.info.cluster)
        .set_company(&agreement.info.organisation)
        .set_creation_datetime(&ExcelDateTime::from_ymd(
            u16::try_from(agreement.info.year.clamp(1900, 9999)).unwrap_or(1900),
            1,
            1,
        )?))
}

struct Formats {
    title: Format,
    heading: Format,
    header: Format,
    cell: Format,
    wrap: Format,
    bold_cell: Format,
    date: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12);
        let boxed = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: base.clone().set_bold().set_font_size(14),
            heading: base.clone().set_bold(),
            header: boxed
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color("DDEBF7"),
            cell: boxed.clone(),
            date: boxed.clone().set_num_format("dd/mm/yyyy"),
            wrap: boxed.clone().set_text_wrap(),
            bold_cell: boxed.set_bold().set_text_wrap(),
        }
    }
}

/// The guide's column width (within an A4 page, unscaled), in characters, and how many of its
/// characters fit a line (fewer: Times New Roman's letters are wider than
/// the width unit's digits).
const GUIDE_WIDTH: f64 = 85.0;
const GUIDE_LINE_CHARS: usize = 90;

fn guide_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    extra: &[(&str, bool)],
) -> Result<(), XlsxError> {
    sheet.set_name("Hướng dẫn")?;
    sheet.set_column_width(0, GUIDE_WIDTH)?;
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    let wrap = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    for (row, (text, heading)) in (0u32..).zip(GUIDE.iter().chain(extra)) {
        let format = if row == 0 {
            &f.title
        } else if *heading {
            &f.heading
        } else {
            &wrap
        };
        sheet.write_string_with_format(row, 0, *text, format)?;
        // Wrapped text gets its height: neither Excel nor LibreOffice
        // grows a row written without one.
        let lines = text.chars().count().div_ceil(GUIDE_LINE_CHARS).max(1);
        sheet.set_row_height(row, 16.0 * lines as f64)?;
    }
    Ok(())
}

fn info_sheet(
    sheet: &mut Worksheet,
    agreement: &Agreement,
    f: &Formats,
    carried: Option<Carried>,
) -> Result<(), XlsxError> {
    let info = &agreement.info;
    // Carried over: next year's keys left to the rotation (SPEC section 11).
    let next = |code: &String| match carried {
        Some(_) => Value::Text(String::new()),
        None => Value::Text(code.clone()),
    };
    sheet.set_name("Thông tin")?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 40)?;
    let text = |s: &str| Value::Text(s.to_string());
    let optional = |s: &Option<String>| Value::Text(s.clone().unwrap_or_default());
    let rows = [
        ("Tổ chức", text(&info.organisation)),
        ("Cụm thi đua", text(&info.cluster)),
        ("Năm", Value::Number(f64::from(info.year))),
        ("Cụm trưởng", text(&info.head)),
        ("Cụm phó", optional(&info.deputy)),
        ("Cụm trưởng năm sau", next(&info.next_head)),
        ("Cụm phó năm sau", next(&info.next_deputy)),
        ("Địa điểm", optional(&info.place)),
        ("Ngày hội nghị", Value::Date(info.conference_date)),
        ("Xuất sắc", Value::Number(to_f64(info.thresholds.excellent))),
        ("Tốt", Value::Number(to_f64(info.thresholds.good))),
        ("Khá", Value::Number(to_f64(info.thresholds.fair))),
        ("Số Cờ thi đua", Value::Number(f64::from(info.flags))),
        ("Số Bằng khen", Value::Number(f64::from(info.certificates))),
    ];
    let note = carried.map(|c| {
        (
            "Ghi chú",
            Value::Text(format!(
                "Giao ước lập từ giao ước năm {} (thidua init --from): các chỉ tiêu là chỉ tiêu năm {}, cần rà soát lại trước khi ký.",
                c.from_year, c.from_year
            )),
        )
    });
    for (row, (key, value)) in (0u32..).zip(rows.into_iter().chain(note)) {
        sheet.write_string_with_format(row, 0, key, &f.bold_cell)?;
        match value {
            Value::Text(t) => sheet.write_string_with_format(row, 1, &t, &f.cell)?,
            Value::Number(n) => sheet.write_number_with_format(row, 1, n, &f.cell)?,
            Value::Date(Some(d)) => {
                let when = ExcelDateTime::from_ymd(
                    u16::try_from(d.year).unwrap_or(1900),
                    u8::try_from(d.month).unwrap_or(1),
                    u8::try_from(d.day).unwrap_or(1),
                )?;
                sheet.write_datetime_with_format(row, 1, &when, &f.date)?
            }
            Value::Date(None) => sheet.write_blank(row, 1, &f.cell)?,
        };
    }
    Ok(())
}

/// The width of the `Nội dung` column, in characters.
const CONTENT_WIDTH: f64 = 60.0;

/// The height of a row whose wrapped cells hold these texts in columns of
/// these widths: a line of 15.75 pt for each line of the longest (Excel
/// and LibreOffice do not grow a row written without a height).
fn height(cells: &[(&str, f64)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let per_line = (width * 1.05).max(1.0);
            (text.chars().count() as f64 / per_line).ceil().max(1.0)
        })
        .fold(1.0, f64::max);
    15.75 * lines
}

/// A4 landscape, fitted to the page width, the rows up to `header_row` repeated.
fn print_wide(sheet: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, header_row)?;
    Ok(())
}

/// A value of the `Thông tin` sheet.
enum Value {
    Text(String),
    Number(f64),
    Date(Option<crate::model::Date>),
}

fn to_f64(x: Decimal) -> f64 {
    x.to_f64().unwrap_or_default()
}

fn units_sheet(
    sheet: &mut Worksheet,
    agreement: &Agreement,
    f: &Formats,
    old_codes_column: bool,
) -> Result<(), XlsxError> {
    sheet.set_name("Đơn vị")?;
    let title = format!(
        "DANH SÁCH ĐƠN VỊ THÀNH VIÊN {} (theo thứ tự luân phiên)",
        agreement.info.cluster.to_uppercase()
    );
    sheet.write_string_with_format(0, 0, &title, &f.title)?;
    let header = [
        "Mã",
        "Tên đơn vị",
        "Tên ngắn",
        "Tên khác",
        "Người ký",
        "Chức vụ",
    ];
    for (col, (name, width)) in (0u16..).zip(header.iter().zip([8.0, 40.0, 18.0, 36.0, 22.0, 18.0]))
    {
        sheet.set_column_width(col, width)?;
        sheet.write_string_with_format(2, col, *name, &f.header)?;
    }
    for (row, unit) in (3u32..).zip(&agreement.units) {
        let cells = [
            unit.code.as_str(),
            &unit.name,
            &unit.short_name,
            &unit.other_names.join("; "),
            unit.signer.as_deref().unwrap_or(""),
            unit.signer_title.as_deref().unwrap_or(""),
        ];
        for (col, value) in (0u16..).zip(cells) {
            sheet.write_string_with_format(row, col, value, &f.wrap)?;
        }
        sheet.set_row_height(row, height(&[(&unit.name, 40.0), (cells[3], 36.0)]))?;
        if old_codes_column {
            sheet.write_string_with_format(row, 6, unit.old_codes.join("; "), &f.wrap)?;
        }
    }
    if old_codes_column {
        sheet.set_column_width(6, 12)?;
        sheet.write_string_with_format(2, 6, "Mã cũ", &f.header)?;
        let note = "Đơn vị đổi mã hoặc được hợp nhất từ đơn vị khác: các mã năm trước, cách nhau bằng dấu chấm phẩy (ví dụ TN; BK), để so sánh với kết quả năm trước.";
        sheet.insert_note(2, 6, &Note::new(note).set_author("thidua"))?;
    }
    sheet.set_freeze_panes(3, 0)?;
    print_wide(sheet, 2)
}

fn criteria_sheet(
    sheet: &mut Worksheet,
    agreement: &Agreement,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Giao ước")?;
    let title = format!("GIAO ƯỚC THI ĐUA NĂM {}", agreement.info.year);
    sheet.write_string_with_format(0, 0, &title, &f.title)?;
    sheet.write_string_with_format(
        1,
        0,
        format!(
            "{} - {}",
            agreement.info.cluster, agreement.info.organisation
        ),
        &f.heading,
    )?;
    let mut header: Vec<&str> = vec![
        "Mã",
        "Nội dung",
        "Đơn vị tính",
        "Điểm chuẩn",
        "Cách chấm",
        "Mức",
        "Chỉ tiêu",
    ];
    header.extend(agreement.units.iter().map(|u| u.code.as_str()));
    let widths = [8.0, CONTENT_WIDTH, 11.0, 10.0, 13.0, 7.0, 10.0];
    for (col, name) in (0u16..).zip(&header) {
        let width = widths.get(usize::from(col)).copied().unwrap_or(8.0);
        sheet.set_column_width(col, width)?;
        sheet.write_string_with_format(3, col, *name, &f.header)?;
    }
    sheet.set_row_height(3, 31.5)?;
    let number = |sheet: &mut Worksheet, row: u32, col: u16, value: Option<Decimal>| {
        match value {
            Some(v) => sheet.write_number_with_format(row, col, to_f64(v), &f.cell),
            None => sheet.write_blank(row, col, &f.cell),
        }
        .map(|_| ())
    };
    let mut row = 4u32;
    if let Some(tree) = &agreement.tree {
        row = tree::rows(sheet, agreement, tree, f, header.len())?;
    }
    // A tree's criteria are its rows, written above.
    let flat = if agreement.tree.is_some() {
        &[][..]
    } else {
        &agreement.criteria[..]
    };
    let mut section = None;
    for criterion in flat {
        if criterion.section != section {
            if let Some(s) = criterion.section.and_then(|i| agreement.sections.get(i)) {
                sheet.write_string_with_format(row, 0, &s.code, &f.bold_cell)?;
                sheet.write_string_with_format(row, 1, &s.title, &f.bold_cell)?;
                sheet.set_row_height(row, height(&[(&s.title, CONTENT_WIDTH * 0.75)]))?;
                for col in 2..header.len() {
                    let col = u16::try_from(col).unwrap_or(u16::MAX);
                    if col != 3 {
                        sheet.write_blank(row, col, &f.cell)?;
                    }
                }
                number(sheet, row, 3, s.max)?;
                row += 1;
            }
            section = criterion.section;
        }
        sheet.write_string_with_format(row, 0, &criterion.code, &f.cell)?;
        sheet.write_string_with_format(row, 1, &criterion.content, &f.wrap)?;
        sheet.set_row_height(row, height(&[(&criterion.content, CONTENT_WIDTH)]))?;
        sheet.write_string_with_format(row, 2, &criterion.measure, &f.cell)?;
        number(sheet, row, 3, Some(criterion.max))?;
        sheet.write_string_with_format(row, 4, criterion.method.name_vi(), &f.cell)?;
        number(sheet, row, 5, criterion.rate)?;
        number(sheet, row, 6, criterion.target)?;
        for (col, unit) in (7u16..).zip(&agreement.units) {
            number(
                sheet,
                row,
                col,
                criterion.unit_targets.get(&unit.code).copied(),
            )?;
        }
        row += 1;
    }
    let list = DataValidation::new()
        .allow_list_strings(&Method::ALL.map(Method::name_vi))?
        .ignore_blank(true)
        .set_input_title("Cách chấm")?
        .set_input_message(METHOD_HELP)?;
    sheet.add_data_validation(4, 4, row.max(4) + 200, 4, &list)?;
    sheet.set_freeze_panes(4, 2)?;
    print_wide(sheet, 3)
}
