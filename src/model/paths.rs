//! Where things are (SPEC section 2), and a path as shown to users.

use std::path::{Path, PathBuf};

/// The handout template's file name, in `templates/` of the working folder
/// (which overrides the built-in one) and of this project.
pub const TEMPLATE: &str = "hoi-nghi.md.j2";

/// The secretariat's notes for the handout, in the working folder.
pub const NOTES: &str = "ghi-chu.md";

/// Where things are (SPEC section 2), after defaults.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The working folder.
    pub folder: PathBuf,
    pub agreement: PathBuf,
    pub inbox: PathBuf,
    pub adjustments: PathBuf,
    pub out: PathBuf,
    /// Last year's results named with `--previous` (else
    /// `truoc/ket-qua-<Năm−1>.json` is looked for: SPEC section 11).
    pub previous: Option<PathBuf>,
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
            previous: None,
        }
    }

    /// These paths with last year's results named (`--previous`).
    pub fn with_previous(mut self, previous: Option<PathBuf>) -> Paths {
        self.previous = previous;
        self
    }

    /// A path as shown to users (NFC): relative to the working folder where
    /// it is inside it, however either was given; else as given.
    pub fn show(&self, path: &Path) -> String {
        let inside = match path.strip_prefix(&self.folder) {
            Ok(p) => Some(p.to_path_buf()),
            Err(_) => relative_path(path, &self.folder).filter(|p| !p.starts_with("..")),
        };
        let shown = inside.as_deref().unwrap_or(path);
        crate::text::nfc(&shown.to_string_lossy().replace('\\', "/"))
    }

    /// A path relative to the working folder, however either was given
    /// (with `..` where it lies outside; absolute only where no relative
    /// path exists, as across Windows drives), with `/` and in NFC: the
    /// name of a file in the run record.
    pub fn relative(&self, path: &Path) -> String {
        let rel = relative_path(path, &self.folder).unwrap_or_else(|| normal(path));
        let text = rel.to_string_lossy().replace('\\', "/");
        crate::text::nfc(if text.is_empty() { "." } else { &text })
    }
}

/// A path made absolute (against the current folder) with `.` and `..`
/// taken out lexically (links are not resolved).
pub fn normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to `base`, both normalised; `None` across roots.
fn relative_path(path: &Path, base: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let (path, base) = (normal(path), normal(base));
    let (p, b): (Vec<Component>, Vec<Component>) =
        (path.components().collect(), base.components().collect());
    if p.first() != b.first() {
        return None;
    }
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut rel = PathBuf::new();
    for _ in common..b.len() {
        rel.push("..");
    }
    for c in &p[common..] {
        rel.push(c.as_os_str());
    }
    Some(rel)
}
