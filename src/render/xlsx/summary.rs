//! `Tổng hợp`: the title block, the ranking with totals as formulas over
//! the unit sheets (over `Chi tiết` when there are none), the units without
//! a usable workbook after the ranked ones, next year's head and deputy, and
//! the parameters block (base maximum, thresholds, numbers of proposals).
//!
//! Rank, classification and proposal are formulas too, over the totals and
//! the parameters block, computed as SPEC section 5 computes them (see
//! [`RankFormulas`]), or with the cluster's own classes and titles (SPEC
//! section 11) as many as there are: a hand correction in a unit's sheet,
//! or a changed threshold, recomputes the whole ranking. A class with a
//! floor for each criterion cannot be a formula over the totals: then the
//! classification is written as a value and the sheet says so. Every
//! formula carries the pipeline's value. Written row by row (the sheet is
//! streamed).

use super::cells::{
    date_text, fit_row, fit_width, font, highlight_nonzero, lines_needed, number, put_header,
    put_text, put_title, row_points, set_widths, TableRow,
};
use super::unit::{UNIT_FIRST, U_SELF};
use super::{is_scored, Book, SUMMARY_SHEET};
use crate::model::diagnostic::Lang;
use crate::model::AgreementInfo;
use crate::model::Outcome;
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::{row_col_to_cell, row_col_to_cell_absolute};
use rust_xlsxwriter::{ColNum, Format, RowNum, Worksheet, XlsxError};

/// The header row of the ranking, under the title block.
const SUMMARY_HEADER: RowNum = 6;
// Columns of the ranking.
const S_STT: ColNum = 0;
const S_CODE: ColNum = 1;
pub(super) const S_NAME: ColNum = 2;
const S_SELF: ColNum = 3;
pub(super) const S_TOTAL: ColNum = 4;
const S_DIFF: ColNum = 5;
const S_PERCENT: ColNum = 6;
const S_RANK: ColNum = 7;
const S_CLASS: ColNum = 8;
const S_PROPOSAL: ColNum = 9;
const S_STATUS: ColNum = 10;
// Hidden columns the proposal formulas read.
const S_ORDER: ColNum = 11;
const S_POSITION: ColNum = 12;
const S_TIED: ColNum = 13;
// Last year's figures (SPEC section 11), after the hidden columns, only
// when the run has them.
const S_PREV_TOTAL: ColNum = 14;
const S_PREV_RANK: ColNum = 15;
const S_CHANGE_TOTAL: ColNum = 16;
const S_CHANGE_RANK: ColNum = 17;

/// The last column shown: the status, or last year's change of rank.
fn last_shown(book: &Book) -> ColNum {
    if book.outcome.previous.is_some() {
        S_CHANGE_RANK
    } else {
        S_STATUS
    }
}

/// Row of the `Tổng hợp` table holding the unit at `position` (ranked units first).
pub(super) fn summary_row(position: usize) -> RowNum {
    SUMMARY_HEADER + 1 + position as RowNum
}

