//! Tables: ruled, as wide as the text, with header rows that repeat on
//! every page the table reaches, cells that span columns (and header rows),
//! and column widths as shares of the text width.

use super::paragraph::{Align, Paragraph, Span};

/// How wide a table column is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Width {
    /// A share of the text width: the columns divide it in proportion to
    /// their shares (a column's fraction is its share over the sum of the
    /// table's shares).
    Share(f32),
    /// What the text width leaves after the other columns, whose shares are
    /// then millimetres (at most one such column a table).
    Rest,
}

/// A table column: its width and the alignment of its cells.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub width: Width,
    pub align: Align,
}

impl Column {
    /// A column with a share of `share` (any unit; the columns share the
    /// text width in proportion).
    pub fn new(share: f32, align: Align) -> Column {
        Column {
            width: Width::Share(share),
            align,
        }
    }

    /// The column that takes what the others, in millimetres, leave.
    pub fn rest(align: Align) -> Column {
        Column {
            width: Width::Rest,
            align,
        }
    }
}

/// Each column's share, [`Width::Rest`] resolved against a text
/// `text_width` wide (in millimetres, the unit of the other shares then).
pub fn shares(columns: &[Column], text_width: f32) -> Vec<f32> {
    let used: f32 = columns
        .iter()
        .map(|c| match c.width {
            Width::Share(w) => w,
            Width::Rest => 0.0,
        })
        .sum();
    columns
        .iter()
        .map(|c| match c.width {
            Width::Share(w) => w,
            Width::Rest => text_width - used,
        })
        .collect()
}

/// A table cell: one or more paragraphs.
#[derive(Debug, Clone)]
pub struct Cell {
    pub paras: Vec<Vec<Span>>,
    pub colspan: usize,
    /// Rows spanned; honoured in header rows only.
    pub rowspan: usize,
    /// Overrides the column's alignment.
    pub align: Option<Align>,
}

impl Cell {
    /// A cell of spans.
    pub fn spans(spans: Vec<Span>) -> Cell {
        Cell {
            paras: vec![spans],
            colspan: 1,
            rowspan: 1,
            align: None,
        }
    }

    /// A cell of regular text.
    pub fn text(text: &str) -> Cell {
        Cell::spans(vec![Span::regular(text)])
    }

    /// A cell of bold text.
    pub fn bold(text: &str) -> Cell {
        Cell::spans(vec![Span::bold(text)])
    }

    /// A cell of italic text.
    pub fn italic(text: &str) -> Cell {
        Cell::spans(vec![Span::italic(text)])
    }

    /// With one more paragraph below.
    pub fn para(mut self, spans: Vec<Span>) -> Cell {
        self.paras.push(spans);
        self
    }

    /// Spanning `n` columns.
    pub fn colspan(mut self, n: usize) -> Cell {
        self.colspan = n.max(1);
        self
    }

    /// Spanning `n` header rows.
    pub fn rowspan(mut self, n: usize) -> Cell {
        self.rowspan = n.max(1);
        self
    }

    /// Aligned this way.
    pub fn align(mut self, align: Align) -> Cell {
        self.align = Some(align);
        self
    }
}

/// What a body row of a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A row of data.
    Data,
    /// A section's heading row (its code, title and maximum), set in bold.
    Section,
    /// A section's subtotal, after its last row, set in bold; kept on the
    /// page of the row before it.
    Subtotal,
    /// The total at the foot of the table ("Tổng cộng"), set in bold; kept
    /// on a page with at least two rows before it.
    Total,
}

/// A body row of a table.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub kind: RowKind,
}

impl Row {
    /// A row of data.
    pub fn data(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            kind: RowKind::Data,
        }
    }

    /// A section's heading row.
    pub fn section(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            kind: RowKind::Section,
        }
    }

    /// A section's subtotal row.
    pub fn subtotal(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            kind: RowKind::Subtotal,
        }
    }

    /// The total row.
    pub fn total(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            kind: RowKind::Total,
        }
    }
}

/// A ruled table as wide as the text.
#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Vec<Column>,
    /// Header rows, repeated at the top of every page the table reaches.
    pub header: Vec<Vec<Cell>>,
    pub rows: Vec<Row>,
    pub size: f32,
    /// Paragraphs above the table, kept on the page of its first row.
    pub caption: Vec<Paragraph>,
}

impl Table {
    /// Each column's fraction of the text width, for a text `text_width`
    /// millimetres wide (which a [`Width::Rest`] column needs).
    pub fn fractions(&self, text_width: f32) -> Vec<f32> {
        let shares = shares(&self.columns, text_width);
        let total: f32 = shares.iter().map(|w| w.max(0.0)).sum();
        shares
            .iter()
            .map(|w| if total > 0.0 { w.max(0.0) / total } else { 0.0 })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_add_up_to_one_and_the_rest_takes_what_is_left() {
        let table = Table {
            columns: vec![
                Column::new(10.0, Align::Center),
                Column::rest(Align::Justify),
                Column::new(15.0, Align::Center),
            ],
            header: vec![],
            rows: vec![],
            size: 12.0,
            caption: vec![],
        };
        assert_eq!(shares(&table.columns, 165.0), vec![10.0, 140.0, 15.0]);
        let f = table.fractions(165.0);
        assert!((f.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!((f[0] - 10.0 / 165.0).abs() < 1e-6);
    }
}
