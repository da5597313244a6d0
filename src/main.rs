//! The `thidua` command line: parses arguments (Vietnamese help by default,
//! English with `--lang en`) and calls the library. Clap's own error words
//! are never shown: each kind of command-line error is said from the
//! messages table, in the chosen language.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, ArgMatches, Command};
use std::path::PathBuf;
use thidua::cli::{self, Options};
use thidua::model::diagnostic::Lang;
use thidua::model::messages::{Message, Say};
use thidua::model::Paths;
use thidua::read::workbook::{self, ReadOptions};

/// The hidden sub-command that reads one workbook in a sandboxed process.
const READ_WORKER: &str = workbook::WORKER_COMMAND;

/// A faster allocator than the system's for the many small strings and cells
/// of thousands of workbooks read in parallel.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(READ_WORKER) {
        let path = args.get(2).map(PathBuf::from).unwrap_or_default();
        std::process::exit(workbook::worker_main(&path));
    }
    let lang = lang_from_args(&args);
    let matches = match cli(lang).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => std::process::exit(command_line_error(&e, lang)),
    };
    std::process::exit(dispatch(&matches, lang));
}

/// Prints what clap found (help, the version, or an error in the user's
/// language with a pointer to the help) and gives the exit status.
fn command_line_error(e: &clap::Error, lang: Lang) -> i32 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            0
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            2
        }
        _ => {
            eprintln!("{}", error_message(e).text(lang));
            if let Some(suggested) = suggestion(e) {
                eprintln!("{}", Say::CliDidYouMean.with("value", suggested).text(lang));
            }
            eprintln!("{}", Say::CliHint.text(lang));
            2
        }
    }
}

/// A context value of a clap error as text.
fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Bool(_) | ContextValue::None => None,
        _ => None,
    }
}

/// Clap's error as one of our messages, with the offending value.
fn error_message(e: &clap::Error) -> Message {
    let get = |k| context(e, k).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    match e.kind() {
        ErrorKind::InvalidSubcommand => unknown_command(&get(ContextKind::InvalidSubcommand)),
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            Say::CliUnknownOption.with("value", arg)
        }
        ErrorKind::UnknownArgument => Say::CliExtraArgument.with("value", arg),
        ErrorKind::InvalidValue if get(ContextKind::InvalidValue).is_empty() => {
            Say::CliNoValue.with("arg", arg)
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => Say::CliBadValue
            .with("value", get(ContextKind::InvalidValue))
            .with("arg", arg)
            .with("valid", get(ContextKind::ValidValue)),
        ErrorKind::NoEquals | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            Say::CliNoValue.with("arg", arg)
        }
        ErrorKind::TooManyValues => {
            Say::CliExtraArgument.with("value", get(ContextKind::InvalidValue))
        }
        ErrorKind::MissingRequiredArgument => Say::CliMissingArgument.with("arg", arg),
        ErrorKind::ArgumentConflict => Say::CliConflict
            .with("arg", arg)
            .with("other", get(ContextKind::PriorArg)),
        ErrorKind::MissingSubcommand => Say::CliNoCommand.with("arg", arg),
        ErrorKind::InvalidUtf8 => Say::CliNotUtf8.with("arg", arg),
        _ => Say::CliOther.with("arg", format!("{:?}", e.kind())),
    }
}

/// "No such command", with the commands there are.
fn unknown_command(name: &str) -> Message {
    let commands: Vec<String> = build_cli(Lang::Vi)
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    Say::CliUnknownCommand
        .with("value", name)
        .with("commands", commands.join(", "))
}

/// What clap suggests instead of the offending word, if anything.
fn suggestion(e: &clap::Error) -> Option<String> {
    [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(|k| context(e, k))
}

/// `--lang en` (or `--lang=en`) anywhere switches the help too.
fn lang_from_args(args: &[String]) -> Lang {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v.to_string()),
            None if a == "--lang" => it.next().cloned(),
            None => None,
        };
        if let Some(v) = value {
            return if v.eq_ignore_ascii_case("en") {
                Lang::En
            } else {
                Lang::Vi
            };
        }
    }
    Lang::Vi
}

