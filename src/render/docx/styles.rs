//! The named paragraph styles of thidua's Word documents, so that a person
//! editing in Word or LibreOffice Writer finds "Thân văn bản", "Heading 1",
//! "Chữ trong bảng" rather than direct formatting on every paragraph: each
//! style's measures (size, alignment, indents, spacing) as the Decree 30
//! format sets them, and the document defaults (Times New Roman in all
//! four font slots, 13 pt).
//!
//! A paragraph of the document model is given the style of its kind;
//! where its own measures differ from the style's, they are set on it
//! directly ([`Spec::differences`]).

use crate::document::decree::{first_indent, BODY_SIZE, PARAGRAPH_SPACE, TABLE_SIZE};
use crate::document::Align;
use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, RunFonts, SpecialIndentType, Style,
    StyleType,
};

/// The font, named in all four slots (Word draws Vietnamese letters from hAnsi).
pub const FONT: &str = "Times New Roman";

/// Points to twentieths of a point (twips).
pub fn twips(points: f32) -> i32 {
    (points * 20.0).round() as i32
}

/// Points to half-points (run sizes).
pub fn half_points(points: f32) -> usize {
    (points * 2.0).round().max(2.0) as usize
}

/// Millimetres to twips.
pub fn mm_twips(mm: f32) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

/// Word's single line for Times New Roman is 1.15 times the size; the
/// model's line height is a multiple of the size: as Word's `auto` spacing (240 = single).
pub fn line(leading: f32) -> i32 {
    ((leading / 1.15) * 240.0).round().max(240.0) as i32
}

/// The measures of a paragraph style.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub id: &'static str,
    pub name: &'static str,
    pub size: f32,
    pub align: Align,
    pub first: f32,
    pub indent: f32,
    pub before: f32,
    pub after: f32,
    pub leading: f32,
    pub bold: bool,
    pub italic: bool,
    /// Outline level (headings), for Word's navigation pane.
    pub outline: Option<usize>,
}

const fn spec(id: &'static str, name: &'static str, size: f32, align: Align) -> Spec {
    Spec {
        id,
        name,
        size,
        align,
        first: 0.0,
        indent: 0.0,
        before: 0.0,
        after: 0.0,
        leading: 1.2,
        bold: false,
        italic: false,
        outline: None,
    }
}

/// Body text: justified, first line indented, 6 pt after.
pub const BODY: Spec = Spec {
    first: 36.0,
    after: PARAGRAPH_SPACE,
    ..spec("ThanVanBan", "Thân văn bản", BODY_SIZE, Align::Justify)
};
/// A list item of the body.
pub const ITEM: Spec = Spec {
    id: "MucLietKe",
    name: "Mục liệt kê",
    ..BODY
};
/// Headings, by level (1 to 3; the third bold italic).
pub const HEADINGS: [Spec; 3] = [
    heading("Heading1", "heading 1", 0, false),
    heading("Heading2", "heading 2", 1, false),
    heading("Heading3", "heading 3", 2, true),
];

const fn heading(id: &'static str, name: &'static str, level: usize, italic: bool) -> Spec {
    Spec {
        first: 36.0,
        before: PARAGRAPH_SPACE,
        after: PARAGRAPH_SPACE,
        bold: true,
        italic,
        outline: Some(level),
        ..spec(id, name, BODY_SIZE, Align::Justify)
    }
}

