//! The chair's combined evaluation sheet (专家组综合评价表): the whole counted evaluation as
//! `merge --format json` prints it, every session the merge was given, the time and the chair.

use super::Signing;
use super::model::{COMBINED_SHEET, CombinedSheet, InputDoc, SHEET_FORMAT, SignerDoc};
use crate::panel::render::EvaluationDoc;
use crate::panel::{Combined, SessionInput, Signature};

/// What the chair's signature says of one session given to the merge.
pub fn input_doc(input: &SessionInput) -> InputDoc {
    let s = &input.state;
    InputDoc {
        file: input.file.clone(),
        package_id: s.package.id.clone(),
        expert: s.expert.id.clone(),
        revision: s.revision,
        declaration: s
            .declaration
            .as_ref()
            .map_or("none", |d| d.kind.as_str())
            .to_string(),
        sheet_sha256: s.signed.as_ref().map(|x| x.sheet_sha256.clone()),
        signature: match input.signature {
            Signature::Verified => "verified",
            Signature::NotVerified => "not_verified",
            Signature::Unsigned | Signature::Invalid(_) => "unsigned",
        }
        .to_string(),
    }
}

/// The sheet of this evaluation of these inputs, in the meeting the combined file keeps (if
/// any); `signing` is `None` for an unsigned draft.
pub fn combined_sheet(
    combined: &Combined,
    inputs: &[SessionInput],
    meeting: Option<&crate::session::MeetingRef>,
    signing: Signing<'_>,
) -> CombinedSheet {
    CombinedSheet {
        sheet: COMBINED_SHEET.to_string(),
        sheet_format: SHEET_FORMAT,
        meeting: meeting.cloned(),
        inputs: inputs.iter().map(input_doc).collect(),
        evaluation: EvaluationDoc::from_combined(combined),
        signed_at: signing.map(|(at, _)| at.to_string()),
        signer: signing.map(|(_, signer)| SignerDoc {
            id: signer.id.clone(),
            name: signer.name.clone(),
            public_key: signer.public_key.clone(),
        }),
    }
}
