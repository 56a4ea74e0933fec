//! Signing, in an order a kill cannot break: the sheet and its signature are written first
//! under temporary names (synced), then the sign-off is committed, then the two files are put
//! in place. Killed before the commit, nothing is signed (the temporary files are removed by
//! the next run); killed after it, the session is signed and a rerun of `sign` writes the
//! missing sheet from the sign-off recorded in the file.
//!
//! With a roster, the key must be the roster's key of the signer before anything is written.

use crate::files::{WRITING, check_free, default_sheet_path, signature_path, temp_beside};
use crate::panel::merge;
use crate::session::MeetingRef;
use crate::session::SignOff;
use crate::sheet::{Signer, check_session_signoff, sign_combined, sign_session};
use crate::signing::{Role, Roster, load_private_key};
use crate::store::{CombinedDb, SessionDb, StoreError};
use ed25519_dalek::SigningKey;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why nothing (or not everything) was signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The file cannot be used, or a rule refused the signing; nothing was signed.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// A problem with a given file (the key, the sheet's place); nothing was signed.
    #[error("{file}: {message}")]
    File {
        /// The file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The sign-off is recorded, but the sheet could not be put in place.
    #[error(
        "{file}: the sign-off is recorded in the file, but the sheet cannot be written ({message}); run `cluster-review sign` again, or write it with `cluster-review sheet FILE --format json --out PATH`"
    )]
    Unwritten {
        /// The sheet.
        file: String,
        /// Why.
        message: String,
    },
}

/// A signed sheet in place.
#[derive(Debug, Clone)]
pub struct SignedSheet {
    /// The sign-off recorded.
    pub signoff: SignOff,
    /// The sheet file.
    pub sheet: PathBuf,
    /// Its signature file.
    pub signature: PathBuf,
    /// This run only completed an earlier signing whose sheet was never put in place.
    pub completed: bool,
}

fn file_error(file: &Path, message: impl Into<String>) -> SignError {
    SignError::File {
        file: file.display().to_string(),
        message: message.into(),
    }
}

/// Refuses a key that is not the roster's key of the signer, before anything is written.
fn check_roster_key(
    roster: Option<&Roster>,
    signer: &str,
    role: Role,
    key: &SigningKey,
    key_file: &Path,
) -> Result<(), SignError> {
    let Some(roster) = roster else {
        return Ok(());
    };
    let listed = roster
        .key_for(signer, role)
        .map_err(|e| file_error(key_file, format!("{e}; nothing was signed")))?;
    if listed.as_bytes() == key.verifying_key().as_bytes() {
        Ok(())
    } else {
        Err(file_error(
            key_file,
            format!(
                "is not the roster's key of \"{signer}\" (the roster lists another public key for them); sign with your own key; nothing was signed"
            ),
        ))
    }
}

/// The sheet and signature written under temporary names beside their places, synced.
struct Pending {
    sheet: (tempfile::NamedTempFile, PathBuf),
    signature: (tempfile::NamedTempFile, PathBuf),
}

impl Pending {
    fn write(signoff: &SignOff, sheet: &Path) -> Result<Self, SignError> {
        let signature = signature_path(sheet);
        for path in [sheet, signature.as_path()] {
            crate::files::remove_stale_temps(path, WRITING, None);
        }
        let write = |path: &Path, bytes: &[u8]| -> Result<tempfile::NamedTempFile, SignError> {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| {
                    file_error(
                        path,
                        format!("cannot create the folder: {e}; nothing was signed"),
                    )
                })?;
            }
            let mut temp = temp_beside(path, WRITING, false).map_err(|e| {
                file_error(path, format!("cannot be written: {e}; nothing was signed"))
            })?;
            temp.as_file_mut()
                .write_all(bytes)
                .and_then(|()| temp.as_file().sync_all())
                .map_err(|e| {
                    file_error(path, format!("cannot be written: {e}; nothing was signed"))
                })?;
            Ok(temp)
        };
        Ok(Self {
            sheet: (write(sheet, &signoff.sheet)?, sheet.to_path_buf()),
            signature: (write(&signature, &signoff.signature)?, signature),
        })
    }

    /// Puts both files in place (never over another file).
    fn persist(self) -> Result<(PathBuf, PathBuf), SignError> {
        let place = |(temp, path): (tempfile::NamedTempFile, PathBuf)| {
            temp.persist_noclobber(&path)
                .map_err(|e| SignError::Unwritten {
                    file: path.display().to_string(),
                    message: e.error.to_string(),
                })?;
            crate::files::sync_folder(&path);
            Ok::<PathBuf, SignError>(path)
        };
        let sheet = place(self.sheet)?;
        let signature = place(self.signature)?;
        Ok((sheet, signature))
    }
}

