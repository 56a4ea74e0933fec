//! Checking signed sheets, and the one way to learn how a sheet stands: a sheet file against a
//! key or the roster (`verify`, the archive, `sheet`), and a session's or combined evaluation's
//! sign-off against what the file now holds (merge, `sheet`, the chair's signing), so a score
//! changed after signing — even behind the program's back — is caught.
//!
//! What is compared with a file is what its signer stated: the expert's declaration, points,
//! opinions, checks of figures and overall opinion (with the package, rubric and session they
//! are about); the chair's corrections, notes, method and the inputs counted. Figures the
//! program computes from those (quantitative points, subtotals, totals, statistics) are printed
//! from the signed bytes but not compared, so a later version that computes them more exactly
//! does not call an honest file tampered.

use super::info::{SheetInfo, read_sheet};
use super::model::{CombinedSheet, ExpertSheet, SheetDoc, SheetKind, parse_sheet};
use super::{Signer, combined_sheet};
use crate::hashing::sha256_hex;
use crate::panel::{Combined, SessionInput};
use crate::rubric::Rubric;
use crate::session::{SessionState, SignOff};
use crate::signing::{Role, Roster, read_public_key, verify};
use ed25519_dalek::VerifyingKey;
use serde_json::Value;

/// Whose key a signature is checked with.
#[derive(Debug, Clone, Copy)]
pub enum TrustedKey<'a> {
    /// This public key (`verify --pub`).
    Key(&'a VerifyingKey),
    /// The roster's key for the signer the sheet names.
    Roster(&'a Roster),
    /// The key written in the sheet: proves the sheet unchanged since signing, not who signed.
    OwnKey,
}

/// Against what the signer's key was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCheck {
    /// The roster's key for the signer.
    Roster,
    /// A public key given for the check.
    GivenKey,
    /// Only the key written in the sheet (no roster).
    OwnKey,
}

/// How a sheet stands after it was checked in this run: a draft, or signed with a signature
/// that verified. Only this module makes one, so no renderer can be handed a standing that
/// nobody checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing(StandingKind);

/// The kinds of standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandingKind {
    /// Never signed: printed as a draft on every page.
    Draft,
    /// Signed, the signature verified in this run; how its key was checked.
    Signed(KeyCheck),
}

impl Standing {
    /// What it is.
    pub fn kind(self) -> StandingKind {
        self.0
    }

    /// Whether the sheet is signed (and verified).
    pub fn is_signed(self) -> bool {
        matches!(self.0, StandingKind::Signed(_))
    }

    /// The status line printed on sheets, in Chinese (sheets are official documents).
    pub fn status_zh(self, doc: &SheetDoc) -> String {
        match (self.0, doc.signer(), doc.signed_at()) {
            (StandingKind::Signed(check), Some(signer), Some(at)) => format!(
                "电子签名 Ed25519 · 签署人 {} {} · 签署时间 {} · {}",
                signer.id,
                signer.name,
                at,
                match check {
                    KeyCheck::Roster => "签名有效（已按名册核验签署人公钥）",
                    KeyCheck::GivenKey => "签名有效（已按指定公钥核验）",
                    KeyCheck::OwnKey => "签名有效，但未按名册核验签署人公钥",
                }
            ),
            _ => "草稿，未签署".to_string(),
        }
    }
}

/// The standing a check gives; `Unsigned` for a file never signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignoffCheck {
    /// Nothing signed.
    Unsigned,
    /// The signature matches the sheet and the sheet matches the file, with the key written in
    /// the sheet; who holds that key was not checked (no roster).
    Intact,
    /// As `Intact`, and the key is the roster's key for the signer.
    Verified,
}

impl SignoffCheck {
    /// The standing of the sheet this check is about.
    pub fn standing(self) -> Standing {
        Standing(match self {
            Self::Unsigned => StandingKind::Draft,
            Self::Intact => StandingKind::Signed(KeyCheck::OwnKey),
            Self::Verified => StandingKind::Signed(KeyCheck::Roster),
        })
    }
}

