//! The terminal report: the ranking table, the diagnostics grouped by file,
//! the inbox files that were skipped, and a one-line summary. Colour only on
//! a terminal, and never with NO_COLOR. Every value from the inputs goes
//! through [`inert`] where it enters a line: no cell or file name can end a
//! line or send the terminal a command.

use crate::model::diagnostic::{Diagnostic, Lang, Severity};
use crate::model::messages::counted;
use crate::model::numfmt;
use crate::model::previous;
use crate::model::Outcome;
use crate::model::{status_words, FileStatus, UnitStatus};
use crate::text::terminal::inert;
use std::fmt::Write;

/// Terminal styling, on or off.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub colour: bool,
}

impl Style {
    /// Colour when standard output is a terminal and NO_COLOR is unset.
    pub fn detect() -> Style {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            colour: std::io::stdout().is_terminal() && !no_color,
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    fn severity(self, severity: Severity, text: &str) -> String {
        match severity {
            Severity::Error => self.paint("1;31", text),
            Severity::Warning => self.paint("33", text),
            Severity::Info => self.paint("36", text),
        }
    }
}

/// Pads `text` to `width` characters (NFC text: one character, one column).
fn pad(text: &str, width: usize, right: bool) -> String {
    let n = text.chars().count();
    let fill = " ".repeat(width.saturating_sub(n));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

/// The whole report.
pub fn render(o: &Outcome, lang: Lang, style: Style) -> String {
    let mut out = String::new();
    let info = &o.agreement.info;
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{} - {} - {} {}",
            inert(&info.organisation),
            inert(&info.cluster),
            lang.pick("năm", "year"),
            info.year
        ))
    );
    let _ = writeln!(
        out,
        "{}: {}\n",
        lang.pick(
            "Điểm chuẩn (không kể điểm cộng, trừ)",
            "Base maximum (without bonus and penalty)"
        ),
        numfmt::plain(o.agreement.base_max(), lang)
    );
    ranking_table(&mut out, o, lang, style);
    let name = |code: &str| {
        o.agreement
            .unit(code)
            .map(|u| inert(u.display_name()).into_owned())
            .unwrap_or_default()
    };
    let _ = writeln!(
        out,
        "\n{} {}: {} {} ({}), {} {} ({})",
        lang.pick("Năm", "Year"),
        info.year + 1,
        lang.pick("Cụm trưởng", "head"),
        name(&info.next_head),
        inert(&info.next_head),
        lang.pick("Cụm phó", "deputy"),
        name(&info.next_deputy),
        inert(&info.next_deputy),
    );
    diagnostics_by_file(&mut out, o, lang, style);
    skipped_files(&mut out, o, lang, style);
    let _ = writeln!(out, "\n{}", summary(o, lang));
    out
}

