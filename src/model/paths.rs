//! Where things are (SPEC section 2), and a path as shown to users.

use std::path::{Path, PathBuf};

/// Where things are (SPEC section 2), after defaults.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The working folder.
    pub folder: PathBuf,
    pub agreement: PathBuf,
    pub inbox: PathBuf,
    pub adjustments: PathBuf,
    pub out: PathBuf,
}

impl Paths {
    /// The SPEC's layout under `folder`, with the given overrides.
    pub fn new(
        folder: &Path,
        agreement: Option<PathBuf>,
        inbox: Option<PathBuf>,
        out: Option<PathBuf>,
    ) -> Paths {
        Paths {
            folder: folder.to_path_buf(),
            agreement: agreement.unwrap_or_else(|| folder.join("giao-uoc.xlsx")),
            inbox: inbox.unwrap_or_else(|| folder.join("nop")),
            adjustments: folder.join("dieu-chinh.xlsx"),
            out: out.unwrap_or_else(|| folder.join("ket-qua")),
        }
    }

    /// A path as shown to users: relative to the working folder where it is inside it.
    pub fn show(&self, path: &Path) -> String {
        let shown = path.strip_prefix(&self.folder).unwrap_or(path);
        shown.to_string_lossy().replace('\\', "/")
    }
}
