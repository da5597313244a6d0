//! How documents flow on pages, checked from the layout's own boxes
//! (`Layout::placed`, the marks): the page-flow rules (headings with what
//! follows, section rows with their first row, the total with two rows
//! above it, short tables whole, no lone first or last line), the
//! place-and-date line on one line, the short rules of the header and the
//! title, no lone last word in a table cell, signature blocks aligned
//! across a row, the bar chart's marks, landscape pages, the draft mark,
//! an appendix's own page numbers; and the sample handout read back with
//! pdftotext.

mod common;

use thidua::document::Align;
use thidua::document::{
    decree, Appendix, Bar, Block, Cell, Chart, ChartClass, Column, Document, Heading, Letterhead,
    Meta, Row, Signature, Signatures, Span, Table, Threshold, Title,
};
use thidua::model::Date;
use thidua::render::pdf::{
    self,
    layout::{Content, Layout, Mark, Role, TextBox},
};

fn meta(draft: bool) -> Meta {
    Meta {
        title: "Báo cáo".into(),
        subject: "Tổng kết".into(),
        author: "Cụm thi đua số 3".into(),
        date: Date {
            year: 2025,
            month: 1,
            day: 15,
        },
        draft,
    }
}

fn doc(blocks: Vec<Block>) -> Document {
    Document {
        meta: meta(false),
        blocks,
    }
}

fn lay(blocks: Vec<Block>) -> Layout {
    pdf::lay_out(&doc(blocks)).unwrap()
}