/// Text in table cells.
pub const TABLE: Spec = spec("ChuTrongBang", "Chữ trong bảng", TABLE_SIZE, Align::Left);
/// A table's caption, above it.
pub const CAPTION: Spec = Spec {
    bold: true,
    after: 4.0,
    ..spec("TenBang", "Tên bảng", BODY_SIZE, Align::Center)
};
/// The kind of document (BÁO CÁO).
pub const KIND: Spec = Spec {
    bold: true,
    before: 18.0,
    leading: 1.15,
    ..spec("TenLoaiVanBan", "Tên loại văn bản", 14.0, Align::Center)
};
/// The summary line under the kind.
pub const SUMMARY: Spec = Spec {
    bold: true,
    before: 2.0,
    leading: 1.15,
    ..spec("TrichYeu", "Trích yếu", 14.0, Align::Center)
};
/// The header blocks of page 1 (issuing body, national title, number, place and date).
pub const LETTERHEAD: Spec = Spec {
    leading: 1.15,
    ..spec("DauVanBan", "Đầu văn bản", 12.0, Align::Center)
};
/// Signature blocks.
pub const SIGNATURE: Spec = Spec {
    bold: true,
    leading: 1.15,
    ..spec("ChuKy", "Chữ ký", BODY_SIZE, Align::Center)
};
/// "Nơi nhận:".
pub const RECIPIENTS: Spec = Spec {
    bold: true,
    italic: true,
    leading: 1.15,
    ..spec("NoiNhan", "Nơi nhận", 12.0, Align::Left)
};
/// The lines under "Nơi nhận:".
pub const RECIPIENT: Spec = Spec {
    leading: 1.15,
    ..spec("NoiNhanDong", "Nơi nhận - dòng", 11.0, Align::Left)
};
/// "Phụ lục", its title and what it goes with.
pub const APPENDIX: Spec = Spec {
    bold: true,
    leading: 1.15,
    ..spec("PhuLuc", "Phụ lục", 14.0, Align::Center)
};
/// The page number at the top of the page.
pub const PAGE_NUMBER: Spec = spec("SoTrang", "Số trang", BODY_SIZE, Align::Center);

/// Every style this module defines.
const ALL: [Spec; 15] = [
    BODY,
    ITEM,
    HEADINGS[0],
    HEADINGS[1],
    HEADINGS[2],
    TABLE,
    CAPTION,
    KIND,
    SUMMARY,
    LETTERHEAD,
    SIGNATURE,
    RECIPIENTS,
    RECIPIENT,
    APPENDIX,
    PAGE_NUMBER,
];

/// Word's alignment of a model alignment.
pub fn alignment(align: Align) -> AlignmentType {
    match align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        Align::Justify => AlignmentType::Both,
    }
}

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .east_asia(FONT)
        .cs(FONT)
}

/// The spacing of a style or paragraph.
pub fn spacing(before: f32, after: f32, leading: f32) -> LineSpacing {
    LineSpacing::new()
        .before(twips(before).max(0) as u32)
        .after(twips(after).max(0) as u32)
        .line_rule(LineSpacingType::Auto)
        .line(line(leading))
}

fn style(s: &Spec) -> Style {
    let mut style = Style::new(s.id, StyleType::Paragraph)
        .name(s.name)
        .based_on("Normal")
        .q_format(true)
        .size(half_points(s.size))
        .align(alignment(s.align))
        .line_spacing(spacing(s.before, s.after, s.leading))
        .indent(
            Some(twips(s.indent)),
            Some(SpecialIndentType::FirstLine(twips(s.first))),
            None,
            None,
        );
    if s.bold {
        style = style.bold();
    }
    if s.italic {
        style = style.italic();
    }
    if let Some(level) = s.outline {
        style = style.outline_lvl(level);
    }
    style
}

/// The document defaults (Times New Roman 13 pt in all four slots, single
/// spacing, nothing after; docx-rs's own `Normal` style inherits them) and the styles.
pub fn install(docx: Docx) -> Docx {
    let mut docx = docx
        .default_fonts(fonts())
        .default_size(half_points(BODY_SIZE))
        .default_line_spacing(LineSpacing::new().after(0).line(240));
    for s in &ALL {
        docx = docx.add_style(style(s));
    }
    docx
}

/// The first-line indent of the body, in points (the model's, 12.7 mm).
pub fn body_first_indent() -> f32 {
    first_indent()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_convert_to_word_units() {
        assert_eq!(twips(13.0), 260);
        assert_eq!(half_points(13.0), 26);
        assert_eq!(mm_twips(30.0), 1701);
        assert_eq!(line(1.15), 240);
        assert!(line(1.5) > 300);
        assert_eq!(twips(BODY.first), twips(body_first_indent()));
    }
}
