//! Reading .xlsx/.xlsm in process with calamine's streaming cell reader:
//! cells are stored sparsely as they come (a cell at A1 and one at
//! XFD1048576 cost two cells), each with its number format's percent flag,
//! plus merged regions and the font names of the cell formats.
//!
//! The zip pre-checks of `sniff` must have passed first: they are what
//! bounds the work and memory of this module.

use super::convert::{self, from_data_ref, is_percent_format, text_len, worksheet_names};
use super::formulas;
use super::limits::Budget;
use super::merges::{merges_in, Parts, Tap};
use super::sniff::cannot_open;
use super::{Cell, Merge, ReadError, Sheet, Workbook};
use calamine::{Reader, Style, Xlsx, XlsxError};
use std::cell::RefCell;
use std::collections::HashSet;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

type Book = Xlsx<Tap>;

/// Reads an xlsx/xlsm file (read whole into memory: in process, it is small).
pub(super) fn read(path: &Path) -> Result<Workbook, ReadError> {
    read_bytes(std::fs::read(path).map_err(cannot_open)?.into())
}

/// Reads an xlsx/xlsm file from its bytes.
pub(super) fn read_bytes(bytes: Arc<[u8]>) -> Result<Workbook, ReadError> {
    let seeks = Rc::new(RefCell::new(Vec::new()));
    let mut book: Book =
        Xlsx::new(Tap::new(Arc::clone(&bytes), Rc::clone(&seeks))).map_err(error)?;
    let mut parts = Parts::new(bytes);
    let is_1904 = book.has_1904_epoch();
    let names = worksheet_names(book.sheets_metadata());
    let mut budget = Budget::default();
    let mut styles: Option<Styles> = None;
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        seeks.borrow_mut().clear();
        let Some(cells) = read_cells(&mut book, &name, is_1904, &mut styles, &mut budget)? else {
            continue;
        };
        // The regions from the part calamine just read, else from calamine.
        let xml = parts.sheet_part(&seeks.borrow());
        let fast = xml.as_deref().and_then(merges_in);
        let uncalculated = xml.as_deref().map(formulas::uncalculated_in);
        let merges = match fast {
            Some(Ok(regions)) => {
                budget.add_merges(regions.len())?;
                regions.iter().map(convert::merge).collect()
            }
            Some(Err(())) => Vec::new(),
            None => read_merges(&mut book, &name, &mut budget)?,
        };
        let sheet = Sheet::new(name, cells, merges);
        sheets.push(sheet.with_uncalculated(uncalculated.unwrap_or_default()));
    }
    let font_names = styles.map(|s| s.fonts).unwrap_or_default();
    Ok(Workbook { sheets, font_names })
}

/// What the cell formats tell: which are percent formats, and the fonts.
struct Styles {
    percent: Vec<bool>,
    fonts: Vec<String>,
}

impl Styles {
    fn from_palette(palette: &[Style]) -> Styles {
        let percent = palette.iter().map(is_percent_style).collect();
        let mut seen = HashSet::new();
        let fonts = palette
            .iter()
            .filter_map(|s| s.font.as_ref()?.name.as_ref())
            .filter(|name| seen.insert(name.as_str()))
            .cloned()
            .collect();
        Styles { percent, fonts }
    }

    /// Whether the cell format with this id (the cell's `s`) is a percent
    /// format; an id outside the palette is the default, General.
    fn is_percent(&self, style_id: usize) -> bool {
        self.percent.get(style_id).copied().unwrap_or(false)
    }
}

/// Built-in formats 9 ("0%") and 10 ("0.00%"), or a custom code with a `%`.
fn is_percent_style(style: &Style) -> bool {
    style
        .number_format
        .as_ref()
        .is_some_and(|f| matches!(f.format_id, Some(9 | 10)) || is_percent_format(&f.format_code))
}

/// The non-empty cells of one worksheet; `None` when the part turns out
/// not to be a worksheet.
fn read_cells(
    book: &mut Book,
    name: &str,
    is_1904: bool,
    styles: &mut Option<Styles>,
    budget: &mut Budget,
) -> Result<Option<Vec<Cell>>, ReadError> {
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(XlsxError::NotAWorksheet(_)) => return Ok(None),
        Err(e) => return Err(sheet_error(name, e)),
    };
    let styles = styles.get_or_insert_with(|| Styles::from_palette(reader.styles()));
    let mut cells = Vec::new();
    loop {
        match reader.next_cell_with_style_id() {
            Ok(Some((cell, style_id))) => {
                let Some(value) = from_data_ref(cell.get_value(), is_1904) else {
                    continue;
                };
                budget.add_cell(text_len(&value))?;
                let (row, col) = cell.get_position();
                let percent = Some(styles.is_percent(style_id));
                cells.push(Cell {
                    row,
                    col,
                    value,
                    percent,
                });
            }
            Ok(None) => break,
            // An error code calamine does not know (#SPILL!, #CALC!, ...):
            // the rest of that cell is skipped on the next call, and the
            // cell reads as empty. calamine does not tell which cell it was.
            Err(XlsxError::CellError(_)) => budget.add_cell(0)?,
            Err(e) => return Err(sheet_error(name, e)),
        }
    }
    Ok(Some(cells))
}

/// The merged regions of a worksheet whose cells were read. Regions
/// calamine cannot parse (whole rows or columns such as "A:A") leave the
/// sheet without merges rather than losing the readable cells.
fn read_merges(book: &mut Book, name: &str, budget: &mut Budget) -> Result<Vec<Merge>, ReadError> {
    let regions = match book.merge_cells_by_sheet_name(name) {
        Ok(regions) => regions,
        Err(XlsxError::Password) => return Err(ReadError::Encrypted),
        Err(_) => return Ok(Vec::new()),
    };
    budget.add_merges(regions.len())?;
    Ok(regions.iter().map(convert::merge).collect())
}

fn error(e: XlsxError) -> ReadError {
    match e {
        XlsxError::Password => ReadError::Encrypted,
        e => ReadError::Corrupt(format!("cannot read as xlsx: {e}")),
    }
}

fn sheet_error(sheet: &str, e: XlsxError) -> ReadError {
    match e {
        XlsxError::Password => ReadError::Encrypted,
        e => ReadError::Corrupt(format!("sheet \"{sheet}\": {e}")),
    }
}
