//! What a user sees and what the run writes, through the real binary:
//! messages that say what is wrong and what to do, in the chosen language;
//! terminal lines and official documents that no cell or file name can
//! forge; official documents that are Vietnamese whatever `--lang` says.

mod common;
use common::*;
use std::path::Path;
use std::process::Output;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn stdout(o: &Output) -> String {
    text(&o.stdout)
}

fn stderr(o: &Output) -> String {
    text(&o.stderr)
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Words of the damaged-file advice, which must never answer a missing file.
const DAMAGED: [&str; 4] = ["hỏng", "damaged", "Excel", "os error"];

fn assert_not_damaged(message: &str) {
    for w in DAMAGED {
        assert!(!message.contains(w), "{w:?} in: {message}");
    }
}

/// Three units sent clean workbooks; LS sent none (one warning).
fn three_of_four(folder: &Path) {
    write_agreement(folder, &criteria(), &[]);
    let nop = folder.join("nop");
    let cb = answers(
        [95.0, 120.0, 4.0, 1.0, 0.0, 2.0, 0.0],
        [20.0, 30.0, 20.0, 10.0, 18.0, 2.0, 0.0],
    );
    let tn = answers(
        [90.0, 100.0, 4.0, 3.0, 0.0, 0.0, 2.0],
        [18.95, 25.0, 20.0, 7.5, 15.0, 0.0, 1.0],
    );
    let bk = answers(
        [95.0, 60.0, 3.0, 2.0, 0.0, 1.0, 0.0],
        [20.0, 15.0, 0.0, 10.0, 17.0, 1.0, 0.0],
    );
    write_unit(&nop.join("cb.xlsx"), "Cao Bằng", 2016, &cb);
    write_unit(&nop.join("tn.xlsx"), "Thái Nguyên", 2016, &tn);
    write_unit(&nop.join("bk.xlsx"), "Bắc Kạn", 2016, &bk);
}

// ---------------------------------------------------------------------------
// 1. A missing folder or agreement says what is missing and what to do.

#[test]
fn a_missing_folder_says_so_and_suggests_init() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("cum-3");
    for lang in ["vi", "en"] {
        let out = thidua(&["check", s(&folder), "--lang", lang]);
        assert_eq!(code(&out), 2);
        let err = stderr(&out);
        assert_not_damaged(&err);
        assert!(err.contains(s(&folder)), "{err}");
        assert!(
            err.contains(&format!("thidua init {}", s(&folder))),
            "{err}"
        );
    }
    let err = stderr(&thidua(&["run", s(&folder)]));
    assert!(err.contains("Không có thư mục làm việc"), "{err}");
    assert!(!folder.exists(), "nothing is written");
}

#[test]
fn a_missing_agreement_says_where_it_was_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("nop")).unwrap();
    let out = thidua(&["run", s(dir.path())]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_not_damaged(&err);
    let looked = dir.path().join("giao-uoc.xlsx");
    assert!(err.contains(s(&looked)), "{err}");
    assert!(
        err.contains(&format!("thidua init {}", s(dir.path()))),
        "{err}"
    );
    assert!(err.contains("--agreement"), "{err}");
    // An agreement saved in another format is pointed at.
    let ods = dir.path().join("Giao uoc.ods");
    std::fs::write(&ods, b"not really").unwrap();
    let err = stderr(&thidua(&["run", s(dir.path())]));
    assert!(err.contains(s(&looked)), "{err}");
    assert!(
        err.contains(&format!("--agreement \"{}\"", s(&ods))),
        "{err}"
    );
    assert!(!dir.path().join("ket-qua").exists());
    let en = stderr(&thidua(&["check", s(dir.path()), "--lang", "en"]));
    assert!(en.contains("No agreement"), "{en}");
}

