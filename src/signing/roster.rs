//! The roster: which public key belongs to which expert (and to the chair), so that a
//! signature proves who signed, not only that the sheet is unchanged.
//!
//! ```toml
//! [[signer]]
//! id = "E01"
//! name = "张三"
//! public_key = "keys/E01.pub.pem"   # a path relative to the roster, or the PEM itself
//! ```

use super::keys::{KeyError, read_public_key};
use crate::error::{InputError, toml_error};
use ed25519_dalek::VerifyingKey;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Signers by id.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// Id → (name, key).
    pub signers: BTreeMap<String, (String, VerifyingKey)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoster {
    #[serde(default)]
    signer: Vec<RawSigner>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSigner {
    id: String,
    #[serde(default)]
    name: String,
    public_key: String,
}

/// Reads a roster; key paths are relative to the roster's folder.
pub fn parse_roster(file: &Path) -> Result<Roster, InputError> {
    let name = file.display().to_string();
    let text = std::fs::read_to_string(file)
        .map_err(|e| InputError::file(&name, format!("cannot read the roster: {e}")))?;
    let raw: RawRoster = toml::from_str(&text).map_err(|e| toml_error(&name, &text, &e))?;
    let folder = file.parent().unwrap_or(Path::new("."));
    let mut signers = BTreeMap::new();
    for signer in raw.signer {
        let item = format!("signer \"{}\"", signer.id);
        let pem = if signer.public_key.trim_start().starts_with("-----BEGIN") {
            signer.public_key.clone()
        } else {
            let path = folder.join(&signer.public_key);
            std::fs::read_to_string(&path).map_err(|e| InputError {
                file: name.clone(),
                line: None,
                item: Some(item.clone()),
                message: format!("cannot read {}: {e}", path.display()),
            })?
        };
        let key = read_public_key(&pem).map_err(|e: KeyError| InputError {
            file: name.clone(),
            line: None,
            item: Some(item.clone()),
            message: e.to_string(),
        })?;
        if signers
            .insert(signer.id.clone(), (signer.name, key))
            .is_some()
        {
            return Err(InputError {
                file: name,
                line: None,
                item: Some(item),
                message: "the id is listed twice, expected each signer once".into(),
            });
        }
    }
    Ok(Roster { signers })
}
