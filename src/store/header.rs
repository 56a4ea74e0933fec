//! A look at a session file's first 100 bytes before SQLite touches it, so that a garbage,
//! truncated or foreign file is refused without being opened for writing (and so left
//! exactly as it was).

use super::error::StoreError;
use super::schema::{APPLICATION_ID, FORMAT_VERSION};

/// What kind of file is expected: its application id, newest format and name.
#[derive(Debug, Clone, Copy)]
pub struct FileKind {
    /// `PRAGMA application_id`.
    pub application_id: i32,
    /// Newest `user_version` this program reads.
    pub format: u32,
    /// How users call it.
    pub name: &'static str,
}

/// An expert's session file.
pub const SESSION: FileKind = FileKind {
    application_id: APPLICATION_ID,
    format: FORMAT_VERSION,
    name: "cluster-review session",
};
use std::io::Read;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The file SQLite would use to roll back an interrupted transaction.
pub fn journal_path(session: &Path) -> PathBuf {
    let mut name = session
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push("-journal");
    session.with_file_name(name)
}

fn be_u32(header: &[u8], offset: usize) -> u32 {
    header
        .get(offset..offset + 4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map_or(0, u32::from_be_bytes)
}

/// Checks that the file looks like a complete cluster-review session of a format we read.
pub fn precheck(path: &Path) -> Result<(), StoreError> {
    precheck_kind(path, SESSION)
}

/// Checks that the file looks like a complete file of this kind, of a format we read.
pub fn precheck_kind(path: &Path, kind: FileKind) -> Result<(), StoreError> {
    let not = |detail: String| StoreError::NotASession {
        path: path.to_path_buf(),
        detail,
    };
    let mut file = match crate::files::open_regular(path) {
        Ok(file) => file,
        Err(crate::files::ReadError::Missing) => {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Err(crate::files::ReadError::Io(e)) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                context: format!("cannot read the {}", kind.name),
                source: e,
            });
        }
        Err(e) => return Err(not(format!("{e} ({})", kind.name))),
    };
    let length = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut header = Vec::with_capacity(100);
    let _ = (&mut file).take(100).read_to_end(&mut header);
    if header.len() < 100 {
        return Err(not(format!(
            "is {length} bytes long, expected a {} (truncated, or not one)",
            kind.name
        )));
    }
    if header.get(..16) != Some(MAGIC.as_slice()) {
        let start: Vec<String> = header.iter().take(8).map(|b| format!("{b:02X}")).collect();
        return Err(not(format!(
            "starts with bytes {}, expected a {} (an SQLite file, \"SQLite format 3\")",
            start.join(" "),
            kind.name
        )));
    }
    let application_id = be_u32(&header, 68) as i32;
    if application_id != kind.application_id {
        return Err(not(format!(
            "is an SQLite file with application_id {application_id:#x}, expected a {} ({:#x})",
            kind.name, kind.application_id
        )));
    }
    let format = be_u32(&header, 60);
    if format > kind.format {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: format,
            supported: kind.format,
        });
    }
    if !journal_path(path).exists() {
        let raw_page_size = header
            .get(16..18)
            .and_then(|b| <[u8; 2]>::try_from(b).ok())
            .map_or(0, u16::from_be_bytes);
        let page_size = match u32::from(raw_page_size) {
            1 => 65_536,
            n => n,
        };
        let pages_valid = be_u32(&header, 92) == be_u32(&header, 24);
        let pages = be_u32(&header, 28);
        let expected = u64::from(pages) * u64::from(page_size);
        if pages_valid && length < expected {
            return Err(not(format!(
                "is truncated: its header announces {pages} pages of {page_size} bytes ({expected} bytes), the file has {length} bytes"
            )));
        }
    }
    Ok(())
}

/// Which of our SQLite files a path holds, judged by its header's application id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredFile {
    /// An expert's session.
    Session,
    /// A combined evaluation.
    Combined,
    /// Anything else (or nothing readable).
    Other,
}

/// Tells a session from a combined evaluation without opening either with SQLite.
pub fn stored_file(path: &Path) -> StoredFile {
    let mut header = Vec::with_capacity(100);
    if let Ok(file) = crate::files::open_regular(path) {
        let _ = file.take(100).read_to_end(&mut header);
    }
    if header.len() < 100 || header.get(..16) != Some(MAGIC.as_slice()) {
        return StoredFile::Other;
    }
    match be_u32(&header, 68) as i32 {
        APPLICATION_ID => StoredFile::Session,
        super::combined_schema::COMBINED_APPLICATION_ID => StoredFile::Combined,
        _ => StoredFile::Other,
    }
}
