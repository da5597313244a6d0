//! The output set and the run record through the real binary: outputs
//! change all together or not at all (a full disk), one run at a time per
//! output folder, outputs edited by hand are kept, outputs never go inside
//! the inbox or through a link, and the run record covers every input and
//! output, sealed.
//!
//! Some tests use test-only hooks, read only in debug builds, to widen a
//! race: `THIDUA_TEST_HOLD_LOCK_MS` (hold the output folder's lock),
//! `THIDUA_TEST_PAUSE_BETWEEN_RENAMES_MS` (pause between two renames),
//! `THIDUA_TEST_PAUSE_AFTER_READ_MS` (pause after the inputs were read).

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Every regular file under `dir` with its bytes, leaving out the lock file.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else if e.file_name() != ".thidua.lock" {
                out.insert(
                    e.path().strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(e.path()).unwrap(),
                );
            }
        }
    }
    out
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_thidua"));
    c.env("NO_COLOR", "1");
    c
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn record(folder: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(folder.join("ket-qua/ket-qua-2016.json")).unwrap())
        .unwrap()
}

fn write_adjustment(folder: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    for (c, h) in ["Đơn vị", "Mã", "Điểm", "Lý do"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "CB").unwrap();
    s.write_string(1, 1, "1.1").unwrap();
    s.write_number(1, 2, 1.0).unwrap();
    s.write_string(1, 3, "Kiểm tra chéo").unwrap();
    wb.save(folder.join("dieu-chinh.xlsx")).unwrap();
}

/// A tmpfs of `kib` KiB at `at`, unmounted when dropped; None (with a
/// printed reason) where mounting is not possible.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, kib: u64) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn blocks(n: usize) -> u64 {
    (n as u64).div_ceil(4096) * 4
}

