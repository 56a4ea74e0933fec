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

impl Signer {
    /// The signer as written into a sheet: who, and the public half of their key.
    pub fn new(
        id: &str,
        name: &str,
        key: &ed25519_dalek::SigningKey,
    ) -> Result<Self, crate::signing::KeyError> {
        Ok(Self {
            id: id.to_string(),
            name: name.to_string(),
            public_key: crate::signing::public_key_pem(&key.verifying_key())?,
        })
    }

    /// Signs a sheet's exact bytes: the sign-off to record.
    pub fn sign_off(
        &self,
        key: &ed25519_dalek::SigningKey,
        revision: u32,
        at: &str,
        sheet: Vec<u8>,
    ) -> crate::session::SignOff {
        crate::session::SignOff {
            revision,
            at: at.to_string(),
            sheet_sha256: crate::hashing::sha256_hex(&sheet),
            signature: crate::signing::sign(key, &sheet).to_vec(),
            sheet,
            public_key: self.public_key.clone(),
        }
    }
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

/// The words for a measure's status on a printed sheet.
fn status_word(status: &str) -> &'static str {
    match status {
        "verified" => "已核实",
        "doubtful" => "存疑",
        "missing" => "缺证明材料",
        _ => "未核验",
    }
}

/// The opinion cell of an expert's indicator, as lines: the comment, then each measure the
/// expert checked, annotated or corrected.
fn expert_remarks(indicator: &serde_json::Value) -> Vec<String> {
    let mut lines = Vec::new();
    let comment = field(indicator, "/comment");
    if !comment.trim().is_empty() {
        lines.push(comment);
    }
    for m in items(indicator, "/measures") {
        let status = field(m, "/status");
        let note = field(m, "/note");
        let corrected = field(m, "/corrected");
        if status == "unchecked" && note.is_empty() && corrected.is_empty() {
            continue;
        }
        let mut line = format!("{}：{}", field(m, "/name"), status_word(&status));
        if !corrected.is_empty() {
            line.push_str(&format!("，核定 {} {}", corrected, field(m, "/unit")));
        }
        if !note.is_empty() {
            line.push_str(&format!("（{note}）"));
        }
        lines.push(line);
    }
    lines
}

/// The remarks cell of a combined indicator, as lines: the consensus note, then each agreed
/// correction with its reason.
fn panel_remarks(indicator: &serde_json::Value) -> Vec<String> {
    let mut lines = vec![field(indicator, "/note")];
    for m in items(indicator, "/measures") {
        if m.pointer("/correction").is_some_and(|c| !c.is_null()) {
            lines.push(format!(
                "{} 核定为 {}（{}）",
                field(m, "/id"),
                field(m, "/correction/value"),
                field(m, "/correction/reason")
            ));
        }
    }
    lines.retain(|l| !l.trim().is_empty());
    lines
}
