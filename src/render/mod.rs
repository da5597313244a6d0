//! Renderers: each turns the run's `Outcome` (or the agreement) into one kind of output file.

pub mod forms;
pub mod pdf;
pub mod xlsx;
