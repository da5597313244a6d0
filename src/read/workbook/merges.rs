//! The merged regions of an .xlsx worksheet without parsing the sheet twice.
//!
//! calamine's `merge_cells_by_sheet_name` inflates the sheet part again and
//! runs the XML parser over every cell to reach `<mergeCells>`, which
//! follows `<sheetData>`: as much work again as reading the cells. Here the
//! part calamine opened for the cells is recognised (from where it sought in
//! the file, see [`Tap`]), inflated once more and searched for the
//! `<mergeCells>` element with a byte search; only that element is parsed,
//! the way calamine parses it. Where the search cannot be sure to agree with
//! calamine's full parse (comments, CDATA, processing instructions before
//! the element, text not in UTF-8, a part larger than the in-process bound),
//! [`merges_in`] says so and the caller asks calamine.

use super::limits::IN_PROCESS_MAX_UNCOMPRESSED_BYTES;
use calamine::Dimensions;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::cell::RefCell;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::rc::Rc;
use std::sync::Arc;
use zip::ZipArchive;

/// The file's bytes as calamine reads them, noting every position it seeks
/// to: the zip reader seeks to an entry's data just before inflating it.
pub(super) struct Tap {
    cursor: Cursor<Arc<[u8]>>,
    seeks: Rc<RefCell<Vec<u64>>>,
}

impl Tap {
    pub(super) fn new(bytes: Arc<[u8]>, seeks: Rc<RefCell<Vec<u64>>>) -> Tap {
        Tap {
            cursor: Cursor::new(bytes),
            seeks,
        }
    }
}

impl Read for Tap {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.cursor.read(buf)
    }
}

impl Seek for Tap {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let at = self.cursor.seek(pos)?;
        self.seeks.borrow_mut().push(at);
        Ok(at)
    }
}

/// An opened package and its entries' local header offsets, sorted.
type Opened = (ZipArchive<Cursor<Arc<[u8]>>>, Vec<(u64, usize)>);

/// The package's parts, opened on first use.
pub(super) struct Parts {
    bytes: Arc<[u8]>,
    /// The archive and its entries' local header offsets, sorted; `None`
    /// once opening failed.
    opened: Option<Option<Opened>>,
}

impl Parts {
    pub(super) fn new(bytes: Arc<[u8]>) -> Parts {
        Parts {
            bytes,
            opened: None,
        }
    }

    /// The merged regions of the sheet part whose data calamine sought to
    /// (`seeks`, the positions noted while it opened the sheet): `None` when
    /// calamine must be asked; `Some(Err)` where calamine's parse of the
    /// regions fails (no merges, as for calamine).
    /// The inflated sheet part calamine read, when it can be told for sure.
    pub(super) fn sheet_part(&mut self, seeks: &[u64]) -> Option<Vec<u8>> {
        let data_start = *seeks.last()?;
        let bytes = &self.bytes;
        let (archive, starts) = self
            .opened
            .get_or_insert_with(|| {
                let archive = ZipArchive::new(Cursor::new(Arc::clone(bytes))).ok()?;
                let mut starts = Vec::with_capacity(archive.len());
                for i in 0..archive.len() {
                    starts.push((archive.by_index_data(i).ok()?.header_start(), i));
                }
                starts.sort_unstable();
                Some((archive, starts))
            })
            .as_mut()?;
        // The entry whose local header comes last before the data: every
        // noted position must lie in it.
        let entry_at = |pos: u64| {
            let k = starts.partition_point(|&(start, _)| start <= pos);
            k.checked_sub(1).map(|k| starts[k].1)
        };
        let index = entry_at(data_start)?;
        if seeks.iter().any(|&p| entry_at(p) != Some(index)) {
            return None;
        }
        let entry = archive.by_index(index).ok()?;
        if entry.data_start() != Some(data_start) {
            return None;
        }
        let cap = IN_PROCESS_MAX_UNCOMPRESSED_BYTES;
        let mut xml = Vec::with_capacity(entry.size().min(cap) as usize);
        entry.take(cap + 1).read_to_end(&mut xml).ok()?;
        (xml.len() as u64 <= cap).then_some(xml)
    }
}

