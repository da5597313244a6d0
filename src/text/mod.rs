//! Vietnamese text handling: Unicode normalisation (NFC), the folded keys that
//! sheet names, headers, keys, methods, unit names and criterion codes are
//! matched by, Roman numerals, the legacy 8-bit encodings TCVN3 (ABC) and VNI
//! Windows (detection and conversion to Unicode), and numbers written as text
//! in either the Vietnamese or the English convention (SPEC sections 3-4,
//! DOMAIN "Legacy text encodings" and "Numbers").

pub mod terminal;

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

// ---------------------------------------------------------------------------
// Normalisation and matching keys
// ---------------------------------------------------------------------------

/// Returns `s` in Unicode normalisation form C (composed), the form of every
/// output text.
pub fn nfc(s: &str) -> String {
    if is_nfc(s) {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// Whether `s` is certainly NFC already: ASCII, or a quick check of the
/// Unicode NFC_Quick_Check property says so (true for most text, which
/// spares composing it again).
fn is_nfc(s: &str) -> bool {
    s.is_ascii()
        || s.chars().all(is_nfc_starter)
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// Characters that are NFC whatever surrounds them: below the combining
/// diacritical marks (U+0300), or the precomposed Latin letters of U+1E00 to
/// U+1EFF (Vietnamese among them). Neither is a combining mark nor combines
/// with what precedes it, so text made only of them is NFC.
fn is_nfc_starter(c: char) -> bool {
    let c = u32::from(c);
    c < 0x300 || (0x1E00..0x1F00).contains(&c)
}

/// The key sheet names, headers, keys and methods are matched by.
///
/// Accepts NFC or NFD input; lower-cases; removes diacritics (`đ`/`Đ`, and the
/// look-alike `ð`/`Ð`, become `d`); drops invisible characters (soft hyphen,
/// zero-width spaces, BOM); turns every run of whitespace (spaces, NBSP, tabs,
/// line breaks inside header cells) into one space; trims; removes trailing
/// colons (`:` or `：`) and trims again. `fold(fold(s)) == fold(s)`.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        // Lower case and NFD are the identity on ASCII but for the letters.
        return fold_chars(s.len(), s.chars().map(|c| c.to_ascii_lowercase()));
    }
    if s.chars()
        .all(|c| c.is_ascii() || folded_letter(c).is_some())
    {
        // Latin letters with diacritics, one by one from a table.
        return fold_chars(
            s.len(),
            s.chars()
                .map(|c| folded_letter(c).unwrap_or(c.to_ascii_lowercase())),
        );
    }
    fold_chars(s.len(), s.to_lowercase().nfd())
}

/// The first and last characters of the ranges [`folded_letter`] knows:
/// Latin-1 letters, Latin Extended-A and -B, Latin Extended Additional.
const FOLD_TABLE_RANGES: [(u32, u32); 2] = [(0xC0, 0x24F), (0x1E00, 0x1EFF)];

/// What [`fold`] makes of one non-ASCII letter, where that is one character
/// that is not a space: lower case, decomposed, without its marks (`Ế` and
/// `ế` give `e`, `Đ` gives `d`). Exact for whole strings of such letters
/// (and ASCII): their decompositions are a starter and combining marks,
/// which fold drops, so the canonical reordering of NFD changes nothing.
fn folded_letter(c: char) -> Option<char> {
    static TABLE: OnceLock<Vec<Option<char>>> = OnceLock::new();
    let code = u32::from(c);
    let mut offset = 0;
    let table = TABLE.get_or_init(|| {
        FOLD_TABLE_RANGES
            .iter()
            .flat_map(|&(first, last)| first..=last)
            .map(|code| {
                let c = char::from_u32(code)?;
                let mut kept = c
                    .to_lowercase()
                    .nfd()
                    .filter(|&d| !is_combining_mark(d) && !is_invisible(d))
                    .map(fold_letter);
                match (kept.next(), kept.next()) {
                    (Some(one), None) if !one.is_whitespace() => Some(one),
                    _ => None,
                }
            })
            .collect()
    });
    for &(first, last) in &FOLD_TABLE_RANGES {
        if (first..=last).contains(&code) {
            return table[offset + (code - first) as usize];
        }
        offset += (last - first + 1) as usize;
    }
    None
}

/// [`fold`] on the lower-cased, decomposed characters.
fn fold_chars(len: usize, chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(len);
    let mut space_pending = false;
    for c in chars {
        if is_combining_mark(c) || is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            space_pending = !out.is_empty();
            continue;
        }
        if space_pending {
            out.push(' ');
            space_pending = false;
        }
        out.push(fold_letter(c));
    }
    let kept = out.trim_end_matches([':', '：', ' ']).len();
    out.truncate(kept);
    out
}

/// Characters that show nothing and are dropped from keys.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Letters whose diacritic is not a combining mark.
fn fold_letter(c: char) -> char {
    match c {
        'đ' | 'ð' => 'd',
        other => other,
    }
}

/// Whole words (after [`fold`]) that unit names are matched without (SPEC 4).
const UNIT_NAME_FILLER_WORDS: [&[&str]; 6] = [
    &["cuu", "chien", "binh"],
    &["thanh", "pho"],
    &["tinh"],
    &["hoi"],
    &["ccb"],
    &["tp"],
];

/// The key unit names are matched by (SPEC 4): [`fold`], then punctuation
/// replaced by spaces, then the whole words "tinh", "thanh pho", "tp", "hoi",
/// "cuu chien binh" and "ccb" removed, spaces collapsed.
///
/// "Hội Cựu chiến binh tỉnh Cao Bằng" and "Hội CCB TP. Hà Nội" give
/// "cao bang" and "ha noi". A name made only of such words gives "".
pub fn fold_unit_name(s: &str) -> String {
    let spaced: String = fold(s)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    without_filler_words(&words).join(" ")
}

/// A unit name with the kind of place kept: like [`fold_unit_name`], but
/// "tinh" and "thanh pho" ("tp") stay, so that "Hội CCB thành phố Cao Bằng"
/// ("thanh pho cao bang") and "Hội CCB tỉnh Cao Bằng" ("tinh cao bang")
/// stay apart where their [`fold_unit_name`] keys are both "cao bang".
pub fn unit_place_key(s: &str) -> String {
    let spaced: String = fold(s)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = spaced
        .split_whitespace()
        .flat_map(|w| {
            if w == "tp" {
                vec!["thanh", "pho"]
            } else {
                vec![w]
            }
        })
        .collect();
    let mut kept = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let rest = &words[i..];
        match UNIT_NAME_FILLER_WORDS[..1]
            .iter()
            .chain(&UNIT_NAME_FILLER_WORDS[3..5])
            .find(|f| rest.starts_with(f))
        {
            Some(filler) => i += filler.len(),
            None => {
                kept.push(words[i]);
                i += 1;
            }
        }
    }
    kept.join(" ")
}

fn without_filler_words<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut kept = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let rest = &words[i..];
        match UNIT_NAME_FILLER_WORDS.iter().find(|f| rest.starts_with(f)) {
            Some(filler) => i += filler.len(),
            None => {
                kept.push(words[i]);
                i += 1;
            }
        }
    }
    kept
}

// ---------------------------------------------------------------------------
// Criterion codes and Roman numerals
// ---------------------------------------------------------------------------

/// Normalises a criterion code (SPEC 4): `"1.1"`, `"1.1."`, `"1,1"`,
/// `" 1.1 "` and `"1 . 1"` all give `"1.1"`; `"2"` and `"2."` give `"2"`;
/// leading zeros of a part go (`"01"` gives `"1"`); one trailing `)` is
/// allowed (`"1)"` gives `"1"`). Roman numerals (`"I"`, `"ii"`, `"IV."`)
/// give upper case without the dot. Compatibility forms (full-width digits,
/// `Ⅳ`) are read as their plain forms.
///
/// Returns `None` when the text is not a code (`"Tổng"`, `"a"`, `""`,
/// `"1..2"`).
pub fn normalize_code(s: &str) -> Option<String> {
    // NFKC is the identity on ASCII.
    let compact: String = if s.is_ascii() {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        s.nfkc().filter(|c| !c.is_whitespace()).collect()
    };
    let body = compact.strip_suffix(')').unwrap_or(&compact);
    if is_roman_numeral(body) {
        let roman = body.strip_suffix('.').unwrap_or(body);
        return Some(roman.to_ascii_uppercase());
    }
    numeric_code(&body.replace(',', "."))
}

/// `"1.2.3"` (an optional trailing dot) to its canonical form.
fn numeric_code(dotted: &str) -> Option<String> {
    let dotted = dotted.strip_suffix('.').unwrap_or(dotted);
    let parts: Vec<&str> = dotted.split('.').collect();
    let all_digits = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !parts.iter().all(all_digits) {
        return None;
    }
    let canonical: Vec<&str> = parts.iter().map(|p| without_leading_zeros(p)).collect();
    Some(canonical.join("."))
}

fn without_leading_zeros(digits: &str) -> &str {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        "0"
    } else {
        trimmed
    }
}

/// The largest Roman numeral recognised: XXXIX. Single letters such as L, C,
/// D, M are too often something else to be read as numerals.
const MAX_ROMAN: u32 = 39;

/// True for the Roman numerals I, II, III, IV, ... XXXIX in their standard
/// form, in any case, with an optional trailing dot and surrounding spaces
/// (`"iv."`, `" XII "`). False for `"IIII"`, `"VX"`, `"L"`, `""`.
pub fn is_roman_numeral(s: &str) -> bool {
    let text: std::borrow::Cow<str> = if s.is_ascii() {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfkc().collect())
    };
    let text = text.trim();
    let text = text.strip_suffix('.').unwrap_or(text).trim_end();
    let upper = text.to_ascii_uppercase();
    roman_value(&upper).is_some_and(|v| v <= MAX_ROMAN && to_roman(v) == upper)
}

