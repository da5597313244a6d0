//! The domain as plain data: the agreement (giao ước), its units and criteria,
//! what each unit's workbook said (submission), and the scored results.
//! No I/O here; every stage reads and writes these types.

pub mod classes;
pub mod detail;
pub mod diagnostic;
pub mod dossier;
pub mod lang;
pub mod limit;
pub mod messages;
pub mod numfmt;
pub mod outcome;
pub mod paths;
pub mod previous;
pub mod tree;

pub use classes::{Classification, Proposal};
pub use outcome::Outcome;
pub use paths::Paths;
pub use tree::Tree;

use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The signed agreement of a year (giao ước thi đua).
#[derive(Debug, Clone)]
pub struct Agreement {
    pub info: AgreementInfo,
    /// Member units in rotation order (sheet `Đơn vị`).
    pub units: Vec<Unit>,
    /// Section headings (I, II, ...) in order.
    pub sections: Vec<Section>,
    /// Criteria in the order of the agreement.
    pub criteria: Vec<Criterion>,
    /// The cluster's own classes (sheet `Xếp loại`), highest first; `None`:
    /// section 5's, from `Thông tin` ([`Agreement::classes`]).
    pub class_rules: Option<Vec<classes::ClassRule>>,
    /// The cluster's own titles (sheet `Khen thưởng`), in order; `None`:
    /// section 5's ([`Agreement::titles`]).
    pub title_rules: Option<Vec<classes::TitleRule>>,
    /// The criteria tree, when `Giao ước` has a `Cấp` column (SPEC section
    /// 11); `sections` are then its top-level groups.
    pub tree: Option<Tree>,
}

/// Sheet `Thông tin` of the agreement, defaults resolved.
#[derive(Debug, Clone)]
pub struct AgreementInfo {
    /// Tổ chức.
    pub organisation: String,
    /// Cụm thi đua.
    pub cluster: String,
    /// Năm: the year being evaluated.
    pub year: i32,
    /// Cụm trưởng: code of this year's head unit.
    pub head: String,
    /// Cụm phó: code of this year's deputy unit.
    pub deputy: Option<String>,
    /// Cụm trưởng năm sau (default: the unit after the head, wrapping).
    pub next_head: String,
    /// Cụm phó năm sau (default: the unit after next year's head, wrapping).
    pub next_deputy: String,
    /// Địa điểm: where the conference is held.
    pub place: Option<String>,
    /// Ngày hội nghị.
    pub conference_date: Option<Date>,
    /// Xuất sắc, Tốt, Khá thresholds, % of the base maximum.
    pub thresholds: Thresholds,
    /// Số Cờ thi đua.
    pub flags: u32,
    /// Số Bằng khen.
    pub certificates: u32,
}

/// A calendar date (no time zone, no clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Classification thresholds in percent of the base maximum.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub excellent: Decimal,
    pub good: Decimal,
    pub fair: Decimal,
}

/// A member unit (đơn vị) of the cluster.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Mã: unique code, e.g. CB.
    pub code: String,
    /// Tên đơn vị: full name.
    pub name: String,
    /// Tên ngắn: short name, e.g. Cao Bằng.
    pub short_name: String,
    /// Tên khác: more names the unit goes by.
    pub other_names: Vec<String>,
    /// Người ký: who signs for the unit.
    pub signer: Option<String>,
    /// Chức vụ: the signer's title.
    pub signer_title: Option<String>,
    /// Mã cũ: the codes this unit had, or of the units it absorbed, in last
    /// year's results (SPEC section 11); empty when it kept its own.
    pub old_codes: Vec<String>,
}

impl Unit {
    /// Every name the unit may be called by: full, short, others.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(std::iter::once(self.short_name.as_str()))
            .chain(self.other_names.iter().map(String::as_str))
            .filter(|n| !n.trim().is_empty())
    }

    /// The name to show in tables: the short name, else the full name.
    pub fn display_name(&self) -> &str {
        if self.short_name.trim().is_empty() {
            &self.name
        } else {
            &self.short_name
        }
    }
}

/// A section heading (I, II, ...) of the agreement.
#[derive(Debug, Clone)]
pub struct Section {
    /// The Roman numeral, upper case.
    pub code: String,
    pub title: String,
    /// Điểm chuẩn written on the heading row, if any.
    pub max: Option<Decimal>,
}

