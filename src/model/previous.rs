//! Last year's results (SPEC section 11, "Next year"): the figures of the
//! previous year's `ket-qua-<Năm−1>.json`, matched to this year's units
//! (by code, and through the `Mã cũ` column of `Đơn vị` for units renamed
//! or merged), and how they are shown beside this year's.
//!
//! A unit matched to several previous units (a merger: `Mã cũ` = `TN;BK`)
//! shows each of them; their totals are never added up, and no change is
//! computed for it. Plain data, no I/O: `read::previous` reads the file.

use super::lang::Lang;
use super::numfmt;
use rust_decimal::Decimal;

/// The folder of the working folder that holds last year's results.
pub const FOLDER: &str = "truoc";

/// The name of a year's results file: `ket-qua-<year>.json`.
pub fn file_name(year: i64) -> String {
    format!("ket-qua-{year}.json")
}

/// One previous unit's figures, as last year's JSON gave them.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousFigure {
    /// The unit's code last year.
    pub code: String,
    /// Last year's total (null there when the unit was not scored).
    pub total: Option<Decimal>,
    /// Last year's rank (null there when the unit was not ranked).
    pub rank: Option<u32>,
}

/// Last year's results, matched to this year's units.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    /// The year of the results (this year − 1).
    pub year: i32,
    /// The file read, as shown to users.
    pub file: String,
    /// The file read, as found (for the run record).
    pub path: std::path::PathBuf,
    /// One list per unit of this year's agreement, in `Đơn vị` order: the
    /// previous units it stands for that last year's results hold.
    pub figures: Vec<Vec<PreviousFigure>>,
}

/// How a unit did compared with last year: the change of total and of rank,
/// where there is exactly one previous unit to compare with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// This year's total minus last year's.
    pub total: Option<Decimal>,
    /// Places gained (last year's rank minus this year's): positive is better.
    pub rank: Option<i64>,
}

impl Previous {
    /// The previous figures of the unit at `index` (empty when none).
    pub fn of(&self, index: usize) -> &[PreviousFigure] {
        self.figures.get(index).map_or(&[], Vec::as_slice)
    }

    /// The change of the unit at `index`, with this year's total and rank;
    /// None unless it stands for exactly one previous unit (a merged unit's
    /// figures are shown as they are, never summed).
    pub fn change(
        &self,
        index: usize,
        total: Option<Decimal>,
        rank: Option<u32>,
    ) -> Option<Change> {
        let [before] = self.of(index) else {
            return None;
        };
        let total = match (total, before.total) {
            (Some(now), Some(then)) => now.checked_sub(then),
            _ => None,
        };
        let rank = match (rank, before.rank) {
            (Some(now), Some(then)) => Some(i64::from(then) - i64::from(now)),
            _ => None,
        };
        (total.is_some() || rank.is_some()).then_some(Change { total, rank })
    }
}

/// A previous total and rank in a few characters: "93,25 (1)"; "-" for
/// what is not known. With `code`, the previous unit's code first ("BK
/// 85,00 (4)"), as for a merged unit's figures.
pub fn figure_text(figure: &PreviousFigure, with_code: bool, lang: Lang) -> String {
    let total = figure
        .total
        .map_or_else(|| "-".to_string(), |t| numfmt::score(t, lang));
    let rank = figure
        .rank
        .map_or_else(|| "-".to_string(), |r| r.to_string());
    if with_code {
        format!("{} {total} ({rank})", figure.code)
    } else {
        format!("{total} ({rank})")
    }
}

/// A unit's previous figures in one line: "93,25 (1)" when it stands for
/// its own unit of last year alone, each with its code when it stands for
/// another or several ("TN 90,50 (2); BK 85,00 (4)"); empty when none.
pub fn figures_text(figures: &[PreviousFigure], own_code: &str, lang: Lang) -> String {
    let with_code = !matches!(figures, [only] if only.code == own_code);
    figures
        .iter()
        .map(|f| figure_text(f, with_code, lang))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The change of total, signed: "+2,50", "-1,25", "0,00".
pub fn total_change_text(change: Decimal, lang: Lang) -> String {
    let text = numfmt::score(change, lang);
    if change > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}

/// The change of rank in words a table can hold: "↑2", "↓1", "=".
pub fn rank_change_text(places: i64) -> String {
    match places {
        0 => "=".to_string(),
        p if p > 0 => format!("↑{p}"),
        p => format!("↓{}", p.unsigned_abs()),
    }
}

/// The change in one short cell: "+2,50; ↑1"; empty when there is none.
pub fn change_text(change: Option<Change>, lang: Lang) -> String {
    let Some(change) = change else {
        return String::new();
    };
    let parts: Vec<String> = change
        .total
        .map(|t| total_change_text(t, lang))
        .into_iter()
        .chain(change.rank.map(rank_change_text))
        .collect();
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(code: &str, total: &str, rank: u32) -> PreviousFigure {
        PreviousFigure {
            code: code.into(),
            total: Some(total.parse().unwrap()),
            rank: Some(rank),
        }
    }

    #[test]
    fn a_merged_unit_shows_each_previous_unit_and_no_change() {
        let p = Previous {
            year: 2024,
            file: "truoc/ket-qua-2024.json".into(),
            path: "truoc/ket-qua-2024.json".into(),
            figures: vec![vec![fig("TN", "90.5", 2), fig("BK", "85", 4)]],
        };
        assert_eq!(
            figures_text(p.of(0), "TN", Lang::Vi),
            "TN 90,50 (2); BK 85,00 (4)"
        );
        assert_eq!(p.change(0, Some(Decimal::from(95)), Some(1)), None);
    }

    #[test]
    fn a_single_previous_unit_gives_the_change_of_total_and_rank() {
        let p = Previous {
            year: 2016,
            file: String::new(),
            path: Default::default(),
            figures: vec![vec![fig("CB", "93.25", 3)]],
        };
        assert_eq!(figures_text(p.of(0), "CB", Lang::Vi), "93,25 (3)");
        let change = p.change(0, Some("95.75".parse().unwrap()), Some(1));
        assert_eq!(change_text(change, Lang::Vi), "+2,50; ↑2");
        let worse = p.change(0, Some("90".parse().unwrap()), Some(4));
        assert_eq!(change_text(worse, Lang::En), "-3.25; ↓1");
        assert_eq!(p.change(1, Some(Decimal::ONE), Some(1)), None);
    }
}
