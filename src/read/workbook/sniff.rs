//! Recognising a file's real format from its bytes, and the pre-checks done
//! before any calamine code sees it: file size, and for zip containers the
//! entry count, declared uncompressed sizes, compression ratios and the
//! shared-string count.
//!
//! This module never trusts the extension and never parses cells.

use super::limits::{
    Limit, IN_PROCESS_MAX_UNCOMPRESSED_BYTES, MAX_COMPRESSION_RATIO, MAX_FILE_BYTES,
    MAX_UNCOMPRESSED_BYTES, MAX_ZIP_ENTRIES, RATIO_CHECK_MIN_BYTES,
};
use super::ReadError;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;
use zip::ZipArchive;

/// The formats calamine is asked to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// Office Open XML workbook (xlsx, xlsm, xltx).
    Xlsx,
    /// Excel binary workbook (xlsb).
    Xlsb,
    /// OpenDocument spreadsheet (ods).
    Ods,
    /// An OLE compound file: an .xls, or an encrypted xlsx/xlsb, or another
    /// OLE document; told apart by [`ole_kind`] once its bytes are read.
    Ole,
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Bytes of the shared-string table's start searched for its declared count.
const SST_HEAD_BYTES: u64 = 4096;
/// What is read of it first: enough for the usual `<sst ... uniqueCount="n">`.
const SST_SHORT_HEAD_BYTES: u64 = 512;

/// What sniffing found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Sniffed {
    /// The real format.
    pub(super) format: Format,
    /// The bytes a reader may have to go through: the declared uncompressed
    /// total of a zip container, else the file size.
    pub(super) unpacked: u64,
}

impl Sniffed {
    /// Whether calamine can read this file in process without risk to the
    /// process: a streamed xlsx small enough that its shared strings and
    /// styles, which calamine loads whole, stay small.
    pub(super) fn safe_in_process(&self) -> bool {
        self.format == Format::Xlsx && self.unpacked <= IN_PROCESS_MAX_UNCOMPRESSED_BYTES
    }
}

/// Recognises the format of a file and runs the pre-checks.
pub(super) fn sniff(path: &Path) -> Result<Sniffed, ReadError> {
    sniff_and_keep(path).map(|(sniffed, _)| sniffed)
}

/// What [`sniff_and_keep`] gives: what sniffing found, and the bytes read.
pub(super) type Kept = (Sniffed, Option<Arc<[u8]>>);

/// [`sniff`], also giving the file's bytes when it is a zip container small
/// enough to be read in process: read once, checked here and parsed from
/// memory after (a read of the file less, and no buffered seeking).
pub(super) fn sniff_and_keep(path: &Path) -> Result<Kept, ReadError> {
    let mut file = File::open(path).map_err(cannot_open)?;
    let meta = file.metadata().map_err(cannot_open)?;
    if !meta.is_file() {
        return Err(ReadError::NotSpreadsheet);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(Limit::FileSize {
            size: meta.len(),
            max: MAX_FILE_BYTES,
        }));
    }
    let mut head = Vec::with_capacity(8);
    (&mut file)
        .take(8)
        .read_to_end(&mut head)
        .map_err(cannot_open)?;
    if head.starts_with(&OLE_MAGIC) {
        let sniffed = Sniffed {
            format: Format::Ole,
            unpacked: meta.len(),
        };
        return Ok((sniffed, None));
    }
    if is_zip(&head) {
        file.seek(SeekFrom::Start(0)).map_err(cannot_open)?;
        if meta.len() > IN_PROCESS_MAX_UNCOMPRESSED_BYTES {
            return Ok((zip_format(BufReader::new(file))?, None));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.read_to_end(&mut bytes).map_err(cannot_open)?;
        let bytes: Arc<[u8]> = bytes.into();
        let sniffed = zip_format(io::Cursor::new(&bytes[..]))?;
        return Ok((sniffed, Some(bytes)));
    }
    if let Some(what) = raw_biff(&head) {
        return Err(ReadError::Corrupt(format!(
            "{what}: this old format cannot be read; open the file in Excel or \
             LibreOffice and save it as .xlsx"
        )));
    }
    Err(ReadError::NotSpreadsheet)
}

