//! The live score of a fill-in form: spreadsheet formulas that give, for
//! every method, exactly what `score::criterion_score` gives.
//!
//! Spreadsheets compute in binary floating point, and both Excel and
//! LibreOffice snap results to 15 significant digits, so `ROUND(max*a/t, 2)`
//! is right only by luck at exact halves (10 × 1 196 875 / 1 250 000 =
//! 9.575) and can be wrong near them. These formulas stay in whole numbers:
//!
//! 1. the typed value becomes an integer count of its smallest decimal,
//!    `n = ROUND(x*10^k, 0)`, exact for values typed with at most `k`
//!    decimals (k ≤ 6, chosen per criterion);
//! 2. the score in hundredths is a ratio of integers fixed when the form is
//!    made, `cents = (B + C*n) / D`, computed from the signed maximum, target
//!    and rate in exact rational arithmetic;
//! 3. `ROUND(cents, 0)` rounds it half away from zero, then `/100`.
//!
//! Every integer stays below 10^13 (checked when the formula is made, else
//! `k` is lowered), so products are exact doubles, an exact half is
//! represented exactly, and any other value lies at least 1/(2D) from a half,
//! far beyond both the double's error and the 15-digit snapping. Only where
//! even `k = 0` does not fit (targets near 10^12) does the formula fall back
//! to plain floating point.

use crate::model::{Criterion, Method};
use crate::score::round2;
use rust_decimal::Decimal;

/// Most decimals of a typed value the live score keeps exactly.
const MAX_DECIMALS: u32 = 6;

/// Bound on every integer a formula computes with (see the module doc).
const EXACT_LIMIT: f64 = 1e13;

/// Bound on a typed value scaled to an integer.
const INPUT_LIMIT: f64 = 1e15;

/// The cells a criterion's live score reads, as A1 references.
#[derive(Debug, Clone, Copy)]
pub struct Cells<'a> {
    /// Kết quả.
    pub result: &'a str,
    /// Tự chấm.
    pub self_score: &'a str,
}

/// The formula (without `=`) giving the criterion's score for a unit with
/// this signed target; 0 where the result (or, for `Thẩm định`, the
/// self-score) is empty, not a number, or out of range as the importer
/// judges it.
pub fn score(criterion: &Criterion, target: Option<Decimal>, cells: Cells) -> String {
    let max = literal(round2(criterion.max));
    let cap = cents_literal(criterion.max);
    let raw = cells.result;
    let shown = as_shown(criterion, raw);
    let x = shown.as_str();
    let guarded =
        |body: String| format!("IF(ISNUMBER({raw}),IF({},{body},0),0)", valid(criterion, x));
    match criterion.method {
        Method::Proportional => match target.filter(|t| *t > Decimal::ZERO) {
            Some(t) => {
                let below = proportional(criterion.max, t).text(x);
                guarded(format!("IF({x}>={},{max},{below}/100)", literal(t)))
            }
            None => "0".into(),
        },
        Method::Threshold => match target {
            Some(t) => guarded(format!("IF({x}>={},{max},0)", literal(t))),
            None => "0".into(),
        },
        Method::Ceiling => match target {
            Some(t) => {
                let rate = criterion.rate.unwrap_or(criterion.max);
                let over = ceiling(criterion.max, rate, t).text(x);
                guarded(format!("IF({x}<={},{max},MAX(0,{over})/100)", literal(t)))
            }
            None => "0".into(),
        },
        Method::Assessed => {
            let s = cells.self_score;
            let cents = plain(criterion.max).text(s);
            format!("IF(ISNUMBER({s}),MAX(0,MIN({cents},{cap}))/100,0)")
        }
        Method::Bonus | Method::Penalty => match criterion.rate {
            Some(rate) => {
                let cents = per_unit(criterion.max, rate).text(x);
                let sign = if criterion.method == Method::Penalty {
                    "-"
                } else {
                    ""
                };
                guarded(format!("{sign}MIN({cents},{cap})/100"))
            }
            None => "0".into(),
        },
    }
}

/// The result as the importer reads it. On percent criteria a cell that
/// shows 95% (0.95 under a percent format, as Excel stores a typed "95%") is
/// 95; `CELL("format")` tells the format ("P0", "P2", …) where the program
/// supports it, else the value is taken as typed.
fn as_shown(criterion: &Criterion, x: &str) -> String {
    if criterion.is_percent() {
        format!("IF(IFERROR(LEFT(CELL(\"format\",{x}),1)=\"P\",FALSE),ROUND({x}*100,12),{x})")
    } else {
        x.to_string()
    }
}