/// `Tổng hợp`: title block, the ranking, unranked units with their status,
/// next year's head and deputy, the parameters block.
pub(super) fn write_summary(ws: &mut Worksheet, book: &Book) -> Result<(), XlsxError> {
    ws.set_name(SUMMARY_SHEET)?;
    let info = &book.agreement().info;
    let st = &book.styles;
    let (parent, issuer) = issuing_body(book.agreement());
    let last_col = last_shown(book);
    put_title(ws, 0, last_col, &parent, &st.parent)?;
    put_title(ws, 1, last_col, &issuer, &st.heading)?;
    let title = format!("BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM {}", info.year);
    put_title(ws, 2, last_col, &title, &st.title)?;
    if let Some(line) = conference_line(info) {
        put_title(ws, 3, last_col, &line, &st.subtitle)?;
    }
    let base = format!(
        "Điểm chuẩn (chưa kể điểm cộng, điểm trừ): {}",
        crate::model::numfmt::plain(book.agreement().base_max(), Lang::Vi)
    );
    put_title(ws, 4, last_col, &base, &st.subtitle)?;
    let headings = [
        "STT",
        "Mã",
        "Đơn vị",
        "Tự chấm",
        "Tổng điểm",
        "Chênh lệch",
        "Tỷ lệ so với điểm chuẩn",
        "Xếp hạng",
        "Xếp loại",
        "Đề nghị khen thưởng",
        "Tình trạng",
        "Thứ tự trong danh sách đơn vị",
        "Vị trí xét đề nghị",
        "Số đơn vị cùng điểm",
    ];
    let order = summary_order(book.outcome);
    let mut widths = summary_widths(book, &order);
    widths.extend([12.0, 12.0, 12.0]);
    if book.outcome.previous.is_some() {
        widths.extend([10.0, 9.5, 10.0, 10.0]);
    }
    set_widths(ws, &widths)?;
    for col in S_ORDER..=S_TIED {
        ws.set_column_hidden(col)?;
    }
    put_header(
        ws,
        SUMMARY_HEADER,
        &headings,
        &widths[..=usize::from(S_STATUS)],
        st,
    )?;
    for (col, heading) in (S_ORDER..).zip(&headings[usize::from(S_ORDER)..]) {
        put_text(ws, SUMMARY_HEADER, col, heading, &st.header)?;
    }
    if let Some(previous) = &book.outcome.previous {
        let year = previous.year;
        let previous_headings = [
            format!("Tổng điểm năm {year}"),
            format!("Xếp hạng năm {year}"),
            "Tổng điểm tăng, giảm".to_string(),
            "Xếp hạng tăng, giảm".to_string(),
        ];
        for (col, heading) in (S_PREV_TOTAL..).zip(&previous_headings) {
            put_text(ws, SUMMARY_HEADER, col, heading, &st.header)?;
        }
    }
    let last = summary_row(order.len()).saturating_sub(1);
    let next_year_at = last + 2;
    let params = Parameters::at(next_year_at + 4, book.agreement());
    let ranked = book.outcome.ranking.len();
    let formulas = RankFormulas {
        params: &params,
        first: summary_row(0),
        last: summary_row(ranked).saturating_sub(1),
    };
    for (position, &unit) in order.iter().enumerate() {
        write_summary_row(ws, book, (position, unit), &widths, &formulas)?;
    }
    highlight_nonzero(ws, (summary_row(0), last), S_DIFF, st)?;
    write_next_year(ws, book, next_year_at)?;
    write_parameters(ws, book, &params)?;
    ws.set_freeze_panes(SUMMARY_HEADER + 1, 0)?;
    book.print_setup(ws, true, Some((SUMMARY_HEADER, SUMMARY_HEADER)))?;
    ws.set_print_area(0, 0, params.last(), last_col)?;
    ws.set_active(true);
    Ok(())
}

/// The issuing body of the workbook's header: the one issuer of the
/// cluster's papers (`documents::parts::issuer`), upper case as a header is.
pub(super) fn issuing_body(agreement: &crate::model::Agreement) -> (String, String) {
    let issuer = crate::documents::parts::issuer(agreement);
    (issuer.parent.to_uppercase(), issuer.body.to_uppercase())
}

/// Where the parameters block is: its title row, then one row for each value.
struct Parameters {
    title: RowNum,
    /// How many values: 6 for section 5's rules; with the cluster's own,
    /// the base maximum, one row a class, one row a title.
    values: RowNum,
}

impl Parameters {
    fn at(title: RowNum, agreement: &crate::model::Agreement) -> Parameters {
        let values = if live_rules(agreement) {
            6
        } else {
            1 + (agreement.classes().len() + agreement.titles().len()) as RowNum
        };
        Parameters { title, values }
    }
    fn base(&self) -> String {
        self.cell(1)
    }
    fn excellent(&self) -> String {
        self.cell(2)
    }
    fn good(&self) -> String {
        self.cell(3)
    }
    fn fair(&self) -> String {
        self.cell(4)
    }
    fn flags(&self) -> String {
        self.cell(5)
    }
    fn certificates(&self) -> String {
        self.cell(6)
    }
    /// The absolute reference of the value `k` rows under the title.
    fn cell(&self, k: RowNum) -> String {
        row_col_to_cell_absolute(self.title + k, P_VALUE)
    }
    /// The block's last row (its note).
    fn last(&self) -> RowNum {
        self.title + self.values + 1
    }
}

/// The column of the parameters' values (their labels span B:F).
const P_VALUE: ColNum = S_PERCENT;

