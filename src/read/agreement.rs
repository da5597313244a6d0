//! Reads the signed agreement (giao-uoc.xlsx, SPEC section 3): sheet
//! `Thông tin` (keys with defaults), `Đơn vị` (units in rotation order) and
//! `Giao ước` (sections, criteria, methods, targets, per-unit targets).
//! Every problem is located by sheet and cell; any problem stops the run.

use crate::model::diagnostic::{Diagnostic, Kind, Reason};
use crate::model::{
    Agreement, AgreementInfo, Criterion, Date, Method, Section, Thresholds, Tree, Unit,
};
use crate::read::cells::{self, CellNumber};
use crate::read::workbook::{cell_ref, Cell, Sheet, Workbook};
use crate::text::{fold, fold_unit_name, is_roman_numeral, normalize_code};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

pub(crate) mod rules;
mod tree;

const INFO_SHEET: &str = "Thông tin";
const UNITS_SHEET: &str = "Đơn vị";
const CRITERIA_SHEET: &str = "Giao ước";

/// Reads and validates the agreement. `file` is its path as shown to users.
pub fn parse(workbook: &Workbook, file: &str) -> Result<Agreement, Vec<Diagnostic>> {
    let mut problems = Problems {
        file,
        list: Vec::new(),
    };
    let info_sheet = problems.sheet(workbook, INFO_SHEET);
    let units_sheet = problems.sheet(workbook, UNITS_SHEET);
    let criteria_sheet = problems.sheet(workbook, CRITERIA_SHEET);
    let (Some(info_sheet), Some(units_sheet), Some(criteria_sheet)) =
        (info_sheet, units_sheet, criteria_sheet)
    else {
        return Err(problems.list);
    };
    let units = read_units(units_sheet, &mut problems);
    let info = read_info(info_sheet, &units, &mut problems);
    let (sections, criteria, tree) = read_criteria(criteria_sheet, &units, &mut problems);
    let (class_rules, title_rules) = read_rules(workbook, &criteria, &mut problems);
    match info {
        Some(info) if problems.list.is_empty() => Ok(Agreement {
            info,
            units,
            sections,
            criteria,
            class_rules,
            title_rules,
            tree,
        }),
        _ => Err(problems.list),
    }
}

/// The optional sheets `Xếp loại` and `Khen thưởng` (SPEC section 11).
#[allow(clippy::type_complexity)]
fn read_rules(
    workbook: &Workbook,
    criteria: &[Criterion],
    problems: &mut Problems,
) -> (
    Option<Vec<crate::model::classes::ClassRule>>,
    Option<Vec<crate::model::classes::TitleRule>>,
) {
    use crate::model::classes::{ClassRule, DEFAULT_CLASS_LABELS};
    let class_rows = rules::read_classes(workbook, problems);
    if let Some(rows) = &class_rows {
        let base_max = criteria
            .iter()
            .filter(|c| c.method.in_base())
            .fold(Decimal::ZERO, |sum, c| sum.saturating_add(c.max));
        rules::check_class_order(workbook, rows, base_max, problems);
    }
    let class_rules: Option<Vec<ClassRule>> =
        class_rows.map(|rows| rows.into_iter().map(|r| r.rule).collect());
    let labels: Vec<ClassRule> = match &class_rules {
        Some(rules) => rules.clone(),
        None => DEFAULT_CLASS_LABELS
            .iter()
            .map(|l| ClassRule {
                label: (*l).to_string(),
                minimum: None,
                floor: None,
            })
            .collect(),
    };
    let title_rules = rules::read_titles(workbook, &labels, problems);
    (class_rules, title_rules)
}

/// Collects located problems.
pub(crate) struct Problems<'a> {
    pub(crate) file: &'a str,
    pub(crate) list: Vec<Diagnostic>,
}

impl Problems<'_> {
    pub(crate) fn push(&mut self, sheet: &Sheet, row: u32, col: u32, diagnostic: Diagnostic) {
        self.list.push(
            diagnostic
                .file(self.file)
                .sheet(sheet.name.clone())
                .cell(cell_ref(row, col)),
        );
    }

    pub(crate) fn sheet<'w>(&mut self, workbook: &'w Workbook, name: &str) -> Option<&'w Sheet> {
        let found = find_sheet(workbook, name);
        if found.is_none() {
            self.list.push(
                Diagnostic::new(Kind::MissingSheet)
                    .file(self.file)
                    .expected(name),
            );
        }
        found
    }
}

/// The sheet whose name matches `name` (ignoring case, diacritics, spaces).
pub fn find_sheet<'w>(workbook: &'w Workbook, name: &str) -> Option<&'w Sheet> {
    let key = fold(name);
    workbook.sheets.iter().find(|s| fold(&s.name) == key)
}

/// Keys of `Thông tin`, folded.
mod key {
    pub const ORGANISATION: &str = "to chuc";
    pub const CLUSTER: &str = "cum thi dua";
    pub const YEAR: &str = "nam";
    pub const HEAD: &str = "cum truong";
    pub const DEPUTY: &str = "cum pho";
    pub const NEXT_HEAD: &str = "cum truong nam sau";
    pub const NEXT_DEPUTY: &str = "cum pho nam sau";
    pub const PLACE: &str = "dia diem";
    pub const DATE: &str = "ngay hoi nghi";
    pub const EXCELLENT: &str = "xuat sac";
    pub const GOOD: &str = "tot";
    pub const FAIR: &str = "kha";
    pub const FLAGS: &str = "so co thi dua";
    pub const CERTIFICATES: &str = "so bang khen";
}