/// What the importer accepts as a result: a number ≥ 0, at most 100 for percent criteria.
fn valid(criterion: &Criterion, x: &str) -> String {
    if criterion.is_percent() {
        format!("AND({x}>=0,{x}<=100)")
    } else {
        format!("{x}>=0")
    }
}

/// A decimal as a formula literal: no exponent, no trailing zeros.
pub fn literal(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A maximum in hundredths (rounded as scores are), as a literal.
fn cents_literal(max: Decimal) -> String {
    literal(round2(max) * Decimal::ONE_HUNDRED)
}

/// Score in hundredths below the target: 100 × max × a / t.
fn proportional(max: Decimal, t: Decimal) -> Cents {
    let hundred = Decimal::ONE_HUNDRED;
    let plan = Plan {
        constant: Some(Ratio::ZERO),
        slope: Ratio::of(hundred * max).and_then(|m| m.div(Ratio::of(t)?)),
        cap: max,
        input_high: t,
    };
    plan.cents(|x| format!("ROUND(100*{}*{x}/{},0)", literal(max), literal(t)))
}

/// Score in hundredths above the target: 100 × (max − r × (a − t)).
fn ceiling(max: Decimal, rate: Decimal, t: Decimal) -> Cents {
    let hundred = Ratio::int(100);
    let (m, r, tr) = (Ratio::of(max), Ratio::of(rate), Ratio::of(t));
    let constant = (|| hundred.mul(m?.add(r?.mul(tr?)?)?))();
    let slope = r.and_then(|r| hundred.mul(r)).map(Ratio::neg);
    let reach = if rate > Decimal::ZERO {
        max.checked_div(rate)
    } else {
        None
    };
    let plan = Plan {
        constant,
        slope,
        cap: max,
        input_high: t
            .checked_add(reach.unwrap_or_default())
            .unwrap_or(Decimal::MAX),
    };
    plan.cents(|x| {
        format!(
            "ROUND(100*({}-{}*({x}-{})),0)",
            literal(max),
            literal(rate),
            literal(t)
        )
    })
}

/// Bonus and penalty in hundredths: 100 × a × r.
fn per_unit(max: Decimal, rate: Decimal) -> Cents {
    let reach = if rate > Decimal::ZERO {
        max.checked_div(rate)
    } else {
        None
    };
    let plan = Plan {
        constant: Some(Ratio::ZERO),
        slope: Ratio::of(rate).and_then(|r| Ratio::int(100).mul(r)),
        cap: max,
        input_high: reach.unwrap_or_default(),
    };
    plan.cents(|x| format!("ROUND(100*{x}*{},0)", literal(rate)))
}

/// A typed score in hundredths: 100 × s.
fn plain(max: Decimal) -> Cents {
    let plan = Plan {
        constant: Some(Ratio::ZERO),
        slope: Some(Ratio::int(100)),
        cap: max,
        input_high: max,
    };
    plan.cents(|x| format!("ROUND(100*{x},0)"))
}

/// A score in hundredths as `constant + slope × x`, with what bounds it.
struct Plan {
    constant: Option<Ratio>,
    slope: Option<Ratio>,
    /// The maximum: scores that matter never exceed it (in absolute value).
    cap: Decimal,
    /// The largest typed value whose score is not capped or floored.
    input_high: Decimal,
}

impl Plan {
    /// The exact formula with the most decimals that fits, else `fallback`.
    fn cents(&self, fallback: impl Fn(&str) -> String) -> Cents {
        let exact = (|| {
            let (constant, slope) = (self.constant?, self.slope?);
            (0..=MAX_DECIMALS)
                .rev()
                .find_map(|k| self.exact(constant, slope, k))
        })();
        match exact {
            Some(e) => Cents::Exact(e),
            None => Cents::Approximate(fallback("{x}")),
        }
    }

    /// `(b + c·n) / d` with `n = ROUND(x·10^k, 0)`, if every integer stays small.
    fn exact(&self, constant: Ratio, slope: Ratio, k: u32) -> Option<Exact> {
        let scale = 10i128.checked_pow(k)?;
        let slope = slope.div(Ratio::int(scale))?;
        let d = lcm(constant.den, slope.den)?;
        let b = constant.num.checked_mul(d / constant.den)?;
        let c = slope.num.checked_mul(d / slope.den)?;
        let g = gcd(gcd(b, c), d).max(1);
        let (b, c, d) = (b / g, c / g, d / g);
        let input_high = to_f64(self.input_high).abs() * scale as f64;
        let cap = to_f64(self.cap).abs() * 100.0 + 1.0;
        let fits = input_high <= INPUT_LIMIT
            && (b as f64).abs() <= EXACT_LIMIT
            && (c as f64).abs() * input_high <= EXACT_LIMIT
            && d as f64 * cap <= EXACT_LIMIT;
        fits.then_some(Exact {
            b,
            c,
            d,
            decimals: k,
        })
    }
}

/// A score in hundredths, rounded half away from zero, as a formula.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cents {
    Exact(Exact),
    /// Plain floating point, `{x}` standing for the input cell.
    Approximate(String),
}

