//! Formula cells without a calculated value in an .xlsx worksheet part: a
//! `<c>` holding an `<f>` and no `<v>`, or an empty `<v>` in a cell that is
//! not of string type, as written by programs that do not recalculate
//! (openpyxl writes `<f>..</f><v/>`). An empty `<v>` in a string cell
//! (`t="str"`) is a calculated empty text (Excel and LibreOffice write a
//! formula giving "" so). calamine reads such a cell
//! as empty and does not say it was a formula; the importer must know, so
//! that an unknown value never counts as a number.

use super::merges::row_column;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The (row, col) of every formula cell without a value, in sheet order.
/// A part that stops parsing gives what was found before.
pub(super) fn uncalculated_in(xml: &[u8]) -> Vec<(u32, u32)> {
    let mut found = Vec::new();
    // No formula start tag at all: nothing to parse (the common case for
    // typed-in forms).
    if memchr::memmem::find(xml, b"<f").is_none() && memchr::memmem::find(xml, b":f").is_none() {
        return found;
    }
    let mut reader = Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    let mut buf = Vec::new();
    let (mut row, mut col) = (0u32, 0u32);
    // The open cell: its position, whether it has a formula, a value.
    let mut cell: Option<((u32, u32), bool, bool)> = None;
    // Whether the open cell is of string type (`t="str"`).
    let mut string_cell = false;
    let mut in_value = false;
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(_) => break,
        };
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                if let Some(r) = attribute(&e, "r").and_then(|r| r.parse::<u32>().ok()) {
                    row = r.saturating_sub(1);
                }
                col = 0;
            }
            Event::End(e) if e.local_name().as_ref() == "row" => {
                row = row.saturating_add(1);
                col = 0;
            }
            Event::Start(e) if e.local_name().as_ref() == "c" => {
                let pos = position(&e, row, col);
                col = pos.1.saturating_add(1);
                cell = Some((pos, false, false));
                string_cell = attribute(&e, "t").as_deref() == Some("str");
            }
            Event::Empty(e) if e.local_name().as_ref() == "c" => {
                col = position(&e, row, col).1.saturating_add(1);
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "f" => {
                if let Some((_, formula, _)) = cell.as_mut() {
                    *formula = true;
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "v" => {
                in_value = true;
                if string_cell {
                    if let Some((_, _, value)) = cell.as_mut() {
                        *value = true;
                    }
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == "v" && string_cell => {
                if let Some((_, _, value)) = cell.as_mut() {
                    *value = true;
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "is" => {
                if let Some((_, _, value)) = cell.as_mut() {
                    *value = true;
                }
            }
            Event::End(e) if e.local_name().as_ref() == "v" => in_value = false,
            Event::Text(t) if in_value && !t.as_ref().trim().is_empty() => {
                if let Some((_, _, value)) = cell.as_mut() {
                    *value = true;
                }
            }
            Event::GeneralRef(_) if in_value => {
                if let Some((_, _, value)) = cell.as_mut() {
                    *value = true;
                }
            }
            Event::End(e) if e.local_name().as_ref() == "c" => {
                if let Some((pos, true, false)) = cell.take() {
                    found.push(pos);
                }
                in_value = false;
            }
            Event::End(e) if e.local_name().as_ref() == "sheetData" => break,
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

/// A cell's position: its `r` attribute, else the one after the last.
fn position(e: &BytesStart<'_>, row: u32, col: u32) -> (u32, u32) {
    attribute(e, "r")
        .and_then(|r| row_column(&r).ok())
        .unwrap_or((row, col))
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_without_a_value_are_found_and_calculated_ones_are_not() {
        let xml = br#"<worksheet><sheetData><row r="6"><c r="D6"><v>5</v></c><c r="E6"><f>D6*2</f></c><c r="F6"><f>D6</f><v>5</v></c></row><row r="7"><c r="E7"><f t="shared" si="0"/><v/></c><c r="F7" t="str"><f>A1</f><v></v></c><c r="G7" t="str"><f>A1</f><v>x</v></c><c r="H7" t="str"><f>A1</f></c><c r="I7"><f>A1</f><v></v></c></row></sheetData></worksheet>"#;
        // E6: no value; E7: openpyxl's empty <v/>; H7: a string cell with no
        // <v> at all; I7: an empty <v> in a number cell. F7 is a calculated
        // empty text (LibreOffice, Excel).
        assert_eq!(uncalculated_in(xml), vec![(5, 4), (6, 4), (6, 7), (6, 8)]);
        assert!(uncalculated_in(b"<worksheet><sheetData/></worksheet>").is_empty());
    }
}
