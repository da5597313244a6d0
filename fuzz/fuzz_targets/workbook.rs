//! Fuzzes the workbook reader on arbitrary bytes, routed as in production:
//! formats that thidua reads in a sandboxed process go to a stand-in worker
//! that fails at once, the rest are read in process and must come back as a
//! workbook or an error, never a panic, an abort or unbounded memory.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use thidua::read::workbook::{read_workbook, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile_in_tmp();
    if file.1.write_all(data).is_err() {
        return;
    }
    let options = ReadOptions { worker: Some("/bin/false".into()) };
    let _ = read_workbook(&file.0, &options);
    let _ = std::fs::remove_file(&file.0);
});

/// A fresh file in /tmp for this process.
fn tempfile_in_tmp() -> (std::path::PathBuf, std::fs::File) {
    let path = std::env::temp_dir().join(format!("thidua-fuzz-{}.bin", std::process::id()));
    let file = std::fs::File::create(&path).expect("temp file");
    (path, file)
}
