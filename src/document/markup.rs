//! The editable wording of our documents: minijinja templates whose output
//! is a small Markdown dialect, read into blocks that `documents` turns into
//! the blocks of a [`Document`](super::Document).
//!
//! The dialect, which is all a secretary needs:
//! - a blank line separates paragraphs; lines in between are joined;
//! - `# `, `## `, `### ` start headings (bold; the third level bold italic);
//! - `- ` or `+ ` starts a list paragraph, printed with its dash;
//! - `**bold**`, `*italic*` and `_italic_` inside text; a backslash makes
//!   the next sign literal (`\*` is a star; also `\_`, `\\`, `\[`, `\]`,
//!   `\#`, `\-`, `\+`);
//! - a line ending in two spaces breaks the line there;
//! - `[[name]]` alone on a line places a table the document provides;
//! - the list under a heading `Nơi nhận` is the recipients list.
//!
//! Every value a template prints is literal text: names and numbers from
//! the inputs are escaped for the dialect as they are printed ([`literal`]),
//! so that no unit name can open a heading, a list item, emphasis or a
//! table. A value passed as [`minijinja::Value::from_safe_string`] (the
//! secretariat's own `ghi-chu.md`) and the template's own text stay markup.
//!
//! Owns: template rendering (with the `lietke` filter), this parsing, and
//! the escaping. Does not own what the templates are told (`handout`,
//! `agreement`).

use super::paragraph::{Span, Style};
use crate::text::fold;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

/// A block of the template's output.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1 to 3.
    Heading { level: u8, spans: Vec<Span> },
    /// A paragraph of running text.
    Paragraph(Vec<Span>),
    /// A list paragraph; the spans start with its marker ("- ").
    Item(Vec<Span>),
    /// `[[name]]`: where a table goes.
    Placeholder(String),
}

/// A template's output, read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Markup {
    pub blocks: Vec<Block>,
    /// The lines under the `Nơi nhận` heading, without their dash.
    pub recipients: Vec<Vec<Span>>,
}

/// Renders a template with `context`. Errors name the template and the line.
pub fn render(name: &str, source: &str, context: &impl Serialize) -> Result<String, String> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_filter("lietke", list_in_words);
    env.set_formatter(|out, _state, value| {
        let text = value.to_string();
        let shown = if value.is_safe() {
            text
        } else {
            literal(&text)
        };
        out.write_str(&shown).map_err(minijinja::Error::from)
    });
    let template = env
        .template_from_named_str(name, source)
        .map_err(|e| template_error(name, &e))?;
    template
        .render(context)
        .map_err(|e| template_error(name, &e))
}

fn template_error(name: &str, e: &minijinja::Error) -> String {
    let line = e.line().map(|l| format!(", dòng {l}")).unwrap_or_default();
    let detail = e.detail().map(|d| format!(": {d}")).unwrap_or_default();
    format!("Mẫu văn bản {name}{line}: {}{detail}", e.kind())
}

/// The signs that a backslash makes literal.
const ESCAPABLE: &[char] = &['\\', '*', '_', '[', ']', '#', '-', '+'];

/// `text` as literal text of the dialect: every sign of the dialect escaped
/// with a backslash, and line breaks and runs of white space as one space
/// (a value is never a paragraph, a heading or a hard line break).
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace()
            && (c.is_ascii() || c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
        {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if ESCAPABLE.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    if space && !out.is_empty() {
        out.push(' ');
    }
    out
}

/// "A, B và C": a list in Vietnamese.
pub fn list_in_words(items: Vec<String>) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} và {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// What a source line is.
enum LineKind<'a> {
    Blank,
    Heading(u8, &'a str),
    Item(&'a str, &'a str),
    Placeholder(&'a str),
    Text(&'a str),
}

fn classify(line: &str) -> LineKind<'_> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return LineKind::Blank;
    }
    for (marker, level) in [("### ", 3), ("## ", 2), ("# ", 1)] {
        if let Some(rest) = trimmed.strip_prefix(marker) {
            return LineKind::Heading(level, rest.trim());
        }
    }
    for marker in ["- ", "+ "] {
        if let Some(rest) = trimmed.strip_prefix(marker) {
            return LineKind::Item(marker, rest.trim());
        }
    }
    if let Some(name) = trimmed
        .strip_prefix("[[")
        .and_then(|r| r.strip_suffix("]]"))
    {
        return LineKind::Placeholder(name.trim());
    }
    LineKind::Text(line)
}

/// The block being gathered.
#[derive(Default)]
struct Open {
    item: Option<String>,
    text: String,
}

impl Open {
    fn add(&mut self, line: &str) {
        let hard = line.ends_with("  ");
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push(' ');
        }
        self.text.push_str(line.trim());
        if hard {
            self.text.push('\n');
        }
    }
}

