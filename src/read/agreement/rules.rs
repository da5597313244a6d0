//! The optional sheets of SPEC section 11: `Xếp loại` (the cluster's own
//! classes: label, minimum total in points or percent, per-criterion floor)
//! and `Khen thưởng` (titles in order: how many, or a share of the ranked
//! units, and a minimum class). A missing sheet means section 5's rules
//! (`None`); a sheet present but wrong is an agreement problem, located by
//! sheet and cell, and stops the run like every other (SPEC section 3):
//! a wrong rule would rank and propose wrongly in every output.

use super::{bad_value, find_sheet, within_limit, Header, Problems};
use crate::model::classes::{ClassRule, Classification, Minimum, TitleCount, TitleRule};
use crate::model::diagnostic::{Diagnostic, Kind, Reason};
use crate::read::cells::{self, CellNumber, PercentForm};
use crate::read::workbook::{cell_ref, Sheet, Workbook};
use crate::text::fold;
use rust_decimal::Decimal;

const CLASSES_SHEET: &str = "Xếp loại";
const TITLES_SHEET: &str = "Khen thưởng";

/// The rows under `header` holding anything, with their label (column
/// `label`) trimmed.
pub(crate) fn rows(header: &Header, sheet: &Sheet, label: u32) -> Vec<(u32, String)> {
    let last = sheet.last_row().unwrap_or(header.row);
    (header.row + 1..=last)
        .filter(|&r| {
            sheet
                .row(r)
                .iter()
                .any(|c| !cells::text(Some(c)).is_empty())
        })
        .map(|r| (r, cells::text(sheet.get(r, label))))
        .collect()
}

/// The `rows` whose label is written and not a repeat (folded) of one
/// above; a row without a label is `missing-code`, a repeat
/// `duplicate-code` naming the first, both located and left out.
pub(crate) fn labelled(
    rows: Vec<(u32, String)>,
    sheet: &Sheet,
    label_col: u32,
    problems: &mut Problems,
) -> Vec<(u32, String)> {
    let mut seen: Vec<(String, u32)> = Vec::new();
    let mut kept = Vec::new();
    for (row, label) in rows {
        if label.is_empty() {
            problems.push(sheet, row, label_col, Diagnostic::new(Kind::MissingCode));
            continue;
        }
        let key = fold(&label);
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            let d = Diagnostic::new(Kind::DuplicateCode)
                .found(label.clone())
                .expected(cell_ref(*first, label_col));
            problems.push(sheet, row, label_col, d);
            continue;
        }
        seen.push((key, row));
        kept.push((row, label));
    }
    kept
}

/// The sheet's header, or a located problem.
fn header(
    sheet: &Sheet,
    key: &str,
    label: &str,
    what: &str,
    problems: &mut Problems,
) -> Option<Header> {
    let header = Header::find(sheet, key);
    if header.is_none() {
        problems.list.push(rules_header(
            sheet,
            label,
            what,
            Reason::NoHeaderRow,
            problems.file,
        ));
    }
    header
}

fn rules_header(sheet: &Sheet, label: &str, what: &str, reason: Reason, file: &str) -> Diagnostic {
    Diagnostic::new(Kind::RulesHeader)
        .file(file)
        .sheet(sheet.name.clone())
        .found(sheet.name.clone())
        .expected(label)
        .criterion(what)
        .reason(reason)
}

/// A percentage as the user sees it (a cell showing 85% means 85; where
/// the file does not tell the format, a bare fraction 0.85 means 85 %).
fn percent_of(n: cells::Number) -> Decimal {
    cells::as_percent(n, Some(Decimal::ONE_HUNDRED)).0
}

/// Reads a percentage from 0 to 100 (above 0 when `positive`).
fn percent_cell(
    sheet: &Sheet,
    row: u32,
    col: u32,
    positive: bool,
    problems: &mut Problems,
) -> Option<Decimal> {
    let cell = sheet.get(row, col)?;
    match cells::number(Some(cell)) {
        CellNumber::Empty => None,
        CellNumber::Number(n) if within_limit(n.value) => {
            let p = percent_of(n);
            let low_ok = if positive {
                p > Decimal::ZERO
            } else {
                p >= Decimal::ZERO
            };
            if low_ok && p <= Decimal::ONE_HUNDRED {
                Some(p)
            } else {
                problems.push(sheet, row, col, bad_value(cell, Reason::APercentage));
                None
            }
        }
        CellNumber::Number(_) => {
            problems.push(sheet, row, col, bad_value(cell, Reason::NumberTooLarge));
            None
        }
        CellNumber::Invalid(_) => {
            problems.push(sheet, row, col, bad_value(cell, Reason::NotANumber));
            None
        }
    }
}

