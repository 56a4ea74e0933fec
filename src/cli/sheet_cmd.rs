//! `sheet FILE --format json|csv|html --out PATH [--force]`: the score sheet of a session, a
//! combined evaluation or a sheet file, as the signed JSON (with its `.sig`), CSV or printable
//! HTML. A signed sheet is verified first (a broken one is refused, never printed as signed);
//! a file not yet signed gives a draft marked as unsigned.

use super::CliError;
use super::files::{WriteMode, read_bytes, signature_path, write_file};
use super::pdf_font::find_font;
use crate::error::InputError;
use crate::i18n::Lang;
use crate::sheet::{
    check_combined_signoff, check_session_signoff, combined_sheet, expert_sheet, read_sheet,
    sheet_csv, sheet_html, sheet_pdf, verify_with_own_key,
};
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
    /// Archival PDF/A-1b, A4, with an embedded CJK font.
    Pdf,
}

/// How to write the sheet.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Replace an existing file.
    pub force: bool,
    /// The font for a PDF (else found on the system).
    pub font: Option<&'a Path>,
}

fn broken(file: &Path, why: String) -> CliError {
    CliError::from(InputError::file(
        file.display().to_string(),
        format!("the signed sheet does not verify ({why}); it is not printed as signed"),
    ))
}

/// The sheet's bytes and signature (if signed), verified.
fn sheet_of(file: &Path) -> Result<(Vec<u8>, Option<Vec<u8>>), CliError> {
    match stored_file(file) {
        StoredFile::Session => {
            let (rubric, state) = read_session(file)?;
            check_session_signoff(&rubric, &state, None).map_err(|why| broken(file, why))?;
            Ok(match &state.signed {
                Some(signoff) => (signoff.sheet.clone(), Some(signoff.signature.clone())),
                None => (expert_sheet(&rubric, &state, None), None),
            })
        }
        StoredFile::Combined => {
            let (inputs, options, chair) = read_combined(file)?;
            let combined = crate::panel::merge(&inputs, options, &chair)?;
            match read_combined_signoff(file)? {
                Some((signoff, signer)) => {
                    check_combined_signoff(&combined, &signoff, &signer, None)
                        .map_err(|why| broken(file, why))?;
                    Ok((signoff.sheet, Some(signoff.signature)))
                }
                None => Ok((combined_sheet(&combined, None), None)),
            }
        }
        StoredFile::Other => {
            let bytes = read_bytes(file, "sheet")?;
            let sig_path = signature_path(file);
            match std::fs::read(&sig_path) {
                Ok(sig) => {
                    verify_with_own_key(&bytes, &sig).map_err(|why| broken(file, why))?;
                    Ok((bytes, Some(sig)))
                }
                // a draft (never signed) needs no signature; a signed sheet does
                Err(_) if read_sheet(&bytes).is_err() => Ok((bytes, None)),
                Err(e) => Err(broken(
                    file,
                    format!("its signature {} cannot be read: {e}", sig_path.display()),
                )),
            }
        }
    }
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes the sheet in the format asked; an existing file is replaced only with `force`.
pub fn run(
    file: &Path,
    format: SheetFormat,
    out: &Path,
    options: Options<'_>,
    lang: Lang,
) -> Result<String, CliError> {
    let force = options.force;
    if same_file(file, out) || same_file(&signature_path(file), out) {
        return Err(CliError::from(InputError::file(
            out.display().to_string(),
            "is the file the sheet is made from, expected another --out",
        )));
    }
    let (bytes, signature) = sheet_of(file)?;
    let bad = |e: crate::sheet::SheetError| {
        CliError::from(InputError::file(file.display().to_string(), e.to_string()))
    };
    let mode = if force {
        WriteMode::Replace
    } else {
        WriteMode::New
    };
    match format {
        SheetFormat::Json => {
            write_file(out, &bytes, mode)?;
            if let Some(sig) = &signature {
                write_file(&signature_path(out), sig, mode)?;
            }
        }
        SheetFormat::Csv => write_file(out, &sheet_csv(&bytes).map_err(bad)?, mode)?,
        SheetFormat::Html => write_file(out, sheet_html(&bytes).map_err(bad)?.as_bytes(), mode)?,
        SheetFormat::Pdf => {
            let font = find_font(options.font)?;
            let now = jiff::Timestamp::now().to_string();
            let pdf = sheet_pdf(&bytes, &font, &now).map_err(|e| {
                CliError::from(InputError::file(
                    file.display().to_string(),
                    format!("{e} (font {})", font.family),
                ))
            })?;
            write_file(out, &pdf, mode)?;
        }
    }
    let state = if signature.is_some() {
        lang.pick("已签署，签名有效", "signed, signature valid")
    } else {
        lang.pick("草稿，未签署", "unsigned draft")
    };
    Ok(format!(
        "{} {}（{state}）\n",
        lang.pick("已写出", "wrote"),
        out.display()
    ))
}
