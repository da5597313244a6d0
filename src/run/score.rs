//! Scoring (SPEC section 5): each method in exact decimal arithmetic,
//! rounding to 2 decimals half away from zero, ranking with shared ranks,
//! classification and commendation proposals by position. Pure functions
//! over the model; no I/O and no diagnostics text. Every operation on a
//! user's number is checked: a value too large to score gives `None`, never
//! a panic.

use crate::model::{round2, Classification, Criterion, Method, Proposal, Thresholds};
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

/// Xếp loại by total as a percentage of the base maximum.
pub fn classify(total: Decimal, base_max: Decimal, thresholds: &Thresholds) -> Classification {
    // total / base_max × 100 ≥ threshold, compared without dividing; where
    // the products overflow, by the (then ample) quotient.
    let reaches = |threshold: Decimal| {
        base_max > Decimal::ZERO
            && match (
                total.checked_mul(Decimal::ONE_HUNDRED),
                threshold.checked_mul(base_max),
            ) {
                (Some(left), Some(right)) => left >= right,
                _ => total
                    .checked_div(base_max)
                    .and_then(|q| q.checked_mul(Decimal::ONE_HUNDRED))
                    .map_or(total > Decimal::ZERO, |percent| percent >= threshold),
            }
    };
    if reaches(thresholds.excellent) {
        Classification::Excellent
    } else if reaches(thresholds.good) {
        Classification::Good
    } else if reaches(thresholds.fair) {
        Classification::Fair
    } else {
        Classification::NotMet
    }
}

/// A tie group whose positions straddle a commendation cut-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TiedCutoff {
    /// Indices (into the ranked list) of the group's members.
    pub members: Vec<usize>,
    /// Which cut-off it straddles.
    pub proposal: Proposal,
}

/// Proposals by position (SPEC section 5). `ranked` holds (total,
/// classification) in rank order. Positions 1..F get Cờ thi đua if Xuất
/// sắc; F+1..F+B get Bằng khen if Xuất sắc or Tốt; a tie group straddling F
/// or F+B gets Biểu quyết for each member eligible for a proposal the
/// group's positions cover.
pub fn propose(
    ranked: &[(Decimal, Classification)],
    flags: u32,
    certificates: u32,
) -> (Vec<Option<Proposal>>, Vec<TiedCutoff>) {
    let flag_end = flags as usize;
    let cert_end = flag_end + certificates as usize;
    let mut proposals = vec![None; ranked.len()];
    let mut ties = Vec::new();
    let mut start = 0;
    while start < ranked.len() {
        let mut end = start;
        while end + 1 < ranked.len() && ranked[end + 1].0 == ranked[start].0 {
            end += 1;
        }
        // Positions are 1-based: the group holds positions start+1 ..= end+1.
        let (first, last) = (start + 1, end + 1);
        let straddles = |cut: usize| cut > 0 && first <= cut && cut < last;
        let covers_flag = first <= flag_end;
        let covers_cert = last > flag_end && first <= cert_end;
        let members: Vec<usize> = (start..=end).collect();
        if straddles(flag_end) || (cert_end != flag_end && straddles(cert_end)) {
            for &i in &members {
                let class = ranked[i].1;
                let excellent = class == Classification::Excellent;
                let good = class == Classification::Good;
                if (covers_flag && excellent) || (covers_cert && (excellent || good)) {
                    proposals[i] = Some(Proposal::Vote);
                }
            }
            for (cut, proposal) in [
                (flag_end, Proposal::Flag),
                (cert_end, Proposal::Certificate),
            ] {
                if straddles(cut) && !ties.iter().any(|t: &TiedCutoff| t.members == members) {
                    ties.push(TiedCutoff {
                        members: members.clone(),
                        proposal,
                    });
                }
            }
        } else {
            for &i in &members {
                proposals[i] = by_position(i + 1, ranked[i].1, flag_end, cert_end);
            }
        }
        start = end + 1;
    }
    (proposals, ties)
}