/// The key-value pairs of `Thông tin`: folded key -> value cell (row, col).
pub(crate) fn info_pairs(sheet: &Sheet) -> HashMap<String, &Cell> {
    let mut pairs = HashMap::new();
    for cell in sheet.cells().iter().filter(|c| c.col == 0) {
        let key = fold(&cells::text(Some(cell)));
        if let Some(value) = sheet.get(cell.row, 1) {
            if !cells::text(Some(value)).is_empty() {
                pairs.entry(key).or_insert(value);
            }
        }
    }
    pairs
}

fn read_info(sheet: &Sheet, units: &[Unit], problems: &mut Problems) -> Option<AgreementInfo> {
    let pairs = info_pairs(sheet);
    let text_of = |k: &str| pairs.get(k).map(|c| cells::text(Some(c)));
    let required = |k: &str, label: &str, problems: &mut Problems| -> Option<String> {
        let v = text_of(k);
        if v.is_none() {
            problems.list.push(
                Diagnostic::new(Kind::MissingKey)
                    .file(problems.file)
                    .sheet(sheet.name.clone())
                    .expected(label),
            );
        }
        v
    };
    let organisation = required(key::ORGANISATION, "Tổ chức", problems);
    let cluster = required(key::CLUSTER, "Cụm thi đua", problems);
    let year_text = required(key::YEAR, "Năm", problems);
    let head_text = required(key::HEAD, "Cụm trưởng", problems);

    let year = year_text.and_then(|_| {
        let cell = pairs[key::YEAR];
        let year = whole_number(cell).filter(|y| (1900..=2200).contains(y));
        if year.is_none() {
            problems.push(sheet, cell.row, cell.col, bad_value(cell, Reason::NotAYear));
        }
        year.map(|y| y as i32)
    });
    let unit_key = |k: &str, problems: &mut Problems| -> Option<Option<String>> {
        let Some(cell) = pairs.get(k) else {
            return Some(None);
        };
        if units.is_empty() {
            // No unit to name: the Đơn vị sheet's own problem says so.
            return None;
        }
        match unit_code(units, &cells::text(Some(cell))) {
            Some(code) => Some(Some(code)),
            None => {
                problems.push(
                    sheet,
                    cell.row,
                    cell.col,
                    bad_value(cell, Reason::NotAUnitCode),
                );
                None
            }
        }
    };
    let head = head_text
        .and_then(|_| unit_key(key::HEAD, problems))
        .flatten();
    let deputy = unit_key(key::DEPUTY, problems);
    let next_head = unit_key(key::NEXT_HEAD, problems);
    let next_deputy = unit_key(key::NEXT_DEPUTY, problems);

    let percent = |k: &str, default: u32, problems: &mut Problems| -> Decimal {
        match pairs.get(k) {
            None => Decimal::from(default),
            Some(cell) => match cells::number(Some(cell)) {
                CellNumber::Number(n) => {
                    // Within the limit first: a percent-formatted cell is multiplied by 100.
                    let value = Some(n)
                        .filter(|n| within_limit(n.value))
                        .map(|n| cells::as_percent(n, Some(Decimal::from(100))).0);
                    if let Some(value) =
                        value.filter(|v| (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(v))
                    {
                        value
                    } else {
                        problems.push(
                            sheet,
                            cell.row,
                            cell.col,
                            bad_value(cell, Reason::APercentage),
                        );
                        Decimal::from(default)
                    }
                }
                _ => {
                    problems.push(
                        sheet,
                        cell.row,
                        cell.col,
                        bad_value(cell, Reason::NotANumber),
                    );
                    Decimal::from(default)
                }
            },
        }
    };
    let thresholds = Thresholds {
        excellent: percent(key::EXCELLENT, 90, problems),
        good: percent(key::GOOD, 80, problems),
        fair: percent(key::FAIR, 65, problems),
    };
    let count = |k: &str, problems: &mut Problems| -> u32 {
        match pairs.get(k) {
            None => 1,
            Some(cell) => match whole_number(cell).and_then(|n| u32::try_from(n).ok()) {
                Some(n) => n,
                None => {
                    problems.push(
                        sheet,
                        cell.row,
                        cell.col,
                        bad_value(cell, Reason::NotAWholeNumber),
                    );
                    1
                }
            },
        }
    };
    let flags = count(key::FLAGS, problems);
    let certificates = count(key::CERTIFICATES, problems);
    let conference_date = pairs.get(key::DATE).and_then(|c| date(c));

    let head = head?;
    let next_head = next_head?.unwrap_or_else(|| unit_after(units, &head));
    let next_deputy = next_deputy?.unwrap_or_else(|| unit_after(units, &next_head));
    Some(AgreementInfo {
        organisation: organisation?,
        cluster: cluster?,
        year: year?,
        head,
        deputy: deputy?,
        next_head,
        next_deputy,
        place: text_of(key::PLACE),
        conference_date,
        thresholds,
        flags,
        certificates,
    })
}

pub(crate) fn bad_value(cell: &Cell, reason: Reason) -> Diagnostic {
    Diagnostic::new(Kind::BadValue)
        .found(cells::text(Some(cell)))
        .reason(reason)
}

/// A cell holding a whole number (numeric or text).
pub(crate) fn whole_number(cell: &Cell) -> Option<i64> {
    match cells::number(Some(cell)) {
        CellNumber::Number(n) if n.value.fract().is_zero() => i64::try_from(n.value).ok(),
        _ => None,
    }
}

/// The unit code a cell names: a code, else a name matching exactly one unit.
pub(crate) fn unit_code(units: &[Unit], text: &str) -> Option<String> {
    let folded = fold(text);
    if let Some(u) = units.iter().find(|u| fold(&u.code) == folded) {
        return Some(u.code.clone());
    }
    let name = fold_unit_name(text);
    let mut matches = units
        .iter()
        .filter(|u| u.names().any(|n| fold_unit_name(n) == name));
    match (matches.next(), matches.next()) {
        (Some(u), None) if !name.is_empty() => Some(u.code.clone()),
        _ => None,
    }
}

/// The unit after `code` in rotation order, wrapping.
fn unit_after(units: &[Unit], code: &str) -> String {
    let i = units.iter().position(|u| u.code == code).unwrap_or(0);
    units
        .get((i + 1) % units.len().max(1))
        .map(|u| u.code.clone())
        .unwrap_or_default()
}

/// A conference date from a date cell (Excel serial) or text (dd/mm/yyyy, "ngày 5 tháng 1 năm 2017").
pub(crate) fn date(cell: &Cell) -> Option<Date> {
    use crate::read::workbook::Value;
    match &cell.value {
        Value::DateTime(serial) | Value::Number(serial) => date_from_serial(*serial),
        Value::Text(s) => date_from_text(s),
        _ => None,
    }
}

/// Civil date from an Excel serial day number (1900 system).
pub fn date_from_serial(serial: f64) -> Option<Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Days since 1970-01-01; Excel's day 25569 is 1970-01-01.
    let days = serial.floor() as i64 - 25569;
    let (y, m, d) = civil_from_days(days);
    Some(Date {
        year: y as i32,
        month: m,
        day: d,
    })
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn date_from_text(s: &str) -> Option<Date> {
    let numbers: Vec<i64> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    let [day, month, year] = numbers[..] else {
        return None;
    };
    let date = Date {
        year: year as i32,
        month: month as u32,
        day: day as u32,
    };
    ((1..=12).contains(&date.month) && (1..=31).contains(&date.day) && year >= 1900).then_some(date)
}

/// Columns of a header row, by folded header text -> column.
pub(crate) struct Header {
    pub(crate) row: u32,
    columns: Vec<(u32, String, String)>,
}

impl Header {
    /// The first row holding a cell whose folded text is `key` (`Mã` is
    /// "ma"); also the header of the classes and titles sheets.
    pub(crate) fn find(sheet: &Sheet, key: &str) -> Option<Header> {
        let first = sheet
            .cells()
            .iter()
            .find(|c| fold(&cells::text(Some(c))) == key)?;
        let columns = sheet
            .row(first.row)
            .iter()
            .map(|c| {
                let text = cells::text(Some(c));
                (c.col, fold(&text), text)
            })
            .filter(|(_, folded, _)| !folded.is_empty())
            .collect();
        Some(Header {
            row: first.row,
            columns,
        })
    }

    pub(crate) fn column(&self, folded: &[&str]) -> Option<u32> {
        self.columns
            .iter()
            .find(|(_, f, _)| folded.contains(&f.as_str()))
            .map(|(c, _, _)| *c)
    }

    pub(crate) fn require(
        &self,
        sheet: &Sheet,
        label: &str,
        folded: &[&str],
        problems: &mut Problems,
    ) -> Option<u32> {
        let col = self.column(folded);
        if col.is_none() {
            problems.list.push(
                Diagnostic::new(Kind::MissingColumn)
                    .file(problems.file)
                    .sheet(sheet.name.clone())
                    .cell(cell_ref(self.row, 0))
                    .expected(label),
            );
        }
        col
    }

    fn missing(sheet: &Sheet, problems: &mut Problems) {
        problems.list.push(
            Diagnostic::new(Kind::MissingColumn)
                .file(problems.file)
                .sheet(sheet.name.clone())
                .expected("Mã"),
        );
    }
}

fn read_units(sheet: &Sheet, problems: &mut Problems) -> Vec<Unit> {
    let Some(header) = Header::find(sheet, "ma") else {
        Header::missing(sheet, problems);
        return Vec::new();
    };
    let code_col = header.column(&["ma"]);
    let name_col = header.require(sheet, "Tên đơn vị", &["ten don vi", "ten"], problems);
    let (Some(code_col), Some(name_col)) = (code_col, name_col) else {
        return Vec::new();
    };
    let short_col = header.column(&["ten ngan", "ten viet tat"]);
    let other_col = header.column(&["ten khac"]);
    let signer_col = header.column(&["nguoi ky"]);
    let title_col = header.column(&["chuc vu"]);
    let old_col = header.column(&["ma cu"]);
    let text = |row: u32, col: Option<u32>| {
        col.map(|c| cells::text(sheet.get(row, c)))
            .unwrap_or_default()
    };
    let optional = |s: String| (!s.is_empty()).then_some(s);

    let mut units: Vec<Unit> = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for row in data_rows(sheet, header.row) {
        let code = text(row, Some(code_col));
        let name = text(row, Some(name_col));
        if code.is_empty() && name.is_empty() {
            continue;
        }
        if code.is_empty() {
            problems.push(sheet, row, code_col, Diagnostic::new(Kind::MissingCode));
            continue;
        }
        if let Some(first) = seen.insert(fold(&code), row) {
            problems.push(
                sheet,
                row,
                code_col,
                Diagnostic::new(Kind::DuplicateCode)
                    .found(code.clone())
                    .expected(cell_ref(first, code_col)),
            );
            continue;
        }
        units.push(Unit {
            short_name: text(row, short_col),
            other_names: text(row, other_col)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            signer: optional(text(row, signer_col)),
            signer_title: optional(text(row, title_col)),
            old_codes: text(row, old_col)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            code,
            name,
        });
    }
    if units.is_empty() && problems.list.is_empty() {
        problems.list.push(
            Diagnostic::new(Kind::NoUnits)
                .file(problems.file)
                .sheet(sheet.name.clone())
                .cell(cell_ref(header.row, code_col)),
        );
    }
    units
}

/// Row numbers below the header that hold any cell.
fn data_rows(sheet: &Sheet, header_row: u32) -> Vec<u32> {
    let mut rows: Vec<u32> = sheet
        .cells()
        .iter()
        .map(|c| c.row)
        .filter(|r| *r > header_row)
        .collect();
    rows.dedup();
    rows
}

/// The method a `Cách chấm` cell names.
pub fn method_from_text(text: &str) -> Option<Method> {
    match fold(text).as_str() {
        "ty le" | "ti le" => Some(Method::Proportional),
        "dat" => Some(Method::Threshold),
        "khong vuot" => Some(Method::Ceiling),
        "tham dinh" => Some(Method::Assessed),
        "cong" | "diem cong" | "thuong" => Some(Method::Bonus),
        "tru" | "diem tru" => Some(Method::Penalty),
        _ => None,
    }
}

/// Column positions of the `Giao ước` sheet.
struct CriteriaColumns {
    code: u32,
    content: u32,
    measure: Option<u32>,
    max: u32,
    method: u32,
    rate: Option<u32>,
    target: Option<u32>,
    /// (column, unit code) of per-unit target columns.
    per_unit: Vec<(u32, String)>,
    /// Cấp: the level of each row in a criteria tree (SPEC section 11).
    level: Option<u32>,
}

const KNOWN_CRITERIA_HEADERS: &[&str] = &[
    "ma",
    "noi dung",
    "noi dung tieu chi",
    "tieu chi",
    "don vi tinh",
    "dvt",
    "diem chuan",
    "diem toi da",
    "cach cham",
    "phuong phap cham",
    "muc",
    "chi tieu",
    "ghi chu",
    "stt",
    "cap",
];

fn criteria_columns(
    sheet: &Sheet,
    units: &[Unit],
    problems: &mut Problems,
) -> Option<(u32, CriteriaColumns)> {
    let Some(header) = Header::find(sheet, "ma") else {
        Header::missing(sheet, problems);
        return None;
    };
    let code = header.column(&["ma"]);
    let content = header.require(
        sheet,
        "Nội dung",
        &["noi dung", "noi dung tieu chi", "tieu chi"],
        problems,
    );
    let max = header.require(
        sheet,
        "Điểm chuẩn",
        &["diem chuan", "diem toi da"],
        problems,
    );
    let method = header.require(
        sheet,
        "Cách chấm",
        &["cach cham", "phuong phap cham"],
        problems,
    );
    let mut per_unit = Vec::new();
    for (col, folded, text) in &header.columns {
        if KNOWN_CRITERIA_HEADERS.contains(&folded.as_str()) {
            continue;
        }
        match unit_code(units, text) {
            Some(unit) => per_unit.push((*col, unit)),
            None => problems.push(
                sheet,
                header.row,
                *col,
                Diagnostic::new(Kind::UnknownUnitColumn).found(text.clone()),
            ),
        }
    }
    Some((
        header.row,
        CriteriaColumns {
            code: code?,
            content: content?,
            measure: header.column(&["don vi tinh", "dvt"]),
            max: max?,
            method: method?,
            rate: header.column(&["muc"]),
            target: header.column(&["chi tieu"]),
            per_unit,
            level: header.column(&["cap"]),
        },
    ))
}

fn read_criteria(
    sheet: &Sheet,
    units: &[Unit],
    problems: &mut Problems,
) -> (Vec<Section>, Vec<Criterion>, Option<Tree>) {
    let mut sections: Vec<Section> = Vec::new();
    let mut criteria: Vec<Criterion> = Vec::new();
    let Some((header_row, cols)) = criteria_columns(sheet, units, problems) else {
        return (sections, criteria, None);
    };
    if let Some(level_col) = cols.level {
        let (sections, criteria, tree) =
            tree::read(sheet, header_row, &cols, level_col, units, problems);
        return (sections, criteria, Some(tree));
    }
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut section_rows: Vec<u32> = Vec::new();
    // Per section, the sum of its criterion rows' Điểm chuẩn; None where a
    // row's maximum is unusable (reported on its own) or the sum overflows.
    let mut section_sums: Vec<Option<Decimal>> = Vec::new();
    for row in data_rows(sheet, header_row) {
        let code_text = cells::text(sheet.get(row, cols.code));
        let content = cells::text(sheet.get(row, cols.content));
        if code_text.is_empty() && content.is_empty() {
            continue;
        }
        let Some(code) = normalize_code(&code_text) else {
            if !is_total_row(&code_text, &content) {
                problems.push(sheet, row, cols.code, Diagnostic::new(Kind::MissingCode));
            }
            continue;
        };
        if let Some(first) = seen.insert(code.clone(), row) {
            problems.push(
                sheet,
                row,
                cols.code,
                Diagnostic::new(Kind::DuplicateCode)
                    .found(code_text)
                    .expected(cell_ref(first, cols.code)),
            );
            continue;
        }
        let max = optional_number(sheet, row, cols.max, problems);
        if is_roman_numeral(&code) {
            sections.push(Section {
                code,
                title: content,
                max,
            });
            section_rows.push(row);
            section_sums.push(Some(Decimal::ZERO));
            continue;
        }
        if let Some(sum) = section_sums.last_mut() {
            // Every criterion row counts, even one reported for its method,
            // rate or target: its points are written all the same.
            *sum = match (*sum, max) {
                (Some(sum), Some(max)) if max > Decimal::ZERO => sum.checked_add(max),
                _ => None,
            };
        }
        if let Some(c) = read_criterion(sheet, row, &cols, code, content, max, units, problems) {
            criteria.push(Criterion {
                section: sections.len().checked_sub(1),
                ..c
            });
        }
    }
    check_section_sums(
        sheet,
        &cols,
        &sections,
        &section_rows,
        &section_sums,
        problems,
    );
    (sections, criteria, None)
}

/// `Tổng`/`Cộng` rows (Tổng, Tổng cộng, Tổng số điểm, Cộng) are totals, not criteria.
pub fn is_total_row(code_text: &str, content: &str) -> bool {
    let f = fold(if code_text.is_empty() {
        content
    } else {
        code_text
    });
    let words: Vec<&str> = f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    match words[..] {
        ["cong"] | ["tong"] => true,
        ["tong", second, ..] => matches!(second, "cong" | "so" | "diem"),
        ["cong", "diem"] => true,
        _ => false,
    }
}

/// A number cell of the agreement; text that is not a number is a located problem.
fn number_at(sheet: &Sheet, row: u32, col: u32, problems: &mut Problems) -> Option<cells::Number> {
    match cells::number(sheet.get(row, col)) {
        CellNumber::Empty => None,
        CellNumber::Number(n) if within_limit(n.value) => Some(n),
        CellNumber::Number(n) => {
            let d = Diagnostic::new(Kind::BadValue)
                .found(crate::model::diagnostic::number(n.value))
                .reason(Reason::NumberTooLarge);
            problems.push(sheet, row, col, d);
            None
        }
        CellNumber::Invalid(text) => {
            let d = Diagnostic::new(Kind::BadValue)
                .found(text)
                .reason(Reason::NotANumber);
            problems.push(sheet, row, col, d);
            None
        }
    }
}

/// The largest magnitude a number of the agreement (or an adjustment) may
/// have: 10^15, beyond any count, percentage or amount a cluster signs. With
/// every signed number within it, sums and products of them stay far inside
/// what exact decimal arithmetic holds.
pub const NUMBER_LIMIT: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0);