/// The value of a string of I, V, X with the subtractive rule; the caller
/// checks the form is the standard one by writing the value back.
fn roman_value(s: &str) -> Option<u32> {
    let digits: Vec<u32> = s
        .chars()
        .map(|c| match c {
            'I' => Some(1),
            'V' => Some(5),
            'X' => Some(10),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if digits.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    for (i, &d) in digits.iter().enumerate() {
        let next = digits.get(i + 1).copied().unwrap_or(0);
        if d < next {
            total -= i64::from(d);
        } else {
            total += i64::from(d);
        }
    }
    u32::try_from(total).ok()
}

fn to_roman(mut value: u32) -> String {
    const PARTS: [(u32, &str); 5] = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut out = String::new();
    for (amount, letters) in PARTS {
        while value >= amount {
            out.push_str(letters);
            value -= amount;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Legacy encodings: tables
// ---------------------------------------------------------------------------

/// A legacy 8-bit Vietnamese encoding, as found in old office files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyEncoding {
    /// TCVN3 (ABC, TCVN 5712:1993 VN3), fonts `.VnTime`, `.VnArial`, ...
    Tcvn3,
    /// VNI Windows, fonts `VNI-Times`, `VNI-Helve`, ...
    Vni,
}

/// TCVN3 (ABC) letters by byte: every lower-case Vietnamese letter that is
/// not ASCII, and the seven non-toned capitals. Verified letter by letter
/// against glibc (`printf 'ằ' | iconv -f UTF-8 -t TCVN | xxd`): glibc writes
/// each of these as the single byte listed (it writes base letter + combining
/// byte 0xB0-0xB4 only for NFD input and for letters outside the table), and
/// agrees with UniKey's TCVN3 table.
///
/// Toned capitals do not exist in TCVN3: they are typed with the lower-case
/// bytes and shown upper-case by the `.VnTimeH`-style fonts, so such text
/// decodes to lower case.
#[rustfmt::skip]
const TCVN3: [(u8, char); 74] = [
    (0xB5, 'à'), (0xB6, 'ả'), (0xB7, 'ã'), (0xB8, 'á'), (0xB9, 'ạ'),               // µ ¶ · ¸ ¹
    (0xA8, 'ă'), (0xBB, 'ằ'), (0xBC, 'ẳ'), (0xBD, 'ẵ'), (0xBE, 'ắ'), (0xC6, 'ặ'),  // ¨ » ¼ ½ ¾ Æ
    (0xA9, 'â'), (0xC7, 'ầ'), (0xC8, 'ẩ'), (0xC9, 'ẫ'), (0xCA, 'ấ'), (0xCB, 'ậ'),  // © Ç È É Ê Ë
    (0xAE, 'đ'),                                                                     // ®
    (0xCC, 'è'), (0xCE, 'ẻ'), (0xCF, 'ẽ'), (0xD0, 'é'), (0xD1, 'ẹ'),               // Ì Î Ï Ð Ñ
    (0xAA, 'ê'), (0xD2, 'ề'), (0xD3, 'ể'), (0xD4, 'ễ'), (0xD5, 'ế'), (0xD6, 'ệ'),  // ª Ò Ó Ô Õ Ö
    (0xD7, 'ì'), (0xD8, 'ỉ'), (0xDC, 'ĩ'), (0xDD, 'í'), (0xDE, 'ị'),               // × Ø Ü Ý Þ
    (0xDF, 'ò'), (0xE1, 'ỏ'), (0xE2, 'õ'), (0xE3, 'ó'), (0xE4, 'ọ'),               // ß á â ã ä
    (0xAB, 'ô'), (0xE5, 'ồ'), (0xE6, 'ổ'), (0xE7, 'ỗ'), (0xE8, 'ố'), (0xE9, 'ộ'),  // « å æ ç è é
    (0xAC, 'ơ'), (0xEA, 'ờ'), (0xEB, 'ở'), (0xEC, 'ỡ'), (0xED, 'ớ'), (0xEE, 'ợ'),  // ¬ ê ë ì í î
    (0xEF, 'ù'), (0xF1, 'ủ'), (0xF2, 'ũ'), (0xF3, 'ú'), (0xF4, 'ụ'),               // ï ñ ò ó ô
    (0xAD, 'ư'), (0xF5, 'ừ'), (0xF6, 'ử'), (0xF7, 'ữ'), (0xF8, 'ứ'), (0xF9, 'ự'),  // SHY õ ö ÷ ø ù
    (0xFA, 'ỳ'), (0xFB, 'ỷ'), (0xFC, 'ỹ'), (0xFD, 'ý'), (0xFE, 'ỵ'),               // ú û ü ý þ
    (0xA1, 'Ă'), (0xA2, 'Â'), (0xA3, 'Ê'), (0xA4, 'Ô'), (0xA5, 'Ơ'), (0xA6, 'Ư'), (0xA7, 'Đ'), // ¡ ¢ £ ¤ ¥ ¦ §
];

/// What glibc's TCVN table (the full TCVN 5712:1993 VN1 set) adds to
/// [`TCVN3`]: the toned capitals, in bytes that TCVN3 leaves to control codes
/// and Windows symbols, and the combining tone marks 0xB0-0xB4 that glibc
/// writes after a base letter for decomposed input.
///
/// Files typed with ABC fonts use these bytes for symbols (`–`, `“`, `…`,
/// `°`...), so [`decode_legacy`] reads them as letters only where the word
/// they are in then reads as one Vietnamese syllable.
#[rustfmt::skip]
const TCVN_VN1_EXTRA: [(u8, char); 65] = [
    (0x80, 'À'), (0x81, 'Ả'), (0x82, 'Ã'), (0x83, 'Á'), (0x84, 'Ạ'),
    (0xAF, 'Ằ'), (0xBA, 'Ẳ'), (0xBF, 'Ẵ'), (0xC0, 'Ắ'), (0x85, 'Ặ'),
    (0xC1, 'Ầ'), (0xC2, 'Ẩ'), (0xC3, 'Ẫ'), (0xC4, 'Ấ'), (0x86, 'Ậ'),
    (0x87, 'È'), (0x88, 'Ẻ'), (0x89, 'Ẽ'), (0x8A, 'É'), (0x8B, 'Ẹ'),
    (0xC5, 'Ề'), (0xCD, 'Ể'), (0xD9, 'Ễ'), (0xDA, 'Ế'), (0x8C, 'Ệ'),
    (0x8D, 'Ì'), (0x8E, 'Ỉ'), (0x8F, 'Ĩ'), (0x90, 'Í'), (0x91, 'Ị'),
    (0x92, 'Ò'), (0x93, 'Ỏ'), (0x94, 'Õ'), (0x95, 'Ó'), (0x96, 'Ọ'),
    (0xDB, 'Ồ'), (0xE0, 'Ổ'), (0xF0, 'Ỗ'), (0xFF, 'Ố'), (0x97, 'Ộ'),
    (0x98, 'Ờ'), (0x99, 'Ở'), (0x9A, 'Ỡ'), (0x9B, 'Ớ'), (0x9C, 'Ợ'),
    (0x9D, 'Ù'), (0x9E, 'Ủ'), (0x9F, 'Ũ'), (0x01, 'Ú'), (0x02, 'Ụ'),
    (0x04, 'Ừ'), (0x05, 'Ử'), (0x06, 'Ữ'), (0x11, 'Ứ'), (0x12, 'Ự'),
    (0x13, 'Ỳ'), (0x14, 'Ỷ'), (0x15, 'Ỹ'), (0x16, 'Ý'), (0x17, 'Ỵ'),
    (0xB0, '\u{300}'), (0xB1, '\u{309}'), (0xB2, '\u{303}'), (0xB3, '\u{301}'), (0xB4, '\u{323}'),
];

/// VNI Windows: every Vietnamese letter that is not ASCII (67 lower-case, 67
/// upper-case) and the characters that type it, as Excel shows them (each
/// byte as its Windows-1252 character). A vowel is followed by a tone or
/// hat/breve byte (`aù` = á, `aâ` = â, `aá` = ấ, `aê` = ă); ơ, ư, đ and the
/// toned i and ỵ have bytes of their own. Upper-case letters use the
/// upper-case mark bytes (0x20 lower). Checked against UniKey's VNI-WIN table.
#[rustfmt::skip]
const VNI_WINDOWS: [(&str, char); 134] = [
    ("aù", 'á'), ("aø", 'à'), ("aû", 'ả'), ("aõ", 'ã'), ("aï", 'ạ'),
    ("aâ", 'â'), ("aá", 'ấ'), ("aà", 'ầ'), ("aå", 'ẩ'), ("aã", 'ẫ'), ("aä", 'ậ'),
    ("aê", 'ă'), ("aé", 'ắ'), ("aè", 'ằ'), ("aú", 'ẳ'), ("aü", 'ẵ'), ("aë", 'ặ'),
    ("ñ", 'đ'),
    ("eù", 'é'), ("eø", 'è'), ("eû", 'ẻ'), ("eõ", 'ẽ'), ("eï", 'ẹ'),
    ("eâ", 'ê'), ("eá", 'ế'), ("eà", 'ề'), ("eå", 'ể'), ("eã", 'ễ'), ("eä", 'ệ'),
    ("í", 'í'), ("ì", 'ì'), ("æ", 'ỉ'), ("ó", 'ĩ'), ("ò", 'ị'),
    ("où", 'ó'), ("oø", 'ò'), ("oû", 'ỏ'), ("oõ", 'õ'), ("oï", 'ọ'),
    ("oâ", 'ô'), ("oá", 'ố'), ("oà", 'ồ'), ("oå", 'ổ'), ("oã", 'ỗ'), ("oä", 'ộ'),
    ("ô", 'ơ'), ("ôù", 'ớ'), ("ôø", 'ờ'), ("ôû", 'ở'), ("ôõ", 'ỡ'), ("ôï", 'ợ'),
    ("uù", 'ú'), ("uø", 'ù'), ("uû", 'ủ'), ("uõ", 'ũ'), ("uï", 'ụ'),
    ("ö", 'ư'), ("öù", 'ứ'), ("öø", 'ừ'), ("öû", 'ử'), ("öõ", 'ữ'), ("öï", 'ự'),
    ("yù", 'ý'), ("yø", 'ỳ'), ("yû", 'ỷ'), ("yõ", 'ỹ'), ("î", 'ỵ'),
    ("AÙ", 'Á'), ("AØ", 'À'), ("AÛ", 'Ả'), ("AÕ", 'Ã'), ("AÏ", 'Ạ'),
    ("AÂ", 'Â'), ("AÁ", 'Ấ'), ("AÀ", 'Ầ'), ("AÅ", 'Ẩ'), ("AÃ", 'Ẫ'), ("AÄ", 'Ậ'),
    ("AÊ", 'Ă'), ("AÉ", 'Ắ'), ("AÈ", 'Ằ'), ("AÚ", 'Ẳ'), ("AÜ", 'Ẵ'), ("AË", 'Ặ'),
    ("Ñ", 'Đ'),
    ("EÙ", 'É'), ("EØ", 'È'), ("EÛ", 'Ẻ'), ("EÕ", 'Ẽ'), ("EÏ", 'Ẹ'),
    ("EÂ", 'Ê'), ("EÁ", 'Ế'), ("EÀ", 'Ề'), ("EÅ", 'Ể'), ("EÃ", 'Ễ'), ("EÄ", 'Ệ'),
    ("Í", 'Í'), ("Ì", 'Ì'), ("Æ", 'Ỉ'), ("Ó", 'Ĩ'), ("Ò", 'Ị'),
    ("OÙ", 'Ó'), ("OØ", 'Ò'), ("OÛ", 'Ỏ'), ("OÕ", 'Õ'), ("OÏ", 'Ọ'),
    ("OÂ", 'Ô'), ("OÁ", 'Ố'), ("OÀ", 'Ồ'), ("OÅ", 'Ổ'), ("OÃ", 'Ỗ'), ("OÄ", 'Ộ'),
    ("Ô", 'Ơ'), ("ÔÙ", 'Ớ'), ("ÔØ", 'Ờ'), ("ÔÛ", 'Ở'), ("ÔÕ", 'Ỡ'), ("ÔÏ", 'Ợ'),
    ("UÙ", 'Ú'), ("UØ", 'Ù'), ("UÛ", 'Ủ'), ("UÕ", 'Ũ'), ("UÏ", 'Ụ'),
    ("Ö", 'Ư'), ("ÖÙ", 'Ứ'), ("ÖØ", 'Ừ'), ("ÖÛ", 'Ử'), ("ÖÕ", 'Ữ'), ("ÖÏ", 'Ự'),
    ("YÙ", 'Ý'), ("YØ", 'Ỳ'), ("YÛ", 'Ỷ'), ("YÕ", 'Ỹ'), ("Î", 'Ỵ'),
];

/// VNI mark bytes that never occur in Unicode Vietnamese text (grave, hook,
/// dot below and the hat/breve combinations with them): seeing them after a
/// vowel is strong evidence of VNI.
const VNI_STRONG_MARKS: [char; 14] = [
    'ø', 'û', 'ï', 'å', 'ä', 'ü', 'ë', 'Ø', 'Û', 'Ï', 'Å', 'Ä', 'Ü', 'Ë',
];

/// Windows-1252 characters for the bytes 0x80-0x9F (0x81, 0x8D, 0x8F, 0x90,
/// 0x9D are undefined and arrive as the C1 control of the same code).
#[rustfmt::skip]
const CP1252_HIGH: [(u8, char); 27] = [
    (0x80, '€'), (0x82, '‚'), (0x83, 'ƒ'), (0x84, '„'), (0x85, '…'), (0x86, '†'),
    (0x87, '‡'), (0x88, 'ˆ'), (0x89, '‰'), (0x8A, 'Š'), (0x8B, '‹'), (0x8C, 'Œ'),
    (0x8E, 'Ž'), (0x91, '‘'), (0x92, '’'), (0x93, '“'), (0x94, '”'), (0x95, '•'),
    (0x96, '–'), (0x97, '—'), (0x98, '˜'), (0x99, '™'), (0x9A, 'š'), (0x9B, '›'),
    (0x9C, 'œ'), (0x9E, 'ž'), (0x9F, 'Ÿ'),
];

/// The byte a character stands for when 8-bit text is shown as Windows-1252
/// (or read as Latin-1, which gives C1 controls for 0x80-0x9F).
fn legacy_byte(c: char) -> Option<u8> {
    if let Ok(byte) = u8::try_from(u32::from(c)) {
        return Some(byte);
    }
    CP1252_HIGH.iter().find(|(_, ch)| *ch == c).map(|(b, _)| *b)
}

/// Byte-indexed views of the TCVN tables.
struct TcvnLookup {
    tcvn3: [Option<char>; 256],
    vn1_extra: [Option<char>; 256],
}

fn tcvn_lookup() -> &'static TcvnLookup {
    static LOOKUP: OnceLock<TcvnLookup> = OnceLock::new();
    LOOKUP.get_or_init(|| {
        let mut lookup = TcvnLookup {
            tcvn3: [None; 256],
            vn1_extra: [None; 256],
        };
        for (byte, letter) in TCVN3 {
            lookup.tcvn3[usize::from(byte)] = Some(letter);
        }
        for (byte, letter) in TCVN_VN1_EXTRA {
            lookup.vn1_extra[usize::from(byte)] = Some(letter);
        }
        lookup
    })
}

/// The TCVN3 letter a character stands for, if any.
fn tcvn3_letter(c: char) -> Option<char> {
    legacy_byte(c).and_then(|b| tcvn_lookup().tcvn3[usize::from(b)])
}

/// The glibc-only (VN1) capital or combining tone a character stands for.
fn tcvn_vn1_extra(c: char) -> Option<char> {
    legacy_byte(c).and_then(|b| tcvn_lookup().vn1_extra[usize::from(b)])
}

/// VNI sequences (one or two characters) to letters.
fn vni_lookup() -> &'static HashMap<(char, Option<char>), char> {
    static LOOKUP: OnceLock<HashMap<(char, Option<char>), char>> = OnceLock::new();
    LOOKUP.get_or_init(|| {
        VNI_WINDOWS
            .iter()
            .filter_map(|(typed, letter)| {
                let mut chars = typed.chars();
                let first = chars.next()?;
                Some(((first, chars.next()), *letter))
            })
            .collect()
    })
}

/// Whether `c` is the second character of a two-character VNI sequence: a
/// cheap test before the lookup of the pair.
fn is_vni_second(c: char) -> bool {
    static SECONDS: OnceLock<Vec<char>> = OnceLock::new();
    let seconds = SECONDS.get_or_init(|| {
        let mut v: Vec<char> = vni_lookup().keys().filter_map(|(_, m)| *m).collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    seconds.binary_search(&c).is_ok()
}

/// The letter a VNI vowel and mark character make, the mark written in
/// either case (the case of the result is the vowel's).
fn vni_pair(base: char, mark: char) -> Option<char> {
    let lookup = vni_lookup();
    if let Some(letter) = lookup.get(&(base, Some(mark))) {
        return Some(*letter);
    }
    let recased = if base.is_uppercase() {
        mark.to_uppercase().next()?
    } else {
        mark.to_lowercase().next()?
    };
    lookup.get(&(base, Some(recased))).copied()
}

fn vni_single(c: char) -> Option<char> {
    vni_lookup().get(&(c, None)).copied()
}

// ---------------------------------------------------------------------------
// Legacy encodings: font names, detection, conversion
// ---------------------------------------------------------------------------

/// The encoding a font name implies: names starting `.Vn` (`.VnTime`,
/// `.VnTimeH`, `.VnArial`, ...) imply TCVN3; names starting `VNI-`, `VNI `
/// or `VNI_` (`VNI-Times`, `VNI-Helve`, ...) imply VNI. Case and surrounding
/// spaces or quotes do not matter. Other fonts give `None`.
///
/// Text in a `.Vn...H` font (upper-case display) decodes to lower case; the
/// caller may upper-case it.
pub fn encoding_of_font(font_name: &str) -> Option<LegacyEncoding> {
    let name = font_name
        .trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'')
        .to_lowercase();
    if name.starts_with(".vn") {
        return Some(LegacyEncoding::Tcvn3);
    }
    let vni = name
        .strip_prefix("vni")
        .is_some_and(|rest| rest.starts_with(['-', ' ', '_']));
    vni.then_some(LegacyEncoding::Vni)
}

/// Fewest words that must look legacy-encoded before a workbook is called so.
const MIN_LEGACY_WORDS: usize = 2;
/// Share (percent) of the candidate words that must look TCVN3.
const TCVN3_MIN_PERCENT: usize = 25;
/// Share (percent) of the candidate words that must look VNI.
const VNI_MIN_PERCENT: usize = 40;
/// Share (percent) of the VNI-looking words that must carry a mark byte
/// never found in Unicode Vietnamese (see `VNI_STRONG_MARKS`; also `ö`, `æ`,
/// `î`, an initial `ñ`).
const VNI_MIN_STRONG_PERCENT: usize = 20;
/// Legacy-looking words needed per word with real (Unicode) Vietnamese
/// letters.
const LEGACY_WORDS_PER_UNICODE_WORD: usize = 4;

/// Guesses from character statistics over all the text of a workbook whether
/// it was typed in a legacy encoding (DOMAIN "Legacy text encodings").
///
/// Words are the runs between spaces and ASCII punctuation; only words with
/// non-ASCII characters count. A word looks TCVN3 when it has a TCVN3 letter
/// that Windows-1252 shows as a symbol (`¸ µ ¶ · ¹ » ¨ © ª « ¬ ® ×`, the
/// soft hyphen...) next to a letter, or an upper-case accented letter right
/// after a lower-case one (`chiÕn`), and decodes to one Vietnamese syllable.
/// A word looks VNI when it has a VNI vowel + mark pair (`aø`, `oä`, `öô`),
/// `ö`, `æ`, `î` or an initial `ñ`, and decodes to one Vietnamese syllable.
///
/// The text is called legacy-encoded when such words number at least two,
/// make a set share of the candidate words (25% for TCVN3, 40% for VNI, of
/// which a fifth must carry VNI marks that Unicode text never has), and are
/// at least four times the words holding real Vietnamese letters (ă ơ ư đ ạ
/// ...). It stays `None` for English, French, German, Spanish, Chinese text
/// and for Unicode Vietnamese (NFC or NFD).
pub fn detect_legacy<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<LegacyEncoding> {
    let texts: Vec<&str> = texts.into_iter().filter(|t| !t.is_ascii()).collect();
    let mut remaining: usize = texts.iter().map(|t| t.len()).sum();
    let mut tally = LegacyTally::default();
    for text in texts {
        // The words still to come number at most one per two bytes (each
        // has a non-ASCII character). Once the Unicode Vietnamese words are
        // too many for any legacy count to reach (see `is_enough`), the
        // verdict is known: none.
        let reachable = tally.tcvn3.max(tally.vni) + remaining / 2;
        if tally.unicode * LEGACY_WORDS_PER_UNICODE_WORD > reachable {
            return None;
        }
        remaining -= text.len();
        for word in text.split(is_word_delimiter).filter(|w| !w.is_ascii()) {
            tally.add_word(word);
        }
    }
    tally.verdict()
}

/// Word counts [`detect_legacy`] decides on.
#[derive(Debug, Default)]
struct LegacyTally {
    /// Non-ASCII words without real Vietnamese letters.
    candidates: usize,
    /// Words with real (Unicode) Vietnamese letters.
    unicode: usize,
    tcvn3: usize,
    vni: usize,
    vni_strong: usize,
}

impl LegacyTally {
    fn add_word(&mut self, word: &str) {
        if has_unicode_vietnamese(word) {
            self.unicode += 1;
            return;
        }
        self.candidates += 1;
        let chars: Vec<char> = word.chars().collect();
        if looks_tcvn3(&chars) {
            self.tcvn3 += 1;
        }
        if let Some(strong) = looks_vni(&chars) {
            self.vni += 1;
            self.vni_strong += usize::from(strong);
        }
    }

    fn verdict(&self) -> Option<LegacyEncoding> {
        let tcvn3 = self.is_enough(self.tcvn3, TCVN3_MIN_PERCENT);
        let vni = self.is_enough(self.vni, VNI_MIN_PERCENT)
            && self.vni_strong * 100 >= self.vni * VNI_MIN_STRONG_PERCENT;
        match (tcvn3, vni) {
            (true, true) if self.vni > self.tcvn3 => Some(LegacyEncoding::Vni),
            (true, _) => Some(LegacyEncoding::Tcvn3),
            (false, true) => Some(LegacyEncoding::Vni),
            (false, false) => None,
        }
    }

    fn is_enough(&self, legacy_words: usize, min_percent: usize) -> bool {
        legacy_words >= MIN_LEGACY_WORDS
            && legacy_words * 100 >= self.candidates * min_percent
            && self.unicode * LEGACY_WORDS_PER_UNICODE_WORD <= legacy_words
    }
}

/// Spaces and ASCII punctuation separate words.
fn is_word_delimiter(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation()
}

/// Letters only Unicode Vietnamese has: no legacy text shown as
/// Windows-1252 contains them.
fn is_unicode_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | '\u{1EA0}'
            ..='\u{1EF9}'
    )
}

fn has_unicode_vietnamese(s: &str) -> bool {
    // One pass over the characters where they are NFC whatever their order.
    let mut found = false;
    let mut starters = true;
    for c in s.chars() {
        found |= is_unicode_vietnamese_letter(c);
        starters &= is_nfc_starter(c);
    }
    if starters {
        found
    } else {
        s.nfc().any(is_unicode_vietnamese_letter)
    }
}

/// TCVN3 bytes of letters that Windows-1252 shows as symbols.
fn is_tcvn3_symbol_byte(b: u8) -> bool {
    matches!(b, 0xA1..=0xAE | 0xB5..=0xB9 | 0xBB..=0xBE | 0xD7 | 0xF7)
}

fn is_tcvn3_symbol(c: char) -> bool {
    legacy_byte(c).is_some_and(is_tcvn3_symbol_byte)
}

fn is_letterish(c: char) -> bool {
    c.is_alphabetic() || is_tcvn3_symbol(c)
}

fn looks_tcvn3(word: &[char]) -> bool {
    let evidence = word.iter().enumerate().any(|(i, &c)| {
        let prev = i.checked_sub(1).and_then(|j| word.get(j)).copied();
        let next = word.get(i + 1).copied();
        let symbol_in_word = is_tcvn3_symbol(c)
            && (prev.is_some_and(is_letterish) || next.is_some_and(is_letterish));
        let upper_after_lower = is_latin1_upper(c) && prev.is_some_and(char::is_lowercase);
        symbol_in_word || upper_after_lower
    });
    evidence && is_vietnamese_syllable(&decode_tcvn3_word(word))
}

fn is_latin1_upper(c: char) -> bool {
    matches!(c, 'À'..='Þ') && c != '×'
}

/// `Some(strong)` when the word looks VNI; `strong` when it has a mark that
/// Unicode Vietnamese never has.
fn looks_vni(word: &[char]) -> Option<bool> {
    let mut found = false;
    let mut strong = false;
    for (i, &c) in word.iter().enumerate() {
        let next = word.get(i + 1).copied();
        if let Some(mark) =
            next.filter(|&m| is_vni_second(m) && vni_lookup().contains_key(&(c, Some(m))))
        {
            found = true;
            strong |= VNI_STRONG_MARKS.contains(&mark) || matches!(c, 'ö' | 'Ö' | 'ô' | 'Ô');
        }
        let initial_d = i == 0 && matches!(c, 'ñ' | 'Ñ') && next.is_some_and(char::is_alphabetic);
        if initial_d || matches!(c, 'ö' | 'Ö' | 'æ' | 'Æ' | 'î' | 'Î') {
            found = true;
            strong = true;
        }
    }
    if !found {
        return None;
    }
    let text: String = word.iter().collect();
    is_vietnamese_syllable(&decode_vni(&text)).then_some(strong)
}

/// Converts text typed in a legacy encoding, as Excel stores it (each byte
/// shown as its Windows-1252 character; C1 controls are read as the same
/// bytes), to Unicode NFC.
///
/// TCVN3: `"Cao B»ng"` gives `"Cao Bằng"`, `"Héi Cùu chiÕn binh"` gives
/// `"Hội Cựu chiến binh"`; the byte 0xAD (ư) is the soft hyphen U+00AD (if a
/// program dropped it, it cannot be restored). Capitals typed with
/// lower-case bytes (the `.VnTimeH` way) decode to lower case. The toned
/// capitals and combining tones of glibc's wider table (TCVN 5712 VN1) are
/// read where the word then reads as a Vietnamese syllable (`"žy"` gives
/// `"Ủy"`); elsewhere those characters stay the symbols they show (`–`, `“`,
/// `…`, `°`).
///
/// VNI: a vowel followed by its tone/hat byte becomes one letter (`"aù"`
/// gives `"á"`, `"Vieät Nam"` gives `"Việt Nam"`); `ô ö ñ í ì æ ó ò î` (and
/// capitals) are letters of their own.
///
/// Text that already holds letters only Unicode Vietnamese has (ă ơ ư đ ạ
/// ...) is Unicode and is returned in NFC unchanged.
pub fn decode_legacy(s: &str, encoding: LegacyEncoding) -> String {
    if has_unicode_vietnamese(s) {
        return nfc(s);
    }
    match encoding {
        LegacyEncoding::Tcvn3 => decode_tcvn3(s),
        LegacyEncoding::Vni => decode_vni(s),
    }
}

fn decode_tcvn3(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() * 2);
    for run in chars.chunk_by(|a, b| is_word_delimiter(*a) == is_word_delimiter(*b)) {
        out.push_str(&decode_tcvn3_word(run));
    }
    nfc(&out)
}