/// Clap's own words (usage, headings, -h, -V) in the user's language.
fn localized(cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    let template = "{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";
    let headings = |a: Arg| {
        let heading = if a.is_positional() {
            "Đối số"
        } else {
            "Tùy chọn"
        };
        let a = a.help_heading(heading);
        if a.get_action().takes_values() {
            a.hide_possible_values(true).hide_default_value(true)
        } else {
            a
        }
    };
    let help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help("in hướng dẫn này");
    let mut cmd = cmd
        .help_template(template)
        .subcommand_help_heading("Lệnh")
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(help.clone().global(true))
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("in số phiên bản"),
        )
        .mut_args(headings);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let usage = match name.as_str() {
            "help" => "thidua help [LỆNH]".to_string(),
            _ => format!("thidua {name} [TÙY_CHỌN] [THƯ_MỤC]"),
        };
        cmd = cmd.mut_subcommand(name, |s| {
            s.help_template(template)
                .override_usage(usage)
                .mut_args(headings)
        });
    }
    cmd.override_usage("thidua [TÙY_CHỌN] <LỆNH>")
}

fn cli(lang: Lang) -> Command {
    localized(build_cli(lang), lang)
}

/// The options a command may take; each command lists only those it uses.
#[derive(Clone, Copy, PartialEq)]
enum Opt {
    Agreement,
    Inbox,
    Out,
    Json,
    Quiet,
    Previous,
}

