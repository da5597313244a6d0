//! Diagnostics: every finding about the agreement and the units' workbooks,
//! made one way: a kind (with its severity and message in one table, in
//! Vietnamese and English), a location and the values involved.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::Value as Json;

/// A decimal as a JSON number: a finding's expected or found value, and the
/// JSON output's numbers.
pub fn number(x: Decimal) -> Json {
    match x.to_f64().and_then(serde_json::Number::from_f64) {
        Some(n) => Json::Number(n),
        None => Json::Null,
    }
}

pub use super::lang::Lang;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// The JSON word.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The word shown to users.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("Lỗi", "Error"),
            Severity::Warning => lang.pick("Cảnh báo", "Warning"),
            Severity::Info => lang.pick("Thông tin", "Info"),
        }
    }
}

/// What was found. The SPEC section 6 kinds, then the problems of the agreement itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    UnreadableFile,
    UnknownUnit,
    DuplicateUnit,
    MissingUnit,
    WrongYear,
    NoTable,
    MissingCriterion,
    UnknownCriterion,
    MissingValue,
    NotANumber,
    OutOfRange,
    AmbiguousNumber,
    TargetMismatch,
    MaxMismatch,
    SelfScoreMismatch,
    SelfScoreOverMax,
    LegacyEncoding,
    Adjustment,
    /// An adjustment outside [0, max] (for `Trừ`: [−max, 0]), or one that takes a total below 0.
    AdjustmentOutOfRange,
    /// An adjustment row replaced by a later row for the same unit and criterion.
    AdjustmentSuperseded,
    TieAtCutoff,
    /// A workbook whose table has no result and no self-score filled in.
    EmptyForm,
    /// Formula cells without a calculated value.
    UncalculatedFormula,
    /// A criterion's row appears twice in one workbook, with different values.
    DuplicateCriterion,
    /// The agreement (or adjustments file) lacks a sheet.
    MissingSheet,
    /// A required column is absent.
    MissingColumn,
    /// A required key of `Thông tin` is absent or empty.
    MissingKey,
    /// A value of the agreement cannot be used (not a number, not a unit code, ...).
    BadValue,
    /// A criterion or unit code appears twice.
    DuplicateCode,
    /// A criterion row or unit row has no code.
    MissingCode,
    /// `Cách chấm` names no method.
    UnknownMethod,
    /// A method lacks what it needs (target, rate).
    MethodNeeds,
    /// A section's Điểm chuẩn differs from the sum of its criteria.
    SectionSum,
    /// A per-unit target column names no unit.
    UnknownUnitColumn,
    /// The `Đơn vị` sheet lists no unit.
    NoUnits,
    /// A sheet of classes or titles (`Xếp loại`, `Khen thưởng`) without its
    /// header row, or without a row under it.
    RulesHeader,
    /// `Xếp loại tối thiểu` names no class of the agreement.
    UnknownClass,
    /// The classes' minima are not in descending order, or a row that
    /// catches every total is not the last.
    ClassOrder,
    /// A title with neither or both of `Số lượng` and `Tỷ lệ`.
    TitleCount,
    /// Last year's results (`truoc/ket-qua-<Năm−1>.json`, `--previous`)
    /// cannot be used: missing, unreadable, or of another year.
    PreviousResults,
    /// A unit's code (or a code of its `Mã cũ`) is not in last year's results.
    PreviousUnit,
    /// A group's Điểm chuẩn differs from the sum of its children's (criteria tree).
    GroupSum,
    /// A `Cấp` cell that is not a whole number from 1 to 6.
    BadLevel,
    /// A `Cấp` more than one level below the row before it.
    LevelJump,
    /// A value of the conference's decisions (`ket-luan.xlsx`, SPEC section
    /// 10) that cannot be used: a unit or title the agreement does not
    /// have, a vote count that is not a whole number of 0 or more, more
    /// votes than delegates, an unreadable date. `thidua ho-so` stops.
    BadConclusion,
    /// A decision of `ket-luan.xlsx` that section 5 does not allow: a unit
    /// not eligible for the title decided (its class, or positions its tie
    /// group does not cover), more of a title than the agreement gives, or
    /// a unit not put to the vote decided otherwise than its proposal.
    /// `thidua ho-so` stops.
    DecisionNotAllowed,
}

/// The `unknown-unit` message when no workbook names any unit: said once,
/// about the agreement, rather than once per file.
const NO_UNIT_MATCHES: (&str, &str) = (
    "Không bảng nào khớp với đơn vị thành viên: {reason} ({found}). Các tệp bị bỏ qua; hãy kiểm tra trang Đơn vị của giao ước (mã và tên các đơn vị của cụm; có thể đây vẫn là giao ước mẫu của lệnh thidua init).",
    "No workbook matches a member unit: {reason} ({found}). The files were skipped; check the agreement's Đơn vị sheet (the codes and names of the cluster's units; it may still be the example written by thidua init).",
);

/// One row of the kinds table.
struct KindInfo {
    kind: Kind,
    name: &'static str,
    severity: Severity,
    vi: &'static str,
    en: &'static str,
}