/// Writes the document as PDF into the folder THIDUA_PDF_OUT names, if any
/// (to look at).
fn keep(name: &str, blocks: &[Block], draft: bool) {
    if let Some(dir) = std::env::var_os("THIDUA_PDF_OUT") {
        let _ = std::fs::create_dir_all(&dir);
        let d = Document {
            meta: meta(draft),
            blocks: blocks.to_vec(),
        };
        let bytes = pdf::render(&d).unwrap().bytes;
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

fn sound(layout: &Layout) {
    let faults = layout.flow_faults();
    assert!(faults.is_empty(), "{faults:#?}");
    let faults = layout.margin_faults();
    assert!(faults.is_empty(), "{faults:#?}");
}

fn body(text: &str) -> Block {
    Block::Paragraph(decree::body(vec![Span::regular(text)]))
}

fn heading(text: &str) -> Block {
    Block::Heading(Heading {
        level: 2,
        spans: vec![Span::regular(text)],
        indented: true,
    })
}

const LONG: &str = "Tỷ lệ hội viên được học tập, quán triệt nghị quyết của Đảng, chỉ thị \
    của cấp trên và tham gia đấu tranh phản bác các quan điểm sai trái, thù địch trên \
    không gian mạng, bảo vệ nền tảng tư tưởng của Đảng";

/// A table like the handout's: code, content, maximum, score; sections of
/// `per` criteria each, and a total row when `total`.
fn table(sections: usize, per: usize, total: bool) -> Table {
    let mut rows = Vec::new();
    for s in 0..sections {
        rows.push(Row::section(vec![
            Cell::bold(["I", "II", "III", "IV", "V"][s % 5]),
            Cell::bold("CÔNG TÁC TUYÊN TRUYỀN, GIÁO DỤC CHÍNH TRỊ, TƯ TƯỞNG"),
            Cell::bold("20"),
            Cell::text(""),
        ]));
        for k in 0..per {
            let content = if k % 3 == 0 {
                LONG
            } else {
                "Số buổi nói chuyện truyền thống"
            };
            rows.push(Row::data(vec![
                Cell::text(&format!("{}.{}", s + 1, k + 1)),
                Cell::text(content),
                Cell::text("5"),
                Cell::text("4,50"),
            ]));
        }
    }
    if total {
        rows.push(Row::total(vec![
            Cell::bold("Tổng cộng").colspan(2),
            Cell::bold("100"),
            Cell::bold("91,25"),
        ]));
    }
    Table {
        columns: vec![
            Column::new(12.0, Align::Center),
            Column::rest(Align::Justify),
            Column::new(18.0, Align::Center),
            Column::new(20.0, Align::Right),
        ],
        header: vec![vec![
            Cell::bold("Mã"),
            Cell::bold("Nội dung tiêu chí"),
            Cell::bold("Điểm chuẩn"),
            Cell::bold("Điểm"),
        ]],
        rows,
        size: decree::TABLE_SIZE,
        caption: vec![decree::caption("Bảng 2. Kết quả thực hiện các tiêu chí")],
    }
}

/// A heading, a lead and a table after `filler` points of space, for every
/// filler a few points apart: the rules hold wherever the page breaks.
#[test]
fn headings_sections_totals_and_short_tables_keep_together_wherever_the_page_breaks() {
    let shapes = [
        (1, 2, true),
        (2, 3, true),
        (4, 5, true),
        (1, 1, false),
        (3, 2, false),
    ];
    for (sections, per, total) in shapes {
        for filler in (0..760).step_by(9) {
            let layout = lay(vec![
                body("Mở đầu."),
                Block::Space(filler as f32),
                heading("II. KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ"),
                body("Kết quả như sau:"),
                Block::Table(table(sections, per, total)),
                heading("III. ĐỀ NGHỊ KHEN THƯỞNG"),
                body(&[LONG; 3].join(" ")),
            ]);
            let faults = layout.flow_faults();
            assert!(
                faults.is_empty(),
                "{sections}×{per} after {filler} pt: {faults:#?}"
            );
            sound(&layout);
            // The heading before the table shares a page with two rows of it.
            let heading_page = layout
                .placed
                .iter()
                .find(|p| p.content == Content::Heading)
                .map(|p| p.page);
            let rows_there = layout
                .placed
                .iter()
                .filter(|p| {
                    matches!(p.content, Content::Row { .. }) && Some(p.page) == heading_page
                })
                .count();
            let n = sections * (per + 1) + usize::from(total);
            assert!(
                rows_there >= 2.min(n),
                "after {filler} pt: {rows_there} rows with the heading"
            );
        }
    }
}

#[test]
fn a_short_table_is_never_split_and_a_long_one_carries_two_rows_to_its_total() {
    for filler in (0..760).step_by(5) {
        let layout = lay(vec![
            Block::Space(filler as f32),
            Block::Table(table(1, 6, true)),
        ]);
        let pages: std::collections::BTreeSet<usize> = layout
            .placed
            .iter()
            .filter(|p| matches!(p.content, Content::Row { .. }))
            .map(|p| p.page)
            .collect();
        assert_eq!(pages.len(), 1, "after {filler} pt: an 8-row table split");
    }
    for filler in (0..760).step_by(11) {
        let layout = lay(vec![
            Block::Space(filler as f32),
            Block::Table(table(3, 9, true)),
        ]);
        sound(&layout);
    }
}

fn boxes_with(layout: &Layout, needle: &str) -> Vec<TextBox> {
    layout
        .text_boxes()
        .into_iter()
        .filter(|b| b.text.contains(needle))
        .collect()
}

fn letterhead(place: &str) -> Block {
    Block::Letterhead(Letterhead::new(
        "Hội Cựu chiến binh Việt Nam",
        "Hội Cựu chiến binh tỉnh Nghệ An",
        Some("Số:      /BC-CTĐ".into()),
        decree::place_and_date(
            place,
            Some(Date {
                year: 2025,
                month: 1,
                day: 15,
            }),
            2025,
        ),
    ))
}

#[test]
fn the_place_and_date_line_never_wraps() {
    for place in [
        "Thái Nguyên",
        "Phường Diễn Châu 1",
        "Thành phố Hồ Chí Minh",
        "Thành phố Buôn Ma Thuột",
    ] {
        let layout = lay(vec![letterhead(place)]);
        let lines = boxes_with(&layout, "năm 2025");
        assert_eq!(lines.len(), 1, "{place}");
        let line = &lines[0];
        assert!(
            line.text.starts_with(place) && line.text.ends_with("ngày 15 tháng 01 năm 2025"),
            "{place}: {line:?}"
        );
        let size = line.bottom - line.top;
        let normal = boxes_with(&lay(vec![letterhead("Huế")]), "năm 2025")[0].clone();
        assert!(
            size >= (normal.bottom - normal.top) * 12.0 / 13.0 - 0.01,
            "{place}: shrunk below 12 pt"
        );
        sound(&layout);
    }
}

/// The rules on page 1: under the issuing body 1/3 to 1/2 of its line, under
/// the motto as wide as the motto, under the title's summary 1/3 to 1/2 of
/// the summary's line.
#[test]
fn the_short_rules_are_a_third_to_a_half_of_their_line_and_the_mottos_as_wide_as_it() {
    let layout = lay(vec![
        letterhead("Vinh"),
        Block::Title(Title {
            kind: "Báo cáo".into(),
            summary: "Tổng kết công tác thi đua năm 2024 của Cụm thi đua số 3".into(),
        }),
    ]);
    let rules: Vec<(f32, f32, f32)> = layout.pages[0]
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Line { x0, y0, x1, .. } => Some((*x0, *x1, *y0)),
            _ => None,
        })
        .collect();
    let boxes = layout.text_boxes();
    let rule_under = |b: &TextBox| {
        rules
            .iter()
            .filter(|r| r.2 > b.bottom - 0.1 && r.2 < b.bottom + 8.0)
            .filter(|r| r.0 < b.right && r.1 > b.left)
            .map(|r| r.1 - r.0)
            .next()
            .unwrap_or_else(|| panic!("no rule under {b:?}: {rules:?}"))
    };
    let line = |text: &str| boxes.iter().find(|b| b.text == text).unwrap().clone();
    let issuer = line("TỈNH NGHỆ AN");
    let w = issuer.right - issuer.left;
    let r = rule_under(&issuer);
    assert!(
        r >= w / 3.0 - 0.01 && r <= w / 2.0 + 0.01,
        "issuer {r} of {w}"
    );
    let motto = line("Độc lập - Tự do - Hạnh phúc");
    let r = rule_under(&motto);
    assert!((r - (motto.right - motto.left)).abs() < 0.5, "motto {r}");
    let summary = line("Tổng kết công tác thi đua năm 2024 của Cụm thi đua số 3");
    let w = summary.right - summary.left;
    let r = rule_under(&summary);
    assert!(
        r >= w / 3.0 - 0.01 && r <= w / 2.0 + 0.01,
        "summary {r} of {w}"
    );
}