/// The parameters block: what the rank, classification and proposal formulas read.
fn write_parameters(ws: &mut Worksheet, book: &Book, p: &Parameters) -> Result<(), XlsxError> {
    if !live_rules(book.agreement()) {
        return write_own_rules(ws, book, p);
    }
    let info = &book.agreement().info;
    let st = &book.styles;
    let body = &st.body;
    put_text(
        ws,
        p.title,
        S_CODE,
        "THAM SỐ XẾP LOẠI VÀ ĐỀ NGHỊ KHEN THƯỞNG (theo giao ước)",
        &st.label,
    )?;
    let t = &info.thresholds;
    let rows: [(&str, f64, &Format); 6] = [
        (
            "Điểm chuẩn (chưa kể điểm cộng, điểm trừ)",
            number(book.agreement().base_max()),
            &body.number,
        ),
        (
            "Ngưỡng Xuất sắc (% điểm chuẩn)",
            number(t.excellent),
            &body.number,
        ),
        ("Ngưỡng Tốt (% điểm chuẩn)", number(t.good), &body.number),
        ("Ngưỡng Khá (% điểm chuẩn)", number(t.fair), &body.number),
        (
            "Số Cờ thi đua đề nghị",
            f64::from(info.flags),
            &body.integer,
        ),
        (
            "Số Bằng khen đề nghị",
            f64::from(info.certificates),
            &body.integer,
        ),
    ];
    for (k, (label, value, format)) in (1..).zip(rows) {
        let row = p.title + k;
        ws.merge_range(row, S_CODE, row, P_VALUE - 1, label, &body.text)?;
        ws.write_number_with_format(row, P_VALUE, value, format)?;
    }
    let note = format!(
        "Xếp hạng, xếp loại và đề nghị khen thưởng được tính bằng công thức từ Tổng điểm \
         và các tham số trên. Đề nghị theo vị trí xếp hạng: {}; {}; các đơn vị bằng điểm \
         nằm vắt qua một ngưỡng đề nghị thì đề nghị Hội nghị biểu quyết.",
        proposal_rule(1, info.flags, "Cờ thi đua", "Xuất sắc"),
        proposal_rule(
            info.flags.saturating_add(1),
            info.flags.saturating_add(info.certificates),
            "Bằng khen",
            "Xuất sắc hoặc Tốt"
        ),
    );
    let row = p.last();
    ws.merge_range(row, S_CODE, row, S_STATUS, &note, &st.note)?;
    let width: f64 = summary_note_width(book);
    ws.set_row_height(row, row_points(lines_needed(&note, width, false)))?;
    Ok(())
}

/// The parameters block of an agreement with its own classes or titles:
/// the base maximum, each class's minimum in points (and its floor), each
/// title's number of positions (and minimum class), which the formulas
/// read. A classification with a floor for each criterion is written as a
/// value, and the note says so.
fn write_own_rules(ws: &mut Worksheet, book: &Book, p: &Parameters) -> Result<(), XlsxError> {
    use crate::model::classes::{Minimum, TitleCount};
    let a = book.agreement();
    let st = &book.styles;
    let body = &st.body;
    put_text(
        ws,
        p.title,
        S_CODE,
        "XẾP LOẠI VÀ ĐỀ NGHỊ KHEN THƯỞNG (theo giao ước)",
        &st.label,
    )?;
    let plain = |x: Decimal| crate::model::numfmt::plain(x, Lang::Vi);
    let base = a.base_max();
    let mut rows: Vec<(String, Option<f64>, &Format)> = vec![(
        "Điểm chuẩn (chưa kể điểm cộng, điểm trừ)".to_string(),
        Some(number(base)),
        &body.number,
    )];
    for rule in a.classes().iter() {
        let floor = rule.floor.map_or(String::new(), |f| {
            format!(
                ", không tiêu chí nào dưới {}% điểm chuẩn của tiêu chí",
                plain(f)
            )
        });
        let (label, value) = match rule.minimum {
            Some(Minimum::Points(x)) => (
                format!("Xếp loại {}: tối thiểu (điểm){floor}", rule.label),
                Some(x),
            ),
            Some(Minimum::Percent(x)) => (
                format!(
                    "Xếp loại {}: tối thiểu (điểm, bằng {}% điểm chuẩn){floor}",
                    rule.label,
                    plain(x)
                ),
                base.checked_mul(x)
                    .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED)),
            ),
            None if rule.floor.is_some() => (
                format!(
                    "Xếp loại {}: không có tổng điểm tối thiểu{floor}",
                    rule.label
                ),
                None,
            ),
            None => (format!("Xếp loại {}: các đơn vị còn lại", rule.label), None),
        };
        rows.push((label, value.map(number), &body.number));
    }
    let ranked = book.outcome.ranking.len();
    for title in a.titles().iter() {
        let count = match title.count {
            TitleCount::Number(_) => String::new(),
            TitleCount::Share(x) => format!(
                " ({}% của {ranked} đơn vị được xếp hạng, làm tròn xuống, ít nhất 1)",
                plain(x)
            ),
        };
        let class = title.min_class.map_or(String::new(), |c| {
            format!(", xếp loại {} trở lên", a.class_label(c))
        });
        rows.push((
            format!("Số {} đề nghị{count}{class}", title.label),
            Some(title.count.positions(ranked) as f64),
            &body.integer,
        ));
    }
    let order = summary_order(book.outcome);
    let label_width: f64 = summary_widths(book, &order)[usize::from(S_CODE)..usize::from(P_VALUE)]
        .iter()
        .sum();
    for (k, (label, value, format)) in (1..).zip(rows) {
        let row = p.title + k;
        ws.merge_range(row, S_CODE, row, P_VALUE - 1, &label, &body.wrap)?;
        ws.set_row_height(row, row_points(lines_needed(&label, label_width, false)))?;
        match value {
            Some(v) => ws.write_number_with_format(row, P_VALUE, v, format)?,
            None => ws.write_blank(row, P_VALUE, format)?,
        };
    }
    let rule = "Đề nghị theo vị trí xếp hạng, lần lượt từng hình thức, nếu đơn vị đạt xếp loại \
                tối thiểu của hình thức đó; các đơn vị bằng điểm nằm vắt qua một ngưỡng đề nghị \
                thì đề nghị Hội nghị biểu quyết.";
    let note = if class_formula(a) {
        format!(
            "Xếp hạng, xếp loại và đề nghị khen thưởng được tính bằng công thức từ Tổng điểm và \
             các tham số trên (xếp loại, hình thức khen thưởng riêng của giao ước: trang Xếp loại, \
             Khen thưởng). {rule}"
        )
    } else {
        format!(
            "Xếp hạng và đề nghị khen thưởng được tính bằng công thức từ Tổng điểm và các tham số \
             trên (xếp loại, hình thức khen thưởng riêng của giao ước: trang Xếp loại, Khen thưởng). \
             Xếp loại được ghi bằng giá trị do chương trình tính, không phải công thức, vì có xếp \
             loại đòi hỏi mỗi tiêu chí đạt tối thiểu một tỷ lệ điểm chuẩn của tiêu chí: sửa điểm \
             trong bảng này thì xếp loại không tự tính lại. {rule}"
        )
    };
    let note = note.as_str();
    let row = p.last();
    ws.merge_range(row, S_CODE, row, S_STATUS, note, &st.note)?;
    let width: f64 = summary_note_width(book);
    ws.set_row_height(row, row_points(lines_needed(note, width, false)))?;
    Ok(())
}

