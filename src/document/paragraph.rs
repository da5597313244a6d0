//! Text as a formal document holds it: pieces of text in a style (spans),
//! and paragraphs of them with their typographic properties (size,
//! alignment, indents, line height, space around, what they keep with them),
//! which a PDF or Word back end sets as its format allows.

/// How a piece of text is set: regular, bold, italic or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    /// Every style, in the order the fonts are stored.
    pub const ALL: [Style; 4] = [
        Style::Regular,
        Style::Bold,
        Style::Italic,
        Style::BoldItalic,
    ];

    /// This style with bold added.
    pub fn with_bold(self) -> Style {
        match self {
            Style::Regular | Style::Bold => Style::Bold,
            Style::Italic | Style::BoldItalic => Style::BoldItalic,
        }
    }

    /// This style with italic added.
    pub fn with_italic(self) -> Style {
        match self {
            Style::Regular | Style::Italic => Style::Italic,
            Style::Bold | Style::BoldItalic => Style::BoldItalic,
        }
    }
}

/// A piece of text in one style. Text is NFC from the moment it is made.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

impl Span {
    /// Text in a style (normalised to NFC).
    pub fn new(text: &str, style: Style) -> Span {
        Span {
            text: crate::text::nfc(text),
            style,
        }
    }

    /// Regular text.
    pub fn regular(text: &str) -> Span {
        Span::new(text, Style::Regular)
    }

    /// Bold text.
    pub fn bold(text: &str) -> Span {
        Span::new(text, Style::Bold)
    }

    /// Italic text.
    pub fn italic(text: &str) -> Span {
        Span::new(text, Style::Italic)
    }

    /// Bold italic text.
    pub fn bold_italic(text: &str) -> Span {
        Span::new(text, Style::BoldItalic)
    }
}

/// Horizontal alignment of lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Both edges straight, except the last line of a paragraph.
    Justify,
}

/// A paragraph of the flowing text.
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub spans: Vec<Span>,
    pub size: f32,
    pub align: Align,
    /// Extra indent of the first line, in points.
    pub first_indent: f32,
    /// Left indent of every line, in points.
    pub indent: f32,
    /// Line height as a multiple of the size.
    pub leading: f32,
    /// Space above, in points (dropped at the top of a page).
    pub space_before: f32,
    /// Space below, in points.
    pub space_after: f32,
    /// Height of what follows that must stay on the same page, in points (for
    /// headings and leads; in Word, "keep with next").
    pub keep_with_next: f32,
    /// Lines of even length rather than a full first line (for centred titles;
    /// a back end that cannot balance lines ignores it).
    pub balance: bool,
}

impl Paragraph {
    /// A justified paragraph, single-spaced (1.2), no indents.
    pub fn new(spans: Vec<Span>, size: f32) -> Paragraph {
        Paragraph {
            spans,
            size,
            align: Align::Justify,
            first_indent: 0.0,
            indent: 0.0,
            leading: 1.2,
            space_before: 0.0,
            space_after: 0.0,
            keep_with_next: 0.0,
            balance: false,
        }
    }

    /// With this alignment.
    pub fn align(mut self, align: Align) -> Paragraph {
        self.align = align;
        self
    }

    /// With this first-line indent.
    pub fn first_indent(mut self, points: f32) -> Paragraph {
        self.first_indent = points;
        self
    }

    /// With this left indent.
    pub fn indent(mut self, points: f32) -> Paragraph {
        self.indent = points;
        self
    }

    /// With this line height (multiple of the size).
    pub fn leading(mut self, leading: f32) -> Paragraph {
        self.leading = leading;
        self
    }

    /// With this space above.
    pub fn space_before(mut self, points: f32) -> Paragraph {
        self.space_before = points;
        self
    }

    /// With this space below.
    pub fn space_after(mut self, points: f32) -> Paragraph {
        self.space_after = points;
        self
    }

    /// Keeping this much of what follows on its page.
    pub fn keep_with_next(mut self, points: f32) -> Paragraph {
        self.keep_with_next = points;
        self
    }

    /// Breaking into lines of even length.
    pub fn balanced(mut self) -> Paragraph {
        self.balance = true;
        self
    }

    /// Height of one line, in points.
    pub fn line_height(&self) -> f32 {
        self.size * self.leading
    }
}