/// Whether a number is within [`NUMBER_LIMIT`].
pub fn within_limit(x: Decimal) -> bool {
    x.abs() <= NUMBER_LIMIT
}

fn optional_number(sheet: &Sheet, row: u32, col: u32, problems: &mut Problems) -> Option<Decimal> {
    number_at(sheet, row, col, problems).map(|n| n.value)
}

#[allow(clippy::too_many_arguments)]
fn read_criterion(
    sheet: &Sheet,
    row: u32,
    cols: &CriteriaColumns,
    code: String,
    content: String,
    max: Option<Decimal>,
    units: &[Unit],
    problems: &mut Problems,
) -> Option<Criterion> {
    let method_text = cells::text(sheet.get(row, cols.method));
    let Some(method) = method_from_text(&method_text) else {
        problems.push(
            sheet,
            row,
            cols.method,
            Diagnostic::new(Kind::UnknownMethod)
                .criterion(code)
                .found(method_text),
        );
        return None;
    };
    let Some(max) = max.filter(|m| *m > Decimal::ZERO) else {
        problems.push(
            sheet,
            row,
            cols.max,
            Diagnostic::new(Kind::MethodNeeds)
                .criterion(code)
                .found(method_text)
                .reason(Reason::APositiveMax),
        );
        return None;
    };
    let measure = cols
        .measure
        .map(|c| cells::text(sheet.get(row, c)))
        .unwrap_or_default();
    let percent = measure.trim() == "%";
    // A target on a percent criterion counts as shown: a cell showing 95% is 95.
    let target_at = |col: u32, problems: &mut Problems| -> Option<Decimal> {
        let n = number_at(sheet, row, col, problems)?;
        Some(if percent {
            cells::as_percent(n, Some(Decimal::from(100))).0
        } else {
            n.value
        })
    };
    let rate = cols
        .rate
        .and_then(|c| optional_number(sheet, row, c, problems));
    let target = cols.target.and_then(|c| target_at(c, problems));
    let mut unit_targets = BTreeMap::new();
    for (col, unit) in &cols.per_unit {
        if let Some(t) = target_at(*col, problems) {
            unit_targets.insert(unit.clone(), t);
        }
    }
    let criterion = Criterion {
        code,
        content,
        measure,
        max,
        method,
        rate,
        target,
        unit_targets,
        section: None,
        row,
    };
    check_method_needs(sheet, cols, &criterion, &method_text, units, problems);
    Some(criterion)
}