/// "vị trí 2 đến 3 được đề nghị Bằng khen nếu xếp loại Xuất sắc hoặc Tốt",
/// for positions `first..=last`.
fn proposal_rule(first: u32, last: u32, award: &str, classes: &str) -> String {
    if last < first {
        format!("không đề nghị {award}")
    } else if last == first {
        format!("vị trí {first} được đề nghị {award} nếu xếp loại {classes}")
    } else {
        format!("vị trí {first} đến {last} được đề nghị {award} nếu xếp loại {classes}")
    }
}

/// The width, in characters, of the note under the parameters (columns B to K).
fn summary_note_width(book: &Book) -> f64 {
    let order = summary_order(book.outcome);
    summary_widths(book, &order)[usize::from(S_CODE)..=usize::from(S_STATUS)]
        .iter()
        .sum()
}

/// Builds the rank, classification and proposal formulas of a ranked row,
/// over the ranked rows `first..=last` of `Tổng hợp` and the parameters.
///
/// Totals are compared rounded to 2 decimals (the pipeline's totals are
/// exact hundredths; the sums in a spreadsheet are binary fractions).
/// - Rank: 1 + the number of greater totals (1, 2, 2, 4).
/// - Position: the rank + the tied units earlier in the `Đơn vị` order
///   (hidden column `Thứ tự trong danh sách đơn vị`).
/// - Classification: total × 100 ≥ threshold × base maximum, as the pipeline
///   compares, without dividing.
/// - Proposal: a tie group (positions rank .. rank + tied − 1) straddling F
///   or F + B gives Biểu quyết to each member eligible for a proposal its
///   positions cover; otherwise by the unit's own position.
struct RankFormulas<'p> {
    params: &'p Parameters,
    first: RowNum,
    last: RowNum,
}

