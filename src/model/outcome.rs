//! What a run found ([`Outcome`]): the input of every renderer.

use super::diagnostic::Diagnostic;
use super::{Agreement, FileRecord, Submission, UnitResult};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Everything a run found: the input of every renderer.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub agreement: Agreement,
    /// One per member unit, in `Đơn vị` order.
    pub units: Vec<UnitResult>,
    /// Indices into `units` of the ranked units, in rank order.
    pub ranking: Vec<usize>,
    /// Every inbox file, by name.
    pub files: Vec<FileRecord>,
    pub diagnostics: Vec<Diagnostic>,
    /// The submissions used, by unit index (None where not scored).
    pub submissions: Vec<Option<Submission>>,
    /// Where each unit's diagnostics are: `Default::default()` when making
    /// an outcome; filled by [`Outcome::diagnostics_of`].
    pub unit_findings: UnitFindings,
    /// Last year's results matched to the units (SPEC section 11), when
    /// the working folder has them (`truoc/`, `--previous`).
    pub previous: Option<super::previous::Previous>,
}

/// An index of the diagnostics by unit, built on the first
/// [`Outcome::diagnostics_of`] (renderers ask for every unit, often once per
/// row: a scan of all diagnostics each time is quadratic in the units). It
/// is rebuilt when the number of diagnostics changed, and not cloned.
#[derive(Debug, Default)]
pub struct UnitFindings(OnceLock<(usize, HashMap<String, Vec<usize>>)>);

impl Clone for UnitFindings {
    fn clone(&self) -> UnitFindings {
        UnitFindings::default()
    }
}

impl Outcome {
    /// Whether any error was found (exit status 1).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == super::diagnostic::Severity::Error)
    }

    /// Diagnostics about one unit, in order.
    pub fn diagnostics_of<'a>(
        &'a self,
        code: &'a str,
    ) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        let (count, index) = self.unit_findings.0.get_or_init(|| {
            let mut index: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, d) in self.diagnostics.iter().enumerate() {
                if let Some(unit) = &d.unit {
                    index.entry(unit.clone()).or_default().push(i);
                }
            }
            (self.diagnostics.len(), index)
        });
        // Diagnostics added since the index was built: scan them all instead.
        let current = *count == self.diagnostics.len();
        let indexed: &[usize] = if current {
            index.get(code).map_or(&[], Vec::as_slice)
        } else {
            &[]
        };
        let scanned = if current {
            &[][..]
        } else {
            &self.diagnostics[..]
        };
        indexed.iter().map(move |&i| &self.diagnostics[i]).chain(
            scanned
                .iter()
                .filter(move |d| d.unit.as_deref() == Some(code)),
        )
    }
}