/// Names in a narrow column, at every width: the number (or short word)
/// that ends a name is never alone on the cell's last line.
#[test]
fn a_cells_last_word_is_not_left_alone_when_it_can_join_the_word_before() {
    let names = [
        "Hội Cựu chiến binh tỉnh Hưng Yên 10",
        "Hội Cựu chiến binh thành phố Hồ Chí Minh",
        "Hội Cựu chiến binh tỉnh Bà Rịa - Vũng Tàu",
    ];
    for share in 20..60 {
        let rows = names
            .iter()
            .map(|n| Row::data(vec![Cell::text("1"), Cell::text(n), Cell::text("95,50")]))
            .collect();
        let t = Table {
            columns: vec![
                Column::new(10.0, Align::Center),
                Column::new(share as f32, Align::Left),
                Column::rest(Align::Right),
            ],
            header: vec![vec![
                Cell::bold("TT"),
                Cell::bold("Đơn vị"),
                Cell::bold("Điểm"),
            ]],
            rows,
            size: 12.0,
            caption: vec![],
        };
        let layout = lay(vec![Block::Table(t)]);
        let texts = layout.page_texts().join("\n");
        let lines: Vec<&str> = texts.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            let words = l.split_whitespace().count();
            if words == 1 && i > 0 && ["10", "Minh", "Tàu"].contains(l) {
                let before = lines[i - 1];
                assert!(
                    before.split_whitespace().count() < 2 || before == "TT" || before == "1",
                    "width {share}: '{before}' / '{l}'"
                );
            }
        }
    }
}

