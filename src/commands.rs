//! The commands of SPEC section 7, each returning the exit status: 0 no
//! error found, 1 finished with errors in some workbooks, 2 nothing could be
//! done (and nothing was written).

use crate::diagnostic::Lang;
use crate::json;
use crate::output;
use crate::pipeline::{self, Fatal, Outcome, Paths};
use crate::render::forms as form;
use crate::report::{self, Style};
use crate::workbook::ReadOptions;
use std::path::{Path, PathBuf};

/// Options shared by the commands.
#[derive(Debug, Clone)]
pub struct Options {
    pub paths: Paths,
    pub json: bool,
    pub lang: Lang,
    pub quiet: bool,
    pub read: ReadOptions,
}

/// The example agreement `thidua init` puts in a new working folder.
const EXAMPLE_AGREEMENT: &[u8] = include_bytes!("../samples/cum3-2016/giao-uoc.xlsx");

/// `thidua init`: a working folder with an example agreement and an empty inbox.
pub fn init(folder: &Path, lang: Lang) -> i32 {
    let agreement = folder.join("giao-uoc.xlsx");
    if agreement.exists() {
        eprintln!(
            "{}: {}",
            lang.pick("Thư mục đã có giao ước, không ghi đè", "The folder already has an agreement; not overwritten"),
            agreement.display()
        );
        return 2;
    }
    let made = std::fs::create_dir_all(folder.join("nop")).and_then(|_| output::write_atomic(&agreement, EXAMPLE_AGREEMENT));
    match made {
        Ok(()) => {
            println!(
                "{} {}\n  giao-uoc.xlsx  {}\n  nop/           {}",
                lang.pick("Đã tạo thư mục làm việc", "Created the working folder"),
                folder.display(),
                lang.pick("giao ước mẫu: sửa theo giao ước đã ký", "example agreement: edit it to match the signed one"),
                lang.pick("chép bảng tự chấm điểm của các đơn vị vào đây", "put the units' self-scoring workbooks here"),
            );
            0
        }
        Err(e) => {
            eprintln!("{}: {}: {e}", lang.pick("Không tạo được", "Cannot create"), folder.display());
            2
        }
    }
}

/// Evaluates, or prints why it cannot.
fn evaluate(options: &Options) -> Result<Outcome, i32> {
    pipeline::evaluate(&options.paths, &options.read).map_err(|fatal| {
        report_fatal(&fatal, options.lang);
        2
    })
}

/// Prints a fatal problem to standard error.
pub fn report_fatal(fatal: &Fatal, lang: Lang) {
    match fatal {
        Fatal::Agreement(problems) => {
            eprintln!(
                "{}",
                lang.pick(
                    "Giao ước có lỗi; chưa làm gì. Hãy sửa giao ước rồi chạy lại:",
                    "The agreement has problems; nothing was done. Fix it and run again:"
                )
            );
            eprint!("{}", report::render_problems(problems, lang));
        }
        Fatal::Io { path, message } => {
            eprintln!("{}: {path}: {message}", lang.pick("Không đọc/ghi được", "Cannot read or write"));
        }
    }
}

fn print_outcome(outcome: &Outcome, options: &Options) {
    if options.json {
        print!("{}", json::to_string(outcome, options.lang));
    } else if !options.quiet {
        print!("{}", report::render(outcome, options.lang, Style::detect()));
    }
}

fn status(outcome: &Outcome) -> i32 {
    if outcome.has_errors() {
        1
    } else {
        0
    }
}

/// `thidua check`: imports and checks, prints the findings, writes nothing.
pub fn check(options: &Options) -> i32 {
    match evaluate(options) {
        Ok(outcome) => {
            print_outcome(&outcome, options);
            status(&outcome)
        }
        Err(code) => code,
    }
}

/// The files `run` writes, as (name, bytes), made before anything is written.
fn render_outputs(outcome: &Outcome, options: &Options) -> Vec<(PathBuf, Vec<u8>)> {
    let year = outcome.agreement.info.year;
    let out = &options.paths.out;
    vec![(out.join(format!("ket-qua-{year}.json")), json::to_string(outcome, options.lang).into_bytes())]
}

