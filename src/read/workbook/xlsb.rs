//! Reading .xlsb with calamine's streaming cell reader, cells stored
//! sparsely. calamine gives neither number formats nor merged regions for
//! xlsb, so `percent` is `None` and there are no merges.
//!
//! Run only inside the worker process in production: calamine's xlsb reader
//! indexes record buffers unchecked and panics on damaged files.

use super::convert::{from_data_ref, text_len, worksheet_names};
use super::limits::Budget;
use super::sniff::cannot_open;
use super::{Cell, ReadError, Sheet, Workbook};
use calamine::{Reader, Xlsb, XlsbError};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

type Book = Xlsb<BufReader<File>>;

/// Reads an xlsb file.
pub(super) fn read(path: &Path) -> Result<Workbook, ReadError> {
    let file = File::open(path).map_err(cannot_open)?;
    let mut book: Book = Xlsb::new(BufReader::new(file)).map_err(error)?;
    let is_1904 = book.has_1904_epoch();
    let mut budget = Budget::default();
    let mut sheets = Vec::new();
    for name in worksheet_names(book.sheets_metadata()) {
        let cells = read_cells(&mut book, &name, is_1904, &mut budget)?;
        sheets.push(Sheet::new(name, cells, Vec::new()));
    }
    Ok(Workbook {
        sheets,
        font_names: Vec::new(),
    })
}

fn read_cells(
    book: &mut Book,
    name: &str,
    is_1904: bool,
    budget: &mut Budget,
) -> Result<Vec<Cell>, ReadError> {
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|e| sheet_error(name, e))?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|e| sheet_error(name, e))? {
        let Some(value) = from_data_ref(cell.get_value(), is_1904) else {
            continue;
        };
        budget.add_cell(text_len(&value))?;
        let (row, col) = cell.get_position();
        cells.push(Cell {
            row,
            col,
            value,
            percent: None,
        });
    }
    Ok(cells)
}

fn error(e: XlsbError) -> ReadError {
    match e {
        XlsbError::Password => ReadError::Encrypted,
        e => ReadError::Corrupt(format!("cannot read as xlsb: {e}")),
    }
}

fn sheet_error(sheet: &str, e: XlsbError) -> ReadError {
    match e {
        XlsbError::Password => ReadError::Encrypted,
        e => ReadError::Corrupt(format!("sheet \"{sheet}\": {e}")),
    }
}
