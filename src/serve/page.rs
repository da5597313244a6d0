//! The page, as HTML made on the server: the cluster, the drop zone, what
//! just happened, every unit's state, the ranking, the findings per file
//! (in the terminal's words: each diagnostic's own message, severity label
//! and location) and the outputs. Every value from the inputs is escaped.
//! The regions marked `data-live` are swapped in place by `app.js` when the
//! folder changes.

use super::state::{Current, Outputs};
use crate::model::diagnostic::{Diagnostic, Kind, Lang, Severity};
use crate::model::{numfmt, status_words, FileStatus, Outcome, Paths, UnitStatus};
use crate::render::report;
use std::fmt::Write;

const VI: Lang = Lang::Vi;

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes one segment of a URL path.
fn url_segment(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Something that happened on the page (a file received, a run), shown
/// at the top of the page, newest first.
#[derive(Debug, Clone)]
pub struct Note {
    pub ok: bool,
    pub text: String,
}

/// An output file, relative to the output folder, with its size.
pub struct OutputFile {
    pub relative: String,
    pub size: u64,
}

/// The whole page.
pub fn page(current: &Current, paths: &Paths, notes: &[Note], outputs: &[OutputFile]) -> String {
    let title = match &current.outcome {
        Ok(o) => format!(
            "{} {} – thidua",
            esc(&o.agreement.info.cluster),
            o.agreement.info.year
        ),
        Err(_) => "thidua – trang của ban thư ký".to_string(),
    };
    let mut html = String::with_capacity(64 * 1024);
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title}</title>\n<link rel=\"stylesheet\" href=\"/tep/style.css\">\n\
<script src=\"/tep/app.js\" defer></script>\n</head>\n<body>\n\
<a class=\"skip\" href=\"#don-vi\">Đến danh sách đơn vị</a>\n"
    );
    let _ = writeln!(
        html,
        "<header id=\"dau\" data-live>{}</header>",
        header(current, paths)
    );
    html.push_str("<main>\n<div class=\"hang-dau\">\n");
    html.push_str(DROP_ZONE);
    let _ = writeln!(
        html,
        "<section id=\"ket-qua\" aria-labelledby=\"tieu-de-ket-qua\" data-live>{}</section>",
        outputs_section(current, paths, outputs)
    );
    html.push_str("</div>\n");
    let _ = writeln!(
        html,
        "<section id=\"tin\" aria-live=\"polite\" aria-label=\"Việc vừa làm\" data-live>{}</section>",
        notes_section(notes)
    );
    let body = match &current.outcome {
        Ok(o) => format!(
            "<section id=\"don-vi\" aria-labelledby=\"tieu-de-don-vi\" data-live>{}</section>\n\
<section id=\"xep-hang\" aria-labelledby=\"tieu-de-xep-hang\" data-live>{}</section>\n\
<section id=\"van-de\" aria-labelledby=\"tieu-de-van-de\" data-live>{}</section>\n",
            units_section(o),
            ranking_section(o),
            findings_section(o)
        ),
        Err(why) => format!(
            "<section id=\"don-vi\" data-live><h2 id=\"tieu-de-don-vi\">Chưa đọc được giao ước</h2>\
<p>Chưa thể kiểm tra bảng nào khi giao ước chưa đọc được. Sửa tệp giao ước rồi lưu lại: trang sẽ tự cập nhật.</p>\
<pre class=\"loi-lon\">{}</pre></section>\n\
<section id=\"xep-hang\" data-live></section>\n<section id=\"van-de\" data-live></section>\n",
            esc(why)
        ),
    };
    html.push_str(&body);
    let _ = write!(
        html,
        "</main>\n<footer><p>Trang này chạy trên chính máy tính này (thidua serve, thư mục {}). \
Trang tự cập nhật khi có tệp mới trong <code>nop/</code>, khi giao ước hoặc <code>dieu-chinh.xlsx</code> thay đổi. \
Nhấn Ctrl-C trong cửa sổ dòng lệnh để dừng.</p>\
<p id=\"trang-thai\" class=\"trang-thai\" data-generation=\"{}\"></p></footer>\n</body>\n</html>\n",
        esc(&paths.folder.display().to_string()),
        current.generation
    );
    html
}