/// [`sniff_and_keep`] on the whole file already read into memory (by the
/// caller, which hashed the same bytes): the bytes are kept for any zip
/// container, since they are in memory anyway.
pub(super) fn sniff_bytes(bytes: Arc<[u8]>) -> Result<Kept, ReadError> {
    let len = bytes.len() as u64;
    if len > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(Limit::FileSize {
            size: len,
            max: MAX_FILE_BYTES,
        }));
    }
    let head = &bytes[..bytes.len().min(8)];
    if head.starts_with(&OLE_MAGIC) {
        let sniffed = Sniffed {
            format: Format::Ole,
            unpacked: len,
        };
        return Ok((sniffed, Some(bytes)));
    }
    if is_zip(head) {
        let sniffed = zip_format(io::Cursor::new(&bytes[..]))?;
        return Ok((sniffed, Some(bytes)));
    }
    if let Some(what) = raw_biff(head) {
        return Err(ReadError::Corrupt(format!(
            "{what}: this old format cannot be read; open the file in Excel or \
             LibreOffice and save it as .xlsx"
        )));
    }
    Err(ReadError::NotSpreadsheet)
}

/// The error for a file that cannot be opened or read at all.
pub(super) fn cannot_open(e: io::Error) -> ReadError {
    ReadError::Corrupt(format!("cannot read the file: {e}"))
}

fn is_zip(head: &[u8]) -> bool {
    matches!(
        head,
        [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] | [b'P', b'K', 7, 8, ..]
    )
}

/// An Excel file that is a bare BIFF record stream (Excel 2.x to 4.0, or a
/// BIFF5/8 stream without its OLE container), which calamine cannot read.
fn raw_biff(head: &[u8]) -> Option<&'static str> {
    let [0x09, version, len_lo, len_hi, ..] = *head else {
        return None;
    };
    let len = u16::from_le_bytes([len_lo, len_hi]);
    if !(4..=20).contains(&len) {
        return None;
    }
    match version {
        0x00 => Some("an Excel 2.x file (BIFF2)"),
        0x02 => Some("an Excel 3.0 file (BIFF3)"),
        0x04 => Some("an Excel 4.0 file (BIFF4)"),
        0x08 => Some("an Excel 5-2003 record stream without its OLE container"),
        _ => None,
    }
}

/// One zip entry's name (lower case, forward slashes) and sizes.
struct Entry {
    index: usize,
    name: String,
    size: u64,
}

/// Checks a zip container's bounds and tells which spreadsheet it holds.
fn zip_format<R: Read + Seek>(reader: R) -> Result<Sniffed, ReadError> {
    let mut archive = ZipArchive::new(reader)
        .map_err(|e| ReadError::Corrupt(format!("damaged zip container: {e}")))?;
    let count = archive.len() as u64;
    if count > MAX_ZIP_ENTRIES {
        return Err(ReadError::TooLarge(Limit::ZipEntries {
            count,
            max: MAX_ZIP_ENTRIES,
        }));
    }
    let (entries, unpacked) = zip_entries(&archive)?;
    let format = classify(&mut archive, &entries)?;
    if format == Format::Xlsx {
        check_shared_strings(&mut archive, &entries)?;
    }
    Ok(Sniffed { format, unpacked })
}

/// Lists the entries, checking the declared sizes and ratios; with their
/// declared uncompressed total.
fn zip_entries<R: Read + Seek>(archive: &ZipArchive<R>) -> Result<(Vec<Entry>, u64), ReadError> {
    let mut entries = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|e| ReadError::Corrupt(format!("damaged zip container: {e}")))?;
        let raw_name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let (size, compressed) = (entry.size(), entry.compressed_size());
        total = total.saturating_add(size);
        if size > RATIO_CHECK_MIN_BYTES {
            let ratio = size / compressed.max(1);
            if ratio > MAX_COMPRESSION_RATIO {
                return Err(ReadError::TooLarge(Limit::CompressionRatio {
                    entry: raw_name,
                    ratio,
                    max: MAX_COMPRESSION_RATIO,
                }));
            }
        }
        let name = raw_name.replace('\\', "/").to_lowercase();
        let name = name.trim_start_matches('/').to_owned();
        entries.push(Entry { index, name, size });
    }
    if total > MAX_UNCOMPRESSED_BYTES {
        return Err(ReadError::TooLarge(Limit::Uncompressed {
            size: total,
            max: MAX_UNCOMPRESSED_BYTES,
        }));
    }
    Ok((entries, total))
}