/// The kinds table: JSON name, severity and message templates. Placeholders:
/// {criterion}, {unit}, {expected}, {found}, {reason}.
const KINDS: &[KindInfo] = &[
    KindInfo { kind: Kind::UnreadableFile, name: "unreadable-file", severity: Severity::Error,
        vi: "Không đọc được tệp: {reason}. Tệp bị bỏ qua; {advice}.",
        en: "The file cannot be read: {reason}. It was skipped; {advice}." },
    KindInfo { kind: Kind::UnknownUnit, name: "unknown-unit", severity: Severity::Error,
        vi: "Không xác định được bảng này của đơn vị nào: {reason}. Tệp bị bỏ qua; {advice}.",
        en: "Cannot tell which unit this workbook belongs to: {reason}. It was skipped; {advice}." },
    KindInfo { kind: Kind::DuplicateUnit, name: "duplicate-unit", severity: Severity::Error,
        vi: "Đơn vị {unit} gửi nhiều bảng ({found}). Chưa dùng bảng nào; Ban thư ký hãy giữ lại một bảng trong thư mục nop/.",
        en: "Unit {unit} sent more than one workbook ({found}). None is used; the secretariat should keep only one in the nop/ folder." },
    KindInfo { kind: Kind::MissingUnit, name: "missing-unit", severity: Severity::Warning,
        vi: "Đơn vị {unit} chưa gửi bảng tự chấm điểm.",
        en: "Unit {unit} has not sent its self-scoring workbook." },
    KindInfo { kind: Kind::WrongYear, name: "wrong-year", severity: Severity::Error,
        vi: "Bảng chấm điểm năm {found}, nhưng giao ước là năm {expected}. Tệp bị bỏ qua.",
        en: "The workbook is for {found}, but the agreement is for {expected}. It was skipped." },
    KindInfo { kind: Kind::NoTable, name: "no-table", severity: Severity::Error,
        vi: "Không tìm thấy bảng chấm điểm: cần một dòng tiêu đề có cột \"Mã\" (hoặc \"STT\") và cột \"Kết quả\". Tệp bị bỏ qua.",
        en: "No scoring table found: it needs a header row with a \"Mã\" (or \"STT\") column and a \"Kết quả\" column. It was skipped." },
    KindInfo { kind: Kind::MissingCriterion, name: "missing-criterion", severity: Severity::Error,
        vi: "Thiếu tiêu chí {criterion} của giao ước; tiêu chí này được 0 điểm.",
        en: "Criterion {criterion} of the agreement is missing; it scores 0." },
    KindInfo { kind: Kind::UnknownCriterion, name: "unknown-criterion", severity: Severity::Warning,
        vi: "Dòng \"{found}\" không khớp tiêu chí nào của giao ước; dòng này bị bỏ qua.",
        en: "Row \"{found}\" matches no criterion of the agreement; it was ignored." },
    KindInfo { kind: Kind::MissingValue, name: "missing-value", severity: Severity::Error,
        vi: "Tiêu chí {criterion}: ô {reason} để trống; tiêu chí được 0 điểm.",
        en: "Criterion {criterion}: the {reason} cell is empty; it scores 0." },
    KindInfo { kind: Kind::NotANumber, name: "not-a-number", severity: Severity::Error,
        vi: "Tiêu chí {criterion}: {reason} \"{found}\" không phải là số; {advice}.",
        en: "Criterion {criterion}: the {reason} \"{found}\" is not a number; {advice}." },
    KindInfo { kind: Kind::OutOfRange, name: "out-of-range", severity: Severity::Error,
        vi: "Tiêu chí {criterion}: kết quả {found} không hợp lệ ({reason}); tiêu chí được 0 điểm.",
        en: "Criterion {criterion}: the result {found} is not valid ({reason}); it scores 0." },
    KindInfo { kind: Kind::AmbiguousNumber, name: "ambiguous-number", severity: Severity::Warning,
        vi: "Tiêu chí {criterion}: \"{found}\" có thể hiểu theo hai cách; đã đọc là {expected} ({reason}). Hãy kiểm tra lại.",
        en: "Criterion {criterion}: \"{found}\" can be read two ways; it was read as {expected} ({reason}). Please check." },
    KindInfo { kind: Kind::TargetMismatch, name: "target-mismatch", severity: Severity::Warning,
        vi: "Tiêu chí {criterion}: chỉ tiêu ghi trong bảng là {found}, chỉ tiêu đã ký là {expected}; dùng chỉ tiêu đã ký.",
        en: "Criterion {criterion}: the workbook's target is {found}, the signed target is {expected}; the signed one is used." },
    KindInfo { kind: Kind::MaxMismatch, name: "max-mismatch", severity: Severity::Warning,
        vi: "Tiêu chí {criterion}: điểm chuẩn ghi trong bảng là {found}, giao ước là {expected}; dùng điểm chuẩn của giao ước.",
        en: "Criterion {criterion}: the workbook's maximum is {found}, the agreement's is {expected}; the agreement's is used." },
    KindInfo { kind: Kind::SelfScoreMismatch, name: "self-score-mismatch", severity: Severity::Warning,
        vi: "Tiêu chí {criterion}: đơn vị tự chấm {found} điểm, tính theo giao ước được {expected} điểm; dùng điểm tính theo giao ước.",
        en: "Criterion {criterion}: the unit's self-score is {found}, the agreement's rules give {expected}; the computed score is used." },
    KindInfo { kind: Kind::SelfScoreOverMax, name: "self-score-over-max", severity: Severity::Warning,
        vi: "Tiêu chí {criterion}: điểm tự chấm {found} vượt điểm chuẩn {expected}.",
        en: "Criterion {criterion}: the self-score {found} is above the maximum {expected}." },
    KindInfo { kind: Kind::LegacyEncoding, name: "legacy-encoding", severity: Severity::Warning,
        vi: "Bảng gõ bằng phông chữ cũ {reason}; đã chuyển sang Unicode. Hãy kiểm tra tên và nội dung tiếng Việt.",
        en: "The workbook was typed in the legacy {reason} encoding; it was converted to Unicode. Please check the Vietnamese text." },
    KindInfo { kind: Kind::Adjustment, name: "adjustment", severity: Severity::Info,
        vi: "Tiêu chí {criterion}: điểm được Ban thư ký điều chỉnh từ {found} thành {expected}. Lý do: {reason}",
        en: "Criterion {criterion}: the secretariat changed the score from {found} to {expected}. Reason: {reason}" },
    KindInfo { kind: Kind::AdjustmentOutOfRange, name: "adjustment-out-of-range", severity: Severity::Warning,
        vi: "Tiêu chí {criterion}: điểm điều chỉnh {found} {reason} (điểm chuẩn {expected}); vẫn áp dụng như đã ghi. Hãy kiểm tra lại.",
        en: "Criterion {criterion}: the adjusted score {found} {reason} (maximum {expected}); it is applied as written. Please check." },
    KindInfo { kind: Kind::AdjustmentSuperseded, name: "adjustment-superseded", severity: Severity::Warning,
        vi: "Tiêu chí {criterion}: dòng điều chỉnh này (điểm {found}) bị thay bằng dòng điều chỉnh ở ô {expected} cho cùng đơn vị và tiêu chí; dùng dòng sau.",
        en: "Criterion {criterion}: this adjustment (score {found}) is replaced by the adjustment at {expected} for the same unit and criterion; the later row is used." },
    KindInfo { kind: Kind::TieAtCutoff, name: "tie-at-cutoff", severity: Severity::Warning,
        vi: "Các đơn vị {found} bằng điểm ({expected}) tại ngưỡng đề nghị {reason}; hội nghị cần biểu quyết.",
        en: "Units {found} are tied ({expected}) at the {reason} cut-off; the conference must vote." },
    KindInfo { kind: Kind::EmptyForm, name: "empty-form", severity: Severity::Error,
        vi: "Bảng tự chấm điểm còn trống: không có ô kết quả hay điểm tự chấm nào được điền. Tệp bị bỏ qua và đơn vị {unit} không được xếp hạng; hãy đề nghị đơn vị điền số liệu rồi gửi lại.",
        en: "The self-scoring workbook is blank: no result or self-score cell is filled in. It was skipped and unit {unit} is not ranked; ask the unit to fill it in and send it again." },
    KindInfo { kind: Kind::UncalculatedFormula, name: "uncalculated-formula", severity: Severity::Warning,
        vi: "{found} ô công thức chưa có giá trị tính sẵn ({reason}): tệp được lưu bằng một chương trình không tính lại công thức. Các ô này được coi là để trống và tổng điểm tự chấm không được tính; hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại.",
        en: "{found} formula cells have no calculated value ({reason}): the file was saved by a program that does not recalculate. Those cells count as empty and the self-score total is not computed; open the file in Excel or LibreOffice, save it and send it again." },
    KindInfo { kind: Kind::DuplicateCriterion, name: "duplicate-criterion", severity: Severity::Warning,
        vi: "Tiêu chí {criterion} có hai dòng với số liệu khác nhau: {expected} và {found}; dùng dòng đầu.",
        en: "Criterion {criterion} appears on two rows with different values: {expected} and {found}; the first row is used." },
    KindInfo { kind: Kind::MissingSheet, name: "missing-sheet", severity: Severity::Error,
        vi: "Thiếu trang tính \"{expected}\".",
        en: "The sheet \"{expected}\" is missing." },
    KindInfo { kind: Kind::MissingColumn, name: "missing-column", severity: Severity::Error,
        vi: "Thiếu cột \"{expected}\" (dòng tiêu đề là dòng đầu tiên có ô \"Mã\").",
        en: "The column \"{expected}\" is missing (the header row is the first row holding \"Mã\")." },
    KindInfo { kind: Kind::MissingKey, name: "missing-key", severity: Severity::Error,
        vi: "Thiếu mục bắt buộc \"{expected}\" (tên mục ở cột A, giá trị ở cột B).",
        en: "The required key \"{expected}\" is missing (key in column A, value in column B)." },
    KindInfo { kind: Kind::BadValue, name: "bad-value", severity: Severity::Error,
        vi: "Giá trị \"{found}\" không dùng được: {reason}.",
        en: "The value \"{found}\" cannot be used: {reason}." },
    KindInfo { kind: Kind::DuplicateCode, name: "duplicate-code", severity: Severity::Error,
        vi: "Mã \"{found}\" bị trùng (đã có ở ô {expected}).",
        en: "The code \"{found}\" is used twice (already at {expected})." },
    KindInfo { kind: Kind::MissingCode, name: "missing-code", severity: Severity::Error,
        vi: "Dòng có nội dung nhưng thiếu mã.",
        en: "The row has content but no code." },
    KindInfo { kind: Kind::UnknownMethod, name: "unknown-method", severity: Severity::Error,
        vi: "Tiêu chí {criterion}: cách chấm \"{found}\" không có; dùng một trong: Tỷ lệ, Đạt, Không vượt, Thẩm định, Cộng, Trừ.",
        en: "Criterion {criterion}: unknown method \"{found}\"; use one of: Tỷ lệ, Đạt, Không vượt, Thẩm định, Cộng, Trừ." },
    KindInfo { kind: Kind::MethodNeeds, name: "method-needs", severity: Severity::Error,
        vi: "Tiêu chí {criterion}: cách chấm \"{found}\" cần {reason}.",
        en: "Criterion {criterion}: the method \"{found}\" needs {reason}." },
    KindInfo { kind: Kind::SectionSum, name: "section-sum", severity: Severity::Error,
        vi: "Mục {criterion}: điểm chuẩn ghi {found}, nhưng tổng điểm chuẩn các tiêu chí của mục là {expected}.",
        en: "Section {criterion}: its maximum is written as {found}, but its criteria add up to {expected}." },
    KindInfo { kind: Kind::UnknownUnitColumn, name: "unknown-unit-column", severity: Severity::Error,
        vi: "Cột chỉ tiêu riêng \"{found}\" không ứng với đơn vị nào trong trang Đơn vị.",
        en: "The per-unit target column \"{found}\" names no unit of the Đơn vị sheet." },
    KindInfo { kind: Kind::NoUnits, name: "no-units", severity: Severity::Error,
        vi: "Trang Đơn vị chưa có đơn vị nào: mỗi đơn vị một dòng dưới dòng tiêu đề, có mã ở cột \"Mã\" và tên ở cột \"Tên đơn vị\".",
        en: "The Đơn vị sheet lists no units: one unit a row below the header row, its code in column \"Mã\" and its name in column \"Tên đơn vị\"." },
    KindInfo { kind: Kind::RulesHeader, name: "rules-header", severity: Severity::Error,
        vi: "Trang \"{found}\" {reason}: cần một dòng tiêu đề có ô \"{expected}\" và mỗi dòng dưới nó một {criterion}. Nếu cụm không dùng trang này, hãy xóa trang.",
        en: "The sheet \"{found}\" {reason}: it needs a header row holding \"{expected}\" and the rows below it. If the cluster does not use the sheet, delete it." },
    KindInfo { kind: Kind::UnknownClass, name: "unknown-class", severity: Severity::Error,
        vi: "Xếp loại tối thiểu \"{found}\" không có trong các xếp loại của giao ước ({expected}).",
        en: "The minimum class \"{found}\" is not one of the agreement's classes ({expected})." },
    KindInfo { kind: Kind::ClassOrder, name: "class-order", severity: Severity::Error,
        vi: "Xếp loại \"{criterion}\": {reason}; các xếp loại ghi từ cao xuống thấp, mức tối thiểu giảm dần, dòng không có mức tối thiểu ở cuối.",
        en: "Class \"{criterion}\": {reason}; classes go from the highest down, minima descending, a row with no minimum last." },
    KindInfo { kind: Kind::TitleCount, name: "title-count", severity: Severity::Error,
        vi: "Hình thức \"{criterion}\": {reason}; ghi số đơn vị ở cột \"Số lượng\" hoặc tỷ lệ phần trăm số đơn vị được xếp hạng ở cột \"Tỷ lệ\", một trong hai.",
        en: "Title \"{criterion}\": {reason}; write how many units in column \"Số lượng\" or a percentage of the ranked units in column \"Tỷ lệ\", one of the two." },
    KindInfo { kind: Kind::PreviousResults, name: "previous-results", severity: Severity::Warning,
        vi: "Không dùng được kết quả năm trước: {reason}. Kết quả năm nay vẫn được lập, chỉ không có số liệu năm trước để so sánh.",
        en: "Last year's results cannot be used: {reason}. This year's results are still made, only without last year's figures to compare with." },
    KindInfo { kind: Kind::PreviousUnit, name: "previous-unit", severity: Severity::Warning,
        vi: "Kết quả năm trước không có đơn vị mã {found}, nên đơn vị {expected} không có số liệu năm trước để so sánh. Nếu đơn vị đã đổi mã hoặc được hợp nhất từ đơn vị khác, hãy ghi các mã năm trước vào cột Mã cũ của trang Đơn vị (cách nhau bằng dấu chấm phẩy).",
        en: "Last year's results have no unit coded {found}, so unit {expected} has no figures of last year to compare with. If the unit changed its code or was merged from others, write last year's codes in the Mã cũ column of the Đơn vị sheet (separated by semicolons)." },
    KindInfo { kind: Kind::GroupSum, name: "group-sum", severity: Severity::Error,
        vi: "Nhóm {criterion}: điểm chuẩn ghi {found}, nhưng tổng điểm chuẩn các dòng con của nhóm là {expected}.",
        en: "Group {criterion}: its maximum is written as {found}, but the rows under it add up to {expected}." },
    KindInfo { kind: Kind::BadLevel, name: "bad-level", severity: Severity::Error,
        vi: "Cấp \"{found}\" không dùng được: cấp là số nguyên từ 1 (cao nhất) đến 6.",
        en: "The level \"{found}\" cannot be used: a level is a whole number from 1 (the top) to 6." },
    KindInfo { kind: Kind::LevelJump, name: "level-jump", severity: Severity::Error,
        vi: "Dòng cấp {found} đứng ngay sau dòng cấp {expected}: mỗi dòng chỉ được sâu hơn dòng trên nó một cấp.",
        en: "A row of level {found} follows a row of level {expected}: a row may be at most one level deeper than the row above it." },
    KindInfo { kind: Kind::BadConclusion, name: "bad-conclusion", severity: Severity::Error,
        vi: "Giá trị \"{found}\" trong kết luận hội nghị không dùng được: {reason}. Hãy sửa ket-luan.xlsx rồi chạy lại thidua ho-so.",
        en: "The value \"{found}\" of the conference's conclusions cannot be used: {reason}. Fix ket-luan.xlsx and run thidua ho-so again." },
    KindInfo { kind: Kind::DecisionNotAllowed, name: "decision-not-allowed", severity: Severity::Error,
        vi: "Quyết định \"{found}\" cho đơn vị {unit} trái với quy định khen thưởng của giao ước: {reason}. Hãy sửa ket-luan.xlsx rồi chạy lại thidua ho-so.",
        en: "The decision \"{found}\" for unit {unit} goes against the agreement's commendation rules: {reason}. Fix ket-luan.xlsx and run thidua ho-so again." },
];

