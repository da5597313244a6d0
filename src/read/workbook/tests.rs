//! Unit tests of the reading layer: format sniffing, hostile files, percent
//! formats, dates, merges, and the `Sheet` invariants. Files are generated
//! into temporary folders; the real-world corpus is in tests/corpus.rs.

use super::*;
use std::io::Write;
use tempfile::TempDir;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

fn in_process() -> ReadOptions {
    ReadOptions { worker: None }
}

fn write_file(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write test file");
    path
}

/// A zip of (name, content) entries, deflated.
fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in entries {
        let stored = *name == "mimetype";
        let method = if stored {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(content.len() > u32::MAX as usize / 2);
        zip.start_file(*name, options).expect("start entry");
        zip.write_all(content).expect("write entry");
    }
    zip.finish().expect("finish zip").into_inner()
}

const ODS_CONTENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Tự chấm"><table:table-row><table:table-cell office:value-type="string"><text:p>Mã</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="95.5"><text:p>95,5</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-03-15"><text:p>15/03/2024</text:p></table:table-cell><table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

fn ods_bytes() -> Vec<u8> {
    zip_bytes(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", ODS_CONTENT.as_bytes()),
        ("META-INF/manifest.xml", ODS_MANIFEST.as_bytes()),
    ])
}

fn xlsx_bytes(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Tự chấm").expect("sheet name");
    build(sheet);
    book.save_to_buffer().expect("xlsx to buffer")
}

fn read_one(dir: &TempDir, name: &str, bytes: &[u8]) -> Result<Workbook, ReadError> {
    read_workbook(&write_file(dir, name, bytes), &in_process())
}

#[test]
fn cell_references() {
    assert_eq!(cell_ref(0, 0), "A1");
    assert_eq!(cell_ref(11, 27), "AB12");
    assert_eq!(cell_ref(0, 25), "Z1");
    assert_eq!(cell_ref(0, 26), "AA1");
    assert_eq!(cell_ref(0, 701), "ZZ1");
    assert_eq!(cell_ref(0, 702), "AAA1");
    assert_eq!(cell_ref(1_048_575, 16_383), "XFD1048576");
    assert_eq!(cell_ref(u32::MAX, u32::MAX), "MWLQKWV4294967296");
}

#[test]
fn ods_renamed_xlsx_reads_as_ods() {
    let dir = TempDir::new().expect("temp dir");
    let book = read_one(&dir, "nop.xlsx", &ods_bytes()).expect("ods reads");
    let sheet = &book.sheets[0];
    assert_eq!(sheet.name, "Tự chấm");
    assert_eq!(
        sheet.get(0, 0).map(|c| &c.value),
        Some(&Value::Text("Mã".into()))
    );
    let number = sheet.get(0, 1).expect("B1");
    assert_eq!(number.value, Value::Number(95.5));
    assert_eq!(number.percent, None);
    assert_eq!(
        sheet.get(0, 2).map(|c| &c.value),
        Some(&Value::DateTime(45366.0))
    );
    let error = sheet.get(0, 3).map(|c| &c.value);
    assert_eq!(error, Some(&Value::Error("#DIV/0!".into())));
}

#[test]
fn not_spreadsheets() {
    let dir = TempDir::new().expect("temp dir");
    let cases: [(&str, &[u8]); 5] = [
        ("text.xlsx", b"Ma,Ket qua\n1.1,95\n"),
        ("empty.xlsx", b""),
        ("tiny.xls", b"P"),
        ("image.xls", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        (
            "table.xls",
            b"<html><table><tr><td>1</td></tr></table></html>",
        ),
    ];
    for (name, bytes) in cases {
        assert_eq!(
            read_one(&dir, name, bytes),
            Err(ReadError::NotSpreadsheet),
            "{name}"
        );
    }
    let docx = zip_bytes(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w/>"),
    ]);
    assert_eq!(
        read_one(&dir, "doc.xlsx", &docx),
        Err(ReadError::NotSpreadsheet)
    );
    let odt = zip_bytes(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<x/>"),
    ]);
    assert_eq!(
        read_one(&dir, "odt.ods", &odt),
        Err(ReadError::NotSpreadsheet)
    );
    let missing = dir.path().join("missing.xlsx");
    assert!(matches!(
        read_workbook(&missing, &in_process()),
        Err(ReadError::Corrupt(_))
    ));
}