fn ranking_table(out: &mut String, o: &Outcome, lang: Lang, style: Style) {
    let previous_header = o
        .previous
        .as_ref()
        .map(|p| format!("{} {}", lang.pick("Năm", "Year"), p.year));
    let mut headers = vec![
        lang.pick("Hạng", "Rank"),
        lang.pick("Mã", "Code"),
        lang.pick("Đơn vị", "Unit"),
        lang.pick("Tự chấm", "Self"),
        lang.pick("Tổng điểm", "Total"),
        lang.pick("Xếp loại", "Class"),
        lang.pick("Đề nghị", "Proposal"),
    ];
    if let Some(header) = &previous_header {
        headers.push(header);
        headers.push(lang.pick("Thay đổi", "Change"));
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    let dash = || "-".to_string();
    let ranked = o.ranking.iter().copied();
    let mut is_ranked = vec![false; o.units.len()];
    for &i in &o.ranking {
        is_ranked[i] = true;
    }
    let unranked = (0..o.units.len()).filter(|&i| !is_ranked[i]);
    for i in ranked.chain(unranked) {
        let r = &o.units[i];
        let unit = &o.agreement.units[i];
        let proposal = match r.status {
            UnitStatus::Scored => r
                .proposal
                .map(|p| o.agreement.proposal_label(p).to_string())
                .unwrap_or_default(),
            other => status_words(other, lang).to_string(),
        };
        let mut row = vec![
            r.rank.map(|k| k.to_string()).unwrap_or_else(dash),
            inert(&r.code).into_owned(),
            inert(unit.display_name()).into_owned(),
            r.self_total
                .map(|x| numfmt::score(x, lang))
                .unwrap_or_else(dash),
            r.total.map(|x| numfmt::score(x, lang)).unwrap_or_else(dash),
            r.classification
                .map(|c| o.agreement.class_label(c).to_string())
                .unwrap_or_else(dash),
            proposal,
        ];
        if let Some(p) = &o.previous {
            row.push(inert(&previous::figures_text(p.of(i), &r.code, lang)).into_owned());
            row.push(previous::change_text(p.change(i, r.total, r.rank), lang));
        }
        rows.push(row);
    }
    let right = [true, false, false, true, true, false, false, false, false];
    write_table(out, &headers, &rows, &right, style);
}

fn location(d: &Diagnostic) -> String {
    match (&d.sheet, &d.cell) {
        (Some(s), Some(c)) => format!("{}!{}", inert(s), inert(c)),
        (Some(s), None) => inert(s).into_owned(),
        (None, Some(c)) => inert(c).into_owned(),
        (None, None) => String::new(),
    }
}

fn diagnostics_by_file(out: &mut String, o: &Outcome, lang: Lang, style: Style) {
    if o.diagnostics.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            lang.pick("Không phát hiện vấn đề nào.", "No problems found.")
        );
        return;
    }
    let _ = writeln!(
        out,
        "\n{}",
        style.bold(lang.pick(
            "Các vấn đề phát hiện, theo tệp:",
            "Problems found, by file:"
        ))
    );
    let mut current: Option<Option<&str>> = None;
    for d in &o.diagnostics {
        let file = d.file.as_deref();
        if current != Some(file) {
            current = Some(file);
            let title = file.map_or_else(|| lang.pick("(chung)", "(general)").into(), inert);
            let _ = writeln!(out, "\n{}", style.bold(&title));
        }
        let mut line = format!(
            "  {}",
            style.severity(d.severity(), d.severity().label(lang))
        );
        let place = location(d);
        if !place.is_empty() {
            let _ = write!(line, " [{place}]");
        }
        if let Some(unit) = &d.unit {
            let _ = write!(line, " ({})", inert(unit));
        }
        let _ = write!(line, " {}: {}", d.kind.name(), inert(&d.message(lang)));
        let _ = writeln!(out, "{line}");
    }
}

/// The inbox files that were not read, each with why: they have no finding
/// of their own, and SPEC section 6 wants every file a user sent shown.
fn skipped_files(out: &mut String, o: &Outcome, lang: Lang, style: Style) {
    let skipped: Vec<&crate::model::FileRecord> = o
        .files
        .iter()
        .filter(|f| f.status == FileStatus::Skipped)
        .collect();
    if skipped.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{}",
        style.bold(lang.pick("Các tệp bị bỏ qua, không đọc:", "Files skipped, not read:"))
    );
    for file in skipped {
        let why = file.skip.map_or("", |skip| skip.words(lang));
        let _ = writeln!(out, "  {}: {why}", inert(&file.file));
    }
}

/// The one-line summary.
pub fn summary(o: &Outcome, lang: Lang) -> String {
    let count = |s: Severity| o.diagnostics.iter().filter(|d| d.severity() == s).count();
    let scored = o
        .units
        .iter()
        .filter(|u| u.status == UnitStatus::Scored)
        .count();
    let units = counted(o.units.len(), lang, "đơn vị", "unit", "units");
    let files = counted(o.files.len(), lang, "tệp", "file", "files");
    let errors = counted(count(Severity::Error), lang, "lỗi", "error", "errors");
    let warnings = counted(
        count(Severity::Warning),
        lang,
        "cảnh báo",
        "warning",
        "warnings",
    );
    let notes = counted(count(Severity::Info), lang, "thông tin", "note", "notes");
    match lang {
        Lang::Vi => format!(
            "Tổng kết: {units}, {scored} được chấm điểm; {files}; {errors}, {warnings}, {notes}."
        ),
        Lang::En => {
            format!("Summary: {units}, {scored} scored; {files}; {errors}, {warnings}, {notes}.")
        }
    }
}

