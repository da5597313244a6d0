//! Turning calamine's values into [`Value`]s: numbers, text (bounded),
//! errors, dates in one date system, and percent number formats.
//!
//! This module knows calamine's value types and Excel's number-format
//! syntax; it does not read files.

use super::limits::MAX_CELL_TEXT_CHARS;
use super::{Merge, Value};
use calamine::{Data, DataRef, Dimensions, ExcelDateTime, SheetType};

/// Days from the 1900 date system's day 0 (1899-12-30) to the 1904
/// system's (1904-01-01).
const DAYS_1904_OFFSET: f64 = 1462.0;

/// Excel serial of 1970-01-01 in the 1900 date system.
const UNIX_EPOCH_SERIAL: i64 = 25_569;

/// Converts a streamed value (xlsx, xlsb); `None` for an empty cell.
pub(super) fn from_data_ref(v: &DataRef<'_>, is_1904: bool) -> Option<Value> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::Int(i) => number(*i as f64),
        DataRef::Float(f) => number(*f),
        DataRef::String(s) => Value::Text(bounded(s).to_owned()),
        DataRef::SharedString(s) => Value::Text(bounded(s).to_owned()),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => datetime(*d, is_1904),
        DataRef::DateTimeIso(s) => iso_datetime(s),
        DataRef::DurationIso(s) => iso_duration(s),
        DataRef::Error(e) => Value::Error(e.to_string()),
    })
}

/// Converts a value of a parsed range (xls, ods); `None` for an empty cell.
/// `ods` maps error texts ("#DIV/0!", "Err:502") to [`Value::Error`], since
/// calamine gives ods errors as strings.
pub(super) fn from_data(v: &Data, is_1904: bool, ods: bool) -> Option<Value> {
    Some(match v {
        Data::Empty => return None,
        Data::Int(i) => number(*i as f64),
        Data::Float(f) => number(*f),
        Data::String(s) if ods && is_error_text(s) => Value::Error(s.clone()),
        Data::String(s) => Value::Text(bounded(s).to_owned()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => datetime(*d, is_1904),
        Data::DateTimeIso(s) => iso_datetime(s),
        Data::DurationIso(s) => iso_duration(s),
        Data::Error(e) => Value::Error(e.to_string()),
    })
}

/// The names of the worksheets (not chart, dialog or macro sheets).
pub(super) fn worksheet_names(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect()
}

/// The byte length of a value's text, for the text budget.
pub(super) fn text_len(v: &Value) -> usize {
    match v {
        Value::Text(s) | Value::Error(s) => s.len(),
        _ => 0,
    }
}

/// A calamine merged region as a [`Merge`] (corners put in order).
pub(super) fn merge(d: &Dimensions) -> Merge {
    Merge {
        first_row: d.start.0.min(d.end.0),
        first_col: d.start.1.min(d.end.1),
        last_row: d.start.0.max(d.end.0),
        last_col: d.start.1.max(d.end.1),
    }
}

/// Whether an Excel number-format code shows numbers as percentages: a `%`
/// outside quotes, escapes and brackets, in one of the numeric sections (the
/// fourth section, for text, does not count).
pub(super) fn is_percent_format(code: &str) -> bool {
    let mut chars = code.chars();
    let mut section = 0;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            ';' => section += 1,
            '%' if section < 3 => return true,
            _ => {}
        }
    }
    false
}

/// A number, or `#NUM!` for the NaN and infinities a damaged file can hold.
fn number(f: f64) -> Value {
    if f.is_finite() {
        Value::Number(f)
    } else {
        Value::Error("#NUM!".to_owned())
    }
}

/// A date-time as a 1900-system serial; a duration (`[h]:mm`) as its
/// number of days.
fn datetime(d: ExcelDateTime, is_1904: bool) -> Value {
    let serial = d.as_f64();
    if d.is_duration() {
        number(serial)
    } else if is_1904 {
        date_serial(serial + DAYS_1904_OFFSET)
    } else {
        date_serial(serial)
    }
}

fn date_serial(serial: f64) -> Value {
    if serial.is_finite() {
        Value::DateTime(serial)
    } else {
        Value::Error("#NUM!".to_owned())
    }
}

/// `s`, cut to [`MAX_CELL_TEXT_CHARS`] characters.
fn bounded(s: &str) -> &str {
    match cut_at(s) {
        Some(i) => &s[..i],
        None => s,
    }
}

/// The byte index where `s` must be cut, if it is too long.
fn cut_at(s: &str) -> Option<usize> {
    if s.len() <= MAX_CELL_TEXT_CHARS {
        return None; // fewer bytes than the limit, so fewer characters
    }
    s.char_indices().nth(MAX_CELL_TEXT_CHARS).map(|(i, _)| i)
}

