//! The command-level messages: what the commands and the command line say
//! about themselves (a missing folder or agreement, an error of the
//! operating system, a bad argument, what was written), in one table with
//! Vietnamese and English, as `diagnostic` is for the findings.
//!
//! Every value put into a message is made inert for the terminal
//! ([`crate::text::terminal::inert`]): these messages are printed, never written
//! into a document. Also owns counting words ("1 warning", "2 warnings").
//!
//! ```
//! use thidua::model::diagnostic::Lang;
//! use thidua::model::messages::Say;
//! let m = Say::FolderMissing.with("folder", "cum-3");
//! assert!(m.text(Lang::Vi).contains("thidua init cum-3"));
//! ```

use crate::model::diagnostic::Lang;
use crate::text::terminal::inert;
use std::io::ErrorKind;

/// What a command says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Say {
    FolderMissing,
    AgreementMissing,
    AgreementMissingOtherFound,
    AgreementGivenMissing,
    AgreementIsFolder,
    AgreementProblems,
    NothingDone,
    AgreementExists,
    InitDone,
    InitAgreement,
    InitInbox,
    InitAdjustments,
    InitNextSteps,
    RunNextSteps,
    CannotInit,
    InitFromDone,
    InitFromAgreement,
    InitFromPrevious,
    InitFromNoResults,
    InitFromNotEmpty,
    InitFromNextSteps,
    CannotMakeOutput,
    CannotWriteOutput,
    CannotMakeAgreement,
    CannotMakeForm,
    Written,
    WroteForms,
    MissingChars,
    IoNotFound,
    IoPermissionDenied,
    IoAlreadyExists,
    IoStorageFull,
    IoReadOnly,
    IoIsADirectory,
    IoNotADirectory,
    IoBusy,
    IoInvalidName,
    IoOther,
    CliUnknownCommand,
    CliUnknownOption,
    CliExtraArgument,
    CliBadValue,
    CliNoValue,
    CliMissingArgument,
    CliConflict,
    CliNoCommand,
    CliNotUtf8,
    CliOther,
    CliDidYouMean,
    CliHint,
    HelpCommand,
    HelpFiles,
    HelpCommandName,
    ConclusionsProblems,
    ConclusionsFormExists,
    ConclusionsFormWritten,
    ConclusionsAbsent,
    DossierPending,
}

/// One row of the table.
struct Row {
    say: Say,
    vi: &'static str,
    en: &'static str,
}