/// In a row of signature blocks the role lines start at one height and the
/// names share a line, however the parties' names wrap.
#[test]
fn signature_blocks_in_a_row_line_up_their_roles_and_names() {
    let s = |on: &str, role: &str, name: &str| Signature {
        on_behalf: Some(on.into()),
        role: Some(role.into()),
        name: Some(name.into()),
    };
    let layout = lay(vec![Block::Signatures(Signatures {
        title: "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC".into(),
        signatures: vec![
            s(
                "Hội Cựu chiến binh thành phố Hồ Chí Minh",
                "Chủ tịch",
                "Nguyễn Văn Hùng",
            ),
            s(
                "Hội Cựu chiến binh tỉnh Huế",
                "KT. Chủ tịch\nPhó Chủ tịch",
                "Lương Thị Hằng",
            ),
        ],
    })]);
    let at = |text: &str| boxes_with(&layout, text)[0].top;
    assert!((at("CHỦ TỊCH") - at("KT. CHỦ TỊCH")).abs() < 0.01);
    assert!((at("Nguyễn Văn Hùng") - at("Lương Thị Hằng")).abs() < 0.01);
    assert!(at("PHÓ CHỦ TỊCH") > at("KT. CHỦ TỊCH"));
    sound(&layout);
}

const WHITE: [u8; 3] = [255, 255, 255];

fn chart(values: &[f64]) -> Chart {
    Chart {
        title: "Biểu đồ tổng điểm".into(),
        axis_label: "Điểm".into(),
        min: 0.0,
        max: 120.0,
        bars: values
            .iter()
            .enumerate()
            .map(|(k, v)| Bar {
                label: format!("Hội Cựu chiến binh tỉnh Số {}", k + 1),
                value: *v,
                text: format!("{v:.2}").replace('.', ","),
                class: usize::from(*v < 90.0),
            })
            .collect(),
        thresholds: vec![
            Threshold {
                value: 90.0,
                label: "Xuất sắc 90".into(),
            },
            Threshold {
                value: 80.0,
                label: "Tốt 80".into(),
            },
        ],
        classes: vec![
            ChartClass {
                label: "Xuất sắc".into(),
                rgb: [31, 119, 180],
            },
            ChartClass {
                label: "Tốt".into(),
                rgb: [44, 160, 44],
            },
        ],
    }
}

/// Bars as long as their values, in their class's colour, the threshold
/// lines where their values fall, every bar labelled, 60 bars on one page.
#[test]
fn chart_bars_are_proportional_and_thresholds_fall_at_their_values() {
    let values = [100.0, 60.0, 90.0, 30.0, 120.0];
    let layout = lay(vec![Block::Chart(chart(&values))]);
    let marks = &layout.pages[0].marks;
    let bars: Vec<(f32, f32, f32, [u8; 3])> = marks
        .iter()
        .filter_map(|m| match m {
            Mark::Fill {
                x,
                y,
                width,
                rgb,
                height,
            } if *height > 8.5 && *rgb != WHITE => Some((*x, *y, *width, *rgb)),
            _ => None,
        })
        .collect();
    assert_eq!(bars.len(), values.len(), "{marks:?}");
    let x0 = bars[0].0;
    let per_point = bars[0].2 / 100.0;
    for (bar, v) in bars.iter().zip(values) {
        assert!((bar.0 - x0).abs() < 0.01);
        assert!(
            (bar.2 - per_point * v as f32).abs() < 0.05,
            "{bar:?} for {v}"
        );
        let rgb = if v < 90.0 {
            [44, 160, 44]
        } else {
            [31, 119, 180]
        };
        assert_eq!(bar.3, rgb);
    }
    assert!(bars.windows(2).all(|w| w[0].1 < w[1].1), "top to bottom");
    let verticals: Vec<f32> = marks
        .iter()
        .filter_map(|m| match m {
            Mark::Line {
                x0,
                x1,
                y0,
                y1,
                thickness,
            } if x0 == x1 && y1 - y0 > 20.0 && *thickness > 0.7 => Some(*x0),
            _ => None,
        })
        .collect();
    for t in [90.0, 80.0] {
        let x = x0 + per_point * t;
        assert!(
            verticals.iter().any(|v| (v - x).abs() < 0.05),
            "{t}: {verticals:?}"
        );
    }
    for k in 1..=values.len() {
        assert_eq!(boxes_with(&layout, &format!("tỉnh Số {k}")).len(), 1);
    }
    assert_eq!(boxes_with(&layout, "Xuất sắc 90").len(), 1);
    sound(&layout);

    let many: Vec<f64> = (0..60).map(|k| 60.0 + (k * 7 % 55) as f64).collect();
    let blocks = vec![body("Mở đầu."), Block::Chart(chart(&many))];
    keep("chart-60.pdf", &blocks, false);
    keep(
        "chart-5.pdf",
        &[letterhead("Vinh"), Block::Chart(chart(&values))],
        true,
    );
    let layout = lay(blocks);
    let chart_pages: Vec<usize> = layout
        .placed
        .iter()
        .filter(|p| p.content == Content::Chart)
        .map(|p| p.page)
        .collect();
    assert_eq!(chart_pages.len(), 1);
    // Every bar and its label on the chart's page.
    for k in 1..=60 {
        let label = format!("tỉnh Số {k}");
        let on: Vec<usize> = layout
            .text_boxes()
            .iter()
            .filter(|b| b.text.ends_with(&label))
            .map(|b| b.page)
            .collect();
        assert_eq!(on, chart_pages, "{label}");
    }
    let fills = layout.pages[chart_pages[0]]
        .marks
        .iter()
        .filter(
            |m| matches!(m, Mark::Fill { width, height, rgb, .. } if *height > 5.0 && width != height && *rgb != WHITE),
        )
        .count();
    assert_eq!(fills, 60);
    sound(&layout);
}

