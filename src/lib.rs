//! thidua: checks, scores and ranks the self-scoring workbooks of a
//! Vietnamese emulation cluster (cụm thi đua).
//!
//! Data flows one way: `workbook` (any spreadsheet as cells) ->
//! `agreement` and `import` (the model) -> `pipeline` (check, `score`) ->
//! renderers (`json`, `report`, `render::xlsx`, `render::pdf`), written by `output`.
//! The papers (`documents`) are built as one model of a formal document
//! (`document`), which the PDF back end sets.

pub mod cli;
pub mod document;
pub mod documents;
pub mod model;
pub mod read;
pub mod render;
pub mod run;
pub mod serve;
pub mod text;
pub mod write;

/// A test-only pause (debug builds only): the milliseconds in the
/// environment variable `name`, used by the fault tests to widen a race.
pub(crate) fn test_pause(name: &str) {
    if !cfg!(debug_assertions) {
        return;
    }
    if let Some(ms) = std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}
