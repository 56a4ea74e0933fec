//! The chair's combined evaluation sheet (专家组综合评价表): the whole counted evaluation as
//! `merge --format json` prints it, with the time and the chair as signer.

use super::{COMBINED_SHEET, SHEET_FORMAT, Signing, sheet_bytes, signing_json};
use crate::panel::Combined;
use crate::panel::render::combined_json;
use serde_json::json;

/// The sheet's exact bytes for this evaluation; `signing` is `None` for an unsigned draft.
pub fn combined_sheet(combined: &Combined, signing: Signing<'_>) -> Vec<u8> {
    let (signed_at, signer) = signing_json(signing);
    sheet_bytes(&json!({
        "sheet": COMBINED_SHEET,
        "sheet_format": SHEET_FORMAT,
        "evaluation": combined_json(combined),
        "signed_at": signed_at,
        "signer": signer,
    }))
}