/// A method without what it needs: a target (above zero for Tỷ lệ, not
/// below zero otherwise) for every unit, a rate not below zero. Each
/// problem is located at the cell that holds (or lacks) the number.
fn check_method_needs(
    sheet: &Sheet,
    cols: &CriteriaColumns,
    c: &Criterion,
    method_text: &str,
    units: &[Unit],
    problems: &mut Problems,
) {
    let needs = |reason: Reason| {
        Diagnostic::new(Kind::MethodNeeds)
            .criterion(c.code.clone())
            .found(method_text.to_string())
            .reason(reason)
    };
    let target_col = cols.target.unwrap_or(cols.method);
    match c.method {
        Method::Proportional | Method::Threshold | Method::Ceiling => {
            let positive = c.method == Method::Proportional;
            let reason = || {
                if positive {
                    Reason::TargetAboveZero
                } else {
                    Reason::TargetNotNegative
                }
            };
            let mut reported: Vec<u32> = Vec::new();
            for unit in units {
                // Where this unit's target is written: its own column, else Chỉ tiêu.
                let own = cols
                    .per_unit
                    .iter()
                    .find(|(_, code)| *code == unit.code)
                    .map(|(col, _)| *col)
                    .filter(|_| c.unit_targets.contains_key(&unit.code));
                let (target, col) = match own {
                    Some(col) => (c.unit_targets.get(&unit.code).copied(), col),
                    None => (c.target, target_col),
                };
                let bad = match target {
                    None => true,
                    Some(t) => t < Decimal::ZERO || (positive && t.is_zero()),
                };
                if bad && !reported.contains(&col) {
                    reported.push(col);
                    let reason = if target.is_none() && !positive {
                        Reason::ATarget
                    } else {
                        reason()
                    };
                    problems.push(sheet, c.row, col, needs(reason));
                }
            }
        }
        Method::Bonus | Method::Penalty => {
            let rate_col = cols.rate.unwrap_or(cols.method);
            match c.rate {
                None => problems.push(sheet, c.row, rate_col, needs(Reason::ARate)),
                Some(r) if r < Decimal::ZERO => {
                    problems.push(sheet, c.row, rate_col, needs(Reason::RateNotNegative))
                }
                Some(_) => {}
            }
        }
        Method::Assessed => {}
    }
    // Không vượt takes its rate where one is written: never below zero.
    if let (Method::Ceiling, Some(r), Some(rate_col)) = (c.method, c.rate, cols.rate) {
        if r < Decimal::ZERO {
            problems.push(sheet, c.row, rate_col, needs(Reason::RateNotNegative));
        }
    }
}

