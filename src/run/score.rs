//! Scoring (SPEC section 5): each method in exact decimal arithmetic,
//! rounding to 2 decimals half away from zero, ranking with shared ranks
//! (classification and proposals: `run::classes`). Pure functions
//! over the model; no I/O and no diagnostics text. Every operation on a
//! user's number is checked: a value too large to score gives `None`, never
//! a panic.

use crate::model::{round2, Criterion, Method};
use rust_decimal::Decimal;

/// `numerator / denominator` rounded to 2 decimals half away from zero,
/// decided on the exact remainder, never on a rounded quotient. `None` when
/// the exact arithmetic overflows.
pub fn div_round2(numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    if denominator.is_zero() {
        return Some(Decimal::ZERO);
    }
    let negative =
        numerator.is_sign_negative() != denominator.is_sign_negative() && !numerator.is_zero();
    let n = numerator.abs().checked_mul(Decimal::ONE_HUNDRED)?;
    let d = denominator.abs();
    let mut q = n.checked_div(d)?.trunc();
    let mut r = n.checked_sub(q.checked_mul(d)?)?;
    // The quotient above is rounded to 28 digits: settle q on the exact remainder.
    while r < Decimal::ZERO {
        q = q.checked_sub(Decimal::ONE)?;
        r = r.checked_add(d)?;
    }
    while r >= d {
        q = q.checked_add(Decimal::ONE)?;
        r = r.checked_sub(d)?;
    }
    if r.checked_mul(Decimal::TWO)? >= d {
        q = q.checked_add(Decimal::ONE)?;
    }
    let cents = q.checked_div(Decimal::ONE_HUNDRED)?;
    Some(if negative { -cents } else { cents })
}

/// What scoring a criterion needs from a unit.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inputs {
    /// The unit's signed target (its own column, else Chỉ tiêu).
    pub target: Option<Decimal>,
    /// Kết quả, when read.
    pub result: Option<Decimal>,
    /// Tự chấm, when read.
    pub self_score: Option<Decimal>,
}

/// A criterion's score by its method, rounded to 2 decimals, as
/// [`checked_criterion_score`], with 0 where the numbers are too large to
/// score. For callers whose numbers are known to be within the agreement's
/// limits (blank forms, tests); the pipeline uses the checked one and
/// reports what cannot be scored.
pub fn criterion_score(criterion: &Criterion, inputs: Inputs) -> Decimal {
    checked_criterion_score(criterion, inputs).unwrap_or_default()
}

/// A criterion's score by its method, rounded to 2 decimals. A missing
/// result (or, for `Thẩm định`, self-score) scores 0. `None` when the
/// numbers are too large to score in exact decimal arithmetic.
pub fn checked_criterion_score(criterion: &Criterion, inputs: Inputs) -> Option<Decimal> {
    let max = criterion.max;
    let t = inputs.target;
    let a = inputs.result;
    match criterion.method {
        Method::Proportional => match (a, t) {
            (Some(a), Some(t)) if t > Decimal::ZERO => {
                if a >= t {
                    Some(round2(max))
                } else {
                    div_round2(max.checked_mul(a)?, t)
                }
            }
            _ => Some(Decimal::ZERO),
        },
        Method::Threshold => match (a, t) {
            (Some(a), Some(t)) if a >= t => Some(round2(max)),
            _ => Some(Decimal::ZERO),
        },
        Method::Ceiling => match (a, t) {
            (Some(a), Some(t)) if a <= t => Some(round2(max)),
            (Some(a), Some(t)) => {
                let rate = criterion.rate.unwrap_or(max);
                let lost = rate.checked_mul(a.checked_sub(t)?)?;
                Some(round2(max.checked_sub(lost)?.max(Decimal::ZERO)))
            }
            _ => Some(Decimal::ZERO),
        },
        Method::Assessed => match inputs.self_score {
            Some(s) => Some(round2(s.max(Decimal::ZERO).min(max))),
            None => Some(Decimal::ZERO),
        },
        Method::Bonus => match (a, criterion.rate) {
            (Some(a), Some(r)) => Some(round2(a.checked_mul(r)?.min(max))),
            _ => Some(Decimal::ZERO),
        },
        Method::Penalty => match (a, criterion.rate) {
            (Some(a), Some(r)) => Some(-round2(a.checked_mul(r)?.min(max))),
            _ => Some(Decimal::ZERO),
        },
    }
}