/// The drop zone and file picker; a plain form without JavaScript.
const DROP_ZONE: &str = "<section id=\"nhan\" aria-labelledby=\"tieu-de-nhan\">\n\
<h2 id=\"tieu-de-nhan\">Nhận bảng tự chấm điểm</h2>\n\
<form id=\"form-nhan\" method=\"post\" action=\"/nop\" enctype=\"multipart/form-data\">\n\
<div id=\"vung-tha\" class=\"vung-tha\">\n\
<p><strong>Kéo thả tệp của các đơn vị vào đây</strong></p>\n\
<p>hoặc <input id=\"chon-tep\" name=\"file\" type=\"file\" multiple accept=\".xlsx,.xlsm,.xlsb,.xls,.ods\">\
<label for=\"chon-tep\" class=\"nut-phu\">chọn tệp trên máy…</label></p>\n\
<p class=\"ghi-chu\">Tệp .xlsx, .xlsm, .xlsb, .xls, .ods, mỗi tệp tối đa 64 MiB. Tệp được lưu vào <code>nop/</code>; \
tệp trùng tên đã có sẽ được giữ lại trong <code>nop/cu/</code>, không mất.</p>\n\
<button id=\"gui-tep\" type=\"submit\">Gửi tệp đã chọn</button>\n\
</div>\n</form>\n<p id=\"dang-gui\" class=\"dang-gui\" role=\"status\"></p>\n</section>\n";

fn header(current: &Current, paths: &Paths) -> String {
    let Ok(o) = &current.outcome else {
        return format!(
            "<p class=\"to-chuc\">thidua – trang của ban thư ký</p><h1>Thư mục {}</h1>",
            esc(&paths.folder.display().to_string())
        );
    };
    let info = &o.agreement.info;
    let name = |code: &str| {
        o.agreement
            .unit(code)
            .map(|u| u.display_name().to_string())
            .unwrap_or_else(|| code.to_string())
    };
    let received = o
        .units
        .iter()
        .filter(|u| u.status != UnitStatus::Missing)
        .count();
    let mut h = format!(
        "<p class=\"to-chuc\">{}</p><h1>{} – năm {}</h1>",
        esc(&info.organisation),
        esc(&info.cluster),
        info.year
    );
    let _ = write!(
        h,
        "<p class=\"cum-truong\">Cụm trưởng: <strong>{}</strong>",
        esc(&name(&info.head))
    );
    if let Some(deputy) = &info.deputy {
        let _ = write!(h, " · Cụm phó: <strong>{}</strong>", esc(&name(deputy)));
    }
    h.push_str("</p>");
    let _ = write!(
        h,
        "<p class=\"tong-quat\"><strong>Đã nhận {received}/{} đơn vị.</strong> {}</p>",
        o.units.len(),
        esc(&report::summary(o, VI))
    );
    h
}

fn notes_section(notes: &[Note]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let mut s = String::from("<h2 class=\"an\">Việc vừa làm</h2><ul class=\"tin\">");
    for note in notes {
        let _ = write!(
            s,
            "<li class=\"{}\">{}</li>",
            if note.ok { "tin-tot" } else { "tin-loi" },
            esc(&note.text)
        );
    }
    s.push_str("</ul>");
    s
}

