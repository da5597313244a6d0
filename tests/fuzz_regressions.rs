//! Inputs the fuzzers found (fuzz/regressions/<target>/), replayed with the
//! same checks as the fuzz targets so a fixed crash stays fixed.

use thidua::model::diagnostic::Lang;
use thidua::text::{self, LegacyEncoding};

/// The checks of fuzz/fuzz_targets/text.rs.
fn check_text(s: &str) {
    if let Some(n) = text::parse_number(s) {
        let written = thidua::model::numfmt::plain(n.value, Lang::Vi);
        let again = text::parse_number(&written).expect("a Vietnamese-written number parses");
        assert_eq!(again.value, n.value, "{s:?} written as {written:?}");
    }
    let folded = text::fold(s);
    assert_eq!(text::fold(&folded), folded);
    if let Some(code) = text::normalize_code(s) {
        assert_eq!(text::normalize_code(&code), Some(code.clone()));
    }
    for enc in [LegacyEncoding::Tcvn3, LegacyEncoding::Vni] {
        let out = text::decode_legacy(s, enc);
        assert_eq!(text::nfc(&out), out);
    }
}

#[test]
fn text_fuzzer_findings_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/text");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let bytes = std::fs::read(entry.path()).unwrap();
        if let Ok(s) = std::str::from_utf8(&bytes) {
            check_text(s);
            count += 1;
        }
    }
    assert!(count > 0);
    // The first finding: "03.215%" was read as 3215 (dot thousands), and the
    // target wrote it back with a decimal point; written the Vietnamese way it round-trips.
    check_text("03.215%");
}
