//! The PDF back end: sets a [`Document`] on A4 pages in the official
//! Vietnamese document format of Decree 30/2020/ND-CP, and the two PDF
//! outputs, the conference handout (`hoi-nghi-<Năm>.pdf`) and the agreement
//! for signing (`giao-uoc-<Năm>.pdf`), whose content `crate::documents` builds.
//!
//! `official` says how each block of a document is set, `layout` places
//! everything on A4 pages with the fonts of `fonts`, and `write` turns the
//! pages into PDF bytes. The same document always gives the same bytes.
//!
//! ```no_run
//! # fn demo(outcome: &thidua::model::Outcome, wording: &thidua::model::Wording) -> Result<(), String> {
//! let bytes = thidua::render::pdf::handout(outcome, wording)?;
//! std::fs::write("hoi-nghi.pdf", bytes).map_err(|e| e.to_string())?;
//! # Ok(()) }
//! ```

pub mod fonts;
pub mod layout;
mod official;
mod write;

use super::Detail;
use crate::document::Document;
use crate::documents;
use crate::model::Agreement;
use crate::model::Outcome;
use crate::model::Wording;
use fonts::fonts;
use layout::{Flow, Layout, Margins};

pub use crate::documents::handout::{NOTES, TEMPLATE};

/// A rendered PDF and the characters its fonts could not show (printed as '?').
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub missing_chars: Vec<char>,
}

/// A document's pages as laid out, before they become PDF (for checks).
pub fn lay_out(document: &Document) -> Result<Layout, String> {
    let mut flow = Flow::new(fonts()?, Margins::decree());
    if document.meta.draft {
        official::draft_mark(&mut flow);
    }
    for block in &document.blocks {
        official::block(&mut flow, block);
    }
    Ok(flow.finish())
}

/// A document as PDF, with what could not be shown.
pub fn render(document: &Document) -> Result<Rendered, String> {
    let layout = lay_out(document)?;
    let bytes = write::to_pdf(&layout, &document.meta)?;
    Ok(Rendered {
        bytes,
        missing_chars: layout.missing,
    })
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
    render(&documents::handout::document(outcome, wording, detail)?)
}

/// The handout's pages as laid out, before they become PDF (for checks).
pub fn handout_layout(outcome: &Outcome, wording: &Wording) -> Result<Layout, String> {
    lay_out(&documents::handout::document(
        outcome,
        wording,
        Detail::of(outcome, false),
    )?)
}

/// The agreement for signing.
pub fn agreement(agreement: &Agreement) -> Result<Vec<u8>, String> {
    render_agreement(agreement).map(|r| r.bytes)
}

/// The agreement, with what could not be shown.
pub fn render_agreement(agreement: &Agreement) -> Result<Rendered, String> {
    render(&documents::agreement::document(agreement)?)
}

/// The agreement's pages as laid out, before they become PDF (for checks).
pub fn agreement_layout(agreement: &Agreement) -> Result<Layout, String> {
    lay_out(&documents::agreement::document(agreement)?)
}