/// Cách chấm: how a criterion is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Tỷ lệ: max × min(a / t, 1).
    Proportional,
    /// Đạt: max if a ≥ t, else 0.
    Threshold,
    /// Không vượt: max if a ≤ t, else max(0, max − r × (a − t)).
    Ceiling,
    /// Thẩm định: the self-score, clamped to [0, max].
    Assessed,
    /// Cộng: min(a × r, max), outside the base.
    Bonus,
    /// Trừ: −min(a × r, max), outside the base.
    Penalty,
}

impl Method {
    /// Every method, in the order the SPEC lists them.
    pub const ALL: [Method; 6] = [
        Method::Proportional,
        Method::Threshold,
        Method::Ceiling,
        Method::Assessed,
        Method::Bonus,
        Method::Penalty,
    ];

    /// The Vietnamese name written in the agreement.
    pub fn name_vi(self) -> &'static str {
        match self {
            Method::Proportional => "Tỷ lệ",
            Method::Threshold => "Đạt",
            Method::Ceiling => "Không vượt",
            Method::Assessed => "Thẩm định",
            Method::Bonus => "Cộng",
            Method::Penalty => "Trừ",
        }
    }

    /// Whether the criterion counts in the base maximum (bonus and penalty do not).
    pub fn in_base(self) -> bool {
        !matches!(self, Method::Bonus | Method::Penalty)
    }
}

/// A criterion (tiêu chí) of the agreement.
#[derive(Debug, Clone)]
pub struct Criterion {
    /// Normalised code, e.g. "1.1".
    pub code: String,
    /// Nội dung.
    pub content: String,
    /// Đơn vị tính, e.g. "%", "hộ", "buổi".
    pub measure: String,
    /// Điểm chuẩn: maximum points.
    pub max: Decimal,
    pub method: Method,
    /// Mức: rate, for the methods that use one.
    pub rate: Option<Decimal>,
    /// Chỉ tiêu: the target for every unit.
    pub target: Option<Decimal>,
    /// Per-unit targets, by unit code, overriding `target`.
    pub unit_targets: BTreeMap<String, Decimal>,
    /// Index into `Agreement::sections` of the section it belongs to.
    pub section: Option<usize>,
    /// Row of the criterion in the `Giao ước` sheet (0-based), for messages.
    pub row: u32,
}

impl Criterion {
    /// Whether results are percentages (Đơn vị tính is `%`).
    pub fn is_percent(&self) -> bool {
        self.measure.trim() == "%"
    }

    /// The signed target of a unit: its own column, else `Chỉ tiêu`.
    pub fn target_for(&self, unit_code: &str) -> Option<Decimal> {
        self.unit_targets.get(unit_code).copied().or(self.target)
    }
}

impl Agreement {
    /// The base maximum: Điểm chuẩn summed over criteria other than bonus and penalty.
    pub fn base_max(&self) -> Decimal {
        self.criteria
            .iter()
            .filter(|c| c.method.in_base())
            .fold(Decimal::ZERO, |sum, c| sum.saturating_add(c.max))
    }

    /// The unit with this code.
    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }
}

/// A number read from a cell, or why it could not be.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// The cell is empty.
    Missing,
    /// The cell holds something that is not a number (text, an error value).
    Invalid(String),
    /// A number, as the user sees it (95% is 95 on percent criteria).
    Value(Decimal),
}

impl Reading {
    /// The number, if one was read.
    pub fn value(&self) -> Option<Decimal> {
        match self {
            Reading::Value(v) => Some(*v),
            _ => None,
        }
    }
}

/// One criterion as a unit's workbook reported it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Kết quả.
    pub result: Reading,
    /// A1 reference of the result cell, if the column exists.
    pub result_cell: Option<String>,
    /// Tự chấm.
    pub self_score: Reading,
    pub self_score_cell: Option<String>,
    /// The target the unit wrote (only shown; the signed one counts).
    pub written_target: Option<Decimal>,
    /// Ghi chú.
    pub note: Option<String>,
}

/// What one unit's workbook said, matched to the agreement.
#[derive(Debug, Clone)]
pub struct Submission {
    /// Path of the file relative to the working folder.
    pub file: String,
    /// Code of the unit the workbook belongs to.
    pub unit: String,
    /// Sheet holding the table.
    pub sheet: String,
    /// One entry per criterion of the agreement (same order); None when the criterion is absent.
    pub entries: Vec<Option<Entry>>,
    /// A self-score cell is a formula without a calculated value: the
    /// self-score total cannot be told.
    pub self_total_unknown: bool,
}

