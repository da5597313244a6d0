//! Renderers: each turns the pipeline's `Outcome` into the bytes of one kind
//! of output file, writing nothing itself.

pub mod xlsx;
