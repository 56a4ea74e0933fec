//! Where signed sheets go on disk: beside the signed file as `<stem>.r<revision>.json` with the
//! raw signature in `….json.sig`, each written completely or not at all. Shared by `sign` and
//! the review screen's `S`.

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

/// Writes a file completely or not at all (a temporary file, synced, renamed into place).
/// `private` files are readable by their owner only (Unix: mode 0600).
pub fn write_atomically(path: &Path, bytes: &[u8], private: bool) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut temp_name = path.as_os_str().to_os_string();
    temp_name.push(".writing");
    let temp = PathBuf::from(temp_name);
    let _ = std::fs::remove_file(&temp);
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
    result
}

/// Writes a signed sheet and its signature; returns the signature's path.
pub fn write_signed_sheet(signoff: &SignOff, sheet: &Path) -> std::io::Result<PathBuf> {
    let signature = signature_path(sheet);
    write_atomically(sheet, &signoff.sheet, false)?;
    write_atomically(&signature, &signoff.signature, false)?;
    Ok(signature)
}