/// A score replaced by the secretariat (dieu-chinh.xlsx).
#[derive(Debug, Clone, PartialEq)]
pub struct Adjustment {
    pub unit: String,
    pub criterion: String,
    pub score: Decimal,
    pub reason: String,
}

/// Status of a member unit in the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitStatus {
    /// Scored from its workbook.
    Scored,
    /// Sent no workbook.
    Missing,
    /// Its only workbook was skipped.
    Rejected,
    /// More than one workbook: needs a decision.
    Duplicate,
}

impl UnitStatus {
    /// The JSON word.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::Scored => "scored",
            UnitStatus::Missing => "missing",
            UnitStatus::Rejected => "rejected",
            UnitStatus::Duplicate => "duplicate",
        }
    }
}

/// One criterion's score for one unit.
#[derive(Debug, Clone)]
pub struct CriterionScore {
    /// The signed target used.
    pub target: Option<Decimal>,
    /// The target the unit wrote, where it differed from the signed one.
    pub written_target: Option<Decimal>,
    pub result: Option<Decimal>,
    pub self_score: Option<Decimal>,
    /// Score by the method, rounded to 2 decimals.
    pub computed: Decimal,
    /// The secretariat's replacement, if any.
    pub adjustment: Option<Adjustment>,
    /// The score that counts: the adjustment's, else the computed one.
    pub score: Decimal,
}

/// A member unit's results.
#[derive(Debug, Clone)]
pub struct UnitResult {
    pub code: String,
    pub status: UnitStatus,
    /// The workbook used (or the one rejected, or the first of the duplicates).
    pub file: Option<String>,
    /// One per criterion of the agreement, same order; empty unless scored.
    pub scores: Vec<CriterionScore>,
    /// Sum of the self-scores the unit wrote.
    pub self_total: Option<Decimal>,
    pub total: Option<Decimal>,
    pub rank: Option<u32>,
    pub classification: Option<Classification>,
    pub proposal: Option<Proposal>,
}

/// Status of an inbox file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    Used,
    Rejected,
    Duplicate,
    Skipped,
}

impl FileStatus {
    /// The JSON word.
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Used => "used",
            FileStatus::Rejected => "rejected",
            FileStatus::Duplicate => "duplicate",
            FileStatus::Skipped => "skipped",
        }
    }
}

/// An inbox file and what became of it.
#[derive(Debug, Clone)]
pub struct FileRecord {
    /// Path relative to the working folder.
    pub file: String,
    pub unit: Option<String>,
    pub status: FileStatus,
    /// Why a skipped entry was not read.
    pub skip: Option<Skip>,
}

/// Why an entry of the inbox was not read (SPEC section 2: every entry
/// appears in the outputs with its status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Excel's lock file (`~$...`), made while a workbook is open.
    LockFile,
    /// A hidden file (`.` first).
    HiddenFile,
    /// A file whose name is not a spreadsheet's (`.csv`, `.docx`, ...).
    NotSpreadsheet,
    /// A folder not read: deeper than one level, a hidden one, or one
    /// named like a workbook.
    Folder,
    /// `nop/cu/`: the older files replaced by newer ones of the same name
    /// (kept there by `thidua serve`), not read.
    Archive,
    /// An empty sub-folder.
    EmptyFolder,
    /// A sub-folder that cannot be listed.
    UnreadableFolder,
    /// A symbolic link to a folder.
    LinkToFolder,
    /// A symbolic link leading nowhere.
    BrokenLink,
    /// A named pipe (FIFO): never opened (it could wait forever).
    Pipe,
    /// A device: never opened.
    Device,
    /// A socket.
    Socket,
    /// Some other kind of entry that is not a file.
    NotRegular,
    /// An entry whose kind cannot be read.
    Unreadable,
}