impl Kind {
    fn info(self) -> &'static KindInfo {
        KINDS
            .iter()
            .find(|k| k.kind == self)
            .expect("every kind has a row in KINDS")
    }

    /// The JSON name, e.g. `target-mismatch`.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The kind's name in Vietnamese, for the official documents (the
    /// workbook's `Kiểm tra`), e.g. "Chỉ tiêu khác giao ước".
    pub fn name_vi(self) -> &'static str {
        match self {
            Kind::UnreadableFile => "Không đọc được tệp",
            Kind::UnknownUnit => "Không rõ đơn vị",
            Kind::DuplicateUnit => "Đơn vị gửi nhiều bảng",
            Kind::MissingUnit => "Đơn vị chưa gửi bảng",
            Kind::WrongYear => "Sai năm",
            Kind::NoTable => "Không có bảng chấm điểm",
            Kind::MissingCriterion => "Thiếu tiêu chí",
            Kind::UnknownCriterion => "Tiêu chí không có trong giao ước",
            Kind::MissingValue => "Thiếu số liệu",
            Kind::NotANumber => "Số liệu không phải là số",
            Kind::OutOfRange => "Số liệu không hợp lệ",
            Kind::AmbiguousNumber => "Số đọc được hai cách",
            Kind::TargetMismatch => "Chỉ tiêu khác giao ước",
            Kind::MaxMismatch => "Điểm chuẩn khác giao ước",
            Kind::SelfScoreMismatch => "Điểm tự chấm khác điểm tính",
            Kind::SelfScoreOverMax => "Điểm tự chấm vượt điểm chuẩn",
            Kind::LegacyEncoding => "Phông chữ cũ (TCVN3, VNI)",
            Kind::Adjustment => "Điểm điều chỉnh",
            Kind::AdjustmentOutOfRange => "Điểm điều chỉnh ngoài giới hạn",
            Kind::AdjustmentSuperseded => "Dòng điều chỉnh bị thay",
            Kind::TieAtCutoff => "Bằng điểm tại ngưỡng đề nghị",
            Kind::EmptyForm => "Bảng còn trống",
            Kind::UncalculatedFormula => "Công thức chưa tính",
            Kind::DuplicateCriterion => "Tiêu chí bị lặp",
            Kind::MissingSheet => "Thiếu trang tính",
            Kind::MissingColumn => "Thiếu cột",
            Kind::MissingKey => "Thiếu mục bắt buộc",
            Kind::BadValue => "Giá trị không dùng được",
            Kind::DuplicateCode => "Mã bị trùng",
            Kind::MissingCode => "Thiếu mã",
            Kind::UnknownMethod => "Cách chấm không có",
            Kind::MethodNeeds => "Cách chấm thiếu tham số",
            Kind::SectionSum => "Điểm chuẩn của mục không khớp",
            Kind::UnknownUnitColumn => "Cột chỉ tiêu riêng không rõ đơn vị",
            Kind::NoUnits => "Chưa có đơn vị",
            Kind::RulesHeader => "Trang xếp loại, khen thưởng không đọc được",
            Kind::UnknownClass => "Xếp loại không có",
            Kind::ClassOrder => "Thứ tự xếp loại sai",
            Kind::TitleCount => "Số lượng khen thưởng không rõ",
            Kind::PreviousResults => "Không dùng được kết quả năm trước",
            Kind::PreviousUnit => "Không có số liệu năm trước",
            Kind::GroupSum => "Điểm chuẩn của nhóm không khớp",
            Kind::BadLevel => "Cấp không dùng được",
            Kind::LevelJump => "Cấp nhảy quá một bậc",
            Kind::BadConclusion => "Kết luận hội nghị không dùng được",
            Kind::DecisionNotAllowed => "Quyết định trái quy định khen thưởng",
        }
    }

    /// Severity of this kind.
    pub fn severity(self) -> Severity {
        self.info().severity
    }

    /// What the kind is, in a few Vietnamese words (for tables of counts).
    pub fn title_vi(self) -> &'static str {
        match self {
            Kind::UnreadableFile => "Tệp không đọc được",
            Kind::UnknownUnit => "Không rõ đơn vị",
            Kind::DuplicateUnit => "Đơn vị gửi nhiều tệp",
            Kind::MissingUnit => "Đơn vị chưa gửi bảng",
            Kind::WrongYear => "Sai năm",
            Kind::NoTable => "Không thấy bảng chấm điểm",
            Kind::MissingCriterion => "Thiếu tiêu chí",
            Kind::UnknownCriterion => "Tiêu chí không có trong giao ước",
            Kind::MissingValue => "Thiếu số liệu",
            Kind::NotANumber => "Không phải là số",
            Kind::OutOfRange => "Số ngoài khoảng cho phép",
            Kind::AmbiguousNumber => "Số viết chưa rõ",
            Kind::TargetMismatch => "Chỉ tiêu khác giao ước",
            Kind::MaxMismatch => "Điểm chuẩn khác giao ước",
            Kind::SelfScoreMismatch => "Điểm tự chấm khác điểm tính lại",
            Kind::SelfScoreOverMax => "Điểm tự chấm vượt điểm chuẩn",
            Kind::LegacyEncoding => "Phông chữ cũ (TCVN3, VNI)",
            Kind::Adjustment => "Điểm do Ban Thư ký điều chỉnh",
            Kind::AdjustmentOutOfRange => "Điểm điều chỉnh ngoài khoảng cho phép",
            Kind::AdjustmentSuperseded => "Dòng điều chỉnh bị thay",
            Kind::TieAtCutoff => "Bằng điểm tại ngưỡng khen thưởng",
            Kind::MissingSheet => "Giao ước thiếu trang tính",
            Kind::MissingColumn => "Thiếu cột",
            Kind::MissingKey => "Thiếu thông tin",
            Kind::BadValue => "Giá trị không hợp lệ",
            Kind::DuplicateCode => "Trùng mã",
            Kind::MissingCode => "Thiếu mã",
            Kind::UnknownMethod => "Không rõ cách tính điểm",
            Kind::MethodNeeds => "Cách tính điểm thiếu số liệu",
            Kind::SectionSum => "Tổng điểm mục không khớp",
            Kind::UnknownUnitColumn => "Cột chỉ tiêu không rõ đơn vị",
            Kind::EmptyForm => "Bảng chưa điền",
            Kind::UncalculatedFormula => "Công thức chưa được tính",
            Kind::DuplicateCriterion => "Tiêu chí ghi hai lần",
            Kind::NoUnits => "Chưa có đơn vị nào",
            Kind::RulesHeader => "Trang xếp loại, khen thưởng thiếu tiêu đề",
            Kind::UnknownClass => "Xếp loại tối thiểu không có",
            Kind::ClassOrder => "Xếp loại sai thứ tự",
            Kind::TitleCount => "Thiếu hoặc thừa số lượng khen thưởng",
            Kind::PreviousResults => "Kết quả năm trước không dùng được",
            Kind::PreviousUnit => "Đơn vị không có trong kết quả năm trước",
            Kind::GroupSum => "Tổng điểm nhóm không khớp",
            Kind::BadLevel => "Cấp không hợp lệ",
            Kind::LevelJump => "Cấp nhảy bậc",
            Kind::BadConclusion => "Giá trị kết luận không hợp lệ",
            Kind::DecisionNotAllowed => "Quyết định không được phép",
        }
    }

    /// Every kind, in table order.
    pub fn all() -> impl Iterator<Item = Kind> {
        KINDS.iter().map(|k| k.kind)
    }
}

