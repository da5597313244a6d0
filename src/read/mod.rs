//! Reading the inputs: any spreadsheet as cells (`workbook`), the signed
//! agreement (`agreement`), a unit's self-scoring workbook (`import`) and the
//! secretariat's adjustments (`adjustments`), last year's results (`previous`). Readers turn files into the
//! model and findings; they know nothing of the run or of any output.

pub mod adjustments;
pub mod agreement;
pub mod cells;
pub mod conclusions;
pub mod import;
pub mod inbox;
pub mod previous;
pub mod wording;
pub mod workbook;

use crate::model::diagnostic::Reason;
use workbook::ReadError;

/// The words for a reading failure.
pub fn read_reason(error: ReadError) -> Reason {
    match error {
        ReadError::Encrypted => Reason::Encrypted,
        ReadError::NotSpreadsheet => Reason::NotSpreadsheet,
        ReadError::TooLarge(limit) => Reason::TooLarge(limit),
        ReadError::Corrupt(what) => Reason::Corrupt(what),
        ReadError::Crashed(what) => Reason::Crashed(what),
    }
}
