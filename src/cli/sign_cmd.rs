//! `sign FILE --key KEY.pem [--roster R]`: the expert signs a session (or the chair a combined
//! evaluation); the sheet is written beside it as `NAME.json` with its raw signature
//! `NAME.json.sig`. The use case itself is `crate::usecase`, shared with the review screen.

use super::CliError;
use crate::error::InputError;
use crate::i18n::Lang;
use crate::session::valid_expert_id;
use crate::signing::parse_roster;
use crate::store::{StoredFile, stored_file};
use crate::usecase::{ChairSigning, SignError, SignedSheet, sign_combined_file, sign_session_file};
use std::path::Path;

/// Who signs a combined evaluation (the chair); unused for a session (the expert signs).
#[derive(Debug, Clone, Copy)]
pub struct ChairSigner<'a> {
    /// The chair's id.
    pub id: Option<&'a str>,
    /// The chair's name.
    pub name: Option<&'a str>,
}

impl From<SignError> for CliError {
    fn from(error: SignError) -> Self {
        match error {
            SignError::Store(e) => CliError::Store(e),
            SignError::File { file, message } => CliError::from(InputError::file(file, message)),
            e @ SignError::Unwritten { .. } => {
                CliError::from(InputError::file("sign", e.to_string()))
            }
        }
    }
}

/// The lines printed after signing.
pub(super) fn report(signed: &SignedSheet, heading: &str, lang: Lang) -> String {
    let revision = match lang {
        Lang::Zh => format!("第 {} 版，{}", signed.signoff.revision, signed.signoff.at),
        Lang::En => format!(
            "revision {}, {}",
            signed.signoff.revision, signed.signoff.at
        ),
    };
    let completed = if signed.completed {
        lang.pick(
            "（补写：此前的签署已记录，但评分表未写出）\n",
            "(completed: the signing was recorded earlier, but its sheet had not been written)\n",
        )
    } else {
        ""
    };
    format!(
        "{heading}（{revision}）\n{completed}{} {}\n{} {}\nSHA-256 {}\n",
        lang.pick("评分表", "sheet"),
        signed.sheet.display(),
        lang.pick("签名", "signature"),
        signed.signature.display(),
        signed.signoff.sheet_sha256
    )
}

/// Signs the file with the key.
pub fn run(
    file: &Path,
    key_file: &Path,
    out: Option<&Path>,
    chair: ChairSigner<'_>,
    roster: Option<&Path>,
    lang: Lang,
) -> Result<String, CliError> {
    let roster = roster.map(parse_roster).transpose()?;
    if let Some(dir) = crate::meeting::meeting_of(file) {
        return super::meeting_cmd::sign_in_meeting(&dir, file, key_file, out, chair, roster, lang);
    }
    match stored_file(file) {
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
            let signed = sign_combined_file(
                file,
                key_file,
                ChairSigning { id, name },
                out,
                roster.as_ref(),
            )?;
            Ok(report(
                &signed,
                lang.pick("已签署专家组综合评价", "signed the combined evaluation"),
                lang,
            ))
        }
        _ => {
            if chair.id.is_some() || chair.name.is_some() {
                return Err(CliError::from(InputError::file(
                    file.display().to_string(),
                    "is an expert's session, signed by its expert: --signer and --name are only for a combined evaluation",
                )));
            }
            let signed = sign_session_file(file, key_file, out, roster.as_ref())?;
            Ok(report(
                &signed,
                lang.pick("已签署专家评分表", "signed the score sheet"),
                lang,
            ))
        }
    }
}