fn by_position(
    position: usize,
    class: Classification,
    flag_end: usize,
    cert_end: usize,
) -> Option<Proposal> {
    let excellent = class == Classification::Excellent;
    let good = class == Classification::Good;
    if position <= flag_end {
        excellent.then_some(Proposal::Flag)
    } else if position <= cert_end {
        (excellent || good).then_some(Proposal::Certificate)
    } else {
        None
    }
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
    fn classification_survives_totals_too_large_to_multiply() {
        let t = thresholds();
        assert_eq!(
            classify(Decimal::MAX, d("100"), &t),
            Classification::Excellent
        );
        assert_eq!(classify(Decimal::MIN, d("100"), &t), Classification::NotMet);
        assert_eq!(classify(d("95"), Decimal::MAX, &t), Classification::NotMet);
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

    fn thresholds() -> Thresholds {
        Thresholds {
            excellent: d("90"),
            good: d("80"),
            fair: d("65"),
        }
    }

    #[test]
    fn classification_thresholds_are_inclusive() {
        let t = thresholds();
        assert_eq!(classify(d("90"), d("100"), &t), Classification::Excellent);
        assert_eq!(classify(d("89.99"), d("100"), &t), Classification::Good);
        assert_eq!(classify(d("80"), d("100"), &t), Classification::Good);
        assert_eq!(classify(d("65"), d("100"), &t), Classification::Fair);
        assert_eq!(classify(d("64.99"), d("100"), &t), Classification::NotMet);
        // Percent of a 90-point base.
        assert_eq!(classify(d("81"), d("90"), &t), Classification::Excellent);
    }

    use Classification::{Excellent as X, Fair as K, Good as G};

    fn ranked(list: &[(&str, Classification)]) -> Vec<(Decimal, Classification)> {
        list.iter().map(|(t, c)| (d(t), *c)).collect()
    }

    #[test]
    fn proposals_follow_positions_and_eligibility() {
        let r = ranked(&[("95", X), ("92", X), ("85", G), ("70", K)]);
        let (p, ties) = propose(&r, 1, 1);
        assert_eq!(
            p,
            vec![
                Some(Proposal::Flag),
                Some(Proposal::Certificate),
                None,
                None
            ]
        );
        assert!(ties.is_empty());
        // A first place that is only Tốt gets no flag.
        let r = ranked(&[("85", G), ("82", G)]);
        assert_eq!(propose(&r, 1, 1).0, vec![None, Some(Proposal::Certificate)]);
    }

    #[test]
    fn tie_straddling_the_flag_cutoff_is_put_to_the_vote() {
        let r = ranked(&[("95", X), ("95", X), ("85", G), ("70", K)]);
        let (p, ties) = propose(&r, 1, 1);
        assert_eq!(
            p,
            vec![Some(Proposal::Vote), Some(Proposal::Vote), None, None]
        );
        assert_eq!(
            ties,
            vec![TiedCutoff {
                members: vec![0, 1],
                proposal: Proposal::Flag
            }]
        );
    }

    #[test]
    fn tie_straddling_the_certificate_cutoff_votes_only_the_eligible() {
        let r = ranked(&[("95", X), ("85", G), ("85", G), ("70", K)]);
        let (p, ties) = propose(&r, 1, 1);
        assert_eq!(
            p,
            vec![
                Some(Proposal::Flag),
                Some(Proposal::Vote),
                Some(Proposal::Vote),
                None
            ]
        );
        assert_eq!(ties[0].proposal, Proposal::Certificate);
        // Tied members not eligible for what the positions cover get nothing.
        let r = ranked(&[("95", X), ("70", K), ("70", K)]);
        let (p, ties) = propose(&r, 1, 1);
        assert_eq!(p, vec![Some(Proposal::Flag), None, None]);
        assert_eq!(ties.len(), 1);
    }

    #[test]
    fn tie_inside_one_band_needs_no_vote() {
        let r = ranked(&[("95", X), ("88", G), ("88", G), ("70", K)]);
        let (p, ties) = propose(&r, 1, 2);
        assert_eq!(
            p,
            vec![
                Some(Proposal::Flag),
                Some(Proposal::Certificate),
                Some(Proposal::Certificate),
                None
            ]
        );
        assert!(ties.is_empty());
    }

    #[test]
    fn tie_covering_both_bands_votes_for_flag_and_certificate() {
        // Three tied at positions 1-3 with F=1, B=1: the group straddles both cut-offs.
        let r = ranked(&[("91", X), ("91", G), ("91", K)]);
        let (p, ties) = propose(&r, 1, 1);
        assert_eq!(p, vec![Some(Proposal::Vote), Some(Proposal::Vote), None]);
        assert_eq!(ties.len(), 1);
    }

    #[test]
    fn no_flags_means_certificates_from_the_first_position() {
        let r = ranked(&[("95", X), ("92", X)]);
        assert_eq!(propose(&r, 0, 1).0, vec![Some(Proposal::Certificate), None]);
    }
}