/// Whether a file is absent (`Some(false)`), holds exactly `bytes` (`Some(true)`), or is
/// something else (`None`: never to be replaced).
fn placed(path: &Path, bytes: &[u8]) -> Option<bool> {
    match std::fs::symlink_metadata(path) {
        Err(_) => Some(false),
        Ok(meta) if meta.is_file() => (std::fs::read(path).ok()? == bytes).then_some(true),
        Ok(_) => None,
    }
}

/// Writes the files of a sign-off recorded earlier that were never put in place (a signing
/// killed after its commit, before or between putting the sheet and the signature in place);
/// a file already holding exactly its bytes stays as it is.
fn complete(signoff: &SignOff, sheet: &Path) -> Result<SignedSheet, SignError> {
    let signature = signature_path(sheet);
    if placed(sheet, &signoff.sheet) == Some(false)
        && placed(&signature, &signoff.signature) == Some(false)
    {
        let (sheet, signature) = Pending::write(signoff, sheet)?.persist()?;
        return Ok(SignedSheet {
            signoff: signoff.clone(),
            sheet,
            signature,
            completed: true,
        });
    }
    for (path, bytes) in [
        (sheet, &signoff.sheet),
        (signature.as_path(), &signoff.signature),
    ] {
        crate::files::remove_stale_temps(path, WRITING, None);
        if placed(path, bytes) == Some(false) {
            let mut temp = temp_beside(path, WRITING, false)
                .map_err(|e| file_error(path, format!("cannot be written: {e}")))?;
            temp.as_file_mut()
                .write_all(bytes)
                .and_then(|()| temp.as_file().sync_all())
                .map_err(|e| file_error(path, format!("cannot be written: {e}")))?;
            temp.persist_noclobber(path)
                .map_err(|e| SignError::Unwritten {
                    file: path.display().to_string(),
                    message: e.error.to_string(),
                })?;
            crate::files::sync_folder(path);
        }
    }
    Ok(SignedSheet {
        signoff: signoff.clone(),
        sheet: sheet.to_path_buf(),
        signature,
        completed: true,
    })
}

/// Signs the current revision of an open session with `key`; the sheet goes to `out` (default
/// beside the session, `<stem>.r<revision>.json`).
pub fn sign_open_session(
    db: &mut SessionDb,
    key: &SigningKey,
    key_file: &Path,
    out: Option<&Path>,
    roster: Option<&Roster>,
) -> Result<SignedSheet, SignError> {
    sign_open_session_in(db, key, key_file, out, roster, None)
}

/// As `sign_open_session`, for a session of a review meeting: the session records the meeting
/// first (if it names none or another), so that the sheet names it.
pub fn sign_open_session_in(
    db: &mut SessionDb,
    key: &SigningKey,
    key_file: &Path,
    out: Option<&Path>,
    roster: Option<&Roster>,
    meeting: Option<&MeetingRef>,
) -> Result<SignedSheet, SignError> {
    let state = db.state().clone();
    let sheet = out.map_or_else(
        || default_sheet_path(db.path(), state.revision),
        Path::to_path_buf,
    );
    check_roster_key(roster, &state.expert.id, Role::Expert, key, key_file)?;
    if let Some(signoff) = &state.signed {
        let same_key = crate::signing::read_public_key(&signoff.public_key)
            .is_ok_and(|k| k.as_bytes() == key.verifying_key().as_bytes());
        // each file absent or holding exactly its bytes, and not both already in place
        let files = [
            placed(&sheet, &signoff.sheet),
            placed(&signature_path(&sheet), &signoff.signature),
        ];
        let unfinished = files.iter().all(Option::is_some) && files.contains(&Some(false));
        if same_key && unfinished && check_session_signoff(db.rubric(), &state, None).is_ok() {
            return complete(signoff, &sheet);
        }
    }
    db.ready_to_sign()?;
    check_free(&sheet).map_err(|e| file_error(&sheet, format!("{e}; nothing was signed")))?;
    if let Some(meeting) = meeting {
        db.join_meeting(meeting)?;
        // a session that just joined an application review owes the application conditions
        db.ready_to_sign()?;
    }
    let state = db.state().clone();
    let at = crate::timestamp::now_local();
    let signoff = sign_session(db.rubric(), &state, key, &at)
        .map_err(|e| file_error(key_file, e.to_string()))?;
    let pending = Pending::write(&signoff, &sheet)?;
    db.record_signoff(&signoff, &state)?;
    let (sheet, signature) = pending.persist()?;
    Ok(SignedSheet {
        signoff,
        sheet,
        signature,
        completed: false,
    })
}

/// Opens a session file and signs it with the key in `key_file`.
pub fn sign_session_file(
    file: &Path,
    key_file: &Path,
    out: Option<&Path>,
    roster: Option<&Roster>,
) -> Result<SignedSheet, SignError> {
    let key = load_private_key(key_file).map_err(|e| file_error(key_file, e.to_string()))?;
    let mut db = SessionDb::open(file)?;
    sign_open_session(&mut db, &key, key_file, out, roster)
}

