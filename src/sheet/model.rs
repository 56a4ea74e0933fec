//! The score sheets as types: the expert's score sheet (评分表) and the chair's combined
//! evaluation sheet (综合评价表). One type each is used to build a sheet, write its exact bytes,
//! read them back, render them and compare them with the file they came from, so a sheet can
//! only ever say what the type allows.
//!
//! Formats: 1 (the first release) and 2 (adds the meeting a sheet belongs to, the application
//! conditions, the inputs a combined evaluation counted, and measure names). A sheet is read
//! only if writing it again gives exactly its bytes: a reformatted, reordered or extended sheet
//! is not one this program wrote.

use super::info::SheetError;
use crate::panel::render::EvaluationDoc;
use serde::{Deserialize, Serialize};

/// The `sheet` field of an expert's score sheet.
pub const EXPERT_SHEET: &str = "cluster-review expert score sheet";
/// The `sheet` field of the chair's combined evaluation sheet.
pub const COMBINED_SHEET: &str = "cluster-review combined evaluation sheet";
/// The sheet format this program writes.
pub const SHEET_FORMAT: u32 = 2;
/// The formats this program reads.
pub const READABLE_FORMATS: [u32; 2] = [1, 2];

/// The rubric a sheet was scored against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricRef {
    /// Rubric id.
    pub id: String,
    /// SHA-256 of the rubric's exact text.
    pub sha256: String,
}

/// The package an expert's sheet is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageRefDoc {
    /// Package id.
    pub id: String,
    /// Package digest.
    pub digest: String,
    /// Cluster name.
    pub cluster: String,
    /// Park.
    pub park: String,
    /// Evaluation year.
    pub year: i32,
    /// The review round (`application`, `midterm`, `annual`, `acceptance`; 七(三)), when the
    /// session knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
}

/// A person: an expert, or the chair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonDoc {
    /// Id.
    pub id: String,
    /// Name as printed.
    pub name: String,
}

/// The session a sheet was signed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRefDoc {
    /// When the session file was created.
    pub created_at: String,
    /// The revision signed.
    pub revision: u32,
}

/// The review meeting (评审会) a sheet belongs to (format 2): the meeting the session or
/// combined file keeps, one type from storage to sheet.
pub use crate::session::MeetingRef as MeetingRefDoc;

/// The conflict-of-interest declaration (回避声明).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclarationDoc {
    /// `no_conflict` or `recused`.
    pub kind: String,
    /// The reason for a recusal.
    pub reason: String,
    /// When it was made.
    pub at: String,
}

/// One measure of a quantitative indicator on the expert's sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertMeasureDoc {
    /// Measure id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Declared figure, exact.
    pub declared: Option<String>,
    /// Derived figure, exact.
    pub derived: Option<String>,
    /// The figure scored, exact.
    pub value: Option<String>,
    /// Points, two decimals.
    pub points: Option<String>,
    /// The expert's verdict (`unchecked`, `verified`, `doubtful`, `missing`).
    pub status: String,
    /// The expert's note.
    pub note: String,
    /// The figure the expert proposes, exact.
    pub corrected: Option<String>,
}

/// One indicator on the expert's sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertIndicatorDoc {
    /// Indicator number.
    pub id: u32,
    /// Name.
    pub name: String,
    /// Category id.
    pub category: String,
    /// `qualitative` or `quantitative`.
    pub kind: String,
    /// Weight, exact.
    pub weight: String,
    /// Points, two decimals.
    pub points: Option<String>,
    /// The expert's opinion.
    pub comment: String,
    /// Measures (quantitative indicators).
    pub measures: Vec<ExpertMeasureDoc>,
}

/// A category subtotal on the expert's sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertCategoryDoc {
    /// Category id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Weight, exact.
    pub weight: String,
    /// Points, two decimals.
    pub points: Option<String>,
}

/// The expert's verdict on one application condition (申报条件, section 六) (format 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionDoc {
    /// Condition number (1–6).
    pub id: u32,
    /// `met` (符合), `largely_met` (基本符合), `not_met` (不符合), or `null` (not yet marked).
    pub verdict: Option<String>,
    /// The expert's note.
    pub note: String,
}

/// Who signed, with the public half of their key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignerDoc {
    /// Expert or chair id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The public key, SPKI PEM.
    pub public_key: String,
}