impl Skip {
    /// The words of the run record (`run.inputs[].reason`), in English as the
    /// rest of the record.
    pub fn record_words(self) -> &'static str {
        match self {
            Skip::LockFile => "a lock file",
            Skip::HiddenFile => "a hidden file",
            Skip::NotSpreadsheet => "not a spreadsheet",
            Skip::Folder => "a folder (not read)",
            Skip::Archive => "the older files replaced by newer ones (not read)",
            Skip::EmptyFolder => "an empty folder",
            Skip::UnreadableFolder => "a folder that cannot be read",
            Skip::LinkToFolder => "a link to a folder (not read)",
            Skip::BrokenLink => "a broken link",
            Skip::Pipe => "a named pipe (FIFO)",
            Skip::Device => "a device",
            Skip::Socket => "a socket",
            Skip::NotRegular => "not a regular file",
            Skip::Unreadable => "cannot be read",
        }
    }

    /// Why, in a few words, for the lists of files in the official
    /// documents ("Bỏ qua: ..."): a file skipped by its name is "không phải
    /// bảng tính", an entry that is not a file says what it is.
    pub fn short_words(self) -> &'static str {
        match self {
            Skip::LockFile => "tệp tạm của Excel",
            Skip::HiddenFile => "tệp ẩn",
            Skip::NotSpreadsheet => "không phải bảng tính",
            other => other.words(diagnostic::Lang::Vi),
        }
    }

    /// Why, in words for people.
    pub fn words(self, lang: diagnostic::Lang) -> &'static str {
        match self {
            Skip::LockFile => lang.pick(
                "tệp tạm Excel tạo ra khi đang mở một bảng",
                "a temporary file Excel makes while a workbook is open",
            ),
            Skip::HiddenFile => lang.pick("tệp ẩn", "a hidden file"),
            Skip::NotSpreadsheet => lang.pick(
                "không phải bảng tính; chỉ đọc các tệp .xlsx, .xlsm, .xlsb, .xls, .ods",
                "not a spreadsheet; only .xlsx, .xlsm, .xlsb, .xls, .ods files are read",
            ),
            Skip::Folder => lang.pick(
                "thư mục không được đọc (chỉ đọc các thư mục con ngay trong nop/)",
                "a folder that is not read (only the sub-folders right inside nop/ are read)",
            ),
            Skip::Archive => lang.pick(
                "nơi giữ các bản cũ đã được thay bằng tệp mới cùng tên (không đọc)",
                "where the older files replaced by newer ones of the same name are kept (not read)",
            ),
            Skip::EmptyFolder => lang.pick("thư mục trống", "an empty folder"),
            Skip::UnreadableFolder => {
                lang.pick("thư mục không mở được", "a folder that cannot be opened")
            }
            Skip::LinkToFolder => lang.pick(
                "liên kết tới một thư mục (không được đọc)",
                "a link to a folder (not read)",
            ),
            Skip::BrokenLink => lang.pick(
                "liên kết hỏng: tệp nó trỏ tới không còn",
                "a broken link: the file it points to is gone",
            ),
            Skip::Pipe => lang.pick(
                "không phải tệp (một đường ống có tên, FIFO)",
                "not a file (a named pipe, FIFO)",
            ),
            Skip::Device => lang.pick("không phải tệp (một thiết bị)", "not a file (a device)"),
            Skip::Socket => lang.pick("không phải tệp (một socket)", "not a file (a socket)"),
            Skip::NotRegular => lang.pick("không phải tệp thường", "not a regular file"),
            Skip::Unreadable => lang.pick("không đọc được thông tin tệp", "cannot be looked at"),
        }
    }
}

/// Words of the unit status, for units not ranked.
pub fn status_words(status: UnitStatus, lang: diagnostic::Lang) -> &'static str {
    match status {
        UnitStatus::Scored => lang.pick("Đã chấm", "Scored"),
        UnitStatus::Missing => lang.pick("Chưa gửi bảng", "No workbook sent"),
        UnitStatus::Rejected => lang.pick("Bảng không dùng được", "Workbook rejected"),
        UnitStatus::Duplicate => lang.pick(
            "Gửi nhiều bảng, cần quyết định",
            "Several workbooks, needs a decision",
        ),
    }
}

/// Rounds to 2 decimals, half away from zero (exact on decimals).
pub fn round2(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// What the working folder says of the handout's wording.
#[derive(Debug, Clone, Default)]
pub struct Wording {
    /// The folder's own template, if it has one.
    pub template: Option<String>,
    /// The secretariat's notes, if any (NFC, trimmed, never empty).
    pub notes: Option<String>,
    /// The handout is printed before the conference (`run --du-thao`):
    /// marked as a draft, it proposes what the conference decides.
    pub draft: bool,
}
