//! The account of an input file for the run record: the SHA-256 and size of
//! the very bytes a reader was given (one open of the file), or, for a file
//! that is not read, of its bytes streamed through a fixed buffer.
//!
//! Memory never grows with the file: files over [`MAX_HASHED_BYTES`] are
//! recorded by size alone.

use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Files larger than this are not hashed: they are recorded with their size
/// and the reason (a workbook is never read past 64 MiB anyway).
pub const MAX_HASHED_BYTES: u64 = 256 << 20;

/// The SHA-256 (hex) and size of an input, or why it has no hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// SHA-256 in lower-case hex; `None` when the file was not hashed.
    pub sha256: Option<String>,
    /// Size in bytes, when known.
    pub size: Option<u64>,
    /// Why there is no hash (English, stable words for the record).
    pub reason: Option<String>,
}

impl Fingerprint {
    /// The fingerprint of bytes held in memory.
    pub fn of_bytes(bytes: &[u8]) -> Fingerprint {
        Fingerprint {
            sha256: Some(hex(&Sha256::digest(bytes))),
            size: Some(bytes.len() as u64),
            reason: None,
        }
    }

    /// No hash, for a reason.
    pub fn unhashed(size: Option<u64>, reason: impl Into<String>) -> Fingerprint {
        Fingerprint {
            sha256: None,
            size,
            reason: Some(reason.into()),
        }
    }
}

/// SHA-256 of bytes, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes an open file from where it stands, through a fixed buffer.
pub fn of_reader(mut reader: impl Read, size: u64) -> io::Result<Fingerprint> {
    if size > MAX_HASHED_BYTES {
        return Ok(Fingerprint::unhashed(Some(size), "too large to hash"));
    }
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        total += n as u64;
        if total > MAX_HASHED_BYTES {
            return Ok(Fingerprint::unhashed(Some(total), "too large to hash"));
        }
    }
    Ok(Fingerprint {
        sha256: Some(hex(&hasher.finalize())),
        size: Some(total),
        reason: None,
    })
}

/// The fingerprint of a file on disk: only a regular file (or a link to
/// one) is opened, never a FIFO or a device; anything else, or a file that
/// cannot be read, is described by its reason.
pub fn of_path(path: &Path) -> Fingerprint {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Fingerprint::unhashed(None, "absent")
        }
        Err(e) => return Fingerprint::unhashed(None, format!("cannot read: {e}")),
    };
    if let Some(kind) = not_regular(&meta) {
        return Fingerprint::unhashed(None, kind);
    }
    if meta.len() > MAX_HASHED_BYTES {
        return Fingerprint::unhashed(Some(meta.len()), "too large to hash");
    }
    let hashed = File::open(path).and_then(|file| {
        let size = file.metadata()?.len();
        of_reader(file, size)
    });
    hashed.unwrap_or_else(|e| Fingerprint::unhashed(Some(meta.len()), format!("cannot read: {e}")))
}

/// What a file that is not a regular file is, in the record's words.
pub fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_and_in_memory_hashes_agree() {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let streamed = of_reader(&bytes[..], bytes.len() as u64).unwrap();
        assert_eq!(streamed, Fingerprint::of_bytes(&bytes));
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