/// Why, in words: the variable part of a message, itself translated.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    Encrypted,
    NotSpreadsheet,
    TooLarge(crate::model::limit::Limit),
    Corrupt(String),
    Crashed(String),
    NoUnitNamed,
    UnitNameUnknown(String),
    UnitNamedTwice(String, String),
    /// A name that fits two units: the name, then both units as shown.
    UnitNameFitsTwo(String, String, String),
    /// No workbook of the inbox names a member unit: how many were read.
    NoWorkbookNamesAUnit(usize),
    /// One file's reason when no workbook names a member unit: the advice
    /// is given once, about the agreement.
    LikeEveryWorkbook(Box<Reason>),
    /// The target or maximum cell (for not-a-number: not used, no score lost).
    TargetCell,
    MaxCell,
    /// The self-score cell of a criterion scored from its result.
    SelfScoreNotCounted,
    /// The first cells of a list, and how many more.
    Cells(Vec<String>, usize),
    /// A fraction on a percent criterion kept as written: the other reading
    /// (as a fraction) and what it would score.
    FractionKept {
        other: rust_decimal::Decimal,
        score: rust_decimal::Decimal,
    },
    ResultCell,
    SelfScoreCell,
    Negative,
    PercentOver100,
    VietnameseThousands,
    VietnameseDecimal,
    FractionAsPercent,
    Legacy(&'static str),
    AdjustmentReason(String),
    CutoffFlag,
    CutoffCertificate,
    /// The cut-off of a title of the agreement's `Khen thưởng` sheet.
    Cutoff(String),
    /// A rules sheet has no header row.
    NoHeaderRow,
    /// A rules sheet has a header row and nothing under it.
    NoRows,
    /// A class's minimum above the one of the class before it (cell).
    MinimumAbovePrevious(String),
    /// A class after a row that catches every total (cell).
    AfterCatchAll(String),
    /// A title with neither `Số lượng` nor `Tỷ lệ`.
    NoCount,
    /// A title with both.
    BothCounts,
    NotANumber,
    NotAYear,
    NotAUnitCode,
    NotAWholeNumber,
    TargetAboveZero,
    ATarget,
    ARate,
    NoSuchCriterion,
    NoSuchUnit,
    APositiveMax,
    TargetNotNegative,
    RateNotNegative,
    APercentage,
    /// A number beyond what is ever signed or scored (10^15).
    NumberTooLarge,
    /// A self-score beyond 10^15.
    SelfScoreTooLarge,
    /// Scoring the value overflows exact decimal arithmetic.
    TooLargeToScore,
    /// An adjustment outside [0, max].
    OutsideZeroToMax,
    /// A `Trừ` adjustment outside [−max, 0].
    OutsideMinusMaxToZero,
    /// An adjustment taking a unit's total below 0.
    TotalBelowZero,
    /// An adjustment for a unit that has no scored workbook.
    UnitNotScored,
    /// Last year's results file is not there.
    PreviousNotFound,
    /// Last year's results file cannot be read (the reader's words).
    PreviousUnreadable(String),
    /// A JSON file, but not thidua's results (no year, no units).
    PreviousNotResults,
    /// Last year's results are of another year than this year − 1.
    PreviousWrongYear {
        found: i64,
        expected: i64,
    },
    /// A date that cannot be read (`Ngày` of `ket-luan.xlsx`).
    NotADate,
    /// A title the agreement does not have: its titles, listed.
    NotATitle(String),
    /// Votes for and against above the attendance (`Số đại biểu`).
    VotesOverAttendance(u32),
    /// A decided title whose minimum class the unit's class does not reach:
    /// the title, the unit's class (or none).
    ClassBelowMinimum {
        title: String,
        class: String,
    },
    /// A decided title whose positions the unit's tie group does not cover.
    OutsidePositions {
        title: String,
    },
    /// More units decided for a title than it has positions.
    TooMany {
        title: String,
        allowed: usize,
        decided: usize,
    },
    /// A decision about a unit not put to the vote other than its
    /// proposal (or none): the proposal, or `None` when it had none.
    NotPutToVote(Option<String>),
}

