//! Fuzzes the Vietnamese text layer: number parsing, folding, codes and
//! legacy-encoding repair never panic, and their outputs keep their promises.
#![no_main]
use libfuzzer_sys::fuzz_target;
use thidua::text::{self, LegacyEncoding};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Some(n) = text::parse_number(s) {
        // A parsed number, written the Vietnamese way, parses back to itself.
        let written = thidua::model::numfmt::plain(n.value, thidua::model::diagnostic::Lang::Vi);
        let again = text::parse_number(&written).expect("a Vietnamese-written number parses");
        assert_eq!(again.value, n.value);
    }
    let folded = text::fold(s);
    assert_eq!(text::fold(&folded), folded, "fold is idempotent");
    let _ = text::fold_unit_name(s);
    if let Some(code) = text::normalize_code(s) {
        assert_eq!(text::normalize_code(&code), Some(code.clone()), "codes are stable");
    }
    let _ = text::detect_legacy(s.split('\n'));
    for enc in [LegacyEncoding::Tcvn3, LegacyEncoding::Vni] {
        let out = text::decode_legacy(s, enc);
        assert_eq!(text::nfc(&out), out, "decoded text is NFC");
    }
});
