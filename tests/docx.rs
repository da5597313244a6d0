//! The Word outputs of `thidua run` through the real binary, read back by
//! other programs: LibreOffice opens every .docx (converted to PDF, whose
//! text poppler extracts) and python-docx reads it as a second reader;
//! the handout in Word carries every unit name, total, rank and proposal
//! that the PDF handout carries; letters back to units exist exactly for
//! the units with findings, each naming its findings, under safe file
//! names; reruns give the same bytes; `verify` notices an edited letter;
//! a letter no longer due goes.
//!
//! Set THIDUA_DOCX_OUT to a folder to keep the document of every block.
//!
//! Tools missing (soffice with Writer, pdftotext, python-docx, openpyxl)
//! skip the checks that need them, saying so: `scripts/setup.sh` installs them.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A copy of a sample folder without outputs.
fn sample(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples").join(name), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("ket-qua"));
    dir
}

fn run(folder: &Path) -> serde_json::Value {
    let out = thidua(&["run", folder.to_str().unwrap(), "--quiet"]);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record = std::fs::read_dir(folder.join("ket-qua"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            n.starts_with("ket-qua-") && n.ends_with(".json")
        })
        .unwrap();
    serde_json::from_slice(&std::fs::read(record).unwrap()).unwrap()
}

/// A .docx converted to PDF by LibreOffice: its text, or None when it could not.
fn docx_text(file: &Path) -> Option<String> {
    let out_dir = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("soffice")
        // File names of sheets ("Tổng hợp") in UTF-8 whatever the locale.
        .env("LC_ALL", "C.UTF-8")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out_dir.path())
        .arg(file)
        .output()
        .ok()?;
    let pdf = out_dir
        .path()
        .join(file.file_stem().unwrap())
        .with_extension("pdf");
    if !out.status.success() || !pdf.is_file() {
        return None;
    }
    Some(pdf_text(&pdf))
}

/// Whether LibreOffice here can open a Word document (Writer installed).
fn writer_available() -> bool {
    if !tool("soffice", "--version") {
        return false;
    }
    let dir = tempfile::tempdir().unwrap();
    let doc = thidua::document::Document {
        meta: thidua::document::Meta {
            title: "t".into(),
            subject: "s".into(),
            author: "a".into(),
            date: thidua::model::Date {
                year: 2017,
                month: 1,
                day: 5,
            },
            draft: false,
        },
        blocks: vec![thidua::document::Block::Paragraph(
            thidua::document::decree::body(vec![thidua::document::Span::regular("Thử")]),
        )],
    };
    let file = dir.path().join("probe.docx");
    std::fs::write(&file, thidua::render::docx::render(&doc).unwrap()).unwrap();
    docx_text(&file).is_some_and(|t| t.contains("Thử"))
}

