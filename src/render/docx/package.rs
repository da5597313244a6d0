//! From docx-rs's built parts to the bytes of a .docx: the few patches of
//! the built XML for what docx-rs 0.4.22 cannot say, and the zip written
//! with fixed entry times.
//!
//! docx-rs has no API for a table's repeating header row (`w:tblHeader`),
//! for the document's language (`w:lang`), nor for the core properties'
//! title, subject and author; its paragraph ids (`w14:paraId`) come from a
//! per-thread counter that other documents built on the same thread have
//! moved on. So: header rows are built with a marker row height that is
//! replaced here by `w:tblHeader`; `w:lang vi-VN` goes into the document
//! defaults; its `Normal` style is marked as the default paragraph style; the core properties get the document's own; the paragraph ids
//! are numbered afresh from 1. Each patch checks that it matched what it
//! expects (the version of docx-rs is pinned: a new one that writes these
//! parts otherwise fails here, not silently). The zip is ours, not
//! docx-rs's: entry times fixed (1980-01-01), Deflate.

use docx_rs::XMLDocx;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The row height that marks a header row until [`patch`] replaces it.
pub const HEADER_MARK_TWIPS: f32 = 1.0;
/// How docx-rs writes that row height.
const HEADER_MARK: &str = r#"<w:trHeight w:val="1" w:hRule="atLeast" />"#;
/// What Word reads as "repeat as header row at the top of each page".
const TABLE_HEADER: &str = "<w:tblHeader />";
/// The end of the document defaults' run properties, where `w:lang` goes.
const DEFAULT_RUN_END: &str = "</w:rPr></w:rPrDefault>";
/// The document's language: Vietnamese (spelling, hyphenation, fonts).
const LANG: &str = r#"<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA" />"#;
/// docx-rs's Normal style, which it does not mark as the default paragraph style.
const NORMAL: &str = r#"<w:style w:type="paragraph" w:styleId="Normal">"#;
/// The same, marked as the default (paragraphs without a style are Normal).
const NORMAL_DEFAULT: &str = r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#;
/// docx-rs's paragraph id attribute.
const PARA_ID: &str = "w14:paraId=\"";

/// What the core properties say about a document.
pub struct Core<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    pub author: &'a str,
}

/// Patches the built parts (see the module doc); `header_rows` is how
/// many table header rows the document has.
pub fn patch(xml: &mut XMLDocx, header_rows: usize, core: &Core) -> Result<(), String> {
    let document = text(&xml.document)?;
    let found = document.matches(HEADER_MARK).count();
    if found != header_rows {
        return Err(format!(
            "docx: {found} header row marks for {header_rows} header rows (has docx-rs changed?)"
        ));
    }
    let document = document.replace(HEADER_MARK, TABLE_HEADER);
    let mut next = 1u32;
    xml.document = renumber(&document, &mut next).into_bytes();
    for header in &mut xml.headers {
        let t = text(header)?;
        *header = renumber(&t, &mut next).into_bytes();
    }
    let styles = text(&xml.styles)?;
    if styles.matches(DEFAULT_RUN_END).count() != 1 {
        return Err("docx: the document defaults' run properties were not found".to_string());
    }
    if styles.matches(NORMAL).count() != 1 {
        return Err("docx: the Normal style was not found".to_string());
    }
    xml.styles = styles
        .replacen(DEFAULT_RUN_END, &format!("{LANG}{DEFAULT_RUN_END}"), 1)
        .replacen(NORMAL, NORMAL_DEFAULT, 1)
        .into_bytes();
    xml.doc_props.core = core_properties(&text(&xml.doc_props.core)?, core)?.into_bytes();
    Ok(())
}

fn text(bytes: &[u8]) -> Result<String, String> {
    String::from_utf8(bytes.to_vec()).map_err(|e| format!("docx: {e}"))
}

/// Every paragraph id numbered in order from `next` (8 hex digits, below
/// 0x80000000 as Word wants).
fn renumber(xml: &str, next: &mut u32) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(PARA_ID) {
        let start = at + PARA_ID.len();
        out.push_str(&rest[..start]);
        let end = rest[start..].find('"').map_or(start, |e| start + e);
        out.push_str(&format!("{:08X}", *next));
        *next += 1;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The core properties with the document's author, title, subject and language.
fn core_properties(core_xml: &str, core: &Core) -> Result<String, String> {
    let replace = |xml: &str, tag: &str, value: &str| -> Result<String, String> {
        let from = format!("<{tag}>unknown</{tag}>");
        if !xml.contains(&from) {
            return Err(format!("docx: {tag} not found in the core properties"));
        }
        Ok(xml.replacen(&from, &format!("<{tag}>{}</{tag}>", escape(value)), 1))
    };
    let xml = replace(core_xml, "dc:creator", core.author)?;
    let xml = replace(&xml, "cp:lastModifiedBy", core.author)?;
    let end = "</cp:coreProperties>";
    if !xml.contains(end) {
        return Err("docx: the core properties do not end as expected".to_string());
    }
    let added = format!(
        "<dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:language>vi-VN</dc:language>{end}",
        escape(core.title),
        escape(core.subject)
    );
    Ok(xml.replacen(end, &added, 1))
}

/// Text made safe inside an XML element.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in super::clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// The package as a zip: the parts docx-rs writes, in its order, with fixed
/// entry times and Deflate.
pub fn zip(xml: XMLDocx) -> Result<Vec<u8>, String> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), xml.content_type),
        ("_rels/.rels".into(), xml.rels),
        ("docProps/app.xml".into(), xml.doc_props.app),
        ("docProps/core.xml".into(), xml.doc_props.core),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), xml.document_rels),
        ("word/document.xml".into(), xml.document),
        ("word/styles.xml".into(), xml.styles),
        ("word/settings.xml".into(), xml.settings),
        ("word/fontTable.xml".into(), xml.font_table),
        ("word/comments.xml".into(), xml.comments),
        ("word/numbering.xml".into(), xml.numberings),
        ("word/commentsExtended.xml".into(), xml.comments_extended),
        ("word/footnotes.xml".into(), xml.footnotes),
    ];
    for (i, h) in xml.headers.into_iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), h));
        if let Some(rels) = xml.header_rels.get(i) {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels.clone()));
        }
    }
    for (i, f) in xml.footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), f));
        if let Some(rels) = xml.footer_rels.get(i) {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels.clone()));
        }
    }
    for (name, bytes) in parts {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    let cursor = zip.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_ids_are_numbered_in_order() {
        let xml = r#"<w:p w14:paraId="0000abcd"><w:p w14:paraId="00000001">"#;
        let mut next = 5;
        assert_eq!(
            renumber(xml, &mut next),
            r#"<w:p w14:paraId="00000005"><w:p w14:paraId="00000006">"#
        );
        assert_eq!(next, 7);
    }

    #[test]
    fn core_properties_escape_what_they_are_given() {
        let xml = "<cp:coreProperties><dc:creator>unknown</dc:creator><cp:lastModifiedBy>unknown</cp:lastModifiedBy></cp:coreProperties>";
        let core = Core {
            title: "A & B <c>",
            subject: "s",
            author: "Hội CCB",
        };
        let out = core_properties(xml, &core).unwrap();
        assert!(
            out.contains("<dc:title>A &amp; B &lt;c&gt;</dc:title>"),
            "{out}"
        );
        assert!(out.contains("<dc:creator>Hội CCB</dc:creator>"));
        assert!(out.contains("<dc:language>vi-VN</dc:language>"));
    }
}
