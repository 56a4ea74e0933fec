//! Writing and reading the files signing produces, with messages naming the file.

use super::CliError;
use crate::error::InputError;
pub use crate::files::WriteMode;
pub use crate::files::signature_path;
use crate::files::{MAX_INPUT_BYTES, read_regular, write_atomically};
use std::path::Path;

/// Reads a whole regular file (at most `MAX_INPUT_BYTES`), or says which and why not.
pub fn read_bytes(path: &Path, what: &str) -> Result<Vec<u8>, CliError> {
    read_regular(path, MAX_INPUT_BYTES).map_err(|e| {
        CliError::from(InputError::file(
            path.display().to_string(),
            format!("the {what} {e}"),
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

/// Writes a file completely or not at all (see `WriteMode`).
pub fn write_file(path: &Path, bytes: &[u8], mode: WriteMode) -> Result<(), CliError> {
    write_atomically(path, bytes, mode).map_err(|e| {
        CliError::from(InputError::file(
            path.display().to_string(),
            format!("cannot write the file: {e}"),
        ))
    })
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
