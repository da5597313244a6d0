//! Fill-in forms (biểu mẫu tự chấm điểm): one workbook per member unit,
//! prefilled from the agreement, that the unit fills in and sends back.
//!
//! Sheet `Tự chấm` holds the canonical table of SPEC section 4 under a title
//! block naming the unit ("Đơn vị: …") and the year ("… năm 2016"), so the
//! importer finds all three without help. Prefilled cells are locked, inputs
//! are unlocked, shaded and validated with Vietnamese input messages, and the
//! sheet is protected without a password. The `Điểm tính` column scores each
//! criterion live with formulas that give exactly `score::criterion_score`
//! (see [`formula`]), with section subtotals, the total and the provisional
//! classification. Sheet `Hướng dẫn` says what to fill, how it is checked,
//! and where and by when to send it.
//!
//! For criteria other than `Thẩm định`, `Tự chấm` repeats the form's own
//! score (a formula), so the self-score the importer reads is what the unit
//! saw; for `Thẩm định` it is the unit's input. Percent results are typed as
//! plain numbers from 0 to 100 in cells without a percent format (the input
//! message says so); a cell the user turns into a percent by typing "95%"
//! still counts as 95, in the live score as in the importer.
//!
//! A new form shows nothing it has not been given: formulas whose value is
//! "" carry "" (not the 0 a formula without a result would show) and the
//! provisional classification stays empty until a result or self-score is
//! entered. The header follows Decree 30 (short rules under the unit's name
//! and the motto), the signing line is dated in the January after the year
//! evaluated, and the document properties name the unit, its code, the
//! cluster and the year, so the file is clear once emailed.
//!
//! This module renders bytes; it reads and writes no files.

mod formula;

use crate::model::classes::Minimum;
use crate::model::diagnostic::Lang;
use crate::model::numfmt;
use crate::model::tree::indented;
use crate::model::{Agreement, Criterion, Method, Tree, Unit};
use crate::run::classes;
use crate::run::score::{self, Inputs};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

/// Name of the sheet holding the table.
pub const TABLE_SHEET: &str = "Tự chấm";

/// Name of the instructions sheet.
pub const GUIDE_SHEET: &str = "Hướng dẫn";

/// Column indices of the table.
mod col {
    pub const CODE: u16 = 0;
    pub const CONTENT: u16 = 1;
    pub const MEASURE: u16 = 2;
    pub const MAX: u16 = 3;
    pub const METHOD: u16 = 4;
    pub const TARGET: u16 = 5;
    pub const RESULT: u16 = 6;
    pub const SELF_SCORE: u16 = 7;
    pub const SCORE: u16 = 8;
    pub const NOTE: u16 = 9;
    pub const LAST: u16 = NOTE;
}

/// Header texts and widths, in column order. The importer reads `Mã`,
/// `Nội dung`, `Điểm chuẩn`, `Chỉ tiêu`, `Kết quả`, `Tự chấm` and `Ghi chú`
/// by these names; the other three are for people.
const COLUMNS: [(&str, f64); 10] = [
    ("Mã", 5.0),
    ("Nội dung", 38.0),
    ("Đơn vị tính", 8.5),
    ("Điểm chuẩn", 7.5),
    ("Cách chấm", 34.0),
    ("Chỉ tiêu", 11.0),
    ("Kết quả", 11.0),
    ("Tự chấm", 8.5),
    ("Điểm tính", 8.5),
    ("Ghi chú", 16.0),
];

/// Row of the table's header (0-based); the title block is above it.
const HEADER_ROW: u32 = 7;

const FONT: &str = "Times New Roman";
/// Height of a line of 11-point text, in points.
const LINE: f64 = 14.0;
const INPUT_FILL: u32 = 0xFFF2CC;
const COMPUTED_FILL: u32 = 0xEAF1FB;
const HEADER_FILL: u32 = 0xD9D9D9;
const SECTION_FILL: u32 = 0xF2F2F2;

/// The fill-in workbook of `unit` for `agreement`, as xlsx bytes. The same
/// inputs give the same bytes (the creation date is 1 January of the
/// agreement's year).
///
/// ```
/// # fn show(agreement: &thidua::model::Agreement) -> Result<(), rust_xlsxwriter::XlsxError> {
/// for unit in &agreement.units {
///     let bytes = thidua::render::forms::form(agreement, unit)?;
///     println!("{}: {} bytes", thidua::render::forms::file_name(&unit.code), bytes.len());
/// }
/// # Ok(())
/// # }
/// ```
pub fn form(agreement: &Agreement, unit: &Unit) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    // Column widths are measured in the default font's digits: make it one
    // every office suite has (metric-compatible Liberation Serif on Linux).
    workbook.set_default_format(&styles.plain, 20, 64)?;
    workbook.set_properties(&properties(agreement, unit)?);
    let table = workbook.add_worksheet();
    table.set_name(TABLE_SHEET)?;
    // A formula whose value is "" keeps "" (not the 0 written by default,
    // which a viewer that does not recalculate shows as "0.00").
    table.set_formula_result_default("");
    TableWriter {
        sheet: table,
        agreement,
        unit,
        styles: &styles,
    }
    .write()?;
    let guide = workbook.add_worksheet();
    guide.set_name(GUIDE_SHEET)?;
    write_guide(guide, agreement, unit, &styles)?;
    workbook.save_to_buffer()
}