/// The messages. Placeholders: `{name}`, filled by [`Message::with`].
const MESSAGES: &[Row] = &[
    Row { say: Say::FolderMissing,
        vi: "Không có thư mục làm việc {folder}. Hãy kiểm tra lại đường dẫn, hoặc tạo thư mục làm việc mới (có giao ước mẫu và thư mục nop/) bằng lệnh: thidua init {folder}",
        en: "The working folder {folder} does not exist. Check the path, or make a new working folder (with an example agreement and a nop/ folder) with: thidua init {folder}" },
    Row { say: Say::AgreementMissing,
        vi: "Không có giao ước: đã tìm tệp {path} nhưng không thấy. Hãy chép giao ước đã ký vào đó, hoặc tạo giao ước mẫu bằng lệnh: thidua init {folder}. Nếu giao ước lưu ở chỗ khác hoặc dạng khác, hãy chỉ rõ tệp bằng --agreement, ví dụ: --agreement {example}",
        en: "No agreement: {path} was looked for and not found. Copy the signed agreement there, or make an example one with: thidua init {folder}. If the agreement is elsewhere or in another format, name it with --agreement, e.g.: --agreement {example}" },
    Row { say: Say::AgreementMissingOtherFound,
        vi: "Không có giao ước: đã tìm tệp {path} nhưng không thấy; thư mục có tệp {found}. Nếu đó là giao ước đã ký, hãy chạy lại với: --agreement {found}",
        en: "No agreement: {path} was looked for and not found; the folder has {found}. If that is the signed agreement, run again with: --agreement {found}" },
    Row { say: Say::AgreementGivenMissing,
        vi: "Không có tệp giao ước {path} (chỉ bằng --agreement). Hãy kiểm tra lại tên và đường dẫn của tệp.",
        en: "The agreement {path} (named with --agreement) does not exist. Check the file's name and path." },
    Row { say: Say::AgreementIsFolder,
        vi: "{path} là một thư mục, không phải tệp giao ước. Hãy chỉ đến tệp giao ước, ví dụ: --agreement {example}",
        en: "{path} is a folder, not an agreement file. Name the agreement file itself, e.g.: --agreement {example}" },
    Row { say: Say::AgreementProblems,
        vi: "Giao ước có lỗi; chưa làm gì. Hãy sửa giao ước rồi chạy lại:",
        en: "The agreement has problems; nothing was done. Fix it and run again:" },
    Row { say: Say::NothingDone,
        vi: "Chưa làm gì: {problem}",
        en: "Nothing was done: {problem}" },
    Row { say: Say::AgreementExists,
        vi: "Thư mục đã có giao ước {path}; không ghi đè. Hãy chọn thư mục khác, hoặc xóa tệp đó nếu muốn làm lại từ đầu.",
        en: "The folder already has an agreement, {path}; it was not overwritten. Choose another folder, or delete that file to start again." },
    Row { say: Say::InitDone,
        vi: "Đã tạo thư mục làm việc {folder}",
        en: "Created the working folder {folder}" },
    Row { say: Say::InitAgreement,
        vi: "giao ước mẫu: sửa theo giao ước đã ký",
        en: "example agreement: edit it to match the signed one" },
    Row { say: Say::InitInbox,
        vi: "chép bảng tự chấm điểm của các đơn vị vào đây",
        en: "put the units' self-scoring workbooks here" },
    Row { say: Say::InitAdjustments,
        vi: "điều chỉnh điểm của Ban thư ký (để trống nếu không điều chỉnh)",
        en: "the secretariat's score adjustments (leave it empty if none)" },
    Row { say: Say::InitNextSteps,
        vi: "Việc tiếp theo:\n  1. Sửa giao-uoc.xlsx cho đúng giao ước đã ký (xem trang Hướng dẫn trong tệp).\n  2. thidua agreement {folder}   in giao ước ra PDF và Word để ký\n  3. thidua forms {folder}       lập biểu mẫu tự chấm điểm gửi các đơn vị\n  4. Chép bảng tự chấm điểm các đơn vị gửi về vào thư mục nop/.\n  5. thidua check {folder}       kiểm tra các bảng\n  6. thidua run {folder}         chấm điểm, xếp hạng, lập bảng tổng hợp và báo cáo",
        en: "Next steps:\n  1. Edit giao-uoc.xlsx to match the signed agreement (see its Hướng dẫn sheet).\n  2. thidua agreement {folder}   the agreement as PDF and Word, for signing\n  3. thidua forms {folder}       a self-scoring form for each unit, to send out\n  4. Put the workbooks the units send back into nop/.\n  5. thidua check {folder}       check them\n  6. thidua run {folder}         score, rank, write the workbook and the handout" },
    Row { say: Say::RunNextSteps,
        vi: "Có {errors}: kết quả của các đơn vị có lỗi là tạm tính, và báo cáo ghi rõ điều đó. Việc tiếp theo: gửi từng đơn vị các lỗi của đơn vị (trang Kiểm tra của tong-hop-{year}.xlsx) để nộp lại bảng đã sửa vào nop/, hoặc Ban thư ký ghi điểm điều chỉnh vào dieu-chinh.xlsx; rồi chạy lại thidua run.",
        en: "{errors} found: the results of the units with errors are provisional, and the handout says so. Next: send each unit its findings (sheet Kiểm tra of tong-hop-{year}.xlsx) so it sends a corrected workbook into nop/, or the secretariat writes adjusted scores into dieu-chinh.xlsx; then run thidua run again." },
    Row { say: Say::CannotInit,
        vi: "Không tạo được thư mục làm việc: {problem}",
        en: "Cannot make the working folder: {problem}" },
    Row { say: Say::InitFromDone,
        vi: "Đã tạo thư mục làm việc năm {year} {folder} từ thư mục năm {previous} {from}",
        en: "Created the working folder for {year}, {folder}, from {previous}'s folder {from}" },
    Row { say: Say::InitFromAgreement,
        vi: "giao ước năm {year}: Cụm trưởng {head}, Cụm phó {deputy}; cùng đơn vị, tiêu chí và chỉ tiêu năm {previous}: cần rà soát chỉ tiêu trước khi ký",
        en: "the agreement for {year}: head {head}, deputy {deputy}; the same units, criteria and targets as {previous}: review the targets before signing" },
    Row { say: Say::InitFromPrevious,
        vi: "kết quả năm {previous}, để so sánh với năm {year}",
        en: "the results of {previous}, to compare {year} with" },
    Row { say: Say::InitFromNoResults,
        vi: "Chưa có kết quả năm {previous}: không thấy {path} (chưa chạy thidua run?). Thư mục năm {year} vẫn được tạo, nhưng chưa có số liệu năm trước để so sánh. Khi có, hãy chạy thidua run {from} rồi chép tệp {file} vào {truoc}.",
        en: "No results for {previous} yet: {path} is not there (thidua run not done?). The folder for {year} was made all the same, without last year's figures to compare with. Once there are some, run thidua run {from} and copy {file} into {truoc}." },
    Row { say: Say::InitFromNotEmpty,
        vi: "Thư mục {folder} đã có và không trống; không ghi gì vào đó để khỏi ghi đè. Hãy chọn một thư mục mới (chưa có hoặc còn trống) cho năm sau.",
        en: "The folder {folder} exists and is not empty; nothing was written into it, so as to overwrite nothing. Choose a new folder (not there yet, or empty) for next year." },
    Row { say: Say::InitFromNextSteps,
        vi: "Việc tiếp theo:\n  1. Rà soát giao-uoc.xlsx: chỉ tiêu, điểm chuẩn, thông tin hội nghị; đơn vị đổi mã hoặc hợp nhất thì ghi mã năm trước vào cột Mã cũ của trang Đơn vị.\n  2. thidua agreement {folder}   in giao ước ra PDF và Word để ký\n  3. thidua forms {folder}       lập biểu mẫu tự chấm điểm gửi các đơn vị\n  4. Cuối năm: chép bảng các đơn vị gửi về vào nop/, rồi thidua run {folder}",
        en: "Next steps:\n  1. Review giao-uoc.xlsx: the targets, the maximums, the conference's details; for a unit renamed or merged, write last year's codes in the Mã cũ column of the Đơn vị sheet.\n  2. thidua agreement {folder}   the agreement as PDF and Word, for signing\n  3. thidua forms {folder}       a self-scoring form for each unit, to send out\n  4. At the year's end: put the units' workbooks into nop/, then thidua run {folder}" },
    Row { say: Say::CannotMakeOutput,
        vi: "Không tạo được tệp kết quả; chưa ghi tệp nào: {problem}",
        en: "Cannot make an output; nothing was written: {problem}" },
    Row { say: Say::CannotWriteOutput,
        vi: "Không ghi được tệp kết quả; không tệp kết quả nào bị thay đổi: {problem}",
        en: "Cannot write the outputs; no output was changed: {problem}" },
    Row { say: Say::CannotMakeAgreement,
        vi: "Không tạo được tệp giao ước: {problem}",
        en: "Cannot make the agreement: {problem}" },
    Row { say: Say::CannotMakeForm,
        vi: "Không lập được biểu mẫu cho {unit}: {problem}",
        en: "Cannot make the form of {unit}: {problem}" },
    Row { say: Say::Written,
        vi: "Đã ghi: {files}",
        en: "Written: {files}" },
    Row { say: Say::WroteForms,
        vi: "Đã ghi {forms}:",
        en: "Wrote {forms}:" },
    Row { say: Say::MissingChars,
        vi: "Cảnh báo: phông chữ không có các ký tự sau, đã in thành '?' trong tệp PDF: {chars}",
        en: "Warning: the font lacks these characters, printed as '?' in the PDF: {chars}" },
    Row { say: Say::IoNotFound,
        vi: "không có {path}. Hãy kiểm tra lại tên và đường dẫn, hoặc tạo nó trước.",
        en: "{path} does not exist. Check the name and the path, or make it first." },
    Row { say: Say::IoPermissionDenied,
        vi: "không có quyền truy cập {path}. Hãy cấp quyền đọc và ghi cho người dùng này, hoặc chọn thư mục khác.",
        en: "no permission to use {path}. Give this user the right to read and write it, or choose another folder." },
    Row { say: Say::IoAlreadyExists,
        vi: "{path} đã có. Hãy xóa hoặc đổi tên nó, hoặc chọn tên khác.",
        en: "{path} already exists. Delete or rename it, or choose another name." },
    Row { say: Say::IoStorageFull,
        vi: "ổ đĩa chứa {path} đã đầy (hoặc hết hạn mức). Hãy giải phóng chỗ trống rồi chạy lại.",
        en: "the disk holding {path} is full (or over its quota). Free some space and run again." },
    Row { say: Say::IoReadOnly,
        vi: "{path} nằm trên ổ đĩa chỉ đọc. Hãy chọn thư mục trên ổ đĩa ghi được, ví dụ bằng --out.",
        en: "{path} is on a read-only disk. Choose a folder on a disk that can be written, e.g. with --out." },
    Row { say: Say::IoIsADirectory,
        vi: "{path} là một thư mục, không phải tệp. Hãy chỉ đến một tệp.",
        en: "{path} is a folder, not a file. Name a file." },
    Row { say: Say::IoNotADirectory,
        vi: "{path} không phải thư mục: một phần của đường dẫn là tệp. Hãy kiểm tra lại đường dẫn.",
        en: "{path} is not a folder: part of the path is a file. Check the path." },
    Row { say: Say::IoBusy,
        vi: "{path} đang được chương trình khác dùng (ví dụ đang mở trong Excel). Hãy đóng nó rồi chạy lại.",
        en: "{path} is in use by another program (e.g. open in Excel). Close it and run again." },
    Row { say: Say::IoInvalidName,
        vi: "tên {path} không hợp lệ hoặc quá dài. Hãy đặt tên ngắn hơn, không có ký tự đặc biệt.",
        en: "the name {path} is not valid or too long. Use a shorter name without special characters." },
    Row { say: Say::IoOther,
        vi: "không đọc hoặc ghi được {path} (hệ điều hành báo: {detail}). Hãy kiểm tra ổ đĩa và quyền truy cập rồi chạy lại.",
        en: "cannot read or write {path} (the operating system says: {detail}). Check the disk and the permissions, and run again." },
    Row { say: Say::CliUnknownCommand,
        vi: "Không có lệnh \"{value}\". Các lệnh: {commands}.",
        en: "Unknown command \"{value}\". The commands: {commands}." },
    Row { say: Say::CliUnknownOption,
        vi: "Không có tùy chọn \"{value}\" ở đây.",
        en: "Unknown option \"{value}\" here." },
    Row { say: Say::CliExtraArgument,
        vi: "Thừa đối số \"{value}\".",
        en: "Unexpected argument \"{value}\"." },
    Row { say: Say::CliBadValue,
        vi: "Giá trị \"{value}\" không dùng được cho {arg}; dùng một trong: {valid}.",
        en: "The value \"{value}\" cannot be used for {arg}; use one of: {valid}." },
    Row { say: Say::CliNoValue,
        vi: "Tùy chọn {arg} cần một giá trị.",
        en: "The option {arg} needs a value." },
    Row { say: Say::CliMissingArgument,
        vi: "Thiếu {arg}.",
        en: "{arg} is missing." },
    Row { say: Say::CliConflict,
        vi: "Không dùng được {arg} cùng với {other}.",
        en: "{arg} cannot be used with {other}." },
    Row { say: Say::CliNoCommand,
        vi: "Cần một lệnh, ví dụ: thidua run <thư mục>.",
        en: "A command is needed, e.g.: thidua run <folder>." },
    Row { say: Say::CliNotUtf8,
        vi: "Dòng lệnh có ký tự không đọc được (không phải UTF-8).",
        en: "The command line has characters that cannot be read (not UTF-8)." },
    Row { say: Say::CliOther,
        vi: "Dòng lệnh không đúng: {arg}.",
        en: "The command line is not right: {arg}." },
    Row { say: Say::CliDidYouMean,
        vi: "Có phải ý bạn là \"{value}\"?",
        en: "Did you mean \"{value}\"?" },
    Row { say: Say::CliHint,
        vi: "Xem cách dùng: thidua --help",
        en: "For how to use it: thidua --help" },
    Row { say: Say::HelpFiles,
        vi: "Thư mục làm việc:\n  giao-uoc.xlsx             giao ước đã ký (trang Thông tin, Đơn vị, Giao ước)\n  nop/                      bảng tự chấm điểm các đơn vị gửi về (.xlsx, .xls, .ods...)\n  dieu-chinh.xlsx           (nếu có) điểm Ban thư ký điều chỉnh: Đơn vị, Mã, Điểm, Lý do\n  ghi-chu.md                (nếu có) đoạn văn thêm vào báo cáo\n  templates/hoi-nghi.md.j2  (nếu có) mẫu lời văn của báo cáo, thay mẫu có sẵn\n  truoc/                    (nếu có) kết quả năm trước, ket-qua-<NĂM-1>.json, để so sánh (thidua init --from chép vào)\n  ket-luan.xlsx             (nếu có) kết luận Hội nghị: biểu quyết và quyết định khen thưởng (thidua ho-so --mau lập mẫu)\n  ket-qua/                  các tệp kết quả\n\nMã thoát: 0 không có lỗi; 1 đã xong nhưng có bảng có lỗi (kết quả vẫn được ghi); 2 không làm được gì (sai lệnh, giao ước có lỗi, không ghi được), không ghi tệp nào.\n\nXem thêm: thidua help <LỆNH>",
        en: "The working folder:\n  giao-uoc.xlsx             the signed agreement (sheets Thông tin, Đơn vị, Giao ước)\n  nop/                      the units' self-scoring workbooks (.xlsx, .xls, .ods...)\n  dieu-chinh.xlsx           (optional) the secretariat's adjusted scores: Đơn vị, Mã, Điểm, Lý do\n  ghi-chu.md                (optional) a passage added to the handout\n  templates/hoi-nghi.md.j2  (optional) the handout's wording, in place of the built-in one\n  truoc/                    (optional) last year's results, ket-qua-<YEAR-1>.json, to compare with (thidua init --from copies them)\n  ket-luan.xlsx             (optional) the conference's conclusions: votes and decisions (thidua ho-so --mau makes one)\n  ket-qua/                  the outputs\n\nExit status: 0 no error; 1 finished, but some workbooks have errors (outputs still written); 2 nothing could be done (bad arguments, a bad agreement, an output that cannot be written), nothing written.\n\nSee also: thidua help <COMMAND>" },
    Row { say: Say::HelpCommand,
        vi: "in hướng dẫn, hoặc hướng dẫn của một lệnh (thidua help run)",
        en: "print the help, or the help of a command (thidua help run)" },
    Row { say: Say::HelpCommandName,
        vi: "lệnh cần xem hướng dẫn",
        en: "the command to explain" },
    Row { say: Say::ConclusionsProblems,
        vi: "Kết luận Hội nghị (ket-luan.xlsx) có lỗi; chưa ghi tệp nào của hồ sơ. Hãy sửa các ô sau rồi chạy lại thidua ho-so:",
        en: "The conference's conclusions (ket-luan.xlsx) have problems; nothing of the dossier was written. Fix these cells and run thidua ho-so again:" },
    Row { say: Say::ConclusionsFormExists,
        vi: "Thư mục đã có {path}; không ghi đè (tệp có thể đã ghi kết luận của Hội nghị). Nếu muốn lập lại từ đầu, hãy đổi tên hoặc xóa tệp đó rồi chạy lại thidua ho-so --mau.",
        en: "The folder already has {path}; it was not overwritten (it may hold the conference's conclusions already). To start again, rename or delete that file and run thidua ho-so --mau again." },
    Row { say: Say::ConclusionsFormWritten,
        vi: "Đã ghi {path}: hãy ghi kết luận của Hội nghị vào đó (xem trang Hướng dẫn), rồi chạy: thidua ho-so {folder}",
        en: "Written {path}: record the conference's conclusions in it (see its Hướng dẫn sheet), then run: thidua ho-so {folder}" },
    Row { say: Say::ConclusionsAbsent,
        vi: "Chưa có ket-luan.xlsx: hồ sơ lập theo đề nghị xếp hạng, các đơn vị phải biểu quyết ghi là chờ Hội nghị biểu quyết. Lập tệp ghi kết luận bằng: thidua ho-so --mau {folder}",
        en: "No ket-luan.xlsx: the dossier follows the ranking's proposals, and the units to be voted on are shown as pending. Make the file for the conclusions with: thidua ho-so --mau {folder}" },
    Row { say: Say::DossierPending,
        vi: "Còn chờ Hội nghị biểu quyết: {units}. Ghi số phiếu và Quyết định vào trang Biểu quyết của ket-luan.xlsx rồi chạy lại thidua ho-so.",
        en: "Still waiting for the conference's vote: {units}. Write the votes and the decision in sheet Biểu quyết of ket-luan.xlsx and run thidua ho-so again." },
];

