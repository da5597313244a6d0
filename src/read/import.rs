//! Imports one unit's workbook (bảng tự chấm điểm, SPEC section 4): repairs
//! legacy text, finds the table wherever it starts, maps its headers by
//! synonyms (one or two header rows), tells the unit and the year, and reads
//! each row against the agreement's criteria. It reports what it reads;
//! scoring is not its business.

use crate::model::diagnostic::{Diagnostic, Kind, Reason};
use crate::model::{Agreement, Criterion, Entry, Method, Reading, Submission};
use crate::read::cells::{self, Ambiguity, CellNumber, PercentReading};
use crate::read::workbook::{cell_ref, Cell, Sheet, Value, Workbook};
use crate::text::{
    self, fold, fold_unit_name, is_roman_numeral, normalize_code, unit_place_key, LegacyEncoding,
};
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What a workbook turned out to be.
#[derive(Debug, Clone)]
pub enum Imported {
    /// A table for a member unit, with the findings made while reading it.
    Table(Submission, Vec<Diagnostic>),
    /// The workbook cannot be used; the diagnostic says why.
    Rejected(Box<Diagnostic>, Vec<Diagnostic>),
}

/// Column roles of the self-scoring table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    Identifier,
    Content,
    Max,
    Target,
    Result,
    SelfScore,
    Note,
}

mod tree;

/// Header synonyms, folded (SPEC section 4).
const SYNONYMS: &[(Role, &[&str])] = &[
    (
        Role::Identifier,
        &["ma", "ma tieu chi", "stt", "tt", "so tt", "ma so"],
    ),
    (
        Role::Content,
        &[
            "noi dung",
            "noi dung tieu chi",
            "tieu chi",
            "noi dung thi dua",
        ],
    ),
    (Role::Max, &["diem chuan", "diem toi da", "thang diem"]),
    (
        Role::Target,
        &["chi tieu", "chi tieu giao uoc", "chi tieu dang ky"],
    ),
    (Role::Result, &["ket qua", "ket qua thuc hien", "thuc hien"]),
    (
        Role::SelfScore,
        &["tu cham", "diem tu cham", "don vi tu cham"],
    ),
    (Role::Note, &["ghi chu"]),
];

/// The role a header text names.
fn role_of(header: &str) -> Option<Role> {
    let key = header_key(header);
    SYNONYMS
        .iter()
        .find(|(_, words)| words.contains(&key.as_str()))
        .map(|(role, _)| *role)
}

/// A header folded, without parenthesised remarks such as "(1)" or "(%)".
fn header_key(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut depth = 0u32;
    for ch in header.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    fold(&out)
}

/// Where the table is.
#[derive(Debug)]
struct Table {
    sheet: usize,
    /// The (first) header row.
    header_row: u32,
    /// First row of data.
    first_data_row: u32,
    columns: HashMap<Role, u32>,
}

/// What rows and unit names are matched by, folded once per agreement
/// rather than once per workbook: criteria by code and by content, units by
/// code and by name (SPEC section 4).
pub struct Keys<'a> {
    agreement: &'a Agreement,
    /// Criterion code -> criterion index.
    criterion_by_code: HashMap<&'a str, usize>,
    /// [`content_key`] of the criterion content -> criterion index (the last
    /// criterion with that key, as a map built in order keeps).
    criterion_by_content: HashMap<String, usize>,
    /// [`fold`] of the unit code -> unit indices, in order.
    unit_by_code: HashMap<String, Vec<usize>>,
    /// Per unit, the [`unit_place_key`] of its names where that tells more
    /// than the name key ("tinh cao bang" beside "cao bang"): what tells
    /// apart units whose names fold alike.
    place_keys: Vec<Vec<String>>,
    /// Non-empty [`fold_unit_name`] keys -> unit indices, in order, deduplicated.
    name_keys: HashMap<String, Vec<usize>>,
    /// The most words in a non-empty name key.
    longest_name: usize,
    /// The codes of the criteria tree, when the agreement has one.
    tree: Option<tree::TreeCodes>,
}