/// A file name (with `.xlsx`) for a unit's form, safe on every system: no
/// path separators or characters Windows forbids, no leading dot, no
/// trailing dot or space, no reserved device name (CON, NUL, COM1, ...).
///
/// ```
/// use thidua::render::forms::file_name;
/// assert_eq!(file_name("CB"), "CB.xlsx");
/// assert_eq!(file_name("../x"), "_.._x.xlsx");
/// assert_eq!(file_name("con"), "_con.xlsx");
/// ```
pub fn file_name(code: &str) -> String {
    let cleaned: String = crate::text::nfc(code.trim())
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(100)
        .collect();
    let mut stem = cleaned.trim_end_matches(['.', ' ']).to_string();
    if stem.starts_with('.') {
        stem.insert(0, '_');
    }
    if stem.is_empty() {
        stem.push('_');
    }
    if is_reserved_name(&stem) {
        stem.insert(0, '_');
    }
    format!("{stem}.xlsx")
}

/// Windows device names, reserved whatever the extension.
fn is_reserved_name(stem: &str) -> bool {
    let base = stem
        .split('.')
        .next()
        .unwrap_or(stem)
        .trim_end()
        .to_ascii_uppercase();
    matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (base.chars().count() == 4
            && (base.starts_with("COM") || base.starts_with("LPT"))
            && base.ends_with(|c: char| ('1'..='9').contains(&c) || "¹²³".contains(c)))
}

fn properties(agreement: &Agreement, unit: &Unit) -> Result<DocProperties, XlsxError> {
    let info = &agreement.info;
    let year = u16::try_from(info.year).unwrap_or(2000);
    Ok(DocProperties::new()
        .set_title(format!(
            "Bảng tự chấm điểm thi đua năm {} - {} ({}) - {}",
            info.year, unit.name, unit.code, info.cluster
        ))
        .set_subject(format!(
            "Bảng tự chấm điểm thi đua năm {} của {}, theo giao ước thi đua {}",
            info.year, unit.name, info.cluster
        ))
        .set_keywords(format!(
            "{}; {}; {}; {}",
            unit.code,
            unit.display_name(),
            info.cluster,
            info.year
        ))
        .set_author(info.cluster.clone())
        .set_company(info.organisation.clone())
        .set_creation_datetime(&ExcelDateTime::from_ymd(year, 1, 1)?))
}

/// The formats of a form, made once.
struct Styles {
    plain: Format,
    bold: Format,
    italic: Format,
    title: Format,
    subtitle: Format,
    legend: Format,
    header: Format,
    code: Format,
    text: Format,
    centered: Format,
    number: Format,
    input_number: Format,
    input_text: Format,
    computed: Format,
    computed_text: Format,
    section: Format,
    section_text: Format,
    section_score: Format,
    total_text: Format,
    total_score: Format,
    guide_title: Format,
    guide_heading: Format,
    guide_text: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new().set_font_name(FONT).set_font_size(11);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let center = |f: Format| f.set_align(FormatAlign::Center);
        let wrap = |f: Format| f.set_text_wrap().set_align(FormatAlign::Left);
        let computed = cell
            .clone()
            .set_background_color(Color::RGB(COMPUTED_FILL))
            .set_num_format("0.00");
        let section = cell
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(SECTION_FILL));
        Styles {
            plain: base.clone(),
            bold: center(base.clone().set_bold()),
            italic: center(base.clone().set_italic()),
            title: center(base.clone().set_bold().set_font_size(14)),
            subtitle: center(base.clone().set_italic()),
            legend: base.clone().set_italic().set_font_size(10),
            header: center(
                cell.clone()
                    .set_bold()
                    .set_text_wrap()
                    .set_background_color(Color::RGB(HEADER_FILL)),
            ),
            code: center(cell.clone()),
            text: wrap(cell.clone()),
            centered: center(cell.clone().set_text_wrap()),
            number: cell.clone(),
            input_number: cell
                .clone()
                .set_unlocked()
                .set_background_color(Color::RGB(INPUT_FILL)),
            input_text: wrap(
                cell.clone()
                    .set_unlocked()
                    .set_background_color(Color::RGB(INPUT_FILL)),
            ),
            computed: computed.clone(),
            computed_text: center(computed.clone()),
            section: section.clone(),
            section_text: wrap(section.clone()),
            section_score: section.clone().set_num_format("0.00"),
            total_text: center(section.clone()),
            total_score: section.set_num_format("0.00"),
            guide_title: center(base.clone().set_bold().set_font_size(13)),
            guide_heading: base.clone().set_bold().set_font_size(12),
            guide_text: base
                .set_font_size(12)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
        }
    }
}

/// A number format showing a decimal with exactly its own decimals.
fn number_format(x: Decimal) -> String {
    match x.normalize().scale() {
        0 => "#,##0".to_string(),
        s => format!("#,##0.{}", "0".repeat(s as usize)),
    }
}

fn to_f64(x: Decimal) -> f64 {
    x.to_f64().unwrap_or_default()
}