/// `ROUND((b + c·ROUND(x·10^decimals, 0)) / d, 0)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Exact {
    b: i128,
    c: i128,
    d: i128,
    decimals: u32,
}

impl Cents {
    fn text(&self, x: &str) -> String {
        match self {
            Cents::Exact(e) => e.text(x),
            Cents::Approximate(f) => f.replace("{x}", x),
        }
    }
}

impl Exact {
    fn text(&self, x: &str) -> String {
        let n = match self.decimals {
            0 => format!("ROUND({x},0)"),
            k => format!("ROUND({x}*1{},0)", "0".repeat(k as usize)),
        };
        let term = match self.c {
            1 => n,
            c => format!("{c}*{n}"),
        };
        let sum = match self.b {
            0 => term,
            b if term.starts_with('-') => format!("{b}{term}"),
            b => format!("{b}+{term}"),
        };
        if self.d == 1 {
            format!("({sum})")
        } else {
            format!("ROUND(({sum})/{},0)", self.d)
        }
    }
}

/// An exact fraction of 128-bit integers, in lowest terms, denominator > 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ratio {
    num: i128,
    den: i128,
}

impl Ratio {
    const ZERO: Ratio = Ratio { num: 0, den: 1 };

    fn int(n: i128) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    fn of(d: Decimal) -> Option<Ratio> {
        Ratio::new(d.mantissa(), 10i128.checked_pow(d.scale())?)
    }