impl<'a> Keys<'a> {
    /// Folds the agreement's criteria and unit names.
    pub fn new(agreement: &'a Agreement) -> Keys<'a> {
        let criteria = &agreement.criteria;
        let criterion_by_code = criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        let criterion_by_content = criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (content_key(&c.content), i))
            .collect();
        let mut unit_by_code: HashMap<String, Vec<usize>> = HashMap::new();
        let mut place_keys: Vec<Vec<String>> = Vec::with_capacity(agreement.units.len());
        let mut name_keys: HashMap<String, Vec<usize>> = HashMap::new();
        let mut longest_name = 0;
        // Folded in parallel (thousands of units), indexed in order.
        type Folded = (String, Vec<String>, Vec<String>);
        let folded: Vec<Folded> = agreement
            .units
            .par_iter()
            .map(|u| {
                let names: Vec<String> = u.names().map(fold_unit_name).collect();
                let places = u
                    .names()
                    .map(unit_place_key)
                    .filter(|p| !p.is_empty() && !names.contains(p))
                    .collect();
                (fold(&u.code), names, places)
            })
            .collect();
        for (i, (code_key, names, places)) in folded.into_iter().enumerate() {
            unit_by_code.entry(code_key).or_default().push(i);
            place_keys.push(places);
            for key in names {
                if key.is_empty() {
                    continue;
                }
                longest_name = longest_name.max(key.split(' ').count());
                let list = name_keys.entry(key).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        Keys {
            agreement,
            criterion_by_code,
            criterion_by_content,
            unit_by_code,
            place_keys,
            name_keys,
            longest_name,
            tree: agreement.tree.as_ref().map(tree::TreeCodes::new),
        }
    }

    /// The unit `text` names, as the adjustments file names one: by its
    /// code, else by a name that fits it alone (names folding alike told
    /// apart by "tỉnh" / "thành phố" or the full name); a name that fits two
    /// units is an error naming both, never a guess.
    pub fn unit_code_or_name(&self, text: &str) -> Result<Option<String>, Reason> {
        unit_by_name(text, self)
    }

    fn code(&self, i: usize) -> String {
        self.agreement.units[i].code.clone()
    }

    /// A unit as named in findings: its full name and code.
    fn shown(&self, i: usize) -> String {
        let unit = &self.agreement.units[i];
        format!("{} ({})", unit.name, unit.code)
    }

    /// Among units whose names fold alike, the one `text` tells apart by
    /// its kind of place or full name ("tỉnh Cao Bằng", not "thành phố Cao
    /// Bằng"); `None` when it does not tell them apart.
    fn told_apart(&self, text: &str, candidates: &[usize]) -> Option<usize> {
        let place = format!(" {} ", unit_place_key(text));
        let mut fits = candidates.iter().copied().filter(|&i| {
            self.place_keys[i]
                .iter()
                .any(|k| place.contains(&format!(" {k} ")))
        });
        let first = fits.next()?;
        fits.next().is_none().then_some(first)
    }
}

/// Imports a workbook for the agreement. `file` is its path as shown to users,
/// `file_stem` its name without extension (a last resort for the unit).
/// Folds the agreement's keys on every call: for many workbooks, make
/// [`Keys`] once and call [`import_with`].
pub fn import(workbook: &Workbook, file: &str, file_stem: &str, agreement: &Agreement) -> Imported {
    import_with(workbook, file, file_stem, &Keys::new(agreement))
}

/// [`import`] with the agreement's keys already folded.
pub fn import_with(workbook: &Workbook, file: &str, file_stem: &str, keys: &Keys) -> Imported {
    let agreement = keys.agreement;
    let mut notes = Vec::new();
    let repaired;
    let workbook =
        match legacy_encoding(workbook) {
            Some(encoding) => {
                notes.push(Diagnostic::new(Kind::LegacyEncoding).file(file).reason(
                    Reason::Legacy(match encoding {
                        LegacyEncoding::Tcvn3 => "TCVN3 (ABC)",
                        LegacyEncoding::Vni => "VNI",
                    }),
                ));
                repaired = decode_workbook(workbook, encoding);
                &repaired
            }
            None => workbook,
        };
    let Some(table) = find_table(workbook) else {
        return Imported::Rejected(Box::new(Diagnostic::new(Kind::NoTable).file(file)), notes);
    };
    let sheet = &workbook.sheets[table.sheet];
    let unit = which_unit(sheet, table.header_row, file_stem, keys);
    // Another year rejects the workbook, whoever it is from: said first
    // (and alone), since a file from another year is often from another
    // cluster too.
    if let Some((year, row, col)) = which_year(sheet, table.header_row) {
        if year != agreement.info.year {
            let mut d = Diagnostic::new(Kind::WrongYear)
                .file(file)
                .sheet(sheet.name.clone())
                .cell(cell_ref(row, col))
                .expected(agreement.info.year)
                .found(year);
            if let Ok(code) = &unit {
                d = d.unit(code.clone());
                for note in &mut notes {
                    note.unit = Some(code.clone());
                }
            }
            return Imported::Rejected(Box::new(d), notes);
        }
    }
    let unit = match unit {
        Ok(code) => code,
        Err(reason) => {
            let d = Diagnostic::new(Kind::UnknownUnit)
                .file(file)
                .sheet(sheet.name.clone())
                .reason(reason);
            return Imported::Rejected(Box::new(d), notes);
        }
    };
    for note in &mut notes {
        note.unit = Some(unit.clone());
    }
    if let Some(d) = uncalculated(sheet, &unit, file) {
        notes.push(d);
    }
    let kept_notes = notes.len();
    let mut reader = RowReader {
        sheet,
        table: &table,
        agreement,
        keys,
        unit: &unit,
        file,
        diagnostics: notes,
        self_score_uncalculated: false,
    };
    let entries = reader.read_rows();
    let self_total_unknown = reader.self_score_uncalculated;
    let mut diagnostics = reader.diagnostics;
    if is_blank(&entries) {
        diagnostics.truncate(kept_notes);
        let d = Diagnostic::new(Kind::EmptyForm)
            .unit(unit)
            .file(file)
            .sheet(sheet.name.clone());
        return Imported::Rejected(Box::new(d), diagnostics);
    }
    let submission = Submission {
        file: file.to_string(),
        unit,
        sheet: sheet.name.clone(),
        entries,
        self_total_unknown,
    };
    Imported::Table(submission, diagnostics)
}

/// A form sent back blank: no criterion row with a result or a self-score.
fn is_blank(entries: &[Option<Entry>]) -> bool {
    entries.iter().any(Option::is_some)
        && entries.iter().flatten().all(|e| {
            matches!(e.result, Reading::Missing) && matches!(e.self_score, Reading::Missing)
        })
}

/// How many formula cells of the table's sheet hold no calculated value
/// (one finding per file, naming the first cells).
fn uncalculated(sheet: &Sheet, unit: &str, file: &str) -> Option<Diagnostic> {
    const SHOWN: usize = 5;
    let cells = sheet.uncalculated();
    let (first_row, first_col) = *cells.first()?;
    let first: Vec<String> = cells
        .iter()
        .take(SHOWN)
        .map(|&(r, c)| cell_ref(r, c))
        .collect();
    let more = cells.len().saturating_sub(SHOWN);
    Some(
        Diagnostic::new(Kind::UncalculatedFormula)
            .unit(unit)
            .file(file)
            .sheet(sheet.name.clone())
            .cell(cell_ref(first_row, first_col))
            .found(cells.len())
            .reason(Reason::Cells(first, more)),
    )
}

/// The legacy encoding the workbook's fonts or text reveal.
fn legacy_encoding(workbook: &Workbook) -> Option<LegacyEncoding> {
    let texts = workbook
        .sheets
        .iter()
        .flat_map(|s| s.cells())
        .filter_map(|c| match &c.value {
            Value::Text(t) => Some(t.as_str()),
            _ => None,
        });
    if let Some(encoding) = text::detect_legacy(texts.clone()) {
        return Some(encoding);
    }
    // A declared .VnTime / VNI-Times font, and text that reads differently through it.
    let by_font = workbook
        .font_names
        .iter()
        .find_map(|f| text::encoding_of_font(f))?;
    let mut texts = texts;
    texts
        .any(|t| !t.is_ascii() && text::decode_legacy(t, by_font) != text::nfc(t))
        .then_some(by_font)
}

/// A copy of the workbook with every text decoded from the legacy encoding.
fn decode_workbook(workbook: &Workbook, encoding: LegacyEncoding) -> Workbook {
    let sheets = workbook
        .sheets
        .iter()
        .map(|sheet| {
            let cells = sheet
                .cells()
                .iter()
                .map(|c| Cell {
                    value: match &c.value {
                        Value::Text(t) => Value::Text(text::decode_legacy(t, encoding)),
                        other => other.clone(),
                    },
                    ..c.clone()
                })
                .collect();
            Sheet::new(
                text::decode_legacy(&sheet.name, encoding),
                cells,
                sheet.merges().to_vec(),
            )
            .with_uncalculated(sheet.uncalculated().to_vec())
        })
        .collect();
    Workbook {
        sheets,
        font_names: workbook.font_names.clone(),
    }
}

/// The first sheet and row holding an identifier and a result header.
fn find_table(workbook: &Workbook) -> Option<Table> {
    workbook.sheets.iter().enumerate().find_map(|(i, sheet)| {
        let mut rows: Vec<u32> = sheet.cells().iter().map(|c| c.row).collect();
        rows.dedup();
        rows.into_iter()
            .find_map(|row| table_at(sheet, row).map(|t| Table { sheet: i, ..t }))
    })
}

/// The header roles of one row, by column.
fn roles_of_row(sheet: &Sheet, row: u32) -> HashMap<Role, u32> {
    let mut roles = HashMap::new();
    for cell in sheet.row(row) {
        if let Value::Text(t) = &cell.value {
            if let Some(role) = role_of(t) {
                roles.entry(role).or_insert(cell.col);
            }
        }
    }
    roles
}

/// A table whose header starts at `row`, with an optional second header row.
fn table_at(sheet: &Sheet, row: u32) -> Option<Table> {
    let mut columns = roles_of_row(sheet, row);
    if columns.is_empty() {
        return None;
    }
    let below = roles_of_row(sheet, row + 1);
    let two_rows = !below.is_empty() || is_subheader(sheet, row + 1);
    for (role, col) in below {
        // The lower row names the real column under a merged parent (Điểm -> Tự chấm).
        columns.insert(role, col);
    }
    if !(columns.contains_key(&Role::Identifier) && columns.contains_key(&Role::Result)) {
        return None;
    }
    let mut first_data_row = if two_rows { row + 2 } else { row + 1 };
    if is_column_numbers(sheet, first_data_row) {
        first_data_row += 1;
    }
    Some(Table {
        sheet: 0,
        header_row: row,
        first_data_row,
        columns,
    })
}

/// A second header row: text only, under a cell merged over two rows or
/// holding labels such as "Cụm chấm".
fn is_subheader(sheet: &Sheet, row: u32) -> bool {
    let cells = sheet.row(row);
    !cells.is_empty()
        && cells
            .iter()
            .all(|c| matches!(&c.value, Value::Text(t) if normalize_code(t).is_none()))
        && sheet
            .merges()
            .iter()
            .any(|m| m.first_row + 1 == row && m.last_row >= row)
}

/// A row of column numbers under the header: 1, 2, 3, ... or (1), (2), (3).
fn is_column_numbers(sheet: &Sheet, row: u32) -> bool {
    let cells = sheet.row(row);
    if cells.len() < 3 {
        return false;
    }
    cells.iter().enumerate().all(|(i, c)| {
        let t = cells::text(Some(c));
        let t = t.trim_matches(|ch| ch == '(' || ch == ')' || ch == ' ');
        t == (i + 1).to_string() || t.len() == 1 && t.chars().all(|ch| ch.is_ascii_uppercase())
    })
}

/// Which unit the workbook belongs to: the "Đơn vị" line, else a title naming
/// exactly one unit, else the file name.
fn which_unit(
    sheet: &Sheet,
    header_row: u32,
    file_stem: &str,
    keys: &Keys,
) -> Result<String, Reason> {
    let above: Vec<&Cell> = sheet
        .cells()
        .iter()
        .take_while(|c| c.row < header_row)
        .collect();
    let line = unit_line(sheet, &above);
    let line_row = line.as_ref().map(|(_, row)| *row);
    let titles = above
        .iter()
        .filter(|c| Some(c.row) != line_row)
        .map(|c| cells::text(Some(c)));
    let titled = units_named_in(titles, keys);
    if let Some((name, _)) = line {
        let code = match unit_by_name(&name, keys)? {
            Some(code) => code,
            // "Hội CCB tỉnh Cao Bằng (CB)": a line that names exactly one unit among other words.
            None => match &units_named_in(std::iter::once(name.clone()), keys)[..] {
                [code] => code.clone(),
                [] => return Err(Reason::UnitNameUnknown(name)),
                [a, b, ..] => {
                    let shown = |code: &str| {
                        let i = keys.agreement.units.iter().position(|u| u.code == code);
                        i.map_or_else(|| code.to_string(), |i| keys.shown(i))
                    };
                    return Err(Reason::UnitNameFitsTwo(name, shown(a), shown(b)));
                }
            },
        };
        // A title naming another unit (and not this one) tells the unit a second way.
        if let Some(other) = titled.iter().find(|t| **t != code) {
            if !titled.contains(&code) {
                return Err(Reason::UnitNamedTwice(code, other.clone()));
            }
        }
        return Ok(code);
    }
    match &titled[..] {
        [code] => return Ok(code.clone()),
        [a, b, ..] => return Err(Reason::UnitNamedTwice(a.clone(), b.clone())),
        [] => {}
    }
    match &units_named_in_file_name(file_stem, keys)[..] {
        [code] => Ok(code.clone()),
        [a, b, ..] => Err(Reason::UnitNamedTwice(a.clone(), b.clone())),
        [] => Err(Reason::NoUnitNamed),
    }
}

/// The name on a line starting with "Đơn vị" (in that cell or the next), with its row.
fn unit_line(sheet: &Sheet, above: &[&Cell]) -> Option<(String, u32)> {
    above.iter().find_map(|cell| {
        let t = cells::text(Some(cell));
        let folded = fold(&t);
        if !folded.starts_with("don vi") || folded.starts_with("don vi tinh") {
            return None;
        }
        let rest = after_words(&t, 2)
            .trim_start_matches([':', ' ', '-', '.'])
            .trim()
            .to_string();
        if !rest.is_empty() {
            return Some((rest, cell.row));
        }
        sheet
            .row(cell.row)
            .iter()
            .filter(|c| c.col > cell.col)
            .map(|c| cells::text(Some(c)))
            .find(|t| !t.is_empty())
            .map(|name| (name, cell.row))
    })
}

/// Text after the first `n` words.
fn after_words(s: &str, n: usize) -> &str {
    let mut rest = s.trim_start();
    for _ in 0..n {
        let end = rest
            .find(|c: char| c.is_whitespace() || c == ':')
            .unwrap_or(rest.len());
        rest = rest[end..].trim_start();
    }
    rest
}

/// The unit a name (or code) designates: the unit with that code, else the
/// one unit one of whose names matches. A name that fits two units and
/// does not tell them apart (by "tỉnh" / "thành phố", or the full name) is
/// an error naming both: never a guess.
fn unit_by_name(name: &str, keys: &Keys) -> Result<Option<String>, Reason> {
    if let Some(&i) = keys.unit_by_code.get(&fold(name)).and_then(|u| u.first()) {
        return Ok(Some(keys.code(i)));
    }
    match keys.name_keys.get(&fold_unit_name(name)).map(Vec::as_slice) {
        None | Some([]) => Ok(None),
        Some([i]) => Ok(Some(keys.code(*i))),
        Some(units @ [a, b, ..]) => match keys.told_apart(name, units) {
            Some(i) => Ok(Some(keys.code(i))),
            None => Err(Reason::UnitNameFitsTwo(
                name.to_string(),
                keys.shown(*a),
                keys.shown(*b),
            )),
        },
    }
}

/// Units whose name appears, as whole words, in any of the texts, in unit order.
fn units_named_in(texts: impl Iterator<Item = String>, keys: &Keys) -> Vec<String> {
    let mut found: Vec<usize> = Vec::new();
    for text in texts {
        // Words separated by single spaces: a name appears as whole words
        // exactly when its key is one of the runs of consecutive words.
        let folded = fold_unit_name(&text);
        let words: Vec<(usize, usize)> = folded
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let start = w.as_ptr() as usize - folded.as_ptr() as usize;
                (start, start + w.len())
            })
            .collect();
        for first in 0..words.len() {
            let last_max = words.len().min(first + keys.longest_name);
            for last in first..last_max {
                let run = &folded[words[first].0..words[last].1];
                match keys.name_keys.get(run).map(Vec::as_slice) {
                    Some([unit]) => found.push(*unit),
                    Some(units) => match keys.told_apart(&text, units) {
                        Some(unit) => found.push(unit),
                        None => found.extend_from_slice(units),
                    },
                    None => {}
                }
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found.into_iter().map(|i| keys.code(i)).collect()
}

/// Units a file name designates by name or by code.
fn units_named_in_file_name(stem: &str, keys: &Keys) -> Vec<String> {
    let spaced: String = stem
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let by_name = units_named_in(std::iter::once(spaced.clone()), keys);
    if !by_name.is_empty() {
        return by_name;
    }
    let mut found: Vec<usize> = spaced
        .split_whitespace()
        .filter_map(|token| keys.unit_by_code.get(&fold(token)))
        .flatten()
        .copied()
        .collect();
    found.sort_unstable();
    found.dedup();
    found.into_iter().map(|i| keys.code(i)).collect()
}

/// A year named above the header ("năm 2016"), with its cell.
fn which_year(sheet: &Sheet, header_row: u32) -> Option<(i32, u32, u32)> {
    sheet
        .cells()
        .iter()
        .take_while(|c| c.row < header_row)
        .find_map(|cell| {
            year_named(&fold(&cells::text(Some(cell)))).map(|y| (y, cell.row, cell.col))
        })
}

/// The year in "năm 2016", skipping dates ("ngày 05 tháng 01 năm 2017": the
/// date a sheet was signed is not the year it scores).
fn year_named(folded: &str) -> Option<i32> {
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).enumerate().find_map(|(i, pair)| {
        let [word, number] = pair else { return None };
        let is_year =
            *word == "nam" && number.len() == 4 && number.chars().all(|c| c.is_ascii_digit());
        let in_date = i >= 2 && words[i - 2] == "thang";
        if is_year && !in_date {
            number.parse().ok()
        } else {
            None
        }
    })
}

/// Reads the rows of a found table.
struct RowReader<'a> {
    sheet: &'a Sheet,
    table: &'a Table,
    agreement: &'a Agreement,
    keys: &'a Keys<'a>,
    unit: &'a str,
    file: &'a str,
    diagnostics: Vec<Diagnostic>,
    /// A self-score cell is a formula without a calculated value.
    self_score_uncalculated: bool,
}

impl RowReader<'_> {
    fn column(&self, role: Role) -> Option<u32> {
        self.table.columns.get(&role).copied()
    }

