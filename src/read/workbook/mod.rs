//! Reading spreadsheet files into sheets of cells.
//!
//! This module owns everything between a file on disk and the cells the rest
//! of thidua works with: recognising the real format from the file's first
//! bytes (never its extension), the size and zip-bomb pre-checks, the calls
//! into calamine, reading risky formats in a sandboxed worker process, and
//! turning calamine's values into [`Value`]s with percent-format flags.
//!
//! It does not interpret what the cells mean (headers, units, numbers written
//! as text, legacy Vietnamese encodings): that is the importer's job.
//!
//! Formats: .xlsx/.xlsm are read in process, streamed, with the limits of
//! [`limits`]; .xls, .xlsb, .ods and large .xlsx are read by a child process
//! (see [`ReadOptions::worker`]) because calamine can abort the process on
//! them.

mod convert;
mod dense;
pub mod fingerprint;
mod formulas;
mod guard;
pub mod limits;
mod merges;
mod ods_repair;
mod sniff;
mod worker;
mod xlsb;
mod xlsx;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

pub use fingerprint::Fingerprint;
pub use limits::Limit;
pub use worker::{worker_main, WORKER_COMMAND};

/// One spreadsheet file as sheets of cells.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Workbook {
    /// The worksheets, in workbook order (chart and macro sheets are left out).
    pub sheets: Vec<Sheet>,
    /// Font names declared in the workbook's styles where cheaply readable
    /// (the fonts of the cell formats of an .xlsx; empty for other formats).
    /// Used to spot legacy `.VnTime` / `VNI-Times` fonts.
    pub font_names: Vec<String>,
}

impl Workbook {
    /// The sheet with this exact name, if any.
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// One worksheet: its name, its non-empty cells sorted by (row, col), and its
/// merged regions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "SheetParts")]
pub struct Sheet {
    /// The sheet name as the file gives it.
    pub name: String,
    cells: Vec<Cell>,
    merges: Vec<Merge>,
    /// Positions of formula cells without a calculated value, sorted.
    uncalculated: Vec<(u32, u32)>,
}

/// What a [`Sheet`] is deserialized from: the same fields, re-sorted on the
/// way in so the ordering invariant holds whatever the input.
#[derive(Deserialize)]
struct SheetParts {
    name: String,
    cells: Vec<Cell>,
    merges: Vec<Merge>,
    #[serde(default)]
    uncalculated: Vec<(u32, u32)>,
}

impl From<SheetParts> for Sheet {
    fn from(p: SheetParts) -> Sheet {
        Sheet::new(p.name, p.cells, p.merges).with_uncalculated(p.uncalculated)
    }
}

impl Sheet {
    /// Builds a sheet from cells in any order: sorts them by (row, col) and,
    /// where two cells share a position, keeps the last one given.
    pub fn new(name: String, mut cells: Vec<Cell>, merges: Vec<Merge>) -> Sheet {
        if !cells.is_sorted_by(|a, b| a.pos() < b.pos()) {
            // Stable sort keeps the input order of duplicates: keep the last.
            cells.sort_by_key(Cell::pos);
            cells.reverse();
            cells.dedup_by_key(|c| c.pos());
            cells.reverse();
        }
        Sheet {
            name,
            cells,
            merges,
            uncalculated: Vec::new(),
        }
    }

    /// The sheet, noting formula cells that hold no calculated value (a
    /// file saved by a program that does not recalculate, such as
    /// openpyxl): such a cell is not among [`Sheet::cells`], it is absent.
    pub fn with_uncalculated(mut self, mut positions: Vec<(u32, u32)>) -> Sheet {
        positions.sort_unstable();
        positions.dedup();
        self.uncalculated = positions;
        self
    }

    /// Formula cells without a calculated value, sorted by (row, col).
    pub fn uncalculated(&self) -> &[(u32, u32)] {
        &self.uncalculated
    }

    /// Whether the position holds a formula without a calculated value.
    pub fn is_uncalculated(&self, row: u32, col: u32) -> bool {
        self.uncalculated.binary_search(&(row, col)).is_ok()
    }

    /// All non-empty cells, sorted by row then column.
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    /// The cell at a 0-based position, if it is not empty.
    pub fn get(&self, row: u32, col: u32) -> Option<&Cell> {
        self.cells
            .binary_search_by_key(&(row, col), Cell::pos)
            .ok()
            .map(|i| &self.cells[i])
    }

