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
