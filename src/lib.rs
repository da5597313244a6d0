//! thidua: checks, scores and ranks the self-scoring workbooks of a
//! Vietnamese emulation cluster (cụm thi đua).
//!
//! Data flows one way: `workbook` (any spreadsheet as cells) ->
//! `agreement` and `import` (the model) -> `pipeline` (check, `score`) ->
//! renderers (`json`, `report`, `render::xlsx`, `render::pdf`), written by `output`.

pub mod commands;
pub mod model;
pub mod output;
pub mod read;
pub mod record;
pub mod render;
pub mod run;
pub mod text;