    /// The non-empty cells of one row, sorted by column.
    pub fn row(&self, row: u32) -> &[Cell] {
        let start = self.cells.partition_point(|c| c.row < row);
        let end = start + self.cells[start..].partition_point(|c| c.row == row);
        &self.cells[start..end]
    }

    /// Merged regions, where the format tells them (xlsx, xls); else empty.
    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }

    /// The merged region covering a position, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        self.merges.iter().find(|m| m.contains(row, col))
    }

    /// The last row holding a cell, or `None` for an empty sheet.
    pub fn last_row(&self) -> Option<u32> {
        self.cells.last().map(|c| c.row)
    }
}

/// A merged region, 0-based and inclusive on both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Merge {
    /// First row of the region.
    pub first_row: u32,
    /// First column of the region.
    pub first_col: u32,
    /// Last row of the region (inclusive).
    pub last_row: u32,
    /// Last column of the region (inclusive).
    pub last_col: u32,
}

impl Merge {
    /// Whether the region covers a position.
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row)
            && (self.first_col..=self.last_col).contains(&col)
    }
}

/// One non-empty cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
    /// The value, for a formula its cached result.
    pub value: Value,
    /// `Some(true)` when the cell's number format is a percent format,
    /// `Some(false)` when known not to be, `None` when the format cannot tell
    /// (xls, xlsb and ods as calamine reads them).
    pub percent: Option<bool>,
}

impl Cell {
    /// The (row, col) position, the sort key of a sheet's cells.
    pub fn pos(&self) -> (u32, u32) {
        (self.row, self.col)
    }

    /// The cell's A1-style reference, e.g. "C7".
    pub fn reference(&self) -> String {
        cell_ref(self.row, self.col)
    }
}

/// A cell value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// Text, as stored (not normalised; at most
    /// [`limits::MAX_CELL_TEXT_CHARS`] characters).
    Text(String),
    /// A finite number (integers included).
    Number(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// An error value as Excel shows it: "#DIV/0!", "#N/A", "#VALUE!", ...
    /// (LibreOffice's "Err:502" style codes are kept as they are).
    Error(String),
    /// A date or date-time as an Excel serial number in the 1900 date system
    /// (days since 1899-12-30; the fraction is the time of day), whatever
    /// the file's date system.
    DateTime(f64),
}

