//! `thidua check`: import and check; writes nothing.

use super::*;

/// `thidua check`: imports and checks, prints the findings, writes nothing.
pub fn check(options: &Options) -> i32 {
    match evaluate(options) {
        Ok(outcome) => {
            print_outcome(&outcome, options);
            status(&outcome)
        }
        Err(code) => code,
    }
}