/// A number as people read it here: "1.250.000", "7,5".
fn words(x: Decimal) -> String {
    numfmt::plain(x, Lang::Vi)
}

/// Lines a text takes when wrapped in a column `width` characters wide,
/// measured with Times New Roman's letter widths (capitals and bold are
/// wider), as the consolidated workbook measures.
fn wrapped_lines(text: &str, width: f64, bold: bool) -> u32 {
    crate::render::xlsx::lines_needed(text, width, bold)
}

/// Row height (points) fitting the wrapped texts of a row, each with its column.
fn row_height(texts: &[(&str, u16)], line: f64, bold: bool) -> f64 {
    let lines = texts
        .iter()
        .map(|(t, c)| wrapped_lines(t, COLUMNS[*c as usize].1, bold))
        .max()
        .unwrap_or(1);
    line * f64::from(lines) + 3.0
}

/// A1 reference.
fn a1(row: u32, column: u16) -> String {
    row_col_to_cell(row, column)
}

/// Criteria grouped under their section (None: before the first section).
fn groups(agreement: &Agreement) -> Vec<(Option<usize>, Vec<&Criterion>)> {
    let loose: Vec<&Criterion> = agreement
        .criteria
        .iter()
        .filter(|c| c.section.is_none())
        .collect();
    let mut groups = Vec::new();
    if !loose.is_empty() {
        groups.push((None, loose));
    }
    for i in 0..agreement.sections.len() {
        let members = agreement
            .criteria
            .iter()
            .filter(|c| c.section == Some(i))
            .collect();
        groups.push((Some(i), members));
    }
    groups
}

/// `I9:I12,I14:I15`: the cells of `column` in `rows`, as ranges of consecutive rows.
fn ranges(column: u16, rows: &[u32]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
            j += 1;
        }
        parts.push(format!("{}:{}", a1(rows[i], column), a1(rows[j], column)));
        i = j + 1;
    }
    parts.join(",")
}

/// `ROUND(SUM(…),2)` over the rows, or 0 when there are none.
fn sum_formula(column: u16, rows: &[u32]) -> Formula {
    if rows.is_empty() {
        Formula::new("=0").set_result("0")
    } else {
        Formula::new(format!("=ROUND(SUM({}),2)", ranges(column, rows))).set_result("0")
    }
}

/// "vụ" → "mỗi vụ"; "%" → "mỗi 1%"; nothing → "mỗi đơn vị".
fn each(measure: &str) -> String {
    match measure.trim() {
        "%" => "mỗi 1%".to_string(),
        "" => "mỗi đơn vị".to_string(),
        m => format!("mỗi {m}"),
    }
}

/// The method in words, with the criterion's own numbers.
fn method_words(c: &Criterion) -> String {
    let max = words(c.max);
    let rate = words(c.rate.unwrap_or(c.max));
    let each = each(&c.measure);
    match c.method {
        Method::Proportional => format!("Tỷ lệ: {max} × kết quả / chỉ tiêu, tối đa {max} điểm"),
        Method::Threshold => format!("Đạt: đạt chỉ tiêu được {max} điểm, không đạt 0 điểm"),
        Method::Ceiling => {
            format!("Không vượt: không vượt chỉ tiêu được {max} điểm; vượt {each} trừ {rate} điểm, thấp nhất 0")
        }
        Method::Assessed => format!("Thẩm định: đơn vị tự chấm, từ 0 đến {max} điểm"),
        Method::Bonus => format!("Cộng: {each} cộng {rate} điểm, tối đa {max} điểm"),
        Method::Penalty => format!("Trừ: {each} trừ {rate} điểm, tối đa trừ {max} điểm"),
    }
}

/// Writes the `Tự chấm` sheet.
struct TableWriter<'a> {
    sheet: &'a mut Worksheet,
    agreement: &'a Agreement,
    unit: &'a Unit,
    styles: &'a Styles,
}

