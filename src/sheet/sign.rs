//! Signing a sheet: building it from the session or the combined evaluation, signing its exact
//! bytes with the signer's key, and the sign-off the store records. Here, beside the sheet, and
//! not in the store: the store only keeps what it is given.

use super::model::{MeetingRefDoc, SheetDoc};
use super::{combined_sheet, expert_sheet};
use crate::panel::{Combined, SessionInput};
use crate::rubric::Rubric;
use crate::session::{SessionState, SignOff};
use ed25519_dalek::SigningKey;

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
    pub fn new(id: &str, name: &str, key: &SigningKey) -> Result<Self, crate::signing::KeyError> {
        Ok(Self {
            id: id.to_string(),
            name: name.to_string(),
            public_key: crate::signing::public_key_pem(&key.verifying_key())?,
        })
    }

    /// Signs a sheet's exact bytes: the sign-off to record.
    fn sign_off(&self, key: &SigningKey, revision: u32, at: &str, doc: &SheetDoc) -> SignOff {
        let sheet = doc.to_bytes();
        SignOff {
            revision,
            at: at.to_string(),
            sheet_sha256: crate::hashing::sha256_hex(&sheet),
            signature: crate::signing::sign(key, &sheet).to_vec(),
            sheet,
            public_key: self.public_key.clone(),
        }
    }
}

/// The expert's signed sheet of the session's current revision, signed at `at` (the signer's
/// local time with its offset); it names the meeting the session keeps, if any.
pub fn sign_session(
    rubric: &Rubric,
    state: &SessionState,
    key: &SigningKey,
    at: &str,
) -> Result<SignOff, crate::signing::KeyError> {
    let signer = Signer::new(&state.expert.id, &state.expert.name, key)?;
    let doc = SheetDoc::Expert(Box::new(expert_sheet(rubric, state, Some((at, &signer)))));
    Ok(signer.sign_off(key, state.revision, at, &doc))
}

/// The chair's signed sheet of the combined evaluation of these inputs; it names the meeting
/// the combined file keeps, if any.
pub fn sign_combined(
    combined: &Combined,
    inputs: &[SessionInput],
    meeting: Option<&MeetingRefDoc>,
    signer: &Signer,
    key: &SigningKey,
    at: &str,
) -> SignOff {
    let sheet = combined_sheet(combined, inputs, meeting, Some((at, signer)));
    let doc = SheetDoc::Combined(Box::new(sheet));
    signer.sign_off(key, 1, at, &doc)
}
