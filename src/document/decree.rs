//! The measures and fixed words of an official Vietnamese document (Decree
//! 30/2020/ND-CP, Appendix I) that every back end shares: text sizes, the
//! space between paragraphs, the first-line indent, the national title and
//! motto, and how dates and places are written.

use super::paragraph::{Align, Paragraph, Span};
use crate::model::Date;

/// Body text size (13-14 pt).
pub const BODY_SIZE: f32 = 13.0;
/// Table text size.
pub const TABLE_SIZE: f32 = 12.0;
/// Space between paragraphs (at least 6 pt).
pub const PARAGRAPH_SPACE: f32 = 6.0;
/// The national title, at the top right of page 1.
pub const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// The motto, under the national title.
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
/// The label above the recipients, at the bottom left of the last page.
pub const RECIPIENTS: &str = "Nơi nhận:";
/// The word that opens an appendix.
pub const APPENDIX: &str = "Phụ lục";
/// Width of the text on an A4 page within the decree's margins (left 30 mm,
/// right 15 mm), in millimetres.
pub const TEXT_WIDTH_MM: f32 = 165.0;

/// Millimetres to points.
pub fn mm(x: f32) -> f32 {
    x * 72.0 / 25.4
}

/// First-line indent of body paragraphs (1-1.27 cm), in points.
pub fn first_indent() -> f32 {
    mm(12.7)
}

/// "ngày 05 tháng 01 năm 2017": a leading zero for days below 10 and months 1-2.
pub fn date_in_words(date: Date) -> String {
    let month = if date.month <= 2 {
        format!("{:02}", date.month)
    } else {
        date.month.to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", date.day, date.year)
}

/// A blank to fill by hand: no-break spaces, which are never collapsed.
pub const BLANK: &str = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";

/// The place-and-date line; without a date, blanks to fill by hand in `year`.
pub fn place_and_date(place: &str, date: Option<Date>, year: i32) -> String {
    let when = match date {
        Some(d) => date_in_words(d),
        None => format!("ngày{BLANK}tháng{BLANK}năm {year}"),
    };
    format!("{place}, {when}")
}

/// Upper case, Vietnamese letters included.
pub fn upper(text: &str) -> String {
    crate::text::nfc(text).to_uppercase()
}

/// A body paragraph: justified, first line indented, 6 pt after.
pub fn body(spans: Vec<Span>) -> Paragraph {
    Paragraph::new(spans, BODY_SIZE)
        .first_indent(first_indent())
        .space_after(PARAGRAPH_SPACE)
}

/// A table's title, centred above it.
pub fn caption(text: &str) -> Paragraph {
    Paragraph::new(vec![Span::bold(text)], BODY_SIZE)
        .align(Align::Center)
        .space_after(4.0)
}

/// The lines under "Nơi nhận:": each starts with "- " and ends with ";", the last with ".".
pub fn recipient_lines(lines: &[Vec<Span>]) -> Vec<Vec<Span>> {
    let n = lines.len();
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let mut spans = vec![Span::regular("- ")];
            spans.extend(line.iter().cloned());
            end_with(&mut spans, if i + 1 == n { "." } else { ";" });
            spans
        })
        .collect()
}

/// Replaces the final punctuation of `spans` with `end`.
fn end_with(spans: &mut [Span], end: &str) {
    if let Some(last) = spans.last_mut() {
        let trimmed = last
            .text
            .trim_end()
            .trim_end_matches([';', '.', ','])
            .to_string();
        last.text = format!("{trimmed}{end}");
    }
}

/// Words that open an administrative level ("tỉnh", "thành phố", ...),
/// folded, longest first.
pub const ADMINISTRATIVE_LEVELS: [&str; 9] = [
    "thanh pho",
    "thi tran",
    "dac khu",
    "thi xa",
    "tinh",
    "huyen",
    "quan",
    "phuong",
    "xa",
];

/// `name` on two lines, broken before its administrative level ("Hội Cựu
/// chiến binh\ntỉnh Cao Bằng") at the first break whose both parts `fit`;
/// `None` when the name has no such break.
pub fn break_before_level(name: &str, mut fits: impl FnMut(&str) -> bool) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    (1..words.len()).find_map(|i| {
        let rest = crate::text::fold(&words[i..].join(" "));
        let at_level = ADMINISTRATIVE_LEVELS
            .iter()
            .any(|l| rest == *l || rest.starts_with(&format!("{l} ")));
        let (first, second) = (words[..i].join(" "), words[i..].join(" "));
        (at_level && fits(&first) && fits(&second)).then(|| format!("{first}\n{second}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_breaks_before_its_level_when_both_parts_fit() {
        let all = |_: &str| true;
        assert_eq!(
            break_before_level("Hội Cựu chiến binh tỉnh Cao Bằng", all).as_deref(),
            Some("Hội Cựu chiến binh\ntỉnh Cao Bằng")
        );
        assert_eq!(
            break_before_level("HỘI CCB THỊ TRẤN YÊN THẾ", all).as_deref(),
            Some("HỘI CCB\nTHỊ TRẤN YÊN THẾ")
        );
        assert_eq!(break_before_level("Ban Thư ký", all), None);
        let short = |t: &str| t.chars().count() <= 10;
        assert_eq!(
            break_before_level("Hội Cựu chiến binh tỉnh Cao Bằng", short),
            None
        );
    }

    #[test]
    fn dates_have_leading_zeros_for_small_days_and_months_one_and_two() {
        let d = |year, month, day| Date { year, month, day };
        assert_eq!(date_in_words(d(2017, 1, 5)), "ngày 05 tháng 01 năm 2017");
        assert_eq!(date_in_words(d(2017, 2, 15)), "ngày 15 tháng 02 năm 2017");
        assert_eq!(date_in_words(d(2017, 3, 9)), "ngày 09 tháng 3 năm 2017");
        assert_eq!(date_in_words(d(2016, 12, 20)), "ngày 20 tháng 12 năm 2016");
        assert_eq!(
            place_and_date("Thái Nguyên", Some(d(2017, 1, 5)), 2017),
            "Thái Nguyên, ngày 05 tháng 01 năm 2017"
        );
    }

    #[test]
    fn recipient_lines_end_with_semicolons_and_a_full_stop() {
        let mut spans = vec![Span::regular("- "), Span::regular("Lưu: VT;")];
        end_with(&mut spans, ".");
        assert_eq!(spans[1].text, "Lưu: VT.");
    }

    #[test]
    fn upper_case_keeps_vietnamese_marks() {
        assert_eq!(
            upper("Hội Cựu chiến binh tỉnh Bắc Kạn"),
            "HỘI CỰU CHIẾN BINH TỈNH BẮC KẠN"
        );
        assert_eq!(upper("Cụm thi đua số 3"), "CỤM THI ĐUA SỐ 3");
    }
}
