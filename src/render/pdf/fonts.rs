//! The fonts every PDF of ours is set in, and text measurement.
//!
//! Owns: the four Liberation Serif faces (SIL Open Font License 1.1, see
//! `fonts/LICENSE-OFL.txt`; advance widths identical to Times New Roman, full
//! Vietnamese coverage) built into the binary, the resource name each style
//! is written under (fixed, so documents are byte-identical run to run), and
//! the width of text from the fonts' own glyph advances. Does not own where
//! text goes: that is `layout`.

use std::sync::OnceLock;
use ttf_parser::{Face, GlyphId};

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

/// The font's resource name in the PDF. It is also the subset tag written
/// before the font's name (`TDSRGL+LiberationSerif`), so it is six
/// upper-case letters, distinct per style.
pub fn font_id(style: Style) -> &'static str {
    match style {
        Style::Regular => "TDSRGL",
        Style::Bold => "TDSBLD",
        Style::Italic => "TDSITL",
        Style::BoldItalic => "TDSBIT",
    }
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

/// Characters below this are looked up in a table built once (Latin,
/// Vietnamese, punctuation); the rest go to the font's own `cmap`.
const TABLED: usize = 0x2200;

/// One parsed face, with its glyph table for the common characters.
pub struct FontFace {
    face: Face<'static>,
    bytes: &'static [u8],
    per_em: f32,
    /// For each character below [`TABLED`]: its glyph id and advance in em, if the font has it.
    table: Vec<Option<(u16, f32)>>,
}

impl FontFace {
    fn parse(bytes: &'static [u8]) -> Option<FontFace> {
        let face = Face::parse(bytes, 0).ok()?;
        let per_em = f32::from(face.units_per_em().max(1));
        let mut this = FontFace {
            face,
            bytes,
            per_em,
            table: Vec::new(),
        };
        this.table = (0..TABLED as u32)
            .map(|c| char::from_u32(c).and_then(|c| this.look_up(c)))
            .collect();
        Some(this)
    }

    fn look_up(&self, ch: char) -> Option<(u16, f32)> {
        let gid = self.face.glyph_index(ch).filter(|g| g.0 != 0)?;
        let advance = self.face.glyph_hor_advance(gid).unwrap_or(0);
        Some((gid.0, f32::from(advance) / self.per_em))
    }

    /// The glyph id of `ch` and its advance in em, or None when the font lacks it.
    pub fn glyph(&self, ch: char) -> Option<(u16, f32)> {
        match self.table.get(ch as usize) {
            Some(known) => *known,
            None => self.look_up(ch),
        }
    }

    /// The advance of a glyph in thousandths of an em (PDF glyph space).
    pub fn advance_of(&self, gid: u16) -> f32 {
        let units = self.face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0);
        f32::from(units) * 1000.0 / self.per_em
    }

    /// The parsed face, for its metrics.
    pub fn face(&self) -> &Face<'static> {
        &self.face
    }

    /// The font file.
    pub fn bytes(&self) -> &'static [u8] {
        self.bytes
    }

    /// Font design units per em.
    pub fn per_em(&self) -> f32 {
        self.per_em
    }
}

/// The parsed faces.
pub struct Fonts {
    faces: Vec<FontFace>,
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
            let face = FontFace::parse(bytes)
                .ok_or_else(|| format!("the built-in font for {style:?} cannot be read"))?;
            faces.push(face);
        }
        Ok(Fonts { faces })
    }

    /// The face of a style.
    pub fn face(&self, style: Style) -> &FontFace {
        &self.faces[index(style)]
    }

    /// Advance width of a character in em, or None when the font lacks it.
    pub fn advance(&self, style: Style, ch: char) -> Option<f32> {
        self.face(style).glyph(ch).map(|(_, advance)| advance)
    }

    /// Whether the font of `style` can show `ch`.
    pub fn has(&self, style: Style, ch: char) -> bool {
        self.face(style).glyph(ch).is_some()
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