/// A fatal problem list, for standard error.
pub fn render_problems(problems: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for d in problems {
        let mut place = inert(d.file.as_deref().unwrap_or_default()).into_owned();
        if let Some(s) = &d.sheet {
            let _ = write!(place, ", {} \"{}\"", lang.pick("trang", "sheet"), inert(s));
        }
        if let Some(c) = &d.cell {
            let _ = write!(place, ", {} {}", lang.pick("ô", "cell"), inert(c));
        }
        let _ = writeln!(
            out,
            "{}: {place}: {}",
            d.severity().label(lang),
            inert(&d.message(lang))
        );
    }
    out
}

/// The final proposals of `thidua ho-so` (SPEC section 10): the ranked
/// units with section 5's proposal and the final one (a title, none, or the
/// vote still pending).
pub fn render_dossier(d: &crate::model::dossier::Dossier, lang: Lang, style: Style) -> String {
    use crate::model::Proposal;
    let o = d.outcome;
    let a = &o.agreement;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{} - {} - {} {}",
            inert(&a.info.organisation),
            inert(&a.info.cluster),
            lang.pick(
                "hồ sơ đề nghị khen thưởng năm",
                "commendation dossier, year"
            ),
            a.info.year
        ))
    );
    out.push('\n');
    let headers = [
        lang.pick("Hạng", "Rank"),
        lang.pick("Mã", "Code"),
        lang.pick("Đơn vị", "Unit"),
        lang.pick("Tổng điểm", "Total"),
        lang.pick("Xếp loại", "Class"),
        lang.pick("Đề nghị theo xếp hạng", "Proposal by rank"),
        lang.pick("Đề nghị cuối cùng", "Final proposal"),
    ];
    let words = |p: Option<Proposal>| match p {
        Some(Proposal::Vote) => lang.pick("Chờ biểu quyết", "Vote pending").to_string(),
        Some(p) => a.proposal_label(p).to_string(),
        None => "-".to_string(),
    };
    let rows: Vec<Vec<String>> = o
        .ranking
        .iter()
        .map(|&i| {
            let r = &o.units[i];
            vec![
                r.rank.map(|k| k.to_string()).unwrap_or_default(),
                inert(&r.code).into_owned(),
                inert(a.units[i].display_name()).into_owned(),
                r.total.map(|x| numfmt::score(x, lang)).unwrap_or_default(),
                r.classification
                    .map(|c| a.class_label(c).to_string())
                    .unwrap_or_default(),
                r.proposal
                    .map(|p| inert(a.proposal_label(p)).into_owned())
                    .unwrap_or_else(|| "-".to_string()),
                inert(&words(d.final_proposals[i])).into_owned(),
            ]
        })
        .collect();
    let right = [true, false, false, true, false, false, false];
    write_table(&mut out, &headers, &rows, &right, style);
    out
}

/// A table on the terminal: columns as wide as their widest cell, two
/// spaces apart, `right[k]` aligning column `k` to the right, the header bold.
fn write_table(
    out: &mut String,
    headers: &[&str],
    rows: &[Vec<String>],
    right: &[bool],
    style: Style,
) {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .enumerate()
            .map(|(k, c)| pad(c, widths[k], right.get(k).copied().unwrap_or(false)))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let header_cells: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    let _ = writeln!(out, "{}", style.bold(&line(&header_cells)));
    for row in rows {
        let _ = writeln!(out, "{}", line(row));
    }
}
