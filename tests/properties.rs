//! Invariants over random inputs: the names and order of inbox files change
//! no score; the criterion scores add up to the total; the ranking is
//! consistent with the totals.

mod common;
use common::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use thidua::model::Paths;
use thidua::read::workbook::ReadOptions;
use thidua::run::pipeline::evaluate;

/// Random results for the seven criteria of `common::criteria()`.
fn results() -> impl Strategy<Value = [f64; 7]> {
    (
        0u32..=1000, // 1.1 percent with one decimal
        0u32..=200,
        0u32..=6,
        0u32..=8,
        0u32..=80, // 2.3 self-score in quarter points
        0u32..=7,
        0u32..=12,
    )
        .prop_map(|(a, b, c, d, e, f, g)| {
            [
                a as f64 / 10.0,
                b as f64,
                c as f64,
                d as f64,
                e as f64 / 4.0,
                f as f64,
                g as f64,
            ]
        })
}

fn write_folder(dir: &std::path::Path, units: &[[f64; 7]], names: &[String]) {
    write_agreement(dir, &criteria(), &[("BK", "1.2", 97.0)]);
    for (k, r) in units.iter().enumerate() {
        let (code, name, _) = UNITS[k];
        let mut rows = answers(*r, [0.0; 7]);
        rows[4].2 = Val::Num(r[4]); // Thẩm định: the self-score is the score
        let path = dir.join("nop").join(&names[k]);
        write_unit(&path, &format!("{name} ({code})"), 2016, &rows);
    }
}

/// Per unit: code, total, criterion scores, rank.
type UnitLine = (String, Option<Decimal>, Vec<Decimal>, Option<u32>);

fn totals(dir: &std::path::Path) -> Vec<UnitLine> {
    let paths = Paths::new(dir, None, None, None);
    let outcome = evaluate(&paths, &ReadOptions::default()).expect("evaluates");
    outcome
        .units
        .iter()
        .map(|u| {
            (
                u.code.clone(),
                u.total,
                u.scores.iter().map(|s| s.score).collect(),
                u.rank,
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn renaming_or_reordering_inbox_files_changes_no_score(
        units in proptest::collection::vec(results(), 4),
        rotation in 0usize..4,
        salt in "[a-z]{1,6}",
    ) {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let plain: Vec<String> = (0..4).map(|k| format!("{k}.xlsx")).collect();
        // Other names, sorting in another order.
        let renamed: Vec<String> = (0..4).map(|k| format!("{}-{salt}-{}.xlsx", (k + rotation) % 4, k)).collect();
        write_folder(a.path(), &units, &plain);
        write_folder(b.path(), &units, &renamed);
        let (ta, tb) = (totals(a.path()), totals(b.path()));
        prop_assert!(ta.iter().all(|u| u.1.is_some()), "every unit is scored: {:?}", ta);
        prop_assert_eq!(ta, tb);
    }

    #[test]
    fn criterion_scores_add_up_to_the_total_and_ranks_follow_totals(
        units in proptest::collection::vec(results(), 4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = (0..4).map(|k| format!("{k}.xlsx")).collect();
        write_folder(dir.path(), &units, &names);
        let list = totals(dir.path());
        for (code, total, scores, _) in &list {
            let sum: Decimal = scores.iter().sum();
            prop_assert_eq!(Some(sum), *total, "{}", code);
            for s in scores {
                prop_assert_eq!(s.round_dp(2), *s, "scores have at most two decimals");
            }
        }
        for (_, ta, _, ra) in &list {
            for (_, tb, _, rb) in &list {
                if ta > tb {
                    prop_assert!(ra < rb);
                }
                if ta == tb {
                    prop_assert_eq!(ra, rb);
                }
            }
        }
    }
}
