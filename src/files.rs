//! Files written completely or not at all, and never over another file by accident: signed
//! sheets beside the signed file as `<stem>.r<revision>.json` with the raw signature in
//! `….json.sig`, keys, exports, the user's config. Shared by the commands, the review screen's
//! `S` and the SQLite store (which syncs folders the same way).

use crate::session::SignOff;
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// Writes a file completely or not at all (a temporary file, synced, renamed into place, the
/// folder synced). Unless `Replace`, an existing file is refused (`AlreadyExists`).
pub fn write_atomically(path: &Path, bytes: &[u8], mode: WriteMode) -> std::io::Result<()> {
    if mode != WriteMode::Replace && std::fs::symlink_metadata(path).is_ok() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "the file exists already and is never overwritten; choose another path",
        ));
    }
    let private = mode == WriteMode::NewPrivate;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut temp_name = path.as_os_str().to_os_string();
    temp_name.push(format!(".{}.writing", std::process::id()));
    let temp = PathBuf::from(temp_name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        if private {
            options.mode(0o600);
        }
    }
    #[cfg(not(unix))]
    let _ = private;
    let result = options
        .open(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result?;
    sync_folder(path);
    Ok(())
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

/// Writes a signed sheet and its signature; returns the signature's path.
pub fn write_signed_sheet(signoff: &SignOff, sheet: &Path) -> std::io::Result<PathBuf> {
    let signature = signature_path(sheet);
    write_atomically(sheet, &signoff.sheet, WriteMode::New)?;
    write_atomically(&signature, &signoff.signature, WriteMode::New)?;
    Ok(signature)
}
