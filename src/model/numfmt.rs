//! How numbers are shown to people: Vietnamese style (decimal comma,
//! thousands dots) or English style, at most two decimals, no trailing zeros
//! beyond what scores need.

use super::lang::Lang;
use rust_decimal::Decimal;

/// A score with exactly two decimals: "93,25", "10,00" (vi) or "93.25" (en).
pub fn score(x: Decimal, lang: Lang) -> String {
    fixed(x, 2, lang)
}

/// A number as written by a person: "1.234,5" (vi), "1,234.5" (en); integers without decimals.
pub fn plain(x: Decimal, lang: Lang) -> String {
    let x = x.normalize();
    fixed(x, x.scale(), lang)
}

/// Rounded to `decimals` places (half away from zero) with separators.
pub fn fixed(x: Decimal, decimals: u32, lang: Lang) -> String {
    let rounded = x.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    let text = format!("{:.*}", decimals as usize, rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (group, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::new();
    if rounded.is_sign_negative() && !rounded.is_zero() {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn scores_show_two_decimals_with_a_decimal_comma() {
        assert_eq!(score(d("93.25"), Lang::Vi), "93,25");
        assert_eq!(score(d("10"), Lang::Vi), "10,00");
        assert_eq!(score(d("-2"), Lang::Vi), "-2,00");
        assert_eq!(score(d("1234.5"), Lang::En), "1,234.50");
    }

    #[test]
    fn plain_numbers_keep_their_decimals_and_group_thousands() {
        assert_eq!(plain(d("1234567"), Lang::Vi), "1.234.567");
        assert_eq!(plain(d("12.50"), Lang::Vi), "12,5");
        assert_eq!(plain(d("95"), Lang::En), "95");
    }
}
