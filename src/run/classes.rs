//! Classification and proposals by the agreement's classes and titles
//! (SPEC sections 5 and 11): the first class whose conditions a unit meets
//! (a minimum total in points or percent of the base maximum, a floor for
//! each criterion), then titles by position in the ranking, each with its
//! minimum class, and `Biểu quyết` for a tie straddling any cut-off. Section
//! 5's four classes and two titles are the special case the agreement gives
//! without the sheets. Pure functions in exact decimal arithmetic.

use crate::model::classes::{ClassRule, Minimum, TitleRule};
use crate::model::{Agreement, Classification, CriterionScore, Outcome, Proposal};
use rust_decimal::Decimal;

/// Whether `part` reaches `percent` % of `whole`: part × 100 ≥ percent ×
/// whole, compared without dividing; where the products overflow, by the
/// (then ample) quotient.
pub fn reaches_percent(part: Decimal, whole: Decimal, percent: Decimal) -> bool {
    whole > Decimal::ZERO
        && match (
            part.checked_mul(Decimal::ONE_HUNDRED),
            percent.checked_mul(whole),
        ) {
            (Some(left), Some(right)) => left >= right,
            _ => part
                .checked_div(whole)
                .and_then(|q| q.checked_mul(Decimal::ONE_HUNDRED))
                .map_or(part > Decimal::ZERO, |p| p >= percent),
        }
}

/// Whether a total reaches a minimum (at or above it).
pub fn reaches(total: Decimal, base_max: Decimal, minimum: Minimum) -> bool {
    match minimum {
        Minimum::Points(points) => total >= points,
        Minimum::Percent(percent) => reaches_percent(total, base_max, percent),
    }
}

/// The class of a total: the first rule whose minimum the total reaches
/// and whose floor every criterion of `leaves` (score, maximum) reaches;
/// `None` when no rule fits (the last rule has a minimum the total misses).
pub fn classify_total(
    total: Decimal,
    base_max: Decimal,
    leaves: &[(Decimal, Decimal)],
    rules: &[ClassRule],
) -> Option<Classification> {
    rules
        .iter()
        .position(|rule| {
            rule.minimum.is_none_or(|m| reaches(total, base_max, m))
                && rule.floor.is_none_or(|floor| {
                    leaves.iter().all(|&(score, max)| {
                        max <= Decimal::ZERO || reaches_percent(score, max, floor)
                    })
                })
        })
        .map(Classification)
}

/// A unit's class by the agreement's classes: its total and, for the
/// floors, the scores that count of the criteria inside the base.
pub fn classify(
    agreement: &Agreement,
    total: Decimal,
    scores: &[CriterionScore],
) -> Option<Classification> {
    let rules = agreement.classes();
    let leaves: Vec<(Decimal, Decimal)> = if rules.iter().any(|r| r.floor.is_some()) {
        agreement
            .criteria
            .iter()
            .zip(scores)
            .filter(|(c, _)| c.method.in_base())
            .map(|(c, s)| (s.score, c.max))
            .collect()
    } else {
        Vec::new()
    };
    classify_total(total, agreement.base_max(), &leaves, &rules)
}

/// A tie group whose positions straddle a commendation cut-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TiedCutoff {
    /// Indices (into the ranked list) of the group's members.
    pub members: Vec<usize>,
    /// The title whose cut-off it straddles (the first, if several).
    pub proposal: Proposal,
}

/// One title's positions: `first..=last` (1-based; empty when last < first).
#[derive(Debug, Clone, Copy)]
struct Band {
    first: usize,
    last: usize,
    min_class: Option<Classification>,
}

impl Band {
    fn eligible(&self, class: Option<Classification>) -> bool {
        match self.min_class {
            None => true,
            Some(min) => class.is_some_and(|c| c.at_least(min)),
        }
    }
}

/// The titles' positions over `ranked` ranked units, in order.
fn bands(titles: &[TitleRule], ranked: usize) -> Vec<Band> {
    let mut next = 1usize;
    titles
        .iter()
        .map(|t| {
            let n = t.count.positions(ranked);
            let band = Band {
                first: next,
                last: next.saturating_add(n).saturating_sub(1),
                min_class: t.min_class,
            };
            next = next.saturating_add(n);
            band
        })
        .collect()
}