impl Say {
    /// Every message, in table order.
    pub fn all() -> impl Iterator<Item = Say> {
        MESSAGES.iter().map(|r| r.say)
    }

    fn row(self) -> &'static Row {
        MESSAGES
            .iter()
            .find(|r| r.say == self)
            .expect("every message has a row in MESSAGES")
    }

    /// The message with one value.
    pub fn with(self, name: &'static str, value: impl Into<String>) -> Message {
        Message {
            say: self,
            values: Vec::new(),
        }
        .with(name, value)
    }

    /// The message as it is (for those without placeholders).
    pub fn text(self, lang: Lang) -> String {
        Message {
            say: self,
            values: Vec::new(),
        }
        .text(lang)
    }
}

/// A message with its values.
#[derive(Debug, Clone)]
pub struct Message {
    say: Say,
    values: Vec<(&'static str, String)>,
}

impl Message {
    /// Adds a value for `{name}`.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Message {
        self.values.push((name, value.into()));
        self
    }

    /// The message in words, each value made inert for the terminal; a
    /// placeholder without a value stays as written. (Making text inert twice
    /// changes nothing: a message can be the value of another.)
    pub fn text(&self, lang: Lang) -> String {
        let row = self.say.row();
        let template = lang.pick(row.vi, row.en);
        crate::text::fill(template, |name| {
            self.values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| inert(v).into_owned())
        })
    }
}

