//! What the page shows, kept current: the outcome of the working folder's
//! inputs, evaluated by the pipeline, with each inbox file's import cached
//! by its content hash (SHA-256) so that one new file costs one import and
//! the cheap stages after it (settle, adjust, score, rank).
//!
//! Changes are found by the files' metadata (size and modification time):
//! a file whose metadata changed is hashed, and imported again only when
//! its bytes differ. The agreement is read again when its metadata
//! changes, and then every import is made again (they are made against it).

use crate::cli::fatal_text;
use crate::model::diagnostic::Lang;
use crate::model::{Agreement, Outcome, Paths, Skip};
use crate::read::import::{self, Imported};
use crate::read::inbox::InboxEntry;
use crate::read::workbook::{fingerprint, ReadOptions};
use crate::run::pipeline;
use crate::write::record;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

/// A file's size and modification time, or `None` when it is absent.
type Stamp = Option<(u64, Option<SystemTime>)>;

fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path)
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

/// The metadata of every input the outcome depends on, in a fixed order.
#[derive(Debug, Clone, PartialEq)]
struct Signature(Vec<(PathBuf, Stamp)>);

impl Signature {
    /// The agreement, the adjustments, last year's results and every entry
    /// of the inbox (as the pipeline lists it).
    fn of_inputs(paths: &Paths) -> Signature {
        let mut files = vec![
            paths.agreement.clone(),
            paths.adjustments.clone(),
            paths.folder.join("truoc"),
        ];
        if let Ok(entries) = pipeline::list_inbox(paths) {
            files.extend(entries.iter().map(|e| e.path().to_path_buf()));
        } else {
            files.push(paths.inbox.clone());
        }
        Signature(files.into_iter().map(|p| (p.clone(), stamp(&p))).collect())
    }

    /// The files of the output folder (two levels), for whether the outputs
    /// still correspond to the inputs.
    fn of_outputs(paths: &Paths) -> Signature {
        let mut files = Vec::new();
        let mut folders = vec![(paths.out.clone(), 0)];
        while let Some((folder, depth)) = folders.pop() {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.filter_map(Result::ok) {
                let path = entry.path();
                match entry.file_type() {
                    Ok(t) if t.is_dir() && depth < 1 => folders.push((path, depth + 1)),
                    Ok(t) if t.is_file() => files.push((stamp(&path), path)),
                    _ => {}
                }
            }
        }
        files.sort_by(|a, b| a.1.cmp(&b.1));
        Signature(files.into_iter().map(|(s, p)| (p, s)).collect())
    }
}

/// One inbox file's import, kept while its bytes are the same.
struct CachedImport {
    stamp: Stamp,
    sha256: Option<String>,
    imported: Imported,
}

/// Whether the outputs in `ket-qua/` still correspond to the inputs (the
/// run record, as `thidua verify` reads it).
#[derive(Debug, Clone)]
pub enum Outputs {
    /// No run record: `run` was never pressed (or its outputs are gone).
    NotWritten,
    /// The outputs were made from the inputs as they are now.
    Current,
    /// What changed since the outputs were made, in `verify`'s words.
    Stale(Vec<String>),
}

/// The page's view of the folder at one moment.
pub struct Current {
    /// Counts up with every evaluation.
    pub generation: u64,
    /// The outcome, or why there is none (a missing or bad agreement), in
    /// the words the terminal uses.
    pub outcome: Result<Outcome, String>,
    outputs: OnceLock<Outputs>,
}

impl Current {
    /// Whether the outputs correspond to the inputs; found on first asking
    /// (it hashes every input) and kept until the next change.
    pub fn outputs(&self, paths: &Paths) -> &Outputs {
        self.outputs.get_or_init(|| {
            let year = self.outcome.as_ref().ok().map(|o| o.agreement.info.year);
            match record::verify(paths, year) {
                Err(_) => Outputs::NotWritten,
                Ok((_, findings)) if findings.is_empty() => Outputs::Current,
                Ok((_, findings)) => {
                    Outputs::Stale(findings.iter().map(|f| f.message(Lang::Vi)).collect())
                }
            }
        })
    }
}

/// The cached evaluation of a working folder.
#[derive(Default)]
pub struct Evaluation {
    inputs: Option<Signature>,
    outputs: Option<Signature>,
    agreement: Option<(Stamp, Agreement)>,
    imports: HashMap<PathBuf, CachedImport>,
    current: Option<Arc<Current>>,
    generation: u64,
}