/// A class's minimum: points, or percent when written with `%` (a percent
/// format, a `%` sign; where the file does not tell the format, a bare
/// fraction up to 1, since no class starts at 0.9 points).
fn minimum_cell(sheet: &Sheet, row: u32, col: u32, problems: &mut Problems) -> Option<Minimum> {
    let cell = sheet.get(row, col)?;
    match cells::number(Some(cell)) {
        CellNumber::Empty => None,
        CellNumber::Number(n) if within_limit(n.value) && n.value >= Decimal::ZERO => {
            let fraction = n.value > Decimal::ZERO && n.value <= Decimal::ONE;
            let percent = match n.percent {
                PercentForm::FractionShownAsPercent | PercentForm::TextWithSign => true,
                PercentForm::Unknown => fraction,
                PercentForm::Plain => false,
            };
            if !percent {
                return Some(Minimum::Points(n.value));
            }
            let p = percent_of(n);
            if p <= Decimal::ONE_HUNDRED {
                Some(Minimum::Percent(p))
            } else {
                problems.push(sheet, row, col, bad_value(cell, Reason::APercentage));
                None
            }
        }
        CellNumber::Number(n) => {
            let reason = if within_limit(n.value) {
                Reason::NotANumber
            } else {
                Reason::NumberTooLarge
            };
            problems.push(sheet, row, col, bad_value(cell, reason));
            None
        }
        CellNumber::Invalid(_) => {
            problems.push(sheet, row, col, bad_value(cell, Reason::NotANumber));
            None
        }
    }
}

/// A class row as read, with where its minimum is, for the order check.
pub(super) struct ClassRow {
    pub rule: ClassRule,
    row: u32,
    minimum_col: Option<u32>,
    /// Whether the minimum cell held something (read or not).
    written: bool,
}

/// Reads the `Xếp loại` sheet, if there is one: `None` when absent.
pub(super) fn read_classes(workbook: &Workbook, problems: &mut Problems) -> Option<Vec<ClassRow>> {
    let sheet = find_sheet(workbook, CLASSES_SHEET)?;
    let Some(header) = header(sheet, "xep loai", "Xếp loại", "xếp loại", problems) else {
        return Some(Vec::new());
    };
    let label_col = header.column(&["xep loai"]).unwrap_or(0);
    let minimum_col = header.column(&["toi thieu", "diem toi thieu", "muc toi thieu"]);
    let floor_col = header.column(&["moi tieu chi toi thieu", "tieu chi toi thieu"]);
    let rows = rows(&header, sheet, label_col);
    if rows.is_empty() {
        problems.list.push(rules_header(
            sheet,
            "Xếp loại",
            "xếp loại",
            Reason::NoRows,
            problems.file,
        ));
    }
    let mut list = Vec::new();
    for (row, label) in labelled(rows, sheet, label_col, problems) {
        let written = minimum_col.is_some_and(|c| !cells::text(sheet.get(row, c)).is_empty());
        let minimum = minimum_col.and_then(|c| minimum_cell(sheet, row, c, problems));
        let floor = floor_col.and_then(|c| percent_cell(sheet, row, c, false, problems));
        list.push(ClassRow {
            rule: ClassRule {
                label,
                minimum,
                floor,
            },
            row,
            minimum_col,
            written,
        });
    }
    Some(list)
}