/// `thidua run`: check, then write every output.
pub fn run(options: &Options) -> i32 {
    let outcome = match evaluate(options) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let files = render_outputs(&outcome, options);
    output::remove_stale_temporaries(&options.paths.out);
    for (path, bytes) in &files {
        if let Err(e) = output::write_atomic(path, bytes) {
            eprintln!(
                "{}: {}: {e}",
                options.lang.pick("Không ghi được tệp kết quả", "Cannot write the output"),
                path.display()
            );
            return 2;
        }
    }
    print_outcome(&outcome, options);
    if !options.quiet && !options.json {
        let shown: Vec<String> = files.iter().map(|(p, _)| options.paths.show(p)).collect();
        println!("{}: {}", options.lang.pick("Đã ghi", "Written"), shown.join(", "));
    }
    status(&outcome)
}

/// `thidua forms`: one prefilled fill-in workbook per member unit, in
/// `<out>/bieu-mau/<Mã>.xlsx` (the code made safe as a file name). Every form
/// is made before any is written, each written whole or not at all; a bad
/// agreement writes nothing and gives 2, as does a form that cannot be
/// written (forms written before it stay).
pub fn forms(options: &Options) -> i32 {
    let lang = options.lang;
    let agreement = match pipeline::load_agreement(&options.paths, &options.read) {
        Ok(a) => a,
        Err(fatal) => {
            report_fatal(&fatal, lang);
            return 2;
        }
    };
    let folder = options.paths.out.join("bieu-mau");
    let names = form_names(agreement.units.iter().map(|u| u.code.as_str()));
    let mut files = Vec::with_capacity(names.len());
    for (unit, name) in agreement.units.iter().zip(names) {
        match form::form(&agreement, unit) {
            Ok(bytes) => files.push((unit.code.clone(), folder.join(name), bytes)),
            Err(e) => {
                eprintln!(
                    "{} {}: {e}",
                    lang.pick("Không lập được biểu mẫu cho", "Cannot make the form of"),
                    unit.code
                );
                return 2;
            }
        }
    }
    output::remove_stale_temporaries(&folder);
    for (_, path, bytes) in &files {
        if let Err(e) = output::write_atomic(path, bytes) {
            eprintln!(
                "{}: {}: {e}",
                lang.pick("Không ghi được tệp kết quả", "Cannot write the output"),
                path.display()
            );
            return 2;
        }
    }
    let shown: Vec<(String, String)> = files
        .iter()
        .map(|(code, path, _)| (code.clone(), options.paths.show(path)))
        .collect();
    if options.json {
        let list: Vec<serde_json::Value> = shown
            .iter()
            .map(|(code, file)| serde_json::json!({ "unit": code, "file": file }))
            .collect();
        println!("{}", serde_json::json!({ "forms": list }));
    } else if !options.quiet {
        let count = shown.len();
        println!(
            "{}",
            lang.pick(
                &format!("Đã ghi {count} biểu mẫu:"),
                &format!("Wrote {count} forms:")
            )
        );
        for (code, file) in &shown {
            println!("  {code:<8} {file}");
        }
    }
    0
}

/// Safe, distinct file names for the units' forms: codes that clean up to the
/// same name (ignoring case, as Windows and macOS do) get `-2`, `-3`, ...
fn form_names<'a>(codes: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    codes
        .map(|code| {
            let name = form::file_name(code);
            let stem = name.trim_end_matches(".xlsx").to_string();
            let mut candidate = name;
            let mut n = 1;
            while !taken.insert(candidate.to_lowercase()) {
                n += 1;
                candidate = format!("{stem}-{n}.xlsx");
            }
            candidate
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_names_never_collide() {
        let names = form_names(["CB", "cb", "a/b", "a_b", "LS"].into_iter());
        assert_eq!(
            names,
            vec!["CB.xlsx", "cb-2.xlsx", "a_b.xlsx", "a_b-2.xlsx", "LS.xlsx"]
        );
    }
}