impl Value {
    /// The number, for a `Number`.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The text, for a `Text`.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// 0-based row/col -> "A1" style reference, e.g. (0,0) -> "A1", (11, 27) -> "AB12".
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = [0u8; 8];
    let mut n = u64::from(col) + 1;
    let mut i = letters.len();
    while n > 0 {
        i -= 1;
        // n % 26 < 26, so the cast cannot truncate.
        letters[i] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    let mut s = String::with_capacity(letters.len() - i + 7);
    s.extend(letters[i..].iter().map(|&b| char::from(b)));
    s.push_str(&(u64::from(row) + 1).to_string());
    s
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ReadError {
    /// Password-protected or encrypted (including XOR-obfuscated .xls).
    Encrypted,
    /// Not a spreadsheet at all: CSV, text, HTML, images, empty files, other
    /// zip or OLE documents.
    NotSpreadsheet,
    /// Over one of the bounds of [`limits`].
    TooLarge(Limit),
    /// Damaged, or a spreadsheet format that cannot be read (such as raw
    /// Excel 2.x-4.0 files); the text says what was wrong, in English.
    Corrupt(String),
    /// The reader crashed on the file (a panic, running out of memory or
    /// time in the worker process); the text says how, in English.
    Crashed(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Encrypted => f.write_str("the file is password-protected"),
            ReadError::NotSpreadsheet => f.write_str("the file is not a spreadsheet"),
            ReadError::TooLarge(limit) => write!(f, "the file is too large: {limit}"),
            ReadError::Corrupt(why) => write!(f, "the file is damaged or unsupported: {why}"),
            ReadError::Crashed(why) => write!(f, "the file could not be read: {why}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// How to read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The thidua executable to run as a sandboxed reader for risky formats,
    /// as `<worker> __read-workbook <path>`: .xls, .xlsb, .ods, and .xlsx
    /// over [`limits::IN_PROCESS_MAX_UNCOMPRESSED_BYTES`]. `None` = read
    /// everything in process (tests only: a hostile .xls can abort the
    /// process).
    pub worker: Option<PathBuf>,
}

/// Reads a spreadsheet file, whatever its extension says, into sheets of
/// cells. Never panics; risky formats are read by `options.worker`.
pub fn read_workbook(path: &Path, options: &ReadOptions) -> Result<Workbook, ReadError> {
    read_workbook_recorded(path, options).0
}

/// [`read_workbook`], also giving the [`Fingerprint`] of the bytes that were
/// read: the file is opened once and read whole (it is at most
/// [`limits::MAX_FILE_BYTES`]), hashed, and parsed from those bytes; formats
/// read from a path (the worker's) get a private copy of the same bytes. A
/// file over the size limit is hashed by streaming; a FIFO, a device or a
/// folder is never opened.
pub fn read_workbook_recorded(
    path: &Path,
    options: &ReadOptions,
) -> (Result<Workbook, ReadError>, Fingerprint) {
    use std::io::Read;
    let unreadable = |e: std::io::Error| {
        let why = format!("cannot read: {e}");
        (Err(sniff::cannot_open(e)), Fingerprint::unhashed(None, why))
    };
    match std::fs::metadata(path) {
        Ok(meta) => {
            if let Some(kind) = fingerprint::not_regular(&meta) {
                return (
                    Err(ReadError::NotSpreadsheet),
                    Fingerprint::unhashed(None, kind),
                );
            }
        }
        Err(e) => return unreadable(e),
    }
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return unreadable(e),
    };
    let size = match file.metadata() {
        Ok(m) => m.len(),
        Err(e) => return unreadable(e),
    };
    if size > limits::MAX_FILE_BYTES {
        let print = fingerprint::of_reader(&mut file, size)
            .unwrap_or_else(|e| Fingerprint::unhashed(Some(size), format!("cannot read: {e}")));
        let limit = Limit::FileSize {
            size,
            max: limits::MAX_FILE_BYTES,
        };
        return (Err(ReadError::TooLarge(limit)), print);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    if let Err(e) = file.read_to_end(&mut bytes) {
        return unreadable(e);
    }
    drop(file);
    let print = Fingerprint::of_bytes(&bytes);
    (read_held(path, bytes.into(), options), print)
}

/// Reads a file's bytes, already in memory.
fn read_held(
    path: &Path,
    bytes: std::sync::Arc<[u8]>,
    options: &ReadOptions,
) -> Result<Workbook, ReadError> {
    let (sniffed, kept) = sniff::sniff_bytes(bytes)?;
    let Some(bytes) = kept else {
        return Err(ReadError::NotSpreadsheet);
    };
    let xlsx_here = sniffed.format == sniff::Format::Xlsx
        && (options.worker.is_none() || sniffed.safe_in_process());
    if xlsx_here {
        return guard::contained(|| xlsx::read_bytes(bytes));
    }
    // Readers of a path get a private copy of the bytes that were hashed;
    // where no copy can be made, the file itself.
    let copy = PrivateCopy::of(&bytes);
    let from = copy.as_ref().map_or(path, |c| c.0.as_path());
    match &options.worker {
        Some(worker) => worker::run(worker, from),
        None => guard::contained(|| read_format(from, sniffed.format)),
    }
}

/// A copy of an input in the temporary folder, removed when dropped.
struct PrivateCopy(PathBuf);

impl PrivateCopy {
    fn of(bytes: &[u8]) -> Option<PrivateCopy> {
        use std::io::Write;
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("thidua-read-{}-{n}", std::process::id()));
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .ok()?;
        let copy = PrivateCopy(path);
        file.write_all(bytes).ok()?;
        Some(copy)
    }
}

impl Drop for PrivateCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Reads in this process, whatever the format: what the worker runs.
fn read_in_process(path: &Path) -> Result<Workbook, ReadError> {
    guard::contained(|| read_format(path, sniff::sniff(path)?.format))
}

fn read_format(path: &Path, format: sniff::Format) -> Result<Workbook, ReadError> {
    match format {
        sniff::Format::Xlsx => xlsx::read(path),
        sniff::Format::Xlsb => xlsb::read(path),
        sniff::Format::Ods => dense::read_ods(path),
        sniff::Format::Ole => dense::read_xls(path),
    }
}

#[cfg(test)]
mod tests;