fn build_cli(lang: Lang) -> Command {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en).to_string();
    let folder = Arg::new("folder")
        .value_name(lang.pick("THƯ_MỤC", "FOLDER"))
        .default_value(".")
        .help(t(
            "thư mục làm việc (mặc định: thư mục hiện tại)",
            "the working folder (default: the current one)",
        ));
    let path_name = lang.pick("ĐƯỜNG_DẪN", "PATH");
    let with = |cmd: Command, opts: &[Opt]| {
        let mut cmd = cmd.arg(folder.clone());
        for opt in opts {
            cmd = cmd.arg(match opt {
                Opt::Agreement => Arg::new("agreement")
                    .long("agreement")
                    .value_name(path_name)
                    .help(t(
                        "tệp giao ước (mặc định <THƯ_MỤC>/giao-uoc.xlsx)",
                        "the agreement file (default <FOLDER>/giao-uoc.xlsx)",
                    )),
                Opt::Inbox => Arg::new("inbox")
                    .long("inbox")
                    .value_name(path_name)
                    .help(t(
                        "thư mục nhận bảng của đơn vị (mặc định <THƯ_MỤC>/nop)",
                        "the inbox folder (default <FOLDER>/nop)",
                    )),
                Opt::Out => Arg::new("out").long("out").value_name(path_name).help(t(
                    "thư mục kết quả (mặc định <THƯ_MỤC>/ket-qua)",
                    "the output folder (default <FOLDER>/ket-qua)",
                )),
                Opt::Json => Arg::new("json")
                    .long("json")
                    .action(ArgAction::SetTrue)
                    .help(t(
                        "in kết quả dạng JSON thay cho báo cáo",
                        "print the result as JSON instead of the report",
                    )),
                Opt::Quiet => Arg::new("quiet")
                    .long("quiet")
                    .short('q')
                    .action(ArgAction::SetTrue)
                    .help(t("không in báo cáo", "print no report")),
                Opt::Previous => Arg::new("previous")
                    .long("previous")
                    .value_name(path_name)
                    .help(t(
                        "kết quả năm trước để so sánh (mặc định <THƯ_MỤC>/truoc/ket-qua-<NĂM-1>.json)",
                        "last year's results to compare with (default <FOLDER>/truoc/ket-qua-<YEAR-1>.json)",
                    )),
            });
        }
        cmd
    };
    use Opt::{Agreement, Inbox, Json, Out, Previous, Quiet};
    Command::new("thidua")
        .version(env!("CARGO_PKG_VERSION"))
        .about(t(
            "Tổng hợp, kiểm tra, chấm điểm và xếp hạng bảng tự chấm điểm thi đua của các đơn vị trong cụm",
            "Consolidates, checks, scores and ranks the self-scoring workbooks of an emulation cluster",
        ))
        .after_help(Say::HelpFiles.text(lang))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .disable_help_subcommand(true)
        .arg(Arg::new("lang").long("lang").value_name("vi|en").global(true)
            .value_parser(["vi", "en"]).ignore_case(true)
            .help(t("ngôn ngữ của màn hình, hướng dẫn và thông báo trong JSON (vi hoặc en, chữ hoa hay thường đều được); văn bản chính thức luôn bằng tiếng Việt",
                "language of the terminal, the help and the JSON's messages (vi or en, any case); official documents are always Vietnamese")))
        .subcommand(Command::new("init")
            .about(t("1. tạo thư mục làm việc: giao ước mẫu, dieu-chinh.xlsx trống và thư mục nop/ trống (--from: thư mục năm sau từ thư mục năm nay)",
                "1. make a working folder: an example agreement, an empty dieu-chinh.xlsx and an empty nop/ (--from: next year's folder from this year's)"))
            .arg(folder.clone())
            .arg(Arg::new("from").long("from").value_name(lang.pick("THƯ_MỤC_NĂM_NAY", "THIS_YEARS_FOLDER"))
                .help(t("lập thư mục năm sau từ thư mục năm nay: Năm + 1, cụm trưởng và cụm phó năm sau, cùng đơn vị, tiêu chí và chỉ tiêu; kết quả năm nay chép vào truoc/",
                    "make next year's folder from this year's: Năm + 1, next year's head and deputy, the same units, criteria and targets; this year's results copied to truoc/"))))
        .subcommand(with(Command::new("agreement")
            .about(t("2. in giao ước ra PDF và Word để ký (ket-qua/giao-uoc-<NĂM>.pdf, .docx)", "2. write the agreement as PDF and Word for signing (ket-qua/giao-uoc-<YEAR>.pdf, .docx)")),
            &[Agreement, Out, Json, Quiet]))
        .subcommand(with(Command::new("forms")
            .about(t("3. lập biểu mẫu tự chấm điểm điền sẵn cho từng đơn vị (ket-qua/bieu-mau/<MÃ>.xlsx)",
                "3. write a prefilled self-scoring form for each unit (ket-qua/bieu-mau/<CODE>.xlsx)")),
            &[Agreement, Out, Json, Quiet]))
        .subcommand(with(Command::new("check")
            .about(t("4. đọc và kiểm tra các bảng trong nop/, in các vấn đề; không ghi tệp nào", "4. import and check the workbooks in nop/, print the findings; write nothing")),
            &[Agreement, Inbox, Previous, Json, Quiet]))
        .subcommand(with(Command::new("run")
            .about(t("5. kiểm tra, chấm điểm, xếp hạng và ghi kết quả vào ket-qua/", "5. check, score, rank and write the outputs to ket-qua/")),
            &[Agreement, Inbox, Out, Previous, Json, Quiet])
            .arg(Arg::new("per-unit-detail").long("per-unit-detail").action(ArgAction::SetTrue)
                .help(t("ghi trang tính và phụ lục riêng cho từng đơn vị cả khi cụm có trên 200 đơn vị",
                    "write a sheet and an appendix section per unit even when the cluster has over 200 units")))
            .arg(Arg::new("du-thao").long("du-thao").action(ArgAction::SetTrue)
                .help(t("in báo cáo hội nghị dạng dự thảo (trước hội nghị): đánh dấu DỰ THẢO, các nội dung do Hội nghị quyết định ghi là đề nghị",
                    "print the conference handout as a draft (before the conference): marked DỰ THẢO, what the conference decides written as proposals"))))
        .subcommand(with(Command::new("verify")
            .about(t("6. kiểm tra các tệp kết quả còn đúng với các tệp đầu vào không", "6. check that the outputs still correspond to the inputs")),
            &[Agreement, Inbox, Out, Previous, Json, Quiet]))
        .subcommand(with(Command::new("ho-so")
            .about(t("7. sau hội nghị: lập hồ sơ đề nghị khen thưởng vào ket-qua/ho-so/ theo kết luận hội nghị (ket-luan.xlsx)",
                "7. after the conference: write the commendation dossier to ket-qua/ho-so/ from the conference's conclusions (ket-luan.xlsx)")),
            &[Agreement, Inbox, Out, Previous, Json, Quiet])
            .arg(Arg::new("mau").long("mau").action(ArgAction::SetTrue)
                .help(t("lập tệp ket-luan.xlsx mẫu (điền sẵn các đơn vị được đề nghị và phải biểu quyết) để ghi kết luận hội nghị; không ghi đè tệp đã có",
                    "write a prefilled ket-luan.xlsx (the units proposed and those to be voted on) to record the conference's conclusions in; never over an existing one"))))
        .subcommand(Command::new("serve")
            .about(t("8. mở trang của ban thư ký trong trình duyệt: thả tệp của các đơn vị, xem ngay các vấn đề và xếp hạng, ghi và tải kết quả (chỉ trên máy này, đến khi nhấn Ctrl-C)",
                "8. open the secretariat's page in the browser: drop the units' files, see the findings and the ranking at once, write and download the outputs (this computer only, until Ctrl-C)"))
            .arg(folder.clone())
            .arg(Arg::new("port").long("port").value_name(lang.pick("CỔNG", "PORT"))
                .value_parser(clap::value_parser!(u16))
                .help(t("cổng trên 127.0.0.1 (mặc định 0: một cổng còn trống)", "the port on 127.0.0.1 (default 0: a free one)")))
            .arg(Arg::new("no-open").long("no-open").action(ArgAction::SetTrue)
                .help(t("không tự mở trình duyệt (chỉ in địa chỉ)", "do not open the browser (print the address only)"))))
        .subcommand(Command::new("help")
            .about(Say::HelpCommand.text(lang))
            .arg(Arg::new("command").value_name(lang.pick("LỆNH", "COMMAND"))
                .help(Say::HelpCommandName.text(lang))))
}