impl Evaluation {
    /// The view as of now: evaluates again what changed on disk since the
    /// last call. The flag says whether anything changed.
    pub fn refresh(&mut self, paths: &Paths, read: &ReadOptions) -> (Arc<Current>, bool) {
        let inputs = Signature::of_inputs(paths);
        let outputs = Signature::of_outputs(paths);
        let inputs_changed = self.inputs.as_ref() != Some(&inputs);
        let outputs_changed = self.outputs.as_ref() != Some(&outputs);
        match &self.current {
            Some(current) if !inputs_changed && !outputs_changed => {
                return (Arc::clone(current), false);
            }
            _ => {}
        }
        let outcome = match (&self.current, inputs_changed) {
            (Some(current), false) => current.outcome.clone(),
            _ => self.evaluate(paths, read),
        };
        self.inputs = Some(inputs);
        self.outputs = Some(outputs);
        self.generation += 1;
        let current = Arc::new(Current {
            generation: self.generation,
            outcome,
            outputs: OnceLock::new(),
        });
        self.current = Some(Arc::clone(&current));
        (current, true)
    }

    /// Reads the agreement (when it changed) and the changed inbox files,
    /// and runs the stages after the imports.
    fn evaluate(&mut self, paths: &Paths, read: &ReadOptions) -> Result<Outcome, String> {
        let agreement = self.agreement(paths, read)?;
        let entries = pipeline::list_inbox(paths).map_err(|f| fatal_text(&f, Lang::Vi))?;
        let keys = import::Keys::new(&agreement);
        let cache = &self.imports;
        let imported: Vec<(PathBuf, Result<Imported, Skip>, Option<CachedImport>)> = entries
            .par_iter()
            .map(|entry| match entry {
                InboxEntry::Skipped(path, skip) => (path.clone(), Err(*skip), None),
                InboxEntry::Workbook(path) => {
                    let (imported, fresh) =
                        import_cached(paths, path, read, &keys, cache.get(path));
                    (path.clone(), Ok(imported), fresh)
                }
            })
            .collect();
        let mut kept: HashMap<PathBuf, CachedImport> = HashMap::new();
        let mut for_pipeline = Vec::with_capacity(imported.len());
        for (path, result, fresh) in imported {
            match fresh {
                Some(entry) => {
                    kept.insert(path.clone(), entry);
                }
                None => {
                    if let Some(old) = self.imports.remove(&path) {
                        kept.insert(path.clone(), old);
                    }
                }
            }
            for_pipeline.push((path, result));
        }
        self.imports = kept;
        Ok(pipeline::evaluate_imported(
            paths,
            read,
            agreement,
            for_pipeline,
        ))
    }

    /// The agreement, read again when its file changed (and then every
    /// cached import is dropped: they were made against the old one).
    fn agreement(&mut self, paths: &Paths, read: &ReadOptions) -> Result<Agreement, String> {
        let now = stamp(&paths.agreement);
        if let Some((seen, agreement)) = &self.agreement {
            if *seen == now && now.is_some() {
                return Ok(agreement.clone());
            }
        }
        self.imports.clear();
        self.agreement = None;
        let agreement =
            pipeline::load_agreement(paths, read).map_err(|f| fatal_text(&f, Lang::Vi))?;
        self.agreement = Some((now, agreement.clone()));
        Ok(agreement)
    }
}

/// One inbox workbook's import: the cached one when the file's metadata,
/// or else its content hash, is unchanged; otherwise imported afresh. Gives
/// the import and, when the cache entry is new or updated, that entry.
fn import_cached(
    paths: &Paths,
    path: &Path,
    read: &ReadOptions,
    keys: &import::Keys,
    cached: Option<&CachedImport>,
) -> (Imported, Option<CachedImport>) {
    let now = stamp(path);
    if let Some(c) = cached {
        if c.stamp == now {
            return (c.imported.clone(), None);
        }
        let print = fingerprint::of_path(path);
        if print.sha256.is_some() && print.sha256 == c.sha256 {
            let entry = CachedImport {
                stamp: now,
                sha256: c.sha256.clone(),
                imported: c.imported.clone(),
            };
            return (c.imported.clone(), Some(entry));
        }
    }
    let (imported, print) = pipeline::import_file(paths, path, read, keys);
    let entry = CachedImport {
        stamp: now,
        sha256: print.sha256,
        imported: imported.clone(),
    };
    (imported, Some(entry))
}
