//! The roster: which public key belongs to which expert (and to the chair), so that a
//! signature proves who signed, not only that the sheet is unchanged.
//!
//! ```toml
//! [[signer]]
//! id = "E01"
//! name = "张三"
//! public_key = "keys/E01.pub.pem"   # a path relative to the roster, or the PEM itself
//!
//! [[signer]]
//! id = "C01"
//! name = "王组长"
//! role = "chair"                     # signs combined evaluations; default "expert"
//! public_key = "keys/C01.pub.pem"
//! ```

use super::keys::{KeyError, read_public_key};
use crate::error::{InputError, toml_error};
use ed25519_dalek::VerifyingKey;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What a signer may sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// An expert's own score sheets.
    #[default]
    Expert,
    /// Combined evaluations (the panel chair, 评审组长).
    Chair,
}

impl Role {
    /// `expert` or `chair`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Expert => "expert",
            Self::Chair => "chair",
        }
    }
}

/// One signer on the roster.
#[derive(Debug, Clone)]
pub struct RosterSigner {
    /// Name.
    pub name: String,
    /// Public key.
    pub key: VerifyingKey,
    /// What they sign.
    pub role: Role,
}

/// Signers by id.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// Id → signer.
    pub signers: BTreeMap<String, RosterSigner>,
}

impl Roster {
    /// The roster as TOML with every key written in (PEM), so it can be kept inside a file and
    /// read back without the key files.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        for (id, signer) in &self.signers {
            let pem = super::keys::public_key_pem(&signer.key).unwrap_or_default();
            out.push_str(&format!(
                "[[signer]]\nid = {}\nname = {}\nrole = \"{}\"\npublic_key = \"\"\"\n{}\"\"\"\n\n",
                toml_string(id),
                toml_string(&signer.name),
                signer.role.as_str(),
                pem
            ));
        }
        out
    }

    /// The key of `id` for sheets of `role`, or why there is none.
    pub fn key_for(&self, id: &str, role: Role) -> Result<&VerifyingKey, String> {
        match self.signers.get(id) {
            None => Err(format!(
                "signer \"{id}\" is not on the roster; expected every signer listed"
            )),
            Some(signer) if signer.role != role => Err(format!(
                "signer \"{id}\" is on the roster as {}, but the sheet needs a {} signer",
                signer.role.as_str(),
                role.as_str()
            )),
            Some(signer) => Ok(&signer.key),
        }
    }
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
    #[serde(default)]
    role: Role,
    public_key: String,
}

/// Reads a roster; key paths are relative to the roster's folder.
pub fn parse_roster(file: &Path) -> Result<Roster, InputError> {
    let name = file.display().to_string();
    let bytes = crate::files::read_regular(file, crate::files::MAX_SMALL_BYTES)
        .map_err(|e| InputError::file(&name, format!("the roster {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        InputError::file(
            &name,
            format!(
                "found bytes that are not UTF-8 at offset {}, expected a UTF-8 TOML file",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    parse_roster_text(&name, &text, file.parent().unwrap_or(Path::new(".")))
}

/// Reads a roster from its text; key paths are relative to `folder`. `name` names it in errors.
pub fn parse_roster_text(name: &str, text: &str, folder: &Path) -> Result<Roster, InputError> {
    let name = name.to_string();
    let raw: RawRoster = toml::from_str(text).map_err(|e| toml_error(&name, text, &e))?;
    let mut signers = BTreeMap::new();
    for signer in raw.signer {
        let item = format!("signer \"{}\"", signer.id);
        let pem = if signer.public_key.trim_start().starts_with("-----BEGIN") {
            signer.public_key.clone()
        } else {
            let path = folder.join(&signer.public_key);
            crate::files::read_regular(&path, crate::files::MAX_SMALL_BYTES)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .map_err(|e| InputError {
                    file: name.clone(),
                    line: None,
                    item: Some(item.clone()),
                    message: format!("the public key {} {e}", path.display()),
                })?
        };
        let key = read_public_key(&pem).map_err(|e: KeyError| InputError {
            file: name.clone(),
            line: None,
            item: Some(item.clone()),
            message: e.to_string(),
        })?;
        if !crate::session::valid_expert_id(&signer.id) {
            return Err(InputError {
                file: name,
                line: None,
                item: Some(item),
                message: "expected an id of letters, digits, . _ - (at most 64)".into(),
            });
        }
        if let Some((other, _)) = signers
            .iter()
            .find(|(_, s): &(&String, &RosterSigner)| s.key.as_bytes() == key.as_bytes())
        {
            return Err(InputError {
                file: name,
                line: None,
                item: Some(item),
                message: format!(
                    "has the same public key as signer \"{other}\", expected one key per signer"
                ),
            });
        }
        let entry = RosterSigner {
            name: signer.name,
            key,
            role: signer.role,
        };
        if signers.insert(signer.id.clone(), entry).is_some() {
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

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}
