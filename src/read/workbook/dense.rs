//! Reading the formats calamine parses whole into dense ranges: .xls (after
//! telling encrypted and non-Excel OLE files apart) and .ods.
//!
//! Run only inside the worker process in production: calamine's .xls and
//! .ods readers can allocate without bound on hostile files. This module
//! does not spawn anything itself.

use super::convert::{self, from_data, text_len, worksheet_names};
use super::limits::Budget;
use super::ods_repair;
use super::sniff::{cannot_open, ole_kind, OleKind};
use super::{Cell, ReadError, Sheet, Workbook};
use calamine::{Data, Ods, OdsError, Range, Reader, Xls, XlsError};
use std::io::Cursor;
use std::path::Path;

/// Reads an OLE file as .xls.
pub(super) fn read_xls(path: &Path) -> Result<Workbook, ReadError> {
    let bytes = std::fs::read(path).map_err(cannot_open)?;
    match ole_kind(&bytes) {
        OleKind::Encrypted => return Err(ReadError::Encrypted),
        OleKind::Other => return Err(ReadError::NotSpreadsheet),
        OleKind::Workbook => {}
    }
    let mut book: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(xls_error)?;
    let is_1904 = book.has_1904_epoch();
    let mut budget = Budget::default();
    let mut sheets = Vec::new();
    for name in worksheet_names(book.sheets_metadata()) {
        let range = book.worksheet_range(&name).map_err(xls_error)?;
        let cells = range_cells(&range, is_1904, false, &mut budget)?;
        let regions = book.merge_cells_by_sheet_name(&name).map_err(xls_error)?;
        budget.add_merges(regions.len())?;
        let merges = regions.iter().map(convert::merge).collect();
        sheets.push(Sheet::new(name, cells, merges));
    }
    Ok(Workbook {
        sheets,
        font_names: Vec::new(),
    })
}

/// Reads an .ods file (no merged regions or number formats: calamine does
/// not give them).
pub(super) fn read_ods(path: &Path) -> Result<Workbook, ReadError> {
    let mut book = open_ods(path)?;
    let mut budget = Budget::default();
    let mut sheets = Vec::new();
    for name in worksheet_names(book.sheets_metadata()) {
        let range = book.worksheet_range(&name).map_err(ods_error)?;
        let cells = range_cells(&range, false, true, &mut budget)?;
        sheets.push(Sheet::new(name, cells, Vec::new()));
    }
    Ok(Workbook {
        sheets,
        font_names: Vec::new(),
    })
}

/// Opens an .ods, retrying once on a repaired copy of the package when
/// calamine refuses what LibreOffice would open.
fn open_ods(path: &Path) -> Result<Ods<Cursor<Vec<u8>>>, ReadError> {
    let bytes = std::fs::read(path).map_err(cannot_open)?;
    let first = match Ods::new(Cursor::new(bytes)) {
        Ok(book) => return Ok(book),
        Err(e) => e,
    };
    let repairable = matches!(
        first,
        OdsError::Mismatch { .. } | OdsError::FileNotFound("mimetype") | OdsError::InvalidMime(_)
    );
    if repairable {
        if let Ok(bytes) = ods_repair::repaired(path) {
            if let Ok(book) = Ods::new(Cursor::new(bytes)) {
                return Ok(book);
            }
        }
    }
    Err(ods_error(first))
}

/// The non-empty cells of a range, at absolute positions.
fn range_cells(
    range: &Range<Data>,
    is_1904: bool,
    ods: bool,
    budget: &mut Budget,
) -> Result<Vec<Cell>, ReadError> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut cells = Vec::new();
    for (r, c, data) in range.used_cells() {
        let Some(value) = from_data(data, is_1904, ods) else {
            continue;
        };
        budget.add_cell(text_len(&value))?;
        let (Some(row), Some(col)) = (offset(row0, r), offset(col0, c)) else {
            return Err(ReadError::Corrupt("a cell position is out of range".into()));
        };
        cells.push(Cell {
            row,
            col,
            value,
            percent: None,
        });
    }
    Ok(cells)
}

fn offset(start: u32, delta: usize) -> Option<u32> {
    start.checked_add(u32::try_from(delta).ok()?)
}

fn xls_error(e: XlsError) -> ReadError {
    match e {
        XlsError::Password => ReadError::Encrypted,
        e => ReadError::Corrupt(format!("cannot read as xls: {e}")),
    }
}

fn ods_error(e: OdsError) -> ReadError {
    match e {
        OdsError::Password => ReadError::Encrypted,
        OdsError::CellLimitExceeded { .. } => ReadError::TooLarge(super::Limit::Cells {
            max: super::limits::MAX_CELLS,
        }),
        e => ReadError::Corrupt(format!("cannot read as ods: {e}")),
    }
}
