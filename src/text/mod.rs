//! Vietnamese text handling: Unicode normalisation (NFC), the folded keys that
//! sheet names, headers, keys, methods, unit names and criterion codes are
//! matched by, Roman numerals, the legacy 8-bit encodings TCVN3 (ABC) and VNI
//! Windows (detection and conversion to Unicode), and numbers written as text
//! in either the Vietnamese or the English convention (SPEC sections 3-4,
//! DOMAIN "Legacy text encodings" and "Numbers").
//!
//! Each concern has its file: `keys` (NFC, folding, unit-name keys, codes
//! and Roman numerals), `legacy` (TCVN3 and VNI), `numbers` (numbers
//! written as text) and `terminal` (text made safe to print); their public
//! items are re-exported here, so callers write `text::fold`. The message
//! placeholder filler [`fill`] is here.

mod keys;
mod legacy;
mod numbers;
pub mod terminal;

pub use keys::{fold, fold_unit_name, is_roman_numeral, nfc, normalize_code, unit_place_key};
pub use legacy::{decode_legacy, detect_legacy, encoding_of_font, LegacyEncoding};
pub use numbers::{decimal_from_f64, parse_number, TextNumber};

/// `template` with each `{name}` replaced by `value(name)`; a name without
/// a value, and a `{` never closed, stay as written. How every message of
/// the diagnostics table and of the commands is put in words.
pub fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        match value(name) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_puts_values_and_keeps_unknown_names_and_open_braces() {
        let value = |name: &str| (name == "a").then(|| "1".to_string());
        assert_eq!(fill("x {a} y {b} z", value), "x 1 y {b} z");
        assert_eq!(fill("x {a} {never closed", value), "x 1 {never closed");
        assert_eq!(fill("", value), "");
    }
}