/// A section's written Điểm chuẩn against the sum of its criterion rows'.
fn check_section_sums(
    sheet: &Sheet,
    cols: &CriteriaColumns,
    sections: &[Section],
    rows: &[u32],
    sums: &[Option<Decimal>],
    problems: &mut Problems,
) {
    for ((section, row), sum) in sections.iter().zip(rows).zip(sums) {
        let (Some(max), Some(sum)) = (section.max, *sum) else {
            continue;
        };
        if sum != max {
            problems.push(
                sheet,
                *row,
                cols.max,
                Diagnostic::new(Kind::SectionSum)
                    .criterion(section.code.clone())
                    .found(crate::model::diagnostic::number(max))
                    .expected(crate::model::diagnostic::number(sum)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::workbook::Value;

    /// A text cell (also for the tree reader's tests).
    pub(super) fn t(row: u32, col: u32, s: &str) -> Cell {
        Cell {
            row,
            col,
            value: Value::Text(s.into()),
            percent: None,
        }
    }

    /// A number cell shown without `%`.
    pub(super) fn n(row: u32, col: u32, x: f64) -> Cell {
        Cell {
            row,
            col,
            value: Value::Number(x),
            percent: Some(false),
        }
    }

    /// An agreement workbook: info pairs, four units, criteria rows after a header.
    fn workbook(info: &[(&str, &str)], criteria: Vec<Cell>) -> Workbook {
        let mut info_cells = Vec::new();
        for (i, (k, v)) in info.iter().enumerate() {
            info_cells.push(t(i as u32, 0, k));
            info_cells.push(t(i as u32, 1, v));
        }
        let mut units = vec![t(0, 0, "Mã"), t(0, 1, "Tên đơn vị"), t(0, 2, "Tên ngắn")];
        for (i, (code, short)) in [
            ("CB", "Cao Bằng"),
            ("TN", "Thái Nguyên"),
            ("BK", "Bắc Kạn"),
            ("LS", "Lạng Sơn"),
        ]
        .iter()
        .enumerate()
        {
            let r = i as u32 + 1;
            units.extend([
                t(r, 0, code),
                t(r, 1, &format!("Hội Cựu chiến binh tỉnh {short}")),
                t(r, 2, short),
            ]);
        }
        let mut header = vec![
            t(1, 0, "Mã"),
            t(1, 1, "Nội dung"),
            t(1, 2, "Đơn vị tính"),
            t(1, 3, "Điểm chuẩn"),
            t(1, 4, "Cách chấm"),
            t(1, 5, "Mức"),
            t(1, 6, "Chỉ tiêu"),
            t(1, 7, "LS"),
        ];
        header.extend(criteria);
        Workbook {
            sheets: vec![
                Sheet::new("Thông tin".into(), info_cells, vec![]),
                Sheet::new("Đơn vị".into(), units, vec![]),
                Sheet::new("Giao ước".into(), header, vec![]),
            ],
            font_names: vec![],
        }
    }

    const INFO: &[(&str, &str)] = &[
        ("Tổ chức", "Hội CCB Việt Nam"),
        ("Cụm thi đua", "Cụm số 3"),
        ("Năm", "2016"),
        ("Cụm trưởng", "TN"),
    ];

    fn good_criteria() -> Vec<Cell> {
        vec![
            t(2, 0, "I"),
            t(2, 1, "Công tác tổ chức"),
            n(2, 3, 30.0),
            t(3, 0, "1.1"),
            t(3, 1, "Tỷ lệ học nghị quyết"),
            t(3, 2, "%"),
            n(3, 3, 20.0),
            t(3, 4, "Tỷ lệ"),
            Cell {
                row: 3,
                col: 6,
                value: Value::Number(0.95),
                percent: Some(true),
            },
            n(3, 7, 80.0),
            t(4, 0, "1.2."),
            t(4, 1, "Đánh giá"),
            n(4, 3, 10.0),
            t(4, 4, "Thẩm định"),
            t(5, 0, "II"),
            t(5, 1, "Điểm cộng, trừ"),
            t(6, 0, "2.1"),
            t(6, 1, "Khen thưởng"),
            n(6, 3, 5.0),
            t(6, 4, "Cộng"),
            n(6, 5, 1.0),
            t(7, 1, "Tổng cộng"),
            n(7, 3, 35.0),
        ]
    }

    #[test]
    fn keys_get_their_defaults_and_rotation_gives_next_year() {
        let a = parse(&workbook(INFO, good_criteria()), "giao-uoc.xlsx").expect("valid");
        assert_eq!(a.info.year, 2016);
        assert_eq!(
            (a.info.next_head.as_str(), a.info.next_deputy.as_str()),
            ("BK", "LS")
        );
        assert_eq!((a.info.flags, a.info.certificates), (1, 1));
        assert_eq!(a.info.thresholds.excellent, Decimal::from(90));
        assert_eq!(a.info.thresholds.fair, Decimal::from(65));
        assert_eq!(a.base_max(), Decimal::from(30));
        let c = &a.criteria[0];
        assert_eq!(
            c.target,
            Some(Decimal::from(95)),
            "a cell showing 95% is 95"
        );
        assert_eq!(c.target_for("LS"), Some(Decimal::from(80)));
        assert_eq!(c.target_for("CB"), Some(Decimal::from(95)));
        assert_eq!(a.criteria[1].code, "1.2");
        assert_eq!(a.criteria[2].section, Some(1));
    }

    #[test]
    fn next_year_wraps_around_the_rotation() {
        let info = [INFO, &[("Cụm trưởng năm sau", "Lạng Sơn")]].concat();
        let a = parse(&workbook(&info, good_criteria()), "g").expect("valid");
        assert_eq!(
            (a.info.next_head.as_str(), a.info.next_deputy.as_str()),
            ("LS", "CB")
        );
    }

    #[test]
    fn every_problem_is_located_and_nothing_is_accepted() {
        let mut criteria = good_criteria();
        criteria.extend([
            t(8, 0, "1.1"),
            t(8, 1, "Trùng mã"),
            n(8, 3, 1.0),
            t(8, 4, "Đạt"),
            n(8, 6, 1.0),
            t(9, 0, "3.1"),
            t(9, 1, "Cách chấm lạ"),
            n(9, 3, 1.0),
            t(9, 4, "Bình bầu"),
            t(10, 0, "3.2"),
            t(10, 1, "Thiếu chỉ tiêu"),
            n(10, 3, 1.0),
            t(10, 4, "Tỷ lệ"),
            t(11, 0, "3.3"),
            t(11, 1, "Thiếu mức"),
            n(11, 3, 1.0),
            t(11, 4, "Trừ"),
            t(1, 8, "Hà Giang"),
        ]);
        criteria.retain(|c| !(c.row == 2 && c.col == 3));
        criteria.push(n(2, 3, 31.0));
        let problems = parse(&workbook(&INFO[..3], criteria), "g").expect_err("invalid");
        let found: Vec<(Kind, Option<&str>)> = problems
            .iter()
            .map(|d| (d.kind, d.cell.as_deref()))
            .collect();
        for expected in [
            (Kind::MissingKey, None),
            (Kind::DuplicateCode, Some("A9")),
            (Kind::UnknownMethod, Some("E10")),
            (Kind::MethodNeeds, Some("G11")),
            (Kind::MethodNeeds, Some("F12")),
            (Kind::SectionSum, Some("D3")),
            (Kind::UnknownUnitColumn, Some("I2")),
        ] {
            assert!(found.contains(&expected), "{expected:?} not in {found:?}");
        }
    }

    #[test]
    fn a_criterion_rejected_for_its_method_still_counts_in_its_section() {
        let mut criteria = good_criteria();
        // 1.2 (10 points of section I's 30) gets a method that does not exist.
        criteria.retain(|c| !(c.row == 4 && c.col == 4));
        criteria.push(t(4, 4, "Đạt/Không đạt"));
        let problems = parse(&workbook(INFO, criteria), "g").expect_err("invalid");
        let kinds: Vec<Kind> = problems.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, vec![Kind::UnknownMethod], "{problems:?}");
    }

    #[test]
    fn negative_numbers_are_reported_at_their_own_cells() {
        let mut criteria = good_criteria();
        // 1.1's own target for LS (column H) below zero; 2.1's rate below zero.
        criteria.retain(|c| !((c.row == 3 && c.col == 7) || (c.row == 6 && c.col == 5)));
        criteria.extend([n(3, 7, -80.0), n(6, 5, -1.0)]);
        let problems = parse(&workbook(INFO, criteria), "g").expect_err("invalid");
        let found: Vec<(Kind, Option<&str>)> = problems
            .iter()
            .map(|d| (d.kind, d.cell.as_deref()))
            .collect();
        assert_eq!(
            found,
            vec![
                (Kind::MethodNeeds, Some("H4")),
                (Kind::MethodNeeds, Some("F7"))
            ]
        );
        assert_eq!(problems[1].reason, Some(Reason::RateNotNegative));
    }

    #[test]
    fn numbers_beyond_the_limit_are_bad_values() {
        let mut criteria = good_criteria();
        criteria.retain(|c| !(c.row == 4 && c.col == 3));
        criteria.push(n(4, 3, 1e16));
        let problems = parse(&workbook(INFO, criteria), "g").expect_err("invalid");
        assert_eq!(problems[0].kind, Kind::BadValue);
        assert_eq!(problems[0].cell.as_deref(), Some("D5"));
        assert_eq!(problems[0].reason, Some(Reason::NumberTooLarge));
        assert!(within_limit(NUMBER_LIMIT) && !within_limit(NUMBER_LIMIT + Decimal::ONE));
        assert_eq!(NUMBER_LIMIT, Decimal::from(1_000_000_000_000_000i64));
    }

    #[test]
    fn missing_sheets_are_named() {
        let wb = Workbook {
            sheets: vec![],
            font_names: vec![],
        };
        let problems = parse(&wb, "g").expect_err("invalid");
        assert_eq!(problems.len(), 3);
        assert!(problems.iter().all(|d| d.kind == Kind::MissingSheet));
    }

    #[test]
    fn excel_serial_dates_convert_to_civil_dates() {
        assert_eq!(
            date_from_serial(42740.0),
            Some(Date {
                year: 2017,
                month: 1,
                day: 5
            })
        );
        assert_eq!(
            date_from_serial(25569.0),
            Some(Date {
                year: 1970,
                month: 1,
                day: 1
            })
        );
    }

    #[test]
    fn text_dates_in_day_month_year_order() {
        assert_eq!(
            date_from_text("05/01/2017"),
            Some(Date {
                year: 2017,
                month: 1,
                day: 5
            })
        );
        assert_eq!(
            date_from_text("ngày 5 tháng 1 năm 2017"),
            Some(Date {
                year: 2017,
                month: 1,
                day: 5
            })
        );
        assert_eq!(date_from_text("sắp tới"), None);
    }

    #[test]
    fn methods_are_read_ignoring_case_and_diacritics() {
        assert_eq!(method_from_text("TỶ LỆ"), Some(Method::Proportional));
        assert_eq!(method_from_text("ty le"), Some(Method::Proportional));
        assert_eq!(method_from_text("Không vượt"), Some(Method::Ceiling));
        assert_eq!(method_from_text("Thẩm định:"), Some(Method::Assessed));
        assert_eq!(method_from_text("Cộng"), Some(Method::Bonus));
        assert_eq!(method_from_text("Trừ"), Some(Method::Penalty));
        assert_eq!(method_from_text("Đạt"), Some(Method::Threshold));
        assert_eq!(method_from_text("tùy"), None);
    }

    #[test]
    fn total_rows_are_not_criteria() {
        assert!(is_total_row("", "Tổng cộng"));
        assert!(is_total_row("Tổng", ""));
        assert!(is_total_row("", "Cộng"));
        assert!(!is_total_row("", "Công tác tuyên truyền"));
    }
}