fn wide_table(rows: usize) -> Table {
    let mut columns = vec![
        Column::new(12.0, Align::Center),
        Column::new(60.0, Align::Left),
    ];
    columns.extend((0..12).map(|_| Column::new(14.0, Align::Right)));
    let mut header = vec![Cell::bold("Mã"), Cell::bold("Nội dung")];
    header.extend((0..12).map(|k| Cell::bold(&format!("Đơn vị {k}"))));
    Table {
        columns,
        header: vec![header],
        rows: (0..rows)
            .map(|r| {
                let mut cells = vec![Cell::text(&format!("1.{r}")), Cell::text(LONG)];
                cells.extend((0..12).map(|_| Cell::text("4,50")));
                Row::data(cells)
            })
            .collect(),
        size: 10.0,
        caption: vec![],
    }
}

/// A landscape appendix: its pages turned, in their own margins, numbered
/// on their own at the top centre; the document's pages before it upright.
#[test]
fn a_landscape_appendix_is_turned_numbered_on_its_own_and_in_its_margins() {
    let blocks = vec![
        body(&[LONG; 30].join(" ")),
        Block::Landscape(vec![
            Block::Appendix(Appendix {
                title: "Kết quả chi tiết".into(),
                under: "(Kèm theo Báo cáo số    /BC-CTĐ)".into(),
            }),
            Block::Table(wide_table(30)),
        ]),
    ];
    keep("landscape.pdf", &blocks, false);
    let layout = lay(blocks);
    let first_turned = layout.pages.iter().position(|p| p.landscape).unwrap();
    assert!(first_turned >= 1);
    assert!(layout.pages[first_turned..].iter().all(|p| p.landscape));
    assert!(layout.pages.len() - first_turned >= 3, "a long appendix");
    assert!(layout.numbers[0].is_none() && layout.numbers[1] == Some(2));
    assert_eq!(layout.numbers[first_turned], None);
    for (k, n) in layout.numbers[first_turned..].iter().enumerate().skip(1) {
        assert_eq!(*n, Some(k + 1));
    }
    for b in layout
        .text_boxes()
        .iter()
        .filter(|b| b.role == Role::PageNumber)
    {
        let m = layout.page_margins(b.page);
        let (w, _) = layout.pages[b.page].size();
        let centre = m.left + (w - m.left - m.right) / 2.0;
        assert!(((b.left + b.right) / 2.0 - centre).abs() < 0.01, "{b:?}");
        assert!(b.bottom < m.top);
    }
    // Turned margins: the bound edge on top.
    let m = layout.page_margins(first_turned);
    assert!(m.top > layout.margins.top && m.left < layout.margins.left);
    sound(&layout);
    // After the landscape part, upright pages again.
    let layout = lay(vec![
        Block::Landscape(vec![Block::Table(wide_table(3))]),
        body("Sau phụ lục."),
    ]);
    assert_eq!(
        layout.pages.iter().map(|p| p.landscape).collect::<Vec<_>>(),
        [true, false]
    );
}

