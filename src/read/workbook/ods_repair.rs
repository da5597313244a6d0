//! A second chance for .ods files that LibreOffice opens but calamine
//! refuses: no `mimetype` part, a template's mimetype, or pretty-printed
//! content.xml (whitespace between table elements). The package is rebuilt
//! in memory with the standard mimetype and that whitespace removed.
//!
//! This module only rewrites packages; it reads no cells. Its reads are
//! bounded by the zip pre-checks (declared sizes are enforced by the zip
//! reader).

use std::io::{self, Cursor, Read, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// The package rebuilt: standard mimetype first, content.xml without the
/// whitespace calamine chokes on, every other part as it was.
pub(super) fn repaired(path: &Path) -> io::Result<Vec<u8>> {
    let mut archive = ZipArchive::new(io::BufReader::new(std::fs::File::open(path)?))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    out.start_file("mimetype", stored)?;
    out.write_all(MIMETYPE)?;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.into_owned();
        if name == "mimetype" || entry.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        if name == "content.xml" {
            data = strip_layout_whitespace(&data);
        }
        out.start_file(name, stored.large_file(data.len() > u32::MAX as usize / 2))?;
        out.write_all(&data)?;
    }
    Ok(out.finish()?.into_inner())
}

/// Removes whitespace-only runs holding a line break that come right
/// before a `table:` or `office:` tag: indentation between table elements.
/// Whitespace inside paragraphs (before `text:` tags) is kept.
fn strip_layout_whitespace(xml: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(xml.len());
    let mut i = 0;
    while i < xml.len() {
        let run = xml[i..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        if run == 0 {
            out.push(xml[i]);
            i += 1;
            continue;
        }
        let ws = &xml[i..i + run];
        let rest = &xml[i + run..];
        let after_tag = out.last() == Some(&b'>');
        if !(after_tag && ws.contains(&b'\n') && before_layout_tag(rest)) {
            out.extend_from_slice(ws);
        }
        i += run;
    }
    out
}

fn before_layout_tag(rest: &[u8]) -> bool {
    let rest = rest.strip_prefix(b"<").unwrap_or_default();
    let rest = rest.strip_prefix(b"/").unwrap_or(rest);
    rest.starts_with(b"table:") || rest.starts_with(b"office:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_indentation_between_table_elements_only() {
        let xml = b"<table:table-row>\n  <table:table-cell><text:p>a</text:p>\n <text:span>b</text:span></table:table-cell>\n</table:table-row>";
        let out = strip_layout_whitespace(xml);
        assert_eq!(
            out,
            b"<table:table-row><table:table-cell><text:p>a</text:p>\n <text:span>b</text:span></table:table-cell></table:table-row>"
        );
    }
}
