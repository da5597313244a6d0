//! What reaches the terminal from the inputs: every value a user or a unit
//! wrote (cell text, sheet names, file names, unit names, paths) is made
//! inert by [`inert`] where it enters a printed line, so that no value can
//! end a line, move the cursor, change colours, hide text or reorder it.
//!
//! JSON printed to the terminal (`--json`) gets the same characters as
//! `\uHHHH` escapes ([`inert_json`]): the same JSON once parsed.
//!
//! Owns: that escaping. Does not own what is printed (`report`,
//! `commands`, `main`).

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with every character that acts on the terminal instead of being
/// shown written out visibly: line breaks as `\n` and `\r`, a tab as `\t`,
/// the other control characters (C0, DEL, C1) as `\xHH`, and the
/// direction marks and overrides (U+061C, U+200E-200F, U+202A-202E,
/// U+2066-2069) and line and paragraph separators (U+2028-2029) as `\u{HHHH}`.
/// Text without any is returned as it is.
///
/// ```
/// use thidua::text::terminal::inert;
/// assert_eq!(inert("Cao Bằng"), "Cao Bằng");
/// assert_eq!(inert("0 lỗi\n\x1b[8m"), "0 lỗi\\n\\x1B[8m");
/// assert_eq!(inert("a\u{202E}b"), "a\\u{202E}b");
/// ```
pub fn inert(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if acts_on_terminal(c) && u32::from(c) < 0x100 => {
                let _ = write!(out, "\\x{:02X}", u32::from(c));
            }
            c if acts_on_terminal(c) => {
                let _ = write!(out, "\\u{{{:04X}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A JSON text with every character that acts on the terminal written as a
/// `\uHHHH` escape. Outside strings JSON has only ASCII signs and white
/// space, so this changes no value: the text parses to the same JSON.
///
/// ```
/// use thidua::text::terminal::inert_json;
/// let json = "{\"ten\": \"a\u{9b}8m\u{202E}\"}\n";
/// assert_eq!(inert_json(json), "{\"ten\": \"a\\u009b8m\\u202e\"}\n");
/// ```
pub fn inert_json(json: &str) -> Cow<'_, str> {
    let escaped = |c: char| acts_on_terminal(c) && !matches!(c, '\n' | '\r' | '\t');
    if !json.chars().any(escaped) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether printing `c` would do something other than show a character.
fn acts_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'..='\u{200F}'
                | '\u{2028}'..='\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_line_breaks_and_direction_overrides_are_written_out() {
        assert_eq!(inert("a\r\nb\tc"), "a\\r\\nb\\tc");
        assert_eq!(inert("\x07\x7f\u{9b}"), "\\x07\\x7F\\x9B");
        assert_eq!(inert("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(inert("\u{2028}"), "\\u{2028}");
    }

    #[test]
    fn vietnamese_text_and_printable_signs_are_untouched() {
        for s in [
            "Hội Cựu chiến binh tỉnh Cao Bằng",
            "nop/~$a (1).xlsx",
            "₫ – “x” \\ é",
        ] {
            assert!(matches!(inert(s), Cow::Borrowed(_)), "{s}");
        }
    }
}
