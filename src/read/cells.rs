//! Cell values as the user sees them: text (NFC, legacy encodings repaired by
//! the caller), numbers from numeric cells, cached formula results and
//! Vietnamese-style text, with the percent display kept apart.

use crate::read::workbook::{Cell, Value};
use crate::text::{self, decimal_from_f64, parse_number};
use rust_decimal::Decimal;

/// A cell read as a number.
#[derive(Debug, Clone, PartialEq)]
pub enum CellNumber {
    /// Nothing in the cell (or only spaces).
    Empty,
    /// Something that is not a number: the text shown, or the error value.
    Invalid(String),
    /// A number.
    Number(Number),
}

/// A number and how it was written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// The stored value: 0.95 for a cell showing 95%, 95 for the text `95%`.
    pub value: Decimal,
    /// How the value relates to a percentage.
    pub percent: PercentForm,
    /// Text that two conventions read differently (`1.234`).
    pub ambiguous: Option<Ambiguity>,
}

/// How a number relates to a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentForm {
    /// A fraction in a percent-formatted cell: 0.95 shown as 95%.
    FractionShownAsPercent,
    /// Text with a percent sign: `95%` is 95.
    TextWithSign,
    /// The file says the cell has no percent format.
    Plain,
    /// The file does not tell the cell's number format (xls, ods), or the
    /// number is text without a percent sign (`0.95`).
    Unknown,
}

/// Which reading of an ambiguous text was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ambiguity {
    /// `1.234` read as 1234.
    DotThousands,
    /// `1,234` read as 1.234.
    CommaDecimal,
}

/// Reads a cell as a number.
pub fn number(cell: Option<&Cell>) -> CellNumber {
    let Some(cell) = cell else {
        return CellNumber::Empty;
    };
    match &cell.value {
        // A date where a number belongs ("3/12" typed, turned into a date
        // by Excel) is not a number, whatever its serial.
        Value::DateTime(x) => CellNumber::Invalid(date_text(*x)),
        Value::Number(x) => match decimal_from_f64(*x) {
            Some(value) => CellNumber::Number(Number {
                value,
                percent: match cell.percent {
                    Some(true) => PercentForm::FractionShownAsPercent,
                    Some(false) => PercentForm::Plain,
                    None => PercentForm::Unknown,
                },
                ambiguous: None,
            }),
            None => CellNumber::Invalid(x.to_string()),
        },
        Value::Bool(b) => CellNumber::Invalid(if *b { "TRUE" } else { "FALSE" }.into()),
        Value::Error(e) => CellNumber::Invalid(e.clone()),
        Value::Text(s) => text_number(s),
    }
}

fn text_number(s: &str) -> CellNumber {
    if s.trim().is_empty() {
        return CellNumber::Empty;
    }
    match parse_number(s) {
        Some(n) => CellNumber::Number(Number {
            value: n.value,
            percent: if n.percent {
                PercentForm::TextWithSign
            } else {
                PercentForm::Unknown
            },
            ambiguous: n.ambiguous.then(|| {
                if s.contains(',') {
                    Ambiguity::CommaDecimal
                } else {
                    Ambiguity::DotThousands
                }
            }),
        }),
        None => CellNumber::Invalid(text::nfc(s.trim())),
    }
}

/// Reads a cell as trimmed NFC text; numbers in their shortest form.
pub fn text(cell: Option<&Cell>) -> String {
    let Some(cell) = cell else {
        return String::new();
    };
    match &cell.value {
        Value::Text(s) => text::nfc(s.trim()),
        Value::DateTime(x) => date_text(*x),
        Value::Number(x) => match decimal_from_f64(*x) {
            Some(d) => d.normalize().to_string(),
            None => x.to_string(),
        },
        Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Value::Error(e) => e.clone(),
    }
}

/// How a value on a percent criterion was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentReading {
    /// As the user sees it, with nothing to say.
    Plain,
    /// A bare fraction where the format is unknown, read as a fraction:
    /// 0.95 taken as 95 (SPEC section 3).
    Fraction,
    /// A fraction in a cell whose format the file gives (General, a number
    /// format): kept as written (0.95 means 0.95 %), though it could be meant
    /// as a fraction.
    KeptAsWritten,
}

/// The number as a percent criterion shows it, given the signed target:
/// 0.95 in a percent-formatted cell is 95; where the format is unknown (or
/// the number is text), a value in (0, 1] with a target above 1 is taken as
/// a fraction; in a cell the file says is not a percent, it stays as
/// written. Either of the last two is flagged.
pub fn as_percent(n: Number, target: Option<Decimal>) -> (Decimal, PercentReading) {
    let hundred = Decimal::from(100);
    let fraction_like = n.value > Decimal::ZERO
        && n.value <= Decimal::ONE
        && target.is_some_and(|t| t > Decimal::ONE);
    match n.percent {
        PercentForm::FractionShownAsPercent => {
            (n.value.saturating_mul(hundred), PercentReading::Plain)
        }
        PercentForm::Unknown if fraction_like => {
            (n.value.saturating_mul(hundred), PercentReading::Fraction)
        }
        PercentForm::Plain if fraction_like => (n.value, PercentReading::KeptAsWritten),
        _ => (n.value, PercentReading::Plain),
    }
}

