//! The fonts every PDF of ours is set in, and text measurement.
//!
//! Owns: the four Liberation Serif faces (SIL Open Font License 1.1, see
//! `fonts/LICENSE-OFL.txt`; advance widths identical to Times New Roman, full
//! Vietnamese coverage) built into the binary, the resource name each style
//! is written under (fixed, so documents are byte-identical run to run), and
//! the width of text from the fonts' own glyph advances. Does not own where
//! text goes: that is `layout`.

use printpdf::{FontId, ParsedFont};
use std::sync::OnceLock;

pub use crate::document::Style;

/// Every style, in the order the fonts are stored.
pub const STYLES: [Style; 4] = [
    Style::Regular,
    Style::Bold,
    Style::Italic,
    Style::BoldItalic,
];

fn index(style: Style) -> usize {
    match style {
        Style::Regular => 0,
        Style::Bold => 1,
        Style::Italic => 2,
        Style::BoldItalic => 3,
    }
}

/// The font's resource name in the PDF. Its first six letters are also
/// the subset tag printpdf writes before the font name, so they are six
/// upper-case letters, distinct per style.
pub fn font_id(style: Style) -> FontId {
    let id = match style {
        Style::Regular => "TDSRGL",
        Style::Bold => "TDSBLD",
        Style::Italic => "TDSITL",
        Style::BoldItalic => "TDSBIT",
    };
    FontId(id.to_string())
}

/// The font files, in `STYLES` order.
const FILES: [&[u8]; 4] = [
    include_bytes!("../../../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// Height above the baseline of the tallest letters (with marks), in em.
pub const ASCENT: f32 = 0.891;
/// Depth below the baseline, in em.
pub const DESCENT: f32 = 0.216;

/// The parsed faces.
pub struct Fonts {
    faces: Vec<ParsedFont>,
}

static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();

/// The fonts, parsed once per process.
pub fn fonts() -> Result<&'static Fonts, String> {
    FONTS
        .get_or_init(Fonts::parse)
        .as_ref()
        .map_err(Clone::clone)
}

impl Fonts {
    fn parse() -> Result<Fonts, String> {
        let mut faces = Vec::with_capacity(FILES.len());
        for (bytes, style) in FILES.iter().zip(STYLES) {
            let mut warnings = Vec::new();
            let face = ParsedFont::from_bytes(bytes, 0, &mut warnings)
                .ok_or_else(|| format!("the built-in font for {style:?} cannot be read"))?;
            faces.push(face);
        }
        Ok(Fonts { faces })
    }

    /// The parsed face of a style.
    pub fn face(&self, style: Style) -> &ParsedFont {
        &self.faces[index(style)]
    }

    /// Advance width of a character in em, or None when the font lacks it.
    pub fn advance(&self, style: Style, ch: char) -> Option<f32> {
        let face = self.face(style);
        let gid = face.lookup_glyph_index(ch as u32)?;
        let per_em = f32::from(face.font_metrics.units_per_em.max(1));
        Some(f32::from(face.get_horizontal_advance(gid)) / per_em)
    }

    /// Whether the font of `style` can show `ch`.
    pub fn has(&self, style: Style, ch: char) -> bool {
        self.face(style).lookup_glyph_index(ch as u32).is_some()
    }

    /// Width of `text` in points at `size` (characters the font lacks count as nothing).
    pub fn width(&self, style: Style, size: f32, text: &str) -> f32 {
        text.chars()
            .filter_map(|c| self.advance(style, c))
            .sum::<f32>()
            * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vietnamese_letter_is_in_every_style() {
        let fonts = fonts().unwrap();
        let letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        for style in STYLES {
            for ch in letters.chars().chain(letters.to_uppercase().chars()) {
                assert!(fonts.has(style, ch), "{style:?} lacks {ch}");
            }
        }
    }

    #[test]
    fn widths_are_those_of_times_new_roman() {
        let fonts = fonts().unwrap();
        // Times New Roman: 'a' 444, 'W' 944, space 250 units of 1000.
        assert!((fonts.advance(Style::Regular, 'a').unwrap() - 0.444).abs() < 0.001);
        assert!((fonts.advance(Style::Regular, 'W').unwrap() - 0.944).abs() < 0.001);
        assert!((fonts.width(Style::Regular, 10.0, " ") - 2.5).abs() < 0.01);
    }
}