/// Which spreadsheet a zip container holds, from its part names.
fn classify<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    entries: &[Entry],
) -> Result<Format, ReadError> {
    let has = |pred: &dyn Fn(&str) -> bool| entries.iter().find(|e| pred(&e.name));
    if has(&|n| n.ends_with("workbook.xml")).is_some() {
        return Ok(Format::Xlsx);
    }
    if has(&|n| n.ends_with("workbook.bin")).is_some() {
        return Ok(Format::Xlsb);
    }
    if has(&|n| n == "content.xml").is_some() {
        let mimetype = has(&|n| n == "mimetype").map(|e| e.index);
        return match mimetype.map(|i| read_head(archive, i, 256)) {
            Some(Ok(m)) if !m.windows(11).any(|w| w == b"spreadsheet") => {
                Err(ReadError::NotSpreadsheet)
            }
            _ => Ok(Format::Ods),
        };
    }
    if has(&|n| n.starts_with("xl/")).is_some() {
        return Err(ReadError::Corrupt(
            "an Excel package without its workbook part".to_owned(),
        ));
    }
    Err(ReadError::NotSpreadsheet)
}

/// The first `max` decompressed bytes of an entry.
fn read_head<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    index: usize,
    max: u64,
) -> io::Result<Vec<u8>> {
    let entry = archive.by_index(index)?;
    let mut head = Vec::new();
    entry.take(max).read_to_end(&mut head)?;
    Ok(head)
}

/// Refuses a shared-string table that declares more strings than its size
/// can hold: calamine reserves memory for the declared count up front, and
/// a forged count would abort the process.
fn check_shared_strings<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    entries: &[Entry],
) -> Result<(), ReadError> {
    for entry in entries
        .iter()
        .filter(|e| e.name.ends_with("sharedstrings.xml"))
    {
        let mut read = |max| {
            read_head(archive, entry.index, max)
                .map_err(|e| ReadError::Corrupt(format!("damaged shared strings: {e}")))
        };
        // The count is near the start: a short head first (inflating less),
        // the full one when the short one does not hold it whole.
        let mut head = read(SST_SHORT_HEAD_BYTES)?;
        if !holds_whole_attribute(&head, b"uniqueCount=") {
            head = read(SST_HEAD_BYTES)?;
        }
        let Some(declared) = attribute_number(&head, b"uniqueCount=") else {
            continue;
        };
        // Each string takes at least "<si/>" (5 bytes); a margin of a
        // million keeps writers that miscount harmless.
        if declared > entry.size / 4 + 1_000_000 {
            return Err(ReadError::Corrupt(format!(
                "the shared string table declares {declared} strings in {} bytes",
                entry.size
            )));
        }
    }
    Ok(())
}

/// Whether `xml` holds an attribute `name` whose value ends before the end of
/// `xml` (then a longer head gives the same [`attribute_number`]).
fn holds_whole_attribute(xml: &[u8], name: &[u8]) -> bool {
    let Some(at) = xml.windows(name.len()).position(|w| w == name) else {
        return false;
    };
    let digits_from = at + name.len() + 1;
    xml.get(digits_from..)
        .is_some_and(|rest| rest.iter().any(|b| !b.is_ascii_digit()))
}

/// The number in `name="123"` (or single quotes), saturating at u64::MAX.
fn attribute_number(xml: &[u8], name: &[u8]) -> Option<u64> {
    let at = xml.windows(name.len()).position(|w| w == name)?;
    let rest = xml.get(at + name.len() + 1..)?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit());
    Some(digits.fold(0u64, |n, &b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    }))
}

/// What an OLE compound file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OleKind {
    /// An Excel workbook stream ("Workbook" or "Book"), or a directory too
    /// damaged to tell (calamine will say what is wrong).
    Workbook,
    /// An encrypted xlsx/xlsb (EncryptedPackage) or an .xls with a FILEPASS
    /// record (RC4, CryptoAPI, or XOR obfuscation).
    Encrypted,
    /// Another OLE document (Word .doc, Outlook .msg, ...).
    Other,
}