/// An error of the operating system on one path, as a sentence in the
/// chosen language that says what to do; never the system's own words
/// alone ("No such file or directory (os error 2)").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoProblem {
    /// The path, as shown to users.
    pub path: String,
    pub kind: ErrorKind,
    /// The system's own words, shown only when no sentence fits.
    pub detail: String,
}

impl IoProblem {
    /// The problem `error` on `path`.
    pub fn new(path: impl Into<String>, error: &std::io::Error) -> IoProblem {
        IoProblem {
            path: path.into(),
            kind: error.kind(),
            detail: error.to_string(),
        }
    }

    /// The sentence, starting in lower case: it follows what could not be
    /// done and a colon ("Chưa làm gì: không có nop. Hãy ...").
    pub fn text(&self, lang: Lang) -> String {
        let say = match self.kind {
            ErrorKind::NotFound => Say::IoNotFound,
            ErrorKind::PermissionDenied => Say::IoPermissionDenied,
            ErrorKind::AlreadyExists | ErrorKind::DirectoryNotEmpty => Say::IoAlreadyExists,
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => {
                Say::IoStorageFull
            }
            ErrorKind::ReadOnlyFilesystem => Say::IoReadOnly,
            ErrorKind::IsADirectory => Say::IoIsADirectory,
            ErrorKind::NotADirectory => Say::IoNotADirectory,
            ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy | ErrorKind::Deadlock => {
                Say::IoBusy
            }
            ErrorKind::InvalidFilename => Say::IoInvalidName,
            _ => Say::IoOther,
        };
        say.with("path", self.path.clone())
            .with("detail", self.detail.clone())
            .text(lang)
    }
}