impl TableWriter<'_> {
    fn write(mut self) -> Result<(), XlsxError> {
        for (i, (_, width)) in COLUMNS.iter().enumerate() {
            self.sheet.set_column_width(i as u16, *width)?;
        }
        self.title()?;
        self.header()?;
        if let Some(tree) = &self.agreement.tree {
            return self.write_tree(tree);
        }
        let mut row = HEADER_ROW + 1;
        let mut criterion_rows = Vec::new();
        let mut assessed_rows = Vec::new();
        for (section, criteria) in groups(self.agreement) {
            let heading = section.map(|_| row);
            if heading.is_some() {
                row += 1;
            }
            let first = row;
            for criterion in criteria {
                self.criterion(row, criterion)?;
                criterion_rows.push(row);
                if criterion.method == Method::Assessed {
                    assessed_rows.push(row);
                }
                row += 1;
            }
            if let (Some(i), Some(heading)) = (section, heading) {
                let rows: Vec<u32> = (first..row).collect();
                self.section(heading, i, &rows)?;
            }
        }
        let total = row;
        self.total(total, &criterion_rows)?;
        self.classification(total + 1, &criterion_rows, &assessed_rows)?;
        self.signature(total + 3)?;
        let first_input = HEADER_ROW + 1 + u32::from(!self.agreement.sections.is_empty());
        self.finish(total, first_input)
    }

    /// The table of a criteria tree (SPEC section 11): a row per node in
    /// the tree's order, each group with live subtotals of its children's
    /// rows, its title indented by its level as its criteria's are.
    fn write_tree(mut self, tree: &Tree) -> Result<(), XlsxError> {
        let first = HEADER_ROW + 1;
        let row_of = |node: usize| first + node as u32;
        let mut criterion_rows = Vec::new();
        let mut assessed_rows = Vec::new();
        for (i, node) in tree.nodes.iter().enumerate() {
            let row = row_of(i);
            match node.criterion.and_then(|k| self.agreement.criteria.get(k)) {
                Some(c) => {
                    let shown = Criterion {
                        content: indented(&c.content, node.level),
                        ..c.clone()
                    };
                    self.criterion(row, &shown)?;
                    criterion_rows.push(row);
                    if c.method == Method::Assessed {
                        assessed_rows.push(row);
                    }
                }
                None => {
                    let children: Vec<u32> = (i + 1..tree.nodes.len())
                        .filter(|&k| tree.nodes[k].parent == Some(i))
                        .map(row_of)
                        .collect();
                    let title = indented(&node.title, node.level);
                    let max = tree.shown_max(i, &self.agreement.criteria);
                    self.heading(row, (&node.code, &title, max), &children)?;
                }
            }
        }
        let total = row_of(tree.nodes.len());
        self.total(total, &criterion_rows)?;
        self.classification(total + 1, &criterion_rows, &assessed_rows)?;
        self.signature(total + 3)?;
        let first_input = criterion_rows.first().copied().unwrap_or(first);
        self.finish(total, first_input)
    }

    fn title(&mut self) -> Result<(), XlsxError> {
        let (s, info, unit) = (self.styles, &self.agreement.info, self.unit);
        let left = col::MAX;
        let sheet = &mut *self.sheet;
        sheet.merge_range(
            0,
            0,
            0,
            left,
            &info.organisation.to_uppercase(),
            &s.plain.clone().set_align(FormatAlign::Center),
        )?;
        sheet.merge_range(1, 0, 1, left, &unit.name.to_uppercase(), &s.bold)?;
        sheet.merge_range(
            0,
            col::TARGET,
            0,
            col::LAST,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            &s.bold,
        )?;
        sheet.merge_range(
            1,
            col::TARGET,
            1,
            col::LAST,
            "Độc lập - Tự do - Hạnh phúc",
            &s.bold,
        )?;
        // The short rules of Decree 30's header, as cell borders (whole
        // columns): under the unit's name, about half its width; under the
        // motto, its width.
        let rule = s.plain.clone().set_border_top(FormatBorder::Thin);
        sheet.write_blank(2, col::CONTENT, &rule)?;
        for column in col::RESULT..=col::SCORE {
            sheet.write_blank(2, column, &rule)?;
        }
        sheet.set_row_height(2, 6)?;
        let title = format!("BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM {}", info.year);
        sheet.merge_range(3, 0, 3, col::LAST, &title, &s.title)?;
        sheet.set_row_height(3, 21)?;
        let basis = format!(
            "(Theo giao ước thi đua của {}, {})",
            info.cluster, info.organisation
        );
        sheet.merge_range(4, 0, 4, col::LAST, &basis, &s.subtitle)?;
        let named = format!("Đơn vị: {}", unit.name);
        sheet.merge_range(5, 0, 5, col::LAST, &named, &s.bold)?;
        let legend =
            "Ô nền vàng: đơn vị điền. Ô nền xanh: điểm tự tính theo giao ước. Các ô khác đã khóa. \
                      Xem trang \"Hướng dẫn\".";
        sheet.write_string_with_format(6, 0, legend, &s.legend)?;
        Ok(())
    }

    fn header(&mut self) -> Result<(), XlsxError> {
        for (i, (name, _)) in COLUMNS.iter().enumerate() {
            self.sheet.write_string_with_format(
                HEADER_ROW,
                i as u16,
                *name,
                &self.styles.header,
            )?;
        }
        self.sheet.set_row_height(HEADER_ROW, 31.5)?;
        Ok(())
    }

    /// A criterion row: prefilled cells, inputs and the live score.
    fn criterion(&mut self, row: u32, c: &Criterion) -> Result<(), XlsxError> {
        let s = self.styles;
        let target = c.target_for(&self.unit.code);
        let sheet = &mut *self.sheet;
        sheet.write_string_with_format(row, col::CODE, &c.code, &s.code)?;
        sheet.write_string_with_format(row, col::CONTENT, &c.content, &s.text)?;
        sheet.write_string_with_format(row, col::MEASURE, &c.measure, &s.centered)?;
        let max_format = s.code.clone().set_num_format(number_format(c.max));
        sheet.write_number_with_format(row, col::MAX, to_f64(c.max), &max_format)?;
        let method = method_words(c);
        sheet.write_string_with_format(row, col::METHOD, &method, &s.text)?;
        let height = row_height(
            &[
                (&c.content, col::CONTENT),
                (&method, col::METHOD),
                (&c.measure, col::MEASURE),
            ],
            LINE,
            false,
        );
        sheet.set_row_height(row, height)?;
        match target {
            Some(t) => {
                let f = s.number.clone().set_num_format(number_format(t));
                sheet.write_number_with_format(row, col::TARGET, to_f64(t), &f)?
            }
            None => sheet.write_blank(row, col::TARGET, &s.number)?,
        };
        let (result, self_score, score) = (
            a1(row, col::RESULT),
            a1(row, col::SELF_SCORE),
            a1(row, col::SCORE),
        );
        let cells = formula::Cells {
            result: &result,
            self_score: &self_score,
        };
        let blank = score::criterion_score(
            c,
            Inputs {
                target,
                result: None,
                self_score: None,
            },
        );
        let live = Formula::new(format!("={}", formula::score(c, target, cells)))
            .set_result(formula::literal(blank));
        sheet.write_formula_with_format(row, col::SCORE, live, &s.computed)?;
        if c.method == Method::Assessed {
            sheet.write_blank(row, col::RESULT, &s.input_text)?;
            sheet.write_blank(row, col::SELF_SCORE, &s.input_number)?;
        } else {
            sheet.write_blank(row, col::RESULT, &s.input_number)?;
            let echo = Formula::new(format!("=IF(ISNUMBER({result}),{score},\"\")")).set_result("");
            sheet.write_formula_with_format(row, col::SELF_SCORE, echo, &s.computed)?;
        }
        sheet.write_blank(row, col::NOTE, &s.input_text)?;
        self.validations(row, c)
    }

    /// Data validation with a Vietnamese input message on each input of a row.
    fn validations(&mut self, row: u32, c: &Criterion) -> Result<(), XlsxError> {
        let max = words(c.max);
        let result = if c.method == Method::Assessed {
            DataValidation::new()
                .allow_any_value()
                .set_input_title("Kết quả (không bắt buộc)")?
                .set_input_message(
                    "Ghi tóm tắt kết quả nếu cần. Điểm của tiêu chí này là điểm đơn vị tự chấm ở cột Tự chấm.",
                )?
        } else if c.is_percent() {
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
                .set_input_title("Kết quả (%)")?
                .set_input_message(
                    "Nhập tỷ lệ phần trăm bằng số từ 0 đến 100: ví dụ 95 nghĩa là 95%. \
                     Không gõ dấu %, không nhập dạng 0,95.",
                )?
                .set_error_title("Kết quả không hợp lệ")?
                .set_error_message("Kết quả là tỷ lệ %: nhập số từ 0 đến 100, ví dụ 95.")?
        } else {
            let measure: String = c.measure.trim().chars().take(60).collect();
            let unit = if measure.is_empty() {
                String::new()
            } else {
                format!(" (đơn vị tính: {measure})")
            };
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                .set_input_title("Kết quả thực hiện")?
                .set_input_message(format!(
                    "Nhập kết quả cả năm bằng số, từ 0 trở lên{unit}. Không ghi chữ hay đơn vị tính trong ô; \
                     không có thì ghi 0."
                ))?
                .set_error_title("Kết quả không hợp lệ")?
                .set_error_message("Kết quả phải là số từ 0 trở lên.")?
        };
        self.sheet
            .add_data_validation(row, col::RESULT, row, col::RESULT, &result)?;
        if c.method == Method::Assessed {
            let self_score = DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, to_f64(c.max)))
                .set_input_title("Điểm tự chấm")?
                .set_input_message(format!(
                    "Nhập điểm đơn vị tự chấm, từ 0 đến {max} điểm (điểm chuẩn)."
                ))?
                .set_error_title("Điểm không hợp lệ")?
                .set_error_message(format!("Điểm tự chấm phải là số từ 0 đến {max}."))?;
            self.sheet.add_data_validation(
                row,
                col::SELF_SCORE,
                row,
                col::SELF_SCORE,
                &self_score,
            )?;
        }
        let note = DataValidation::new()
            .allow_any_value()
            .set_input_title("Ghi chú")?
            .set_input_message("Giải trình, minh chứng (không bắt buộc).")?;
        self.sheet
            .add_data_validation(row, col::NOTE, row, col::NOTE, &note)?;
        Ok(())
    }

    /// A section heading row (I, II, …) with its subtotals.
    fn section(&mut self, row: u32, index: usize, rows: &[u32]) -> Result<(), XlsxError> {
        let section = &self.agreement.sections[index];
        let members = self
            .agreement
            .criteria
            .iter()
            .filter(|c| c.section == Some(index));
        let in_base: Vec<&Criterion> = members.filter(|c| c.method.in_base()).collect();
        let max = section
            .max
            .or_else(|| (!in_base.is_empty()).then(|| in_base.iter().map(|c| c.max).sum()));
        self.heading(row, (&section.code, &section.title, max), rows)
    }

    /// A heading row (a section, or a group of a criteria tree): code,
    /// title and maximum, and the subtotals of `rows`.
    fn heading(
        &mut self,
        row: u32,
        (code, title, max): (&str, &str, Option<Decimal>),
        rows: &[u32],
    ) -> Result<(), XlsxError> {
        let s = self.styles;
        let sheet = &mut *self.sheet;
        for column in 0..=col::LAST {
            sheet.write_blank(row, column, &s.section)?;
        }
        sheet.write_string_with_format(row, col::CODE, code, &s.total_text)?;
        sheet.write_string_with_format(row, col::CONTENT, title, &s.section_text)?;
        sheet.set_row_height(row, row_height(&[(title, col::CONTENT)], LINE, true))?;
        if let Some(max) = max {
            let f = s.total_text.clone().set_num_format(number_format(max));
            sheet.write_number_with_format(row, col::MAX, to_f64(max), &f)?;
        }
        sheet.write_formula_with_format(
            row,
            col::SELF_SCORE,
            sum_formula(col::SELF_SCORE, rows),
            &s.section_score,
        )?;
        sheet.write_formula_with_format(
            row,
            col::SCORE,
            sum_formula(col::SCORE, rows),
            &s.section_score,
        )?;
        Ok(())
    }

    /// The `Tổng cộng` row: base maximum, self-score total and total.
    fn total(&mut self, row: u32, rows: &[u32]) -> Result<(), XlsxError> {
        let s = self.styles;
        let base = self.agreement.base_max();
        let sheet = &mut *self.sheet;
        for column in 0..=col::LAST {
            sheet.write_blank(row, column, &s.section)?;
        }
        sheet.write_string_with_format(row, col::CONTENT, "Tổng cộng", &s.total_text)?;
        let f = s.total_text.clone().set_num_format(number_format(base));
        sheet.write_number_with_format(row, col::MAX, to_f64(base), &f)?;
        sheet.write_formula_with_format(
            row,
            col::SELF_SCORE,
            sum_formula(col::SELF_SCORE, rows),
            &s.total_score,
        )?;
        sheet.write_formula_with_format(
            row,
            col::SCORE,
            sum_formula(col::SCORE, rows),
            &s.total_score,
        )?;
        Ok(())
    }

    /// The provisional classification (Xếp loại dự kiến) from the live total.
    /// Shows nothing until a result or a self-score is entered.
    fn classification(
        &mut self,
        row: u32,
        criteria: &[u32],
        assessed: &[u32],
    ) -> Result<(), XlsxError> {
        let s = self.styles;
        let base = self.agreement.base_max();
        let label = format!(
            "Xếp loại dự kiến (tổng điểm so với tổng điểm chuẩn {} điểm)",
            words(base)
        );
        self.sheet.write_string_with_format(
            row,
            col::CONTENT,
            &label,
            &s.plain.clone().set_italic(),
        )?;
        let rules = self.agreement.classes();
        let blank = classes::classify_total(Decimal::ZERO, base, &[], &rules)
            .map_or("", |c| self.agreement.class_label(c));
        let mut entered = Vec::new();
        if !criteria.is_empty() {
            entered.push(ranges(col::RESULT, criteria));
        }
        if !assessed.is_empty() {
            entered.push(ranges(col::SELF_SCORE, assessed));
        }
        let entered = if entered.is_empty() {
            "0".to_string()
        } else {
            format!("COUNT({})", entered.join(","))
        };
        let text = if base > Decimal::ZERO {
            // Same test as classes::classify: total × 100 ≥ threshold × base
            // maximum (or minimum points × 100), in hundredths. A class's
            // floor for each criterion is not in the formula: the
            // classification here is provisional.
            let total = format!("ROUND({}*100,0)", a1(row - 1, col::SCORE));
            let at = |m: Minimum| match m {
                Minimum::Percent(x) => formula::literal(x * base),
                Minimum::Points(x) => formula::literal(x * Decimal::ONE_HUNDRED),
            };
            let quoted = |label: &str| format!("\"{}\"", label.replace('"', "\"\""));
            let mut chain = String::new();
            let mut open = 0;
            let mut last = quoted("");
            for rule in rules.iter() {
                match rule.minimum {
                    Some(m) => {
                        chain.push_str(&format!("IF({total}>={},{},", at(m), quoted(&rule.label)));
                        open += 1;
                    }
                    None if rule.floor.is_none() => {
                        last = quoted(&rule.label);
                        break;
                    }
                    None => {}
                }
            }
            format!("=IF({entered}=0,\"\",{chain}{last}{})", ")".repeat(open))
        } else {
            format!("=IF({entered}=0,\"\",\"{blank}\")")
        };
        self.sheet
            .merge_range(row, col::SCORE, row, col::NOTE, "", &s.computed_text)?;
        // A new form has nothing entered: it shows no classification yet.
        let f = Formula::new(text).set_result("");
        self.sheet.write_formula_with_format(
            row,
            col::SCORE,
            f,
            &s.computed_text.clone().set_bold(),
        )?;
        Ok(())
    }

    /// The unit leader's signature block, right-aligned under the table.
    fn signature(&mut self, row: u32) -> Result<(), XlsxError> {
        let s = self.styles;
        // Forms are signed in the January after the year they report.
        let (unit, year) = (self.unit, self.agreement.info.year + 1);
        let place = if unit.short_name.trim().is_empty() {
            "………"
        } else {
            unit.short_name.trim()
        };
        let title = unit
            .signer_title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map_or_else(
                || "THỦ TRƯỞNG ĐƠN VỊ".to_string(),
                |t| t.trim().to_uppercase(),
            );
        let lines: [(u32, String, &Format); 4] = [
            (
                0,
                format!("{place}, ngày …… tháng …… năm {year}"),
                &s.italic,
            ),
            (1, title, &s.bold),
            (2, "(Ký tên, đóng dấu)".to_string(), &s.italic),
            (6, unit.signer.clone().unwrap_or_default(), &s.bold),
        ];
        for (offset, text, format) in lines {
            self.sheet.merge_range(
                row + offset,
                col::TARGET,
                row + offset,
                col::LAST,
                &text,
                format,
            )?;
        }
        Ok(())
    }

    /// Protection, freeze panes and print set-up.
    fn finish(&mut self, total_row: u32, first_input: u32) -> Result<(), XlsxError> {
        let sheet = &mut *self.sheet;
        let options = ProtectionOptions {
            format_columns: true,
            format_rows: true,
            ..ProtectionOptions::new()
        };
        sheet.protect_with_options(&options);
        sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
        if first_input < total_row {
            sheet.set_selection(first_input, col::RESULT, first_input, col::RESULT)?;
        }
        sheet.set_paper_size(9);
        sheet.set_landscape();
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
        sheet.set_print_center_horizontally(true);
        sheet.set_margins(0.6, 0.4, 0.6, 0.6, 0.3, 0.3);
        sheet.set_footer("&C&\"Times New Roman\"&10Trang &P/&N");
        Ok(())
    }
}

