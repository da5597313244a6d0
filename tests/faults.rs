//! Faults and the run record: outputs are whole or absent after a SIGKILL at
//! any point, inputs are never modified, an output folder that cannot be
//! written is status 2, and `thidua verify` notices changed inputs and outputs.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A copy of the sample cluster in a temporary folder.
/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.insert(
                    e.path().strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(e.path()).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn a_run_never_modifies_its_inputs() {
    let dir = sample_copy();
    let before = snapshot(dir.path());
    let out = thidua(&["run", dir.path().to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    let after = snapshot(dir.path());
    for (name, bytes) in &before {
        assert_eq!(after.get(name), Some(bytes), "{} changed", name.display());
    }
    assert!(after.keys().any(|k| k.starts_with("ket-qua")));
}

#[test]
fn an_output_folder_that_cannot_be_written_is_status_2() {
    let dir = sample_copy();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let out = thidua(&[
        "run",
        dir.path().to_str().unwrap(),
        "--out",
        blocker.join("ket-qua").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Không ghi được"));
}

#[test]
fn sigkill_at_any_point_leaves_each_output_old_or_new_never_partial() {
    let dir = sample_copy();
    let folder = dir.path().to_str().unwrap().to_string();
    // The previous version: a run on the folder as it is.
    assert_eq!(thidua(&["run", &folder, "--quiet"]).status.code(), Some(0));
    let old = snapshot(&dir.path().join("ket-qua"));
    // The new version: the same run after a secretariat adjustment.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    for (c, h) in ["Đơn vị", "Mã", "Điểm", "Lý do"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "CB").unwrap();
    s.write_string(1, 1, "1.1").unwrap();
    s.write_number(1, 2, 1.0).unwrap();
    s.write_string(1, 3, "Kiểm tra chéo").unwrap();
    wb.save(dir.path().join("dieu-chinh.xlsx")).unwrap();
    let reference = sample_copy();
    copy_dir(dir.path(), reference.path());
    assert_eq!(
        thidua(&["run", reference.path().to_str().unwrap(), "--quiet"])
            .status
            .code(),
        Some(0)
    );
    let new = snapshot(&reference.path().join("ket-qua"));
    assert_ne!(old, new);
    for delay_ms in [0u64, 2, 5, 10, 20, 35, 50, 80, 120, 200] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_thidua"))
            .args(["run", &folder, "--quiet"])
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        for (name, bytes) in snapshot(&dir.path().join("ket-qua")) {
            if name.to_string_lossy().contains(".thidua-tmp-") {
                continue; // a temporary file, never under a final name
            }
            let is_old = old.get(&name) == Some(&bytes);
            let is_new = new.get(&name) == Some(&bytes);
            assert!(
                is_old || is_new,
                "{} is partial after a kill at {delay_ms} ms",
                name.display()
            );
        }
    }
    // The next run leaves no temporary file behind.
    assert_eq!(thidua(&["run", &folder, "--quiet"]).status.code(), Some(0));
    let left: Vec<_> = snapshot(&dir.path().join("ket-qua")).into_keys().collect();
    assert!(
        left.iter()
            .all(|n| !n.to_string_lossy().contains(".thidua-tmp-")),
        "{left:?}"
    );
    assert_eq!(snapshot(&dir.path().join("ket-qua")), new);
}

#[test]
fn verify_agrees_after_a_run_and_names_a_replaced_input() {
    let dir = sample_copy();
    let folder = dir.path().to_str().unwrap();
    assert_eq!(thidua(&["run", folder, "--quiet"]).status.code(), Some(0));
    let ok = thidua(&["verify", folder]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("ket-qua/ket-qua-2016.json")).unwrap(),
    )
    .unwrap();
    let inputs = json["run"]["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 5, "agreement and four workbooks");
    assert!(inputs
        .iter()
        .all(|i| i["sha256"].as_str().unwrap().len() == 64 && i["size"].as_u64().unwrap() > 0));
    assert_eq!(json["run"]["thidua_version"], env!("CARGO_PKG_VERSION"));
    // Replace a unit's workbook after the report.
    let target = dir
        .path()
        .join("nop/Bang tu cham diem CCB Cao Bang 2016.xlsx");
    let mut bytes = std::fs::read(&target).unwrap();
    bytes.push(0);
    std::fs::write(&target, bytes).unwrap();
    std::fs::write(dir.path().join("nop/moi.xlsx"), b"new").unwrap();
    let bad = thidua(&["verify", folder]);
    assert_eq!(bad.status.code(), Some(1));
    let text = String::from_utf8_lossy(&bad.stdout);
    assert!(
        text.contains("nop/Bang tu cham diem CCB Cao Bang 2016.xlsx"),
        "{text}"
    );
    assert!(text.contains("nop/moi.xlsx"), "{text}");
}

#[test]
fn verify_names_a_consolidated_workbook_edited_by_hand() {
    let dir = sample_copy();
    let folder = dir.path().to_str().unwrap();
    assert_eq!(thidua(&["run", folder, "--quiet"]).status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("ket-qua/ket-qua-2016.json")).unwrap(),
    )
    .unwrap();
    let outputs: Vec<&str> = json["run"]["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        outputs,
        vec![
            "ket-qua/tong-hop-2016.xlsx",
            "ket-qua/hoi-nghi-2016.pdf",
            "ket-qua/hoi-nghi-2016.docx",
            "ket-qua/phan-hoi/CB-Cao-Bằng.pdf",
            "ket-qua/phan-hoi/CB-Cao-Bằng.docx",
            "ket-qua/phan-hoi/BK-Bắc-Kạn.pdf",
            "ket-qua/phan-hoi/BK-Bắc-Kạn.docx",
        ]
    );
    let workbook = dir.path().join("ket-qua/tong-hop-2016.xlsx");
    let mut bytes = std::fs::read(&workbook).unwrap();
    bytes.extend_from_slice(b"sua tay");
    std::fs::write(&workbook, bytes).unwrap();
    let out = thidua(&["verify", folder, "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("An output was edited or replaced: ket-qua/tong-hop-2016.xlsx"),
        "{text}"
    );
}

#[test]
fn hostile_unit_codes_never_write_outside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("cum");
    let units = [
        (
            "../../thoat",
            "Hội Cựu chiến binh tỉnh Cao Bằng",
            "Cao Bằng",
        ),
        ("CON", "Hội Cựu chiến binh tỉnh Thái Nguyên", "Thái Nguyên"),
        (
            "/etc/passwd",
            "Hội Cựu chiến binh tỉnh Bắc Kạn / Khối 2: [thử]*?",
            "Bắc Kạn",
        ),
        (
            "a\\b:c*?\"<>|",
            "Hội Cựu chiến binh tỉnh Lạng Sơn",
            "Lạng Sơn",
        ),
    ];
    write_agreement_with_units(&work, &units, &criteria(), &[]);
    write_unit(
        &work.join("nop/cb.xlsx"),
        "Cao Bằng",
        2016,
        &answers(
            [95.0, 120.0, 4.0, 1.0, 0.0, 2.0, 0.0],
            [20.0, 30.0, 20.0, 10.0, 18.0, 2.0, 0.0],
        ),
    );
    let before = snapshot(dir.path());
    let forms = thidua(&["forms", work.to_str().unwrap()]);
    assert_eq!(
        forms.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&forms.stderr)
    );
    let run = thidua(&["run", work.to_str().unwrap(), "--quiet"]);
    assert!(
        matches!(run.status.code(), Some(0) | Some(1)),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let after = snapshot(dir.path());
    let new: Vec<&PathBuf> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert!(new.iter().all(|p| p.starts_with("cum/ket-qua")), "{new:?}");
    let forms_written = new
        .iter()
        .filter(|p| p.starts_with("cum/ket-qua/bieu-mau"))
        .count();
    assert_eq!(forms_written, 4, "{new:?}");
    for p in &new {
        let name = p.file_name().unwrap().to_string_lossy();
        assert!(
            !name.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']),
            "{name}"
        );
        assert!(!name.eq_ignore_ascii_case("CON.xlsx"), "{name}");
    }
    assert!(!dir.path().join("thoat.xlsx").exists() && !Path::new("/etc/passwd.xlsx").exists());
    // The consolidated workbook opens, with a sheet per unit.
    let wb: calamine::Xlsx<_> =
        calamine::open_workbook(work.join("ket-qua/tong-hop-2016.xlsx")).unwrap();
    use calamine::Reader;
    assert!(wb.sheet_names().len() >= 4 + 4);
}
