//! `sign FILE --key KEY.pem`: the expert signs a session (or the chair a combined evaluation);
//! the sheet is written beside it as `NAME.json` with its raw signature `NAME.json.sig`.

use super::CliError;
use crate::error::InputError;
use crate::files::check_free;
use crate::files::{default_sheet_path, write_signed_sheet};
use crate::i18n::Lang;
use crate::session::SignOff;
use crate::session::valid_expert_id;
use crate::signing::load_private_key;
use crate::store::{CombinedDb, SessionDb, StoredFile, stored_file};
use ed25519_dalek::SigningKey;
use std::path::{Path, PathBuf};

/// Who signs a combined evaluation (the chair); unused for a session (the expert signs).
#[derive(Debug, Clone, Copy)]
pub struct ChairSigner<'a> {
    /// The chair's id.
    pub id: Option<&'a str>,
    /// The chair's name.
    pub name: Option<&'a str>,
}

/// Reads a private key file (refused when others may read it).
pub fn read_key(path: &Path) -> Result<SigningKey, CliError> {
    load_private_key(path)
        .map_err(|e| CliError::from(InputError::file(path.display().to_string(), e.to_string())))
}

/// Writes a signed sheet and its signature; returns the lines to print.
pub fn write_signed(signoff: &SignOff, sheet: &Path, lang: Lang) -> Result<String, CliError> {
    let sig = write_signed_sheet(signoff, sheet).map_err(|e| {
        CliError::from(InputError::file(
            sheet.display().to_string(),
            format!(
                "the sign-off is recorded in the file, but the sheet cannot be written ({e}); write it again with `cluster-review sheet FILE --format json --out PATH`"
            ),
        ))
    })?;
    Ok(format!(
        "{} {}\n{} {}\n{} {}\n",
        lang.pick("评分表", "sheet"),
        sheet.display(),
        lang.pick("签名", "signature"),
        sig.display(),
        "SHA-256",
        signoff.sheet_sha256
    ))
}

/// Signs the file with the key.
pub fn run(
    file: &Path,
    key_file: &Path,
    out: Option<&Path>,
    chair: ChairSigner<'_>,
    lang: Lang,
) -> Result<String, CliError> {
    let key = read_key(key_file)?;
    // the sheet's place is checked before signing: an existing file is never replaced, and a
    // sign-off is not recorded when its sheet could not be written
    let target = |revision: u32| -> Result<PathBuf, CliError> {
        let sheet = out.map_or_else(|| default_sheet_path(file, revision), Path::to_path_buf);
        check_free(&sheet).map_err(|e| {
            CliError::from(InputError::file(
                sheet.display().to_string(),
                format!("{e}; nothing was signed"),
            ))
        })?;
        Ok(sheet)
    };
    let (signoff, sheet, heading) = match stored_file(file) {
        StoredFile::Combined => {
            let (Some(id), Some(name)) = (chair.id, chair.name.map(str::trim)) else {
                return Err(CliError::from(InputError::file(
                    file.display().to_string(),
                    "is a combined evaluation: the chair signs it, expected --signer ID and --name NAME",
                )));
            };
            if !valid_expert_id(id) || !crate::session::valid_person_name(name) {
                return Err(CliError::from(InputError::file(
                    "--signer",
                    format!(
                        "found \"{id}\" / \"{name}\", expected an id of letters, digits, . _ - and a name"
                    ),
                )));
            }
            let mut db = CombinedDb::open(file)?;
            let sheet = target(1)?;
            (
                db.sign(&key, id, name)?,
                sheet,
                lang.pick("已签署专家组综合评价", "signed the combined evaluation"),
            )
        }
        _ => {
            if chair.id.is_some() || chair.name.is_some() {
                return Err(CliError::from(InputError::file(
                    file.display().to_string(),
                    "is an expert's session, signed by its expert: --signer and --name are only for a combined evaluation",
                )));
            }
            let mut db = SessionDb::open(file)?;
            let sheet = target(db.state().revision)?;
            (
                db.sign(&key)?,
                sheet,
                lang.pick("已签署专家评分表", "signed the score sheet"),
            )
        }
    };
    let written = write_signed(&signoff, &sheet, lang)?;
    let revision = match lang {
        Lang::Zh => format!("第 {} 版，{}", signoff.revision, signoff.at),
        Lang::En => format!("revision {}, {}", signoff.revision, signoff.at),
    };
    Ok(format!("{heading}（{revision}）\n{written}"))
}