/// A draft carries "DỰ THẢO" in a box at the top right of page 1, in the
/// top margin; the pages break as in the final print.
#[test]
fn a_draft_is_marked_at_the_top_right_of_page_one_and_breaks_like_the_final() {
    let blocks = vec![letterhead("Vinh"), body(&[LONG; 40].join(" "))];
    let final_print = pdf::lay_out(&doc(blocks.clone())).unwrap();
    let draft = pdf::lay_out(&Document {
        meta: meta(true),
        blocks,
    })
    .unwrap();
    let boxes = draft.text_boxes();
    let mark: Vec<&TextBox> = boxes.iter().filter(|b| b.role == Role::Draft).collect();
    assert_eq!(mark.len(), 1);
    assert_eq!(mark[0].text, "DỰ THẢO");
    assert_eq!(mark[0].page, 0);
    let m = draft.margins;
    assert!(mark[0].bottom < m.top && mark[0].left > pdf::layout::PAGE_WIDTH / 2.0);
    assert!(draft.pages[0]
        .marks
        .iter()
        .any(|k| matches!(k, Mark::Rect { y, height, .. } if y + height < m.top)));
    assert!(!final_print
        .text_boxes()
        .iter()
        .any(|b| b.role == Role::Draft));
    assert_eq!(draft.page_texts()[1..], final_print.page_texts()[1..]);
    assert_eq!(draft.pages.len(), final_print.pages.len());
    sound(&draft);
    // The PDF carries it.
    let bytes = pdf::render(&Document {
        meta: meta(true),
        blocks: vec![letterhead("Vinh")],
    })
    .unwrap()
    .bytes;
    if let Some(text) = pdftotext(&bytes) {
        assert!(text.contains("DỰ THẢO"), "{text}");
    }
}

/// The pages of an appendix after the document's: the document numbered
/// 2, 3, ..., the appendix from its own page 1 (not shown), then 2.
#[test]
fn an_upright_appendix_restarts_the_page_numbers() {
    let layout = lay(vec![
        body(&[LONG; 30].join(" ")),
        Block::Appendix(Appendix {
            title: "Kết quả chi tiết".into(),
            under: "(Kèm theo Báo cáo)".into(),
        }),
        body(&[LONG; 30].join(" ")),
    ]);
    let numbers = &layout.numbers;
    assert_eq!(numbers[..2], [None, Some(2)]);
    let start = numbers.iter().skip(1).position(Option::is_none).unwrap() + 1;
    assert!(layout.page_texts()[start].contains("Phụ lục"));
    assert_eq!(numbers[start + 1], Some(2));
}

/// A paragraph of many lines never leaves one line alone, a heading never
/// ends a page, through a long document of headings and paragraphs.
#[test]
fn headings_and_paragraphs_keep_their_lines_together_through_a_long_document() {
    let mut blocks = Vec::new();
    for k in 0..40 {
        blocks.push(heading(&format!("{}. Nội dung thứ {}", k + 1, k + 1)));
        let n = 1 + k % 5;
        blocks.push(body(&vec![LONG; n].join(" ")));
        if k % 7 == 3 {
            blocks.push(Block::Table(table(1, 2, true)));
        }
    }
    let layout = lay(blocks);
    sound(&layout);
}

fn pdftotext(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let file = dir.path().join("d.pdf");
    std::fs::write(&file, bytes).ok()?;
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The sample handout, written by `run`: its place-and-date line on one
/// line, page numbers from 2, and the conference's tables read back.
#[test]
fn the_sample_handout_reads_back_with_its_date_on_one_line() {
    let dir = common::sample_copy();
    let out = common::thidua(&["run", "-q", dir.path().to_str().unwrap()]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(dir.path().join("ket-qua").join("hoi-nghi-2016.pdf")).unwrap();
    let Some(text) = pdftotext(&pdf) else {
        eprintln!("pdftotext is not installed: the read-back is skipped");
        return;
    };
    assert!(
        text.lines()
            .any(|l| l.contains(", ngày") && l.contains("năm 20")),
        "the place and date on one line:\n{}",
        &text[..text.len().min(1500)]
    );
    let pages: Vec<&str> = text.split('\u{c}').collect();
    for (k, page) in pages.iter().enumerate().skip(1) {
        let first = page.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        if page.trim().is_empty() {
            continue;
        }
        let number = first.trim();
        assert!(
            number.parse::<usize>().is_ok() || page.contains("Phụ lục"),
            "page {} opens with '{number}'",
            k + 1
        );
    }
}
