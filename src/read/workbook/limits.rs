//! The bounds every read stays within, and the running budget that enforces
//! the per-workbook ones.
//!
//! The constants are the documented limits (the README quotes them). This
//! module does not decide what happens when a bound is hit beyond returning
//! [`ReadError::TooLarge`] (or truncating over-long text).

use super::ReadError;
use std::time::Duration;

/// Largest file read, in bytes (64 MiB). Real scoring workbooks are well
/// under 1 MiB; the largest file of the test corpus is under 5 MiB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Most entries a zip container (xlsx, xlsm, xlsb, ods) may hold.
pub const MAX_ZIP_ENTRIES: u64 = 10_000;

/// Largest total of the uncompressed sizes a zip container declares
/// (256 MiB). The zip reader stops at the declared size of each entry, so
/// this bounds the bytes ever decompressed.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 256 * 1024 * 1024;

/// xlsx files whose parts add up to more than this (32 MiB uncompressed)
/// are read by the worker process too, when there is one: calamine loads an
/// xlsx's shared strings and styles whole, so only small ones are read in
/// process.
pub const IN_PROCESS_MAX_UNCOMPRESSED_BYTES: u64 = 32 * 1024 * 1024;

/// Highest compression ratio (uncompressed / compressed) of one zip entry
/// larger than [`RATIO_CHECK_MIN_BYTES`]. Real spreadsheet XML stays under
/// 150; deflate's ceiling is about 1030, reached by zip bombs.
pub const MAX_COMPRESSION_RATIO: u64 = 500;

/// Entries smaller than this (1 MiB) are not ratio-checked: small parts can
/// compress very well and cost nothing to read.
pub const RATIO_CHECK_MIN_BYTES: u64 = 1024 * 1024;

/// Most non-empty cells read from one workbook, all sheets together.
pub const MAX_CELLS: u64 = 2_000_000;

/// Longest text kept in one cell, in characters (Excel's own cell limit);
/// longer text is cut to this length.
pub const MAX_CELL_TEXT_CHARS: usize = 32_767;

/// Most text read from one workbook, in bytes of UTF-8 (128 MiB).
pub const MAX_TEXT_BYTES: u64 = 128 * 1024 * 1024;

/// Most merged regions read from one workbook.
pub const MAX_MERGES: u64 = 200_000;

/// Address-space limit of the worker process (2 GiB).
pub const WORKER_MEMORY_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// CPU-time limit of the worker process, in seconds.
pub const WORKER_CPU_SECONDS: u64 = 30;

/// Wall-clock time after which the worker process is killed.
pub const WORKER_TIMEOUT: Duration = Duration::from_secs(60);

pub use crate::model::limit::Limit;

/// What one workbook has used of the per-workbook bounds so far.
#[derive(Debug, Default)]
pub(super) struct Budget {
    cells: u64,
    text_bytes: u64,
    merges: u64,
}

impl Budget {
    /// Counts one more non-empty cell holding `text_len` bytes of text.
    pub(super) fn add_cell(&mut self, text_len: usize) -> Result<(), ReadError> {
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(ReadError::TooLarge(Limit::Cells { max: MAX_CELLS }));
        }
        self.text_bytes = self.text_bytes.saturating_add(text_len as u64);
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(ReadError::TooLarge(Limit::Text {
                max: MAX_TEXT_BYTES,
            }));
        }
        Ok(())
    }

    /// Counts `n` more merged regions.
    pub(super) fn add_merges(&mut self, n: usize) -> Result<(), ReadError> {
        self.merges = self.merges.saturating_add(n as u64);
        if self.merges > MAX_MERGES {
            return Err(ReadError::TooLarge(Limit::Merges { max: MAX_MERGES }));
        }
        Ok(())
    }
}