impl Reason {
    /// The reason in words.
    pub fn text(&self, lang: Lang) -> String {
        let (vi, en): (&str, &str) = match self {
            Reason::Encrypted => ("tệp có mật khẩu", "it is password protected"),
            Reason::NotSpreadsheet => (
                "không phải bảng tính Excel/LibreOffice",
                "it is not a spreadsheet",
            ),
            Reason::TooLarge(limit) => {
                return format!(
                    "{} ({})",
                    lang.pick("tệp quá lớn", "it is too large"),
                    limit_text(limit, lang)
                );
            }
            Reason::Corrupt(what) => {
                return format!("{} ({what})", lang.pick("tệp bị hỏng", "it is damaged"))
            }
            Reason::Crashed(what) => {
                return format!(
                    "{} ({what})",
                    lang.pick(
                        "tệp hỏng làm trình đọc dừng",
                        "the damaged file stopped the reader"
                    )
                )
            }
            Reason::NoUnitNamed => (
                "không có dòng \"Đơn vị\", tiêu đề hay tên tệp nào nêu tên một đơn vị thành viên",
                "no \"Đơn vị\" line, title or file name names a member unit",
            ),
            Reason::UnitNameUnknown(name) => {
                return format!(
                    "{} \"{name}\"",
                    lang.pick(
                        "không có đơn vị thành viên nào tên",
                        "no member unit is called"
                    )
                )
            }
            Reason::UnitNamedTwice(a, b) => {
                return format!(
                    "{} {a} {} {b}",
                    lang.pick("bảng nêu cả", "the workbook names both"),
                    lang.pick("và", "and")
                )
            }
            Reason::UnitNameFitsTwo(name, a, b) => {
                return match lang {
                    Lang::Vi => format!("tên \"{name}\" hợp với hai đơn vị: {a} và {b}"),
                    Lang::En => format!("the name \"{name}\" fits two units: {a} and {b}"),
                }
            }
            Reason::NoWorkbookNamesAUnit(count) => {
                return match lang {
                    Lang::Vi => format!(
                        "không bảng nào trong {count} bảng đã nhận nêu tên một đơn vị thành viên"
                    ),
                    Lang::En => {
                        format!("none of the {count} workbooks received names a member unit")
                    }
                }
            }
            Reason::LikeEveryWorkbook(reason) => return reason.text(lang),
            Reason::TargetCell => ("chỉ tiêu", "target"),
            Reason::SelfScoreNotCounted => ("điểm tự chấm", "self-score"),
            Reason::MaxCell => ("điểm chuẩn", "maximum"),
            Reason::Cells(first, more) => {
                let list = first.join(", ");
                return match (more, lang) {
                    (0, _) => list,
                    (n, Lang::Vi) => format!("{list} và {n} ô khác"),
                    (n, Lang::En) => format!("{list} and {n} more"),
                };
            }
            Reason::FractionKept { other, score } => {
                let other = crate::model::numfmt::plain(*other, lang);
                let score = crate::model::numfmt::plain(*score, lang);
                return match lang {
                    Lang::Vi => format!("ô không định dạng phần trăm nên số được giữ như đã ghi; nếu là tỷ lệ thì là {other}% và được {score} điểm"),
                    Lang::En => format!("the cell is not formatted as a percentage, so the number is kept as written; read as a fraction it would be {other}% and score {score}"),
                };
            }
            Reason::ResultCell => ("kết quả", "result"),
            Reason::SelfScoreCell => ("điểm tự chấm", "self-score"),
            Reason::Negative => ("số âm", "below zero"),
            Reason::PercentOver100 => ("tỷ lệ trên 100%", "a percentage above 100"),
            Reason::VietnameseThousands => (
                "dấu chấm là dấu phân cách hàng nghìn",
                "the dot read as a thousands separator",
            ),
            Reason::VietnameseDecimal => (
                "dấu phẩy là dấu thập phân",
                "the comma read as a decimal separator",
            ),
            Reason::FractionAsPercent => (
                "số thập phân được hiểu là tỷ lệ phần trăm",
                "a fraction read as a percentage",
            ),
            Reason::Legacy(name) => return (*name).to_string(),
            Reason::AdjustmentReason(text) => return text.clone(),
            Reason::CutoffFlag => ("Cờ thi đua", "Cờ thi đua (emulation flag)"),
            Reason::CutoffCertificate => ("Bằng khen", "Bằng khen (certificate of merit)"),
            Reason::Cutoff(title) => return title.clone(),
            Reason::NoHeaderRow => ("không có dòng tiêu đề", "has no header row"),
            Reason::NoRows => ("không có dòng nào dưới dòng tiêu đề", "has no row under its header"),
            Reason::MinimumAbovePrevious(cell) => {
                return match lang {
                    Lang::Vi => format!("mức tối thiểu cao hơn mức của xếp loại trên nó (ô {cell})"),
                    Lang::En => format!("its minimum is above the one of the class before it (at {cell})"),
                }
            }
            Reason::AfterCatchAll(cell) => {
                return match lang {
                    Lang::Vi => format!("đứng sau dòng không có mức tối thiểu (ô {cell}), nên không đơn vị nào xếp được vào đây"),
                    Lang::En => format!("it comes after a row with no minimum (at {cell}), so no unit can reach it"),
                }
            }
            Reason::NoCount => ("chưa ghi Số lượng hay Tỷ lệ", "neither Số lượng nor Tỷ lệ is given"),
            Reason::BothCounts => ("ghi cả Số lượng và Tỷ lệ", "both Số lượng and Tỷ lệ are given"),
            Reason::NotANumber => ("cần một số", "a number is needed"),
            Reason::NotAYear => ("cần một năm, ví dụ 2016", "a year is needed, e.g. 2016"),
            Reason::NotAUnitCode => (
                "cần mã một đơn vị trong trang Đơn vị",
                "a unit code of the Đơn vị sheet is needed",
            ),
            Reason::NotAWholeNumber => (
                "cần một số nguyên không âm",
                "a whole number of 0 or more is needed",
            ),
            Reason::TargetAboveZero => ("chỉ tiêu lớn hơn 0", "a target above zero"),
            Reason::ATarget => ("chỉ tiêu", "a target"),
            Reason::ARate => ("mức điểm (cột Mức)", "a rate (column Mức)"),
            Reason::NoSuchCriterion => (
                "không có tiêu chí này trong giao ước",
                "the agreement has no such criterion",
            ),
            Reason::NoSuchUnit => (
                "không có đơn vị này trong giao ước",
                "the agreement has no such unit",
            ),
            Reason::APositiveMax => (
                "điểm chuẩn là một số dương",
                "the maximum (Điểm chuẩn) to be a positive number",
            ),
            Reason::TargetNotNegative => ("chỉ tiêu không âm", "a target of 0 or more"),
            Reason::RateNotNegative => (
                "mức điểm (cột Mức) không âm",
                "a rate (column Mức) of 0 or more",
            ),
            Reason::APercentage => (
                "cần một tỷ lệ phần trăm từ 0 đến 100",
                "a percentage from 0 to 100 is needed",
            ),
            Reason::NumberTooLarge => (
                "số quá lớn, vượt 10^15",
                "the number is too large, beyond 10^15",
            ),
            Reason::SelfScoreTooLarge => (
                "là điểm tự chấm, quá lớn, vượt 10^15",
                "a self-score, too large, beyond 10^15",
            ),
            Reason::TooLargeToScore => ("quá lớn để tính điểm", "too large to score"),
            Reason::OutsideZeroToMax => (
                "nằm ngoài khoảng từ 0 đến điểm chuẩn",
                "is outside 0 to the maximum",
            ),
            Reason::OutsideMinusMaxToZero => (
                "nằm ngoài khoảng từ âm điểm chuẩn đến 0 của tiêu chí trừ điểm",
                "is outside minus the maximum to 0 of a penalty criterion",
            ),
            Reason::UnitNotScored => (
                "đơn vị này không có bảng chấm điểm được dùng nên điểm điều chỉnh không được áp dụng",
                "the unit has no scored workbook, so the adjustment applies to nothing",
            ),
            Reason::TotalBelowZero => (
                "làm tổng điểm của đơn vị xuống dưới 0",
                "takes the unit's total below 0",
            ),
            Reason::PreviousNotFound => (
                "không có tệp này",
                "the file does not exist",
            ),
            Reason::PreviousUnreadable(what) => {
                return format!(
                    "{} ({what})",
                    lang.pick(
                        "không đọc được tệp dạng JSON",
                        "the file cannot be read as JSON"
                    )
                )
            }
            Reason::PreviousNotResults => (
                "tệp không phải kết quả ket-qua-<Năm>.json do thidua run ghi (thiếu năm hoặc danh sách đơn vị)",
                "the file is not a ket-qua-<Năm>.json written by thidua run (no year or no list of units)",
            ),
            Reason::PreviousWrongYear { found, expected } => {
                return match lang {
                    Lang::Vi => format!("tệp là kết quả năm {found}, cần kết quả năm {expected}"),
                    Lang::En => format!("the file holds the results of {found}, those of {expected} are needed"),
                }
            }
            Reason::NotADate => (
                "cần một ngày, ví dụ 15/12/2016",
                "a date is needed, e.g. 15/12/2016",
            ),
            Reason::NotATitle(titles) => {
                return match lang {
                    Lang::Vi => format!("cần một hình thức khen thưởng của giao ước ({titles}), hoặc để trống"),
                    Lang::En => format!("a title of the agreement is needed ({titles}), or nothing"),
                }
            }
            Reason::VotesOverAttendance(n) => {
                return match lang {
                    Lang::Vi => format!("số phiếu tán thành và không tán thành cộng lại vượt số đại biểu ({n})"),
                    Lang::En => format!("the votes for and against add up to more than the delegates present ({n})"),
                }
            }
            Reason::ClassBelowMinimum { title, class } => {
                return match lang {
                    Lang::Vi => format!("đơn vị xếp loại \"{class}\", chưa đạt xếp loại tối thiểu để được đề nghị {title}"),
                    Lang::En => format!("the unit's class is \"{class}\", below the minimum class for {title}"),
                }
            }
            Reason::OutsidePositions { title } => {
                return match lang {
                    Lang::Vi => format!("thứ hạng của đơn vị (kể cả các đơn vị bằng điểm) không thuộc các vị trí được đề nghị {title}"),
                    Lang::En => format!("the unit's rank (with the units tied with it) is outside the positions of {title}"),
                }
            }
            Reason::TooMany { title, allowed, decided } => {
                return match lang {
                    Lang::Vi => format!("giao ước chỉ cho đề nghị {allowed} {title}, các đề nghị cuối cùng có {decided}"),
                    Lang::En => format!("the agreement allows {allowed} {title}, the final proposals have {decided}"),
                }
            }
            Reason::NotPutToVote(proposal) => {
                return match (proposal, lang) {
                    (Some(p), Lang::Vi) => format!("đơn vị không thuộc diện biểu quyết; theo xếp hạng đơn vị được đề nghị {p}, nên Quyết định chỉ có thể là {p} hoặc để trống (Hội nghị không tán thành)"),
                    (Some(p), Lang::En) => format!("the unit was not put to the vote; by the ranking it is proposed for {p}, so the decision can only be {p} or nothing (the conference did not approve)"),
                    (None, Lang::Vi) => "đơn vị không thuộc diện biểu quyết và không được đề nghị khen thưởng theo xếp hạng, nên Quyết định chỉ có thể để trống".to_string(),
                    (None, Lang::En) => "the unit was not put to the vote and has no proposal by the ranking, so the decision can only be nothing".to_string(),
                }
            }
        };
        lang.pick(vi, en).to_string()
    }
}

