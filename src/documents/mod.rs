//! The papers thidua writes, each built as one [`Document`](crate::document::Document)
//! from the outcome of a run: the conference handout ([`handout`]) and the
//! agreement for signing ([`agreement`]), the letters back to units with
//! findings ([`letters`]); the papers of the yearly dossier: the minutes,
//! the tờ trình, the proposal list and the achievement reports ([`dossier`]).
//!
//! Owns what each paper says: what its template is told, the content of its
//! tables, its header, title, recipients and signatures. Does not own how
//! any of it is set on a page (`render::pdf`, later a Word back end).

pub mod agreement;
pub mod dossier;
pub mod handout;
pub mod letters;
pub mod matrix;
pub mod parts;
