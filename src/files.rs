//! Files written completely or not at all, and never over another file by accident: signed
//! sheets beside the signed file as `<stem>.r<revision>.json` with the raw signature in
//! `….json.sig`, keys, exports, the user's config. Shared by the commands, the review screen's
//! `S` and the SQLite store (which syncs folders the same way).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The largest text input read whole (a CSV, a rubric, a sheet, a workbook): 64 MiB. Anything
/// larger is refused before it is read, so `/dev/zero` or a runaway file cannot exhaust memory.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
/// The largest key, roster or config file read: 1 MiB.
pub const MAX_SMALL_BYTES: u64 = 1024 * 1024;

/// Why a file given to the program cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// No such file.
    #[error("does not exist, expected an existing file")]
    Missing,
    /// A folder, named pipe, socket or device where a file belongs.
    #[error("is {0}, expected a regular file")]
    NotRegular(&'static str),
    /// Larger than the limit.
    #[error("is larger than {limit} bytes, expected a smaller file (is it the right one?)")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The operating system refused.
    #[error("cannot be read: {0}")]
    Io(#[from] std::io::Error),
}

/// What kind of non-regular file a path holds, in words.
fn kind_of(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Refuses anything but a regular file (links are followed), without opening it: opening a
/// named pipe would wait for a writer forever.
pub fn check_regular(path: &Path) -> Result<(), ReadError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(()),
        Ok(meta) => Err(ReadError::NotRegular(kind_of(&meta.file_type()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ReadError::Missing),
        Err(e) => Err(ReadError::Io(e)),
    }
}

/// Opens a regular file for reading without ever blocking (Unix: `O_NONBLOCK`, so a named pipe
/// swapped in after the check cannot hang the program), checking again on the open handle.
pub fn open_regular(path: &Path) -> Result<std::fs::File, ReadError> {
    check_regular(path)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::Missing,
        _ => ReadError::Io(e),
    })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
    }
    Ok(file)
}

/// Reads a whole regular file of at most `limit` bytes.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// `PATH.sig`: where a sheet's signature lies.
pub fn signature_path(sheet: &Path) -> PathBuf {
    let mut name = sheet.as_os_str().to_os_string();
    name.push(".sig");
    PathBuf::from(name)
}

/// The default sheet path: beside the file, `<stem>.r<revision>.json`.
pub fn default_sheet_path(file: &Path, revision: u32) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sheet".into());
    file.with_file_name(format!("{stem}.r{revision}.json"))
}

/// How a file may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// A new file; an existing one is never replaced (sheets, signatures, keys).
    New,
    /// A new file, or one replacing a file of the same kind (`sheet --force`, the config).
    Replace,
    /// A new private key: owner-only (Unix: mode 0600), never replacing a file.
    NewPrivate,
}

/// Writes a file completely or not at all (a temporary file beside it, synced, renamed into
/// place, the folder synced). Unless `Replace`, an existing file is refused (`AlreadyExists`),
/// also when one appears while writing (the rename never replaces a file).
pub fn write_atomically(path: &Path, bytes: &[u8], mode: WriteMode) -> std::io::Result<()> {
    if mode != WriteMode::Replace && std::fs::symlink_metadata(path).is_ok() {
        return Err(exists_error());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    remove_stale_temps(path, WRITING, None);
    let mut temp = temp_beside(path, WRITING, mode == WriteMode::NewPrivate)?;
    temp.as_file_mut().write_all(bytes)?;
    temp.as_file().sync_all()?;
    match mode {
        WriteMode::Replace => {
            temp.persist(path).map_err(|e| e.error)?;
        }
        WriteMode::New | WriteMode::NewPrivate => {
            temp.persist_noclobber(path).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    exists_error()
                } else {
                    e.error
                }
            })?;
        }
    }
    sync_folder(path);
    Ok(())
}

fn exists_error() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "the file exists already and is never overwritten; choose another path",
    )
}

/// The suffix of files being written by `write_atomically`.
pub const WRITING: &str = ".writing";
/// The suffix of SQLite files being built before they are put in place.
pub const CREATING: &str = ".creating";

/// A new temporary file beside `target` (same folder, so renaming it is atomic), named
/// `NAME.XXXXXX<suffix>` and locked while it exists, so that a later run can tell a leftover of
/// a killed run (unlocked) from a file another process is writing (locked). Owner-only when
/// `private`; otherwise readable as usual.
pub fn temp_beside(
    target: &Path,
    suffix: &str,
    private: bool,
) -> std::io::Result<tempfile::NamedTempFile> {
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut prefix = target
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(if private {
            0o600
        } else {
            0o644
        }));
    }
    #[cfg(not(unix))]
    let _ = private;
    let temp = builder.tempfile_in(folder)?;
    temp.as_file().try_lock().map_err(std::io::Error::other)?;
    Ok(temp)
}

/// Removes what killed runs left of files being written for `target` (`NAME.XXXXXX<suffix>`
/// beside it, and the older `NAME<suffix>` / `NAME.<pid><suffix>` names): a leftover is a file
/// nobody holds locked. `keep` is spared (the caller's own temporary file).
pub fn remove_stale_temps(target: &Path, suffix: &str, keep: Option<&Path>) {
    let Some(name) = target.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(other) = file_name.to_str() else {
            continue;
        };
        let ours = other == format!("{name}{suffix}")
            || (other.starts_with(&format!("{name}.")) && other.ends_with(suffix));
        let path = entry.path();
        if !ours || keep.is_some_and(|k| k == path) {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.file_type().is_file() {
            continue;
        }
        let unlocked = open_regular(&path)
            .map(|file| file.try_lock().is_ok())
            .unwrap_or(false);
        if unlocked {
            let _ = std::fs::remove_file(&path);
            // SQLite's rollback journal of a file killed while being built
            let mut journal = path.as_os_str().to_os_string();
            journal.push("-journal");
            let _ = std::fs::remove_file(PathBuf::from(journal));
        }
    }
}

/// Makes a rename or a new file durable (Unix: fsync the folder; elsewhere the OS does not
/// offer it).
pub fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(dir) = std::fs::File::open(parent)
    {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Refuses to write a sheet over an existing file, before anything is signed.
pub fn check_free(sheet: &Path) -> std::io::Result<()> {
    for path in [sheet.to_path_buf(), signature_path(sheet)] {
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "{} exists already and is never overwritten; choose another path",
                    path.display()
                ),
            ));
        }
    }
    Ok(())
}
