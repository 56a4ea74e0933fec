//! Reading a signed sheet back: what kind it is, who signed it with which key, and what it is
//! about — enough to verify it and to file and find it in the archive.

use super::{COMBINED_SHEET, EXPERT_SHEET, SHEET_FORMAT};
use serde_json::Value;

/// Which sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// An expert's score sheet.
    Expert,
    /// The chair's combined evaluation.
    Combined,
}

impl SheetKind {
    /// `expert` or `combined`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Expert => "expert",
            Self::Combined => "combined",
        }
    }
}

/// What a signed sheet says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetInfo {
    /// Expert's sheet or combined evaluation.
    pub kind: SheetKind,
    /// The signer's id (expert id, or the chair's).
    pub signer_id: String,
    /// The signer's name.
    pub signer_name: String,
    /// The public key written into the sheet (SPKI PEM).
    pub public_key: String,
    /// When it was signed (RFC 3339).
    pub signed_at: String,
    /// The packages it covers: (id, cluster, year).
    pub packages: Vec<(String, String, i64)>,
}

/// Why bytes are not a signed sheet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// Not JSON.
    #[error(
        "is not JSON (line {line}, column {column}: {message}), expected a score sheet written by `cluster-review sign`"
    )]
    NotJson {
        /// Line.
        line: usize,
        /// Column.
        column: usize,
        /// What serde_json says.
        message: String,
    },
    /// JSON, but not one of our sheets.
    #[error("field \"{field}\": found {found}, expected {expected}")]
    Field {
        /// The field.
        field: &'static str,
        /// What is there.
        found: String,
        /// What should be.
        expected: &'static str,
    },
}

fn text<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer).and_then(Value::as_str)
}

fn found(value: Option<&Value>) -> String {
    match value {
        None => "nothing".into(),
        Some(v) => {
            let mut shown = v.to_string();
            if shown.chars().count() > 60 {
                shown = shown.chars().take(60).collect::<String>() + "…";
            }
            shown
        }
    }
}

/// Reads a signed sheet (not checking its signature: that needs a key).
pub fn read_sheet(bytes: &[u8]) -> Result<SheetInfo, SheetError> {
    let value = super::parse_json(bytes)?;
    let kind = match text(&value, "/sheet") {
        Some(EXPERT_SHEET) => SheetKind::Expert,
        Some(COMBINED_SHEET) => SheetKind::Combined,
        _ => {
            return Err(SheetError::Field {
                field: "sheet",
                found: found(value.get("sheet")),
                expected: "\"cluster-review expert score sheet\" or \"cluster-review combined evaluation sheet\"",
            });
        }
    };
    if value.get("sheet_format").and_then(Value::as_u64) != Some(u64::from(SHEET_FORMAT)) {
        return Err(SheetError::Field {
            field: "sheet_format",
            found: found(value.get("sheet_format")),
            expected: "1",
        });
    }
    let required = |field: &'static str, pointer: &str, expected: &'static str| {
        text(&value, pointer)
            .map(str::to_string)
            .ok_or_else(|| SheetError::Field {
                field,
                found: found(value.pointer(pointer)),
                expected,
            })
    };
    let signed_at = required(
        "signed_at",
        "/signed_at",
        "the time of signing (an unsigned draft cannot be verified)",
    )?;
    let signer_id = required("signer.id", "/signer/id", "the signer's id")?;
    let signer_name = required("signer.name", "/signer/name", "the signer's name")?;
    let public_key = required(
        "signer.public_key",
        "/signer/public_key",
        "the signer's public key (PEM)",
    )?;
    if kind == SheetKind::Expert && text(&value, "/expert/id") != Some(signer_id.as_str()) {
        return Err(SheetError::Field {
            field: "expert.id",
            found: found(value.pointer("/expert/id")),
            expected: "the signer's id: an expert signs only their own sheet",
        });
    }
    let package = |p: &Value| {
        (
            text(p, "/id")
                .or_else(|| text(p, "/package_id"))
                .unwrap_or_default()
                .to_string(),
            text(p, "/cluster").unwrap_or_default().to_string(),
            p.get("year").and_then(Value::as_i64).unwrap_or_default(),
        )
    };
    let packages = match kind {
        SheetKind::Expert => value.get("package").map(package).into_iter().collect(),
        SheetKind::Combined => value
            .pointer("/evaluation/clusters")
            .and_then(Value::as_array)
            .map(|clusters| clusters.iter().map(package).collect())
            .unwrap_or_default(),
    };
    Ok(SheetInfo {
        kind,
        signer_id,
        signer_name,
        public_key,
        signed_at,
        packages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(expert: &str, signer: &str) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "sheet": EXPERT_SHEET, "sheet_format": 1,
            "package": {"id": "demo", "cluster": "示例集群", "year": 2025},
            "expert": {"id": expert, "name": "张三"},
            "signed_at": "2026-11-28T00:00:00Z",
            "signer": {"id": signer, "name": "张三", "public_key": "PEM"},
        }))
        .unwrap_or_default()
    }

    #[test]
    fn an_expert_sheet_is_signed_by_its_own_expert_only() {
        let info = read_sheet(&sheet("E01", "E01")).expect("sheet");
        assert_eq!(info.kind, SheetKind::Expert);
        assert_eq!(
            info.packages,
            vec![("demo".into(), "示例集群".into(), 2025)]
        );
        assert!(matches!(
            read_sheet(&sheet("E01", "E02")),
            Err(SheetError::Field {
                field: "expert.id",
                ..
            })
        ));
        assert!(matches!(
            read_sheet(b"{not json"),
            Err(SheetError::NotJson { line: 1, .. })
        ));
    }
}