/// Reads the dialect.
pub fn parse(text: &str) -> Markup {
    let mut out = Markup::default();
    let mut open = Open::default();
    let mut in_recipients = false;
    for line in text.lines() {
        match classify(line) {
            LineKind::Blank => close(&mut open, &mut out, in_recipients),
            LineKind::Heading(level, title) => {
                close(&mut open, &mut out, in_recipients);
                in_recipients = fold(title) == "noi nhan";
                if !in_recipients {
                    out.blocks.push(Block::Heading {
                        level,
                        spans: inline(title),
                    });
                }
            }
            LineKind::Item(marker, rest) => {
                close(&mut open, &mut out, in_recipients);
                open.item = Some(marker.to_string());
                open.add(rest);
            }
            LineKind::Placeholder(name) => {
                close(&mut open, &mut out, in_recipients);
                out.blocks.push(Block::Placeholder(name.to_string()));
            }
            LineKind::Text(t) => open.add(t),
        }
    }
    close(&mut open, &mut out, in_recipients);
    out
}

fn close(open: &mut Open, out: &mut Markup, in_recipients: bool) {
    let Open { item, text } = std::mem::take(open);
    let text = text.trim_end_matches('\n');
    if text.trim().is_empty() {
        return;
    }
    if in_recipients {
        out.recipients.push(inline(text));
        return;
    }
    match item {
        Some(marker) => {
            let mut spans = vec![Span::regular(&marker)];
            spans.extend(inline(text));
            out.blocks.push(Block::Item(spans));
        }
        None => out.blocks.push(Block::Paragraph(inline(text))),
    }
}