/// The units that should get a letter: those with an error or a warning
/// about what they sent.
fn units_with_findings(record: &serde_json::Value) -> BTreeSet<String> {
    record["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| in_a_letter(d))
        .filter_map(|d| d["unit"].as_str().map(String::from))
        .collect()
}

/// Whether a finding goes in its unit's letter: an error or a warning
/// about what the unit sent (a tie is the conference's, the adjustments
/// file the secretariat's).
fn in_a_letter(d: &serde_json::Value) -> bool {
    use thidua::model::diagnostic::{Kind, Severity};
    let kind = d["kind"].as_str().unwrap();
    let severity = Kind::all().find(|k| k.name() == kind).map(|k| k.severity());
    matches!(severity, Some(Severity::Error | Severity::Warning))
        && !matches!(
            kind,
            "tie-at-cutoff" | "adjustment-out-of-range" | "adjustment-superseded"
        )
}

fn letters(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder.join("ket-qua/phan-hoi"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn code_of(letter: &Path) -> String {
    let stem = letter.file_stem().unwrap().to_string_lossy().to_string();
    stem.split('-').next().unwrap().to_string()
}

fn total_text(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

#[test]
fn run_writes_the_handout_in_word_and_letters_for_exactly_the_units_with_findings() {
    for name in ["cum3-2016", "loi-2016"] {
        let dir = sample(name);
        let folder = dir.path();
        let record = run(folder);
        let year = record["year"].as_i64().unwrap();
        let handout_docx = folder.join(format!("ket-qua/hoi-nghi-{year}.docx"));
        let handout_pdf = folder.join(format!("ket-qua/hoi-nghi-{year}.pdf"));
        assert!(handout_docx.is_file(), "{name}: no Word handout");
        // Recorded, so that verify covers it.
        let outputs: Vec<String> = record["run"]["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["file"].as_str().unwrap().to_string())
            .collect();
        assert!(outputs.contains(&format!("ket-qua/hoi-nghi-{year}.docx")));

        // Letters: a .pdf and a .docx for exactly the units with findings.
        let expected = units_with_findings(&record);
        assert!(!expected.is_empty(), "{name}: the sample has findings");
        let files = letters(folder);
        for ext in ["pdf", "docx"] {
            let codes: BTreeSet<String> = files
                .iter()
                .filter(|f| f.extension().unwrap() == ext)
                .map(|f| code_of(f))
                .collect();
            assert_eq!(codes, expected, "{name}: letters as .{ext}");
        }
        for f in &files {
            let rel = format!(
                "ket-qua/phan-hoi/{}",
                f.file_name().unwrap().to_string_lossy()
            );
            assert!(outputs.contains(&rel), "{rel} is not in the run record");
        }

        // Each letter names each of its findings (our PDF, read by poppler).
        if tool("pdftotext", "-v") {
            for f in files.iter().filter(|f| f.extension().unwrap() == "pdf") {
                let code = code_of(f);
                let text = pdf_text(f);
                let unit = unit(&record, &code);
                assert!(text.contains(unit["name"].as_str().unwrap()), "{text}");
                assert!(
                    text.contains("gửi lại Ban Thư ký Cụm trước ngày ..... tháng ..... năm ......"),
                    "{text}"
                );
                for d in record["diagnostics"].as_array().unwrap() {
                    if d["unit"].as_str() != Some(code.as_str()) || !in_a_letter(d) {
                        continue;
                    }
                    if let Some(cell) = d["cell"].as_str() {
                        assert!(
                            text.contains(&format!("ô {cell}")),
                            "{code}: {cell} not in {text}"
                        );
                    }
                    if let Some(c) = d["criterion"].as_str() {
                        assert!(
                            text.contains(&format!("Tiêu chí {c}"))
                                || text.contains(&format!("\"{c}\"")),
                            "{code}: {c}"
                        );
                    }
                }
            }
        } else {
            skip("pdftotext");
        }

        // The second reader: python-docx opens every .docx, finds the
        // styles and the repeated header rows.
        if python_has("docx") {
            let read = python_docx(&handout_docx);
            let styles: Vec<&str> = read["styles"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|s| s.as_str())
                .collect();
            for s in ["Thân văn bản", "Heading 1", "Chữ trong bảng", "Nơi nhận"] {
                assert!(styles.contains(&s), "{name}: style {s} missing: {styles:?}");
            }
            let used: Vec<&str> = read["used"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|s| s.as_str())
                .collect();
            assert!(
                used.contains(&"Thân văn bản") && used.contains(&"Heading 1"),
                "{used:?}"
            );
            let tables = read["tables"].as_array().unwrap();
            let ruled: Vec<_> = tables
                .iter()
                .filter(|t| t["header_rows"].as_u64().unwrap() > 0)
                .collect();
            assert!(
                ruled.len() >= 3,
                "{name}: tables with a repeated header: {tables:?}"
            );
            assert!(
                tables[0]["text"]
                    .as_str()
                    .unwrap()
                    .contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                "the letterhead is the first table"
            );
            assert_eq!(read["title_pg"][0], true, "no page number on page 1");
            for f in files.iter().filter(|f| f.extension().unwrap() == "docx") {
                let letter = python_docx(f);
                let findings = record["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|d| d["unit"].as_str() == Some(code_of(f).as_str()))
                    .filter(|d| in_a_letter(d))
                    .count() as u64;
                let table = letter["tables"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|t| t["header_rows"] == 1)
                    .unwrap_or_else(|| panic!("{}: no findings table", f.display()));
                assert_eq!(
                    table["rows"].as_u64().unwrap(),
                    findings + 1,
                    "{}",
                    f.display()
                );
                assert!(table["text"].as_str().unwrap().contains("Đề nghị đơn vị"));
            }
        } else {
            skip("python-docx");
        }

        // LibreOffice opens every .docx; the Word handout carries every unit
        // name, total, rank and proposal the PDF handout carries.
        if tool("pdftotext", "-v") && writer_available() {
            let pdf = pdf_text(&handout_pdf);
            let word = docx_text(&handout_docx).expect("LibreOffice opens the Word handout");
            for u in record["units"].as_array().unwrap() {
                let unit_name = u["name"].as_str().unwrap();
                assert!(pdf.contains(unit_name), "{unit_name} not in the PDF");
                assert!(
                    word.contains(unit_name),
                    "{name}: {unit_name} not in the Word handout"
                );
                let mut facts = Vec::new();
                if let Some(t) = u["total"].as_f64() {
                    facts.push(total_text(t));
                }
                if let Some(r) = u["rank"].as_u64() {
                    facts.push(format!("xếp thứ {r}"));
                }
                if let Some(p) = u["proposal"].as_str() {
                    facts.push(p.to_string());
                }
                for fact in facts {
                    if pdf.contains(&fact) {
                        assert!(
                            word.contains(&fact),
                            "{name}: {fact} is in the PDF, not in the Word handout"
                        );
                    }
                }
            }
            for f in files.iter().filter(|f| f.extension().unwrap() == "docx") {
                let text = docx_text(f)
                    .unwrap_or_else(|| panic!("LibreOffice cannot open {}", f.display()));
                assert!(text.contains("Kính gửi"), "{text}");
            }
        } else {
            skip("LibreOffice Writer (libreoffice-writer-nogui) or pdftotext");
        }
    }
}

fn hashes(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut files = letters(folder);
    files.extend(
        std::fs::read_dir(folder.join("ket-qua"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "docx")),
    );
    files.sort();
    for f in files {
        out.push((f.to_string_lossy().to_string(), std::fs::read(&f).unwrap()));
    }
    out
}

#[test]
fn reruns_give_the_same_bytes_and_verify_reports_an_edited_letter() {
    let dir = sample("loi-2016");
    let folder = dir.path();
    run(folder);
    let first = hashes(folder);
    assert!(first.len() > 2);
    run(folder);
    assert_eq!(
        first,
        hashes(folder),
        "a rerun changed a Word output or a letter"
    );
    // The same inputs in another folder give the same bytes too.
    let other = sample("loi-2016");
    run(other.path());
    let names =
        |v: &[(String, Vec<u8>)]| -> Vec<Vec<u8>> { v.iter().map(|(_, b)| b.clone()).collect() };
    assert_eq!(names(&first), names(&hashes(other.path())));

    // The terminal lists the letters as their folder and how many, not one by one.
    let out = thidua(&["run", folder.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    let count = letters(folder)
        .iter()
        .filter(|f| f.extension().unwrap() == "pdf")
        .count();
    let line = said.lines().find(|l| l.starts_with("Đã ghi:")).unwrap();
    assert!(
        line.contains(&format!("phan-hoi ({count} thư gửi đơn vị, PDF và Word)")),
        "{line}"
    );
    assert!(!line.contains(".docx, ket-qua/phan-hoi/"), "{line}");

    let out = thidua(&["verify", folder.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let letter = letters(folder)
        .into_iter()
        .find(|f| f.extension().unwrap() == "docx")
        .unwrap();
    let mut bytes = std::fs::read(&letter).unwrap();
    bytes.push(b'\n');
    std::fs::write(&letter, bytes).unwrap();
    let out = thidua(&["verify", folder.to_str().unwrap()]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(out.status.code(), Some(0), "{said}");
    let name = letter.file_name().unwrap().to_string_lossy().to_string();
    assert!(said.contains(&name), "verify does not name {name}: {said}");
}

#[test]
fn a_hostile_short_name_gives_a_safe_file_name_and_the_old_letter_goes() {
    if !python_has("openpyxl") {
        skip("openpyxl");
        return;
    }
    let dir = sample("cum3-2016");
    let folder = dir.path();
    run(folder);
    let before: Vec<String> = letters(folder)
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    assert!(
        before.contains(&"CB-Cao-Bằng.docx".to_string()),
        "{before:?}"
    );
    // The agreement gives Cao Bằng a short name no file system would take.
    let script = r#"
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Đơn vị"]
for row in ws.iter_rows():
    cells = [c.value for c in row]
    if "Mã" in cells and "Tên ngắn" in cells:
        code_col, short_col, header = cells.index("Mã"), cells.index("Tên ngắn"), row[0].row
        break
for row in ws.iter_rows(min_row=header + 1):
    if row[code_col].value == "CB":
        row[short_col].value = 'Cao/Bằng: "mới"? <*>|\\'
wb.save(sys.argv[1])
"#;
    let agreement = folder.join("giao-uoc.xlsx");
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&agreement)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    run(folder);
    let after: Vec<String> = letters(folder)
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    assert!(
        after.contains(&"CB-Cao-Bằng-mới.docx".to_string())
            && after.contains(&"CB-Cao-Bằng-mới.pdf".to_string()),
        "{after:?}"
    );
    assert!(
        !after.iter().any(|f| f.starts_with("CB-Cao-Bằng.")),
        "the letter under the old name stays: {after:?}"
    );
    for f in &after {
        assert!(
            !f.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']),
            "{f}"
        );
    }
    let out = thidua(&["verify", folder.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A document of every kind of block, set by the Word back end directly.
fn every_block(draft: bool) -> thidua::document::Document {
    use thidua::document::*;
    let table = |caption: &str| Table {
        columns: vec![
            Column::new(10.0, Align::Center),
            Column::rest(Align::Left),
            Column::new(20.0, Align::Right),
        ],
        header: vec![
            vec![
                Cell::bold("STT").rowspan(2),
                Cell::bold("Đơn vị").rowspan(2),
                Cell::bold("Điểm"),
            ],
            vec![Cell::bold("(1)")],
        ],
        rows: (1..=40)
            .map(|i| {
                Row::data(vec![
                    Cell::text(&i.to_string()),
                    Cell::text("Hội Cựu chiến binh & <Việt> \u{1}Nam"),
                    Cell::text("9,5"),
                ])
            })
            .chain([Row::total(vec![
                Cell::bold("Tổng cộng").colspan(2),
                Cell::bold("380"),
            ])])
            .collect(),
        size: 12.0,
        caption: vec![decree::caption(caption)],
    };
    let signature = |who: &str| Signature {
        on_behalf: Some("TM. Cụm thi đua số 3\nCụm trưởng".into()),
        role: Some(format!("Chủ tịch {who}")),
        name: Some("Nguyễn Văn A".into()),
    };
    Document {
        meta: Meta {
            title: "Báo cáo & tổng kết".into(),
            subject: "Thử".into(),
            author: "Cụm thi đua số 3".into(),
            date: thidua::model::Date {
                year: 2017,
                month: 1,
                day: 5,
            },
            draft,
        },
        blocks: vec![
            Block::Letterhead(Letterhead::new(
                "Hội Cựu chiến binh Việt Nam",
                "Cụm thi đua số 3",
                Some("Số:        /BC-CTĐ".into()),
                "Thái Nguyên, ngày 05 tháng 01 năm 2017".into(),
            )),
            Block::Title(Title {
                kind: "Báo cáo".into(),
                summary: "Tổng kết công tác thi đua năm 2016".into(),
            }),
            Block::Heading(Heading {
                level: 1,
                spans: vec![Span::regular("I. KẾT QUẢ")],
                indented: true,
            }),
            // Decomposed marks: the file must hold NFC.
            Block::Paragraph(decree::body(vec![Span {
                text: "Cu\u{0323}m thi đua".into(),
                style: Style::Regular,
            }])),
            Block::Table(table("Bảng 1")),
            Block::Chart(Chart {
                title: "Biểu đồ tổng điểm".into(),
                axis_label: "Điểm".into(),
                min: 0.0,
                max: 100.0,
                bars: vec![Bar {
                    label: "Lạng Sơn".into(),
                    value: 95.5,
                    text: "95,50".into(),
                    class: 0,
                }],
                thresholds: vec![Threshold {
                    value: 90.0,
                    label: "Xuất sắc 90".into(),
                }],
                classes: vec![ChartClass {
                    label: "Xuất sắc".into(),
                    rgb: [0, 128, 0],
                }],
            }),
            Block::Closing(Closing {
                recipients: decree::recipient_lines(&[vec![Span::regular("Lưu: VT")]]),
                signature: signature("Hội"),
            }),
            Block::Signatures(Signatures {
                title: "ĐẠI DIỆN CÁC ĐƠN VỊ".into(),
                signatures: vec![signature("A"), signature("B"), signature("C")],
            }),
            Block::Landscape(vec![
                Block::Appendix(Appendix {
                    title: "Chi tiết".into(),
                    under: "(Kèm theo Báo cáo)".into(),
                }),
                Block::Table(table("Bảng 2")),
            ]),
            Block::PageBreak,
            Block::Paragraph(decree::body(vec![Span::regular("Hết.")])),
        ],
    }
}

/// The text of every header part.
fn headers(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().is_ok_and(|n| n.starts_with("word/header")) {
            f.read_to_string(&mut text).unwrap();
        }
    }
    text
}

#[test]
fn every_block_is_set_as_word_expects() {
    let doc = every_block(true);
    let bytes = thidua::render::docx::render(&doc).unwrap();
    assert_eq!(
        bytes,
        thidua::render::docx::render(&doc).unwrap(),
        "same bytes twice"
    );
    if let Some(dir) = std::env::var_os("THIDUA_DOCX_OUT") {
        std::fs::write(Path::new(&dir).join("every-block.docx"), &bytes).unwrap();
    }
    let xml = docx_part(&bytes, "word/document.xml");
    // Two tables of two header rows each, and nothing else marked.
    assert_eq!(xml.matches("<w:tblHeader />").count(), 4);
    assert!(!xml.contains(r#"w:val="1" w:hRule="atLeast""#));
    assert!(xml.contains("Hội Cựu chiến binh &amp; &lt;Việt&gt; Nam"));
    assert!(!xml.contains('\u{1}'));
    assert!(
        xml.contains("Cụm thi đua") && !xml.contains("Cu\u{0323}m"),
        "NFC"
    );
    assert!(
        xml.contains(r#"<w:pgSz w:w="16838" w:h="11906""#),
        "a landscape section"
    );
    assert!(
        xml.contains(r#"<w:pgNumType w:start="1""#),
        "the appendix numbered on its own"
    );
    assert!(
        xml.contains(r#"<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701""#),
        "{xml}"
    );
    assert!(xml.contains(r#"w:fill="008000""#), "the chart's bar");
    assert!(xml.contains("<w:cantSplit />"));
    let styles = docx_part(&bytes, "word/styles.xml");
    assert!(styles.contains(r#"<w:lang w:val="vi-VN""#));
    assert!(styles.contains(r#"w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman""#));
    assert!(styles.contains(r#"w:default="1" w:styleId="Normal""#));
    let core = docx_part(&bytes, "docProps/core.xml");
    assert!(
        core.contains("2017-01-05T00:00:00Z") && core.contains("Báo cáo &amp; tổng kết"),
        "{core}"
    );
    // The page number a field in the header; the draft mark boxed on page 1.
    assert!(headers(&bytes).contains("PAGE"));
    assert!(xml.contains("DỰ THẢO"), "the draft mark");
    assert_eq!(
        xml.matches("<w:titlePg").count(),
        2,
        "page 1 and the appendix's first page"
    );
    let plain = thidua::render::docx::render(&every_block(false)).unwrap();
    assert!(!docx_part(&plain, "word/document.xml").contains("DỰ THẢO"));

    if !python_has("docx") {
        skip("python-docx");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("every.docx");
    std::fs::write(&file, &bytes).unwrap();
    let read = python_docx(&file);
    let landscape: Vec<bool> = read["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_bool().unwrap())
        .collect();
    assert_eq!(
        landscape,
        [false, true, false],
        "upright, landscape appendix, upright"
    );
    assert_eq!(read["title_pg"][0], true);
    assert_eq!(
        read["title_pg"][1], true,
        "no number on the appendix's first page"
    );
    let heads: Vec<u64> = read["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["header_rows"].as_u64().unwrap())
        .collect();
    assert_eq!(heads.iter().filter(|h| **h == 2).count(), 2, "{heads:?}");
    if tool("pdftotext", "-v") && writer_available() {
        let text = docx_text(&file).expect("LibreOffice opens it");
        for s in [
            "DỰ THẢO",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Phụ lục",
            "Tổng cộng",
            "Lạng Sơn",
            "95,50",
            "Nguyễn Văn A",
            "Hết.",
        ] {
            assert!(text.contains(s), "{s} not in {text}");
        }
    } else {
        skip("LibreOffice Writer or pdftotext");
    }
}

/// `thidua agreement` writes the agreement for signing as Word too: the
/// same document, read back by python-docx with every unit, criterion and
/// target of the PDF; the same bytes on a rerun.
#[test]
fn the_agreement_is_written_as_word_too() {
    let dir = sample_copy();
    let f = dir.path();
    let out = thidua(&["agreement", f.to_str().unwrap(), "-q"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let word = f.join("ket-qua/giao-uoc-2016.docx");
    let first = std::fs::read(&word).unwrap();
    assert_eq!(
        thidua(&["agreement", f.to_str().unwrap(), "-q"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(std::fs::read(&word).unwrap(), first, "byte-identical rerun");
    if !python_has("docx") {
        assert!(std::env::var_os("CI").is_none(), "CI must have python-docx");
        skip("python-docx");
        return;
    }
    let d = python_docx(&word);
    let tables: Vec<&str> = d["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    let text = format!("{} {}", d["text"].as_str().unwrap(), tables.join(" "));
    for needle in [
        "GIAO ƯỚC THI ĐUA",
        "Hội Cựu chiến binh tỉnh Cao Bằng",
        "Dư nợ vốn vay ủy thác qua Ngân hàng Chính sách xã hội",
        "Tổng điểm chuẩn",
        "Nông Văn Thạch",
        "Lương Văn Quý",
    ] {
        assert!(carries(&text, needle), "{needle}: {text}");
    }
    // The criteria table repeats its header rows on every page.
    assert!(
        d["tables"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["header_rows"].as_u64() >= Some(1) && t["rows"].as_u64() > Some(10)),
        "{d}"
    );
}