impl RankFormulas<'_> {
    /// The rounded totals of the ranked rows, as a range expression.
    fn totals(&self) -> String {
        format!(
            "ROUND({}:{},2)",
            row_col_to_cell_absolute(self.first, S_TOTAL),
            row_col_to_cell_absolute(self.last, S_TOTAL)
        )
    }

    fn own_total(row: RowNum) -> String {
        format!("ROUND({},2)", cell_abs_col(row, S_TOTAL))
    }

    fn rank(&self, row: RowNum) -> String {
        format!(
            "SUMPRODUCT(({}>{})*1)+1",
            self.totals(),
            Self::own_total(row)
        )
    }

    fn position(&self, row: RowNum) -> String {
        format!(
            "{}+SUMPRODUCT(({}={})*({}:{}<{}))",
            cell_abs_col(row, S_RANK),
            self.totals(),
            Self::own_total(row),
            row_col_to_cell_absolute(self.first, S_ORDER),
            row_col_to_cell_absolute(self.last, S_ORDER),
            cell_abs_col(row, S_ORDER)
        )
    }

    fn tied(&self, row: RowNum) -> String {
        format!("SUMPRODUCT(({}={})*1)", self.totals(), Self::own_total(row))
    }

    fn classification(&self, row: RowNum) -> String {
        let p = self.params;
        let base = p.base();
        let reaches = |threshold: String| {
            format!(
                "AND({base}>0,ROUND({}*100,4)>=ROUND({threshold}*{base},4))",
                Self::own_total(row)
            )
        };
        format!(
            "IF({},\"Xuất sắc\",IF({},\"Tốt\",IF({},\"Khá\",\"Chưa đạt\")))",
            reaches(p.excellent()),
            reaches(p.good()),
            reaches(p.fair())
        )
    }

    fn proposal(&self, row: RowNum) -> String {
        let p = self.params;
        let (f, b) = (p.flags(), p.certificates());
        let c = format!("({f}+{b})");
        let rank = cell_abs_col(row, S_RANK);
        let end = format!("({rank}+{}-1)", cell_abs_col(row, S_TIED));
        let position = cell_abs_col(row, S_POSITION);
        let class = cell_abs_col(row, S_CLASS);
        let excellent = format!("{class}=\"Xuất sắc\"");
        let good_or_better = format!("OR({class}=\"Xuất sắc\",{class}=\"Tốt\")");
        let straddles =
            format!("OR(AND({f}>0,{rank}<={f},{f}<{end}),AND({b}<>0,{rank}<={c},{c}<{end}))");
        let eligible =
            format!("OR(AND({rank}<={f},{excellent}),AND({end}>{f},{rank}<={c},{good_or_better}))");
        let by_position = format!(
            "IF({position}<={f},IF({excellent},\"Cờ thi đua\",\"\"),IF({position}<={c},IF({good_or_better},\"Bằng khen\",\"\"),\"\"))"
        );
        format!("IF({straddles},IF({eligible},\"Biểu quyết\",\"\"),{by_position})")
    }
}

/// A text as an Excel string literal.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

impl RankFormulas<'_> {
    /// The cluster's own classes (no floors): the first class whose minimum
    /// (points, in the parameters block) the total reaches; the catch-all
    /// row's label, else empty.
    fn own_classification(
        &self,
        row: RowNum,
        rules: &[crate::model::classes::ClassRule],
    ) -> String {
        let total = Self::own_total(row);
        let mut chain = String::new();
        let mut open = 0;
        let mut last = quoted("");
        for (k, rule) in rules.iter().enumerate() {
            if rule.minimum.is_some() {
                let minimum = self.params.cell(2 + k as RowNum);
                chain.push_str(&format!(
                    "IF(ROUND({total}*100,4)>=ROUND({minimum}*100,4),{},",
                    quoted(&rule.label)
                ));
                open += 1;
            } else {
                last = quoted(&rule.label);
                break;
            }
        }
        format!("{chain}{last}{}", ")".repeat(open))
    }

    /// The cluster's own titles, each with its number of positions in the
    /// parameters block and its minimum class: by position, or Biểu quyết
    /// for a tie group straddling any title's last position, for each
    /// member eligible for a title whose positions the group covers.
    fn own_proposal(
        &self,
        row: RowNum,
        classes: &[crate::model::classes::ClassRule],
        titles: &[crate::model::classes::TitleRule],
    ) -> String {
        let first_title = 2 + classes.len() as RowNum;
        let count = |k: usize| self.params.cell(first_title + k as RowNum);
        let cut = |k: usize| {
            let parts: Vec<String> = (0..k).map(count).collect();
            if parts.is_empty() {
                "0".to_string()
            } else {
                format!("({})", parts.join("+"))
            }
        };
        let rank = cell_abs_col(row, S_RANK);
        let end = format!("({rank}+{}-1)", cell_abs_col(row, S_TIED));
        let position = cell_abs_col(row, S_POSITION);
        let class = cell_abs_col(row, S_CLASS);
        let at_least = |t: &crate::model::classes::TitleRule| match t.min_class {
            None => "TRUE".to_string(),
            Some(m) => {
                let options: Vec<String> = classes
                    .iter()
                    .take(m.0 + 1)
                    .map(|r| format!("{class}={}", quoted(&r.label)))
                    .collect();
                format!("OR({})", options.join(","))
            }
        };
        let straddles: Vec<String> = (1..=titles.len())
            .map(|k| {
                let c = cut(k);
                format!("AND({c}>0,{rank}<={c},{c}<{end})")
            })
            .collect();
        let eligible: Vec<String> = titles
            .iter()
            .enumerate()
            .map(|(k, t)| {
                format!(
                    "AND({}>0,{rank}<={},{end}>{},{})",
                    count(k),
                    cut(k + 1),
                    cut(k),
                    at_least(t)
                )
            })
            .collect();
        let mut by_position = String::new();
        for (k, t) in titles.iter().enumerate() {
            by_position.push_str(&format!(
                "IF({position}<={},IF({},{},\"\"),",
                cut(k + 1),
                at_least(t),
                quoted(&t.label)
            ));
        }
        by_position.push_str("\"\"");
        by_position.push_str(&")".repeat(titles.len()));
        if titles.is_empty() {
            return "\"\"".to_string();
        }
        format!(
            "IF(OR({}),IF(OR({}),{},\"\"),{by_position})",
            straddles.join(","),
            eligible.join(","),
            quoted(crate::model::classes::VOTE_LABEL)
        )
    }
}