#[test]
fn a_full_disk_changes_no_output() {
    let dir = sample_copy();
    let folder = dir.path().to_str().unwrap().to_string();
    // Sizes of both output sets, on an ordinary disk.
    assert_eq!(thidua(&["run", &folder, "--quiet"]).status.code(), Some(0));
    let old = snapshot(&dir.path().join("ket-qua"));
    write_adjustment(dir.path());
    assert_eq!(thidua(&["run", &folder, "--quiet"]).status.code(), Some(0));
    let new = snapshot(&dir.path().join("ket-qua"));
    std::fs::remove_file(dir.path().join("dieu-chinh.xlsx")).ok();
    let old_kib: u64 = old.values().map(|b| blocks(b.len())).sum();
    let new_kib: Vec<u64> = new.values().map(|b| blocks(b.len())).collect();
    let workbook_kib = blocks(new[Path::new("tong-hop-2016.xlsx")].len());
    // Room for the old set and the new workbook (written first), not for a
    // whole new set: the old code wrote the workbook, then failed on the
    // handout and left the folder mixed.
    let size = old_kib + workbook_kib + 4;
    assert!(
        size < old_kib + new_kib.iter().sum::<u64>(),
        "{size} {new_kib:?}"
    );
    let out = dir.path().join("disk/ket-qua");
    let Some(_disk) = Tmpfs::mount(&dir.path().join("disk"), size) else {
        println!("SKIPPED a_full_disk_changes_no_output: cannot mount a tmpfs here (needs root)");
        return;
    };
    let out_arg = out.to_str().unwrap();
    let first = thidua(&["run", &folder, "--quiet", "--out", out_arg]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    let before = snapshot(&out);
    write_adjustment(dir.path());
    let full = thidua(&["run", &folder, "--quiet", "--out", out_arg]);
    assert_eq!(full.status.code(), Some(2), "{}", text(&full));
    assert!(text(&full).contains("Không ghi được"), "{}", text(&full));
    assert_eq!(snapshot(&out), before, "a full disk changed the outputs");
    // Forms and the agreement too: all or nothing.
    let forms = thidua(&["forms", &folder, "--quiet", "--out", out_arg]);
    if forms.status.code() == Some(2) {
        assert_eq!(snapshot(&out), before);
    }
}

#[test]
fn a_second_run_on_the_same_folder_waits_then_exits_2() {
    let dir = sample_copy();
    let folder = dir.path().to_str().unwrap();
    let mut first = bin()
        .args(["run", folder, "--quiet"])
        .env("THIDUA_TEST_HOLD_LOCK_MS", "9000")
        .spawn()
        .unwrap();
    let lock = dir.path().join("ket-qua/.thidua.lock");
    let start = Instant::now();
    while !lock.exists() && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let second = thidua(&["run", folder, "--quiet", "--lang", "en"]);
    assert_eq!(second.status.code(), Some(2), "{}", text(&second));
    assert!(
        text(&second).contains("Another thidua run is writing this folder"),
        "{}",
        text(&second)
    );
    assert!(started.elapsed() >= Duration::from_secs(3), "it waited");
    let vi = thidua(&["forms", folder, "--quiet"]);
    if vi.status.code() == Some(2) {
        assert!(
            text(&vi).contains("Một lần chạy thidua khác"),
            "{}",
            text(&vi)
        );
    }
    assert_eq!(first.wait().unwrap().code(), Some(0));
    assert_eq!(thidua(&["verify", folder]).status.code(), Some(0));
}

#[test]
fn an_output_edited_by_hand_or_read_only_is_kept_in_cu() {
    let dir = sample_copy();
    let folder = dir.path().to_str().unwrap();
    assert_eq!(thidua(&["run", folder, "--quiet"]).status.code(), Some(0));
    let workbook = dir.path().join("ket-qua/tong-hop-2016.xlsx");
    let mut edited = std::fs::read(&workbook).unwrap();
    edited.extend_from_slice(b"sua tay");
    std::fs::write(&workbook, &edited).unwrap();
    let pdf = dir.path().join("ket-qua/hoi-nghi-2016.pdf");
    let pdf_bytes = std::fs::read(&pdf).unwrap();
    let mut perms = std::fs::metadata(&pdf).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&pdf, perms).unwrap();
    let again = thidua(&["run", folder, "--quiet", "--lang", "en"]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    let said = text(&again);
    assert!(
        said.contains("ket-qua/tong-hop-2016.xlsx -> ket-qua/cu/tong-hop-2016-1.xlsx"),
        "{said}"
    );
    assert!(said.contains("ket-qua/cu/hoi-nghi-2016-1.pdf"), "{said}");
    assert_eq!(
        std::fs::read(dir.path().join("ket-qua/cu/tong-hop-2016-1.xlsx")).unwrap(),
        edited
    );
    assert_eq!(
        std::fs::read(dir.path().join("ket-qua/cu/hoi-nghi-2016-1.pdf")).unwrap(),
        pdf_bytes
    );
    // A second hand edit goes to -2, never over -1.
    std::fs::write(&workbook, b"sua lan hai").unwrap();
    assert_eq!(thidua(&["run", folder, "--quiet"]).status.code(), Some(0));
    assert_eq!(
        std::fs::read(dir.path().join("ket-qua/cu/tong-hop-2016-2.xlsx")).unwrap(),
        b"sua lan hai"
    );
    // Outputs thidua wrote are replaced without a word.
    let quiet = thidua(&["run", folder, "--quiet"]);
    assert_eq!(text(&quiet), "");
    assert_eq!(thidua(&["verify", folder]).status.code(), Some(0));
}

#[test]
fn outputs_inside_the_inbox_and_an_inbox_inside_the_outputs_are_refused() {
    let dir = sample_copy();
    let folder = dir.path().to_str().unwrap();
    for out in ["nop", "nop/ket-qua"] {
        let target = dir.path().join(out);
        let refused = thidua(&[
            "run",
            folder,
            "--out",
            target.to_str().unwrap(),
            "--lang",
            "en",
        ]);
        assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
        assert!(
            text(&refused).contains("inside the inbox"),
            "{}",
            text(&refused)
        );
    }
    let forms = thidua(&[
        "forms",
        folder,
        "--out",
        dir.path().join("nop").to_str().unwrap(),
    ]);
    assert_eq!(forms.status.code(), Some(2), "{}", text(&forms));
    assert!(!dir.path().join("nop/ket-qua").exists());
    assert!(!dir.path().join("nop/bieu-mau").exists());
    assert!(!dir.path().join("nop/ket-qua-2016.json").exists());
    let inbox = dir.path().join("ket-qua/nop");
    copy_dir(&dir.path().join("nop"), &inbox);
    let refused = thidua(&["run", folder, "--inbox", inbox.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(
        text(&refused).contains("nằm trong thư mục kết quả"),
        "{}",
        text(&refused)
    );
}

#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_link_is_refused() {
    let dir = sample_copy();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("ket-qua")).unwrap();
    let refused = thidua(&["run", dir.path().to_str().unwrap(), "--lang", "en"]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(
        text(&refused).contains("symbolic link"),
        "{}",
        text(&refused)
    );
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn the_record_holds_the_bytes_that_were_scored() {
    let dir = sample_copy();
    let folder = dir.path().to_str().unwrap();
    let name = "nop/Bang tu cham diem CCB Cao Bang 2016.xlsx";
    let original = std::fs::read(dir.path().join(name)).unwrap();
    let mut child = bin()
        .args(["run", folder, "--quiet"])
        .env("THIDUA_TEST_PAUSE_AFTER_READ_MS", "3000")
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let mut replaced = original.clone();
    replaced.extend_from_slice(b"thay sau khi doc");
    std::fs::write(dir.path().join(name), &replaced).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let json = record(dir.path());
    let entry = json["run"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["file"] == name)
        .unwrap()
        .clone();
    assert_eq!(entry["size"].as_u64(), Some(original.len() as u64));
    let verify = thidua(&["verify", folder, "--lang", "en"]);
    assert!(
        text(&verify).contains(&format!(
            "An input changed after the report was made: {name}"
        )),
        "{}",
        text(&verify)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_huge_skipped_file_is_hashed_in_small_memory() {
    let dir = sample_copy();
    let folder = dir.path().to_str().unwrap();
    for name in ["nop/ban-sao.bak", "nop/qua-lon.xlsx"] {
        let f = std::fs::File::create(dir.path().join(name)).unwrap();
        f.set_len(1_500_000_000).unwrap();
    }
    for args in [["run", folder, "--quiet"], ["verify", folder, "--quiet"]] {
        // Reaped by wait4 below, which also gives its peak memory.
        #[allow(clippy::zombie_processes)]
        let child = bin().args(args).spawn().unwrap();
        let pid = child.id() as libc::pid_t;
        let mut status = 0;
        // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        assert_eq!(waited, pid);
        let peak_mib = usage.ru_maxrss / 1024;
        assert!(peak_mib < 300, "{} peaked at {peak_mib} MiB", args[0]);
    }
    let json = record(dir.path());
    let big = json["run"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["file"] == "nop/ban-sao.bak")
        .unwrap()
        .clone();
    assert_eq!(big["size"].as_u64(), Some(1_500_000_000));
    assert_eq!(big["reason"], "too large to hash");
}

#[test]
fn relative_inbox_and_out_are_recorded_relative_to_the_working_folder() {
    let dir = sample_copy();
    let parent = dir.path().parent().unwrap();
    let name = dir.path().file_name().unwrap().to_str().unwrap();
    let inbox = format!("./{name}/nop");
    let out = format!("{name}/./ket-qua");
    let run = bin()
        .current_dir(parent)
        .args(["run", name, "--inbox", &inbox, "--out", &out, "--quiet"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", text(&run));
    let json = record(dir.path());
    let files: Vec<&str> = json["run"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 5, "{files:?}");
    assert!(files.contains(&"nop/TN_tuchamdiem_2016.xls"), "{files:?}");
    let verify = bin()
        .current_dir(parent)
        .args(["verify", name, "--inbox", &inbox, "--out", &out])
        .output()
        .unwrap();
    assert_eq!(verify.status.code(), Some(0), "{}", text(&verify));
}

#[test]
fn notes_and_a_template_added_later_are_noticed() {
    let dir = sample_copy();
    let folder = dir.path().to_str().unwrap();
    assert_eq!(thidua(&["run", folder, "--quiet"]).status.code(), Some(0));
    let absent = record(dir.path())["run"]["absent"].clone();
    assert_eq!(
        absent,
        serde_json::json!([
            "dieu-chinh.xlsx",
            "ghi-chu.md",
            "templates/hoi-nghi.md.j2",
            "truoc/ket-qua-2015.json"
        ])
    );
    std::fs::write(dir.path().join("ghi-chu.md"), "Hội nghị đã thống nhất.").unwrap();
    let verify = thidua(&["verify", folder, "--lang", "en"]);
    assert_eq!(verify.status.code(), Some(1));
    assert!(
        text(&verify).contains("A new input, not in the report: ghi-chu.md"),
        "{}",
        text(&verify)
    );
    assert_eq!(thidua(&["run", folder, "--quiet"]).status.code(), Some(0));
    assert_eq!(thidua(&["verify", folder]).status.code(), Some(0));
    std::fs::write(dir.path().join("ghi-chu.md"), "Sửa lại.").unwrap();
    let verify = thidua(&["verify", folder, "--lang", "en"]);
    assert!(
        text(&verify).contains("An input changed after the report was made: ghi-chu.md"),
        "{}",
        text(&verify)
    );
}

#[test]
fn an_edited_or_emptied_record_is_a_mismatch() {
    let dir = sample_copy();
    let folder = dir.path().to_str().unwrap();
    assert_eq!(thidua(&["run", folder, "--quiet"]).status.code(), Some(0));
    let path = dir.path().join("ket-qua/ket-qua-2016.json");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&original).unwrap();
    json["units"][0]["total"] = serde_json::json!(100.0);
    json["units"][0]["rank"] = serde_json::json!(1);
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap() + "\n").unwrap();
    let edited = thidua(&["verify", folder, "--lang", "en"]);
    assert_eq!(edited.status.code(), Some(1), "{}", text(&edited));
    assert!(
        text(&edited).contains("The run record itself was edited"),
        "{}",
        text(&edited)
    );
    let mut json: serde_json::Value = serde_json::from_str(&original).unwrap();
    json["run"]["outputs"] = serde_json::json!([]);
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap() + "\n").unwrap();
    let emptied = thidua(&["verify", folder, "--lang", "en"]);
    assert_eq!(emptied.status.code(), Some(1), "{}", text(&emptied));
    std::fs::write(&path, &original).unwrap();
    assert_eq!(thidua(&["verify", folder]).status.code(), Some(0));
}

#[test]
fn verify_after_a_run_killed_between_renames_says_run_again() {
    let dir = sample_copy();
    let folder = dir.path().to_str().unwrap();
    assert_eq!(thidua(&["run", folder, "--quiet"]).status.code(), Some(0));
    let workbook = dir.path().join("ket-qua/tong-hop-2016.xlsx");
    let old = std::fs::read(&workbook).unwrap();
    write_adjustment(dir.path());
    let mut child = bin()
        .args(["run", folder, "--quiet"])
        .env("THIDUA_TEST_PAUSE_BETWEEN_RENAMES_MS", "30000")
        .spawn()
        .unwrap();
    let start = Instant::now();
    while std::fs::read(&workbook).unwrap() == old {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the first rename never came"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let verify = thidua(&["verify", folder, "--lang", "en"]);
    assert_eq!(verify.status.code(), Some(1));
    assert!(
        text(&verify).contains("The last run did not finish")
            && text(&verify).contains("run thidua run again"),
        "{}",
        text(&verify)
    );
    // The next run finishes the job and keeps nothing aside.
    let again = thidua(&["run", folder, "--quiet"]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    assert_eq!(text(&again), "");
    assert!(!dir.path().join("ket-qua/cu").exists());
    assert_eq!(thidua(&["verify", folder]).status.code(), Some(0));
}

#[cfg(unix)]
#[test]
fn every_inbox_entry_is_listed_and_none_hangs_the_run() {
    let dir = sample_copy();
    let nop = dir.path().join("nop");
    std::os::unix::fs::symlink(dir.path().join("khong-co.xlsx"), nop.join("gay.xlsx")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", nop.join("zero.xlsx")).unwrap();
    let fifo = std::ffi::CString::new(nop.join("ong.xlsx").to_str().unwrap()).unwrap();
    // SAFETY: a valid C string naming a path in our own temporary folder.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::fs::create_dir(nop.join("thu-muc.xlsx")).unwrap();
    std::fs::create_dir_all(nop.join("dot-2/sau-hon")).unwrap();
    std::fs::rename(
        nop.join("TN_tuchamdiem_2016.xls"),
        nop.join("dot-2/TN_tuchamdiem_2016.xls"),
    )
    .unwrap();
    std::fs::create_dir(nop.join("cu")).unwrap();
    std::fs::write(nop.join("cu/cu.xlsx"), b"old").unwrap();
    // An NFD file name comes out NFC.
    std::fs::write(nop.join("ghi chu\u{0301}.txt"), b"x").unwrap();
    let mut child = bin()
        .args(["run", dir.path().to_str().unwrap(), "--quiet"])
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("the run hung");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(matches!(status.code(), Some(0 | 1)));
    let json = record(dir.path());
    let files: BTreeMap<String, String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (name, status) in [
        ("nop/gay.xlsx", "skipped"),
        ("nop/zero.xlsx", "skipped"),
        ("nop/ong.xlsx", "skipped"),
        ("nop/thu-muc.xlsx", "skipped"),
        ("nop/dot-2/sau-hon", "skipped"),
        ("nop/cu", "skipped"),
        ("nop/dot-2/TN_tuchamdiem_2016.xls", "used"),
        ("nop/ghi chú.txt", "skipped"),
    ] {
        assert_eq!(
            files.get(name).map(String::as_str),
            Some(status),
            "{name}: {files:?}"
        );
    }
    let inputs = json["run"]["inputs"].as_array().unwrap();
    let fifo_entry = inputs.iter().find(|i| i["file"] == "nop/ong.xlsx").unwrap();
    assert_eq!(fifo_entry["reason"], "a named pipe (FIFO)");
    let archive = inputs.iter().find(|i| i["file"] == "nop/cu").unwrap();
    assert_eq!(
        archive["reason"],
        "the older files replaced by newer ones (not read)"
    );
    // The Kiểm tra sheet lists the same files.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("ket-qua/tong-hop-2016.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Kiểm tra").unwrap();
    let cells: Vec<String> = sheet.cells().map(|(_, _, v)| v.to_string()).collect();
    for name in files.keys() {
        assert!(
            cells.iter().any(|c| c.contains(name.as_str())),
            "{name} not in Kiểm tra"
        );
    }
    // ... each with why it was skipped, by what it is.
    assert!(
        cells
            .iter()
            .any(|c| c == "Bỏ qua: không phải tệp (một đường ống có tên, FIFO)"),
        "the FIFO's reason is not in Kiểm tra"
    );
    // The terminal report says why each entry was skipped, by what it is,
    // not by its name (a FIFO named .xlsx is a pipe, not a spreadsheet).
    let check = bin()
        .args(["check", dir.path().to_str().unwrap(), "--lang", "en"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout).to_string();
    for (name, why) in [
        ("nop/ong.xlsx", "not a file (a named pipe, FIFO)"),
        ("nop/zero.xlsx", "not a file (a device)"),
        ("nop/gay.xlsx", "a broken link"),
        ("nop/thu-muc.xlsx", "a folder that is not read"),
        ("nop/dot-2/sau-hon", "a folder that is not read"),
        ("nop/ghi chú.txt", "not a spreadsheet"),
    ] {
        let line = report
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{name}:")));
        assert!(
            line.is_some_and(|l| l.contains(why)),
            "{name}: want {why:?} in {line:?}\n{report}"
        );
    }
    let verify = bin()
        .args(["verify", dir.path().to_str().unwrap(), "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(verify.status.code(), Some(0), "{}", text(&verify));
}
