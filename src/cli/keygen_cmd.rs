//! `keygen --out DIR --id ID`: a new Ed25519 key pair for an expert or the chair.

use super::CliError;
use super::files::{WriteMode, refuse_existing, write_file};
use crate::error::InputError;
use crate::i18n::Lang;
use crate::session::valid_expert_id;
use crate::signing::{generate, private_key_pem, public_key_pem};
use std::path::Path;

/// Writes `DIR/ID.key.pem` (PKCS#8 v1, owner-only) and `DIR/ID.pub.pem` (SPKI).
pub fn run(dir: &Path, id: &str, lang: Lang) -> Result<String, CliError> {
    if !valid_expert_id(id) {
        return Err(CliError::from(InputError::file(
            "--id",
            format!(
                "found \"{id}\", expected letters, digits, . _ - (at most 64, not starting with .)"
            ),
        )));
    }
    let private = dir.join(format!("{id}.key.pem"));
    let public = dir.join(format!("{id}.pub.pem"));
    let advice = "a key is never overwritten; choose another --out or --id";
    refuse_existing(&private, advice)?;
    refuse_existing(&public, advice)?;
    let fail = |e: crate::signing::KeyError| CliError::from(InputError::file("key", e.to_string()));
    let key = generate().map_err(fail)?;
    let private_pem = private_key_pem(&key).map_err(fail)?;
    let public_pem = public_key_pem(&key.verifying_key()).map_err(fail)?;
    write_file(&private, private_pem.as_bytes(), WriteMode::NewPrivate)?;
    if let Err(e) = write_file(&public, public_pem.as_bytes(), WriteMode::New) {
        // the private key was made just now and never used: without its public half it is
        // useless, and leaving it would block the next attempt
        let _ = std::fs::remove_file(&private);
        return Err(e);
    }
    Ok(format!(
        "{} {}\n{} {}\n",
        lang.pick(
            "私钥（请妥善保管，勿外传）",
            "private key (keep it to yourself)"
        ),
        private.display(),
        lang.pick(
            "公钥（交评审组长和市科技局登记）",
            "public key (give it to the chair and the bureau for the roster)"
        ),
        public.display()
    ))
}