/// A cell with its column absolute ($E8): the formulas are copied down rows.
fn cell_abs_col(row: RowNum, col: ColNum) -> String {
    let cell = row_col_to_cell_absolute(row, col);
    // $E$8 -> $E8
    match cell.rfind('$') {
        Some(at) if at > 0 => format!("{}{}", &cell[..at], &cell[at + 1..]),
        _ => cell,
    }
}

/// Column widths of `Tổng hợp`: fixed for numbers, fitted for names and statuses.
fn summary_widths(book: &Book, order: &[usize]) -> Vec<f64> {
    let units = &book.outcome.units;
    let codes = order.iter().map(|&i| units[i].code.as_str());
    let names = order
        .iter()
        .map(|&i| book.agreement().units[i].display_name());
    let classes = order.iter().filter_map(|&i| {
        units[i]
            .classification
            .map(|c| book.agreement().class_label(c))
    });
    let statuses: Vec<String> = order.iter().map(|&i| book.status_text(i)).collect();
    vec![
        5.0,
        fit_width(codes, 6.0, 12.0),
        fit_width(names, 14.0, 36.0),
        9.5,
        9.5,
        9.5,
        11.0,
        8.5,
        fit_width(classes, 9.0, 16.0),
        12.0,
        fit_width(statuses.iter().map(String::as_str), 12.0, 30.0),
    ]
}

/// Ranked units in rank order, then the others in `Đơn vị` order.
fn summary_order(outcome: &Outcome) -> Vec<usize> {
    let mut ranked = vec![false; outcome.units.len()];
    for &i in &outcome.ranking {
        ranked[i] = true;
    }
    let unranked = (0..outcome.units.len()).filter(|&i| !ranked[i]);
    outcome.ranking.iter().copied().chain(unranked).collect()
}

/// "Hội nghị tổng kết tại <place>, ngày dd/mm/yyyy", as far as the agreement tells.
fn conference_line(info: &AgreementInfo) -> Option<String> {
    let place = info
        .place
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    match (place, info.conference_date) {
        (Some(p), Some(d)) => Some(format!("Hội nghị tổng kết tại {p}, ngày {}", date_text(d))),
        (Some(p), None) => Some(format!("Hội nghị tổng kết tại {p}")),
        (None, Some(d)) => Some(format!("Hội nghị tổng kết ngày {}", date_text(d))),
        (None, None) => None,
    }
}