/// The merged regions of a worksheet part, as calamine's
/// `merge_cells_by_sheet_name` gives them: the `mergeCell` children of the
/// first `mergeCells` element (`Err` where calamine fails, no element: no
/// regions). `None` when a byte search cannot be sure to find the element
/// calamine's parser would.
pub(super) fn merges_in(xml: &[u8]) -> Option<Result<Vec<Dimensions>, ()>> {
    let body = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
    if !body.starts_with(b"<") {
        // UTF-16 or stray text: not searched as bytes.
        return None;
    }
    let Some(start) = first_start_tag(body, b"mergeCells") else {
        // No element of that name, wherever the bytes could hide it.
        return clean(body).then_some(Ok(Vec::new()));
    };
    if !clean(&body[..start]) {
        return None;
    }
    Some(parse_merge_cells(&body[start..]))
}

/// No comment, CDATA section, document type or processing instruction
/// (other than a leading XML declaration): every `<` then opens a tag, since
/// text and attribute values cannot hold one.
fn clean(xml: &[u8]) -> bool {
    let after_declaration = if xml.starts_with(b"<?xml") {
        match memchr::memmem::find(xml, b"?>") {
            Some(end) => &xml[end + 2..],
            None => return false,
        }
    } else {
        xml
    };
    memchr::memmem::find(after_declaration, b"<!").is_none()
        && memchr::memmem::find(after_declaration, b"<?").is_none()
}

/// Where the first start tag with this local name begins (`<name` or
/// `<prefix:name`, followed by a space, `>` or `/`).
fn first_start_tag(xml: &[u8], local: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&xml[from..], local) {
        let at = from + found;
        from = at + 1;
        let after = xml.get(at + local.len()).copied();
        if !matches!(after, Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/')) {
            continue;
        }
        // Back over an optional `prefix:` to the `<`.
        let mut i = at;
        if i > 0 && xml[i - 1] == b':' {
            i -= 1;
            while i > 0 && is_name_byte(xml[i - 1]) {
                i -= 1;
            }
            if i + 1 == at {
                continue;
            }
        }
        if i > 0 && xml[i - 1] == b'<' {
            return Some(i - 1);
        }
    }
    None
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.') || b >= 0x80
}

/// calamine's loop over the element: each `mergeCell` start tag's `ref`.
fn parse_merge_cells(xml: &[u8]) -> Result<Vec<Dimensions>, ()> {
    let mut reader = Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    // The first event is the `mergeCells` start tag found by the search.
    match reader.read_event_into(&mut buf) {
        Ok(Event::Start(e)) if e.local_name().as_ref() == "mergeCells" => {}
        _ => return Err(()),
    }
    let mut regions = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "mergeCell" => {
                if let Some(value) = raw_attr(e.attributes_raw(), "ref")? {
                    regions.push(dimension(value)?);
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "mergeCells" => break,
            Ok(Event::Eof) | Err(_) => return Err(()),
            _ => {}
        }
    }
    Ok(regions)
}

/// An attribute's raw value by exact key, scanning as calamine does: a key
/// without `=` or an unquoted value is an error.
fn raw_attr<'a>(raw: &'a str, name: &str) -> Result<Option<&'a str>, ()> {
    let bytes = raw.as_bytes();
    let len = bytes.len();
    let mut pos = 0;
    loop {
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= len {
            return Ok(None);
        }
        let key_start = pos;
        while pos < len && bytes[pos] != b'=' {
            pos += 1;
        }
        if pos >= len {
            return Err(());
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Err(()),
        };
        pos += 1;
        let value_start = pos;
        while pos < len && bytes[pos] != quote {
            pos += 1;
        }
        let value = &raw[value_start..pos];
        if pos < len {
            pos += 1;
        }
        if key == name {
            return Ok(Some(value));
        }
    }
}

