//! Reading a private key from a file as ssh does: a key that others may read is refused, since a
//! signature is only worth as much as the secrecy of its key. One loader for the `sign` command
//! and the review screen's `S`.
//!
//! Unix: the file's mode must give no access to group or others (`chmod 600 KEY.pem`).
//! Windows: the check is not made (NTFS access lists are not inspected; the README says so);
//! keep the key in your own profile folder, which only you can read.

use super::keys::{KeyError, read_private_key};
use crate::files::{MAX_SMALL_BYTES, ReadError, open_regular};
use ed25519_dalek::SigningKey;
use std::io::Read;
use std::path::Path;

/// Why a private key file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// Not a readable regular file.
    #[error("the private key {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: ReadError,
    },
    /// Readable by others.
    #[error(
        "the private key is readable by others (mode {mode:04o}), expected a file only you can read; fix it with `chmod 600 {path}` and keep the key to yourself"
    )]
    Exposed {
        /// The file.
        path: String,
        /// Its permission bits.
        mode: u32,
    },
    /// Not a key.
    #[error("{source}")]
    NotAKey {
        /// The file.
        path: String,
        /// Why.
        source: KeyError,
    },
}

/// The permission bits that must be clear on a private key file: any access by group or others.
pub const EXPOSING_BITS: u32 = 0o077;

/// Whether a file mode exposes a private key (pure, so it is tested on every platform).
pub fn mode_exposes(mode: u32) -> bool {
    mode & EXPOSING_BITS != 0
}

/// Reads the private key in `path`, refusing a key file that others may read.
pub fn load_private_key(path: &Path) -> Result<SigningKey, KeyFileError> {
    let shown = path.display().to_string();
    let file = open_regular(path).map_err(|source| KeyFileError::Read {
        path: shown.clone(),
        source,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file
            .metadata()
            .map_err(|e| KeyFileError::Read {
                path: shown.clone(),
                source: ReadError::Io(e),
            })?
            .permissions()
            .mode()
            & 0o7777;
        if mode_exposes(mode) {
            return Err(KeyFileError::Exposed { path: shown, mode });
        }
    }
    let mut bytes = Vec::new();
    file.take(MAX_SMALL_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| KeyFileError::Read {
            path: shown.clone(),
            source: ReadError::Io(e),
        })?;
    if bytes.len() as u64 > MAX_SMALL_BYTES {
        return Err(KeyFileError::Read {
            path: shown,
            source: ReadError::TooLarge {
                limit: MAX_SMALL_BYTES,
            },
        });
    }
    let text = String::from_utf8_lossy(&bytes);
    read_private_key(&text).map_err(|source| KeyFileError::NotAKey {
        path: shown,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_owner_only_modes_keep_a_key_private() {
        for private in [0o600, 0o400, 0o700, 0o4600] {
            assert!(!mode_exposes(private), "{private:o}");
        }
        for exposed in [0o640, 0o644, 0o666, 0o604, 0o660, 0o601, 0o610] {
            assert!(mode_exposes(exposed), "{exposed:o}");
        }
    }
}
