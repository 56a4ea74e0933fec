//! Writing and reading the files signing produces, with messages naming the file.

use super::CliError;
use crate::error::InputError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Reads a whole file, or says which and why not.
pub fn read_bytes(path: &Path, what: &str) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| {
        CliError::from(InputError::file(
            path.display().to_string(),
            format!("cannot read the {what}: {e}"),
        ))
    })
}

/// Reads a whole text file.
pub fn read_text(path: &Path, what: &str) -> Result<String, CliError> {
    let bytes = read_bytes(path, what)?;
    String::from_utf8(bytes).map_err(|_| {
        CliError::from(InputError::file(
            path.display().to_string(),
            format!("the {what} is not UTF-8 text, expected a PEM file"),
        ))
    })
}

/// `PATH.sig`: where a sheet's signature lies.
pub fn signature_path(sheet: &Path) -> PathBuf {
    let mut name = sheet.as_os_str().to_os_string();
    name.push(".sig");
    PathBuf::from(name)
}

/// Writes a file completely or not at all (a temporary file renamed into place, synced).
/// `private` files are readable by their owner only (Unix: mode 0600).
pub fn write_file(path: &Path, bytes: &[u8], private: bool) -> Result<(), CliError> {
    let fail = |e: std::io::Error| {
        CliError::from(InputError::file(
            path.display().to_string(),
            format!("cannot write the file: {e}"),
        ))
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(fail)?;
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
    let result = options.open(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(e) = result.and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(e));
    }
    Ok(())
}

/// Refuses to overwrite an existing file.
pub fn refuse_existing(path: &Path, advice: &str) -> Result<(), CliError> {
    if path.exists() {
        return Err(CliError::from(InputError::file(
            path.display().to_string(),
            format!("exists already; {advice}"),
        )));
    }
    Ok(())
}