/// Each title's positions over `ranked` ranked units, as (first, last),
/// 1-based; empty (last < first) for a title with no position.
pub fn title_positions(titles: &[TitleRule], ranked: usize) -> Vec<(usize, usize)> {
    bands(titles, ranked)
        .iter()
        .map(|b| (b.first, b.last))
        .collect()
}

/// The title a unit put to the vote is voted on: the first title it is
/// eligible for whose positions its tie group (`rank` ..= `rank + tied −
/// 1`) covers, out of `ranked` ranked units.
pub fn voted_title(
    titles: &[TitleRule],
    ranked: usize,
    group: (usize, usize),
    class: Option<Classification>,
) -> Option<Proposal> {
    covered_titles(titles, ranked, group)
        .into_iter()
        .find(|&k| class_allows(&titles[k], class))
        .map(Proposal::Title)
}

/// The titles (indices, in order) whose positions a tie group (`rank`
/// ..= `rank + tied − 1`) covers, out of `ranked` ranked units: the titles
/// the conference may give a member of the group by its vote, where the
/// member's class allows ([`class_allows`]).
pub fn covered_titles(
    titles: &[TitleRule],
    ranked: usize,
    (rank, tied): (usize, usize),
) -> Vec<usize> {
    let last = rank.saturating_add(tied.max(1)).saturating_sub(1);
    bands(titles, ranked)
        .iter()
        .enumerate()
        .filter(|(_, b)| b.first <= b.last && rank <= b.last && b.first <= last)
        .map(|(k, _)| k)
        .collect()
}

/// The rank of unit `i` and how many units share it: its tie group.
pub fn tie_group(outcome: &Outcome, i: usize) -> Option<(usize, usize)> {
    let rank = outcome.units[i].rank?;
    let tied = outcome
        .ranking
        .iter()
        .filter(|&&j| outcome.units[j].rank == Some(rank))
        .count();
    Some((rank as usize, tied))
}

/// The title unit `i`, put to the vote, is voted on: the highest title its
/// tie group covers and its class allows (what `--mau` prefills).
pub fn voted_on(outcome: &Outcome, i: usize) -> Option<Proposal> {
    let group = tie_group(outcome, i)?;
    voted_title(
        &outcome.agreement.titles(),
        outcome.ranking.len(),
        group,
        outcome.units[i].classification,
    )
}

/// Whether a unit of `class` may have `title` (its minimum class).
pub fn class_allows(title: &TitleRule, class: Option<Classification>) -> bool {
    Band {
        first: 0,
        last: 0,
        min_class: title.min_class,
    }
    .eligible(class)
}