/// Which bound a file went past, in words.
fn limit_text(limit: &crate::model::limit::Limit, lang: Lang) -> String {
    use crate::model::limit::Limit;
    let mb = |bytes: &u64| format!("{} MB", bytes.div_ceil(1024 * 1024));
    match (limit, lang) {
        (Limit::FileSize { size, max }, Lang::Vi) => format!("{}, giới hạn {}", mb(size), mb(max)),
        (Limit::FileSize { size, max }, Lang::En) => {
            format!("{}, the limit is {}", mb(size), mb(max))
        }
        (Limit::ZipEntries { count, max }, Lang::Vi) => {
            format!("{count} phần trong tệp, giới hạn {max}")
        }
        (Limit::ZipEntries { count, max }, Lang::En) => {
            format!("{count} parts, the limit is {max}")
        }
        (Limit::Uncompressed { size, max }, Lang::Vi) => {
            format!("{} khi giải nén, giới hạn {}", mb(size), mb(max))
        }
        (Limit::Uncompressed { size, max }, Lang::En) => {
            format!("{} uncompressed, the limit is {}", mb(size), mb(max))
        }
        (Limit::CompressionRatio { ratio, max, .. }, Lang::Vi) => {
            format!("nén {ratio} lần, giới hạn {max} lần: có thể là tệp phá hoại (zip bomb)")
        }
        (Limit::CompressionRatio { ratio, max, .. }, Lang::En) => {
            format!("compressed {ratio} to 1, the limit is {max} to 1: likely a zip bomb")
        }
        (Limit::Cells { max }, Lang::Vi) => format!("hơn {max} ô có dữ liệu"),
        (Limit::Cells { max }, Lang::En) => format!("more than {max} non-empty cells"),
        (Limit::Text { max }, Lang::Vi) => format!("hơn {} chữ", mb(max)),
        (Limit::Text { max }, Lang::En) => format!("more than {} of text", mb(max)),
        (Limit::Merges { max }, Lang::Vi) => format!("hơn {max} vùng gộp ô"),
        (Limit::Merges { max }, Lang::En) => format!("more than {max} merged regions"),
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub kind: Kind,
    /// Code of the unit concerned.
    pub unit: Option<String>,
    /// Path relative to the working folder.
    pub file: Option<String>,
    pub sheet: Option<String>,
    /// A1 reference.
    pub cell: Option<String>,
    /// Criterion (or section) code the finding is about.
    pub criterion: Option<String>,
    pub expected: Option<Json>,
    pub found: Option<Json>,
    pub reason: Option<Reason>,
}

impl Diagnostic {
    /// A finding of `kind` with no location yet.
    pub fn new(kind: Kind) -> Self {
        Diagnostic {
            kind,
            unit: None,
            file: None,
            sheet: None,
            cell: None,
            criterion: None,
            expected: None,
            found: None,
            reason: None,
        }
    }

    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    pub fn unit(mut self, code: impl Into<String>) -> Self {
        self.unit = Some(code.into());
        self
    }

    pub fn file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    pub fn cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }

    /// Sets the cell when there is one.
    pub fn maybe_cell(mut self, cell: Option<String>) -> Self {
        self.cell = cell;
        self
    }

    pub fn criterion(mut self, code: impl Into<String>) -> Self {
        self.criterion = Some(code.into());
        self
    }

    pub fn expected(mut self, value: impl Into<Json>) -> Self {
        self.expected = Some(value.into());
        self
    }

    pub fn found(mut self, value: impl Into<Json>) -> Self {
        self.found = Some(value.into());
        self
    }

    pub fn reason(mut self, reason: Reason) -> Self {
        self.reason = Some(reason);
        self
    }

    /// What to do, where it depends on the reason (the `{advice}` placeholder).
    fn advice(&self, lang: Lang) -> &'static str {
        let (vi, en) = match (self.kind, &self.reason) {
            (Kind::UnreadableFile, Some(Reason::Encrypted)) => (
                "mở bằng Excel rồi lưu lại không gỡ được mật khẩu: đơn vị cần gỡ mật khẩu và gửi lại tệp không có mật khẩu",
                "saving it again in Excel does not remove a password: the unit must send it again without a password",
            ),
            (Kind::UnreadableFile, _) => (
                "hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại",
                "open it in Excel, save it as .xlsx and send it again",
            ),
            (Kind::UnknownUnit, Some(Reason::UnitNameFitsTwo(..))) => (
                "hãy ghi tên đầy đủ hoặc mã đơn vị trong dòng \"Đơn vị: ...\" phía trên bảng",
                "write the unit's full name or code in the \"Đơn vị: ...\" line above the table",
            ),
            (Kind::UnknownUnit, Some(Reason::LikeEveryWorkbook(_))) => (
                "không bảng nào đã nhận khớp với đơn vị thành viên: xem ghi chú về trang Đơn vị của giao ước",
                "no workbook received matches a member unit: see the finding about the agreement's Đơn vị sheet",
            ),
            (Kind::UnknownUnit, _) => (
                "hãy ghi dòng \"Đơn vị: <tên đơn vị>\" phía trên bảng",
                "add a line \"Đơn vị: <unit name>\" above the table",
            ),
            (Kind::NotANumber, Some(Reason::SelfScoreNotCounted)) => (
                "ô này không được tính vào tổng điểm tự chấm",
                "it is left out of the self-score total",
            ),
            (Kind::NotANumber, Some(Reason::TargetCell | Reason::MaxCell)) => (
                "ô này không được dùng (dùng số của giao ước)",
                "the cell is not used (the agreement's number is)",
            ),
            _ => ("tiêu chí được 0 điểm", "it scores 0"),
        };
        lang.pick(vi, en)
    }

    /// The message in words, from the kinds table.
    pub fn message(&self, lang: Lang) -> String {
        let info = self.kind.info();
        let template = match (self.kind, &self.reason) {
            (Kind::UnknownUnit, Some(Reason::NoWorkbookNamesAUnit(_))) => {
                lang.pick(NO_UNIT_MATCHES.0, NO_UNIT_MATCHES.1)
            }
            _ => lang.pick(info.vi, info.en),
        };
        crate::text::fill(template, |name| self.placeholder(name, lang))
    }

    /// The value of a message's placeholder; `None` for a name it has not.
    fn placeholder(&self, name: &str, lang: Lang) -> Option<String> {
        Some(match name {
            "criterion" => self.criterion.clone().unwrap_or_default(),
            "unit" => self.unit.clone().unwrap_or_default(),
            "expected" => self
                .expected
                .as_ref()
                .map(|v| json_text(v, lang))
                .unwrap_or_default(),
            "found" => self
                .found
                .as_ref()
                .map(|v| json_text(v, lang))
                .unwrap_or_default(),
            "reason" => self
                .reason
                .as_ref()
                .map(|r| r.text(lang))
                .unwrap_or_default(),
            "advice" => self.advice(lang).to_string(),
            _ => return None,
        })
    }
}

