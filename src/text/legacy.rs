//! The legacy 8-bit Vietnamese encodings TCVN3 (ABC) and VNI Windows: their
//! tables, the encoding a font name implies, detection from the text of a
//! workbook, and conversion to Unicode, checked against the syllables of
//! Vietnamese (DOMAIN "Legacy text encodings").

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use super::keys::{is_nfc_starter, nfc};

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn nfd(s: &str) -> String {
        s.nfd().collect()
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

    // -- properties -----------------------------------------------------------

    proptest! {
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
        fn nfc_fast_path_is_nfc(s in "[a-zA-Z \u{A0}-\u{24F}\u{300}-\u{303}\u{1E00}-\u{1EFF}]{0,24}") {
            prop_assert_eq!(nfc(&s), s.nfc().collect::<String>());
            prop_assert_eq!(has_unicode_vietnamese(&s), s.nfc().any(is_unicode_vietnamese_letter));
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
