//! Writes a [`Layout`] as PDF bytes, deterministically.
//!
//! Owns: the PDF file itself (objects, cross-reference table, trailer), the
//! operators for each mark, the embedded fonts (each face the document uses,
//! subset to its glyphs, as a Type0/CIDFontType2 font with Identity-H codes,
//! a `/W` widths array and a ToUnicode map, under our own fixed resource
//! names), the document information (its dates come from the data, never the
//! clock), the deflated streams, and the trailer `/ID`, which is a hash of
//! the document itself. The same layout always gives the same bytes.
//!
//! The file is written here rather than through a PDF library: the few
//! object kinds it needs take less code than the library's build costs
//! (BENCHMARKS.md, "Build time").

use super::fonts::{font_id, FontFace, Fonts, Style};
use super::layout::{Layout, Mark, Page, RunItem, TextMark};
use crate::document::Meta;
use crate::model::Date;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The PDF of a layout.
pub fn to_pdf(layout: &Layout, meta: &Meta) -> Result<Vec<u8>, String> {
    let fonts = super::fonts::fonts()?;
    let embedded = used_glyphs(layout, fonts)
        .into_par_iter()
        .map(|(style, glyphs)| Embedded::new(fonts, style, glyphs))
        .collect::<Result<Vec<_>, String>>()?;

    // Object numbers: the catalog, the page tree, the information, the
    // shared resources, then five per font, then two per page.
    const CATALOG: usize = 1;
    const PAGES: usize = 2;
    const INFO: usize = 3;
    const RESOURCES: usize = 4;
    let first_font = 5;
    let first_page = first_font + 5 * embedded.len();
    let page_object = |i: usize| first_page + 2 * i;

    let mut objects: Vec<Object> = Vec::new();
    objects.push(Object::dict(
        "/Type /Catalog /Pages 2 0 R /PageLayout /OneColumn".into(),
    ));
    let kids: Vec<String> = (0..layout.pages.len())
        .map(|i| format!("{} 0 R", page_object(i)))
        .collect();
    objects.push(Object::dict(format!(
        "/Type /Pages /Kids [{}] /Count {}",
        kids.join(" "),
        layout.pages.len()
    )));
    objects.push(Object::dict(info(meta)));
    let font_refs: Vec<String> = embedded
        .iter()
        .enumerate()
        .map(|(i, e)| format!("/{} {} 0 R", font_id(e.style), first_font + 5 * i))
        .collect();
    objects.push(Object::dict(format!(
        "/Font << {} >> /ProcSet [/PDF /Text]",
        font_refs.join(" ")
    )));
    for (i, e) in embedded.iter().enumerate() {
        objects.extend(e.objects(fonts.face(e.style), first_font + 5 * i));
    }
    let contents: Vec<Vec<u8>> = layout
        .pages
        .par_iter()
        .map(|page| content(page, fonts, &embedded))
        .collect();
    for (i, (page, content)) in layout.pages.iter().zip(contents).enumerate() {
        let (width, height) = page.size();
        objects.push(Object::dict(format!(
            "/Type /Page /Parent {PAGES} 0 R /MediaBox [0 0 {} {}] /Resources {RESOURCES} 0 R /Contents {} 0 R",
            num(width),
            num(height),
            page_object(i) + 1
        )));
        objects.push(Object::stream(String::new(), content));
    }
    debug_assert_eq!(objects.len(), page_object(layout.pages.len()) - 1);

    objects.par_iter_mut().for_each(Object::deflate);
    Ok(serialize(&objects, CATALOG, INFO))
}

/// One PDF object: a dictionary, with a stream when `stream` is some.
struct Object {
    /// The dictionary's entries, without its `<< >>` (nor `/Length`, `/Filter` of a stream).
    dict: String,
    stream: Option<Vec<u8>>,
    /// Whether the stream is deflated.
    deflated: bool,
}