fn role_of(kind: SheetKind) -> Role {
    match kind {
        SheetKind::Expert => Role::Expert,
        SheetKind::Combined => Role::Chair,
    }
}

/// Checks the key a sheet was signed with against the roster: the roster's key for the signer
/// in the signer's role must be that key. A mismatch is said as such.
fn roster_check(
    roster: &Roster,
    signer_id: &str,
    role: Role,
    key: &VerifyingKey,
) -> Result<(), String> {
    let listed = roster.key_for(signer_id, role)?;
    if listed.as_bytes() == key.as_bytes() {
        Ok(())
    } else {
        Err(format!(
            "the signature holds, but it was made with a key that is not the roster's key for \"{signer_id}\": the roster lists another public key for this signer"
        ))
    }
}

/// Verifies a signed sheet's signature with a trusted key; the sheet must name that same key.
/// The signature is checked with the key the sheet names first, so a sheet signed with the
/// wrong key is reported as that, not as changed.
pub fn verify_sheet(
    bytes: &[u8],
    signature: &[u8],
    trusted: TrustedKey<'_>,
) -> Result<(SheetDoc, SheetInfo, Standing), String> {
    let (doc, info) = read_sheet(bytes).map_err(|e| format!("the sheet {e}"))?;
    let named = read_public_key(&info.public_key)
        .map_err(|e| format!("the key written in the sheet: {e}"))?;
    verify(&named, bytes, signature).map_err(|e| e.to_string())?;
    let check = match trusted {
        TrustedKey::OwnKey => KeyCheck::OwnKey,
        TrustedKey::Key(key) => {
            if named.as_bytes() != key.as_bytes() {
                return Err("the signature holds, but with another key than the one given: the sheet was signed by someone else's key".into());
            }
            KeyCheck::GivenKey
        }
        TrustedKey::Roster(roster) => {
            roster_check(roster, &info.signer_id, role_of(info.kind), &named)?;
            KeyCheck::Roster
        }
    };
    Ok((doc, info, Standing(StandingKind::Signed(check))))
}

/// A sheet file as it stands: a draft (never signed, no signature), or a signed sheet whose
/// signature verifies (with the roster's key when a roster is given). A sheet that names a
/// signer but comes without its signature, or with one that does not verify, is refused.
pub fn open_sheet(
    bytes: &[u8],
    signature: Option<&[u8]>,
    roster: Option<&Roster>,
) -> Result<(SheetDoc, Standing), String> {
    let doc = parse_sheet(bytes).map_err(|e| format!("the sheet {e}"))?;
    match (doc.signer().is_some(), signature) {
        (false, None) => Ok((doc, Standing(StandingKind::Draft))),
        (false, Some(_)) => Err("the sheet is an unsigned draft, yet a signature file lies beside it; expected a signed sheet or no signature".into()),
        (true, None) => Err("the sheet names a signer, but its signature (SHEET.sig) is missing; a sheet is shown as signed only when its signature verifies".into()),
        (true, Some(signature)) => {
            let trusted = roster.map_or(TrustedKey::OwnKey, TrustedKey::Roster);
            verify_sheet(bytes, signature, trusted).map(|(doc, _, standing)| (doc, standing))
        }
    }
}

/// What an expert stated in a sheet: everything but the figures the program computes.
fn expert_statement(sheet: &ExpertSheet) -> ExpertSheet {
    let mut stated = sheet.clone();
    for indicator in &mut stated.indicators {
        if indicator.kind != "qualitative" {
            indicator.points = None;
        }
        for m in &mut indicator.measures {
            (m.declared, m.derived, m.value, m.points) = (None, None, None, None);
        }
    }
    for c in &mut stated.categories {
        c.points = None;
    }
    // the round is the package's (its manifest, bound by the digest compared), not the
    // expert's; sheets signed before rounds were kept do not name it
    stated.package.round = None;
    stated.sheet_format = 0;
    stated.qualitative_points.clear();
    stated.quantitative_points.clear();
    stated.total.clear();
    stated
}