/// Inline emphasis: `**bold**`, `*italic*`, `_italic_` (at word edges), `\*`.
pub fn inline(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let marks = emphasis_marks(&chars);
    let (mut bold, mut italic) = (false, false);
    let mut spans: Vec<Span> = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String, bold: bool, italic: bool| {
        if !current.is_empty() {
            let style = match (bold, italic) {
                (true, true) => Style::BoldItalic,
                (true, false) => Style::Bold,
                (false, true) => Style::Italic,
                (false, false) => Style::Regular,
            };
            spans.push(Span::new(current, style));
            current.clear();
        }
    };
    let mut i = 0;
    while i < chars.len() {
        match marks.get(&i) {
            Some(Mark::Bold) => {
                flush(&mut current, bold, italic);
                bold = !bold;
                i += 2;
            }
            Some(Mark::Italic) => {
                flush(&mut current, bold, italic);
                italic = !italic;
                i += 1;
            }
            None => {
                if chars[i] == '\\' && chars.get(i + 1).is_some_and(|c| ESCAPABLE.contains(c)) {
                    i += 1;
                }
                current.push(chars[i]);
                i += 1;
            }
        }
    }
    flush(&mut current, bold, italic);
    spans
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mark {
    Bold,
    Italic,
}

/// Positions of emphasis markers that are paired; unpaired ones stay text.
fn emphasis_marks(chars: &[char]) -> std::collections::BTreeMap<usize, Mark> {
    let mut bold = Vec::new();
    let mut star = Vec::new();
    let mut under = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '*' if chars.get(i + 1) == Some(&'*') => {
                bold.push(i);
                i += 1;
            }
            '*' => star.push(i),
            '_' => {
                let before = i.checked_sub(1).map(|k| chars[k]);
                let after = chars.get(i + 1).copied();
                let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
                if edge(before) || edge(after) {
                    under.push(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut marks = std::collections::BTreeMap::new();
    for (positions, mark) in [
        (bold, Mark::Bold),
        (star, Mark::Italic),
        (under, Mark::Italic),
    ] {
        let paired = positions.len() - positions.len() % 2;
        for &p in &positions[..paired] {
            marks.insert(p, mark);
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_headings_items_placeholders_and_recipients() {
        let m = parse(
            "# I. KẾT QUẢ\n\nCụm gồm\nbốn đơn vị.\n\n- Cao Bằng: **93,25** điểm;\n- Lạng Sơn.\n[[bang-xep-hang]]\n\n## Nơi nhận\n- Các đơn vị;\n- Lưu: VT.\n",
        );
        assert_eq!(m.blocks.len(), 5);
        assert!(matches!(&m.blocks[0], Block::Heading { level: 1, .. }));
        assert_eq!(
            m.blocks[1],
            Block::Paragraph(vec![Span::regular("Cụm gồm bốn đơn vị.")])
        );
        assert_eq!(
            m.blocks[2],
            Block::Item(vec![
                Span::regular("- "),
                Span::regular("Cao Bằng: "),
                Span::bold("93,25"),
                Span::regular(" điểm;")
            ])
        );
        assert_eq!(m.blocks[4], Block::Placeholder("bang-xep-hang".into()));
        assert_eq!(
            m.recipients,
            vec![
                vec![Span::regular("Các đơn vị;")],
                vec![Span::regular("Lưu: VT.")]
            ]
        );
    }

    #[test]
    fn unpaired_markers_and_underscores_inside_words_stay_text() {
        assert_eq!(inline("5 * 3 = 15"), vec![Span::regular("5 * 3 = 15")]);
        assert_eq!(
            inline("tệp ket_qua_2016.xlsx"),
            vec![Span::regular("tệp ket_qua_2016.xlsx")]
        );
        assert_eq!(
            inline("_nghiêng_ và \\*"),
            vec![Span::italic("nghiêng"), Span::regular(" và *")]
        );
        assert_eq!(inline("***cả hai***")[0].style, Style::BoldItalic);
    }

    #[test]
    fn literal_values_stay_text_whatever_they_hold() {
        let name = "Hội **Bằng** _x_ \\* [[de-nghi]]\n# ĐỀ NGHỊ KỶ LUẬT\n- a  \n+ b";
        let m = parse(&format!(
            "Cụm gồm {}.\n\n{}\n",
            literal(name),
            literal("[[bang]]")
        ));
        assert_eq!(
            m.blocks,
            vec![
                Block::Paragraph(vec![Span::regular(
                    "Cụm gồm Hội **Bằng** _x_ \\* [[de-nghi]] # ĐỀ NGHỊ KỶ LUẬT - a + b."
                )]),
                Block::Paragraph(vec![Span::regular("[[bang]]")]),
            ]
        );
        assert_eq!(
            parse(&literal("# A")).blocks,
            vec![Block::Paragraph(vec![Span::regular("# A")])]
        );
        assert_eq!(
            parse(&literal("- A")).blocks,
            vec![Block::Paragraph(vec![Span::regular("- A")])]
        );
    }

    #[test]
    fn templates_print_values_literally_and_safe_values_as_markup() {
        let ctx = serde_json::json!({ "ten": "**A**\n# B", "ds": ["*x*", "y"] });
        let text = render("t.md.j2", "- {{ ten }}\n{{ ds | lietke }}", &ctx).unwrap();
        assert_eq!(text, "- \\*\\*A\\*\\* \\# B\n\\*x\\* và y");
        let ctx =
            minijinja::context! { ghi_chu => minijinja::Value::from_safe_string("**đậm**".into()) };
        assert_eq!(render("t.md.j2", "{{ ghi_chu }}", &ctx).unwrap(), "**đậm**");
    }

    #[test]
    fn templates_render_with_the_list_filter_and_report_their_errors() {
        let ctx = serde_json::json!({ "ds": ["Cao Bằng", "Bắc Kạn", "Lạng Sơn"] });
        assert_eq!(
            render("t.md.j2", "{{ ds | lietke }}", &ctx).unwrap(),
            "Cao Bằng, Bắc Kạn và Lạng Sơn"
        );
        let err = render("t.md.j2", "dòng 1\n{{ khong_co }}", &ctx).unwrap_err();
        assert!(err.contains("t.md.j2, dòng 2"), "{err}");
    }
}