/// Decodes one word (or one run of delimiters): TCVN3 letters always, the
/// glibc-only extras when the whole word then reads as a syllable. A word
/// that is just one Windows symbol of 0x80-0x9F (`–`, `•`, `€`, `™`...)
/// stays that symbol.
fn decode_tcvn3_word(word: &[char]) -> String {
    let plain: String = word.iter().map(|&c| tcvn3_letter(c).unwrap_or(c)).collect();
    let has_extra = word
        .iter()
        .any(|&c| tcvn3_letter(c).is_none() && tcvn_vn1_extra(c).is_some());
    let lone_symbol =
        matches!(word, [c] if legacy_byte(*c).is_some_and(|b| (0x80..=0x9F).contains(&b)));
    if !has_extra || lone_symbol {
        return plain;
    }
    let full: String = word
        .iter()
        .map(|&c| tcvn3_letter(c).or_else(|| tcvn_vn1_extra(c)).unwrap_or(c))
        .collect();
    if is_vietnamese_syllable(&full) {
        full
    } else {
        plain
    }
}

fn decode_vni(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let pair = chars.get(i + 1).and_then(|&mark| vni_pair(c, mark));
        match pair {
            Some(letter) => {
                out.push(letter);
                i += 2;
            }
            None => {
                out.push(vni_single(c).unwrap_or(c));
                i += 1;
            }
        }
    }
    nfc(&out)
}