/// What the chair stated in a combined sheet: the inputs, the method, the corrections and
/// notes; not the figures counted from them.
fn chair_statement(sheet: &CombinedSheet) -> Value {
    let e = &sheet.evaluation;
    let clusters: Vec<Value> = e
        .clusters
        .iter()
        .map(|c| {
            let indicators: Vec<Value> = c
                .indicators
                .iter()
                .map(|i| {
                    let corrections: Vec<Value> = i
                        .measures
                        .iter()
                        .map(|m| serde_json::json!({"id": m.id, "correction": m.correction}))
                        .collect();
                    serde_json::json!({"id": i.id, "note": i.note, "measures": corrections})
                })
                .collect();
            serde_json::json!({"package_id": c.package_id, "digest": c.digest, "indicators": indicators})
        })
        .collect();
    let mut clusters = clusters;
    clusters.sort_by_key(|c| c["package_id"].as_str().map(str::to_string));
    serde_json::json!({
        "meeting": sheet.meeting,
        "inputs": sheet.inputs,
        "method": e.method,
        "rubric": e.rubric,
        "clusters": clusters,
        "signed_at": sheet.signed_at,
        "signer": sheet.signer,
    })
}

/// The first place two statements differ, as `path: signed …, the file now holds …`.
fn first_difference(path: &str, signed: &Value, now: &Value) -> Option<String> {
    match (signed, now) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let there = b.get(key).unwrap_or(&Value::Null);
                if let Some(d) = first_difference(&format!("{path}/{key}"), value, there) {
                    return Some(d);
                }
            }
            b.keys()
                .find(|k| !a.contains_key(*k))
                .map(|k| format!("{path}/{k}: not in the signed sheet"))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(n, (x, y))| first_difference(&format!("{path}/{n}"), x, y)),
        _ if signed == now => None,
        _ => {
            let cut = |v: &Value| {
                let text = v.to_string();
                if text.chars().count() > 80 {
                    text.chars().take(80).collect::<String>() + "…"
                } else {
                    text
                }
            };
            Some(format!(
                "{}: signed {}, the file now holds {}",
                if path.is_empty() { "/" } else { path },
                cut(signed),
                cut(now)
            ))
        }
    }
}

/// Checks a stored sign-off: the sheet matches its SHA-256, is a sheet of ours, names the key
/// that signed it, the signature verifies, (with a roster) the key is the roster's, and what
/// the signer stated is what the file now holds.
fn check_signed(
    signoff: &SignOff,
    signer_id: &str,
    rebuilt: &SheetDoc,
    roster: Option<&Roster>,
) -> Result<SignoffCheck, String> {
    if sha256_hex(&signoff.sheet) != signoff.sheet_sha256 {
        return Err("the stored sheet does not match its recorded SHA-256".into());
    }
    let signed = parse_sheet(&signoff.sheet).map_err(|e| format!("the stored sheet {e}"))?;
    let key = read_public_key(&signoff.public_key).map_err(|e| e.to_string())?;
    if signed.signer().map(|s| s.public_key.trim()) != Some(signoff.public_key.trim()) {
        return Err("the stored sheet names another key than the one recorded with it".into());
    }
    verify(&key, &signoff.sheet, &signoff.signature).map_err(|e| e.to_string())?;
    if let Some(roster) = roster {
        roster_check(roster, signer_id, role_of(signed.kind()), &key)?;
    }
    // a sheet of format 1 did not list the inputs yet: there is nothing of them to compare
    let legacy = signed.format() == 1;
    let statement = |doc: &SheetDoc| match doc {
        SheetDoc::Expert(s) => serde_json::to_value(expert_statement(s)).unwrap_or_default(),
        SheetDoc::Combined(s) if legacy => chair_statement(&CombinedSheet {
            inputs: Vec::new(),
            ..s.as_ref().clone()
        }),
        SheetDoc::Combined(s) => chair_statement(s),
    };
    // experts' sheets compare as types (fast, one per session of a merge); only a difference is
    // worth the JSON that names it
    let same = match (&signed, rebuilt) {
        (SheetDoc::Expert(a), SheetDoc::Expert(b)) => expert_statement(a) == expert_statement(b),
        _ => false,
    };
    if !same
        && let Some(difference) = first_difference("", &statement(&signed), &statement(rebuilt))
    {
        return Err(format!(
            "the file differs from the sheet that was signed ({difference}): it was changed after signing"
        ));
    }
    Ok(if roster.is_some() {
        SignoffCheck::Verified
    } else {
        SignoffCheck::Intact
    })
}