/// Checks that the classes go from the highest down: each minimum at most
/// the one before (percent converted with the base maximum), and no class
/// after a row that catches every total.
pub(super) fn check_class_order(
    workbook: &Workbook,
    rows: &[ClassRow],
    base_max: Decimal,
    problems: &mut Problems,
) {
    let Some(sheet) = find_sheet(workbook, CLASSES_SHEET) else {
        return;
    };
    let points = |m: Minimum| match m {
        Minimum::Points(p) => Some(p),
        Minimum::Percent(p) => p
            .checked_mul(base_max)
            .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED)),
    };
    let mut previous: Option<(Decimal, u32, u32)> = None;
    let mut catch_all: Option<u32> = None;
    for r in rows {
        let col = r.minimum_col.unwrap_or(0);
        let class_order = |reason| {
            Diagnostic::new(Kind::ClassOrder)
                .criterion(r.rule.label.clone())
                .reason(reason)
        };
        if let Some(at) = catch_all {
            let d = class_order(Reason::AfterCatchAll(cell_ref(at, col)));
            problems.push(sheet, r.row, col, d);
            continue;
        }
        match r.rule.minimum.and_then(points) {
            Some(value) => {
                if let Some((before, row, c)) = previous {
                    if value > before {
                        let d = class_order(Reason::MinimumAbovePrevious(cell_ref(row, c)));
                        problems.push(sheet, r.row, col, d);
                    }
                }
                previous = Some((value, r.row, col));
            }
            None if !r.written && r.rule.floor.is_none() => catch_all = Some(r.row),
            None => {}
        }
    }
}