/// Writes the `Hướng dẫn` sheet: what to fill, how it is checked, where and when to send it.
fn write_guide(
    sheet: &mut Worksheet,
    agreement: &Agreement,
    unit: &Unit,
    styles: &Styles,
) -> Result<(), XlsxError> {
    const WIDTH: f64 = 88.0;
    sheet.set_column_width(0, WIDTH)?;
    let title = format!(
        "HƯỚNG DẪN ĐIỀN BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM {}",
        agreement.info.year
    );
    sheet.write_string_with_format(0, 0, &title, &styles.guide_title)?;
    sheet.write_string_with_format(1, 0, &unit.name, &styles.italic)?;
    let mut row = 3;
    for (heading, paragraphs) in guide_text(agreement, unit) {
        sheet.write_string_with_format(row, 0, &heading, &styles.guide_heading)?;
        row += 1;
        for paragraph in paragraphs {
            sheet.write_string_with_format(row, 0, &paragraph, &styles.guide_text)?;
            let lines = wrapped_lines(&paragraph, WIDTH, false);
            sheet.set_row_height(row, 15.5 * f64::from(lines) + 2.0)?;
            row += 1;
        }
        row += 1;
    }
    sheet.set_paper_size(9);
    sheet.set_portrait();
    sheet.set_margins(0.8, 0.5, 0.7, 0.7, 0.3, 0.3);
    sheet.set_footer("&C&\"Times New Roman\"&10Trang &P/&N");
    Ok(())
}