/// The sum of scores, `None` if it overflows.
pub fn checked_sum(scores: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    scores
        .into_iter()
        .try_fold(Decimal::ZERO, |sum, x| sum.checked_add(x))
}

/// Ranks by total, descending: equal totals share a rank and the next rank
/// skips (1, 2, 2, 4). Returns, for each input in order, its rank; and the
/// order of positions (indices into `totals`), ties kept in input order.
pub fn rank(totals: &[Decimal]) -> (Vec<u32>, Vec<usize>) {
    let mut order: Vec<usize> = (0..totals.len()).collect();
    order.sort_by(|&a, &b| totals[b].cmp(&totals[a]));
    // 1 + the number of greater totals: in descending order, the position
    // of the first of a run of equal totals.
    let mut ranks = vec![0u32; totals.len()];
    for (k, &i) in order.iter().enumerate() {
        ranks[i] = match k.checked_sub(1).map(|p| order[p]) {
            Some(prev) if totals[prev] == totals[i] => ranks[prev],
            _ => k as u32 + 1,
        };
    }
    (ranks, order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn criterion(method: Method, max: &str, rate: Option<&str>) -> Criterion {
        Criterion {
            code: "1".into(),
            content: "x".into(),
            measure: String::new(),
            max: d(max),
            method,
            rate: rate.map(d),
            target: None,
            unit_targets: BTreeMap::new(),
            section: None,
            row: 0,
        }
    }

    fn score(
        c: &Criterion,
        target: Option<&str>,
        result: Option<&str>,
        self_score: Option<&str>,
    ) -> Decimal {
        checked_criterion_score(
            c,
            Inputs {
                target: target.map(d),
                result: result.map(d),
                self_score: self_score.map(d),
            },
        )
        .expect("scorable")
    }

    #[test]
    fn proportional_rounds_the_exact_half_away_from_zero() {
        // 10 × 1 196 875 / 1 250 000 = 9.575 exactly: 9.58, where f64 gives 9.57.
        let c = criterion(Method::Proportional, "10", None);
        assert_eq!(score(&c, Some("1250000"), Some("1196875"), None), d("9.58"));
    }

    #[test]
    fn proportional_multiplies_before_dividing() {
        // 7.5 × 1 / 3 = 2.5 exactly; dividing first gives 2.4999…
        let c = criterion(Method::Proportional, "7.5", None);
        assert_eq!(score(&c, Some("3"), Some("1"), None), d("2.5"));
        let c = criterion(Method::Proportional, "10", None);
        assert_eq!(score(&c, Some("3"), Some("2"), None), d("6.67"));
        assert_eq!(score(&c, Some("3"), Some("1"), None), d("3.33"));
    }

    #[test]
    fn proportional_score_is_capped_at_max() {
        let c = criterion(Method::Proportional, "10", None);
        assert_eq!(score(&c, Some("90"), Some("120"), None), d("10"));
        assert_eq!(score(&c, Some("90"), Some("90"), None), d("10"));
        assert_eq!(score(&c, Some("90"), Some("0"), None), d("0"));
    }

    #[test]
    fn threshold_gives_all_or_nothing_at_the_target() {
        let c = criterion(Method::Threshold, "5", None);
        assert_eq!(score(&c, Some("95"), Some("95"), None), d("5"));
        assert_eq!(score(&c, Some("95"), Some("94.99"), None), d("0"));
    }

    #[test]
    fn ceiling_loses_rate_per_unit_above_target() {
        let c = criterion(Method::Ceiling, "5", Some("1.5"));
        assert_eq!(score(&c, Some("2"), Some("2"), None), d("5"));
        assert_eq!(score(&c, Some("2"), Some("3"), None), d("3.5"));
        assert_eq!(score(&c, Some("2"), Some("9"), None), d("0"));
        // Without a rate, the rate is the maximum: one over loses everything.
        let c = criterion(Method::Ceiling, "5", None);
        assert_eq!(score(&c, Some("2"), Some("2.5"), None), d("2.5"));
        assert_eq!(score(&c, Some("2"), Some("3"), None), d("0"));
    }

    #[test]
    fn assessed_is_the_self_score_clamped() {
        let c = criterion(Method::Assessed, "10", None);
        assert_eq!(score(&c, None, None, Some("8.25")), d("8.25"));
        assert_eq!(score(&c, None, None, Some("12")), d("10"));
        assert_eq!(score(&c, None, None, Some("-1")), d("0"));
        assert_eq!(score(&c, None, None, None), d("0"));
        assert_eq!(score(&c, None, None, Some("8.125")), d("8.13"));
    }

    #[test]
    fn bonus_and_penalty_are_capped_at_max() {
        let bonus = criterion(Method::Bonus, "5", Some("0.5"));
        assert_eq!(score(&bonus, None, Some("3"), None), d("1.5"));
        assert_eq!(score(&bonus, None, Some("30"), None), d("5"));
        let penalty = criterion(Method::Penalty, "3", Some("1"));
        assert_eq!(score(&penalty, None, Some("2"), None), d("-2"));
        assert_eq!(score(&penalty, None, Some("7"), None), d("-3"));
    }

    #[test]
    fn missing_result_scores_zero() {
        for method in Method::ALL {
            let c = criterion(method, "10", Some("1"));
            assert_eq!(score(&c, Some("5"), None, None), d("0"), "{method:?}");
        }
    }

    #[test]
    fn div_round2_is_exact_at_and_around_the_half() {
        assert_eq!(div_round2(d("1"), d("8")), Some(d("0.13"))); // 0.125
        assert_eq!(div_round2(d("-1"), d("8")), Some(d("-0.13")));
        assert_eq!(div_round2(d("1"), d("3")), Some(d("0.33")));
        assert_eq!(div_round2(d("2"), d("3")), Some(d("0.67")));
        assert_eq!(div_round2(d("12499999"), d("100000000")), Some(d("0.12")));
        assert_eq!(div_round2(d("1"), d("0")), Some(d("0")));
        assert_eq!(div_round2(Decimal::MAX, d("3")), None);
    }

    #[test]
    fn absurd_numbers_give_none_never_a_panic() {
        let inputs = |t: &str, a: &str| Inputs {
            target: Some(d(t)),
            result: Some(d(a)),
            self_score: Some(d(a)),
        };
        let huge = "30000000000000000000000000000";
        // Without a rate the rate is the maximum: 10 × 3e28 overflows.
        let ceiling = criterion(Method::Ceiling, "10", None);
        assert_eq!(checked_criterion_score(&ceiling, inputs("3", huge)), None);
        // 2 × 3e28 still fits: the exact score is 0.
        let ceiling = criterion(Method::Ceiling, "10", Some("2"));
        assert_eq!(
            checked_criterion_score(&ceiling, inputs("3", huge)),
            Some(d("0"))
        );
        let bonus = criterion(Method::Bonus, "5", Some("2"));
        assert_eq!(
            checked_criterion_score(&bonus, inputs("0", "40000000000000000000000000000")),
            None
        );
        let proportional = criterion(Method::Proportional, "10", None);
        assert_eq!(
            checked_criterion_score(&proportional, inputs("70000000000000000000000000000", huge)),
            None
        );
        // Huge but scorable: the cap and the clamp need no arithmetic.
        let assessed = criterion(Method::Assessed, "10", None);
        assert_eq!(
            checked_criterion_score(&assessed, inputs("0", huge)),
            Some(d("10"))
        );
        assert_eq!(
            checked_criterion_score(&proportional, inputs("3", huge)),
            Some(d("10"))
        );
        assert_eq!(checked_sum([Decimal::MAX, Decimal::ONE]), None);
        assert_eq!(checked_sum([d("1.5"), d("-0.5")]), Some(d("1")));
    }

    #[test]
    fn equal_totals_share_a_rank_and_the_next_skips() {
        let (ranks, order) = rank(&[d("80"), d("95"), d("90"), d("90"), d("70")]);
        assert_eq!(ranks, vec![4, 1, 2, 2, 5]);
        assert_eq!(order, vec![1, 2, 3, 0, 4]);
    }

    proptest::proptest! {
        #[test]
        fn rank_is_one_plus_the_greater_totals(cents in proptest::collection::vec(0i64..40, 0..60)) {
            let totals: Vec<Decimal> = cents.iter().map(|&c| Decimal::new(c * 25, 2)).collect();
            let (ranks, _) = rank(&totals);
            let expected: Vec<u32> = totals
                .iter()
                .map(|t| 1 + totals.iter().filter(|o| *o > t).count() as u32)
                .collect();
            proptest::prop_assert_eq!(ranks, expected);
        }
    }
}
