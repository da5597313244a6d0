//! Which bound of the reader a file went past (`read::workbook::limits`
//! sets the bounds), with the numbers: carried by an `unreadable-file`
//! finding and across the worker process.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which bound a file hit, with the numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Limit {
    /// The file is larger than `workbook::limits::MAX_FILE_BYTES`.
    FileSize {
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        max: u64,
    },
    /// The zip container has more than `workbook::limits::MAX_ZIP_ENTRIES` entries.
    ZipEntries {
        /// Entries in the container.
        count: u64,
        /// The limit.
        max: u64,
    },
    /// The declared uncompressed sizes add up to more than
    /// `workbook::limits::MAX_UNCOMPRESSED_BYTES`.
    Uncompressed {
        /// The declared total in bytes (saturating).
        size: u64,
        /// The limit in bytes.
        max: u64,
    },
    /// One zip entry compresses more than `workbook::limits::MAX_COMPRESSION_RATIO` (a zip
    /// bomb).
    CompressionRatio {
        /// The entry's name in the container.
        entry: String,
        /// Its ratio, rounded down.
        ratio: u64,
        /// The limit.
        max: u64,
    },
    /// More than `workbook::limits::MAX_CELLS` non-empty cells.
    Cells {
        /// The limit.
        max: u64,
    },
    /// More than `workbook::limits::MAX_TEXT_BYTES` of text.
    Text {
        /// The limit in bytes.
        max: u64,
    },
    /// More than `workbook::limits::MAX_MERGES` merged regions.
    Merges {
        /// The limit.
        max: u64,
    },
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::FileSize { size, max } => {
                write!(f, "{size} bytes, over the limit of {max} bytes")
            }
            Limit::ZipEntries { count, max } => {
                write!(f, "{count} parts in the package, over the limit of {max}")
            }
            Limit::Uncompressed { size, max } => write!(
                f,
                "{size} bytes once uncompressed, over the limit of {max} bytes"
            ),
            Limit::CompressionRatio { entry, ratio, max } => write!(
                f,
                "part {entry} is compressed {ratio} to 1, over the limit of {max} to 1 (a zip bomb)"
            ),
            Limit::Cells { max } => write!(f, "more than {max} non-empty cells"),
            Limit::Text { max } => write!(f, "more than {max} bytes of text"),
            Limit::Merges { max } => write!(f, "more than {max} merged regions"),
        }
    }
}