#[test]
fn raw_biff_is_reported_as_an_old_format() {
    let dir = TempDir::new().expect("temp dir");
    let biff4 = [
        0x09, 0x04, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0x0A, 0x00, 0x00, 0x00,
    ];
    match read_one(&dir, "old.xls", &biff4) {
        Err(ReadError::Corrupt(why)) => assert!(why.contains("Excel 4.0"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn ole_with_encrypted_package_is_encrypted() {
    let dir = TempDir::new().expect("temp dir");
    let mut bytes = vec![0u8; 1024];
    bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let name: Vec<u8> = "EncryptedPackage\0"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes[512..512 + name.len()].copy_from_slice(&name);
    bytes[512 + 64] = name.len() as u8;
    bytes[512 + 66] = 2; // a stream
    assert_eq!(
        read_one(&dir, "secret.xlsx", &bytes),
        Err(ReadError::Encrypted)
    );
}

#[test]
fn hostile_xlsx_with_far_corners_reads_sparsely() {
    let dir = TempDir::new().expect("temp dir");
    let bytes = xlsx_bytes(|s| {
        s.write_number(0, 0, 1.0).expect("A1");
        s.write_number(1_048_575, 16_383, 2.0).expect("XFD1048576");
    });
    let book = read_one(&dir, "corners.xlsx", &bytes).expect("reads");
    let cells = book.sheets[0].cells();
    assert_eq!(cells.len(), 2);
    assert_eq!(cells[1].reference(), "XFD1048576");
    assert_eq!(cells[1].value, Value::Number(2.0));
    assert!(peak_rss_bytes() < 1 << 30, "peak RSS {}", peak_rss_bytes());
}

/// The process's peak resident memory so far.
fn peak_rss_bytes() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `usage` is a valid, writable rusage.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0;
    // SAFETY: zero-initialised, and filled in when `ok`.
    let usage = unsafe { usage.assume_init() };
    if ok {
        u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024
    } else {
        0
    }
}

#[test]
fn zip_bomb_is_too_large() {
    let dir = TempDir::new().expect("temp dir");
    let zeros = vec![0u8; 64 << 20];
    let bomb = zip_bytes(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/worksheets/sheet1.xml", &zeros),
    ]);
    match read_one(&dir, "bomb.xlsx", &bomb) {
        Err(ReadError::TooLarge(Limit::CompressionRatio { entry, ratio, .. })) => {
            assert_eq!(entry, "xl/worksheets/sheet1.xml");
            assert!(ratio > limits::MAX_COMPRESSION_RATIO);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn many_small_entries_over_the_uncompressed_total_are_too_large() {
    let dir = TempDir::new().expect("temp dir");
    let zeros = vec![0u8; limits::RATIO_CHECK_MIN_BYTES as usize];
    let names: Vec<String> = (0..300).map(|i| format!("xl/media/image{i}.bin")).collect();
    let mut entries: Vec<(&str, &[u8])> = vec![("xl/workbook.xml", b"<workbook/>")];
    entries.extend(names.iter().map(|n| (n.as_str(), zeros.as_slice())));
    match read_one(&dir, "big.xlsx", &zip_bytes(&entries)) {
        Err(ReadError::TooLarge(Limit::Uncompressed { size, max })) => assert!(size > max),
        other => panic!("{other:?}"),
    }
}

#[test]
fn file_over_the_size_limit_is_too_large() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("huge.xlsx");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(limits::MAX_FILE_BYTES + 1)
        .expect("sparse file");
    let result = read_workbook(&path, &in_process());
    assert!(matches!(
        result,
        Err(ReadError::TooLarge(Limit::FileSize { .. }))
    ));
}

#[test]
fn forged_shared_string_count_is_refused() {
    let dir = TempDir::new().expect("temp dir");
    let sst = br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="4000000000000"><si><t>a</t></si></sst>"#;
    let bytes = zip_bytes(&[
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/sharedStrings.xml", sst),
    ]);
    match read_one(&dir, "sst.xlsx", &bytes) {
        Err(ReadError::Corrupt(why)) => assert!(why.contains("declares"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn percent_formats_and_fonts_in_xlsx() {
    let dir = TempDir::new().expect("temp dir");
    let bytes = xlsx_bytes(|s| {
        use rust_xlsxwriter::Format;
        let whole = Format::new().set_num_format("0%");
        let two = Format::new().set_num_format("0.00%");
        let plain = Format::new().set_num_format("0.00");
        let legacy = Format::new().set_font_name(".VnTime");
        s.write_number_with_format(0, 0, 0.95, &whole).expect("A1");
        s.write_number_with_format(0, 1, 0.9525, &two).expect("B1");
        s.write_number_with_format(0, 2, 95.0, &plain).expect("C1");
        s.write_number(0, 3, 95.0).expect("D1");
        s.write_string_with_format(0, 4, "Hµi", &legacy)
            .expect("E1");
    });
    let book = read_one(&dir, "percent.xlsx", &bytes).expect("reads");
    let row: Vec<Option<bool>> = book.sheets[0].row(0).iter().map(|c| c.percent).collect();
    assert_eq!(
        row,
        [
            Some(true),
            Some(true),
            Some(false),
            Some(false),
            Some(false)
        ]
    );
    assert_eq!(
        book.sheets[0].get(0, 1).map(|c| &c.value),
        Some(&Value::Number(0.9525))
    );
    assert!(
        book.font_names.iter().any(|f| f == ".VnTime"),
        "{:?}",
        book.font_names
    );
    assert!(
        book.font_names.iter().any(|f| f == "Calibri"),
        "{:?}",
        book.font_names
    );
}

#[test]
fn xlsx_formulas_dates_merges_and_errors() {
    let dir = TempDir::new().expect("temp dir");
    let bytes = xlsx_bytes(|s| {
        use rust_xlsxwriter::{ExcelDateTime, Format, Formula};
        let date = Format::new().set_num_format("dd/mm/yyyy");
        let day = ExcelDateTime::from_ymd(2024, 3, 15).expect("date");
        s.merge_range(0, 0, 0, 3, "BẢNG TỰ CHẤM ĐIỂM", &Format::new())
            .expect("merge");
        s.write_formula(1, 0, Formula::new("=1/0").set_result("#DIV/0!"))
            .expect("A2");
        s.write_formula(1, 1, Formula::new("=9.5*10").set_result("95"))
            .expect("B2");
        s.write_datetime_with_format(1, 2, day, &date).expect("C2");
        s.write_boolean(1, 3, true).expect("D2");
    });
    let book = read_one(&dir, "misc.xlsx", &bytes).expect("reads");
    let sheet = &book.sheets[0];
    let merge = Merge {
        first_row: 0,
        first_col: 0,
        last_row: 0,
        last_col: 3,
    };
    assert_eq!(sheet.merges(), [merge]);
    assert_eq!(sheet.merge_at(0, 2), Some(&merge));
    let values: Vec<&Value> = sheet.row(1).iter().map(|c| &c.value).collect();
    assert_eq!(
        values,
        [
            &Value::Error("#DIV/0!".into()),
            &Value::Number(95.0),
            &Value::DateTime(45366.0),
            &Value::Bool(true)
        ]
    );
}

#[test]
fn sheet_sorts_and_finds_cells() {
    let cell = |row, col, n: f64| Cell {
        row,
        col,
        value: Value::Number(n),
        percent: None,
    };
    let cells = vec![
        cell(2, 0, 1.0),
        cell(0, 5, 2.0),
        cell(0, 1, 3.0),
        cell(2, 0, 4.0),
    ];
    let sheet = Sheet::new("S".into(), cells, Vec::new());
    let positions: Vec<(u32, u32)> = sheet.cells().iter().map(Cell::pos).collect();
    assert_eq!(positions, [(0, 1), (0, 5), (2, 0)]);
    assert_eq!(sheet.get(2, 0).map(|c| &c.value), Some(&Value::Number(4.0)));
    assert_eq!(sheet.get(1, 0), None);
    assert_eq!(sheet.row(0).len(), 2);
    assert!(sheet.row(1).is_empty());
    assert!(sheet.row(7).is_empty());
    assert_eq!(sheet.last_row(), Some(2));
}

#[test]
fn workbook_serde_round_trip_is_exact() {
    let cells = vec![
        Cell {
            row: 3,
            col: 1,
            value: Value::Number(0.1 + 0.2),
            percent: Some(true),
        },
        Cell {
            row: 0,
            col: 0,
            value: Value::Text("Kết quả \"thực hiện\"".into()),
            percent: None,
        },
    ];
    let book = Workbook {
        sheets: vec![Sheet::new("S".into(), cells, Vec::new())],
        font_names: vec!["VNI-Times".into()],
    };
    let reply: Result<Workbook, ReadError> = Ok(book.clone());
    let json = serde_json::to_string(&reply).expect("serialize");
    let back: Result<Workbook, ReadError> = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, Ok(book));
    let err: Result<Workbook, ReadError> = Err(ReadError::TooLarge(Limit::Cells { max: 7 }));
    let json = serde_json::to_string(&err).expect("serialize");
    assert_eq!(
        serde_json::from_str::<Result<Workbook, ReadError>>(&json).ok(),
        Some(err)
    );
}

#[test]
fn cell_stays_small() {
    assert!(
        std::mem::size_of::<Cell>() <= 48,
        "{}",
        std::mem::size_of::<Cell>()
    );
}

#[test]
fn pretty_printed_ods_without_mimetype_is_repaired() {
    let dir = TempDir::new().expect("temp dir");
    let pretty = ODS_CONTENT
        .replace("<table:table-cell", "\n        <table:table-cell")
        .replace("</table:table-row>", "\n      </table:table-row>");
    let bytes = zip_bytes(&[
        ("content.xml", pretty.as_bytes()),
        ("META-INF/manifest.xml", ODS_MANIFEST.as_bytes()),
    ]);
    let book = read_one(&dir, "pretty.ods", &bytes).expect("repaired ods reads");
    let values: Vec<&Value> = book.sheets[0].row(0).iter().map(|c| &c.value).collect();
    assert_eq!(values.len(), 4, "{values:?}");
    assert_eq!(values[1], &Value::Number(95.5));
}

/// A stand-in worker: a shell script, to test the parent's side.
#[cfg(unix)]
fn fake_worker(dir: &TempDir, body: &str) -> ReadOptions {
    use std::os::unix::fs::PermissionsExt;
    let path = write_file(dir, "worker.sh", format!("#!/bin/sh\n{body}\n").as_bytes());
    let mut perms = std::fs::metadata(&path).expect("script").permissions();
    perms.set_mode(0o755);
    std::fs::set_permissions(&path, perms).expect("chmod");
    ReadOptions { worker: Some(path) }
}

/// A file that sniffs as OLE, so that it goes to the worker.
#[cfg(unix)]
fn ole_file(dir: &TempDir) -> PathBuf {
    let mut bytes = vec![0u8; 512];
    bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    write_file(dir, "book.xls", &bytes)
}

/// The worker protocol, seen from the parent. One test, so that no other
/// thread of this test binary forks while a script is being written (the
/// script would fail to start with "text file busy").
#[cfg(unix)]
#[test]
fn worker_protocol() {
    worker_answer_is_parsed();
    worker_deaths_are_crashes();
}

#[cfg(unix)]
fn worker_answer_is_parsed() {
    let dir = TempDir::new().expect("temp dir");
    let reply = r#"{"Ok":{"sheets":[{"name":"S","cells":[{"row":1,"col":0,"value":{"Number":0.30000000000000004},"percent":null},{"row":0,"col":0,"value":{"Text":"Mã"},"percent":null}],"merges":[]}],"font_names":[]}}"#;
    let options = fake_worker(
        &dir,
        &format!("[ \"$1\" = __read-workbook ] && printf '%s' '{reply}'"),
    );
    let book = read_workbook(&ole_file(&dir), &options).expect("answer");
    let sheet = &book.sheets[0];
    assert_eq!(sheet.cells()[0].value, Value::Text("Mã".into()));
    assert_eq!(
        sheet.get(1, 0).map(|c| &c.value),
        Some(&Value::Number(0.1 + 0.2))
    );
    let options = fake_worker(&dir, r#"printf '{"Err":"Encrypted"}'; exit 1"#);
    assert_eq!(
        read_workbook(&ole_file(&dir), &options),
        Err(ReadError::Encrypted)
    );
}

#[cfg(unix)]
fn worker_deaths_are_crashes() {
    let dir = TempDir::new().expect("temp dir");
    let file = ole_file(&dir);
    let crashed = |body: &str| match read_workbook(&file, &fake_worker(&dir, body)) {
        Err(ReadError::Crashed(why)) => why,
        other => panic!("{body}: {other:?}"),
    };
    assert!(crashed("kill -SEGV $$").contains("memory fault"));
    assert!(
        crashed("echo 'memory allocation of 8589934592 bytes failed' >&2; kill -ABRT $$")
            .contains("ran out of memory")
    );
    assert!(crashed("echo not json").contains("exit status 0"));
    // The limits are in force in the child.
    let limits = crashed("echo \"as=$(ulimit -v) core=$(ulimit -c)\" >&2; exit 3");
    let as_kib = limits::WORKER_MEMORY_BYTES / 1024;
    assert!(limits.contains(&format!("as={as_kib} core=0")), "{limits}");
    let missing = ReadOptions {
        worker: Some(dir.path().join("no-such-worker")),
    };
    match read_workbook(&file, &missing) {
        Err(ReadError::Crashed(why)) => assert!(why.contains("cannot start"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn formulas_without_a_value_cross_the_worker_protocol() {
    let sheet = Sheet::new("S".into(), Vec::new(), Vec::new()).with_uncalculated(vec![(5, 4)]);
    let book = Workbook {
        sheets: vec![sheet],
        font_names: Vec::new(),
    };
    let json = serde_json::to_string(&book).expect("serialises");
    let back: Workbook = serde_json::from_str(&json).expect("deserialises");
    assert!(back.sheets[0].is_uncalculated(5, 4));
    // A reply without the field (an older worker) reads as none.
    let old = r#"{"sheets":[{"name":"S","cells":[],"merges":[]}],"font_names":[]}"#;
    let back: Workbook = serde_json::from_str(old).expect("deserialises");
    assert!(back.sheets[0].uncalculated().is_empty());
}
