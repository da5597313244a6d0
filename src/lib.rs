//! thidua: checks, scores and ranks the self-scoring workbooks of a
//! Vietnamese emulation cluster (cụm thi đua).
//!
//! Data flows one way: `workbook` (any spreadsheet as cells) ->
//! `agreement` and `import` (the model) -> `pipeline` (check, `score`) ->
//! renderers (`json`, `report`, `render::xlsx`, `render::pdf`), written by `output`.

pub mod adjustments;
pub mod agreement;
pub mod cells;
pub mod commands;
pub mod diagnostic;
pub mod import;
pub mod json;
pub mod messages;
pub mod model;
pub mod numfmt;
pub mod output;
pub mod pipeline;
pub mod record;
pub mod render;
pub mod report;
pub mod score;
pub mod terminal;
pub mod text;
pub mod workbook;
pub mod write;
