//! The PDF outputs: the conference handout (`hoi-nghi-<Năm>.pdf`) and the
//! agreement for signing (`giao-uoc-<Năm>.pdf`), in the official Vietnamese
//! document format of Decree 30/2020/ND-CP.
//!
//! Each document is made in three steps: its module (`handout`,
//! `agreement`) says what it contains, using the official parts in
//! `official`, the pieces both share in `parts` and the editable wording of
//! a template (`markup`); `layout`
//! places everything on A4 pages with the fonts of `fonts`; `write` turns the
//! pages into PDF bytes. The same inputs always give the same bytes.
//!
//! ```no_run
//! # fn demo(outcome: &thidua::model::Outcome) -> Result<(), String> {
//! let bytes = thidua::render::pdf::handout(outcome, std::path::Path::new("."))?;
//! std::fs::write("hoi-nghi.pdf", bytes).map_err(|e| e.to_string())?;
//! # Ok(()) }
//! ```

mod agreement;
pub mod fonts;
mod handout;
pub mod layout;
mod markup;
mod official;
mod parts;
mod write;

use super::Detail;
use crate::model::Agreement;
use crate::model::Outcome;
use crate::model::Wording;

pub use handout::{NOTES, TEMPLATE};

/// A rendered PDF and the characters its fonts could not show (printed as '?').
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub missing_chars: Vec<char>,
}

/// The conference handout of a run, in the working folder's `wording`: its
/// `templates/hoi-nghi.md.j2`, if any, replaces the built-in template, and its
/// `ghi-chu.md`, if any, goes where the template puts `{{ ghi_chu }}`.
/// Its appendix has a section per unit up to
/// [`PER_UNIT_DETAIL_MAX`](super::PER_UNIT_DETAIL_MAX) units (see [`Detail`]).
pub fn handout(outcome: &Outcome, wording: &Wording) -> Result<Vec<u8>, String> {
    render_handout(outcome, wording, Detail::of(outcome, false)).map(|r| r.bytes)
}

/// The handout with the appendix `detail` asks for, and what could not be shown.
pub fn render_handout(
    outcome: &Outcome,
    wording: &Wording,
    detail: Detail,
) -> Result<Rendered, String> {
    let layout = handout::layout(outcome, wording, detail)?;
    let bytes = write::to_pdf(&layout, &handout::meta(outcome))?;
    Ok(Rendered {
        bytes,
        missing_chars: layout.missing,
    })
}

/// The handout's pages as laid out, before they become PDF (for checks).
pub fn handout_layout(outcome: &Outcome, wording: &Wording) -> Result<layout::Layout, String> {
    handout::layout(outcome, wording, Detail::of(outcome, false))
}

/// The agreement for signing.
pub fn agreement(agreement: &Agreement) -> Result<Vec<u8>, String> {
    render_agreement(agreement).map(|r| r.bytes)
}

/// The agreement, with what could not be shown.
pub fn render_agreement(agreement: &Agreement) -> Result<Rendered, String> {
    let layout = agreement::layout(agreement)?;
    let bytes = write::to_pdf(&layout, &agreement::meta(agreement))?;
    Ok(Rendered {
        bytes,
        missing_chars: layout.missing,
    })
}

/// The agreement's pages as laid out, before they become PDF (for checks).
pub fn agreement_layout(agreement: &Agreement) -> Result<layout::Layout, String> {
    agreement::layout(agreement)
}