impl Object {
    fn dict(dict: String) -> Object {
        Object {
            dict,
            stream: None,
            deflated: false,
        }
    }

    fn stream(dict: String, data: Vec<u8>) -> Object {
        Object {
            dict,
            stream: Some(data),
            deflated: false,
        }
    }

    /// Deflates the stream, at zlib's default level, when that makes it smaller.
    fn deflate(&mut self) {
        use flate2::{write::ZlibEncoder, Compression};
        use std::io::Write;
        let Some(data) = &mut self.stream else {
            return;
        };
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
        let deflated = encoder.write_all(data).and_then(|()| encoder.finish());
        if let Ok(deflated) = deflated {
            if deflated.len() + 19 < data.len() {
                *data = deflated;
                self.deflated = true;
            }
        }
    }
}

/// The file: header, objects `1..=objects.len()`, cross-reference table and
/// trailer, whose `/ID` is the first half of the SHA-256 of everything before it.
fn serialize(objects: &[Object], root: usize, info: usize) -> Vec<u8> {
    let size: usize = objects
        .iter()
        .map(|o| o.dict.len() + o.stream.as_ref().map_or(0, Vec::len) + 64)
        .sum();
    let mut out: Vec<u8> = Vec::with_capacity(size + 20 * objects.len() + 256);
    out.extend_from_slice(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n<< ", i + 1).as_bytes());
        out.extend_from_slice(object.dict.as_bytes());
        match &object.stream {
            Some(data) => {
                let filter = if object.deflated {
                    " /Filter /FlateDecode"
                } else {
                    ""
                };
                let sep = if object.dict.is_empty() { "" } else { " " };
                out.extend_from_slice(
                    format!("{sep}/Length {}{filter} >>\nstream\n", data.len()).as_bytes(),
                );
                out.extend_from_slice(data);
                out.extend_from_slice(b"\nendstream");
            }
            None => out.extend_from_slice(b" >>"),
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    let id: String = Sha256::digest(&out)[..16]
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root {root} 0 R /Info {info} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// The information dictionary's entries.
fn info(meta: &Meta) -> String {
    let date = pdf_date(meta.date);
    format!(
        "/Title {} /Subject {} /Author {} /Creator (thidua) /Producer {} /CreationDate ({date}) /ModDate ({date})",
        text_string(&meta.title),
        text_string(&meta.subject),
        text_string(&meta.author),
        text_string(&format!("thidua {}", env!("CARGO_PKG_VERSION"))),
    )
}

/// A PDF text string: a literal when plain ASCII, else UTF-16BE with its byte order mark.
fn text_string(s: &str) -> String {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('(');
        for c in s.chars() {
            if matches!(c, '(' | ')' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push(')');
        return out;
    }
    let mut out = String::from("<FEFF");
    for unit in s.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

/// `date` at midnight UTC, as a PDF date; an impossible day becomes the month's last.
fn pdf_date(date: Date) -> String {
    let year = date.year.clamp(0, 9999);
    let month = date.month.clamp(1, 12);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let last = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let day = date.day.clamp(1, last);
    format!("D:{year:04}{month:02}{day:02}000000+00'00'")
}

/// A number as PDF writes it: at most three decimals, no exponent, no `-0`.
fn num(x: f32) -> String {
    let rounded = if x.is_finite() {
        (f64::from(x) * 1000.0).round() / 1000.0
    } else {
        0.0
    };
    if rounded == 0.0 {
        "0".to_string()
    } else {
        format!("{rounded}")
    }
}

/// The glyphs each style's text uses: glyph id → the character it was
/// first used for (its ToUnicode entry), styles in order.
fn used_glyphs(layout: &Layout, fonts: &Fonts) -> Vec<(Style, BTreeMap<u16, char>)> {
    let mut used: BTreeMap<Style, BTreeMap<u16, char>> = BTreeMap::new();
    for page in &layout.pages {
        for mark in &page.marks {
            let Mark::Text(t) = mark else { continue };
            for run in &t.runs {
                let face = fonts.face(run.style);
                let glyphs = used.entry(run.style).or_default();
                for item in &run.items {
                    let RunItem::Text(s) = item else { continue };
                    for ch in s.chars() {
                        if let Some((gid, _)) = face.glyph(ch) {
                            glyphs.entry(gid).or_insert(ch);
                        }
                    }
                }
            }
        }
    }
    used.into_iter().collect()
}

/// A face as the document embeds it: its subset and how its glyphs are numbered there.
struct Embedded {
    style: Style,
    /// Original glyph id → the character it shows (for ToUnicode).
    glyphs: BTreeMap<u16, char>,
    /// Original glyph id → glyph id in the subset, which is also the CID.
    remapper: subsetter::GlyphRemapper,
    subset: Vec<u8>,
}

impl Embedded {
    fn new(fonts: &Fonts, style: Style, glyphs: BTreeMap<u16, char>) -> Result<Embedded, String> {
        let ids: Vec<u16> = glyphs.keys().copied().collect();
        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&ids);
        let subset = subsetter::subset(fonts.face(style).bytes(), 0, &remapper)
            .map_err(|e| format!("the built-in font for {style:?} cannot be subset: {e}"))?;
        Ok(Embedded {
            style,
            glyphs,
            remapper,
            subset,
        })
    }

    /// The code of a character in a content stream (its CID), 0 (.notdef) when the font lacks it.
    fn cid(&self, face: &FontFace, ch: char) -> u16 {
        face.glyph(ch)
            .and_then(|(gid, _)| self.remapper.get(gid))
            .unwrap_or(0)
    }

    /// The font's five objects, numbered from `first`: the Type0 font, its
    /// CIDFont, font descriptor, font file and ToUnicode map.
    fn objects(&self, face: &FontFace, first: usize) -> Vec<Object> {
        let tag = font_id(self.style);
        let name = format!("{tag}+{}", postscript_name(face));
        let type0 = Object::dict(format!(
            "/Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H /DescendantFonts [{} 0 R] /ToUnicode {} 0 R",
            first + 1,
            first + 4
        ));
        // The CIDs of the glyphs shown are 1..=n, in the order of their original ids.
        let mut widths = String::new();
        for (n, gid) in self.glyphs.keys().enumerate() {
            if n > 0 {
                widths.push(' ');
            }
            widths.push_str(&num(face.advance_of(*gid)));
        }
        let cid_font = Object::dict(format!(
            "/Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {} 0 R /CIDToGIDMap /Identity /DW 1000{}",
            first + 2,
            if widths.is_empty() {
                String::new()
            } else {
                format!(" /W [1 [{widths}]]")
            }
        ));
        let descriptor = Object::dict(descriptor(face, &name, first + 3));
        let file = Object::stream(
            format!("/Length1 {}", self.subset.len()),
            self.subset.clone(),
        );
        let to_unicode = Object::stream(String::new(), self.to_unicode());
        vec![type0, cid_font, descriptor, file, to_unicode]
    }

    /// The ToUnicode CMap: each CID to the character it shows.
    fn to_unicode(&self) -> Vec<u8> {
        let mut entries: Vec<(u16, char)> = self
            .glyphs
            .iter()
            .filter_map(|(gid, ch)| self.remapper.get(*gid).map(|cid| (cid, *ch)))
            .collect();
        entries.sort_unstable();
        let mut out = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        for chunk in entries.chunks(100) {
            let _ = writeln!(out, "{} beginbfchar", chunk.len());
            for (cid, ch) in chunk {
                let _ = write!(out, "<{cid:04X}> <");
                let mut units = [0u16; 2];
                for unit in ch.encode_utf16(&mut units) {
                    let _ = write!(out, "{unit:04X}");
                }
                out.push_str(">\n");
            }
            out.push_str("endbfchar\n");
        }
        out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        out.into_bytes()
    }
}

/// The face's PostScript name (name table entry 6), letters, digits and hyphens only.
fn postscript_name(face: &FontFace) -> String {
    let name = face
        .face()
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .unwrap_or_default();
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() {
        "LiberationSerif".to_string()
    } else {
        name
    }
}

/// The font descriptor's entries, in thousandths of an em.
fn descriptor(face: &FontFace, name: &str, file: usize) -> String {
    let f = face.face();
    let scale = |units: i16| (f32::from(units) * 1000.0 / face.per_em()).round();
    let b = f.global_bounding_box();
    let italic = f.is_italic() || f.italic_angle() != 0.0;
    // Non-symbolic, and italic when it is.
    let flags = 32 | if italic { 64 } else { 0 };
    let weight = f32::from(f.weight().to_number());
    let stem_v = (50.0 + (weight / 65.0).powi(2)).round();
    format!(
        "/Type /FontDescriptor /FontName /{name} /Flags {flags} /FontBBox [{} {} {} {}] /ItalicAngle {} /Ascent {} /Descent {} /CapHeight {} /StemV {stem_v} /FontFile2 {file} 0 R",
        scale(b.x_min),
        scale(b.y_min),
        scale(b.x_max),
        scale(b.y_max),
        num(f.italic_angle()),
        scale(f.ascender()),
        scale(f.descender()),
        scale(f.capital_height().unwrap_or_else(|| f.ascender())),
    )
}

/// The content stream of a page; `y` is turned from our top-down to PDF's bottom-up.
fn content(page: &Page, fonts: &Fonts, embedded: &[Embedded]) -> Vec<u8> {
    let (_, height) = page.size();
    let mut out = String::new();
    for mark in &page.marks {
        match mark {
            Mark::Text(t) => text(t, height, fonts, embedded, &mut out),
            Mark::Line {
                x0,
                y0,
                x1,
                y1,
                thickness,
            } => {
                let _ = writeln!(
                    out,
                    "{} w\n{} {} m\n{} {} l\nS",
                    num(*thickness),
                    num(*x0),
                    num(height - y0),
                    num(*x1),
                    num(height - y1)
                );
            }
            Mark::Rect {
                x,
                y,
                width,
                height: h,
                thickness,
            } => {
                let _ = writeln!(
                    out,
                    "{} w\n{} {} {} {} re\nS",
                    num(*thickness),
                    num(*x),
                    num(height - y - h),
                    num(*width),
                    num(*h)
                );
            }
            Mark::Fill {
                x,
                y,
                width,
                height: h,
                rgb,
            } => {
                let channel = |c: u8| num(f32::from(c) / 255.0);
                let _ = writeln!(
                    out,
                    "q\n{} {} {} rg\n{} {} {} {} re\nf\nQ",
                    channel(rgb[0]),
                    channel(rgb[1]),
                    channel(rgb[2]),
                    num(*x),
                    num(height - y - h),
                    num(*width),
                    num(*h)
                );
            }
        }
    }
    out.into_bytes()
}

fn text(t: &TextMark, page_height: f32, fonts: &Fonts, embedded: &[Embedded], out: &mut String) {
    let _ = writeln!(
        out,
        "BT\n1 0 0 1 {} {} Tm",
        num(t.x),
        num(page_height - t.baseline)
    );
    for run in &t.runs {
        let _ = writeln!(out, "/{} {} Tf", font_id(run.style), num(t.size));
        let Some(font) = embedded.iter().find(|e| e.style == run.style) else {
            continue;
        };
        let face = fonts.face(run.style);
        let hex = |s: &str, out: &mut String| {
            out.push('<');
            for ch in s.chars() {
                let _ = write!(out, "{:04X}", font.cid(face, ch));
            }
            out.push('>');
        };
        match run.items.as_slice() {
            [] => {}
            [RunItem::Text(s)] => {
                hex(s, out);
                out.push_str(" Tj\n");
            }
            items => {
                out.push('[');
                for item in items {
                    match item {
                        RunItem::Text(s) => hex(s, out),
                        // TJ numbers are thousandths of an em, negative to move right.
                        RunItem::Gap(g) => {
                            let _ = write!(out, " {} ", num(-g * 1000.0 / t.size));
                        }
                    }
                }
                out.push_str("] TJ\n");
            }
        }
    }
    out.push_str("ET\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::render::pdf::layout::{Margins, Role, Run};
    use std::process::Command;

    /// Text with every kind of Vietnamese letter, a mark with no precomposed
    /// letter (C + U+0306, NFC as it is), and a justification gap.
    const LINES: [&str; 3] = [
        "Hội Cựu chiến binh tỉnh Thái Nguyên: ưu tú, đạt chỉ tiêu 98,5%",
        "ỲÝỶỸỴ ừứửữự ằắẳẵặ Đ C\u{306}",
        "(trang) \\ [x] {y}",
    ];

    fn line(text: &str, style: Style, baseline: f32, gap: bool) -> Mark {
        let items = match text.split_once(' ') {
            Some((a, b)) if gap => vec![
                RunItem::Text(format!("{a} ")),
                RunItem::Gap(3.5),
                RunItem::Text(b.to_string()),
            ],
            _ => vec![RunItem::Text(text.to_string())],
        };
        Mark::Text(TextMark {
            x: 85.0,
            baseline,
            size: 13.0,
            width: 400.0,
            runs: vec![Run { style, items }],
            role: Role::Body,
        })
    }

    /// A portrait page of text and a landscape page with a line, a frame and a filled bar.
    fn sample() -> (Layout, Meta) {
        let portrait = Page {
            marks: vec![
                line(LINES[0], Style::Regular, 100.0, true),
                line(LINES[1], Style::Bold, 120.0, false),
                line(LINES[2], Style::Italic, 140.0, false),
            ],
            landscape: false,
        };
        let landscape = Page {
            marks: vec![
                Mark::Line {
                    x0: 50.0,
                    y0: 60.0,
                    x1: 700.0,
                    y1: 60.0,
                    thickness: 0.6,
                },
                Mark::Rect {
                    x: 50.0,
                    y: 100.0,
                    width: 300.0,
                    height: 200.0,
                    thickness: 0.5,
                },
                Mark::Fill {
                    x: 60.0,
                    y: 250.0,
                    width: 40.0,
                    height: 50.0,
                    rgb: [51, 102, 255],
                },
                line("Biểu đồ", Style::BoldItalic, 90.0, false),
            ],
            landscape: true,
        };
        let layout = Layout {
            pages: vec![portrait, landscape],
            margins: Margins::decree(),
            missing: Vec::new(),
            placed: Vec::new(),
            numbers: vec![None, Some(2)],
        };
        let meta = Meta {
            title: "Báo cáo (tổng kết)".to_string(),
            subject: "Thi đua".to_string(),
            author: "Cụm thi đua số 3".to_string(),
            date: Date {
                year: 2017,
                month: 1,
                day: 6,
            },
            draft: false,
        };
        (layout, meta)
    }

    fn tool(name: &str) -> bool {
        Command::new(name).arg("-v").output().is_ok()
    }

    #[test]
    fn the_same_layout_gives_the_same_bytes_and_the_id_is_their_hash() {
        let (layout, meta) = sample();
        let bytes = to_pdf(&layout, &meta).unwrap();
        assert_eq!(bytes, to_pdf(&layout, &meta).unwrap());
        let text = String::from_utf8_lossy(&bytes);
        let trailer = memchr::memmem::rfind(&bytes, b"trailer\n").unwrap();
        let id: String = Sha256::digest(&bytes[..trailer])[..16]
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        let tail = String::from_utf8_lossy(&bytes[trailer..]);
        assert!(tail.contains(&format!("/ID [<{id}> <{id}>]")), "{tail}");
        assert!(text.contains("/MediaBox [0 0 595.276 841.89]"));
        assert!(text.contains("/MediaBox [0 0 841.89 595.276]"));
        let mut other = meta.clone();
        other.date.day = 7;
        assert_ne!(bytes, to_pdf(&layout, &other).unwrap());
    }

    #[test]
    fn poppler_and_qpdf_read_back_the_text_fonts_pages_and_information() {
        if !tool("pdftotext") || !tool("qpdf") || !tool("pdffonts") {
            eprintln!("skipped: poppler-utils and qpdf are not installed (.ci/run installs them)");
            return;
        }
        let (layout, meta) = sample();
        let bytes = to_pdf(&layout, &meta).unwrap();
        let dir = std::env::temp_dir().join(format!("thidua-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("sample.pdf");
        std::fs::write(&file, &bytes).unwrap();
        let run = |cmd: &str, args: &[&str]| {
            let out = Command::new(cmd).args(args).arg(&file).output().unwrap();
            (
                out.status.success(),
                String::from_utf8_lossy(&out.stdout).into_owned(),
            )
        };
        let (ok, check) = run("qpdf", &["--check"]);
        assert!(ok, "{check}");
        let (_, fonts) = run("pdffonts", &[]);
        for (style, name) in [
            (Style::Regular, "LiberationSerif "),
            (Style::Bold, "LiberationSerif-Bold "),
            (Style::Italic, "LiberationSerif-Italic "),
            (Style::BoldItalic, "LiberationSerif-BoldItalic "),
        ] {
            let row = fonts
                .lines()
                .find(|l| l.starts_with(&format!("{}+{name}", font_id(style))))
                .unwrap_or_else(|| panic!("{style:?} not in\n{fonts}"));
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(
                cols[1..7],
                ["CID", "TrueType", "Identity-H", "yes", "yes", "yes"],
                "{row}"
            );
        }
        let out = Command::new("pdftotext")
            .args(["-raw", "-enc", "UTF-8"])
            .arg(&file)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<String> = text
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines, [LINES[0], LINES[1], LINES[2], "Biểu đồ"]);
        let out = Command::new("pdfinfo").arg(&file).output().unwrap();
        let info = String::from_utf8(out.stdout).unwrap();
        for expected in [
            "Title:           Báo cáo (tổng kết)",
            "Author:          Cụm thi đua số 3",
            "Creator:         thidua",
            "CreationDate:    Fri Jan  6 00:00:00 2017 UTC",
            "Pages:           2",
        ] {
            assert!(info.contains(expected), "{expected} not in\n{info}");
        }
        if let Some(keep) = std::env::var_os("THIDUA_PDF_OUT") {
            std::fs::copy(&file, std::path::Path::new(&keep).join("write-sample.pdf")).unwrap();
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn numbers_have_three_decimals_at_most_and_no_negative_zero() {
        assert_eq!(num(595.2756), "595.276");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(-250.5), "-250.5");
        assert_eq!(num(f32::NAN), "0");
    }

    #[test]
    fn dates_are_pdf_dates_and_impossible_days_are_kept_in_their_month() {
        let date = |year, month, day| Date { year, month, day };
        assert_eq!(pdf_date(date(2017, 1, 6)), "D:20170106000000+00'00'");
        assert_eq!(pdf_date(date(2024, 2, 30)), "D:20240229000000+00'00'");
        assert_eq!(pdf_date(date(2023, 2, 29)), "D:20230228000000+00'00'");
        assert_eq!(pdf_date(date(2016, 13, 0)), "D:20161201000000+00'00'");
    }

    #[test]
    fn text_strings_are_literal_when_ascii_and_utf16_otherwise() {
        assert_eq!(text_string("thidua (x)"), "(thidua \\(x\\))");
        assert_eq!(text_string("Cụm"), "<FEFF00431EE5006D>");
    }
}
