//! Checking signed sheets: a sheet file against a key or the roster (`verify`, the archive),
//! and a session's or combined evaluation's sign-off against what the file now holds (merge),
//! so a score changed after signing — even behind the program's back — is caught.

use super::info::{SheetInfo, SheetKind, read_sheet};
use super::{Signer, combined_sheet, expert_sheet};
use crate::hashing::sha256_hex;
use crate::panel::Combined;
use crate::rubric::Rubric;
use crate::session::{SessionState, SignOff};
use crate::signing::{Role, Roster, read_public_key, verify};
use ed25519_dalek::VerifyingKey;

/// Whose key a signature is checked with.
#[derive(Debug, Clone, Copy)]
pub enum TrustedKey<'a> {
    /// This public key.
    Key(&'a VerifyingKey),
    /// The roster's key for the signer the sheet names.
    Roster(&'a Roster),
}

/// How a sign-off stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignoffCheck {
    /// Nothing signed.
    Unsigned,
    /// The signature matches the sheet and the sheet matches the file, with the key written in
    /// the sheet; who holds that key was not checked (no roster).
    Intact,
    /// As `Intact`, and the key is the roster's key for the signer.
    Verified,
}

/// Verifies a sheet's signature with a trusted key; the sheet must name that same key.
/// Returns what the sheet says about itself.
pub fn verify_sheet(
    sheet: &[u8],
    signature: &[u8],
    trusted: TrustedKey<'_>,
) -> Result<SheetInfo, String> {
    let info = read_sheet(sheet).map_err(|e| format!("the sheet {e}"))?;
    let named = read_public_key(&info.public_key)
        .map_err(|e| format!("the key written in the sheet: {e}"))?;
    let key = match trusted {
        TrustedKey::Key(key) => key,
        TrustedKey::Roster(roster) => {
            let role = match info.kind {
                SheetKind::Expert => Role::Expert,
                SheetKind::Combined => Role::Chair,
            };
            roster.key_for(&info.signer_id, role)?
        }
    };
    verify(key, sheet, signature).map_err(|e| e.to_string())?;
    if named.as_bytes() != key.as_bytes() {
        return Err("the signature verifies, but the sheet names another public key than the one trusted; expected the signer's own key".into());
    }
    Ok(info)
}

/// Verifies a sheet with the key written in it: proves it unchanged since signing, not who
/// signed (that needs a trusted key or the roster).
pub fn verify_with_own_key(sheet: &[u8], signature: &[u8]) -> Result<SheetInfo, String> {
    let info = read_sheet(sheet).map_err(|e| format!("the sheet {e}"))?;
    let key = read_public_key(&info.public_key)
        .map_err(|e| format!("the key written in the sheet: {e}"))?;
    verify_sheet(sheet, signature, TrustedKey::Key(&key))
}

/// The standing of a signed sheet, checked against the key written in it and, when given, the
/// roster.
fn check_signed(
    signoff: &SignOff,
    (signer_id, role): (&str, Role),
    rebuilt: &[u8],
    roster: Option<&Roster>,
) -> Result<SignoffCheck, String> {
    if sha256_hex(&signoff.sheet) != signoff.sheet_sha256 {
        return Err("the stored sheet does not match its recorded SHA-256".into());
    }
    let key = read_public_key(&signoff.public_key).map_err(|e| e.to_string())?;
    verify(&key, &signoff.sheet, &signoff.signature).map_err(|e| e.to_string())?;
    if rebuilt != signoff.sheet.as_slice() {
        return Err("the file's scores, opinions or annotations differ from the sheet that was signed: it was changed after signing".into());
    }
    match roster {
        None => Ok(SignoffCheck::Intact),
        Some(roster) => {
            let listed = roster.key_for(signer_id, role)?;
            if listed.as_bytes() == key.as_bytes() {
                Ok(SignoffCheck::Verified)
            } else {
                Err(format!(
                    "signed with a key that is not the roster's key for \"{signer_id}\""
                ))
            }
        }
    }
}

/// Checks an expert session's sign-off of its current revision.
pub fn check_session_signoff(
    rubric: &Rubric,
    state: &SessionState,
    roster: Option<&Roster>,
) -> Result<SignoffCheck, String> {
    let Some(signoff) = &state.signed else {
        return Ok(SignoffCheck::Unsigned);
    };
    let signer = Signer {
        id: state.expert.id.clone(),
        name: state.expert.name.clone(),
        public_key: signoff.public_key.clone(),
    };
    let unsigned = SessionState {
        signed: None,
        ..state.clone()
    };
    let rebuilt = expert_sheet(rubric, &unsigned, Some((&signoff.at, &signer)));
    check_signed(signoff, (&state.expert.id, Role::Expert), &rebuilt, roster)
}

/// Checks the chair's sign-off of a combined evaluation (as counted again from the file).
pub fn check_combined_signoff(
    combined: &Combined,
    signoff: &SignOff,
    signer: &Signer,
    roster: Option<&Roster>,
) -> Result<SignoffCheck, String> {
    let rebuilt = combined_sheet(combined, Some((&signoff.at, signer)));
    check_signed(signoff, (&signer.id, Role::Chair), &rebuilt, roster)
}