    fn cell(&self, row: u32, role: Role) -> Option<&Cell> {
        self.column(role).and_then(|col| self.sheet.get(row, col))
    }

    fn at(&self, kind: Kind, criterion: &str, cell: Option<String>) -> Diagnostic {
        Diagnostic::new(kind)
            .unit(self.unit)
            .file(self.file)
            .sheet(self.sheet.name.clone())
            .criterion(criterion)
            .maybe_cell(cell)
    }

    fn read_rows(&mut self) -> Vec<Option<Entry>> {
        let criteria = &self.agreement.criteria;
        let by_code = &self.keys.criterion_by_code;
        let by_content = &self.keys.criterion_by_content;
        let mut entries: Vec<Option<Entry>> = vec![None; criteria.len()];
        // The row each criterion was read from.
        let mut first_rows: Vec<u32> = vec![0; criteria.len()];
        let mut rows: Vec<u32> = self
            .sheet
            .cells()
            .iter()
            .map(|c| c.row)
            .filter(|r| *r >= self.table.first_data_row)
            .collect();
        rows.dedup();
        for row in rows {
            let code_text = cells::text(self.cell(row, Role::Identifier));
            if let Some(codes) = &self.keys.tree {
                let content = cells::text(self.cell(row, Role::Content));
                match codes.find(&code_text, &content, by_content) {
                    tree::Found::Group => {}
                    tree::Found::Leaf(i) if entries[i].is_none() => {
                        first_rows[i] = row;
                        entries[i] = Some(self.read_entry(row, &criteria[i]))
                    }
                    tree::Found::Leaf(i) => self.duplicate(&criteria[i], first_rows[i], row),
                    tree::Found::Nothing => {
                        self.unmatched(row, !code_text.is_empty(), &code_text, &content)
                    }
                }
                continue;
            }
            let code = normalize_code(&code_text);
            // The content is read only when the code does not tell the row.
            let content = || cells::text(self.cell(row, Role::Content));
            let by_code_match = code.as_deref().and_then(|c| by_code.get(c).copied());
            let mut content_read = None;
            if code.as_deref().is_some_and(is_roman_numeral) {
                continue;
            }
            if code.is_none() {
                let text = content_read.insert(content());
                if crate::read::agreement::is_total_row(&code_text, text) {
                    continue;
                }
            }
            let matched = by_code_match.or_else(|| {
                let text = content_read.get_or_insert_with(content);
                by_content
                    .get(&content_key(text))
                    .copied()
                    .filter(|_| !text.is_empty())
            });
            match matched {
                Some(i) if entries[i].is_none() => {
                    first_rows[i] = row;
                    entries[i] = Some(self.read_entry(row, &criteria[i]))
                }
                Some(i) => self.duplicate(&criteria[i], first_rows[i], row),
                None => {
                    let content = content_read.unwrap_or_else(content);
                    self.unmatched(row, code.is_some(), &code_text, &content)
                }
            }
        }
        for (criterion, entry) in criteria.iter().zip(&entries) {
            if entry.is_none() {
                let d = self.at(Kind::MissingCriterion, &criterion.code, None);
                self.diagnostics.push(d);
            }
        }
        entries
    }

