//! `verify SHEET --pub PUB.pem | --roster ROSTER`: checks a sheet's signature the way OpenSSL
//! would, and that the sheet names the trusted key.

use super::CliError;
use super::files::{read_bytes, read_text, signature_path};
use crate::error::InputError;
use crate::hashing::sha256_hex;
use crate::i18n::Lang;
use crate::sheet::{TrustedKey, verify_sheet};
use crate::signing::{parse_roster, read_public_key};
use std::path::Path;

/// Where the trusted key comes from.
#[derive(Debug, Clone, Copy)]
pub enum KeySource<'a> {
    /// A public key file.
    Pub(&'a Path),
    /// A roster file.
    Roster(&'a Path),
}

/// Verifies the sheet (signature in `SHEET.sig` unless given).
pub fn run(
    sheet: &Path,
    signature: Option<&Path>,
    source: KeySource<'_>,
    lang: Lang,
) -> Result<String, CliError> {
    let bytes = read_bytes(sheet, "sheet")?;
    let sig_path = signature.map_or_else(|| signature_path(sheet), Path::to_path_buf);
    let sig = read_bytes(&sig_path, "signature")?;
    let name = sheet.display().to_string();
    let (_, info, _) = match source {
        KeySource::Pub(path) => {
            let pem = read_text(path, "public key")?;
            let key = read_public_key(&pem).map_err(|e| {
                CliError::from(InputError::file(path.display().to_string(), e.to_string()))
            })?;
            verify_sheet(&bytes, &sig, TrustedKey::Key(&key))
        }
        KeySource::Roster(path) => {
            let roster = parse_roster(path)?;
            verify_sheet(&bytes, &sig, TrustedKey::Roster(&roster))
        }
    }
    .map_err(|why| {
        CliError::from(InputError::file(
            &name,
            format!("{}: {why}", lang.pick("验证失败", "verification failed")),
        ))
    })?;
    Ok(format!(
        "{} {name}\n{} {} {} · {} {}\nSHA-256 {}\n",
        lang.pick("签名有效", "signature valid"),
        lang.pick("签署人", "signed by"),
        info.signer_id,
        info.signer_name,
        lang.pick("时间", "at"),
        info.signed_at,
        sha256_hex(&bytes)
    ))
}