/// `thidua help [COMMAND]`: the help of the program or of one command, as
/// `--help` prints it, in the chosen language.
fn help(command: Option<&str>, lang: Lang) -> i32 {
    let mut args = vec!["thidua".to_string()];
    args.extend(command.map(str::to_string));
    args.push("--help".to_string());
    if let Some(name) = command {
        if cli(lang).find_subcommand(name).is_none() || name == "help" {
            return match name {
                "help" => help(None, lang),
                _ => {
                    eprintln!("{}", unknown_command(name).text(lang));
                    eprintln!("{}", Say::CliHint.text(lang));
                    2
                }
            };
        }
    }
    match cli(lang).try_get_matches_from(&args) {
        Ok(_) => 0,
        Err(e) => command_line_error(&e, lang),
    }
}

fn options(m: &ArgMatches, lang: Lang) -> Options {
    let folder = PathBuf::from(
        m.get_one::<String>("folder")
            .map(String::as_str)
            .unwrap_or("."),
    );
    let path = |name: &str| {
        m.try_get_one::<String>(name)
            .ok()
            .flatten()
            .map(PathBuf::from)
    };
    let flag = |name: &str| m.try_get_one::<bool>(name).ok().flatten().copied() == Some(true);
    Options {
        paths: Paths::new(&folder, path("agreement"), path("inbox"), path("out"))
            .with_previous(path("previous")),
        json: flag("json"),
        lang,
        quiet: flag("quiet"),
        per_unit_detail: flag("per-unit-detail"),
        draft: flag("du-thao"),
        read: ReadOptions {
            worker: std::env::current_exe().ok(),
        },
    }
}

fn dispatch(matches: &ArgMatches, lang: Lang) -> i32 {
    match matches.subcommand() {
        Some(("init", m)) => {
            let folder = PathBuf::from(
                m.get_one::<String>("folder")
                    .map(String::as_str)
                    .unwrap_or("."),
            );
            match m.get_one::<String>("from") {
                Some(from) => cli::init_from(&folder, &PathBuf::from(from), lang),
                None => cli::init(&folder, lang),
            }
        }
        Some(("check", m)) => cli::check(&options(m, lang)),
        Some(("run", m)) => cli::run(&options(m, lang)),
        Some(("verify", m)) => cli::verify(&options(m, lang)),
        Some(("ho-so", m)) => cli::dossier(&options(m, lang), m.get_flag("mau")),
        Some(("agreement", m)) => cli::agreement(&options(m, lang)),
        Some(("forms", m)) => cli::forms(&options(m, lang)),
        Some(("serve", m)) => thidua::serve::serve(
            &options(m, lang),
            m.get_one::<u16>("port").copied().unwrap_or(0),
            !m.get_flag("no-open"),
        ),
        Some(("help", m)) => help(m.get_one::<String>("command").map(String::as_str), lang),
        _ => 2,
    }
}