/// Error values as spreadsheet programs show them in cells.
fn is_error_text(s: &str) -> bool {
    const KNOWN: [&str; 11] = [
        "#DIV/0!",
        "#N/A",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#REF!",
        "#VALUE!",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
    ];
    KNOWN.contains(&s)
        || s.strip_prefix("Err:")
            .is_some_and(|n| (1..=4).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
}

/// An ISO 8601 date or date-time (ods `office:date-value`) as a 1900-system
/// serial; text when it is not one.
fn iso_datetime(s: &str) -> Value {
    match parse_iso_datetime(s) {
        Some(serial) => Value::DateTime(serial),
        None => Value::Text(bounded(s).to_owned()),
    }
}

fn parse_iso_datetime(s: &str) -> Option<f64> {
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut parts = date.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let mut serial = days_from_civil(year, month, day) + UNIX_EPOCH_SERIAL;
    if (1..61).contains(&serial) {
        serial -= 1; // Excel counts a 1900-02-29 that never was
    }
    let fraction = match time {
        Some(t) => parse_time_of_day(t)?,
        None => 0.0,
    };
    Some(serial as f64 + fraction)
}

/// "HH:MM[:SS[.fff]]" (an ending "Z" or offset is ignored) as a fraction of
/// a day.
fn parse_time_of_day(t: &str) -> Option<f64> {
    let t = t.trim_end_matches('Z');
    let t = t.split(['+', '-']).next()?;
    let mut parts = t.splitn(3, ':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let sec: f64 = match parts.next() {
        Some(x) => x.parse().ok()?,
        None => 0.0,
    };
    if h > 24 || m > 59 || !(0.0..61.0).contains(&sec) {
        return None;
    }
    Some((f64::from(h) * 3600.0 + f64::from(m) * 60.0 + sec) / 86_400.0)
}

/// An ISO 8601 duration (ods `office:time-value`, e.g. "PT12H30M00S") as a
/// number of days; text when it is not one.
fn iso_duration(s: &str) -> Value {
    match parse_iso_duration(s) {
        Some(days) => number(days),
        None => Value::Text(bounded(s).to_owned()),
    }
}

fn parse_iso_duration(s: &str) -> Option<f64> {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => (-1.0, r),
        None => (1.0, s),
    };
    let rest = rest.strip_prefix('P')?;
    let (date_part, time_part) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut days = 0.0;
    for (amount, unit) in duration_fields(date_part)? {
        days += match unit {
            'D' => amount,
            'W' => amount * 7.0,
            _ => return None,
        };
    }
    for (amount, unit) in duration_fields(time_part)? {
        days += match unit {
            'H' => amount / 24.0,
            'M' => amount / 1440.0,
            'S' => amount / 86_400.0,
            _ => return None,
        };
    }
    Some(sign * days)
}

/// "12H30M5.5S" as [(12, 'H'), (30, 'M'), (5.5, 'S')].
fn duration_fields(s: &str) -> Option<Vec<(f64, char)>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c.is_ascii_alphabetic() {
            let amount: f64 = s.get(start..i)?.parse().ok()?;
            out.push((amount, c));
            start = i + c.len_utf8();
        }
    }
    (start == s.len()).then_some(out)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
/// algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats() {
        for code in ["0%", "0.00%", "#,##0.0%", "0%;[Red]-0%", "[$-409]0.0%"] {
            assert!(is_percent_format(code), "{code}");
        }
        for code in [
            "General",
            "0.00",
            "\"%\"0",
            "0\\%",
            "dd/mm/yyyy",
            "0;0;0;@\"%\"",
        ] {
            assert!(!is_percent_format(code), "{code}");
        }
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_datetime("2024-03-15"), Value::DateTime(45366.0));
        assert_eq!(iso_datetime("1900-03-01"), Value::DateTime(61.0));
        assert_eq!(iso_datetime("1900-01-01"), Value::DateTime(1.0));
        assert_eq!(
            iso_datetime("2024-03-15T12:00:00"),
            Value::DateTime(45366.5)
        );
        assert_eq!(iso_datetime("2024-02-30"), Value::Text("2024-02-30".into()));
        assert_eq!(iso_datetime("soon"), Value::Text("soon".into()));
    }

    #[test]
    fn iso_durations() {
        assert_eq!(iso_duration("PT12H00M00S"), Value::Number(0.5));
        assert_eq!(iso_duration("P1DT6H"), Value::Number(1.25));
        assert_eq!(iso_duration("PT"), Value::Number(0.0));
        assert_eq!(iso_duration("P1X"), Value::Text("P1X".into()));
    }

    #[test]
    fn ods_error_texts() {
        let v = from_data(&Data::String("#DIV/0!".into()), false, true);
        assert_eq!(v, Some(Value::Error("#DIV/0!".into())));
        let v = from_data(&Data::String("Err:502".into()), false, true);
        assert_eq!(v, Some(Value::Error("Err:502".into())));
        let v = from_data(&Data::String("#DIV/0!".into()), false, false);
        assert_eq!(v, Some(Value::Text("#DIV/0!".into())));
    }

    #[test]
    fn long_text_is_cut_on_a_char_boundary() {
        let s = "ệ".repeat(MAX_CELL_TEXT_CHARS + 10);
        let v = from_data(&Data::String(s), false, false);
        let Some(Value::Text(t)) = v else {
            panic!("not text")
        };
        assert_eq!(t.chars().count(), MAX_CELL_TEXT_CHARS);
    }

    #[test]
    fn non_finite_numbers_are_num_errors() {
        let v = from_data(&Data::Float(f64::NAN), false, false);
        assert_eq!(v, Some(Value::Error("#NUM!".into())));
    }
}