/// One unit's row of `Tổng hợp`: totals as formulas over the unit's sheet.
fn write_summary_row(
    ws: &mut Worksheet,
    book: &Book,
    (position, unit): (usize, usize),
    widths: &[f64],
    formulas: &RankFormulas,
) -> Result<(), XlsxError> {
    let row = summary_row(position);
    let st = &book.styles.body;
    let result = &book.outcome.units[unit];
    let mut cells = TableRow::new(ws, row);
    cells.fill(S_STT, S_STATUS, &st.text);
    cells.number(S_STT, (position + 1) as f64, &st.center)?;
    cells.text(S_CODE, &result.code, &st.text)?;
    cells.text(
        S_NAME,
        book.agreement().units[unit].display_name(),
        &st.wrap,
    )?;
    let total = result.total.filter(|_| is_scored(result));
    if let (Some(total), Some(source)) = (total, book.score_ref(unit, book.lines.total)) {
        cells.formula(S_TOTAL, &source, total, &st.score)?;
        let total_cell = row_col_to_cell(row, S_TOTAL);
        if let Some(own) = result.self_total {
            if book.has_unit_sheets() {
                let total_row = UNIT_FIRST + book.lines.total as RowNum;
                let source = book.unit_cell(unit, total_row, U_SELF);
                cells.formula(S_SELF, &source, own, &st.score)?;
            } else {
                cells.number(S_SELF, number(own), &st.score)?;
            }
            let formula = format!("{total_cell}-{}", row_col_to_cell(row, S_SELF));
            cells.formula(S_DIFF, &formula, total - own, &st.score)?;
        }
        let base_max = book.agreement().base_max();
        if !base_max.is_zero() {
            let formula = format!("{total_cell}/{}", formulas.params.base());
            cells.formula(S_PERCENT, &formula, total / base_max, &st.percent)?;
        }
        match result.rank {
            Some(rank) => write_ranking(
                &mut cells,
                book,
                (position, unit),
                (rank, result.classification),
                formulas,
            )?,
            None => write_ranking_values(&mut cells, book, result)?,
        }
    } else {
        write_ranking_values(&mut cells, book, result)?;
    }
    let status = book.status_text(unit);
    cells.text(S_STATUS, &status, &st.wrap)?;
    let previous_lines = match &book.outcome.previous {
        Some(previous) => write_previous(&mut cells, book, previous, unit)?,
        None => String::new(),
    };
    cells.finish()?;
    let name = book.agreement().units[unit].display_name();
    let wrapped = [
        (name, widths[usize::from(S_NAME)]),
        (status.as_str(), widths[usize::from(S_STATUS)]),
        (
            previous_lines.as_str(),
            widths
                .get(usize::from(S_PREV_TOTAL))
                .copied()
                .unwrap_or(10.0),
        ),
    ];
    fit_row(ws, row, &wrapped, false)
}

/// Whether the agreement has section 5's classes and titles (the
/// parameters block and formulas of section 5), not the cluster's own
/// (sheets `Xếp loại`, `Khen thưởng`).
fn live_rules(agreement: &crate::model::Agreement) -> bool {
    !agreement.has_own_classes() && !agreement.has_own_titles()
}

/// Whether the classification can be a formula: no class has a floor for
/// each criterion (a formula over the totals cannot see the criteria).
fn class_formula(agreement: &crate::model::Agreement) -> bool {
    agreement.classes().iter().all(|r| r.floor.is_none())
}

/// A row's rank, classification and proposal as values.
fn write_ranking_values<'f>(
    cells: &mut TableRow<'_, 'f>,
    book: &'f Book,
    result: &crate::model::UnitResult,
) -> Result<(), XlsxError> {
    let st = &book.styles.body;
    let a = book.agreement();
    if let Some(rank) = result.rank {
        cells.number(S_RANK, f64::from(rank), &st.center)?;
    }
    if let Some(c) = result.classification {
        cells.text(S_CLASS, a.class_label(c), &st.center)?;
    }
    if let Some(p) = result.proposal {
        cells.text(S_PROPOSAL, a.proposal_label(p), &st.center)?;
    }
    Ok(())
}