    fn new(num: i128, den: i128) -> Option<Ratio> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1) * den.signum();
        Some(Ratio {
            num: num / g,
            den: den / g,
        })
    }

    fn neg(self) -> Ratio {
        Ratio {
            num: -self.num,
            den: self.den,
        }
    }

    fn mul(self, o: Ratio) -> Option<Ratio> {
        Ratio::new(self.num.checked_mul(o.num)?, self.den.checked_mul(o.den)?)
    }

    fn div(self, o: Ratio) -> Option<Ratio> {
        Ratio::new(self.num.checked_mul(o.den)?, self.den.checked_mul(o.num)?)
    }

    fn add(self, o: Ratio) -> Option<Ratio> {
        let num = self
            .num
            .checked_mul(o.den)?
            .checked_add(o.num.checked_mul(self.den)?)?;
        Ratio::new(num, self.den.checked_mul(o.den)?)
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn lcm(a: i128, b: i128) -> Option<i128> {
    (a / gcd(a, b).max(1)).checked_mul(b)
}

fn to_f64(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(f64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::decimal_from_f64;
    use std::collections::BTreeMap;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn criterion(method: Method, max: &str, rate: Option<&str>, measure: &str) -> Criterion {
        Criterion {
            code: "1".into(),
            content: "x".into(),
            measure: measure.into(),
            max: d(max),
            method,
            rate: rate.map(d),
            target: None,
            unit_targets: BTreeMap::new(),
            section: None,
            row: 0,
        }
    }

    const CELLS: Cells = Cells {
        result: "G9",
        self_score: "H9",
    };

    #[test]
    fn proportional_divides_whole_numbers_once() {
        let c = criterion(Method::Proportional, "10", None, "");
        assert_eq!(
            score(&c, Some(d("1250000")), CELLS),
            "IF(ISNUMBER(G9),IF(G9>=0,IF(G9>=1250000,10,ROUND((ROUND(G9*1000000,0))/1250000000,0)/100),0),0)"
        );
    }

    #[test]
    fn percent_results_are_read_as_shown_and_capped_at_100() {
        let c = criterion(Method::Threshold, "5", None, "%");
        let x = r#"IF(IFERROR(LEFT(CELL("format",G9),1)="P",FALSE),ROUND(G9*100,12),G9)"#;
        assert_eq!(
            score(&c, Some(d("95")), CELLS),
            format!("IF(ISNUMBER(G9),IF(AND({x}>=0,{x}<=100),IF({x}>=95,5,0),0),0)")
        );
    }

    #[test]
    fn ceiling_is_one_linear_form_in_hundredths() {
        // 100 × (5 − 1.5 × (a − 2)) = 800 − 150a = (16·10^6 − 3n) / 2·10^4 with n = a·10^6.
        let c = criterion(Method::Ceiling, "5", Some("1.5"), "vụ");
        assert_eq!(
            score(&c, Some(d("2")), CELLS),
            "IF(ISNUMBER(G9),IF(G9>=0,IF(G9<=2,5,MAX(0,ROUND((16000000-3*ROUND(G9*1000000,0))/20000,0))/100),0),0)"
        );
    }

    #[test]
    fn assessed_reads_the_self_score_and_clamps_it() {
        let c = criterion(Method::Assessed, "10", None, "");
        assert_eq!(
            score(&c, None, CELLS),
            "IF(ISNUMBER(H9),MAX(0,MIN(ROUND((ROUND(H9*1000000,0))/10000,0),1000))/100,0)"
        );
    }

    #[test]
    fn penalty_is_negative_and_capped() {
        let c = criterion(Method::Penalty, "3", Some("0.25"), "vụ");
        assert_eq!(
            score(&c, None, CELLS),
            "IF(ISNUMBER(G9),IF(G9>=0,-MIN(ROUND((ROUND(G9*1000000,0))/40000,0),300)/100,0),0)"
        );
    }

    #[test]
    fn methods_without_what_they_need_score_zero() {
        assert_eq!(
            score(
                &criterion(Method::Proportional, "10", None, ""),
                Some(Decimal::ZERO),
                CELLS
            ),
            "0"
        );
        assert_eq!(
            score(&criterion(Method::Bonus, "10", None, ""), None, CELLS),
            "0"
        );
    }

    #[test]
    fn large_targets_keep_fewer_decimals_of_the_result() {
        // 1000 a / 999 999 937 (a prime): D grows with every decimal kept.
        let e = match proportional(d("10"), d("999999937")) {
            Cents::Exact(e) => e,
            other => panic!("{other:?}"),
        };
        assert!(e.decimals < MAX_DECIMALS);
        assert!(e.d as f64 * 1001.0 <= EXACT_LIMIT);
    }

    #[test]
    fn huge_targets_fall_back_to_floating_point() {
        let cents = proportional(d("7.35"), d("999999999999937"));
        assert_eq!(cents.text("G9"), "ROUND(100*7.35*G9/999999999999937,0)");
    }

    /// Evaluates an exact plan the way a spreadsheet does, in f64, for the typed decimal `x`.
    fn evaluate(e: &Exact, x: &str) -> f64 {
        let n = (x.parse::<f64>().unwrap() * 10f64.powi(e.decimals as i32)).round();
        ((e.b as f64 + e.c as f64 * n) / e.d as f64).round() / 100.0
    }

    #[test]
    fn exact_plans_match_decimal_scoring_at_and_near_halves() {
        // T = 1 234 567 makes 750a/T come within 1/(2T) of a half without reaching it.
        let t = 1_234_567i64;
        let c = criterion(Method::Proportional, "7.5", None, "");
        let Cents::Exact(e) = proportional(c.max, Decimal::from(t)) else {
            panic!()
        };
        let mut checked = 0;
        for a in 0..t {
            let twice_remainder = 2 * ((750 * a) % t);
            if (twice_remainder - t).abs() <= 1 {
                let expected = crate::score::criterion_score(
                    &c,
                    crate::score::Inputs {
                        target: Some(Decimal::from(t)),
                        result: Some(Decimal::from(a)),
                        self_score: None,
                    },
                );
                assert_eq!(
                    decimal_from_f64(evaluate(&e, &a.to_string())),
                    Some(expected),
                    "a = {a}"
                );
                checked += 1;
            }
        }
        assert!(checked >= 2);
        let Cents::Exact(e) = proportional(d("10"), d("1250000")) else {
            panic!()
        };
        assert_eq!(evaluate(&e, "1196875"), 9.58);
    }
}