/// Reads the `Khen thưởng` sheet, if there is one: `None` when absent.
/// `classes` are the agreement's classes, highest first, for `Xếp loại tối
/// thiểu`.
pub(super) fn read_titles(
    workbook: &Workbook,
    classes: &[ClassRule],
    problems: &mut Problems,
) -> Option<Vec<TitleRule>> {
    let sheet = find_sheet(workbook, TITLES_SHEET)?;
    let Some(header) = header(
        sheet,
        "hinh thuc",
        "Hình thức",
        "hình thức khen thưởng",
        problems,
    ) else {
        return Some(Vec::new());
    };
    let label_col = header.column(&["hinh thuc"]).unwrap_or(0);
    let number_col = header.column(&["so luong"]);
    let share_col = header.column(&["ty le"]);
    let class_col = header.column(&["xep loai toi thieu"]);
    let rows = rows(&header, sheet, label_col);
    if rows.is_empty() {
        let d = rules_header(
            sheet,
            "Hình thức",
            "hình thức khen thưởng",
            Reason::NoRows,
            problems.file,
        );
        problems.list.push(d);
    }
    let mut list = Vec::new();
    for (row, label) in labelled(rows, sheet, label_col, problems) {
        let filled = |c: Option<u32>| c.filter(|&c| !cells::text(sheet.get(row, c)).is_empty());
        let count = match (filled(number_col), filled(share_col)) {
            (Some(c), None) => {
                let cell = sheet.get(row, c);
                let n = cell.and_then(|cell| match cells::number(Some(cell)) {
                    CellNumber::Number(n) if n.value.fract().is_zero() => {
                        u32::try_from(n.value).ok()
                    }
                    _ => None,
                });
                if n.is_none() {
                    if let Some(cell) = cell {
                        problems.push(sheet, row, c, bad_value(cell, Reason::NotAWholeNumber));
                    }
                }
                n.map(TitleCount::Number)
            }
            (None, Some(c)) => percent_cell(sheet, row, c, true, problems).map(TitleCount::Share),
            (n, _) => {
                let reason = if n.is_some() {
                    Reason::BothCounts
                } else {
                    Reason::NoCount
                };
                let col = n.or(number_col).or(share_col).unwrap_or(label_col);
                let d = Diagnostic::new(Kind::TitleCount)
                    .criterion(label.clone())
                    .reason(reason);
                problems.push(sheet, row, col, d);
                None
            }
        };
        let min_class = match class_col.map(|c| (c, cells::text(sheet.get(row, c)))) {
            Some((c, text)) if !text.is_empty() => {
                let key = fold(&text);
                let found = classes.iter().position(|r| fold(&r.label) == key);
                if found.is_none() {
                    let labels: Vec<&str> = classes.iter().map(|r| r.label.as_str()).collect();
                    let d = Diagnostic::new(Kind::UnknownClass)
                        .found(text.clone())
                        .expected(labels.join(", "));
                    problems.push(sheet, row, c, d);
                }
                found.map(Classification)
            }
            _ => None,
        };
        if let Some(count) = count {
            list.push(TitleRule {
                label,
                count,
                min_class,
            });
        }
    }
    Some(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::workbook::{Cell, Value};

    enum V {
        T(&'static str),
        N(f64),
        P(f64),
    }

    fn sheet(name: &str, rows: &[&[Option<V>]]) -> Sheet {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (value, percent) = match v {
                    None => continue,
                    Some(V::T(s)) => (Value::Text((*s).into()), None),
                    Some(V::N(x)) => (Value::Number(*x), Some(false)),
                    Some(V::P(x)) => (Value::Number(*x), Some(true)),
                };
                cells.push(Cell {
                    row: r as u32,
                    col: c as u32,
                    value,
                    percent,
                });
            }
        }
        Sheet::new(name.into(), cells, Vec::new())
    }

    fn book(sheets: Vec<Sheet>) -> Workbook {
        Workbook {
            sheets,
            font_names: Vec::new(),
        }
    }

    use V::{N, P, T};

    fn classes_sheet(rows: Vec<[Option<V>; 3]>) -> Sheet {
        let mut all: Vec<Vec<Option<V>>> = vec![vec![
            Some(T("Xếp loại")),
            Some(T("Tối thiểu")),
            Some(T("Mỗi tiêu chí tối thiểu")),
        ]];
        all.extend(rows.into_iter().map(|r| r.into_iter().collect()));
        let refs: Vec<&[Option<V>]> = all.iter().map(|r| r.as_slice()).collect();
        sheet("Xếp loại", &refs)
    }

    fn read(workbook: &Workbook) -> (Option<Vec<ClassRule>>, Vec<Diagnostic>) {
        let mut problems = Problems {
            file: "giao-uoc.xlsx",
            list: Vec::new(),
        };
        let rows = read_classes(workbook, &mut problems);
        if let Some(rows) = &rows {
            check_class_order(workbook, rows, Decimal::from(90), &mut problems);
        }
        (
            rows.map(|rows| rows.into_iter().map(|r| r.rule).collect()),
            problems.list,
        )
    }

    fn d(x: i64) -> Decimal {
        Decimal::from(x)
    }

    #[test]
    fn no_sheet_means_the_default_classes() {
        let (rules, problems) = read(&book(Vec::new()));
        assert!(rules.is_none() && problems.is_empty());
    }

    #[test]
    fn points_percent_and_floors_are_read_as_the_user_sees_them() {
        let wb = book(vec![classes_sheet(vec![
            [Some(T("TSVM xuất sắc")), Some(N(81.0)), Some(P(0.85))],
            [Some(T("TSVM tiên tiến")), Some(T("78%")), Some(N(50.0))],
            [Some(T("TSVM")), Some(P(0.5)), None],
            [Some(T("Yếu")), None, None],
        ])]);
        let (rules, problems) = read(&wb);
        assert!(problems.is_empty(), "{problems:?}");
        let rules = rules.unwrap();
        assert_eq!(rules[0].minimum, Some(Minimum::Points(d(81))));
        assert_eq!(rules[0].floor, Some(d(85)));
        assert_eq!(rules[1].minimum, Some(Minimum::Percent(d(78))));
        assert_eq!(rules[1].floor, Some(d(50)));
        assert_eq!(rules[2].minimum, Some(Minimum::Percent(d(50))));
        assert_eq!(rules[3].minimum, None);
    }

    #[test]
    fn minima_out_of_order_and_rows_after_a_catch_all_are_located_errors() {
        let wb = book(vec![classes_sheet(vec![
            [Some(T("A")), Some(N(71.0)), None],
            [Some(T("B")), Some(N(81.0)), None],
            [Some(T("C")), None, None],
            [Some(T("D")), Some(N(10.0)), None],
        ])]);
        let (_, problems) = read(&wb);
        let found: Vec<(Kind, Option<&str>)> = problems
            .iter()
            .map(|p| (p.kind, p.cell.as_deref()))
            .collect();
        assert_eq!(
            found,
            vec![
                (Kind::ClassOrder, Some("B3")),
                (Kind::ClassOrder, Some("B5"))
            ]
        );
        assert!(problems
            .iter()
            .all(|p| p.severity() == crate::model::diagnostic::Severity::Error));
        // 90 % of a 90-point base is 81: above 78 points before it.
        let wb = book(vec![classes_sheet(vec![
            [Some(T("A")), Some(N(78.0)), None],
            [Some(T("B")), Some(T("90%")), None],
        ])]);
        assert_eq!(read(&wb).1[0].kind, Kind::ClassOrder);
    }

    #[test]
    fn unreadable_numbers_and_a_missing_header_are_located() {
        let wb = book(vec![classes_sheet(vec![
            [Some(T("A")), Some(T("tám mươi")), Some(N(120.0))],
            [Some(T("B")), None, None],
        ])]);
        let (_, problems) = read(&wb);
        let found: Vec<(Kind, Option<&str>)> = problems
            .iter()
            .map(|p| (p.kind, p.cell.as_deref()))
            .collect();
        assert_eq!(
            found,
            vec![(Kind::BadValue, Some("B2")), (Kind::BadValue, Some("C2"))]
        );
        let wb = book(vec![sheet("Xếp loại", &[&[Some(T("Loại")), Some(N(1.0))]])]);
        let (_, problems) = read(&wb);
        assert_eq!(problems[0].kind, Kind::RulesHeader);
        assert_eq!(problems[0].sheet.as_deref(), Some("Xếp loại"));
    }

    fn titles(rows: &[&[Option<V>]]) -> (Option<Vec<TitleRule>>, Vec<Diagnostic>) {
        let mut all: Vec<&[Option<V>]> = vec![&[
            Some(T("Hình thức")),
            Some(T("Số lượng")),
            Some(T("Tỷ lệ")),
            Some(T("Xếp loại tối thiểu")),
        ]];
        all.extend_from_slice(rows);
        let wb = book(vec![sheet("Khen thưởng", &all)]);
        let classes: Vec<ClassRule> = ["Xuất sắc", "Tốt", "Khá", "Chưa đạt"]
            .iter()
            .map(|l| ClassRule {
                label: (*l).into(),
                minimum: None,
                floor: None,
            })
            .collect();
        let mut problems = Problems {
            file: "giao-uoc.xlsx",
            list: Vec::new(),
        };
        let rules = read_titles(&wb, &classes, &mut problems);
        (rules, problems.list)
    }

    #[test]
    fn titles_take_a_number_or_a_share_and_a_class_label() {
        let (rules, problems) = titles(&[
            &[
                Some(T("Cờ thi đua")),
                Some(N(2.0)),
                None,
                Some(T("xuất sắc")),
            ],
            &[Some(T("Bằng khen")), None, Some(P(0.2)), Some(T("Tốt"))],
            &[Some(T("Giấy khen")), None, Some(T("30%")), None],
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let rules = rules.unwrap();
        assert_eq!(rules[0].count, TitleCount::Number(2));
        assert_eq!(rules[0].min_class, Some(Classification(0)));
        assert_eq!(rules[1].count, TitleCount::Share(d(20)));
        assert_eq!(rules[1].min_class, Some(Classification(1)));
        assert_eq!(rules[2].count, TitleCount::Share(d(30)));
        assert_eq!(rules[2].min_class, None);
    }

    #[test]
    fn neither_or_both_counts_and_an_unknown_class_are_located_errors() {
        let (_, problems) = titles(&[
            &[Some(T("Cờ thi đua")), None, None, Some(T("Xuất sắc"))],
            &[
                Some(T("Bằng khen")),
                Some(N(1.0)),
                Some(N(20.0)),
                Some(T("Tốt")),
            ],
            &[Some(T("Giấy khen")), Some(N(1.0)), None, Some(T("Giỏi"))],
            &[Some(T("Khen")), Some(N(1.5)), None, None],
        ]);
        let found: Vec<(Kind, Option<&str>)> = problems
            .iter()
            .map(|p| (p.kind, p.cell.as_deref()))
            .collect();
        assert_eq!(
            found,
            vec![
                (Kind::TitleCount, Some("B2")),
                (Kind::TitleCount, Some("B3")),
                (Kind::UnknownClass, Some("D4")),
                (Kind::BadValue, Some("B5")),
            ]
        );
        assert_eq!(problems[1].reason, Some(Reason::BothCounts));
    }
}
