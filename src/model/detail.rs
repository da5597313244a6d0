//! How much per-unit detail the outputs of a run carry: the one decision the
//! consolidated workbook and the handout share.

use crate::model::Outcome;

/// The most member units for which `run` writes per-unit detail by default:
/// a sheet per unit in the consolidated workbook and a section per unit in
/// the handout's appendix (the Python peer keeps its per-unit sheets to the
/// same number).
pub const PER_UNIT_DETAIL_MAX: usize = 200;

/// How much per-unit detail the consolidated workbook and the handout carry.
///
/// A cluster of a few dozen units wants a sheet per unit (where a hand
/// correction flows into every total) and an appendix page per unit to hand
/// out. A national association of thousands of commune units cannot browse
/// 10 000 tabs or print 23 000 pages: above [`PER_UNIT_DETAIL_MAX`] units the
/// same numbers are in `Chi tiết` (every target, result and score, as
/// values, with live sums), `Kiểm tra` (every finding, to the cell) and the
/// JSON, and the handout's appendix lists what the conference must see (the
/// files not used and the findings without a unit) instead of every unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// A workbook sheet and an appendix section per unit.
    PerUnit,
    /// Units together in `Chi tiết` and `Kiểm tra`; a short appendix.
    Consolidated,
}

impl Detail {
    /// Per unit up to [`PER_UNIT_DETAIL_MAX`] member units, or always when `forced`.
    pub fn of(outcome: &Outcome, forced: bool) -> Detail {
        if forced || outcome.units.len() <= PER_UNIT_DETAIL_MAX {
            Detail::PerUnit
        } else {
            Detail::Consolidated
        }
    }
}
