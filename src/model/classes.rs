//! The cluster's own classes (sheet `Xếp loại`) and titles (sheet `Khen
//! thưởng`) of SPEC section 11, and the default ones of section 5 that
//! stand without those sheets: `Xuất sắc`, `Tốt`, `Khá`, `Chưa đạt` from
//! the thresholds of `Thông tin`, then `Cờ thi đua` and `Bằng khen` from
//! `Số Cờ thi đua` and `Số Bằng khen`.
//!
//! A [`Classification`] is the index of a class (0 is the highest) and a
//! [`Proposal`] the index of a title (or the vote); the words printed for
//! them come from the agreement ([`Agreement::class_label`],
//! [`Agreement::proposal_label`]), so every output uses the cluster's own.
//! Plain data, no rules: the rules are in `run::classes`.
//!
//! ```
//! use thidua::model::classes::{ClassRule, Minimum};
//! use rust_decimal::Decimal;
//! let top = ClassRule {
//!     label: "TSVM xuất sắc".into(),
//!     minimum: Some(Minimum::Points(Decimal::from(81))),
//!     floor: None,
//! };
//! assert_eq!(top.minimum, Some(Minimum::Points(Decimal::from(81))));
//! ```

use super::Agreement;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// Xếp loại: the index of the unit's class in the agreement's classes, 0
/// the highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Classification(pub usize);

impl Classification {
    /// The default classes of section 5, by index.
    pub const EXCELLENT: Classification = Classification(0);
    pub const GOOD: Classification = Classification(1);
    pub const FAIR: Classification = Classification(2);
    pub const NOT_MET: Classification = Classification(3);

    /// Whether this class is `minimum` or a higher one.
    pub fn at_least(self, minimum: Classification) -> bool {
        self.0 <= minimum.0
    }
}

/// Đề nghị khen thưởng: a title of the agreement, or the vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Proposal {
    /// The title at this index of the agreement's titles (0: the first,
    /// `Cờ thi đua` by default).
    Title(usize),
    /// A tie across a cut-off: the conference votes (Biểu quyết).
    Vote,
}

impl Proposal {
    /// The default titles of section 5.
    pub const FLAG: Proposal = Proposal::Title(0);
    pub const CERTIFICATE: Proposal = Proposal::Title(1);
}

/// The word of the vote, in every output.
pub const VOTE_LABEL: &str = "Biểu quyết";

/// The default classes' labels, highest first.
pub const DEFAULT_CLASS_LABELS: [&str; 4] = ["Xuất sắc", "Tốt", "Khá", "Chưa đạt"];

/// The default titles' labels, in order.
pub const DEFAULT_TITLE_LABELS: [&str; 2] = ["Cờ thi đua", "Bằng khen"];

/// A minimum total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Minimum {
    /// Points of the total.
    Points(Decimal),
    /// Percent of the base maximum.
    Percent(Decimal),
}

/// One class (a row of `Xếp loại`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassRule {
    /// Xếp loại: the label, as written.
    pub label: String,
    /// Tối thiểu: the minimum total; `None` catches every total.
    pub minimum: Option<Minimum>,
    /// Mỗi tiêu chí tối thiểu: each criterion outside the bonus and penalty
    /// must reach this percent of its own maximum.
    pub floor: Option<Decimal>,
}

/// How many units a title goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleCount {
    /// Số lượng: a number of positions.
    Number(u32),
    /// Tỷ lệ: a percent of the ranked units, rounded down, at least 1.
    Share(Decimal),
}

/// One title (a row of `Khen thưởng`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleRule {
    /// Hình thức: the title, as written.
    pub label: String,
    pub count: TitleCount,
    /// Xếp loại tối thiểu: the lowest class that may have it; `None`: any.
    pub min_class: Option<Classification>,
}

impl TitleCount {
    /// How many positions, out of `ranked` ranked units.
    pub fn positions(self, ranked: usize) -> usize {
        match self {
            TitleCount::Number(n) => n as usize,
            TitleCount::Share(percent) => {
                let exact = Decimal::from(ranked)
                    .checked_mul(percent)
                    .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
                    .map(|x| x.floor());
                let n = exact
                    .and_then(|x| usize::try_from(x).ok())
                    .unwrap_or(ranked);
                n.max(1)
            }
        }
    }
}

impl Agreement {
    /// The classes, highest first: the `Xếp loại` sheet's, else section 5's.
    pub fn classes(&self) -> Cow<'_, [ClassRule]> {
        match &self.class_rules {
            Some(rules) => Cow::Borrowed(rules.as_slice()),
            None => {
                let t = &self.info.thresholds;
                let percent = |x| Some(Minimum::Percent(x));
                let rows = [percent(t.excellent), percent(t.good), percent(t.fair), None];
                Cow::Owned(
                    DEFAULT_CLASS_LABELS
                        .iter()
                        .zip(rows)
                        .map(|(label, minimum)| ClassRule {
                            label: (*label).to_string(),
                            minimum,
                            floor: None,
                        })
                        .collect(),
                )
            }
        }
    }

    /// The titles in order: the `Khen thưởng` sheet's, else section 5's.
    pub fn titles(&self) -> Cow<'_, [TitleRule]> {
        match &self.title_rules {
            Some(rules) => Cow::Borrowed(rules.as_slice()),
            None => Cow::Owned(vec![
                TitleRule {
                    label: DEFAULT_TITLE_LABELS[0].to_string(),
                    count: TitleCount::Number(self.info.flags),
                    min_class: Some(Classification::EXCELLENT),
                },
                TitleRule {
                    label: DEFAULT_TITLE_LABELS[1].to_string(),
                    count: TitleCount::Number(self.info.certificates),
                    min_class: Some(Classification::GOOD),
                },
            ]),
        }
    }

    /// Whether the agreement has its own classes (sheet `Xếp loại`).
    pub fn has_own_classes(&self) -> bool {
        self.class_rules.is_some()
    }

    /// Whether the agreement has its own titles (sheet `Khen thưởng`).
    pub fn has_own_titles(&self) -> bool {
        self.title_rules.is_some()
    }

    /// The label of a class, as printed everywhere.
    pub fn class_label(&self, class: Classification) -> &str {
        match &self.class_rules {
            Some(rules) => rules.get(class.0).map_or("", |r| r.label.as_str()),
            None => DEFAULT_CLASS_LABELS.get(class.0).copied().unwrap_or(""),
        }
    }

    /// The word of a proposal, as printed everywhere: the title as written,
    /// or `Biểu quyết`.
    pub fn proposal_label(&self, proposal: Proposal) -> &str {
        match proposal {
            Proposal::Vote => VOTE_LABEL,
            Proposal::Title(k) => match &self.title_rules {
                Some(rules) => rules.get(k).map_or("", |r| r.label.as_str()),
                None => DEFAULT_TITLE_LABELS.get(k).copied().unwrap_or(""),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_is_rounded_down_and_at_least_one() {
        let share = |p: i64| TitleCount::Share(Decimal::from(p));
        assert_eq!(share(20).positions(6), 1); // 1.2
        assert_eq!(share(50).positions(7), 3); // 3.5
        assert_eq!(share(10).positions(4), 1); // 0.4, at least 1
        assert_eq!(share(100).positions(4), 4);
        assert_eq!(TitleCount::Number(2).positions(1), 2);
    }

    #[test]
    fn a_class_reaches_itself_and_the_lower_ones_do_not() {
        assert!(Classification(1).at_least(Classification(1)));
        assert!(Classification(0).at_least(Classification(1)));
        assert!(!Classification(2).at_least(Classification(1)));
    }
}
