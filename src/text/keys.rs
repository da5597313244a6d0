//! Matching keys: Unicode normalisation (NFC), the folded key that sheet
//! names, headers, keys and methods are matched by, the keys unit names are
//! matched by (with and without the kind of place), criterion codes and the
//! Roman numerals among them (SPEC 4).

use std::sync::OnceLock;

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
pub(super) fn is_nfc_starter(c: char) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    // -- properties -----------------------------------------------------------

    proptest! {
        #[test]
        fn fold_by_table_is_fold_by_normalisation(s in "[a-zA-Z0-9 :\t\u{A0}-\u{24F}\u{300}-\u{303}\u{1E00}-\u{1EFF}]{0,24}") {
            prop_assert_eq!(fold(&s), fold_chars(s.len(), s.to_lowercase().nfd()));
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
    }
}