/// `n` things in words: "3 lỗi" in Vietnamese, "1 error" or "3 errors" in English.
///
/// ```
/// use thidua::model::{diagnostic::Lang, messages::counted};
/// assert_eq!(counted(1, Lang::En, "cảnh báo", "warning", "warnings"), "1 warning");
/// assert_eq!(counted(2, Lang::En, "cảnh báo", "warning", "warnings"), "2 warnings");
/// assert_eq!(counted(1, Lang::Vi, "cảnh báo", "warning", "warnings"), "1 cảnh báo");
/// ```
pub fn counted(n: usize, lang: Lang, vi: &str, en_one: &str, en_many: &str) -> String {
    let word = match lang {
        Lang::Vi => vi,
        Lang::En if n == 1 => en_one,
        Lang::En => en_many,
    };
    format!("{n} {word}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_exactly_one_row() {
        for row in MESSAGES {
            assert_eq!(MESSAGES.iter().filter(|r| r.say == row.say).count(), 1);
        }
    }

    #[test]
    fn values_are_made_inert_once() {
        let problem = Say::IoNotFound.with("path", "a\nb").text(Lang::Vi);
        assert!(problem.starts_with("không có a\\nb."), "{problem}");
        let m = Say::NothingDone
            .with("problem", problem.clone())
            .text(Lang::Vi);
        assert_eq!(m, format!("Chưa làm gì: {problem}"));
    }

    #[test]
    fn every_error_kind_gets_a_sentence_with_the_path() {
        for kind in [
            ErrorKind::NotFound,
            ErrorKind::PermissionDenied,
            ErrorKind::AlreadyExists,
            ErrorKind::StorageFull,
            ErrorKind::ReadOnlyFilesystem,
            ErrorKind::IsADirectory,
            ErrorKind::NotADirectory,
            ErrorKind::ResourceBusy,
            ErrorKind::InvalidFilename,
            ErrorKind::Other,
        ] {
            let p = IoProblem::new("ket-qua/x.pdf", &std::io::Error::from(kind));
            for lang in [Lang::Vi, Lang::En] {
                let t = p.text(lang);
                assert!(t.contains("ket-qua/x.pdf") && t.ends_with('.'), "{t}");
            }
        }
    }
}
