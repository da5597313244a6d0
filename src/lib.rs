//! thidua: checks, scores and ranks the self-scoring workbooks of an emulation cluster.

pub mod workbook;