/// A unit's state in a word or two, and the class that colours it.
fn unit_state(o: &Outcome, i: usize) -> (&'static str, String) {
    let unit = &o.units[i];
    let findings = o
        .diagnostics_of(&unit.code)
        .filter(|d| d.kind != Kind::MissingUnit);
    let (mut errors, mut warnings) = (0, 0);
    for d in findings {
        match d.severity() {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Info => {}
        }
    }
    match unit.status {
        UnitStatus::Missing => ("chua-nop", "Chưa nộp".to_string()),
        UnitStatus::Duplicate => (
            "trung",
            format!("Đã nộp · trùng tệp ({})", status_words(unit.status, VI)),
        ),
        UnitStatus::Rejected => (
            "co-loi",
            format!("Đã nộp · có lỗi ({})", status_words(unit.status, VI)),
        ),
        UnitStatus::Scored if errors > 0 => ("co-loi", format!("Đã nộp · có lỗi ({errors})")),
        UnitStatus::Scored if warnings > 0 => {
            ("canh-bao", format!("Đã nộp · có cảnh báo ({warnings})"))
        }
        UnitStatus::Scored => ("hop-le", "Đã nộp · hợp lệ".to_string()),
    }
}

/// The anchor of a file's findings.
fn file_anchor(o: &Outcome, file: &str) -> Option<String> {
    let i = o.files.iter().position(|f| f.file == file)?;
    Some(format!("tep-{i}"))
}

fn units_section(o: &Outcome) -> String {
    let mut s = String::from(
        "<h2 id=\"tieu-de-don-vi\">Các đơn vị</h2>\
<div class=\"cuon\"><table class=\"bang\"><thead><tr><th scope=\"col\">Mã</th><th scope=\"col\">Đơn vị</th>\
<th scope=\"col\">Tình trạng</th><th scope=\"col\">Tệp</th></tr></thead><tbody>",
    );
    for (i, unit) in o.agreement.units.iter().enumerate() {
        let (class, state) = unit_state(o, i);
        let file = match &o.units[i].file {
            Some(f) => match file_anchor(o, f) {
                Some(anchor) => format!("<a href=\"#{anchor}\">{}</a>", esc(f)),
                None => esc(f),
            },
            None => "–".to_string(),
        };
        let _ = write!(
            s,
            "<tr id=\"dv-{}\" data-unit=\"{}\" data-state=\"{class}\"><td>{}</td><td>{}</td>\
<td><span class=\"the {class}\">{}</span></td><td class=\"tep\">{file}</td></tr>",
            esc(&unit.code),
            esc(&unit.code),
            esc(&unit.code),
            esc(unit.display_name()),
            esc(&state)
        );
    }
    s.push_str("</tbody></table></div>");
    s
}

fn ranking_section(o: &Outcome) -> String {
    let mut s = String::from("<h2 id=\"tieu-de-xep-hang\">Xếp hạng (theo các bảng đã nhận)</h2>");
    if o.ranking.is_empty() {
        s.push_str("<p>Chưa có đơn vị nào được chấm điểm.</p>");
        return s;
    }
    let _ = write!(
        s,
        "<p class=\"ghi-chu\">Điểm chuẩn (không kể điểm cộng, trừ): {}. Đơn vị chưa nộp hoặc có bảng không dùng được chưa được xếp hạng.</p>",
        numfmt::plain(o.agreement.base_max(), VI)
    );
    s.push_str(
        "<div class=\"cuon\"><table class=\"bang\"><thead><tr><th scope=\"col\">Hạng</th><th scope=\"col\">Đơn vị</th>\
<th scope=\"col\" class=\"so\">Tự chấm</th><th scope=\"col\" class=\"so\">Tổng điểm</th>\
<th scope=\"col\">Xếp loại</th><th scope=\"col\">Đề nghị</th></tr></thead><tbody>",
    );
    let dash = || "–".to_string();
    for &i in &o.ranking {
        let r = &o.units[i];
        let unit = &o.agreement.units[i];
        let _ = write!(
            s,
            "<tr data-unit=\"{}\"><td>{}</td><td>{}</td><td class=\"so\">{}</td><td class=\"so\"><strong>{}</strong></td><td>{}</td><td>{}</td></tr>",
            esc(&r.code),
            r.rank.map(|k| k.to_string()).unwrap_or_else(dash),
            esc(unit.display_name()),
            r.self_total.map(|x| numfmt::score(x, VI)).unwrap_or_else(dash),
            r.total.map(|x| numfmt::score(x, VI)).unwrap_or_else(dash),
            r.classification
                .map(|c| esc(o.agreement.class_label(c)))
                .unwrap_or_else(dash),
            r.proposal
                .map(|p| esc(o.agreement.proposal_label(p)))
                .unwrap_or_default(),
        );
    }
    s.push_str("</tbody></table></div>");
    s
}

