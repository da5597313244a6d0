//! Hostile files in the inbox, through the real binary: each is refused with
//! `unreadable-file` and a reason (or read within bounds), within bounded
//! time, and the rest of the run goes on.

mod common;
use common::*;
use std::io::Write;
use std::time::{Duration, Instant};

/// A minimal xlsx around one sheet's XML (and optional shared strings).
fn raw_xlsx(sheet_xml: &str, shared_strings: Option<&str>) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts: zip::write::SimpleFileOptions = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let sst_type = r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#;
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{}</Types>"#, if shared_strings.is_some() { sst_type } else { "" })),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Tự chấm" sheetId="1" r:id="rId1"/></sheets></workbook>"#.into()),
        ("xl/_rels/workbook.xml.rels", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{}</Relationships>"#, if shared_strings.is_some() { r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"# } else { "" })),
        ("xl/worksheets/sheet1.xml", sheet_xml.to_string()),
    ];
    for (name, body) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    if let Some(sst) = shared_strings {
        zip.start_file("xl/sharedStrings.xml", opts).unwrap();
        zip.write_all(sst.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

fn sheet(rows: &str, dimension: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    )
}

#[test]
fn hostile_files_are_refused_in_bounded_time_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path();
    write_agreement(f, &criteria(), &[]);
    let nop = f.join("nop");
    // A good unit, which must still be scored.
    write_unit(
        &nop.join("cao-bang.xlsx"),
        "Cao Bằng",
        2016,
        &answers(
            [95.0, 120.0, 4.0, 1.0, 0.0, 2.0, 0.0],
            [20.0, 30.0, 20.0, 10.0, 18.0, 2.0, 0.0],
        ),
    );
    // A sheet declaring every cell of Excel, with cells at both far corners.
    let corners = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
    std::fs::write(
        nop.join("khong-lo.xlsx"),
        raw_xlsx(&sheet(corners, "A1:XFD1048576"), None),
    )
    .unwrap();
    // A 200 MB file (sparse on disk).
    let big = std::fs::File::create(nop.join("rat-lon.xlsx")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    // A zip bomb: 300 MB of one repeated byte in one part.
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    zip.start_file(
        "xl/worksheets/sheet1.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..300 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
    std::fs::write(nop.join("bom-zip.xlsx"), buf.into_inner()).unwrap();
    // A very long string: 20 million characters in one cell.
    let long = format!(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>{}</t></is></c></row>"#,
        "á".repeat(20_000_000)
    );
    std::fs::write(
        nop.join("chuoi-dai.xlsx"),
        raw_xlsx(&sheet(&long, "A1"), None),
    )
    .unwrap();
    // Deeply nested XML inside a cell.
    let nested = format!(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is>{}{}</c></row>"#,
        "<x>".repeat(200_000),
        "</x>".repeat(200_000)
    );
    std::fs::write(
        nop.join("long-nhau.xlsx"),
        raw_xlsx(&sheet(&nested, "A1"), None),
    )
    .unwrap();
    // A huge shared-strings table: 3 million strings.
    let mut sst = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3000000" uniqueCount="3000000">"#,
    );
    for i in 0..3_000_000 {
        sst.push_str(&format!("<si><t>{i}</t></si>"));
    }
    sst.push_str("</sst>");
    let uses = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
    std::fs::write(
        nop.join("nhieu-chuoi.xlsx"),
        raw_xlsx(&sheet(uses, "A1"), Some(&sst)),
    )
    .unwrap();

    let started = Instant::now();
    let (code, json) = check_json(f, &[]);
    let took = started.elapsed();
    assert_eq!(code, 1);
    assert!(took < Duration::from_secs(120), "took {took:?}");
    assert_eq!(unit(&json, "CB")["status"], "scored");
    assert_eq!(unit(&json, "CB")["total"], serde_json::json!(100.0));
    let diagnostics = json["diagnostics"].as_array().unwrap();
    for name in [
        "khong-lo.xlsx",
        "rat-lon.xlsx",
        "bom-zip.xlsx",
        "chuoi-dai.xlsx",
        "long-nhau.xlsx",
        "nhieu-chuoi.xlsx",
    ] {
        let file = format!("nop/{name}");
        let d = diagnostics.iter().find(|d| d["file"] == file.as_str());
        let d = d.unwrap_or_else(|| panic!("{name} has no finding"));
        assert!(
            ["unreadable-file", "no-table", "unknown-unit"].contains(&d["kind"].as_str().unwrap()),
            "{name}: {d}"
        );
        assert!(!d["message"].as_str().unwrap().is_empty());
        eprintln!("{name}: {}", d["message"]);
    }
    for name in ["rat-lon.xlsx", "bom-zip.xlsx"] {
        let d = diagnostics
            .iter()
            .find(|d| d["file"] == format!("nop/{name}").as_str())
            .unwrap();
        assert_eq!(d["kind"], "unreadable-file", "{name}");
    }
}