/// The instructions, as (heading, paragraphs).
fn guide_text(agreement: &Agreement, unit: &Unit) -> Vec<(String, Vec<String>)> {
    let info = &agreement.info;
    let year = info.year;
    let cluster = &info.cluster;
    let t = &info.thresholds;
    let head = agreement
        .unit(&info.head)
        .map_or(info.head.as_str(), |u| u.name.as_str());
    let when = match (&info.conference_date, &info.place) {
        (Some(d), Some(p)) => format!(
            " (dự kiến ngày {:02}/{:02}/{} tại {p})",
            d.day, d.month, d.year
        ),
        (Some(d), None) => format!(" (dự kiến ngày {:02}/{:02}/{})", d.day, d.month, d.year),
        (None, Some(p)) => format!(" (tại {p})"),
        (None, None) => String::new(),
    };
    vec![
        (
            "1. Bảng này là gì".into(),
            vec![format!(
                "Bảng do Ban thư ký {cluster} lập sẵn cho {} từ giao ước thi đua năm {year} đã ký. Mã, nội dung, \
                 đơn vị tính, điểm chuẩn, cách chấm và chỉ tiêu riêng của đơn vị đã ghi sẵn và đã khóa. Đơn vị chỉ \
                 điền các ô nền vàng ở trang \"{TABLE_SHEET}\".",
                unit.name
            )],
        ),
        (
            "2. Điền những gì".into(),
            vec![
                "- Cột \"Kết quả\": kết quả thực hiện cả năm của từng tiêu chí, ghi bằng số, không ghi chữ và không \
                 ghi đơn vị tính. Tiêu chí có đơn vị tính là %: ghi số phần trăm từ 0 đến 100, ví dụ ghi 95 nghĩa là \
                 95%, không gõ dấu %. Tiêu chí cộng điểm, trừ điểm: ghi số lần (số vụ, số đơn vị, …) trong năm, \
                 không có thì ghi 0."
                    .into(),
                "- Cột \"Tự chấm\" của các tiêu chí chấm theo cách Thẩm định: điểm đơn vị tự chấm, từ 0 đến điểm \
                 chuẩn. Ô \"Kết quả\" của các tiêu chí này dùng để ghi tóm tắt (không bắt buộc)."
                    .into(),
                "- Cột \"Ghi chú\": giải trình, minh chứng khi cần.".into(),
                "- Không sửa các ô đã khóa; không thêm, xóa hay đổi thứ tự dòng, cột; không đổi tên trang tính. \
                 Trang tính khóa không đặt mật khẩu, chỉ để tránh sửa nhầm."
                    .into(),
            ],
        ),
        (
            "3. Điểm được tính thế nào".into(),
            vec![
                "- Cột \"Điểm tính\" tự tính điểm từng tiêu chí theo cách chấm của giao ước, với chỉ tiêu đã ký của \
                 đơn vị, làm tròn đến 2 chữ số thập phân. Dòng mục (I, II, …) cộng điểm các tiêu chí của mục; dòng \
                 \"Tổng cộng\" là tổng điểm, điểm cộng được cộng thêm, điểm trừ được trừ đi. Cột \"Tự chấm\" của \
                 các tiêu chí không chấm theo cách Thẩm định lấy theo điểm tính."
                    .into(),
                "- Tỷ lệ: điểm chuẩn × kết quả / chỉ tiêu, tối đa bằng điểm chuẩn. Đạt: đủ điểm khi kết quả từ chỉ \
                 tiêu trở lên, dưới chỉ tiêu 0 điểm. Không vượt: đủ điểm khi kết quả không vượt chỉ tiêu, vượt thì \
                 trừ theo mức ghi ở cột Cách chấm, thấp nhất 0 điểm. Thẩm định: điểm đơn vị tự chấm, do Cụm thẩm \
                 định. Cộng, Trừ: số lần × mức, tối đa bằng điểm chuẩn của tiêu chí, không tính vào tổng điểm chuẩn."
                    .into(),
                if agreement.has_own_classes() {
                    format!(
                        "- Xếp loại dự kiến: {}",
                        crate::documents::handout::classes_legend(agreement)
                    )
                } else {
                    format!(
                        "- Xếp loại dự kiến theo tổng điểm so với tổng điểm chuẩn ({} điểm): Xuất sắc từ {}%, Tốt từ \
                         {}%, Khá từ {}%, dưới mức đó là Chưa đạt.",
                        words(agreement.base_max()),
                        words(t.excellent),
                        words(t.good),
                        words(t.fair)
                    )
                },
            ],
        ),
        (
            "4. Bảng được kiểm tra thế nào".into(),
            vec![format!(
                "Ban thư ký đọc bảng bằng chương trình và kiểm tra: đúng đơn vị, đúng năm {year}; đủ các tiêu chí \
                 của giao ước; ô kết quả có số (để trống hoặc không phải số thì tiêu chí được 0 điểm); kết quả \
                 không âm, tỷ lệ không quá 100%. Chỉ tiêu và điểm chuẩn luôn lấy theo giao ước đã ký, không theo số \
                 ghi trong bảng; điểm tự chấm khác điểm tính theo giao ước thì dùng điểm tính theo giao ước. Kết \
                 quả chính thức do hội nghị tổng kết của Cụm xét."
            )],
        ),
        (
            "5. Gửi bảng ở đâu, khi nào".into(),
            vec![
                format!(
                    "- Gửi tệp này (giữ định dạng .xlsx, có thể đổi tên tệp) cùng bản in có chữ ký của thủ trưởng \
                     đơn vị và đóng dấu về Ban thư ký {cluster}, đơn vị Cụm trưởng: {head}."
                ),
                format!("- Thời hạn: trước hội nghị tổng kết năm {year}{when}, theo thông báo của Cụm trưởng."),
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_everywhere() {
        assert_eq!(file_name("CB"), "CB.xlsx");
        assert_eq!(file_name("../../etc/passwd"), "_.._.._etc_passwd.xlsx");
        assert_eq!(file_name("/abs"), "_abs.xlsx");
        assert_eq!(file_name("C:\\x"), "C__x.xlsx");
        assert_eq!(file_name(".."), "_.xlsx");
        assert_eq!(file_name(".hidden"), "_.hidden.xlsx");
        assert_eq!(file_name("NUL"), "_NUL.xlsx");
        assert_eq!(file_name("com1"), "_com1.xlsx");
        assert_eq!(file_name("LPT9.txt"), "_LPT9.txt.xlsx");
        assert_eq!(file_name("CON .x"), "_CON .x.xlsx");
        assert_eq!(file_name("COM0"), "COM0.xlsx");
        assert_eq!(file_name("a?b*c"), "a_b_c.xlsx");
        assert_eq!(file_name("x. "), "x.xlsx");
        assert_eq!(file_name(""), "_.xlsx");
        assert_eq!(file_name("HàGiang"), "HàGiang.xlsx");
    }

    #[test]
    fn ranges_join_consecutive_rows() {
        assert_eq!(
            ranges(col::SCORE, &[8, 9, 10, 12, 14, 15]),
            "I9:I11,I13:I13,I15:I16"
        );
        assert_eq!(ranges(col::SCORE, &[]), "");
    }

    #[test]
    fn number_formats_show_the_decimals_written() {
        assert_eq!(number_format(Decimal::new(1250000, 0)), "#,##0");
        assert_eq!(number_format(Decimal::new(75, 1)), "#,##0.0");
        assert_eq!(number_format(Decimal::new(9500, 2)), "#,##0");
    }
}
