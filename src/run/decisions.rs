//! The final proposals of `thidua ho-so` (SPEC section 10): section 5's
//! proposals, each `Biểu quyết` replaced by the `Quyết định` of its row in
//! `ket-luan.xlsx`; still `Biểu quyết` (pending) where the unit has no row
//! or its row says nothing yet (no votes, no decision: as `--mau` wrote it).
//!
//! A decision section 5 does not allow is a `decision-not-allowed` finding
//! at its `Quyết định` cell, and there are no final proposals:
//! - for a unit put to the vote, a title whose positions its tie group does
//!   not cover, or whose minimum class its class does not reach
//!   (`run::classes`: the same rules that put it to the vote);
//! - for any other unit, anything but its proposal or none (the conference
//!   may confirm a proposal, or not approve it);
//! - more units with a title in the end than the title has positions.

use crate::model::diagnostic::{Diagnostic, Kind, Reason};
use crate::model::{Outcome, Proposal};
use crate::read::conclusions::ReadConclusions;
use crate::run::classes;

/// Why unit `i`, put to the vote, may not be decided `title`; `None` when
/// it may.
fn not_votable(outcome: &Outcome, i: usize, title: usize) -> Option<Reason> {
    let a = &outcome.agreement;
    let titles = a.titles();
    let label = a.proposal_label(Proposal::Title(title)).to_string();
    let class = outcome.units[i].classification;
    if !classes::class_allows(&titles[title], class) {
        return Some(Reason::ClassBelowMinimum {
            title: label,
            class: class
                .map(|c| a.class_label(c).to_string())
                .unwrap_or_default(),
        });
    }
    let covered = classes::tie_group(outcome, i)
        .map(|group| classes::covered_titles(&titles, outcome.ranking.len(), group))
        .unwrap_or_default();
    (!covered.contains(&title)).then_some(Reason::OutsidePositions { title: label })
}

/// The final proposal of each unit (by index into `outcome.units`), or the
/// findings of the decisions that are not allowed.
pub fn final_proposals(
    outcome: &Outcome,
    read: Option<&ReadConclusions>,
) -> Result<Vec<Option<Proposal>>, Vec<Diagnostic>> {
    let mut finals: Vec<Option<Proposal>> = outcome.units.iter().map(|u| u.proposal).collect();
    let Some(read) = read else {
        return Ok(finals);
    };
    let a = &outcome.agreement;
    let label = |p: Option<Proposal>| p.map(|p| a.proposal_label(p).to_string());
    let mut findings = Vec::new();
    let finding = |vote: &crate::model::dossier::Vote, reason: Reason| {
        Diagnostic::new(Kind::DecisionNotAllowed)
            .unit(outcome.units[vote.unit].code.clone())
            .file(read.file.clone())
            .sheet(read.sheet.clone())
            .cell(read.decision_cell(vote))
            .found(label(vote.decision).unwrap_or_default())
            .reason(reason)
    };
    for vote in read.conclusions.votes.iter().filter(|v| v.decided) {
        let proposal = outcome.units[vote.unit].proposal;
        let refused = match (proposal, vote.decision) {
            (Some(Proposal::Vote), Some(Proposal::Title(k))) => not_votable(outcome, vote.unit, k),
            (Some(Proposal::Vote), _) | (_, None) => None,
            (p, d) if p == d => None,
            (p, _) => Some(Reason::NotPutToVote(label(p))),
        };
        match refused {
            Some(reason) => findings.push(finding(vote, reason)),
            None => finals[vote.unit] = vote.decision,
        }
    }
    if findings.is_empty() {
        findings.extend(over_count(outcome, read, &finals, finding));
    }
    if findings.is_empty() {
        Ok(finals)
    } else {
        Err(findings)
    }
}