/// The expert's score sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertSheet {
    /// Always [`EXPERT_SHEET`].
    pub sheet: String,
    /// 1 or 2.
    pub sheet_format: u32,
    /// The rubric.
    pub rubric: RubricRef,
    /// The package.
    pub package: PackageRefDoc,
    /// The expert.
    pub expert: PersonDoc,
    /// The session signed.
    pub session: SessionRefDoc,
    /// The meeting (format 2; absent outside a meeting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<MeetingRefDoc>,
    /// The declaration.
    pub declaration: Option<DeclarationDoc>,
    /// The 20 indicators in rubric order.
    pub indicators: Vec<ExpertIndicatorDoc>,
    /// Category subtotals.
    pub categories: Vec<ExpertCategoryDoc>,
    /// The application conditions (format 2; only in an application review).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionDoc>,
    /// Qualitative points, two decimals.
    pub qualitative_points: String,
    /// Quantitative points, two decimals.
    pub quantitative_points: String,
    /// Total, two decimals.
    pub total: String,
    /// The overall opinion (综合评价意见).
    pub overall: String,
    /// When it was signed, with the signer's UTC offset; `null` in a draft.
    pub signed_at: Option<String>,
    /// Who signed; `null` in a draft.
    pub signer: Option<SignerDoc>,
}

/// A session a combined evaluation was given (format 2): what the chair's signature covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputDoc {
    /// The session file as named at the merge.
    pub file: String,
    /// Package id.
    pub package_id: String,
    /// Expert id.
    pub expert: String,
    /// The revision merged.
    pub revision: u32,
    /// `no_conflict` or `recused`.
    pub declaration: String,
    /// SHA-256 of the expert's signed sheet; `null` if unsigned.
    pub sheet_sha256: Option<String>,
    /// `verified` (roster), `not_verified` (the key in the sheet only) or `unsigned`.
    pub signature: String,
}

/// The chair's combined evaluation sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CombinedSheet {
    /// Always [`COMBINED_SHEET`].
    pub sheet: String,
    /// 1 or 2.
    pub sheet_format: u32,
    /// The meeting (format 2; absent outside a meeting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<MeetingRefDoc>,
    /// Every session given to the merge (format 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<InputDoc>,
    /// The counted evaluation (`merge --format json`), with the chair's corrections and notes.
    pub evaluation: EvaluationDoc,
    /// When it was signed, with the signer's UTC offset; `null` in a draft.
    pub signed_at: Option<String>,
    /// The chair; `null` in a draft.
    pub signer: Option<SignerDoc>,
}

/// Either sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetDoc {
    /// An expert's score sheet.
    Expert(Box<ExpertSheet>),
    /// A combined evaluation sheet.
    Combined(Box<CombinedSheet>),
}

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

impl SheetDoc {
    /// Which sheet it is.
    pub fn kind(&self) -> SheetKind {
        match self {
            Self::Expert(_) => SheetKind::Expert,
            Self::Combined(_) => SheetKind::Combined,
        }
    }

    /// When it was signed, if it says so.
    pub fn signed_at(&self) -> Option<&str> {
        match self {
            Self::Expert(s) => s.signed_at.as_deref(),
            Self::Combined(s) => s.signed_at.as_deref(),
        }
    }

    /// Who signed, if it says so.
    pub fn signer(&self) -> Option<&SignerDoc> {
        match self {
            Self::Expert(s) => s.signer.as_ref(),
            Self::Combined(s) => s.signer.as_ref(),
        }
    }

    /// The sheet's format.
    pub fn format(&self) -> u32 {
        match self {
            Self::Expert(s) => s.sheet_format,
            Self::Combined(s) => s.sheet_format,
        }
    }

    /// The exact bytes of the sheet: pretty JSON with a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            Self::Expert(s) => s.to_bytes(),
            Self::Combined(s) => s.to_bytes(),
        }
    }
}

/// The sheet as a JSON value, for comparison with what was read.
fn doc_value(doc: &SheetDoc) -> serde_json::Value {
    match doc {
        SheetDoc::Expert(s) => serde_json::to_value(s.as_ref()).unwrap_or_default(),
        SheetDoc::Combined(s) => serde_json::to_value(s.as_ref()).unwrap_or_default(),
    }
}

/// Pretty JSON with a final newline (serialising these types cannot fail: every map key is a
/// string).
fn pretty<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

impl ExpertSheet {
    /// The sheet's exact bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        pretty(self)
    }
}

impl CombinedSheet {
    /// The sheet's exact bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        pretty(self)
    }
}

fn field_error(field: &'static str, found: String, expected: &'static str) -> SheetError {
    SheetError::Field {
        field,
        found,
        expected,
    }
}

fn shown(value: Option<&serde_json::Value>) -> String {
    match value {
        None => "nothing".into(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 60 {
                text.chars().take(60).collect::<String>() + "…"
            } else {
                text
            }
        }
    }
}

