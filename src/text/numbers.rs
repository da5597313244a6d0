//! Numbers written as text, in the Vietnamese or the English convention
//! (`"95%"`, `"12,5"`, `"1.234.567"`, and which of them two conventions read
//! differently), and the decimal a user typed for an `f64` cell value
//! (SPEC 4, DOMAIN "Numbers").

use std::str::FromStr;

use rust_decimal::Decimal;

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::RoundingStrategy;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).expect("test literal is a decimal")
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
    }
}