/// A JSON value as plain text: strings without quotes, numbers as people write them.
pub fn json_text(value: &Json, lang: Lang) -> String {
    match value {
        Json::String(s) => s.clone(),
        Json::Number(n) => match n.to_string().parse::<rust_decimal::Decimal>() {
            // Years and small whole numbers are written without a thousands mark.
            Ok(x) if x.fract().is_zero() && x.abs() < rust_decimal::Decimal::from(10_000) => {
                x.normalize().to_string()
            }
            Ok(x) => crate::model::numfmt::plain(x, lang),
            Err(_) => n.to_string(),
        },
        Json::Array(items) => items
            .iter()
            .map(|v| json_text(v, lang))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_exactly_one_table_row() {
        for info in KINDS {
            assert_eq!(
                KINDS.iter().filter(|k| k.kind == info.kind).count(),
                1,
                "{}",
                info.name
            );
        }
        assert_eq!(Kind::all().count(), KINDS.len());
    }

    #[test]
    fn spec_kinds_have_spec_severities() {
        use Severity::*;
        let spec = [
            ("unreadable-file", Error),
            ("unknown-unit", Error),
            ("duplicate-unit", Error),
            ("missing-unit", Warning),
            ("wrong-year", Error),
            ("no-table", Error),
            ("missing-criterion", Error),
            ("unknown-criterion", Warning),
            ("missing-value", Error),
            ("not-a-number", Error),
            ("out-of-range", Error),
            ("ambiguous-number", Warning),
            ("target-mismatch", Warning),
            ("max-mismatch", Warning),
            ("self-score-mismatch", Warning),
            ("self-score-over-max", Warning),
            ("legacy-encoding", Warning),
            ("adjustment", Info),
            ("adjustment-out-of-range", Warning),
            ("tie-at-cutoff", Warning),
            ("empty-form", Error),
            ("uncalculated-formula", Warning),
            ("duplicate-criterion", Warning),
        ];
        for (name, severity) in spec {
            let kind = Kind::all().find(|k| k.name() == name).expect(name);
            assert_eq!(kind.severity(), severity, "{name}");
        }
    }

    #[test]
    fn message_fills_placeholders_in_both_languages() {
        let d = Diagnostic::new(Kind::TargetMismatch)
            .criterion("1.2")
            .expected(95)
            .found(90);
        assert_eq!(
            d.message(Lang::Vi),
            "Tiêu chí 1.2: chỉ tiêu ghi trong bảng là 90, chỉ tiêu đã ký là 95; dùng chỉ tiêu đã ký."
        );
        assert!(d
            .message(Lang::En)
            .starts_with("Criterion 1.2: the workbook's target is 90"));
    }

    #[test]
    fn no_message_leaves_a_placeholder_unfilled() {
        for kind in Kind::all() {
            let d = Diagnostic::new(kind)
                .criterion("1")
                .unit("CB")
                .expected(1)
                .found(2)
                .reason(Reason::Negative);
            for lang in [Lang::Vi, Lang::En] {
                let m = d.message(lang);
                assert!(!m.contains('{') && !m.contains('}'), "{m}");
            }
        }
    }
}