/// Reads a sheet: one of ours, of a format this program reads, exactly as it was written.
pub fn parse_sheet(bytes: &[u8]) -> Result<SheetDoc, SheetError> {
    // the common case, fast: a sheet of the current format read as its type and written back
    // byte for byte (which also proves every field present and none unknown)
    if let Ok(sheet) = serde_json::from_slice::<ExpertSheet>(bytes)
        && sheet.sheet == EXPERT_SHEET
        && sheet.sheet_format == SHEET_FORMAT
    {
        let doc = SheetDoc::Expert(Box::new(sheet));
        validate(&doc)?;
        if doc.to_bytes() == bytes {
            return Ok(doc);
        }
    }
    parse_sheet_slowly(bytes)
}

/// Reads any sheet this program reads, with a message naming what is wrong.
fn parse_sheet_slowly(bytes: &[u8]) -> Result<SheetDoc, SheetError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| SheetError::NotJson {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
    let kind = match value.get("sheet").and_then(serde_json::Value::as_str) {
        Some(EXPERT_SHEET) => SheetKind::Expert,
        Some(COMBINED_SHEET) => SheetKind::Combined,
        _ => {
            return Err(field_error(
                "sheet",
                shown(value.get("sheet")),
                "\"cluster-review expert score sheet\" or \"cluster-review combined evaluation sheet\"",
            ));
        }
    };
    let format = value
        .get("sheet_format")
        .and_then(serde_json::Value::as_u64);
    if !format.is_some_and(|f| READABLE_FORMATS.iter().any(|r| u64::from(*r) == f)) {
        return Err(field_error(
            "sheet_format",
            shown(value.get("sheet_format")),
            "1 or 2 (the formats this program reads)",
        ));
    }
    // the exact form this program writes: pretty JSON, one final newline, no key given twice
    if pretty(&value) != bytes {
        return Err(SheetError::NotCanonical);
    }
    let typed = |e: serde_json::Error| SheetError::Shape(e.to_string());
    let doc = match kind {
        SheetKind::Expert => SheetDoc::Expert(Box::new(
            serde_json::from_value::<ExpertSheet>(value.clone()).map_err(typed)?,
        )),
        SheetKind::Combined => SheetDoc::Combined(Box::new(
            serde_json::from_value::<CombinedSheet>(value.clone()).map_err(typed)?,
        )),
    };
    validate(&doc)?;
    // every field present: only a combined sheet of format 1 lacks the statistics added since
    // (they read as their defaults and are not printed from it)
    let legacy = doc.kind() == SheetKind::Combined && doc.format() == 1;
    if !legacy && serde_json::to_value(doc_value(&doc)).ok().as_ref() != Some(&value) {
        return Err(SheetError::Shape(
            "fields are missing or null where this format has values".into(),
        ));
    }
    Ok(doc)
}

/// The rules the types cannot state: what each format may carry, and that a signed sheet names
/// both its time and its signer (an expert's sheet: the expert).
fn validate(doc: &SheetDoc) -> Result<(), SheetError> {
    let format_1_extra = match doc {
        SheetDoc::Expert(s) => s.meeting.is_some() || !s.conditions.is_empty(),
        SheetDoc::Combined(s) => s.meeting.is_some() || !s.inputs.is_empty(),
    };
    if doc.format() == 1 && format_1_extra {
        return Err(field_error(
            "sheet_format",
            "1".into(),
            "2 for a sheet carrying a meeting, conditions or inputs",
        ));
    }
    if doc.format() == 2
        && let SheetDoc::Combined(s) = doc
        && s.inputs.is_empty()
    {
        return Err(field_error(
            "inputs",
            "nothing".into(),
            "the sessions the combined evaluation counted",
        ));
    }
    match (doc.signed_at(), doc.signer()) {
        (Some(at), Some(_)) => {
            crate::timestamp::parse(at)
                .map_err(|e| SheetError::Shape(format!("signed_at: {e}")))?;
        }
        (None, None) => {}
        (Some(_), None) => {
            return Err(field_error(
                "signer",
                "null".into(),
                "the signer, since the sheet gives a time of signing",
            ));
        }
        (None, Some(_)) => {
            return Err(field_error(
                "signed_at",
                "null".into(),
                "the time of signing, since the sheet names a signer",
            ));
        }
    }
    if let SheetDoc::Expert(s) = doc
        && let Some(signer) = &s.signer
        && signer.id != s.expert.id
    {
        return Err(field_error(
            "expert.id",
            format!("\"{}\"", s.expert.id),
            "the signer's id: an expert signs only their own sheet",
        ));
    }
    Ok(())
}
