//! One model of a formal document, in the official format of Decree
//! 30/2020/ND-CP: what it says and what each part is (the issuing body's
//! header, the national title and motto, the place-and-date line, the title
//! and its summary, headings, paragraphs of styled text, tables with header
//! rows that repeat, signature blocks, the recipients, an appendix), never
//! where it goes on a page.
//!
//! `documents` builds one [`Document`] per paper from the outcome of a run
//! (the handout, the agreement); the back ends of `render` (`render::pdf`,
//! later a Word one) set it, as mdBook's renderers set one book. Plain data:
//! no I/O, no PDF. The template rendering and the small Markdown dialect the
//! papers' editable wording is written in are here too ([`markup`]).
//!
//! ```
//! use thidua::document::{decree, Block, Document, Meta, Span};
//! use thidua::model::Date;
//! let doc = Document {
//!     meta: Meta {
//!         title: "Báo cáo".into(),
//!         subject: "Tổng kết".into(),
//!         author: "Cụm thi đua số 3".into(),
//!         date: Date { year: 2017, month: 1, day: 5 },
//!         draft: false,
//!     },
//!     blocks: vec![Block::Paragraph(decree::body(vec![Span::regular("Cụm gồm bốn đơn vị.")]))],
//! };
//! assert_eq!(doc.blocks.len(), 1);
//! ```

pub mod chart;
pub mod decree;
pub mod markup;
mod paragraph;
mod table;

use crate::model::Date;
pub use chart::{Bar, Chart, ChartClass, Threshold};
pub use paragraph::{Align, Paragraph, Span, Style};
pub use table::{shares, Cell, Column, Row, RowKind, Table, Width};

/// A formal document: what its file says about it, and its blocks in order.
#[derive(Debug, Clone)]
pub struct Document {
    pub meta: Meta,
    pub blocks: Vec<Block>,
}

/// What the document's file says about it (the PDF's document information).
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub subject: String,
    pub author: String,
    /// The date the document carries (its file's creation date, midnight UTC).
    pub date: Date,
    /// A draft (the print before a conference decides): "DỰ THẢO" is
    /// printed in a box at the top right of page 1.
    pub draft: bool,
}

/// A part of a document, top to bottom.
#[derive(Debug, Clone)]
pub enum Block {
    /// The two header blocks of page 1: the issuing body and the number on
    /// the left, the national title and motto and the place and date on the right.
    Letterhead(Letterhead),
    /// The kind of document (BÁO CÁO) and its summary line.
    Title(Title),
    /// A heading of the body.
    Heading(Heading),
    /// A paragraph of running text.
    Paragraph(Paragraph),
    /// A list item: a paragraph whose spans start with its marker ("- ").
    Item(Paragraph),
    /// A ruled table.
    Table(Table),
    /// The wording of a template: headings and paragraphs that keep what
    /// follows them on their page (a heading its first paragraph, a short
    /// paragraph the table it introduces), with the parts it places.
    Narrative(Vec<Block>),
    /// What a template places where it names it (`[[name]]`): a table with
    /// what goes with it, or a signature grid. A heading or a short
    /// paragraph before it keeps its start.
    Part(Vec<Block>),
    /// Vertical space, in points (none at the top of a page).
    Space(f32),
    /// The recipients ("Nơi nhận") beside the signature of the issuer.
    Closing(Closing),
    /// The signatures of several parties, two to a row, under a title.
    Signatures(Signatures),
    /// The next block starts a page.
    PageBreak,
    /// An appendix starts, on a new page; its pages are numbered on their
    /// own (Decree 30: an appendix's pages are numbered separately).
    Appendix(Appendix),
    /// A bar chart, as wide as the text, kept on one page.
    Chart(Chart),
    /// Blocks set on A4 pages turned on their side (wide tables): they
    /// start a new landscape page, and the block after them a new upright
    /// page. Put a [`Block::Appendix`] first inside to make a landscape appendix.
    Landscape(Vec<Block>),
}

/// The header blocks of page 1.
#[derive(Debug, Clone)]
pub struct Letterhead {
    /// The parent body (cơ quan chủ quản), printed upper case, regular.
    pub parent: String,
    /// The issuing body, printed upper case, bold, with a short rule below.
    pub issuer: String,
    /// "Số:    /BC-CTĐ", if the document is numbered.
    pub number: Option<String>,
    /// The national title ([`decree::NATION`]).
    pub nation: String,
    /// The motto ([`decree::MOTTO`]), with a rule below.
    pub motto: String,
    /// "Thái Nguyên, ngày 05 tháng 01 năm 2017".
    pub place_date: String,
}

impl Letterhead {
    /// The header of a document issued by `issuer` under `parent`, with
    /// the national title and motto.
    pub fn new(parent: &str, issuer: &str, number: Option<String>, place_date: String) -> Self {
        Letterhead {
            parent: parent.to_string(),
            issuer: issuer.to_string(),
            number,
            nation: decree::NATION.to_string(),
            motto: decree::MOTTO.to_string(),
            place_date,
        }
    }
}

/// The document's title: its kind, printed upper case, and its summary line.
#[derive(Debug, Clone)]
pub struct Title {
    pub kind: String,
    pub summary: String,
}

/// A heading of the body.
#[derive(Debug, Clone)]
pub struct Heading {
    /// 1 to 3; the third level is bold italic, the others bold.
    pub level: u8,
    pub spans: Vec<Span>,
    /// Whether its first line is indented as the body's (else flush left).
    pub indented: bool,
}

/// Who signs: "TM. CỤM THI ĐUA SỐ 3" / "CỤM TRƯỞNG" / name. A line break
/// ('\n') in `on_behalf` or `role` starts a new line there ("KT. CHỦ
/// TỊCH\nPHÓ CHỦ TỊCH"); in a row of signatures the `on_behalf` lines, the
/// `role` lines and the names each start at the same height.
#[derive(Debug, Clone)]
pub struct Signature {
    pub on_behalf: Option<String>,
    pub role: Option<String>,
    pub name: Option<String>,
}

/// The end of a document: the recipients, under "Nơi nhận:"
/// ([`decree::RECIPIENTS`]), beside the signature.
#[derive(Debug, Clone)]
pub struct Closing {
    /// The lines under "Nơi nhận:" as printed ([`decree::recipient_lines`]).
    pub recipients: Vec<Vec<Span>>,
    pub signature: Signature,
}

/// Several parties' signatures under a title ("ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC").
#[derive(Debug, Clone)]
pub struct Signatures {
    pub title: String,
    pub signatures: Vec<Signature>,
}

/// The start of an appendix: "Phụ lục" ([`decree::APPENDIX`]), its title
/// and the line saying what it goes with.
#[derive(Debug, Clone)]
pub struct Appendix {
    pub title: String,
    /// "(Kèm theo Báo cáo số .../BC-CTĐ ...)", in italics.
    pub under: String,
}