/// A date cell as the user sees it: 03/12/2016 (and the time, if any).
pub fn date_text(serial: f64) -> String {
    // Excel's dates run from 1900 to 9999 (serial 2958465).
    if !(1.0..2_958_466.0).contains(&serial) {
        return serial.to_string();
    }
    // Days since 1970-01-01 (serial 25569), to a civil date (Howard
    // Hinnant's algorithm).
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let day = format!("{d:02}/{m:02}/{y:04}");
    let minutes = (serial.fract() * 1440.0).round() as u32;
    if minutes == 0 || minutes >= 1440 {
        day
    } else {
        format!("{day} {:02}:{:02}", minutes / 60, minutes % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::dec;

    mod rust_decimal_macros_free {
        /// Decimal from a literal string, for tests.
        macro_rules! dec {
            ($s:literal) => {
                <rust_decimal::Decimal as std::str::FromStr>::from_str($s).unwrap()
            };
        }
        pub(crate) use dec;
    }

    fn cell(value: Value, percent: Option<bool>) -> Cell {
        Cell {
            row: 0,
            col: 0,
            value,
            percent,
        }
    }

    #[test]
    fn percent_formatted_fraction_is_what_the_user_sees() {
        let CellNumber::Number(n) = number(Some(&cell(Value::Number(0.95), Some(true)))) else {
            panic!()
        };
        assert_eq!(
            as_percent(n, Some(dec!("90"))),
            (dec!("95"), PercentReading::Plain)
        );
    }

    #[test]
    fn bare_fraction_of_unknown_format_on_percent_criterion_is_flagged() {
        let CellNumber::Number(n) = number(Some(&cell(Value::Number(0.95), None))) else {
            panic!()
        };
        assert_eq!(
            as_percent(n, Some(dec!("90"))),
            (dec!("95"), PercentReading::Fraction)
        );
        // A target of 1 or less does not make it a fraction.
        assert_eq!(
            as_percent(n, Some(dec!("1"))),
            (dec!("0.95"), PercentReading::Plain)
        );
    }

    #[test]
    fn plain_fraction_in_a_known_format_stays_as_written() {
        let CellNumber::Number(n) = number(Some(&cell(Value::Number(0.95), Some(false)))) else {
            panic!()
        };
        assert_eq!(
            as_percent(n, Some(dec!("90"))),
            (dec!("0.95"), PercentReading::KeptAsWritten)
        );
    }

    #[test]
    fn text_with_percent_sign_is_the_percentage() {
        let CellNumber::Number(n) = number(Some(&cell(Value::Text("95%".into()), None))) else {
            panic!()
        };
        assert_eq!(
            as_percent(n, Some(dec!("90"))),
            (dec!("95"), PercentReading::Plain)
        );
    }

    #[test]
    fn text_fraction_on_a_percent_criterion_is_read_as_a_fraction() {
        let CellNumber::Number(n) = number(Some(&cell(Value::Text("0.82".into()), None))) else {
            panic!()
        };
        assert_eq!(
            as_percent(n, Some(dec!("90"))),
            (dec!("82"), PercentReading::Fraction)
        );
    }

    #[test]
    fn a_date_is_not_a_number_and_shows_as_the_user_sees_it() {
        // 42707 is 03/12/2016, what Excel makes of a typed "3/12".
        for percent in [Some(false), None] {
            assert_eq!(
                number(Some(&cell(Value::DateTime(42707.0), percent))),
                CellNumber::Invalid("03/12/2016".into())
            );
        }
        assert_eq!(date_text(42707.5), "03/12/2016 12:00");
        assert_eq!(date_text(43890.0), "29/02/2020");
        assert_eq!(date_text(36526.0), "01/01/2000");
        assert_eq!(
            text(Some(&cell(Value::DateTime(42707.0), None))),
            "03/12/2016"
        );
    }

    #[test]
    fn error_values_and_words_are_not_numbers() {
        assert_eq!(
            number(Some(&cell(Value::Error("#DIV/0!".into()), None))),
            CellNumber::Invalid("#DIV/0!".into())
        );
        assert!(matches!(
            number(Some(&cell(Value::Text("chưa có số liệu".into()), None))),
            CellNumber::Invalid(_)
        ));
        assert_eq!(
            number(Some(&cell(Value::Text("  ".into()), None))),
            CellNumber::Empty
        );
        assert_eq!(number(None), CellNumber::Empty);
    }
}