fn location(d: &Diagnostic) -> String {
    match (&d.sheet, &d.cell) {
        (Some(sheet), Some(cell)) => format!("trang {}, ô {}", esc(sheet), esc(cell)),
        (Some(sheet), None) => format!("trang {}", esc(sheet)),
        (None, Some(cell)) => format!("ô {}", esc(cell)),
        (None, None) => String::new(),
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "muc-loi",
        Severity::Warning => "muc-canh-bao",
        Severity::Info => "muc-tin",
    }
}

fn file_status(status: FileStatus) -> &'static str {
    match status {
        FileStatus::Used => "được dùng",
        FileStatus::Rejected => "không dùng được",
        FileStatus::Duplicate => "trùng đơn vị, chưa dùng",
        FileStatus::Skipped => "bỏ qua, không đọc",
    }
}

fn findings_section(o: &Outcome) -> String {
    let mut s = String::from("<h2 id=\"tieu-de-van-de\">Các vấn đề phát hiện, theo tệp</h2>");
    if o.diagnostics.is_empty() {
        s.push_str("<p>Không phát hiện vấn đề nào.</p>");
    }
    // Grouped by file in the order of the diagnostics, as the terminal does.
    let mut groups: Vec<(Option<&str>, Vec<&Diagnostic>)> = Vec::new();
    for d in &o.diagnostics {
        let file = d.file.as_deref();
        match groups.last_mut() {
            Some((f, list)) if *f == file => list.push(d),
            _ => groups.push((file, vec![d])),
        }
    }
    for (file, list) in groups {
        let (anchor, title) = match file {
            Some(f) => {
                let status = o
                    .files
                    .iter()
                    .find(|r| r.file == f)
                    .map(|r| {
                        let unit = r
                            .unit
                            .as_deref()
                            .map(|u| format!("đơn vị {}, ", esc(u)))
                            .unwrap_or_default();
                        format!(
                            " <span class=\"nhat\">({unit}{})</span>",
                            file_status(r.status)
                        )
                    })
                    .unwrap_or_default();
                (
                    file_anchor(o, f).unwrap_or_default(),
                    format!("{}{status}", esc(f)),
                )
            }
            None => (String::new(), "(chung)".to_string()),
        };
        let id = if anchor.is_empty() {
            String::new()
        } else {
            format!(" id=\"{anchor}\"")
        };
        let _ = write!(
            s,
            "<div class=\"nhom-tep\"{id}><h3>{title}</h3><ul class=\"van-de\">"
        );
        for d in list {
            let place = location(d);
            let place = if place.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"vi-tri\">[{place}]</span>")
            };
            let unit = d
                .unit
                .as_deref()
                .map(|u| format!(" <span class=\"nhat\">({})</span>", esc(u)))
                .unwrap_or_default();
            let _ = write!(
                s,
                "<li><span class=\"muc {}\">{}</span>{place}{unit} {} <span class=\"ma-loi\">{}</span></li>",
                severity_class(d.severity()),
                esc(d.severity().label(VI)),
                esc(&d.message(VI)),
                esc(d.kind.name())
            );
        }
        s.push_str("</ul></div>");
    }
    let skipped: Vec<_> = o
        .files
        .iter()
        .filter(|f| f.status == FileStatus::Skipped)
        .collect();
    if !skipped.is_empty() {
        s.push_str("<h3>Các tệp bị bỏ qua, không đọc</h3><ul class=\"van-de\">");
        for f in skipped {
            let _ = write!(
                s,
                "<li>{}: {}</li>",
                esc(&f.file),
                esc(f.skip.map_or("", |k| k.words(VI)))
            );
        }
        s.push_str("</ul>");
    }
    s
}