/// Tells what an OLE compound file holds, from its directory entries and
/// its workbook stream's first records.
pub(super) fn ole_kind(bytes: &[u8]) -> OleKind {
    let names = ole_directory_names(bytes);
    if names
        .iter()
        .any(|n| n == "encryptedpackage" || n == "encryptioninfo")
        || has_filepass(bytes)
    {
        return OleKind::Encrypted;
    }
    if names.iter().any(|n| n == "workbook" || n == "book") {
        return OleKind::Workbook;
    }
    // Streams every OLE document has say nothing; with only those (or a
    // directory too damaged to list), let calamine say what is wrong.
    const GENERIC: [&str; 4] = [
        "root entry",
        "\u{5}summaryinformation",
        "\u{5}documentsummaryinformation",
        "\u{1}compobj",
    ];
    if names.iter().all(|n| GENERIC.contains(&n.as_str())) {
        OleKind::Workbook
    } else {
        OleKind::Other
    }
}

/// The names (lower case) of what look like OLE directory entries: 128-byte
/// records, 128-aligned after the 512-byte header, with a UTF-16 name, its
/// length, and a storage/stream/root type.
fn ole_directory_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    for entry in bytes.get(512..).unwrap_or_default().chunks_exact(128) {
        let len = usize::from(u16::from_le_bytes([entry[64], entry[65]]));
        let (kind, color) = (entry[66], entry[67]);
        if !(4..=64).contains(&len) || len % 2 != 0 || !matches!(kind, 1 | 2 | 5) || color > 1 {
            continue;
        }
        let units: Vec<u16> = entry[..len]
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        if let [name @ .., 0] = units.as_slice() {
            if let Ok(name) = String::from_utf16(name) {
                names.push(name.to_lowercase());
            }
        }
    }
    names
}

/// Whether a BIFF5/8 workbook-globals BOF record, at a 64-byte boundary
/// (where OLE sectors and mini-sectors start), is followed within its first
/// records by FILEPASS (0x002F): the workbook is encrypted or obfuscated.
/// calamine reports RC4/CryptoAPI but not XOR obfuscation.
fn has_filepass(bytes: &[u8]) -> bool {
    (0..bytes.len())
        .step_by(64)
        .any(|at| is_globals_bof(&bytes[at..]) && filepass_follows(&bytes[at..]))
}

fn is_globals_bof(b: &[u8]) -> bool {
    matches!(
        b,
        [0x09, 0x08, 8 | 16, 0x00, 0x00, 0x05 | 0x06, 0x05, 0x00, ..]
    )
}

fn filepass_follows(b: &[u8]) -> bool {
    let mut at = 0usize;
    for _ in 0..8 {
        let Some(&[t0, t1, l0, l1]) = b.get(at..at + 4) else {
            return false;
        };
        match u16::from_le_bytes([t0, t1]) {
            0x002F => return true,
            0x000A => return false, // EOF of the globals
            _ => at += 4 + usize::from(u16::from_le_bytes([l0, l1])),
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_biff_headers() {
        assert!(raw_biff(&[0x09, 0x04, 0x06, 0x00, 0, 0, 0x10, 0]).is_some());
        assert!(raw_biff(&[0x09, 0x00, 0x04, 0x00, 7, 0, 0x10, 0]).is_some());
        assert!(raw_biff(b"\x09\x04hello").is_none());
        assert!(raw_biff(b"Name,Score").is_none());
    }

    #[test]
    fn filepass_after_bof_and_writeprot() {
        let mut b = vec![0x09, 0x08, 16, 0, 0, 6, 5, 0];
        b.extend([0; 12]);
        b.extend([0x86, 0, 0, 0]); // WRITEPROT
        b.extend([0x2F, 0, 4, 0, 0, 0, 0, 0]); // FILEPASS
        assert!(has_filepass(&b));
        b[20] = 0x0A; // EOF instead
        assert!(!has_filepass(&b));
    }

    #[test]
    fn unique_count_attribute() {
        let xml = br#"<?xml version="1.0"?><sst xmlns="x" count="3" uniqueCount="99999999999999999999999">"#;
        assert_eq!(attribute_number(xml, b"uniqueCount="), Some(u64::MAX));
        assert_eq!(attribute_number(b"<sst count='7'>", b"count="), Some(7));
        // A head cut inside the digits, or before them, does not hold the count whole.
        assert!(holds_whole_attribute(xml, b"uniqueCount="));
        assert!(!holds_whole_attribute(
            &xml[..xml.len() - 2],
            b"uniqueCount="
        ));
        assert!(!holds_whole_attribute(
            b"<sst uniqueCount=",
            b"uniqueCount="
        ));
        assert!(!holds_whole_attribute(b"<sst count='7'>", b"uniqueCount="));
    }
}
