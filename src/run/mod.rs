//! The run: the pipeline's stages (`pipeline`: import every inbox file,
//! settle which workbook stands for which unit, apply adjustments) and the
//! scoring rules (`score`: methods, rounding, ranks; `classes`:
//! classification and proposals). Takes the
//! readers and the model; writes nothing.

pub mod classes;
pub mod decisions;
pub mod pipeline;
pub mod score;