/// A finding at each decision that gives a title more units than its
/// positions, once the final proposals are counted.
fn over_count(
    outcome: &Outcome,
    read: &ReadConclusions,
    finals: &[Option<Proposal>],
    finding: impl Fn(&crate::model::dossier::Vote, Reason) -> Diagnostic,
) -> Vec<Diagnostic> {
    let a = &outcome.agreement;
    let mut out = Vec::new();
    for (k, title) in a.titles().iter().enumerate() {
        let allowed = title.count.positions(outcome.ranking.len());
        let decided = finals
            .iter()
            .filter(|&&f| f == Some(Proposal::Title(k)))
            .count();
        if decided <= allowed {
            continue;
        }
        let reason = Reason::TooMany {
            title: a.proposal_label(Proposal::Title(k)).to_string(),
            allowed,
            decided,
        };
        out.extend(
            read.conclusions
                .votes
                .iter()
                .filter(|v| v.decided && v.decision == Some(Proposal::Title(k)))
                .map(|v| finding(v, reason.clone())),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dossier::{Conclusions, Vote};
    use crate::model::{Classification, Paths};
    use crate::read::workbook::ReadOptions;
    use crate::run::pipeline::evaluate;

    /// The tsvm-2016 sample: 1 Cờ thi đua (TSVM xuất sắc), Bằng khen for
    /// 34 % (2 positions, TSVM tiên tiến), 2 Giấy khen (TSVM); QS and VL
    /// tied third, put to the vote.
    fn tsvm() -> Outcome {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/tsvm-2016");
        evaluate(
            &Paths::new(&folder, None, None, None),
            &ReadOptions::default(),
        )
        .expect("the sample evaluates")
    }

    fn index(o: &Outcome, code: &str) -> usize {
        o.units.iter().position(|u| u.code == code).unwrap()
    }

    fn decided(unit: usize, row: u32, decision: Option<Proposal>) -> Vote {
        Vote {
            unit,
            title: None,
            votes_for: Some(7),
            votes_against: Some(5),
            decision,
            decided: true,
            row,
        }
    }

    fn read(votes: Vec<Vote>) -> ReadConclusions {
        ReadConclusions {
            conclusions: Conclusions {
                conference: Default::default(),
                votes,
            },
            file: "ket-luan.xlsx".into(),
            sheet: "Biểu quyết".into(),
            decision_column: 4,
        }
    }

    fn reasons(result: Result<Vec<Option<Proposal>>, Vec<Diagnostic>>) -> Vec<(Reason, String)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|d| (d.reason.unwrap(), d.cell.unwrap()))
            .collect()
    }

    #[test]
    fn without_conclusions_the_final_proposals_are_section_5s() {
        let o = tsvm();
        let finals = final_proposals(&o, None).unwrap();
        let proposals: Vec<_> = o.units.iter().map(|u| u.proposal).collect();
        assert_eq!(finals, proposals);
        assert_eq!(finals[index(&o, "QS")], Some(Proposal::Vote));
    }

    #[test]
    fn a_title_outside_the_tie_groups_positions_is_refused_even_to_a_high_class() {
        let mut o = tsvm();
        let qs = index(&o, "QS");
        o.units[qs].classification = Some(Classification(0));
        let flag = Proposal::Title(0);
        assert_eq!(
            reasons(final_proposals(
                &o,
                Some(&read(vec![decided(qs, 5, Some(flag))]))
            )),
            vec![(
                Reason::OutsidePositions {
                    title: "Cờ thi đua".into()
                },
                "E5".to_string()
            )]
        );
    }

    #[test]
    fn a_title_above_the_units_class_is_refused() {
        let o = tsvm();
        let vl = index(&o, "VL");
        assert!(matches!(
            reasons(final_proposals(&o, Some(&read(vec![decided(vl, 2, Some(Proposal::Title(0)))]))))[..],
            [(Reason::ClassBelowMinimum { .. }, ref cell)] if cell == "E2"
        ));
    }

    #[test]
    fn an_undecided_row_stays_pending_and_a_decided_one_is_followed() {
        let o = tsvm();
        let (qs, vl) = (index(&o, "QS"), index(&o, "VL"));
        let mut pending = decided(vl, 3, None);
        pending.decided = false;
        let certificate = Proposal::Title(1);
        let finals = final_proposals(
            &o,
            Some(&read(vec![decided(qs, 2, Some(certificate)), pending])),
        )
        .unwrap();
        assert_eq!(finals[qs], Some(certificate));
        assert_eq!(finals[vl], Some(Proposal::Vote));
    }
}
