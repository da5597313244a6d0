//! The papers of `thidua ho-so` (SPEC section 10): minutes, tờ trình,
//! proposal list, achievement reports, each built from the [`Dossier`].
//!
//! Placeholder: the papers module written alongside replaces this file
//! whole at merge; until then `ho-so` writes no paper, only the proposal
//! list workbook and the JSON.

use crate::model::dossier::Dossier;

/// One paper of the dossier.
pub struct Paper {
    /// The file's path inside `ho-so/`, without extension (e.g.
    /// "bien-ban-2016", "bao-cao-thanh-tich/LS").
    pub stem: String,
    /// Whether the paper is also written as PDF (the achievement reports
    /// are .docx only).
    pub pdf: bool,
    pub document: crate::document::Document,
}

/// The papers of the dossier. Placeholder: none (the papers module
/// replaces it).
pub fn papers(_dossier: &Dossier) -> Result<Vec<Paper>, String> {
    Ok(Vec::new())
}