// ---------------------------------------------------------------------------
// Vietnamese syllables (used to check legacy decoding)
// ---------------------------------------------------------------------------

#[rustfmt::skip]
const ONSETS: [&str; 28] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m",
    "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

#[rustfmt::skip]
const NUCLEI: [&str; 55] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi",
    "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê",
    "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu",
];

const CODAS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// True when `word` is one Vietnamese syllable (any case, at most one tone):
/// onset, vowel nucleus, final consonant.
fn is_vietnamese_syllable(word: &str) -> bool {
    let Some(letters) = untoned_letters(word) else {
        return false;
    };
    ONSETS
        .iter()
        .filter_map(|onset| letters.strip_prefix(onset))
        .any(is_rime)
}

fn is_rime(rime: &str) -> bool {
    NUCLEI
        .iter()
        .filter_map(|nucleus| rime.strip_prefix(nucleus))
        .any(|coda| CODAS.contains(&coda))
}

/// The lower-case letters of a word with vowel qualities (ă â ê ô ơ ư) kept
/// and the tone dropped; `None` if it has other characters or two tones.
fn untoned_letters(word: &str) -> Option<String> {
    let mut letters = String::with_capacity(word.len());
    let mut tones = 0;
    for c in word.to_lowercase().nfd() {
        match c {
            '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => {
                tones += 1;
                letters.chars().last().filter(|&l| is_vowel(l))?;
            }
            '\u{302}' | '\u{306}' | '\u{31B}' => {
                let base = letters.pop()?;
                letters.push(with_vowel_quality(base, c)?);
            }
            'a'..='z' | 'đ' => letters.push(c),
            _ => return None,
        }
    }
    (tones <= 1 && !letters.is_empty()).then_some(letters)
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

fn with_vowel_quality(base: char, mark: char) -> Option<char> {
    match (base, mark) {
        ('a', '\u{302}') => Some('â'),
        ('e', '\u{302}') => Some('ê'),
        ('o', '\u{302}') => Some('ô'),
        ('a', '\u{306}') => Some('ă'),
        ('o', '\u{31B}') => Some('ơ'),
        ('u', '\u{31B}') => Some('ư'),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

/// A number read from text (SPEC 4).
#[derive(Debug, Clone, PartialEq)]
pub struct TextNumber {
    /// The value as written: `"95%"` gives 95, not 0.95.
    pub value: Decimal,
    /// The text ended with a percent sign.
    pub percent: bool,
    /// Two conventions read the text differently (`"1.234"`, `"1,234"`); the
    /// value is the Vietnamese reading.
    pub ambiguous: bool,
}

/// Parses a number written as text (SPEC 4): `"95"`, `"95%"`, `"95 %"`,
/// `"12,5"` (decimal comma), `"1.234.567"` (dot thousands), `"1,234,567"`,
/// `"1.234.567,5"`, `"1,234,567.5"`, `"1 234 567"` (space, NBSP or thin
/// space thousands), `"-3"`, `"−3"`, `"+3"`, `" 7 "`, `".5"`.
///
/// Text that two conventions read differently (one separator followed by
/// exactly three digits, after one to three digits not starting with 0) is
/// read the Vietnamese way with `ambiguous` set: `"1.234"` gives 1234 and
/// `"1,234"` gives 1.234. `"1.5"`, `"12,5"`, `"0,234"` are not ambiguous.
///
/// Returns `None` for anything else (`"abc"`, `"95 hộ"`, `"1.2.3"`, `""`,
/// `"#DIV/0!"`) and for values outside [`Decimal`]'s range.
pub fn parse_number(s: &str) -> Option<TextNumber> {
    let (body, percent) = split_percent(s.trim());
    let (negative, digits) = split_sign(body);
    let (canonical, ambiguous) = read_digits(digits)?;
    let magnitude = Decimal::from_str_exact(&canonical).ok()?;
    let value = if negative { -magnitude } else { magnitude };
    Some(TextNumber {
        value,
        percent,
        ambiguous,
    })
}

fn split_percent(s: &str) -> (&str, bool) {
    match s.strip_suffix(['%', '％']) {
        Some(rest) => (rest.trim_end(), true),
        None => (s, false),
    }
}

fn split_sign(s: &str) -> (bool, &str) {
    if let Some(rest) = s.strip_prefix(['-', '−']) {
        (true, rest.trim_start())
    } else if let Some(rest) = s.strip_prefix('+') {
        (false, rest.trim_start())
    } else {
        (false, s)
    }
}

/// Spaces that may separate thousands.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{2007}' | '\u{2009}' | '\u{202F}')
}

/// The plain decimal (`"1234.5"`) a run of digits and separators stands for,
/// and whether it is ambiguous.
fn read_digits(t: &str) -> Option<(String, bool)> {
    let allowed = |c: char| c.is_ascii_digit() || c == '.' || c == ',' || is_group_space(c);
    if !t.chars().any(|c| c.is_ascii_digit()) || !t.chars().all(allowed) {
        return None;
    }
    if t.contains(is_group_space) {
        return read_space_grouped(t).map(|plain| (plain, false));
    }
    match (t.contains('.'), t.contains(',')) {
        (false, false) => Some((t.to_string(), false)),
        (true, true) => read_mixed(t).map(|plain| (plain, false)),
        (true, false) => read_one_separator(t, '.'),
        (false, true) => read_one_separator(t, ','),
    }
}

/// True for `["1", "234", "567"]`: a first group of one to three digits not
/// starting with 0, then groups of exactly three.
fn is_thousands_grouping(groups: &[&str]) -> bool {
    let Some((first, rest)) = groups.split_first() else {
        return false;
    };
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && !first.starts_with('0')
        && digits(first)
        && rest.iter().all(|g| g.len() == 3 && digits(g))
}

fn decimal_text(int: &str, frac: &str) -> String {
    let int = if int.is_empty() { "0" } else { int };
    format!("{int}.{frac}")
}

/// Text with only dots or only commas. Several separators are thousands;
/// one separator is a decimal point unless it can also be a thousands
/// separator, in which case the Vietnamese reading wins (dot: thousands,
/// comma: decimal) and the result is ambiguous.
fn read_one_separator(t: &str, separator: char) -> Option<(String, bool)> {
    let groups: Vec<&str> = t.split(separator).collect();
    if groups.len() > 2 {
        return is_thousands_grouping(&groups).then(|| (groups.concat(), false));
    }
    let (int, frac) = (groups[0], *groups.get(1)?);
    if frac.is_empty() {
        return None;
    }
    if !is_thousands_grouping(&groups) {
        return Some((decimal_text(int, frac), false));
    }
    let vietnamese = match separator {
        '.' => groups.concat(),
        _ => decimal_text(int, frac),
    };
    Some((vietnamese, true))
}

/// Text with both dots and commas: the last one is the decimal separator
/// (exactly once), the other one groups thousands.
fn read_mixed(t: &str) -> Option<String> {
    let at = t.rfind(['.', ','])?;
    let (int, frac) = (&t[..at], &t[at + 1..]);
    let thousands = if t[at..].starts_with('.') { ',' } else { '.' };
    let groups: Vec<&str> = int.split(thousands).collect();
    let frac_ok = !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit());
    (frac_ok && is_thousands_grouping(&groups)).then(|| format!("{}.{frac}", groups.concat()))
}