/// "A1" or "A1:C3" as calamine reads it (0-based; arithmetic wrapping as in
/// its release build).
fn dimension(text: &str) -> Result<Dimensions, ()> {
    let parts = text
        .split(':')
        .map(row_column)
        .collect::<Result<Vec<_>, ()>>()?;
    match parts[..] {
        [one] => Ok(Dimensions {
            start: one,
            end: one,
        }),
        [start, end] => Ok(Dimensions { start, end }),
        _ => Err(()),
    }
}

/// "C7" to (6, 2); a missing row or column is an error.
pub(super) fn row_column(text: &str) -> Result<(u32, u32), ()> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut col: u32 = 0;
    let mut row: u32 = 0;
    while i < bytes.len() {
        match bytes[i] {
            c @ b'A'..=b'Z' => col = col.wrapping_mul(26).wrapping_add(u32::from(c - b'A') + 1),
            c @ b'a'..=b'z' => col = col.wrapping_mul(26).wrapping_add(u32::from(c - b'a') + 1),
            c @ b'0'..=b'9' => {
                row = u32::from(c - b'0');
                i += 1;
                break;
            }
            _ => return Err(()),
        }
        i += 1;
    }
    while i < bytes.len() {
        match bytes[i] {
            c @ b'0'..=b'9' => row = row.wrapping_mul(10).wrapping_add(u32::from(c - b'0')),
            _ => return Err(()),
        }
        i += 1;
    }
    let row = row.checked_sub(1).ok_or(())?;
    let col = col.checked_sub(1).ok_or(())?;
    Ok((row, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(tail: &str) -> Vec<u8> {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C3"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>mergeCells &lt;mergeCells&gt;</t></is></c></row></sheetData>{tail}</worksheet>"#
        )
        .into_bytes()
    }

    type Corners = ((u32, u32), (u32, u32));

    fn dims(list: &[Corners]) -> Vec<Dimensions> {
        list.iter()
            .map(|&(start, end)| Dimensions { start, end })
            .collect()
    }

    #[test]
    fn regions_after_the_cells_are_read_as_calamine_reads_them() {
        let xml = sheet(
            r#"<mergeCells count="2"><mergeCell ref="A1:D1"/><mergeCell ref = 'B2'/></mergeCells>"#,
        );
        assert_eq!(
            merges_in(&xml),
            Some(Ok(dims(&[((0, 0), (0, 3)), ((1, 1), (1, 1))])))
        );
        let xml =
            sheet(r#"<x:mergeCells><x:mergeCell ref="c3:aa10"></x:mergeCell></x:mergeCells>"#);
        assert_eq!(merges_in(&xml), Some(Ok(dims(&[((2, 2), (9, 26))]))));
    }

    #[test]
    fn no_element_means_no_regions_and_bad_regions_mean_none() {
        assert_eq!(merges_in(&sheet("")), Some(Ok(Vec::new())));
        assert_eq!(
            merges_in(&sheet(r#"<mergeCells><mergeCell ref="A:A"/></mergeCells>"#)),
            Some(Err(()))
        );
        assert_eq!(
            merges_in(&sheet(r#"<mergeCells><mergeCell ref="A1:B2"/>"#)),
            Some(Err(()))
        );
        assert_eq!(
            merges_in(&sheet(r#"<mergeCells><mergeCell ref=A1/></mergeCells>"#)),
            Some(Err(()))
        );
    }

    #[test]
    fn comments_and_odd_encodings_are_left_to_calamine() {
        let xml =
            sheet(r#"<!-- <mergeCells/> --><mergeCells><mergeCell ref="A1:B1"/></mergeCells>"#);
        assert_eq!(merges_in(&xml), None);
        assert_eq!(merges_in(b"\xFF\xFE<\x00"), None);
    }

    #[test]
    fn start_tags_are_told_from_text_and_longer_names() {
        let xml = b"<a>mergeCells</a><mergeCellsX/><p:mergeCells>";
        assert_eq!(first_start_tag(xml, b"mergeCells"), Some(31));
        assert_eq!(first_start_tag(b"<:mergeCells>", b"mergeCells"), None);
    }
}