/// A ranked row's rank, classification and proposal as formulas with the
/// pipeline's values, and the hidden columns they read (the unit's place in
/// the `Đơn vị` order, its position, the size of its tie group).
fn write_ranking<'f>(
    cells: &mut TableRow<'_, 'f>,
    book: &'f Book,
    (position, unit): (usize, usize),
    (rank, class): (u32, Option<crate::model::Classification>),
    formulas: &RankFormulas,
) -> Result<(), XlsxError> {
    let a = book.agreement();
    let st = &book.styles.body;
    let row = cells.row();
    let outcome = book.outcome;
    let total = outcome.units[unit].total;
    let tied = outcome
        .ranking
        .iter()
        .filter(|&&i| outcome.units[i].total == total)
        .count();
    let int = |x: usize| Decimal::from(x as u64);
    cells.formula(S_RANK, &formulas.rank(row), Decimal::from(rank), &st.center)?;
    let label = class.map_or("", |c| a.class_label(c));
    if live_rules(a) {
        cells.formula_text(S_CLASS, &formulas.classification(row), label, &st.center)?;
    } else if class_formula(a) {
        let f = formulas.own_classification(row, &a.classes());
        cells.formula_text(S_CLASS, &f, label, &st.center)?;
    } else if !label.is_empty() {
        cells.text(S_CLASS, label, &st.center)?;
    }
    let proposal = outcome.units[unit]
        .proposal
        .map_or("", |p| a.proposal_label(p));
    let f = if live_rules(a) {
        formulas.proposal(row)
    } else {
        formulas.own_proposal(row, &a.classes(), &a.titles())
    };
    cells.formula_text(S_PROPOSAL, &f, proposal, &st.center)?;
    cells.number(S_ORDER, (unit + 1) as f64, &st.center)?;
    cells.formula(
        S_POSITION,
        &formulas.position(row),
        int(position + 1),
        &st.center,
    )?;
    cells.formula(S_TIED, &formulas.tied(row), int(tied), &st.center)?;
    Ok(())
}

/// Last year's total and rank of the unit, and the change, the change of
/// total as a formula over this year's total. A unit standing for several
/// of last year's units (a merger) gets each of their figures as a line
/// "TN: 93,79", and no change: they are never summed. Gives the text of
/// those lines (empty otherwise), for the row's height.
fn write_previous<'f>(
    cells: &mut TableRow<'_, 'f>,
    book: &'f Book,
    previous: &crate::model::previous::Previous,
    unit: usize,
) -> Result<String, XlsxError> {
    let st = &book.styles;
    let row = cells.row();
    cells.fill(S_PREV_TOTAL, S_CHANGE_RANK, &st.body.text);
    let result = &book.outcome.units[unit];
    let mut shown_lines = String::new();
    match previous.of(unit) {
        [] => {}
        [only] => {
            if let Some(total) = only.total {
                cells.number(S_PREV_TOTAL, number(total), &st.body.score)?;
            }
            if let Some(rank) = only.rank {
                cells.number(S_PREV_RANK, f64::from(rank), &st.body.center)?;
            }
        }
        several => {
            let lines = |f: &dyn Fn(&crate::model::previous::PreviousFigure) -> String| {
                several
                    .iter()
                    .map(|p| format!("{}: {}", p.code, f(p)))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let total = lines(&|p| {
                p.total
                    .map_or("-".into(), |t| crate::model::numfmt::score(t, Lang::Vi))
            });
            let rank = lines(&|p| p.rank.map_or("-".into(), |r| r.to_string()));
            cells.text(S_PREV_TOTAL, &total, &st.body.wrap)?;
            cells.text(S_PREV_RANK, &rank, &st.body.wrap)?;
            shown_lines = total;
        }
    }
    let total = result.total.filter(|_| is_scored(result));
    if let Some(change) = previous.change(unit, total, result.rank) {
        if let Some(delta) = change.total {
            let formula = format!(
                "{}-{}",
                row_col_to_cell(row, S_TOTAL),
                row_col_to_cell(row, S_PREV_TOTAL)
            );
            cells.formula(S_CHANGE_TOTAL, &formula, delta, &st.signed)?;
        }
        if let Some(places) = change.rank {
            let formula = format!(
                "{}-{}",
                row_col_to_cell(row, S_PREV_RANK),
                row_col_to_cell(row, S_RANK)
            );
            cells.formula(
                S_CHANGE_RANK,
                &formula,
                Decimal::from(places),
                &st.signed_integer,
            )?;
        }
    }
    Ok(shown_lines)
}

/// Next year's head and deputy under the ranking.
fn write_next_year(ws: &mut Worksheet, book: &Book, row: RowNum) -> Result<(), XlsxError> {
    let info = &book.agreement().info;
    let who = |code: &str| match book.agreement().unit(code) {
        Some(u) => format!("{} ({code})", u.display_name()),
        None => code.to_string(),
    };
    let label = &book.styles.label;
    put_text(ws, row, S_CODE, &format!("Năm {}:", info.year + 1), label)?;
    put_text(
        ws,
        row + 1,
        S_CODE,
        &format!("Cụm trưởng: {}", who(&info.next_head)),
        &font(),
    )?;
    put_text(
        ws,
        row + 2,
        S_CODE,
        &format!("Cụm phó: {}", who(&info.next_deputy)),
        &font(),
    )?;
    Ok(())
}
