//! Renderers: each turns the run's `Outcome` (or the agreement) into one kind of output file.
//!
//! How much per-unit detail the outputs of `run` carry ([`Detail`]) is the
//! model's (`model::detail`), shared with the papers of `documents`.

pub mod agreement_workbook;
pub mod docx;
pub mod forms;
pub mod json;
pub mod pdf;
pub mod report;
pub mod xlsx;

use crate::model::diagnostic::Lang;

/// The language of every official document (workbook, handout, agreement,
/// forms): Vietnamese, whatever `--lang` says (SPEC section 7). `--lang`
/// changes only the terminal, the help and the JSON's messages.
pub const OFFICIAL: Lang = Lang::Vi;

pub use crate::model::detail::{Detail, PER_UNIT_DETAIL_MAX};
