//! The sheet as archival PDF (PDF/A-1b, A4) with a CJK font embedded and subsetted: the
//! expert's 评分表 or the panel's 汇总表, laid out like the official paper sheet, with the
//! sheet's SHA-256, its signature status and page numbers in every page's footer. Made from the
//! sheet's exact JSON bytes; the font is given by the caller (pure: no font lookup here).

mod combined;
mod expert;
mod layout;

use super::check::Standing;
use super::model::SheetDoc;
use krilla::color::luma;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};
use layout::{Layout, Metrics, Op};

/// A font to embed: its file's bytes and the face's index in it (collections hold several).
#[derive(Debug, Clone)]
pub struct PdfFont {
    /// The font file.
    pub data: std::sync::Arc<Vec<u8>>,
    /// The face in a collection (0 for a single font).
    pub index: u32,
    /// The family, for messages.
    pub family: String,
}

/// Why no PDF was made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// The sheet is not one of ours.
    #[error("{0}")]
    Sheet(#[from] super::SheetError),
    /// The font cannot be read.
    #[error(
        "the font {0} cannot be read as an OpenType/TrueType font, expected a CJK font file (.ttf, .otf, .ttc)"
    )]
    BadFont(String),
    /// The font lacks a character of the sheet.
    #[error("the font has no glyph for {character:?} (U+{code:04X}) in \"{context}\"; expected a font that covers every character of the sheet (choose one with --font)", code = u32::from(*character))]
    MissingGlyph {
        /// The character.
        character: char,
        /// Where it appears.
        context: String,
    },
    /// krilla refused the document (a PDF/A rule).
    #[error("the PDF cannot be written as PDF/A-1b: {0}")]
    Pdf(String),
}

/// A4 portrait and landscape, in points.
const A4: (f32, f32) = (595.0, 842.0);
const A4_LANDSCAPE: (f32, f32) = (842.0, 595.0);

/// The PDF/A-1b bytes of a sheet as it stands. `produced_at` (RFC 3339) dates a draft; a
/// signed sheet is dated by its signature. A draft says so on every page; only a signed sheet
/// whose signature verified in this run prints the signer in its footer.
pub fn sheet_pdf(
    doc: &SheetDoc,
    standing: Standing,
    sha256: &str,
    font: &PdfFont,
    produced_at: &str,
) -> Result<Vec<u8>, PdfError> {
    let metrics = Metrics::new(&font.data, font.index)
        .ok_or_else(|| PdfError::BadFont(font.family.clone()))?;
    let signed = standing.is_signed();
    let date = if signed {
        doc.signed_at()
            .and_then(crate::timestamp::own_date)
            .unwrap_or_default()
    } else {
        String::new()
    };
    let (mut layout, title) = match doc {
        SheetDoc::Expert(sheet) => {
            let mut layout = Layout::new(&metrics, A4);
            expert::lay_out(&mut layout, sheet, signed, &date);
            (layout, "南京市创新型产业集群评审 · 专家评分表")
        }
        SheetDoc::Combined(sheet) => {
            let mut layout = Layout::new(&metrics, A4_LANDSCAPE);
            combined::lay_out(&mut layout, sheet, signed, &date);
            (layout, "南京市创新型产业集群评审 · 专家组综合评价表")
        }
    };
    let mut status = standing.status_zh(doc);
    if !signed {
        status.push_str("（本表未经电子签名，不作为正式评分表）");
    }
    layout.footer(&[format!("评分表文件 SHA-256 {sha256}"), status], 7.0);
    if let Some(missing) = layout.missing.take() {
        return Err(missing);
    }
    let dated = if signed {
        doc.signed_at().unwrap_or(produced_at)
    } else {
        produced_at
    };
    render(&layout, font, title, dated)
}

/// The PDF metadata date of an RFC 3339 instant (UTC).
fn pdf_date(instant: &str) -> DateTime {
    let parsed = instant
        .parse::<jiff::Timestamp>()
        .map(|t| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).datetime())
        .unwrap_or_default();
    let part = |v: i8| u8::try_from(v).unwrap_or(0);
    DateTime::new(u16::try_from(parsed.year()).unwrap_or(2000))
        .month(part(parsed.month()))
        .day(part(parsed.day()))
        .hour(part(parsed.hour()))
        .minute(part(parsed.minute()))
        .second(part(parsed.second()))
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

fn render(
    layout: &Layout<'_>,
    font: &PdfFont,
    title: &str,
    dated: &str,
) -> Result<Vec<u8>, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A1_B)
        .finish()
        .map_err(|e| PdfError::Pdf(format!("{e:?}")))?;
    let mut document = Document::new_with(SerializeSettings {
        configuration,
        ..Default::default()
    });
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language("zh-CN".to_string())
            .creator("cluster-review".to_string())
            .creation_date(pdf_date(dated)),
    );
    let embedded = Font::new(font.data.clone().into(), font.index)
        .ok_or_else(|| PdfError::BadFont(font.family.clone()))?;
    let settings = PageSettings::from_wh(layout.size.0, layout.size.1)
        .ok_or_else(|| PdfError::Pdf("bad page size".into()))?;
    for ops in &layout.pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, size, text } => {
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill::default()));
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        embedded.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Line { from, to, width } => {
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: luma::Color::black().into(),
                        width: *width,
                        ..Default::default()
                    }));
                    let mut path = PathBuilder::new();
                    path.move_to(from.0, from.1);
                    path.line_to(to.0, to.1);
                    if let Some(path) = path.finish() {
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| PdfError::Pdf(format!("{e:?}")))
}

/// Whether the face covers every character of `text` (to choose a font).
pub fn font_covers(data: &[u8], index: u32, text: &str) -> bool {
    Metrics::new(data, index).is_some_and(|m| text.chars().all(|c| m.has(c)))
}