    /// A second row for a criterion: reported when its values differ from
    /// the first row's (which is used).
    fn duplicate(&mut self, criterion: &Criterion, first: u32, second: u32) {
        let roles = [Role::Result, Role::SelfScore];
        let values = |row: u32| -> Vec<String> {
            roles
                .iter()
                .map(|r| cells::text(self.cell(row, *r)))
                .collect()
        };
        if values(first) == values(second) {
            return;
        }
        let shown = |row: u32| -> String {
            roles
                .iter()
                .filter_map(|r| {
                    let col = self.column(*r)?;
                    let value = cells::text(self.sheet.get(row, col));
                    Some(format!("{} \"{value}\"", cell_ref(row, col)))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let d = self
            .at(
                Kind::DuplicateCriterion,
                &criterion.code,
                self.cell_ref(second, Role::Result),
            )
            .expected(shown(first))
            .found(shown(second));
        self.diagnostics.push(d);
    }

    /// A row matching no criterion: reported when it has a code or a value.
    fn unmatched(&mut self, row: u32, has_code: bool, code_text: &str, content: &str) {
        let has_value = [Role::Result, Role::SelfScore]
            .iter()
            .any(|r| self.cell(row, *r).is_some());
        if !has_code && (!has_value || content.is_empty()) {
            return;
        }
        let (label, col) = if has_code {
            (code_text.to_string(), self.column(Role::Identifier))
        } else {
            (content.to_string(), self.column(Role::Content))
        };
        let d = Diagnostic::new(Kind::UnknownCriterion)
            .unit(self.unit)
            .file(self.file)
            .sheet(self.sheet.name.clone())
            .maybe_cell(col.map(|c| cell_ref(row, c)))
            .found(label);
        self.diagnostics.push(d);
    }

    fn cell_ref(&self, row: u32, role: Role) -> Option<String> {
        self.column(role).map(|c| cell_ref(row, c))
    }

    fn read_entry(&mut self, row: u32, criterion: &Criterion) -> Entry {
        let target = criterion.target_for(self.unit);
        let result_cell = self.cell_ref(row, Role::Result);
        let self_score_cell = self.cell_ref(row, Role::SelfScore);
        let assessed = criterion.method == Method::Assessed;
        let result = self.reading(row, Role::Result, criterion, target, !assessed);
        let self_score = self.reading(row, Role::SelfScore, criterion, None, assessed);
        let self_score = match self_score {
            Reading::Value(v) if criterion.method == Method::Penalty => Reading::Value(-v.abs()),
            other => other,
        };
        if let (Reading::Missing, Some(col)) = (&self_score, self.column(Role::SelfScore)) {
            if self.sheet.is_uncalculated(row, col) {
                self.self_score_uncalculated = true;
            }
        }
        let written_target = self.written_number(row, Role::Target, criterion);
        if let (Some(written), Some(signed)) = (written_target, target) {
            if written != signed {
                let d = self
                    .at(
                        Kind::TargetMismatch,
                        &criterion.code,
                        self.cell_ref(row, Role::Target),
                    )
                    .expected(crate::model::diagnostic::number(signed))
                    .found(crate::model::diagnostic::number(written));
                self.diagnostics.push(d);
            }
        }
        if let Some(written) = self.written_number(row, Role::Max, criterion) {
            if written != criterion.max {
                let d = self
                    .at(
                        Kind::MaxMismatch,
                        &criterion.code,
                        self.cell_ref(row, Role::Max),
                    )
                    .expected(crate::model::diagnostic::number(criterion.max))
                    .found(crate::model::diagnostic::number(written));
                self.diagnostics.push(d);
            }
        }
        let note = Some(cells::text(self.cell(row, Role::Note))).filter(|n| !n.is_empty());
        Entry {
            result,
            result_cell,
            self_score,
            self_score_cell,
            written_target,
            note,
        }
    }

    /// A target or maximum written in the workbook, when it reads as a
    /// number; a date there is reported (`not-a-number`).
    fn written_number(&mut self, row: u32, role: Role, criterion: &Criterion) -> Option<Decimal> {
        let cell = self.cell(row, role);
        if let Some(Value::DateTime(serial)) = cell.map(|c| &c.value) {
            let what = if role == Role::Target {
                Reason::TargetCell
            } else {
                Reason::MaxCell
            };
            let d = self
                .at(Kind::NotANumber, &criterion.code, self.cell_ref(row, role))
                .found(cells::date_text(*serial))
                .reason(what);
            self.diagnostics.push(d);
            return None;
        }
        match cells::number(cell) {
            CellNumber::Number(n) if role == Role::Target && criterion.is_percent() => {
                Some(cells::as_percent(n, Some(Decimal::from(100))).0)
            }
            CellNumber::Number(n) => Some(n.value),
            _ => None,
        }
    }

    /// Reads a value cell. `counts` says whether this cell decides the score
    /// (and so gets missing-value / not-a-number / out-of-range findings).
    fn reading(
        &mut self,
        row: u32,
        role: Role,
        criterion: &Criterion,
        target: Option<Decimal>,
        counts: bool,
    ) -> Reading {
        let cell_ref = self.cell_ref(row, role);
        let what = if role == Role::Result {
            Reason::ResultCell
        } else {
            Reason::SelfScoreCell
        };
        let number = match cells::number(self.cell(row, role)) {
            CellNumber::Empty => {
                if counts {
                    let d = self
                        .at(Kind::MissingValue, &criterion.code, cell_ref)
                        .reason(what);
                    self.diagnostics.push(d);
                }
                return Reading::Missing;
            }
            CellNumber::Invalid(text) => {
                // A date in a self-score that does not decide the score is
                // still said: it would otherwise vanish from the total.
                let is_date = matches!(
                    self.cell(row, role).map(|c| &c.value),
                    Some(Value::DateTime(_))
                );
                let reason = if counts {
                    Some(what)
                } else if is_date && role == Role::SelfScore {
                    Some(Reason::SelfScoreNotCounted)
                } else {
                    None
                };
                if let Some(reason) = reason {
                    let d = self
                        .at(Kind::NotANumber, &criterion.code, cell_ref)
                        .found(text.clone())
                        .reason(reason);
                    self.diagnostics.push(d);
                }
                return Reading::Invalid(text);
            }
            CellNumber::Number(n) => n,
        };
        // The cell as shown, for findings only.
        let sheet: &Sheet = self.sheet;
        let shown = self.column(role).and_then(|col| sheet.get(row, col));
        let raw = move || cells::text(shown);
        let (value, percent) = if criterion.is_percent() && role == Role::Result {
            cells::as_percent(number, target)
        } else {
            (number.value, PercentReading::Plain)
        };
        let ambiguity = match (number.ambiguous, percent) {
            (Some(Ambiguity::DotThousands), _) => Some(Reason::VietnameseThousands),
            (Some(Ambiguity::CommaDecimal), _) => Some(Reason::VietnameseDecimal),
            (None, PercentReading::Fraction) => Some(Reason::FractionAsPercent),
            (None, PercentReading::KeptAsWritten) => {
                let other = value * Decimal::from(100);
                let inputs = crate::run::score::Inputs {
                    target,
                    result: Some(other),
                    self_score: None,
                };
                let score = crate::run::score::criterion_score(criterion, inputs);
                Some(Reason::FractionKept { other, score })
            }
            (None, PercentReading::Plain) => None,
        };
        if let Some(reason) = ambiguity {
            let d = self
                .at(Kind::AmbiguousNumber, &criterion.code, cell_ref.clone())
                .found(raw())
                .expected(crate::model::diagnostic::number(value))
                .reason(reason);
            self.diagnostics.push(d);
        }
        if role == Role::Result {
            let out = if value < Decimal::ZERO {
                Some(Reason::Negative)
            } else if criterion.is_percent() && value > Decimal::from(100) {
                Some(Reason::PercentOver100)
            } else {
                None
            };
            if let Some(reason) = out {
                if counts {
                    let d = self
                        .at(Kind::OutOfRange, &criterion.code, cell_ref)
                        .found(crate::model::diagnostic::number(value))
                        .reason(reason);
                    self.diagnostics.push(d);
                }
                return Reading::Invalid(raw());
            }
        }
        Reading::Value(value)
    }
}

/// Criterion wording as compared when a row has no code.
fn content_key(content: &str) -> String {
    fold(content)
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgreementInfo, Thresholds, Unit};
    use crate::read::workbook::Merge;
    use std::collections::BTreeMap;

    fn unit(code: &str, name: &str, short: &str, other: &[&str]) -> Unit {
        Unit {
            code: code.into(),
            name: name.into(),
            short_name: short.into(),
            other_names: other.iter().map(|s| s.to_string()).collect(),
            signer: None,
            signer_title: None,
            old_codes: Vec::new(),
        }
    }

    fn agreement() -> Agreement {
        let criterion = |code: &str, content: &str, method| Criterion {
            code: code.into(),
            content: content.into(),
            measure: String::new(),
            max: Decimal::from(10),
            method,
            rate: None,
            target: Some(Decimal::from(4)),
            unit_targets: BTreeMap::new(),
            section: None,
            row: 0,
        };
        Agreement {
            info: AgreementInfo {
                organisation: "Hội Cựu chiến binh Việt Nam".into(),
                cluster: "Cụm thi đua số 3".into(),
                year: 2016,
                head: "TN".into(),
                deputy: None,
                next_head: "LS".into(),
                next_deputy: "CB".into(),
                place: None,
                conference_date: None,
                thresholds: Thresholds {
                    excellent: 90.into(),
                    good: 80.into(),
                    fair: 65.into(),
                },
                flags: 1,
                certificates: 1,
            },
            units: vec![
                unit("CB", "Hội Cựu chiến binh tỉnh Cao Bằng", "Cao Bằng", &[]),
                unit(
                    "TN",
                    "Hội Cựu chiến binh tỉnh Thái Nguyên",
                    "Thái Nguyên",
                    &[],
                ),
                unit(
                    "BK",
                    "Hội Cựu chiến binh tỉnh Bắc Kạn",
                    "Bắc Kạn",
                    &["Bắc Cạn"],
                ),
            ],
            tree: None,
            sections: Vec::new(),
            criteria: vec![
                criterion("1.1", "Học tập nghị quyết", Method::Threshold),
                criterion("1.2", "Kết nạp hội viên mới", Method::Threshold),
            ],
            class_rules: None,
            title_rules: None,
        }
    }

    fn text(row: u32, col: u32, s: &str) -> Cell {
        Cell {
            row,
            col,
            value: Value::Text(s.into()),
            percent: None,
        }
    }

    fn num(row: u32, col: u32, x: f64) -> Cell {
        Cell {
            row,
            col,
            value: Value::Number(x),
            percent: Some(false),
        }
    }

    fn book(cells: Vec<Cell>, merges: Vec<Merge>) -> Workbook {
        Workbook {
            sheets: vec![Sheet::new("Tự chấm".into(), cells, merges)],
            font_names: Vec::new(),
        }
    }

    fn table(wb: &Workbook, stem: &str) -> (Submission, Vec<Diagnostic>) {
        match import(wb, "nop/x.xlsx", stem, &agreement()) {
            Imported::Table(s, d) => (s, d),
            Imported::Rejected(d, _) => panic!("rejected: {d:?}"),
        }
    }

    fn rejected(wb: &Workbook, stem: &str) -> Diagnostic {
        match import(wb, "nop/x.xlsx", stem, &agreement()) {
            Imported::Rejected(d, _) => *d,
            Imported::Table(s, _) => panic!("accepted for {}", s.unit),
        }
    }

    /// A table at `top`/`left` with the given headers and two criterion rows.
    fn rows_at(top: u32, left: u32, headers: &[&str]) -> Vec<Cell> {
        let mut cells: Vec<Cell> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| text(top, left + i as u32, h))
            .collect();
        for (k, code) in ["1.1", "1,2"].iter().enumerate() {
            let r = top + 1 + k as u32;
            cells.push(text(r, left, code));
            cells.push(num(r, left + 1, 5.0));
        }
        cells
    }

    fn result(s: &Submission, i: usize) -> Reading {
        s.entries[i].as_ref().expect("entry").result.clone()
    }

    #[test]
    fn header_synonyms_find_the_table_anywhere_on_the_sheet() {
        for (id, res) in [
            ("Mã", "Kết quả"),
            ("STT", "Thực hiện"),
            ("Số TT", "Kết quả thực hiện"),
            ("TT", "Kết quả\nthực hiện"),
        ] {
            let mut cells = rows_at(6, 3, &[id, res]);
            cells.push(text(0, 0, "Đơn vị: Hội CCB tỉnh Cao Bằng"));
            let (s, d) = table(&book(cells, vec![]), "x");
            assert_eq!(s.unit, "CB");
            assert_eq!(
                result(&s, 0),
                Reading::Value(Decimal::from(5)),
                "{id}/{res}"
            );
            assert_eq!(
                result(&s, 1),
                Reading::Value(Decimal::from(5)),
                "code 1,2 is 1.2"
            );
            assert!(d.is_empty(), "{d:?}");
        }
    }

    #[test]
    fn two_row_header_under_a_merged_parent_names_the_self_score() {
        let mut cells = vec![
            text(0, 0, "Đơn vị: Cao Bằng"),
            text(2, 0, "STT"),
            text(2, 1, "Kết quả"),
            text(2, 2, "Điểm"),
            text(3, 2, "Tự chấm"),
            text(3, 3, "Cụm chấm"),
        ];
        cells.extend([
            text(4, 0, "1.1"),
            num(4, 1, 4.0),
            num(4, 2, 10.0),
            text(5, 0, "1.2"),
            num(5, 1, 1.0),
            num(5, 2, 0.0),
        ]);
        let merges = vec![Merge {
            first_row: 2,
            first_col: 2,
            last_row: 2,
            last_col: 3,
        }];
        let (s, d) = table(&book(cells, merges), "x");
        let e = s.entries[0].as_ref().unwrap();
        assert_eq!(e.self_score, Reading::Value(Decimal::from(10)));
        assert_eq!(e.self_score_cell.as_deref(), Some("C5"));
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn a_row_of_column_numbers_under_the_header_is_not_data() {
        let mut cells = vec![
            text(0, 0, "Đơn vị: Cao Bằng"),
            text(1, 0, "STT"),
            text(1, 1, "Kết quả"),
            text(1, 2, "Ghi chú"),
        ];
        cells.extend([num(2, 0, 1.0), num(2, 1, 2.0), num(2, 2, 3.0)]);
        cells.extend([
            text(3, 0, "1.1"),
            num(3, 1, 4.0),
            text(4, 0, "1.2"),
            num(4, 1, 4.0),
        ]);
        let (_, d) = table(&book(cells, vec![]), "x");
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn unit_name_may_follow_in_the_next_cell_and_other_names_count() {
        let mut cells = rows_at(3, 0, &["Mã", "Kết quả"]);
        cells.extend([text(0, 0, "Đơn vị:"), text(0, 2, "Hội CCB tỉnh Bắc Cạn")]);
        assert_eq!(table(&book(cells, vec![]), "x").0.unit, "BK");
    }

    #[test]
    fn unit_from_a_title_then_from_the_file_name() {
        let mut cells = rows_at(3, 0, &["Mã", "Kết quả"]);
        cells.push(text(0, 0, "HỘI CỰU CHIẾN BINH TỈNH THÁI NGUYÊN"));
        assert_eq!(table(&book(cells, vec![]), "bang-diem").0.unit, "TN");
        let cells = rows_at(3, 0, &["Mã", "Kết quả"]);
        assert_eq!(
            table(&book(cells.clone(), vec![]), "Tu cham CCB Cao Bang 2016")
                .0
                .unit,
            "CB"
        );
        assert_eq!(table(&book(cells, vec![]), "BK_tuchamdiem").0.unit, "BK");
    }

    #[test]
    fn unit_told_two_ways_or_not_at_all_is_unknown() {
        let mut cells = rows_at(3, 0, &["Mã", "Kết quả"]);
        cells.push(text(0, 0, "Đơn vị: Cao Bằng"));
        cells.push(text(1, 0, "HỘI CCB TỈNH THÁI NGUYÊN"));
        assert_eq!(rejected(&book(cells, vec![]), "x").kind, Kind::UnknownUnit);
        let mut cells = rows_at(3, 0, &["Mã", "Kết quả"]);
        cells.push(text(0, 0, "Đơn vị: Hội CCB tỉnh Hà Giang"));
        let d = rejected(&book(cells, vec![]), "x");
        assert_eq!(
            d.reason,
            Some(Reason::UnitNameUnknown("Hội CCB tỉnh Hà Giang".into()))
        );
        let cells = rows_at(3, 0, &["Mã", "Kết quả"]);
        assert_eq!(
            rejected(&book(cells, vec![]), "bang diem").reason,
            Some(Reason::NoUnitNamed)
        );
    }

    #[test]
    fn another_year_above_the_table_rejects_the_workbook() {
        let mut cells = rows_at(3, 0, &["Mã", "Kết quả"]);
        cells.extend([
            text(0, 0, "Đơn vị: Cao Bằng"),
            text(1, 0, "BẢNG TỰ CHẤM ĐIỂM NĂM 2015"),
        ]);
        let d = rejected(&book(cells, vec![]), "x");
        assert_eq!((d.kind, d.cell.as_deref()), (Kind::WrongYear, Some("A2")));
        let mut cells = rows_at(3, 0, &["Mã", "Kết quả"]);
        cells.extend([
            text(0, 0, "Đơn vị: Cao Bằng"),
            text(1, 0, "Thi đua năm 2016"),
        ]);
        table(&book(cells, vec![]), "x");
    }

    #[test]
    fn the_signing_date_is_not_the_year_scored() {
        assert_eq!(year_named("thai nguyen, ngay 05 thang 01 nam 2017"), None);
        assert_eq!(year_named("bang tu cham diem thi dua nam 2016"), Some(2016));
        assert_eq!(
            year_named("ngay 5 thang 1 nam 2017. ket qua nam 2016"),
            Some(2016)
        );
        let mut cells = rows_at(3, 0, &["Mã", "Kết quả"]);
        cells.extend([
            text(0, 0, "Đơn vị: Cao Bằng"),
            text(0, 3, "Cao Bằng, ngày 05 tháng 01 năm 2017"),
            text(1, 0, "NĂM 2016"),
        ]);
        table(&book(cells, vec![]), "x");
    }

    #[test]
    fn rows_without_a_code_match_by_content_and_unknown_codes_are_reported() {
        let cells = vec![
            text(0, 0, "Đơn vị: Cao Bằng"),
            text(1, 0, "STT"),
            text(1, 1, "Nội dung tiêu chí"),
            text(1, 2, "Kết quả"),
            text(2, 1, "Học tập  nghị quyết."),
            num(2, 2, 4.0),
            text(3, 0, "1.2"),
            num(3, 2, 4.0),
            text(4, 0, "7.7"),
            num(4, 2, 1.0),
            text(5, 1, "Tổng cộng"),
            num(5, 2, 8.0),
        ];
        let (s, d) = table(&book(cells, vec![]), "x");
        assert_eq!(result(&s, 0), Reading::Value(Decimal::from(4)));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (d[0].kind, d[0].cell.as_deref()),
            (Kind::UnknownCriterion, Some("A5"))
        );
    }

    #[test]
    fn no_identifier_and_result_header_means_no_table() {
        let wb = book(
            vec![
                text(0, 0, "Kính gửi: Cụm thi đua số 3"),
                text(1, 0, "Nội dung"),
                text(1, 1, "Ghi chú"),
            ],
            vec![],
        );
        assert_eq!(rejected(&wb, "x").kind, Kind::NoTable);
    }

    #[test]
    fn another_year_is_said_before_an_unknown_unit() {
        let mut cells = rows_at(3, 0, &["Mã", "Kết quả"]);
        cells.extend([
            text(0, 0, "Đơn vị: Hội CCB tỉnh Hà Giang"),
            text(1, 0, "NĂM 2015"),
        ]);
        let d = rejected(&book(cells, vec![]), "x");
        assert_eq!((d.kind, d.unit), (Kind::WrongYear, None));
    }

    #[test]
    fn names_folding_alike_are_told_apart_or_rejected_naming_both() {
        let mut a = agreement();
        a.units.insert(
            0,
            unit(
                "TPCB",
                "Hội Cựu chiến binh thành phố Cao Bằng",
                "TP Cao Bằng",
                &[],
            ),
        );
        let keys = Keys::new(&a);
        let with_line = |line: &str| {
            let mut cells = rows_at(3, 0, &["Mã", "Kết quả"]);
            cells.push(text(0, 0, line));
            book(cells, vec![])
        };
        let unit_of = |line: &str| match import_with(&with_line(line), "f", "x", &keys) {
            Imported::Table(s, _) => Ok(s.unit),
            Imported::Rejected(d, _) => Err(d.reason),
        };
        assert_eq!(unit_of("Đơn vị: Hội CCB tỉnh Cao Bằng"), Ok("CB".into()));
        assert_eq!(unit_of("Đơn vị: Thành phố Cao Bằng"), Ok("TPCB".into()));
        assert_eq!(unit_of("Đơn vị: CB"), Ok("CB".into()));
        assert_eq!(unit_of("Đơn vị: TPCB"), Ok("TPCB".into()));
        assert_eq!(
            unit_of("Đơn vị: Cao Bằng"),
            Err(Some(Reason::UnitNameFitsTwo(
                "Cao Bằng".into(),
                "Hội Cựu chiến binh thành phố Cao Bằng (TPCB)".into(),
                "Hội Cựu chiến binh tỉnh Cao Bằng (CB)".into(),
            )))
        );
        // A title telling the kind of place.
        let mut cells = rows_at(3, 0, &["Mã", "Kết quả"]);
        cells.push(text(0, 0, "HỘI CỰU CHIẾN BINH TỈNH CAO BẰNG"));
        match import_with(&book(cells, vec![]), "f", "x", &keys) {
            Imported::Table(s, _) => assert_eq!(s.unit, "CB"),
            Imported::Rejected(d, _) => panic!("{d:?}"),
        }
    }

    #[test]
    fn a_second_row_for_a_criterion_is_reported_when_it_differs() {
        let mut cells = rows_at(3, 0, &["Mã", "Kết quả"]);
        cells.extend([
            text(0, 0, "Đơn vị: Cao Bằng"),
            text(6, 0, "1.1"),
            num(6, 1, 7.0),
            text(7, 0, "1.2"),
            num(7, 1, 5.0),
        ]);
        let (s, d) = table(&book(cells, vec![]), "x");
        assert_eq!(result(&s, 0), Reading::Value(Decimal::from(5)));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (d[0].kind, d[0].cell.as_deref()),
            (Kind::DuplicateCriterion, Some("B7"))
        );
    }

    #[test]
    fn a_blank_form_is_rejected_once() {
        let cells = vec![
            text(0, 0, "Đơn vị: Cao Bằng"),
            text(1, 0, "Mã"),
            text(1, 1, "Kết quả"),
            text(2, 0, "1.1"),
            text(3, 0, "1.2"),
        ];
        let d = rejected(&book(cells, vec![]), "x");
        assert_eq!((d.kind, d.unit.as_deref()), (Kind::EmptyForm, Some("CB")));
    }

    #[test]
    fn nfd_headers_and_names_are_matched() {
        use unicode_normalization::UnicodeNormalization;
        let nfd = |s: &str| s.nfd().collect::<String>();
        let mut cells = vec![text(0, 0, &nfd("Đơn vị: Hội Cựu chiến binh tỉnh Cao Bằng"))];
        cells.extend([
            text(2, 0, &nfd("Mã")),
            text(2, 1, &nfd("Kết quả")),
            text(3, 0, "1.1"),
            num(3, 1, 4.0),
            text(4, 0, "1.2"),
            num(4, 1, 4.0),
        ]);
        let (s, d) = table(&book(cells, vec![]), "x");
        assert_eq!(s.unit, "CB");
        assert!(d.is_empty(), "{d:?}");
    }
}
