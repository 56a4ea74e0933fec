//! Entries and their hash chain. An entry's hash is SHA-256 over a fixed label and then every
//! field, each as an 8-byte big-endian length followed by its bytes:
//! `seq, added_at, kind, signer_id, signer_name, signed_at, sheet, signature, public_key,
//! prev_hash`. The first entry's `prev_hash` is 64 zeros.

use crate::hashing::{hex, sha256_hex};
use crate::sheet::{TrustedKey, read_sheet, verify_sheet};
use crate::signing::read_public_key;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const LABEL: &[u8] = b"cluster-review archive entry 1\n";

/// What is appended: a sheet, its signature, and what the sheet says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// `expert` or `combined`.
    pub kind: String,
    /// Who signed.
    pub signer_id: String,
    /// Their name.
    pub signer_name: String,
    /// When.
    pub signed_at: String,
    /// The sheet's exact bytes.
    pub sheet: Vec<u8>,
    /// The raw signature.
    pub signature: Vec<u8>,
    /// The key the sheet was signed with (SPKI PEM).
    pub public_key: String,
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveEntry {
    /// Position, from 1.
    pub seq: i64,
    /// When it was added (RFC 3339).
    pub added_at: String,
    /// The sheet and its signature.
    pub entry: NewEntry,
    /// SHA-256 of the sheet (for people matching paper and file).
    pub sheet_sha256: String,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub entry_hash: String,
}

/// The first entry that does not hold, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("entry {seq}: {why}")]
pub struct Broken {
    /// The entry's position.
    pub seq: i64,
    /// What is wrong.
    pub why: String,
}

/// The hash of an entry.
pub fn entry_hash(seq: i64, added_at: &str, entry: &NewEntry, prev_hash: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(LABEL);
    let seq = seq.to_string();
    for field in [
        seq.as_bytes(),
        added_at.as_bytes(),
        entry.kind.as_bytes(),
        entry.signer_id.as_bytes(),
        entry.signer_name.as_bytes(),
        entry.signed_at.as_bytes(),
        &entry.sheet,
        &entry.signature,
        entry.public_key.as_bytes(),
        prev_hash.as_bytes(),
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field);
    }
    hex(&hasher.finalize())
}

/// Checks every entry in order: numbering, the chain, each hash, each sheet's digest and
/// signature, and that what the entry says matches its sheet. Returns the number of entries.
pub fn verify_entries(entries: &[ArchiveEntry]) -> Result<usize, Broken> {
    let mut prev = GENESIS.to_string();
    let mut last_added: Option<jiff::Timestamp> = None;
    for (position, e) in entries.iter().enumerate() {
        let broken = |why: String| Broken { seq: e.seq, why };
        let added = crate::timestamp::parse(&e.added_at)
            .map_err(|bad| broken(format!("its added_at {bad}")))?;
        if last_added.is_some_and(|before| added < before) {
            return Err(broken(format!(
                "was added at {}, before the entry preceding it: the times were changed",
                e.added_at
            )));
        }
        last_added = Some(added);
        let expected_seq = position as i64 + 1;
        if e.seq != expected_seq {
            return Err(broken(format!(
                "is numbered {}, expected {expected_seq}: an entry was removed or inserted",
                e.seq
            )));
        }
        if e.prev_hash != prev {
            return Err(broken(format!(
                "names {} as the previous entry's hash, expected {prev}: the entry before it was changed or removed",
                e.prev_hash
            )));
        }
        let hash = entry_hash(e.seq, &e.added_at, &e.entry, &e.prev_hash);
        if hash != e.entry_hash {
            return Err(broken(format!(
                "its contents hash to {hash}, but {} is recorded: the entry was changed after it was added",
                e.entry_hash
            )));
        }
        if sha256_hex(&e.entry.sheet) != e.sheet_sha256 {
            return Err(broken(
                "the sheet does not match its recorded SHA-256".into(),
            ));
        }
        check_entry(&e.entry).map_err(broken)?;
        prev = hash;
    }
    Ok(entries.len())
}

/// Checks one sheet before it is added, or again later: the signature verifies with the key
/// stored beside it, and the entry's description matches the sheet.
pub fn check_entry(entry: &NewEntry) -> Result<(), String> {
    let key = read_public_key(&entry.public_key).map_err(|e| e.to_string())?;
    let (_, info, _) = verify_sheet(&entry.sheet, &entry.signature, TrustedKey::Key(&key))?;
    let described = (
        info.kind.as_str(),
        info.signer_id.as_str(),
        info.signer_name.as_str(),
        info.signed_at.as_str(),
    );
    let recorded = (
        entry.kind.as_str(),
        entry.signer_id.as_str(),
        entry.signer_name.as_str(),
        entry.signed_at.as_str(),
    );
    if described != recorded {
        return Err(format!(
            "describes the sheet as {recorded:?}, but the sheet says {described:?}"
        ));
    }
    Ok(())
}

/// Describes a signed sheet for the archive (after checking its signature with its own key).
pub fn describe(sheet: Vec<u8>, signature: Vec<u8>) -> Result<NewEntry, String> {
    let (_, info) = read_sheet(&sheet).map_err(|e| format!("the sheet {e}"))?;
    let entry = NewEntry {
        kind: info.kind.as_str().to_string(),
        signer_id: info.signer_id,
        signer_name: info.signer_name,
        signed_at: info.signed_at,
        sheet,
        signature,
        public_key: info.public_key,
    };
    check_entry(&entry)?;
    Ok(entry)
}