/// Who signs a combined evaluation.
#[derive(Debug, Clone, Copy)]
pub struct ChairSigning<'a> {
    /// The chair's id.
    pub id: &'a str,
    /// The chair's name.
    pub name: &'a str,
}

/// How the chair signs a combined evaluation.
#[derive(Debug, Clone, Copy)]
pub struct CombinedSigning<'a> {
    /// Who signs.
    pub chair: ChairSigning<'a>,
    /// Where the sheet goes (default beside the file, `<stem>.r1.json`).
    pub out: Option<&'a Path>,
    /// The roster the chair's key and every merged sign-off are checked against.
    pub roster: Option<&'a Roster>,
    /// The review meeting the evaluation belongs to (named in the sheet).
    pub meeting: Option<&'a MeetingRef>,
    /// Whether the compliance gate (the four grounds of Art. 64 and the agenda) must pass;
    /// its refusals in this language.
    pub gate: Option<crate::i18n::Lang>,
}

/// The chair signs a combined evaluation: every merged sign-off is checked again first (with
/// the roster when given), then the counting as it stands is signed.
pub fn sign_combined_file(
    file: &Path,
    key_file: &Path,
    chair: ChairSigning<'_>,
    out: Option<&Path>,
    roster: Option<&Roster>,
) -> Result<SignedSheet, SignError> {
    let how = CombinedSigning {
        chair,
        out,
        roster,
        meeting: None,
        gate: None,
    };
    sign_combined_file_in(file, key_file, &how)
}

/// Opens a combined evaluation and signs it as `how` says.
pub fn sign_combined_file_in(
    file: &Path,
    key_file: &Path,
    how: &CombinedSigning<'_>,
) -> Result<SignedSheet, SignError> {
    let key = load_private_key(key_file).map_err(|e| file_error(key_file, e.to_string()))?;
    check_roster_key(how.roster, how.chair.id, Role::Chair, &key, key_file)?;
    let mut db = CombinedDb::open(file)?;
    sign_open_combined(&mut db, &key, key_file, how)
}

/// Signs an open combined evaluation (the chair's screen holds it open): the chair's key
/// against the roster, every merged sign-off again, the compliance gate when asked for, then
/// the counting as it stands.
pub fn sign_open_combined(
    db: &mut CombinedDb,
    key: &SigningKey,
    key_file: &Path,
    how: &CombinedSigning<'_>,
) -> Result<SignedSheet, SignError> {
    check_roster_key(how.roster, how.chair.id, Role::Chair, key, key_file)?;
    let file = db.path().to_path_buf();
    let sheet = how
        .out
        .map_or_else(|| default_sheet_path(&file, 1), Path::to_path_buf);
    if db.is_signed() {
        return Err(SignError::Store(StoreError::Chair {
            path: file,
            rule: crate::store::ChairRuleError::Signed,
        }));
    }
    if let Some(meeting) = how.meeting
        && db.meeting() != Some(meeting)
    {
        return Err(file_error(
            &file,
            format!(
                "was not merged in review meeting {} (merge --meeting makes the meeting's combined evaluation); nothing was signed",
                meeting.id
            ),
        ));
    }
    for input in db.inputs() {
        check_session_signoff(&input.rubric, &input.state, how.roster).map_err(|why| {
            file_error(
                &file,
                format!(
                    "the merged session {} does not verify ({why}); nothing was signed",
                    input.file
                ),
            )
        })?;
    }
    check_free(&sheet).map_err(|e| file_error(&sheet, format!("{e}; nothing was signed")))?;
    let combined = merge(db.inputs(), db.options(), db.chair())
        .map_err(|e| file_error(&file, format!("{e}; nothing was signed")))?;
    if let Some(lang) = how.gate {
        let gate = crate::meeting::gate(&combined, lang);
        if !gate.passes() {
            let refusals = gate.refusals(&combined, lang);
            return Err(file_error(
                &file,
                match lang {
                    crate::i18n::Lang::Zh => format!(
                        "拒绝签署，尚有 {} 项待处理：{}；未签署任何内容",
                        refusals.len(),
                        refusals.join("；")
                    ),
                    crate::i18n::Lang::En => format!(
                        "signing refused, {} open: {}; nothing was signed",
                        refusals.len(),
                        refusals.join("; ")
                    ),
                },
            ));
        }
    }
    let signer = Signer::new(how.chair.id, how.chair.name, key)
        .map_err(|e| file_error(key_file, e.to_string()))?;
    let at = crate::timestamp::now_local();
    let signoff = sign_combined(&combined, db.inputs(), db.meeting(), &signer, key, &at);
    let pending = Pending::write(&signoff, &sheet)?;
    db.record_signoff(&signoff, &signer)?;
    let (sheet, signature) = pending.persist()?;
    Ok(SignedSheet {
        signoff,
        sheet,
        signature,
        completed: false,
    })
}
