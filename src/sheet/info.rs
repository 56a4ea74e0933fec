//! What a signed sheet says about itself — who signed it with which key, when, and which
//! packages it covers — read from the typed sheet, enough to verify it and to file and find it in
//! the archive.

use super::model::{SheetDoc, SheetKind, parse_sheet};

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
    /// When it was signed (RFC 3339, with the signer's offset).
    pub signed_at: String,
    /// The packages it covers: (id, cluster, year).
    pub packages: Vec<(String, String, i64)>,
}

/// Why bytes are not a sheet this program reads.
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
    /// One of our sheets by name, but with fields it cannot have.
    #[error("does not have the shape of a cluster-review sheet ({0})")]
    Shape(String),
    /// Our sheet's content, but not in the exact form this program writes.
    #[error(
        "is not byte for byte a sheet this program writes (reformatted, keys reordered or spaces changed); expected the exact signed file"
    )]
    NotCanonical,
    /// A draft where a signed sheet is needed.
    #[error("is an unsigned draft (no signed_at and signer), expected a signed sheet")]
    Unsigned,
}

impl SheetInfo {
    /// What a signed sheet says about itself; a draft has no signer.
    pub fn of(doc: &SheetDoc) -> Result<Self, SheetError> {
        let (Some(signed_at), Some(signer)) = (doc.signed_at(), doc.signer()) else {
            return Err(SheetError::Unsigned);
        };
        let packages = match doc {
            SheetDoc::Expert(s) => vec![(
                s.package.id.clone(),
                s.package.cluster.clone(),
                i64::from(s.package.year),
            )],
            SheetDoc::Combined(s) => s
                .evaluation
                .clusters
                .iter()
                .map(|c| (c.package_id.clone(), c.cluster.clone(), i64::from(c.year)))
                .collect(),
        };
        Ok(Self {
            kind: doc.kind(),
            signer_id: signer.id.clone(),
            signer_name: signer.name.clone(),
            public_key: signer.public_key.clone(),
            signed_at: signed_at.to_string(),
            packages,
        })
    }
}

/// Reads a signed sheet (not checking its signature: that needs a key).
pub fn read_sheet(bytes: &[u8]) -> Result<(SheetDoc, SheetInfo), SheetError> {
    let doc = parse_sheet(bytes)?;
    let info = SheetInfo::of(&doc)?;
    Ok((doc, info))
}