/// Proposals by position (SPEC sections 5 and 11). `ranked` holds (total,
/// class) in rank order. The positions of each title go to it if the unit
/// has its minimum class; a tie group straddling a title's last position
/// gets `Biểu quyết` for each member eligible for a title whose positions
/// the group covers.
pub fn propose(
    ranked: &[(Decimal, Option<Classification>)],
    titles: &[TitleRule],
) -> (Vec<Option<Proposal>>, Vec<TiedCutoff>) {
    let bands = bands(titles, ranked.len());
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
        let straddled = bands
            .iter()
            .position(|b| b.last > 0 && first <= b.last && b.last < last);
        let members: Vec<usize> = (start..=end).collect();
        if let Some(k) = straddled {
            let covered: Vec<&Band> = bands
                .iter()
                .filter(|b| b.first <= b.last && first <= b.last && b.first <= last)
                .collect();
            for &i in &members {
                if covered.iter().any(|b| b.eligible(ranked[i].1)) {
                    proposals[i] = Some(Proposal::Vote);
                }
            }
            ties.push(TiedCutoff {
                members,
                proposal: Proposal::Title(k),
            });
        } else {
            for &i in &members {
                let position = i + 1;
                proposals[i] = bands
                    .iter()
                    .position(|b| b.first <= position && position <= b.last)
                    .filter(|&k| bands[k].eligible(ranked[i].1))
                    .map(Proposal::Title);
            }
        }
        start = end + 1;
    }
    (proposals, ties)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::classes::TitleCount;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn class(label: &str, minimum: Option<Minimum>, floor: Option<&str>) -> ClassRule {
        ClassRule {
            label: label.into(),
            minimum,
            floor: floor.map(d),
        }
    }

    fn points(s: &str) -> Option<Minimum> {
        Some(Minimum::Points(d(s)))
    }

    fn percent(s: &str) -> Option<Minimum> {
        Some(Minimum::Percent(d(s)))
    }

    /// Section 5's classes and titles, as the agreement gives them by default.
    fn default_classes() -> Vec<ClassRule> {
        vec![
            class("Xuất sắc", percent("90"), None),
            class("Tốt", percent("80"), None),
            class("Khá", percent("65"), None),
            class("Chưa đạt", None, None),
        ]
    }

    fn title(label: &str, count: TitleCount, min: Option<usize>) -> TitleRule {
        TitleRule {
            label: label.into(),
            count,
            min_class: min.map(Classification),
        }
    }

    fn default_titles(flags: u32, certificates: u32) -> Vec<TitleRule> {
        vec![
            title("Cờ thi đua", TitleCount::Number(flags), Some(0)),
            title("Bằng khen", TitleCount::Number(certificates), Some(1)),
        ]
    }

    /// The Veterans' grassroots grading on 90 points.
    fn tsvm() -> Vec<ClassRule> {
        vec![
            class("TSVM xuất sắc", points("81"), None),
            class("TSVM tiên tiến", points("71"), None),
            class("TSVM", points("61"), None),
            class("Yếu", None, None),
        ]
    }

    fn classes_of(totals: &[&str], rules: &[ClassRule], base: &str) -> Vec<Option<usize>> {
        totals
            .iter()
            .map(|t| classify_total(d(t), d(base), &[], rules).map(|c| c.0))
            .collect()
    }

    #[test]
    fn points_minima_are_reached_at_or_above() {
        assert_eq!(
            classes_of(
                &["90", "81", "80.99", "71", "61", "60.75", "0"],
                &tsvm(),
                "90"
            ),
            vec![
                Some(0),
                Some(0),
                Some(1),
                Some(1),
                Some(2),
                Some(3),
                Some(3)
            ]
        );
    }

    #[test]
    fn percent_minima_are_of_the_base_maximum() {
        let rules = vec![
            class("A", percent("90"), None),
            class("B", points("50"), None),
            class("C", None, None),
        ];
        // 90 % of 90 is 81.
        assert_eq!(
            classes_of(&["81", "80.99", "50", "49.99"], &rules, "90"),
            vec![Some(0), Some(1), Some(1), Some(2)]
        );
    }

    #[test]
    fn the_default_classes_are_section_5s() {
        assert_eq!(
            classes_of(
                &["90", "89.99", "80", "65", "64.99"],
                &default_classes(),
                "100"
            ),
            vec![Some(0), Some(1), Some(1), Some(2), Some(3)]
        );
        // Percent of a 90-point base.
        assert_eq!(classes_of(&["81"], &default_classes(), "90"), vec![Some(0)]);
    }

    #[test]
    fn without_a_catch_all_row_a_low_total_has_no_class() {
        let rules = vec![class("Đạt", points("50"), None)];
        assert_eq!(
            classes_of(&["50", "49"], &rules, "100"),
            vec![Some(0), None]
        );
    }

    #[test]
    fn a_floor_keeps_a_high_total_out_of_the_class() {
        // Xuất sắc: 90 points and no criterion below 85 % of its maximum.
        let rules = vec![
            class("Xuất sắc", points("90"), Some("85")),
            class("Tốt", points("80"), None),
            class("Chưa đạt", None, None),
        ];
        let ok = [(d("8.5"), d("10")), (d("20"), d("20"))];
        let low = [(d("8.49"), d("10")), (d("20"), d("20"))];
        assert_eq!(
            classify_total(d("95"), d("100"), &ok, &rules),
            Some(Classification(0))
        );
        assert_eq!(
            classify_total(d("95"), d("100"), &low, &rules),
            Some(Classification(1))
        );
        // A floor alone: a class with no minimum total.
        let rules = vec![class("Đều", None, Some("50")), class("Khác", None, None)];
        assert_eq!(
            classify_total(d("10"), d("100"), &ok, &rules),
            Some(Classification(0))
        );
        assert_eq!(
            classify_total(d("10"), d("100"), &[(d("4.99"), d("10"))], &rules),
            Some(Classification(1))
        );
    }

    #[test]
    fn classification_survives_totals_too_large_to_multiply() {
        let t = default_classes();
        assert_eq!(
            classify_total(Decimal::MAX, d("100"), &[], &t),
            Some(Classification(0))
        );
        assert_eq!(
            classify_total(Decimal::MIN, d("100"), &[], &t),
            Some(Classification(3))
        );
        assert_eq!(
            classify_total(d("95"), Decimal::MAX, &[], &t),
            Some(Classification(3))
        );
    }

    const X: Option<Classification> = Some(Classification(0));
    const G: Option<Classification> = Some(Classification(1));
    const K: Option<Classification> = Some(Classification(2));
    const N: Option<Classification> = Some(Classification(3));
    const FLAG: Option<Proposal> = Some(Proposal::Title(0));
    const CERT: Option<Proposal> = Some(Proposal::Title(1));
    const THIRD: Option<Proposal> = Some(Proposal::Title(2));
    const VOTE: Option<Proposal> = Some(Proposal::Vote);

    fn ranked(list: &[(&str, Option<Classification>)]) -> Vec<(Decimal, Option<Classification>)> {
        list.iter().map(|(t, c)| (d(t), *c)).collect()
    }

    #[test]
    fn proposals_follow_positions_and_eligibility() {
        let r = ranked(&[("95", X), ("92", X), ("85", G), ("70", K)]);
        let (p, ties) = propose(&r, &default_titles(1, 1));
        assert_eq!(p, vec![FLAG, CERT, None, None]);
        assert!(ties.is_empty());
        // A first place that is only Tốt gets no flag.
        let r = ranked(&[("85", G), ("82", G)]);
        assert_eq!(propose(&r, &default_titles(1, 1)).0, vec![None, CERT]);
    }

    #[test]
    fn tie_straddling_the_flag_cutoff_is_put_to_the_vote() {
        let r = ranked(&[("95", X), ("95", X), ("85", G), ("70", K)]);
        let (p, ties) = propose(&r, &default_titles(1, 1));
        assert_eq!(p, vec![VOTE, VOTE, None, None]);
        assert_eq!(
            ties,
            vec![TiedCutoff {
                members: vec![0, 1],
                proposal: Proposal::Title(0)
            }]
        );
    }

    #[test]
    fn tie_straddling_the_certificate_cutoff_votes_only_the_eligible() {
        let r = ranked(&[("95", X), ("85", G), ("85", G), ("70", K)]);
        let (p, ties) = propose(&r, &default_titles(1, 1));
        assert_eq!(p, vec![FLAG, VOTE, VOTE, None]);
        assert_eq!(ties[0].proposal, Proposal::Title(1));
        let r = ranked(&[("95", X), ("70", K), ("70", K)]);
        let (p, ties) = propose(&r, &default_titles(1, 1));
        assert_eq!(p, vec![FLAG, None, None]);
        assert_eq!(ties.len(), 1);
    }

    #[test]
    fn tie_inside_one_band_needs_no_vote() {
        let r = ranked(&[("95", X), ("88", G), ("88", G), ("70", K)]);
        let (p, ties) = propose(&r, &default_titles(1, 2));
        assert_eq!(p, vec![FLAG, CERT, CERT, None]);
        assert!(ties.is_empty());
    }

    #[test]
    fn tie_covering_both_bands_votes_for_flag_and_certificate() {
        let r = ranked(&[("91", X), ("91", G), ("91", K)]);
        let (p, ties) = propose(&r, &default_titles(1, 1));
        assert_eq!(p, vec![VOTE, VOTE, None]);
        assert_eq!(ties.len(), 1);
    }

    #[test]
    fn no_flags_means_certificates_from_the_first_position() {
        let r = ranked(&[("95", X), ("92", X)]);
        assert_eq!(propose(&r, &default_titles(0, 1)).0, vec![CERT, None]);
    }

    /// Three titles: 1 position, 2 positions, 2 positions; minimum classes
    /// 0, 1 and 2.
    fn three_titles() -> Vec<TitleRule> {
        vec![
            title("Cờ thi đua", TitleCount::Number(1), Some(0)),
            title("Bằng khen", TitleCount::Number(2), Some(1)),
            title("Giấy khen", TitleCount::Number(2), Some(2)),
        ]
    }

    #[test]
    fn three_titles_go_by_position_with_their_minimum_classes() {
        let r = ranked(&[
            ("95", X),
            ("90", X),
            ("85", K),
            ("80", K),
            ("75", N),
            ("70", X),
        ]);
        let (p, ties) = propose(&r, &three_titles());
        // Position 3 is Khá: below Bằng khen's minimum; position 5 is below
        // Giấy khen's; position 6 is past every title.
        assert_eq!(p, vec![FLAG, CERT, None, THIRD, None, None]);
        assert!(ties.is_empty());
    }

    #[test]
    fn ties_straddling_each_cutoff_of_three_titles_are_put_to_the_vote() {
        let titles = three_titles();
        // Straddling the first cut-off (position 1).
        let r = ranked(&[("95", X), ("95", G), ("90", G), ("85", K), ("80", K)]);
        let (p, ties) = propose(&r, &titles);
        // Tốt is eligible for Bằng khen, which the group's positions 1-2 cover.
        assert_eq!(p, vec![VOTE, VOTE, CERT, THIRD, THIRD]);
        assert_eq!(ties[0].proposal, Proposal::Title(0));
        // Straddling the second (position 3): positions 3-4.
        let r = ranked(&[("95", X), ("90", G), ("85", K), ("85", G), ("80", K)]);
        let (p, ties) = propose(&r, &titles);
        assert_eq!(p, vec![FLAG, CERT, VOTE, VOTE, THIRD]);
        assert_eq!(ties[0].proposal, Proposal::Title(1));
        // Straddling the third (position 5): positions 5-6; Chưa đạt is
        // eligible for nothing.
        let r = ranked(&[
            ("95", X),
            ("90", G),
            ("88", G),
            ("85", K),
            ("80", K),
            ("80", N),
        ]);
        let (p, ties) = propose(&r, &titles);
        assert_eq!(p, vec![FLAG, CERT, CERT, THIRD, VOTE, None]);
        assert_eq!(
            ties,
            vec![TiedCutoff {
                members: vec![4, 5],
                proposal: Proposal::Title(2)
            }]
        );
        // One group over every cut-off: each member eligible for any title
        // votes.
        let r = ranked(&[
            ("90", X),
            ("90", G),
            ("90", K),
            ("90", N),
            ("90", N),
            ("90", N),
        ]);
        let (p, ties) = propose(&r, &titles);
        assert_eq!(p, vec![VOTE, VOTE, VOTE, None, None, None]);
        assert_eq!(ties.len(), 1);
    }

    #[test]
    fn shares_are_of_the_ranked_units() {
        let titles = vec![
            title("Cờ", TitleCount::Share(d("20")), Some(0)),
            title("Bằng khen", TitleCount::Share(d("50")), None),
        ];
        // Six ranked: 20 % is 1.2, so 1; 50 % is 3.
        let r = ranked(&[
            ("99", X),
            ("98", X),
            ("97", N),
            ("96", N),
            ("95", N),
            ("94", N),
        ]);
        let (p, _) = propose(&r, &titles);
        assert_eq!(p, vec![FLAG, CERT, CERT, CERT, None, None]);
        // Three ranked: 20 % is 0.6, at least 1; 50 % is 1.5, so 1.
        let (p, _) = propose(&r[..3], &titles);
        assert_eq!(p, vec![FLAG, CERT, None]);
    }

    #[test]
    fn a_title_without_a_minimum_class_goes_to_a_unit_without_a_class() {
        let titles = vec![title("Giấy khen", TitleCount::Number(1), None)];
        let r = ranked(&[("10", None)]);
        assert_eq!(propose(&r, &titles).0, vec![FLAG]);
        let titles = vec![title("Giấy khen", TitleCount::Number(1), Some(3))];
        assert_eq!(propose(&r, &titles).0, vec![None]);
    }
}