/// The three commands as buttons (plain forms), the outputs' state and
/// the download links.
fn outputs_section(current: &Current, paths: &Paths, outputs: &[OutputFile]) -> String {
    let mut s = String::from(
        "<h2 id=\"tieu-de-ket-qua\">Kết quả</h2>\
<div class=\"nut-lenh\">\
<form method=\"post\" action=\"/lenh/chay\" data-lenh=\"Đang ghi kết quả…\"><button type=\"submit\" class=\"nut-chinh\">Ghi kết quả (bảng tổng hợp, báo cáo, thư)</button></form>\
<form method=\"post\" action=\"/lenh/bieu-mau\" data-lenh=\"Đang lập biểu mẫu…\"><button type=\"submit\">Lập biểu mẫu cho các đơn vị</button></form>\
<form method=\"post\" action=\"/lenh/giao-uoc\" data-lenh=\"Đang in giao ước…\"><button type=\"submit\">In giao ước (PDF, Word)</button></form>\
</div>",
    );
    match current.outputs(paths) {
        Outputs::NotWritten => s.push_str(
            "<p class=\"trang-thai-kq chua\">Chưa ghi kết quả. Nhấn <strong>Ghi kết quả</strong> khi đã nhận đủ bảng.</p>",
        ),
        Outputs::Current => s.push_str(
            "<p class=\"trang-thai-kq khop\">Kết quả đã ghi khớp với các tệp đầu vào hiện nay.</p>",
        ),
        Outputs::Stale(findings) => {
            s.push_str(
                "<div class=\"trang-thai-kq cu\"><p><strong>Kết quả đã cũ hơn các tệp đầu vào</strong>: hãy nhấn <strong>Ghi kết quả</strong> lại.</p><details><summary>Những gì đã thay đổi</summary><ul>",
            );
            for f in findings {
                let _ = write!(s, "<li>{}</li>", esc(f));
            }
            s.push_str("</ul></details></div>");
        }
    }
    if outputs.is_empty() {
        return s;
    }
    s.push_str("<h3>Tải về</h3><ul class=\"tai-ve\">");
    let (top, nested): (Vec<&OutputFile>, Vec<&OutputFile>) =
        outputs.iter().partition(|f| !f.relative.contains('/'));
    for f in top {
        s.push_str(&download(f));
    }
    s.push_str("</ul>");
    let mut folders: Vec<&str> = nested
        .iter()
        .filter_map(|f| f.relative.split_once('/').map(|(d, _)| d))
        .collect();
    folders.dedup();
    for folder in folders {
        let files: Vec<&&OutputFile> = nested
            .iter()
            .filter(|f| f.relative.split_once('/').map(|(d, _)| d) == Some(folder))
            .collect();
        let what = match folder {
            "phan-hoi" => "thư gửi đơn vị",
            "bieu-mau" => "biểu mẫu",
            "ho-so" => "hồ sơ",
            _ => "tệp",
        };
        let _ = write!(
            s,
            "<details><summary>{}/ ({} {what})</summary><ul class=\"tai-ve\">",
            esc(folder),
            files.len()
        );
        for f in files {
            s.push_str(&download(f));
        }
        s.push_str("</ul></details>");
    }
    s
}

fn download(f: &OutputFile) -> String {
    let href: Vec<String> = f.relative.split('/').map(url_segment).collect();
    format!(
        "<li><a href=\"/tai/{}\" download>{}</a> <span class=\"nhat\">{}</span></li>",
        href.join("/"),
        esc(&f.relative),
        size_words(f.size)
    )
}

fn size_words(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_value_is_shown_as_text() {
        assert_eq!(
            esc("<script>alert('x')</script>&\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"
        );
        assert_eq!(url_segment("CB-Cao Bằng.pdf"), "CB-Cao%20B%E1%BA%B1ng.pdf");
    }
}
