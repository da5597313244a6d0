//! Writes a [`Layout`] as PDF bytes with printpdf, deterministically.
//!
//! Owns: the PDF operators for each mark, the embedded (subset) fonts under
//! our own fixed resource names, the document information (its dates come
//! from the data, never the clock) and the trailer `/ID`, which is a hash of
//! the document itself. The same layout always gives the same bytes.

use super::fonts::Style;
use super::layout::{Layout, Mark, RunItem, TextMark};
use crate::document::Meta;
use crate::model::Date;
use lopdf::{Object, StringFormat};
use printpdf::{
    Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// The PDF of a layout.
pub fn to_pdf(layout: &Layout, meta: &Meta) -> Result<Vec<u8>, String> {
    let fonts = super::fonts::fonts()?;
    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.creator = "thidua".to_string();
    info.producer = format!("thidua {} (printpdf)", env!("CARGO_PKG_VERSION"));
    let when = printpdf::OffsetDateTime::from_unix_timestamp(unix_time(meta.date))
        .map_err(str::to_string)?;
    info.creation_date = when;
    info.modification_date = when;
    info.metadata_date = when;
    for style in used_styles(layout) {
        let font = PdfFont::new(fonts.face(style).clone());
        doc.resources
            .fonts
            .map
            .insert(super::fonts::font_id(style), font);
    }
    doc.pages = layout
        .pages
        .iter()
        .map(|p| {
            let (_, height) = p.size();
            let (width_mm, height_mm) = if p.landscape {
                (297.0, 210.0)
            } else {
                (210.0, 297.0)
            };
            PdfPage::new(Mm(width_mm), Mm(height_mm), page_ops(&p.marks, height))
        })
        .collect();
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
    compress(&mut lo);
    tidy_info(&mut lo);
    set_id(&mut lo, &[0; 16]);
    let mut bytes = save(&mut lo)?;
    let digest = Sha256::digest(&bytes);
    stamp_id(&mut bytes, &digest[..16])?;
    Ok(bytes)
}

/// Writes `id` over the all-zero trailer `/ID` of a saved document, in
/// place: the same bytes as saving again with that `/ID`, without a second save.
fn stamp_id(bytes: &mut [u8], id: &[u8]) -> Result<(), String> {
    let hex = |b: &[u8]| -> String { b.iter().map(|x| format!("{x:02X}")).collect() };
    let zeros = hex(&[0; 16]);
    let blank = format!("/ID[<{zeros}><{zeros}>]");
    let tail = bytes.len().saturating_sub(4096);
    let at = memchr::memmem::rfind(&bytes[tail..], blank.as_bytes())
        .ok_or("PDF: no file identifier in the trailer")?
        + tail;
    let stamped = format!("/ID[<{0}><{0}>]", hex(id));
    bytes[at..at + stamped.len()].copy_from_slice(stamped.as_bytes());
    Ok(())
}

/// Deflates every stream that may be and is not yet, as lopdf's `compress`
/// does, but at zlib's default level (lopdf takes the slowest, for 1-2% less)
/// and on all cores.
fn compress(doc: &mut lopdf::Document) {
    use flate2::{write::ZlibEncoder, Compression};
    use rayon::prelude::*;
    use std::io::Write;
    let streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|object| match object {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    streams.into_par_iter().for_each(|stream| {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
        let deflated = encoder
            .write_all(&stream.content)
            .and_then(|()| encoder.finish());
        if let Ok(deflated) = deflated {
            if deflated.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(deflated);
            }
        }
    });
}

fn save(doc: &mut lopdf::Document) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).map_err(|e| format!("PDF: {e}"))?;
    Ok(bytes)
}

/// Removes what printpdf puts in the information dictionary that is not so:
/// a PDF/X version (the file claims no PDF/X conformance), empty keywords and identifier.
fn tidy_info(doc: &mut lopdf::Document) {
    let Ok(id) = doc.trailer.get(b"Info").and_then(Object::as_reference) else {
        return;
    };
    if let Ok(Object::Dictionary(info)) = doc.get_object_mut(id) {
        for key in [
            b"GTS_PDFXVersion".as_slice(),
            b"Identifier",
            b"Keywords",
            b"Trapped",
        ] {
            info.remove(key);
        }
    }
}