#[test]
fn an_agreement_option_naming_a_folder_says_it_is_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    write_agreement(dir.path(), &criteria(), &[]);
    let out = thidua(&["check", s(dir.path()), "--agreement", s(dir.path())]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_not_damaged(&err);
    assert!(err.contains("là một thư mục"), "{err}");
    assert!(err.contains("--agreement"), "{err}");
    let missing = dir.path().join("khong-co.xlsx");
    let err = stderr(&thidua(&[
        "check",
        s(dir.path()),
        "--agreement",
        s(&missing),
        "--lang",
        "en",
    ]));
    assert_not_damaged(&err);
    assert!(
        err.contains(s(&missing)) && err.contains("--agreement"),
        "{err}"
    );
}

#[test]
fn a_missing_inbox_is_a_sentence_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    write_agreement(dir.path(), &criteria(), &[]);
    std::fs::remove_dir(dir.path().join("nop")).unwrap();
    let out = thidua(&["check", s(dir.path())]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_not_damaged(&err);
    assert!(err.contains("nop"), "{err}");
    assert!(err.contains("Chưa làm gì: không có"), "{err}");
}

// ---------------------------------------------------------------------------
// 2. The command line speaks the chosen language.

#[test]
fn command_line_errors_are_in_the_chosen_language() {
    let cases: [(&[&str], &str, &str); 4] = [
        (&["chay"], "chay", "Không có lệnh"),
        (&["check", "--khong-co"], "--khong-co", "Không có tùy chọn"),
        (&["check", "--lang", "fr"], "fr", "Giá trị"),
        (&["check", "--inbox"], "--inbox", "cần một giá trị"),
    ];
    for (args, value, words) in cases {
        let out = thidua(args);
        assert_eq!(code(&out), 2, "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains(value) && err.contains(words),
            "{args:?}: {err}"
        );
        assert!(err.contains("thidua --help"), "{err}");
        for english in ["error:", "unrecognized", "invalid value", "Usage", "tip:"] {
            assert!(!err.contains(english), "{english:?} in {err}");
        }
    }
    let out = thidua(&["--lang", "en", "chay"]);
    let err = stderr(&out);
    assert_eq!(code(&out), 2);
    assert!(
        err.contains("Unknown command") && err.contains("chay"),
        "{err}"
    );
    assert!(err.contains("thidua --help"), "{err}");
}

#[test]
fn the_help_command_works_in_both_languages() {
    for (args, words) in [
        (&["help"][..], "Cách dùng"),
        (&["help", "run"][..], "--per-unit-detail"),
        (&["--lang", "en", "help"][..], "Usage"),
        (&["--lang", "en", "help", "run"][..], "--per-unit-detail"),
    ] {
        let out = thidua(args);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).contains(words), "{args:?}: {}", stdout(&out));
    }
    let out = thidua(&["help", "chay"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("Không có lệnh"), "{}", stderr(&out));
}

