//! `sheet FILE --format json|csv|html --out PATH`: the score sheet of a session, a combined
//! evaluation or a sheet file, as the signed JSON (with its `.sig`), CSV or printable HTML.
//! A file not yet signed gives a draft marked as unsigned.

use super::CliError;
use super::files::{read_bytes, signature_path, write_file};
use crate::error::InputError;
use crate::i18n::Lang;
use crate::sheet::{combined_sheet, expert_sheet, sheet_csv, sheet_html};
use crate::store::{StoredFile, read_combined, read_combined_signoff, read_session, stored_file};
use clap::ValueEnum;
use std::path::Path;

/// Output formats of `sheet`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SheetFormat {
    /// The sheet's exact JSON (and, when signed, its signature as PATH.sig).
    Json,
    /// CSV, UTF-8 with BOM.
    Csv,
    /// A printable HTML page (print it from a browser).
    Html,
}

/// The sheet's bytes and signature (if signed).
fn sheet_of(file: &Path) -> Result<(Vec<u8>, Option<Vec<u8>>), CliError> {
    match stored_file(file) {
        StoredFile::Session => {
            let (rubric, state) = read_session(file)?;
            Ok(match &state.signed {
                Some(signoff) => (signoff.sheet.clone(), Some(signoff.signature.clone())),
                None => (expert_sheet(&rubric, &state, None), None),
            })
        }
        StoredFile::Combined => match read_combined_signoff(file)? {
            Some((signoff, _)) => Ok((signoff.sheet, Some(signoff.signature))),
            None => {
                let (inputs, options, chair) = read_combined(file)?;
                let combined = crate::panel::merge(&inputs, options, &chair)?;
                Ok((combined_sheet(&combined, None), None))
            }
        },
        StoredFile::Other => {
            let bytes = read_bytes(file, "sheet")?;
            let sig = std::fs::read(signature_path(file)).ok();
            Ok((bytes, sig))
        }
    }
}

/// Writes the sheet in the format asked.
pub fn run(file: &Path, format: SheetFormat, out: &Path, lang: Lang) -> Result<String, CliError> {
    let (bytes, signature) = sheet_of(file)?;
    let bad = |e: crate::sheet::SheetError| {
        CliError::from(InputError::file(file.display().to_string(), e.to_string()))
    };
    match format {
        SheetFormat::Json => {
            write_file(out, &bytes, false)?;
            if let Some(sig) = &signature {
                write_file(&signature_path(out), sig, false)?;
            }
        }
        SheetFormat::Csv => write_file(out, &sheet_csv(&bytes).map_err(bad)?, false)?,
        SheetFormat::Html => write_file(out, sheet_html(&bytes).map_err(bad)?.as_bytes(), false)?,
    }
    let state = if signature.is_some() {
        lang.pick("已签署", "signed")
    } else {
        lang.pick("草稿，未签署", "unsigned draft")
    };
    Ok(format!(
        "{} {}（{state}）\n",
        lang.pick("已写出", "wrote"),
        out.display()
    ))
}
