//! Ed25519 keys and signatures that anyone with OpenSSL 3 can check: private keys as PKCS#8
//! **v1** PEM (v2, with the public key inside, is unreadable by OpenSSL 3.0), public keys as
//! SPKI PEM, signatures as the raw 64 bytes over the exact bytes of a sheet.

mod key_file;
mod keys;
mod roster;

pub use key_file::{KeyFileError, load_private_key, mode_exposes};
pub use keys::{
    KeyError, generate, private_key_pem, public_key_pem, read_private_key, read_public_key, sign,
    verify,
};
pub use roster::{Role, Roster, RosterSigner, parse_roster, parse_roster_text};