#[test]
fn the_language_is_accepted_in_any_case() {
    let sample = root().join("samples/cum3-2016");
    let out = thidua(&["check", s(&sample), "--lang", "EN"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("Summary:"), "{}", stdout(&out));
    let out = thidua(&["check", s(&sample), "--lang=Vi"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("Tổng kết:"), "{}", stdout(&out));
}

#[test]
fn english_counts_are_singular_or_plural() {
    let dir = tempfile::tempdir().unwrap();
    three_of_four(dir.path());
    let out = thidua(&["check", s(dir.path()), "--lang", "en"]);
    let report = stdout(&out);
    assert!(report.contains("0 errors, 1 warning, 0 notes."), "{report}");
    let forms = stdout(&thidua(&["forms", s(dir.path()), "--lang", "en"]));
    assert!(forms.contains("Wrote 4 forms"), "{forms}");
}

#[test]
fn operating_system_errors_are_sentences_with_the_path_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    // A folder cannot be made inside a file.
    let inside = file.join("cum-3");
    for lang in ["vi", "en"] {
        let out = thidua(&["init", s(&inside), "--lang", lang]);
        assert_eq!(code(&out), 2);
        let err = stderr(&out);
        assert!(!err.contains("os error"), "{err}");
        assert!(err.contains(s(&inside)), "{err}");
    }
    // An output folder that is a file.
    three_of_four(dir.path());
    let out = thidua(&["run", s(dir.path()), "--out", s(&file)]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(!err.contains("os error"), "{err}");
    assert!(err.contains("a-file"), "{err}");
    // The agreement already there.
    let out = thidua(&["init", s(dir.path()), "--lang", "en"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("already"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------
// 3. Every skipped inbox file is named in the report.

#[test]
fn the_report_names_every_skipped_inbox_file_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    three_of_four(dir.path());
    let nop = dir.path().join("nop");
    for name in ["bang-diem.csv", "cong-van.docx", "~$cb.xlsx", ".an.xlsx"] {
        std::fs::write(nop.join(name), b"x").unwrap();
    }
    let vi = stdout(&thidua(&["check", s(dir.path())]));
    for line in [
        "nop/bang-diem.csv",
        "nop/cong-van.docx",
        "nop/~$cb.xlsx",
        "nop/.an.xlsx",
    ] {
        let found = vi.lines().find(|l| l.contains(line));
        let found = found.unwrap_or_else(|| panic!("{line} not in {vi}"));
        assert!(found.len() > line.len() + 10, "no reason: {found}");
    }
    assert!(vi.contains("bỏ qua"), "{vi}");
    let en = stdout(&thidua(&["check", s(dir.path()), "--lang", "en"]));
    assert!(
        en.contains("nop/bang-diem.csv") && en.contains("skipped"),
        "{en}"
    );
}

// ---------------------------------------------------------------------------
// 4. No cell or file name can forge a terminal line.

const FORGED: &str = "x\nTổng kết: 4 đơn vị, 4 được chấm điểm; 4 tệp; 0 lỗi, 0 cảnh báo, 0 thông tin.\x1b[8m\u{202E}";

fn assert_no_forgery(out: &str) {
    for c in out.chars() {
        let allowed = c == '\n' || !(c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c));
        assert!(allowed, "raw {:?} in: {out}", c);
    }
    let forged = out
        .lines()
        .filter(|l| l.starts_with("Tổng kết:") || l.starts_with("Summary:"))
        .count();
    assert!(forged <= 1, "{out}");
}

#[test]
fn cell_text_and_file_names_cannot_forge_terminal_lines() {
    let dir = tempfile::tempdir().unwrap();
    write_agreement_with_units(
        dir.path(),
        &[
            ("CB", "Hội Cựu chiến binh tỉnh Cao Bằng", "Cao Bằng\x1b[2J"),
            ("TN", "Hội Cựu chiến binh tỉnh Thái Nguyên", "Thái Nguyên"),
        ],
        &criteria(),
        &[],
    );
    let mut rows = answers(
        [95.0, 120.0, 4.0, 1.0, 0.0, 2.0, 0.0],
        [20.0, 30.0, 20.0, 10.0, 18.0, 2.0, 0.0],
    );
    rows[0].1 = Val::Text(FORGED);
    let nop = dir.path().join("nop");
    write_unit(
        &nop.join("tn\n0 lỗi\x1b[8m.xlsx"),
        "Thái Nguyên",
        2016,
        &rows,
    );
    std::fs::write(nop.join("x\x1b]0;hi\x07.csv"), b"x").unwrap();
    for lang in ["vi", "en"] {
        let out = thidua(&["check", s(dir.path()), "--lang", lang]);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        assert_no_forgery(&stdout(&out));
        assert_no_forgery(&stderr(&out));
        assert!(stdout(&out).contains("\\n"), "{}", stdout(&out));
    }
    // The JSON on the terminal escapes them too, and still holds the values.
    let out = thidua(&["check", s(dir.path()), "--json"]);
    let printed = stdout(&out);
    assert_no_forgery(&printed);
    let json: serde_json::Value = serde_json::from_str(&printed).unwrap();
    assert!(json.to_string().contains('\u{202E}'), "{printed}");
    // Fatal reports too: an agreement problem quoting a bad value.
    let bad = tempfile::tempdir().unwrap();
    let mut crits = criteria();
    crits[0].method = "Tỷ\x1b[8m lệ\nLỗi giả";
    write_agreement(bad.path(), &crits, &[]);
    let out = thidua(&["check", s(bad.path())]);
    assert_eq!(code(&out), 2);
    assert_no_forgery(&stderr(&out));
    assert!(
        stderr(&out).contains("Tỷ\\x1B[8m lệ\\nLỗi giả"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------
// 5. Values from inputs are literal text in the handout.

fn pdftotext(file: &Path) -> Option<String> {
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(file)
        .arg("-")
        .output()
        .ok()?;
    assert!(out.status.success());
    Some(text(&out.stdout))
}

#[test]
fn names_from_the_agreement_are_literal_text_in_the_handout() {
    let dir = tempfile::tempdir().unwrap();
    write_agreement_with_units(
        dir.path(),
        &[
            ("CB", "Hội CCB tỉnh Cao Bằng\n# ĐỀ NGHỊ KỶ LUẬT", "Cao Bằng"),
            (
                "TN",
                "Hội CCB tỉnh **Bằng** _Nghiêng_ \\* [[de-nghi]]",
                "TN",
            ),
            ("BK", "- Bắc Kạn", "Bắc Kạn"),
            ("LS", "Hội Cựu chiến binh tỉnh Lạng Sơn", "Lạng Sơn"),
        ],
        &criteria(),
        &[],
    );
    std::fs::write(
        dir.path().join("ghi-chu.md"),
        "Hội nghị **nhất trí** thông qua.",
    )
    .unwrap();
    let out = thidua(&["run", s(dir.path())]);
    assert!(code(&out) < 2, "{}", stderr(&out));
    let Some(pdf) = pdftotext(&dir.path().join("ket-qua/hoi-nghi-2016.pdf")) else {
        eprintln!("pdftotext is not installed: the handout is not read back");
        return;
    };
    let flat = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Hội CCB tỉnh Cao Bằng # ĐỀ NGHỊ KỶ LUẬT"),
        "{pdf}"
    );
    assert!(
        flat.contains("Hội CCB tỉnh **Bằng** _Nghiêng_ \\* [[de-nghi]]"),
        "{pdf}"
    );
    assert!(flat.contains("- Bắc Kạn"), "{pdf}");
    // No line of the handout starts with the forged heading.
    assert!(
        !pdf.lines()
            .any(|l| l.trim_start().starts_with("ĐỀ NGHỊ KỶ LUẬT")),
        "{pdf}"
    );
    // The secretariat's notes stay Markdown.
    assert!(flat.contains("Hội nghị nhất trí thông qua."), "{pdf}");
}

// ---------------------------------------------------------------------------
// 6. The official documents are Vietnamese whatever --lang says.

#[test]
fn english_runs_write_the_same_official_documents() {
    let sample = root().join("samples/loi-2016");
    let dir = tempfile::tempdir().unwrap();
    let (vi, en) = (dir.path().join("vi"), dir.path().join("en"));
    let a = thidua(&["run", s(&sample), "--out", s(&vi), "--quiet"]);
    let b = thidua(&[
        "run",
        s(&sample),
        "--out",
        s(&en),
        "--quiet",
        "--lang",
        "en",
    ]);
    assert_eq!(code(&a), 1, "{}", stderr(&a));
    assert_eq!(code(&b), 1, "{}", stderr(&b));
    for name in ["tong-hop-2016.xlsx", "hoi-nghi-2016.pdf"] {
        let x = std::fs::read(vi.join(name)).unwrap();
        let y = std::fs::read(en.join(name)).unwrap();
        assert!(x == y, "{name} differs with --lang en");
    }
    // The JSON's messages follow --lang.
    let json = std::fs::read_to_string(en.join("ket-qua-2016.json")).unwrap();
    assert!(json.contains("It was skipped"), "{json}");
}
