//! Renderers: each turns the results of a run into one kind of output file.

pub mod pdf;