/// Checks a sign-off whose stored sheet is, byte for byte, the sheet the file makes again: its
/// recorded SHA-256, the signature, and (with a roster) the signer's key.
fn check_exact(
    signoff: &SignOff,
    signer_id: &str,
    role: Role,
    roster: Option<&Roster>,
) -> Result<SignoffCheck, String> {
    if sha256_hex(&signoff.sheet) != signoff.sheet_sha256 {
        return Err("the stored sheet does not match its recorded SHA-256".into());
    }
    let key = read_public_key(&signoff.public_key).map_err(|e| e.to_string())?;
    verify(&key, &signoff.sheet, &signoff.signature).map_err(|e| e.to_string())?;
    match roster {
        Some(roster) => {
            roster_check(roster, signer_id, role, &key).map(|()| SignoffCheck::Verified)
        }
        None => Ok(SignoffCheck::Intact),
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
    let unsigned = state.without_signoff();
    let signing = Some((signoff.at.as_str(), &signer));
    // the common case: the session makes again, byte for byte, the sheet that was signed (the
    // same program counting the same scores); then the sheet is ours, names the recorded key
    // and states what the file holds, and only its hash and signature are left to check
    let whole = SheetDoc::Expert(Box::new(super::expert_sheet(rubric, &unsigned, signing)));
    if whole.to_bytes() == signoff.sheet {
        return check_exact(signoff, &state.expert.id, Role::Expert, roster);
    }
    // otherwise (another program version counting, a changed file) what the expert stated is
    // compared, and a difference is named
    let rebuilt = super::expert::stated_sheet(rubric, &unsigned, signing);
    check_signed(
        signoff,
        &state.expert.id,
        &SheetDoc::Expert(Box::new(rebuilt)),
        roster,
    )
}

/// Checks the chair's sign-off of a combined evaluation (as counted again from the file).
pub fn check_combined_signoff(
    combined: &Combined,
    inputs: &[SessionInput],
    meeting: Option<&crate::session::MeetingRef>,
    signoff: &SignOff,
    signer: &Signer,
    roster: Option<&Roster>,
) -> Result<SignoffCheck, String> {
    let rebuilt = combined_sheet(combined, inputs, meeting, Some((&signoff.at, signer)));
    check_signed(
        signoff,
        &signer.id,
        &SheetDoc::Combined(Box::new(rebuilt)),
        roster,
    )
}

/// The standing of a session's or combined file's sheet, for printing: the signed sheet read
/// back with its standing, or the draft built now.
pub fn signed_doc(signoff: &SignOff, check: SignoffCheck) -> Result<(SheetDoc, Standing), String> {
    let doc = parse_sheet(&signoff.sheet).map_err(|e| format!("the stored sheet {e}"))?;
    Ok((doc, check.standing()))
}

/// The standing of a draft built from a file that was never signed.
pub fn draft(doc: SheetDoc) -> Result<(SheetDoc, Standing), String> {
    if doc.signer().is_some() {
        return Err("a draft names no signer".into());
    }
    Ok((doc, Standing(StandingKind::Draft)))
}
