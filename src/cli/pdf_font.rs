//! Finding the CJK font a PDF sheet embeds: `--font FILE`, or the first of the usual Chinese
//! fonts installed on the system (through fontdb, on Linux, macOS and Windows alike).

use super::CliError;
use crate::error::InputError;
use crate::sheet::{PdfFont, font_covers};
use std::path::Path;
use std::sync::Arc;

/// Families tried in order: free fonts first, then those of Windows and macOS.
const FAMILIES: &[&str] = &[
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Serif SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimSun",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "STHeiti",
    "Songti SC",
];

/// Characters every sheet has: a font lacking them is not a Chinese font.
const PROBE: &str = "南京市创新型产业集群评审专家签字日期";

fn from_database(db: &fontdb::Database, id: fontdb::ID) -> Option<PdfFont> {
    let family = db
        .face(id)
        .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
        .unwrap_or_default();
    db.with_face_data(id, |data, index| PdfFont {
        data: Arc::new(data.to_vec()),
        index,
        family,
    })
    .filter(|font| font_covers(&font.data, font.index, PROBE))
}

/// How well a face suits a Chinese sheet: a listed family first (in the list's order), then
/// any Simplified Chinese face, then any other.
fn preference(face: &fontdb::FaceInfo) -> usize {
    let names: Vec<&str> = face.families.iter().map(|(n, _)| n.as_str()).collect();
    if let Some(rank) = FAMILIES.iter().position(|f| names.contains(f)) {
        return rank;
    }
    let simplified = names.iter().any(|n| {
        n.ends_with(" SC") || n.ends_with(" CN") || n.contains("GB") || n.contains("Simplified")
    });
    FAMILIES.len() + usize::from(!simplified)
}

/// The best face of the database that has Chinese glyphs.
fn best_face(db: &fontdb::Database) -> Option<PdfFont> {
    let mut faces: Vec<(usize, fontdb::ID)> = db.faces().map(|f| (preference(f), f.id)).collect();
    faces.sort_by_key(|(rank, _)| *rank);
    faces.into_iter().find_map(|(_, id)| from_database(db, id))
}

/// The font to embed.
pub fn find_font(explicit: Option<&Path>) -> Result<PdfFont, CliError> {
    let mut db = fontdb::Database::new();
    if let Some(path) = explicit {
        let name = path.display().to_string();
        db.load_font_file(path).map_err(|e| {
            CliError::from(InputError::file(
                name.clone(),
                format!("cannot read the font: {e}"),
            ))
        })?;
        return best_face(&db).ok_or_else(|| {
                CliError::from(InputError::file(
                    name,
                    "has no face with Chinese characters (中文字形), expected a CJK font such as Noto Sans CJK SC",
                ))
            });
    }
    db.load_system_fonts();
    FAMILIES
        .iter()
        .find_map(|family| {
            db.query(&fontdb::Query {
                families: &[fontdb::Family::Name(family)],
                ..Default::default()
            })
            .and_then(|id| from_database(&db, id))
        })
        .or_else(|| best_face(&db))
        .ok_or_else(|| {
            CliError::from(InputError::file(
                "--font",
                format!(
                    "no Chinese (CJK) font found on this system (looked for {}); install one — Debian/Ubuntu: `apt-get install fonts-noto-cjk`, Fedora: `dnf install google-noto-sans-cjk-fonts`; Windows and macOS have Microsoft YaHei / PingFang SC — or give a font file with --font FILE",
                    FAMILIES.join(", ")
                ),
            ))
        })
}