/// Text with space thousands and at most one decimal separator after them.
fn read_space_grouped(t: &str) -> Option<String> {
    let (int, frac) = match t.find(['.', ',']) {
        Some(at) => (&t[..at], Some(&t[at + 1..])),
        None => (t, None),
    };
    let groups: Vec<&str> = int.split(is_group_space).collect();
    if !is_thousands_grouping(&groups) {
        return None;
    }
    let int = groups.concat();
    match frac {
        None => Some(int),
        Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
            Some(format!("{int}.{f}"))
        }
        Some(_) => None,
    }
}

/// The decimal a user typed for an `f64` cell value: the shortest decimal
/// that reads back as the same `f64` (Rust's `{}` of `f64`). 9.575 gives
/// exactly 9.575, `0.1 + 0.2` gives 0.30000000000000004.
///
/// `None` for NaN, infinities and magnitudes beyond [`Decimal::MAX`]
/// (about 7.9e28). Digits beyond the 28th decimal place are rounded (1e-30
/// gives 0); -0 gives 0.
pub fn decimal_from_f64(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    // Whole numbers below 2^53 are exact: the same value as through the
    // shortest text, without formatting and parsing it.
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        return Some(Decimal::from(x as i64));
    }
    let value = Decimal::from_str(&x.to_string()).ok()?;
    Some(if value.is_zero() {
        Decimal::ZERO
    } else {
        value
    })
}

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

    #[test]
    fn fill_puts_values_and_keeps_unknown_names_and_open_braces() {
        let value = |name: &str| (name == "a").then(|| "1".to_string());
        assert_eq!(fill("x {a} y {b} z", value), "x 1 y {b} z");
        assert_eq!(fill("x {a} {never closed", value), "x 1 {never closed");
        assert_eq!(fill("", value), "");
    }

    use super::*;
    use proptest::prelude::*;
    use rust_decimal::RoundingStrategy;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).expect("test literal is a decimal")
    }

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    // -- fold ---------------------------------------------------------------

    #[test]
    fn fold_lowercases_and_removes_diacritics() {
        assert_eq!(fold("Điểm Chuẩn"), "diem chuan");
        assert_eq!(fold("Thông tin"), "thong tin");
        assert_eq!(fold("Cách chấm"), "cach cham");
        assert_eq!(fold("Tỷ lệ"), "ty le");
    }

    #[test]
    fn fold_accepts_nfd_input() {
        assert_eq!(fold(&nfd("Kết quả thực hiện")), "ket qua thuc hien");
        assert_eq!(fold(&nfd("Đơn vị")), fold("Đơn vị"));
    }

    #[test]
    fn fold_turns_line_breaks_tabs_and_nbsp_into_one_space() {
        assert_eq!(fold("Điểm\ntự\r\n chấm"), "diem tu cham");
        assert_eq!(fold("Tự\u{A0}\u{A0}chấm\t"), "tu cham");
        assert_eq!(fold("  Nội   dung \n tiêu chí  "), "noi dung tieu chi");
    }

    #[test]
    fn fold_removes_trailing_colon() {
        assert_eq!(fold("Tổ chức:"), "to chuc");
        assert_eq!(fold("Năm :  "), "nam");
        assert_eq!(fold("Ghi chú: xem"), "ghi chu: xem");
    }

    #[test]
    fn fold_maps_d_stroke_and_eth_to_d() {
        assert_eq!(fold("ĐƠN VỊ"), "don vi");
        assert_eq!(fold("Ðơn vị"), "don vi");
    }

    #[test]
    fn fold_drops_invisible_characters() {
        assert_eq!(fold("Ghi\u{AD}chú\u{200B}"), "ghichu");
        assert_eq!(fold("\u{FEFF}Mã"), "ma");
    }

    #[test]
    fn nfc_composes_decomposed_text() {
        assert_eq!(nfc(&nfd("Cao Bằng")), "Cao Bằng");
        assert_eq!(nfc("Cao Bằng").chars().count(), 8);
    }

    // -- unit names -------------------------------------------------------

    #[test]
    fn unit_name_drops_organisation_words() {
        assert_eq!(
            fold_unit_name("Hội Cựu chiến binh tỉnh Cao Bằng"),
            "cao bang"
        );
        assert_eq!(fold_unit_name("Hội CCB TP. Hà Nội"), "ha noi");
        assert_eq!(
            fold_unit_name("Hội CCB Thành phố Hồ Chí Minh"),
            "ho chi minh"
        );
        assert_eq!(fold_unit_name("Cao Bằng"), "cao bang");
    }

    #[test]
    fn place_key_keeps_province_and_city_apart() {
        assert_eq!(unit_place_key("Hội CCB tỉnh Cao Bằng"), "tinh cao bang");
        assert_eq!(
            unit_place_key("Hội Cựu chiến binh TP. Cao Bằng"),
            "thanh pho cao bang"
        );
        assert_eq!(unit_place_key("thành phố Cao Bằng"), "thanh pho cao bang");
        assert_eq!(unit_place_key("Cao Bằng"), "cao bang");
    }

    #[test]
    fn unit_name_keeps_words_that_only_start_a_filler() {
        assert_eq!(fold_unit_name("Hội CCB tỉnh Thanh Hóa"), "thanh hoa");
        assert_eq!(fold_unit_name("Hội CCB tỉnh Hòa Bình"), "hoa binh");
    }

    #[test]
    fn unit_name_replaces_punctuation_by_spaces() {
        assert_eq!(fold_unit_name("Hội CCB tỉnh Bắc Kạn (cũ)"), "bac kan cu");
        assert_eq!(fold_unit_name("CCB-Lạng Sơn"), "lang son");
        assert_eq!(
            fold_unit_name(&nfd("HỘI CỰU CHIẾN BINH TỈNH THÁI NGUYÊN")),
            "thai nguyen"
        );
    }

    // -- codes and Roman numerals ------------------------------------------

    #[test]
    fn code_variants_with_dots_commas_and_spaces_are_the_same_code() {
        for text in ["1.1", "1.1.", "1,1", " 1.1 ", "1 . 1", "1.01", "１.１"] {
            assert_eq!(normalize_code(text).as_deref(), Some("1.1"), "{text:?}");
        }
    }

    #[test]
    fn whole_number_codes_lose_the_trailing_dot() {
        assert_eq!(normalize_code("2").as_deref(), Some("2"));
        assert_eq!(normalize_code("2.").as_deref(), Some("2"));
        assert_eq!(normalize_code("02").as_deref(), Some("2"));
        assert_eq!(normalize_code("1)").as_deref(), Some("1"));
        assert_eq!(normalize_code("2.3.1").as_deref(), Some("2.3.1"));
        assert_eq!(normalize_code("1.10").as_deref(), Some("1.10"));
    }

    #[test]
    fn roman_codes_are_upper_case_without_dot() {
        assert_eq!(normalize_code("I").as_deref(), Some("I"));
        assert_eq!(normalize_code("ii").as_deref(), Some("II"));
        assert_eq!(normalize_code("IV.").as_deref(), Some("IV"));
        assert_eq!(normalize_code(" xii ").as_deref(), Some("XII"));
        assert_eq!(normalize_code("Ⅳ").as_deref(), Some("IV"));
    }

    #[test]
    fn text_that_is_not_a_code_gives_none() {
        for text in [
            "Tổng", "Cộng", "a", "", "  ", "1..2", "1.a", "95%", ".", "a)", "IIII",
        ] {
            assert_eq!(normalize_code(text), None, "{text:?}");
        }
    }

    #[test]
    fn roman_numerals_one_to_thirty_nine_are_recognised() {
        let units = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
        let tens = ["", "X", "XX", "XXX"];
        for ten in tens {
            for unit in units {
                let numeral = format!("{ten}{unit}");
                if numeral.is_empty() {
                    continue;
                }
                assert!(is_roman_numeral(&numeral), "{numeral}");
                assert!(is_roman_numeral(&numeral.to_lowercase()), "{numeral}");
                assert!(is_roman_numeral(&format!("{numeral}.")), "{numeral}");
            }
        }
    }

    #[test]
    fn non_standard_or_other_letters_are_not_roman_numerals() {
        for text in [
            "IIII", "VX", "IC", "VV", "IL", "L", "C", "D", "M", "XL", "", ".", "I.I", "Tổng", "X1",
        ] {
            assert!(!is_roman_numeral(text), "{text:?}");
        }
    }

    // -- legacy encodings: test encoders built from the tables -------------

    fn cp1252_char(byte: u8) -> char {
        CP1252_HIGH
            .iter()
            .find(|(b, _)| *b == byte)
            .map_or(char::from(byte), |(_, c)| *c)
    }

    /// Unicode to TCVN3 as Excel shows it; toned capitals become lower-case
    /// bytes, as TCVN3 keyboards type them.
    fn encode_tcvn3(s: &str) -> String {
        nfc(s)
            .chars()
            .map(|c| {
                let byte = |x: char| TCVN3.iter().find(|(_, l)| *l == x).map(|(b, _)| *b);
                match byte(c).or_else(|| c.to_lowercase().next().and_then(byte)) {
                    Some(b) => cp1252_char(b),
                    None => c,
                }
            })
            .collect()
    }

    fn encode_vni(s: &str) -> String {
        nfc(s)
            .chars()
            .map(|c| match VNI_WINDOWS.iter().find(|(_, l)| *l == c) {
                Some((typed, _)) => (*typed).to_string(),
                None => c.to_string(),
            })
            .collect()
    }

    /// Every Vietnamese letter that is not ASCII, lower-case first.
    fn vietnamese_letters() -> Vec<char> {
        let tones = ["", "\u{301}", "\u{300}", "\u{309}", "\u{303}", "\u{323}"];
        let mut letters = Vec::new();
        for case in ["aăâeêioôơuưy", "AĂÂEÊIOÔƠUƯY"] {
            for vowel in case.chars() {
                for tone in tones {
                    let letter: Vec<char> = format!("{vowel}{tone}").nfc().collect();
                    assert_eq!(letter.len(), 1);
                    if !letter[0].is_ascii() {
                        letters.push(letter[0]);
                    }
                }
            }
        }
        letters.insert(66, 'đ');
        letters.push('Đ');
        letters
    }

    #[test]
    fn there_are_134_vietnamese_letters_outside_ascii() {
        let letters = vietnamese_letters();
        assert_eq!(letters.len(), 134);
        assert!(letters[..67].iter().all(|c| c.is_lowercase()));
    }

    // -- TCVN3 --------------------------------------------------------------

    /// Every lower-case letter and the byte glibc's `iconv -t TCVN` writes
    /// for it (`printf 'ằ' | iconv -f UTF-8 -t TCVN | xxd`), recorded once.
    const TCVN3_ICONV_ORACLE: &str = "àB5 ảB6 ãB7 áB8 ạB9 ăA8 ằBB ẳBC ẵBD ắBE ặC6 âA9 \
        ầC7 ẩC8 ẫC9 ấCA ậCB èCC ẻCE ẽCF éD0 ẹD1 êAA ềD2 ểD3 ễD4 ếD5 ệD6 ìD7 ỉD8 ĩDC íDD \
        ịDE òDF ỏE1 õE2 óE3 ọE4 ôAB ồE5 ổE6 ỗE7 ốE8 ộE9 ơAC ờEA ởEB ỡEC ớED ợEE ùEF ủF1 \
        ũF2 úF3 ụF4 ưAD ừF5 ửF6 ữF7 ứF8 ựF9 ỳFA ỷFB ỹFC ýFD ỵFE đAE ĂA1 ÂA2 ÊA3 ÔA4 ƠA5 \
        ƯA6 ĐA7";

    fn tcvn3_oracle() -> Vec<(char, u8)> {
        TCVN3_ICONV_ORACLE
            .split_whitespace()
            .map(|entry| {
                let mut chars = entry.chars();
                let letter = chars.next().expect("letter");
                let byte = u8::from_str_radix(chars.as_str(), 16).expect("hex byte");
                (letter, byte)
            })
            .collect()
    }

    #[test]
    fn every_tcvn3_letter_decodes_as_the_iconv_oracle_says() {
        let oracle = tcvn3_oracle();
        assert_eq!(oracle.len(), 74);
        for (letter, byte) in oracle {
            let shown = cp1252_char(byte).to_string();
            assert_eq!(
                decode_legacy(&shown, LegacyEncoding::Tcvn3),
                letter.to_string(),
                "{byte:02X}"
            );
            assert!(TCVN3.contains(&(byte, letter)), "{letter} {byte:02X}");
        }
    }

    #[test]
    fn tcvn3_table_has_every_lower_case_letter_and_the_plain_capitals() {
        let letters = vietnamese_letters();
        let expected: Vec<char> = letters[..67]
            .iter()
            .copied()
            .chain("ĂÂÊÔƠƯĐ".chars())
            .collect();
        let mut table: Vec<char> = TCVN3.iter().map(|(_, l)| *l).collect();
        let mut bytes: Vec<u8> = TCVN3.iter().map(|(b, _)| *b).collect();
        table.sort_unstable();
        bytes.sort_unstable();
        bytes.dedup();
        let mut wanted = expected.clone();
        wanted.sort_unstable();
        assert_eq!(table, wanted);
        assert_eq!(bytes.len(), 74, "bytes are distinct");
    }

    #[test]
    fn tcvn3_table_agrees_with_glibc_iconv_when_present() {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let letters = vietnamese_letters();
        let wanted = letters[..67].iter().copied().chain("ĂÂÊÔƠƯĐ".chars());
        for letter in wanted {
            let child = Command::new("iconv")
                .args(["-f", "UTF-8", "-t", "TCVN"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn();
            let Ok(mut child) = child else {
                eprintln!("iconv not available: skipping the glibc comparison");
                return;
            };
            if let Some(mut stdin) = child.stdin.take() {
                stdin
                    .write_all(letter.to_string().as_bytes())
                    .expect("write to iconv");
            }
            let output = child.wait_with_output().expect("iconv output");
            assert!(output.status.success(), "iconv failed on {letter}");
            let table_byte = TCVN3.iter().find(|(_, l)| *l == letter).map(|(b, _)| *b);
            assert_eq!(
                output.stdout,
                table_byte.into_iter().collect::<Vec<_>>(),
                "{letter}"
            );
        }
    }

    #[test]
    fn tcvn3_text_decodes_to_unicode_nfc() {
        let cases = [
            ("Cao B»ng", "Cao Bằng"),
            ("Héi Cùu chiÕn binh", "Hội Cựu chiến binh"),
            (
                "Héi Cùu chiÕn binh tØnh L¹ng S¬n",
                "Hội Cựu chiến binh tỉnh Lạng Sơn",
            ),
            ("Th¸i Nguyªn", "Thái Nguyên"),
            ("B¾c K¹n", "Bắc Kạn"),
            ("§iÓm chuÈn", "Điểm chuẩn"),
            ("KÕt qu¶ thùc hiÖn", "Kết quả thực hiện"),
            (
                "Tû lÖ héi viªn ®\u{AD}îc häc tËp",
                "Tỷ lệ hội viên được học tập",
            ),
            ("Tæng céng: 95,5", "Tổng cộng: 95,5"),
        ];
        for (legacy, unicode) in cases {
            let decoded = decode_legacy(legacy, LegacyEncoding::Tcvn3);
            assert_eq!(decoded, unicode);
            assert_eq!(decoded, nfc(&decoded));
        }
    }

    #[test]
    fn tcvn3_soft_hyphen_is_u_horn() {
        assert_eq!(decode_legacy("n\u{AD}íc", LegacyEncoding::Tcvn3), "nước");
        assert_eq!(
            decode_legacy("Tr\u{AD}êng", LegacyEncoding::Tcvn3),
            "Trường"
        );
    }

    #[test]
    fn tcvn3_toned_capitals_typed_lower_case_decode_to_lower_case() {
        assert_eq!(
            decode_legacy("TØNH CAO B»NG", LegacyEncoding::Tcvn3),
            "TỉNH CAO BằNG"
        );
        assert_eq!(decode_legacy("§¡NG", LegacyEncoding::Tcvn3), "ĐĂNG");
    }

    #[test]
    fn glibc_toned_capitals_are_read_inside_syllables() {
        assert_eq!(decode_legacy("žy ban", LegacyEncoding::Tcvn3), "Ủy ban");
        assert_eq!(decode_legacy("T€I", LegacyEncoding::Tcvn3), "TÀI");
        assert_eq!(decode_legacy("T\u{80}I", LegacyEncoding::Tcvn3), "TÀI");
        assert_eq!(
            decode_legacy("\u{16} kiÕn", LegacyEncoding::Tcvn3),
            "Ý kiến"
        );
        assert_eq!(decode_legacy("§ÛNG", LegacyEncoding::Tcvn3), "ĐỒNG");
        assert_eq!(decode_legacy("H—I", LegacyEncoding::Tcvn3), "HỘI");
    }

    #[test]
    fn glibc_combining_tone_bytes_are_read_after_vowels() {
        // iconv -t TCVN writes NFD "Hát" as H a 0xB3 t.
        assert_eq!(decode_legacy("Ha³t", LegacyEncoding::Tcvn3), "Hát");
        assert_eq!(decode_legacy("30°C", LegacyEncoding::Tcvn3), "30°C");
    }

    #[test]
    fn tcvn3_symbols_outside_syllables_are_kept() {
        let cases = [
            ("Cao B»ng – L¹ng S¬n", "Cao Bằng – Lạng Sơn"),
            ("“Cao B»ng”", "“Cao Bằng”"),
            ("v©n v©n…", "vân vân…"),
            ("• Néi dung", "• Nội dung"),
            ("20 €", "20 €"),
        ];
        for (legacy, unicode) in cases {
            assert_eq!(decode_legacy(legacy, LegacyEncoding::Tcvn3), unicode);
        }
    }

    #[test]
    fn unicode_text_is_left_as_it_is_by_legacy_decoding() {
        for encoding in [LegacyEncoding::Tcvn3, LegacyEncoding::Vni] {
            assert_eq!(decode_legacy("Cao Bằng", encoding), "Cao Bằng");
            assert_eq!(
                decode_legacy(&nfd("Hội Cựu chiến binh"), encoding),
                "Hội Cựu chiến binh"
            );
            assert_eq!(decode_legacy("STT 1.1 (a)", encoding), "STT 1.1 (a)");
        }
    }

    // -- VNI ----------------------------------------------------------------

    #[test]
    fn vni_text_decodes_to_unicode_nfc() {
        let cases = [
            (
                "Hoäi Cöïu chieán binh tænh Cao Baèng",
                "Hội Cựu chiến binh tỉnh Cao Bằng",
            ),
            ("Vieät Nam", "Việt Nam"),
            ("Laïng Sôn", "Lạng Sơn"),
            ("Thaùi Nguyeân", "Thái Nguyên"),
            ("Baéc Kaïn", "Bắc Kạn"),
            ("Ñieåm töï chaám", "Điểm tự chấm"),
            ("nöôùc", "nước"),
            ("thöôûng", "thưởng"),
            ("Tyû leä", "Tỷ lệ"),
            ("Ñoàng yù", "Đồng ý"),
            ("HOÄI CÖÏU CHIEÁN BINH", "HỘI CỰU CHIẾN BINH"),
            ("ÑAÛNG", "ĐẢNG"),
            ("khuyeán khích", "khuyến khích"),
            ("quyõ", "quỹ"),
            ("Kyø hoïp", "Kỳ họp"),
        ];
        for (legacy, unicode) in cases {
            let decoded = decode_legacy(legacy, LegacyEncoding::Vni);
            assert_eq!(decoded, unicode);
            assert_eq!(decoded, nfc(&decoded));
        }
    }

    /// The VNI Windows alphabet typed out, row by row: plain letter, then
    /// acute, grave, hook, tilde, dot below.
    #[rustfmt::skip]
    const VNI_ALPHABET: [(&str, &str); 26] = [
        ("aù aø aû aõ aï", "á à ả ã ạ"),
        ("aâ aá aà aå aã aä", "â ấ ầ ẩ ẫ ậ"),
        ("aê aé aè aú aü aë", "ă ắ ằ ẳ ẵ ặ"),
        ("eù eø eû eõ eï", "é è ẻ ẽ ẹ"),
        ("eâ eá eà eå eã eä", "ê ế ề ể ễ ệ"),
        ("í ì æ ó ò", "í ì ỉ ĩ ị"),
        ("où oø oû oõ oï", "ó ò ỏ õ ọ"),
        ("oâ oá oà oå oã oä", "ô ố ồ ổ ỗ ộ"),
        ("ô ôù ôø ôû ôõ ôï", "ơ ớ ờ ở ỡ ợ"),
        ("uù uø uû uõ uï", "ú ù ủ ũ ụ"),
        ("ö öù öø öû öõ öï", "ư ứ ừ ử ữ ự"),
        ("yù yø yû yõ î", "ý ỳ ỷ ỹ ỵ"),
        ("ñ Ñ", "đ Đ"),
        ("AÙ AØ AÛ AÕ AÏ", "Á À Ả Ã Ạ"),
        ("AÂ AÁ AÀ AÅ AÃ AÄ", "Â Ấ Ầ Ẩ Ẫ Ậ"),
        ("AÊ AÉ AÈ AÚ AÜ AË", "Ă Ắ Ằ Ẳ Ẵ Ặ"),
        ("EÙ EØ EÛ EÕ EÏ", "É È Ẻ Ẽ Ẹ"),
        ("EÂ EÁ EÀ EÅ EÃ EÄ", "Ê Ế Ề Ể Ễ Ệ"),
        ("Í Ì Æ Ó Ò", "Í Ì Ỉ Ĩ Ị"),
        ("OÙ OØ OÛ OÕ OÏ", "Ó Ò Ỏ Õ Ọ"),
        ("OÂ OÁ OÀ OÅ OÃ OÄ", "Ô Ố Ồ Ổ Ỗ Ộ"),
        ("Ô ÔÙ ÔØ ÔÛ ÔÕ ÔÏ", "Ơ Ớ Ờ Ở Ỡ Ợ"),
        ("UÙ UØ UÛ UÕ UÏ", "Ú Ù Ủ Ũ Ụ"),
        ("Ö ÖÙ ÖØ ÖÛ ÖÕ ÖÏ", "Ư Ứ Ừ Ử Ữ Ự"),
        ("YÙ YØ YÛ YÕ Î", "Ý Ỳ Ỷ Ỹ Ỵ"),
        ("a e i o u y A E I O U Y", "a e i o u y A E I O U Y"),
    ];

    #[test]
    fn vni_alphabet_decodes_letter_by_letter() {
        let mut seen = 0;
        for (typed, letters) in VNI_ALPHABET {
            for (t, l) in typed.split(' ').zip(letters.split(' ')) {
                assert_eq!(decode_legacy(t, LegacyEncoding::Vni), l, "{t}");
                seen += usize::from(!l.is_ascii());
            }
        }
        assert_eq!(seen, 134);
    }

    #[test]
    fn vni_table_has_every_vietnamese_letter_once() {
        let mut table: Vec<char> = VNI_WINDOWS.iter().map(|(_, l)| *l).collect();
        let mut wanted = vietnamese_letters();
        table.sort_unstable();
        wanted.sort_unstable();
        assert_eq!(table, wanted);
        let mut typed: Vec<&str> = VNI_WINDOWS.iter().map(|(t, _)| *t).collect();
        typed.sort_unstable();
        typed.dedup();
        assert_eq!(typed.len(), 134, "sequences are distinct");
    }

    #[test]
    fn vni_mark_in_the_other_case_takes_the_vowels_case() {
        assert_eq!(decode_legacy("Aù", LegacyEncoding::Vni), "Á");
        assert_eq!(decode_legacy("aÙ", LegacyEncoding::Vni), "á");
        assert_eq!(decode_legacy("Ñoàng", LegacyEncoding::Vni), "Đồng");
    }

    #[test]
    fn vni_round_trips_through_the_test_encoder() {
        let text = "Tham gia đấu tranh phản bác các quan điểm sai trái, thù địch";
        assert_eq!(decode_legacy(&encode_vni(text), LegacyEncoding::Vni), text);
    }

    // -- fonts --------------------------------------------------------------

    #[test]
    fn font_names_imply_their_encoding() {
        for font in [
            ".VnTime",
            ".VnTimeH",
            ".VnArial",
            ".vnarialh",
            " .VnCentury Schoolbook",
            "\".VnTime\"",
        ] {
            assert_eq!(
                encoding_of_font(font),
                Some(LegacyEncoding::Tcvn3),
                "{font}"
            );
        }
        for font in [
            "VNI-Times",
            "VNI-Helve",
            "vni-times",
            "VNI Times",
            "VNI-Helve-Condense",
        ] {
            assert_eq!(encoding_of_font(font), Some(LegacyEncoding::Vni), "{font}");
        }
        for font in [
            "Times New Roman",
            "Arial",
            "Calibri",
            "VnTimes",
            "Vnixa",
            "",
        ] {
            assert_eq!(encoding_of_font(font), None, "{font}");
        }
    }

    // -- detection ------------------------------------------------------------

    const SAMPLE_VI: [&str; 19] = [
        "Hội Cựu chiến binh tỉnh Cao Bằng",
        "Bảng tự chấm điểm thi đua năm 2016",
        "STT",
        "Nội dung tiêu chí",
        "Điểm chuẩn",
        "Chỉ tiêu",
        "Kết quả",
        "Điểm tự chấm",
        "Ghi chú",
        "Tỷ lệ hội viên được học tập, quán triệt các nghị quyết của Đảng",
        "Tổ chức nói chuyện truyền thống cho thế hệ trẻ",
        "Tham gia đấu tranh phản bác các quan điểm sai trái, thù địch",
        "Kết nạp hội viên mới so với số đối tượng",
        "Tỷ lệ cơ sở hội trong sạch, vững mạnh",
        "Hội viên vi phạm pháp luật bị xử lý kỷ luật",
        "Hộ hội viên thoát nghèo",
        "Dư nợ ủy thác Ngân hàng Chính sách xã hội",
        "Mô hình kinh tế hiệu quả, tổ hợp tác",
        "Tổng cộng",
    ];

    #[test]
    fn tcvn3_workbook_text_is_detected() {
        let encoded: Vec<String> = SAMPLE_VI.iter().map(|t| encode_tcvn3(t)).collect();
        assert_eq!(
            detect_legacy(encoded.iter().map(String::as_str)),
            Some(LegacyEncoding::Tcvn3)
        );
        let decoded: Vec<String> = encoded
            .iter()
            .map(|t| decode_legacy(t, LegacyEncoding::Tcvn3))
            .collect();
        let lower: Vec<String> = SAMPLE_VI.iter().map(|t| t.to_string()).collect();
        // Only the capital Đ of "Đảng"-like words keeps its case; toned capitals
        // become lower case, so compare case-insensitively.
        for (d, u) in decoded.iter().zip(lower.iter()) {
            assert_eq!(d.to_lowercase(), u.to_lowercase());
        }
    }

    #[test]
    fn domain_example_of_tcvn3_is_detected() {
        assert_eq!(
            detect_legacy(["Cao B»ng", "Héi Cùu chiÕn binh"]),
            Some(LegacyEncoding::Tcvn3)
        );
        assert_eq!(
            detect_legacy(["STT", "Néi dung", "§iÓm chuÈn", "KÕt qu¶", "Tù chÊm"]),
            Some(LegacyEncoding::Tcvn3)
        );
    }

    #[test]
    fn vni_workbook_text_is_detected() {
        let encoded: Vec<String> = SAMPLE_VI.iter().map(|t| encode_vni(t)).collect();
        assert_eq!(
            detect_legacy(encoded.iter().map(String::as_str)),
            Some(LegacyEncoding::Vni)
        );
        for (e, u) in encoded.iter().zip(SAMPLE_VI) {
            assert_eq!(decode_legacy(e, LegacyEncoding::Vni), u);
        }
        assert_eq!(
            detect_legacy(["Hoäi Cöïu chieán binh tænh Cao Baèng"]),
            Some(LegacyEncoding::Vni)
        );
    }

    #[test]
    fn unicode_vietnamese_is_not_legacy() {
        assert_eq!(detect_legacy(SAMPLE_VI), None);
        let decomposed: Vec<String> = SAMPLE_VI.iter().map(|t| nfd(t)).collect();
        assert_eq!(detect_legacy(decomposed.iter().map(String::as_str)), None);
        let upper: Vec<String> = SAMPLE_VI.iter().map(|t| t.to_uppercase()).collect();
        assert_eq!(detect_legacy(upper.iter().map(String::as_str)), None);
    }

    #[test]
    fn unicode_vietnamese_without_special_letters_is_not_legacy() {
        assert_eq!(
            detect_legacy(["Ngoài quá hoà", "Tôi không có", "Khoá học toà án"]),
            None
        );
        assert_eq!(detect_legacy(["Cà phê", "Cá", "Bò", "Hoà Bình"]), None);
    }

    const ENGLISH: &str = "The quick brown fox jumps over the lazy dog. Total score, target \
        and result for each unit. Café, résumé, naïve façade, coöperate — “quoted” text… \
        • bullet – dash ©2024 Microsoft® Windows™ 10µm 2 × 3 ± 5 °C £5 ¼ ½ ¾ § 4.2";
    const FRENCH: &str = "Où est la bibliothèque ? L'été dernier, nous sommes allés à la \
        plage. « Bonjour », dit-il. «Merci». Le théâtre est fermé à Noël ; le maïs coûte très \
        cher. Ça, c'est déjà vu. Garçon, où êtes-vous ? Naïveté, aïeul, égoïste, coïncidence, \
        aéroport, poésie, poème, bleuâtre, août, où, là, voilà, hôtel, côte, île, maître.";
    const GERMAN: &str = "Größe, Übung, Mädchen, schön, Straße, für, über, Bücher, Ärger, \
        Öl, Fußgänger, Müller, Österreich, Käse, hören, zurück, Bäume, Zuständigkeit, müssen.";
    const SPANISH: &str = "¿Qué pasó? ¡Hola! El niño está en el año pasado; mañana, aún, \
        país, maíz, baúl, canción, corazón, jamás, sí, también, pingüino, cigüeña, acción, \
        Ñandú, señor, España, ¿Cuántos años tienes? «Sí», dijo él.";
    const CHINESE: &str = "越南退伍军人协会 年度评分表 总分 排名 目标 结果 高平省 谅山省";

    #[test]
    fn western_and_chinese_text_is_not_legacy() {
        for text in [ENGLISH, FRENCH, GERMAN, SPANISH, CHINESE] {
            assert_eq!(detect_legacy([text]), None, "{text}");
        }
        assert_eq!(
            detect_legacy([ENGLISH, FRENCH, GERMAN, SPANISH, CHINESE]),
            None
        );
    }

    #[test]
    fn text_without_letters_is_not_legacy() {
        assert_eq!(detect_legacy(Vec::<&str>::new()), None);
        assert_eq!(
            detect_legacy(["", "1.234,5", "95%", "STT", "I", "1.1"]),
            None
        );
    }

    #[test]
    fn one_legacy_word_is_not_enough() {
        assert_eq!(detect_legacy(["Cao B»ng"]), None);
    }

    #[test]
    fn unicode_workbook_with_few_legacy_words_is_not_legacy() {
        let mut texts: Vec<String> = SAMPLE_VI.iter().map(|t| t.to_string()).collect();
        texts.push("Cao B»ng, L¹ng S¬n".to_string());
        assert_eq!(detect_legacy(texts.iter().map(String::as_str)), None);
    }

    // -- numbers --------------------------------------------------------------

    fn number(s: &str) -> TextNumber {
        parse_number(s).unwrap_or_else(|| panic!("{s:?} should parse"))
    }

    fn plain(value: &str) -> TextNumber {
        TextNumber {
            value: dec(value),
            percent: false,
            ambiguous: false,
        }
    }

    #[test]
    fn integer_text_is_read() {
        assert_eq!(number("95"), plain("95"));
        assert_eq!(number(" 7 "), plain("7"));
        assert_eq!(number("\u{A0}7\u{A0}"), plain("7"));
        assert_eq!(number("0"), plain("0"));
    }

    #[test]
    fn percent_sign_sets_percent_and_keeps_the_value() {
        let ninety_five = TextNumber {
            percent: true,
            ..plain("95")
        };
        assert_eq!(number("95%"), ninety_five);
        assert_eq!(number("95 %"), ninety_five);
        assert_eq!(number("95\u{A0}%"), ninety_five);
        assert_eq!(number("12,5%").value, dec("12.5"));
    }

    #[test]
    fn decimal_comma_text_is_read_as_decimal() {
        assert_eq!(number("12,5"), plain("12.5"));
        assert_eq!(number("88,25"), plain("88.25"));
        assert_eq!(number("0,234"), plain("0.234"));
        assert_eq!(number(",5"), plain("0.5"));
    }

    #[test]
    fn dot_thousands_text_is_read_as_integer() {
        assert_eq!(number("1.234.567"), plain("1234567"));
        assert_eq!(number("12.345.678"), plain("12345678"));
    }

    #[test]
    fn comma_thousands_text_is_read_as_integer() {
        assert_eq!(number("1,234,567"), plain("1234567"));
    }

    #[test]
    fn thousands_with_decimal_in_either_convention_is_read() {
        assert_eq!(number("1.234.567,5"), plain("1234567.5"));
        assert_eq!(number("1,234,567.5"), plain("1234567.5"));
        assert_eq!(number("1.234,5"), plain("1234.5"));
        assert_eq!(number("1,234.5"), plain("1234.5"));
    }

    #[test]
    fn space_and_nbsp_thousands_are_read() {
        assert_eq!(number("1 234 567"), plain("1234567"));
        assert_eq!(number("1\u{A0}234\u{A0}567"), plain("1234567"));
        assert_eq!(number("1\u{202F}234"), plain("1234"));
        assert_eq!(number("1 234 567,5"), plain("1234567.5"));
        assert_eq!(number("1 234.5"), plain("1234.5"));
    }

    #[test]
    fn signs_are_read() {
        assert_eq!(number("-3"), plain("-3"));
        assert_eq!(number("+3"), plain("3"));
        assert_eq!(number("−3"), plain("-3"));
        assert_eq!(number("- 3,5"), plain("-3.5"));
        assert_eq!(number("-1.234.567,5"), plain("-1234567.5"));
    }

    #[test]
    fn dot_followed_by_three_digits_is_thousands_and_ambiguous() {
        let read = number("1.234");
        assert_eq!(read.value, dec("1234"));
        assert!(read.ambiguous);
        assert_eq!(number("-1.234").value, dec("-1234"));
        assert!(number("999.000%").ambiguous);
    }

    #[test]
    fn comma_followed_by_three_digits_is_decimal_and_ambiguous() {
        let read = number("1,234");
        assert_eq!(read.value, dec("1.234"));
        assert!(read.ambiguous);
    }

    #[test]
    fn text_only_one_convention_reads_is_not_ambiguous() {
        for (text, value) in [
            ("1.5", "1.5"),
            ("12,5", "12.5"),
            ("0.234", "0.234"),
            ("0,234", "0.234"),
            ("1234.567", "1234.567"),
            ("1234,567", "1234.567"),
            ("12.3456", "12.3456"),
            ("9.58", "9.58"),
            (".5", "0.5"),
        ] {
            assert_eq!(number(text), plain(value), "{text}");
        }
    }

    #[test]
    fn text_that_is_not_a_number_gives_none() {
        for text in [
            "abc",
            "95 hộ",
            "1.2.3",
            "",
            " ",
            "#DIV/0!",
            "1.",
            "1,",
            "1,2,3",
            "1.234,5.6",
            "1,234.5,6",
            "12 34",
            "1 2345",
            "%",
            "-",
            "+",
            "1e5",
            "1..2",
            "1,23,456",
            "--3",
            "3-",
            "(3)",
            "1 234.567.8",
            "١٢",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn numbers_beyond_decimal_range_give_none() {
        assert_eq!(parse_number(&format!("1{}", "0".repeat(40))), None);
    }

    fn format_vietnamese(x: Decimal) -> String {
        let text = x.abs().to_string();
        let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
        let digits: Vec<char> = int.chars().collect();
        let groups: Vec<String> = digits
            .rchunks(3)
            .rev()
            .map(|g| g.iter().collect())
            .collect();
        let sign = if x.is_sign_negative() && !x.is_zero() {
            "-"
        } else {
            ""
        };
        let mut out = format!("{sign}{}", groups.join("."));
        if !frac.is_empty() {
            out.push(',');
            out.push_str(frac);
        }
        out
    }

    #[test]
    fn vietnamese_formatter_for_the_property_test_groups_thousands() {
        assert_eq!(format_vietnamese(dec("1234567.5")), "1.234.567,5");
        assert_eq!(format_vietnamese(dec("-12.25")), "-12,25");
        assert_eq!(format_vietnamese(dec("999")), "999");
    }

    // -- f64 ------------------------------------------------------------------

    #[test]
    fn f64_cell_values_give_the_decimal_the_user_typed() {
        assert_eq!(decimal_from_f64(9.575), Some(dec("9.575")));
        assert_eq!(decimal_from_f64(0.95), Some(dec("0.95")));
        assert_eq!(decimal_from_f64(1e-7), Some(dec("0.0000001")));
        assert_eq!(
            decimal_from_f64(0.1 + 0.2),
            Some(dec("0.30000000000000004"))
        );
        assert_eq!(decimal_from_f64(-2.5), Some(dec("-2.5")));
        assert_eq!(decimal_from_f64(88.25), Some(dec("88.25")));
        assert_eq!(decimal_from_f64(-0.0), Some(Decimal::ZERO));
    }

    #[test]
    fn f64_9_575_rounds_half_away_from_zero_to_9_58() {
        let value = decimal_from_f64(9.575).expect("finite");
        let rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(rounded, dec("9.58"));
    }

    #[test]
    fn large_f64_values_are_exact_up_to_decimal_range() {
        assert_eq!(decimal_from_f64(1e20), Some(dec("100000000000000000000")));
        assert_eq!(
            decimal_from_f64(1234567890123.5),
            Some(dec("1234567890123.5"))
        );
        assert_eq!(
            decimal_from_f64(1e28),
            Some(dec("10000000000000000000000000000"))
        );
        assert_eq!(decimal_from_f64(1e29), None);
        assert_eq!(decimal_from_f64(-1e300), None);
    }

    #[test]
    fn non_finite_f64_gives_none() {
        assert_eq!(decimal_from_f64(f64::NAN), None);
        assert_eq!(decimal_from_f64(f64::INFINITY), None);
        assert_eq!(decimal_from_f64(f64::NEG_INFINITY), None);
    }

    #[test]
    fn tiny_f64_values_round_to_28_decimal_places() {
        assert_eq!(decimal_from_f64(1e-30), Some(Decimal::ZERO));
    }

    // -- properties -----------------------------------------------------------

    proptest! {
        #[test]
        fn vietnamese_formatted_decimals_parse_back(mantissa in -1_000_000_000_000i64..1_000_000_000_000, scale in 0u32..=2) {
            let x = Decimal::new(mantissa, scale);
            let text = format_vietnamese(x);
            let read = parse_number(&text);
            prop_assert_eq!(read.map(|n| n.value), Some(x), "{}", text);
        }

        #[test]
        fn whole_floats_convert_as_their_shortest_text(i in -(1i64 << 53)..(1i64 << 53), e in 0u32..4) {
            let x = i as f64 / 10f64.powi(e as i32) * 10f64.powi(e as i32);
            let by_text = Decimal::from_str(&x.to_string()).ok().map(|v| if v.is_zero() { Decimal::ZERO } else { v });
            prop_assert_eq!(decimal_from_f64(x), by_text);
            prop_assert_eq!(decimal_from_f64(-0.0), Some(Decimal::ZERO));
        }

        #[test]
        fn legacy_verdict_does_not_depend_on_stopping_early(
            picks in proptest::collection::vec((0usize..14, 0usize..4), 0..40)
        ) {
            const WORDS: [&str; 14] = [
                "Hội", "Cựu chiến binh", "Bằng", "Héi", "Cùu chiÕn", "Cao B»ng",
                "Vieät Nam", "Hoäi", "có", "xã", "café", "total", "Đơn vị", "naêm",
            ];
            let texts: Vec<String> = picks
                .iter()
                .map(|&(w, n)| vec![WORDS[w]; n + 1].join(" "))
                .collect();
            let mut full = LegacyTally::default();
            for t in &texts {
                for word in t.split(is_word_delimiter).filter(|w| !w.is_ascii()) {
                    full.add_word(word);
                }
            }
            prop_assert_eq!(detect_legacy(texts.iter().map(String::as_str)), full.verdict());
        }

        #[test]
        fn fold_by_table_is_fold_by_normalisation(s in "[a-zA-Z0-9 :\t\u{A0}-\u{24F}\u{300}-\u{303}\u{1E00}-\u{1EFF}]{0,24}") {
            prop_assert_eq!(fold(&s), fold_chars(s.len(), s.to_lowercase().nfd()));
        }

        #[test]
        fn nfc_fast_path_is_nfc(s in "[a-zA-Z \u{A0}-\u{24F}\u{300}-\u{303}\u{1E00}-\u{1EFF}]{0,24}") {
            prop_assert_eq!(nfc(&s), s.nfc().collect::<String>());
            prop_assert_eq!(has_unicode_vietnamese(&s), s.nfc().any(is_unicode_vietnamese_letter));
        }

        #[test]
        fn fold_is_idempotent(s in any::<String>()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn fold_is_idempotent_on_vietnamese_like_text(s in "[a-zA-ZàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđĐ :：\u{A0}\t\n\u{301}\u{323}]{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
            prop_assert_eq!(fold(&nfd(&s)), once);
        }

        #[test]
        fn legacy_decoding_gives_nfc_for_any_text(s in any::<String>()) {
            for encoding in [LegacyEncoding::Tcvn3, LegacyEncoding::Vni] {
                let decoded = decode_legacy(&s, encoding);
                prop_assert_eq!(nfc(&decoded), decoded);
            }
        }

        #[test]
        fn tcvn3_encoded_lower_case_text_round_trips(s in "[a-zàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ ]{0,30}") {
            prop_assert_eq!(decode_legacy(&encode_tcvn3(&s), LegacyEncoding::Tcvn3), s);
        }
    }
}
