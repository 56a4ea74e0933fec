//! Score sheets: the exact JSON documents an expert or the chair signs, reading one back for
//! verification and the archive, and its printable forms (HTML, CSV) — made from the signed
//! bytes themselves, so paper and file always say the same. Pure: no files, no SQLite.

mod check;
mod combined;
mod csv_out;
mod expert;
mod html;
mod info;
mod pdf;

pub use check::{
    SignoffCheck, TrustedKey, check_combined_signoff, check_session_signoff, verify_sheet,
    verify_with_own_key,
};
pub use combined::combined_sheet;
pub use csv_out::sheet_csv;
pub use expert::expert_sheet;
pub use html::sheet_html;
pub use info::{SheetError, SheetInfo, SheetKind, read_sheet};
pub use pdf::{PdfError, PdfFont, font_covers, sheet_pdf};

/// The `sheet` field of an expert's score sheet.
pub const EXPERT_SHEET: &str = "cluster-review expert score sheet";
/// The `sheet` field of the chair's combined evaluation sheet.
pub const COMBINED_SHEET: &str = "cluster-review combined evaluation sheet";
/// The sheet format this program writes (and can rebuild for comparison).
pub const SHEET_FORMAT: u32 = 1;

/// Who signs a sheet, as written into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// Expert or chair id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The public key, SPKI PEM.
    pub public_key: String,
}

/// The signing moment and signer; `None` for an unsigned draft.
pub type Signing<'a> = Option<(&'a str, &'a Signer)>;

/// A document as the sheet's exact bytes: pretty JSON with a final newline.
fn sheet_bytes(document: &serde_json::Value) -> Vec<u8> {
    // serialising a `Value` cannot fail (its keys are strings)
    let mut bytes = serde_json::to_vec_pretty(document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn signing_json(signing: Signing<'_>) -> (serde_json::Value, serde_json::Value) {
    match signing {
        Some((at, signer)) => (
            serde_json::json!(at),
            serde_json::json!({"id": signer.id, "name": signer.name, "public_key": signer.public_key}),
        ),
        None => (serde_json::Value::Null, serde_json::Value::Null),
    }
}

/// A string field (or a number shown as text), empty when absent.
fn field(value: &serde_json::Value, pointer: &str) -> String {
    match value.pointer(pointer) {
        Some(serde_json::Value::String(t)) => t.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// An array field, empty when absent.
fn items<'a>(value: &'a serde_json::Value, pointer: &str) -> &'a [serde_json::Value] {
    value
        .pointer(pointer)
        .and_then(serde_json::Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// Parses sheet bytes as JSON.
fn parse_json(bytes: &[u8]) -> Result<serde_json::Value, SheetError> {
    serde_json::from_slice(bytes).map_err(|e| SheetError::NotJson {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

/// The sum of the categories' weights (the rubric's total), as written in the sheet.
fn total_weight(categories: &[serde_json::Value]) -> String {
    let sum: rust_decimal::Decimal = categories
        .iter()
        .filter_map(|c| field(c, "/weight").parse::<rust_decimal::Decimal>().ok())
        .sum();
    crate::display::exact(sum)
}