/// The trailer's file identifier, both halves `id`.
fn set_id(doc: &mut lopdf::Document, id: &[u8]) {
    let part = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", Object::Array(vec![part.clone(), part]));
}

/// Seconds from 1970-01-01 to the start of `date` (UTC).
fn unix_time(date: Date) -> i64 {
    // Days from civil (H. Hinnant's algorithm).
    let (y, m, d) = (
        i64::from(date.year),
        i64::from(date.month.clamp(1, 12)),
        i64::from(date.day.clamp(1, 31)),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400
}

fn used_styles(layout: &Layout) -> BTreeSet<Style> {
    let mut styles = BTreeSet::new();
    for page in &layout.pages {
        for mark in &page.marks {
            if let Mark::Text(t) = mark {
                styles.extend(t.runs.iter().map(|r| r.style));
            }
        }
    }
    styles
}

/// The operators of a page's marks; `page_height` turns our top-down y into PDF's bottom-up one.
fn page_ops(marks: &[Mark], page_height: f32) -> Vec<Op> {
    let mut ops = Vec::new();
    for mark in marks {
        match mark {
            Mark::Text(t) => text_ops(t, page_height, &mut ops),
            Mark::Line {
                x0,
                y0,
                x1,
                y1,
                thickness,
            } => {
                ops.push(Op::SetOutlineThickness { pt: Pt(*thickness) });
                let point = |x: f32, y: f32| LinePoint {
                    p: Point {
                        x: Pt(x),
                        y: Pt(page_height - y),
                    },
                    bezier: false,
                };
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(*x0, *y0), point(*x1, *y1)],
                        is_closed: false,
                    },
                });
            }
            Mark::Rect {
                x,
                y,
                width,
                height,
                thickness,
            } => {
                ops.push(Op::SetOutlineThickness { pt: Pt(*thickness) });
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(page_height - y - height),
                        width: Pt(*width),
                        height: Pt(*height),
                        mode: Some(PaintMode::Stroke),
                        winding_order: None,
                    },
                });
            }
            Mark::Fill {
                x,
                y,
                width,
                height,
                rgb,
            } => {
                let channel = |c: u8| f32::from(c) / 255.0;
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetFillColor {
                    col: printpdf::Color::Rgb(printpdf::Rgb {
                        r: channel(rgb[0]),
                        g: channel(rgb[1]),
                        b: channel(rgb[2]),
                        icc_profile: None,
                    }),
                });
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(page_height - y - height),
                        width: Pt(*width),
                        height: Pt(*height),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
                ops.push(Op::RestoreGraphicsState);
            }
        }
    }
    ops
}

fn text_ops(t: &TextMark, page_height: f32, ops: &mut Vec<Op>) {
    ops.push(Op::StartTextSection);
    ops.push(Op::SetTextMatrix {
        matrix: TextMatrix::Translate(Pt(t.x), Pt(page_height - t.baseline)),
    });
    for run in &t.runs {
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(super::fonts::font_id(run.style)),
            size: Pt(t.size),
        });
        let items = run
            .items
            .iter()
            .map(|item| match item {
                RunItem::Text(s) => TextItem::Text(s.clone()),
                // TJ numbers are thousandths of an em, negative to move right.
                RunItem::Gap(g) => TextItem::Offset(-g * 1000.0 / t.size),
            })
            .collect();
        ops.push(Op::ShowText { items });
    }
    ops.push(Op::EndTextSection);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_time_of_known_dates() {
        assert_eq!(
            unix_time(Date {
                year: 1970,
                month: 1,
                day: 1
            }),
            0
        );
        assert_eq!(
            unix_time(Date {
                year: 2017,
                month: 1,
                day: 5
            }),
            1_483_574_400
        );
        assert_eq!(
            unix_time(Date {
                year: 2024,
                month: 3,
                day: 1
            }),
            1_709_251_200
        );
    }
}
