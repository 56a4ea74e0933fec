//! `sheet FILE --format json|csv|html|pdf --out PATH [--force] [--roster R]`: the score sheet of
//! a session, a combined evaluation or a sheet file, as the signed JSON (with its `.sig`), CSV,
//! printable HTML or archival PDF. A signed sheet is verified first (a broken one is refused,
//! never printed as signed) and its standing handed to the renderer; a file never signed gives
//! a draft marked as such. `--force` replaces only a file of the kind being written.

use super::CliError;
use super::files::{WriteMode, read_bytes, signature_path, write_file};
use super::pdf_font::find_font;
use crate::error::InputError;
use crate::hashing::sha256_hex;
use crate::i18n::Lang;
use crate::sheet::{
    SheetDoc, Standing, check_combined_signoff, check_session_signoff, combined_sheet, draft,
    expert_sheet, open_sheet, parse_sheet, sheet_csv, sheet_html, sheet_pdf, signed_doc,
};
use crate::signing::{Roster, parse_roster};
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
    /// Replace an existing file of the same kind.
    pub force: bool,
    /// The font for a PDF (else found on the system).
    pub font: Option<&'a Path>,
    /// The roster to check the signer's key against.
    pub roster: Option<&'a Path>,
}

fn broken(file: &Path, why: String) -> CliError {
    CliError::from(InputError::file(
        file.display().to_string(),
        format!("the signed sheet does not verify ({why}); it is not printed as signed"),
    ))
}

/// A sheet ready to print: the typed sheet, how it stands, its exact bytes and signature.
struct Loaded {
    doc: SheetDoc,
    standing: Standing,
    bytes: Vec<u8>,
    signature: Option<Vec<u8>>,
}

/// The sheet of a file, verified.
fn sheet_of(file: &Path, roster: Option<&Roster>) -> Result<Loaded, CliError> {
    let fail = |why: String| broken(file, why);
    match stored_file(file) {
        StoredFile::Session => {
            let (rubric, state) = read_session(file)?;
            let check = check_session_signoff(&rubric, &state, roster).map_err(fail)?;
            Ok(match &state.signed {
                Some(signoff) => {
                    let (doc, standing) = signed_doc(signoff, check).map_err(fail)?;
                    Loaded {
                        doc,
                        standing,
                        bytes: signoff.sheet.clone(),
                        signature: Some(signoff.signature.clone()),
                    }
                }
                None => {
                    let doc = SheetDoc::Expert(Box::new(expert_sheet(&rubric, &state, None)));
                    let bytes = doc.to_bytes();
                    let (doc, standing) = draft(doc).map_err(fail)?;
                    Loaded {
                        doc,
                        standing,
                        bytes,
                        signature: None,
                    }
                }
            })
        }
        StoredFile::Combined => {
            let stored = read_combined(file)?;
            let (inputs, options, chair, meeting) =
                (stored.inputs, stored.options, stored.chair, stored.meeting);
            let combined = crate::panel::merge(&inputs, options, &chair)?;
            match read_combined_signoff(file)? {
                Some((signoff, signer)) => {
                    let check = check_combined_signoff(
                        &combined,
                        &inputs,
                        meeting.as_ref(),
                        &signoff,
                        &signer,
                        roster,
                    )
                    .map_err(fail)?;
                    let (doc, standing) = signed_doc(&signoff, check).map_err(fail)?;
                    Ok(Loaded {
                        doc,
                        standing,
                        bytes: signoff.sheet,
                        signature: Some(signoff.signature),
                    })
                }
                None => {
                    let doc = SheetDoc::Combined(Box::new(combined_sheet(
                        &combined,
                        &inputs,
                        meeting.as_ref(),
                        None,
                    )));
                    let bytes = doc.to_bytes();
                    let (doc, standing) = draft(doc).map_err(fail)?;
                    Ok(Loaded {
                        doc,
                        standing,
                        bytes,
                        signature: None,
                    })
                }
            }
        }
        StoredFile::Other => {
            let bytes = read_bytes(file, "sheet")?;
            let sig_path = signature_path(file);
            let signature = match std::fs::symlink_metadata(&sig_path) {
                Ok(_) => Some(read_bytes(&sig_path, "signature")?),
                Err(_) => None,
            };
            parse_sheet(&bytes).map_err(|e| {
                CliError::from(InputError::file(
                    file.display().to_string(),
                    format!("{e}; expected a session, a combined evaluation or a sheet written by cluster-review"),
                ))
            })?;
            let (doc, standing) = open_sheet(&bytes, signature.as_deref(), roster).map_err(fail)?;
            Ok(Loaded {
                doc,
                standing,
                bytes,
                signature,
            })
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

/// Whether an existing file is of the kind `--force` may replace with this format: a sheet of
/// ours in the same form (a session, a key, any other file is never replaced).
fn same_kind(path: &Path, format: SheetFormat, signature: bool) -> bool {
    let Ok(bytes) = crate::files::read_regular(path, crate::files::MAX_INPUT_BYTES) else {
        return false;
    };
    if signature {
        return bytes.len() == 64;
    }
    match format {
        SheetFormat::Json => parse_sheet(&bytes).is_ok(),
        SheetFormat::Csv => bytes.starts_with(b"\xEF\xBB\xBFpackage_id,"),
        SheetFormat::Html => {
            bytes.starts_with(b"<!DOCTYPE html>")
                && bytes
                    .windows(crate::sheet::HTML_GENERATOR.len())
                    .any(|w| w == crate::sheet::HTML_GENERATOR.as_bytes())
        }
        SheetFormat::Pdf => {
            bytes.starts_with(b"%PDF-") && bytes.windows(14).any(|w| w == b"cluster-review")
        }
    }
}

/// Refuses to write over a file unless `--force` and the file is of the same kind.
fn check_target(
    path: &Path,
    format: SheetFormat,
    signature: bool,
    force: bool,
) -> Result<(), CliError> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(());
    }
    let refuse = |why: &str| {
        Err(CliError::from(InputError::file(
            path.display().to_string(),
            why.to_string(),
        )))
    };
    if !force {
        return refuse(
            "exists already; give --force to replace it (only a sheet of the same kind is replaced), or choose another --out",
        );
    }
    if !same_kind(path, format, signature) {
        return refuse(
            "exists and is not a sheet of the kind being written (a session, a key or another file is never replaced, even with --force); choose another --out",
        );
    }
    Ok(())
}

/// Writes the sheet in the format asked.
pub fn run(
    file: &Path,
    format: SheetFormat,
    out: &Path,
    options: Options<'_>,
    lang: Lang,
) -> Result<String, CliError> {
    if same_file(file, out) || same_file(&signature_path(file), out) {
        return Err(CliError::from(InputError::file(
            out.display().to_string(),
            "is the file the sheet is made from, expected another --out",
        )));
    }
    let roster = options.roster.map(parse_roster).transpose()?;
    let loaded = sheet_of(file, roster.as_ref())?;
    let Loaded {
        doc,
        standing,
        bytes,
        signature,
    } = loaded;
    check_target(out, format, false, options.force)?;
    let with_signature = format == SheetFormat::Json && signature.is_some();
    if with_signature {
        check_target(&signature_path(out), format, true, options.force)?;
    }
    let mode = if options.force {
        WriteMode::Replace
    } else {
        WriteMode::New
    };
    let sha256 = sha256_hex(&bytes);
    match format {
        SheetFormat::Json => {
            write_file(out, &bytes, mode)?;
            if let Some(sig) = signature.as_ref().filter(|_| with_signature) {
                write_file(&signature_path(out), sig, mode)?;
            }
        }
        SheetFormat::Csv => write_file(out, &sheet_csv(&doc, standing), mode)?,
        SheetFormat::Html => {
            write_file(out, sheet_html(&doc, standing, &sha256).as_bytes(), mode)?;
        }
        SheetFormat::Pdf => {
            let font = find_font(options.font)?;
            let now = crate::timestamp::now_local();
            let pdf = sheet_pdf(&doc, standing, &sha256, &font, &now).map_err(|e| {
                CliError::from(InputError::file(
                    file.display().to_string(),
                    format!("{e} (font {})", font.family),
                ))
            })?;
            write_file(out, &pdf, mode)?;
        }
    }
    let state = match standing.kind() {
        crate::sheet::StandingKind::Signed(crate::sheet::KeyCheck::Roster) => lang.pick(
            "已签署，签名有效，已按名册核验",
            "signed, signature valid, key checked against the roster",
        ),
        crate::sheet::StandingKind::Signed(_) => lang.pick(
            "已签署，签名有效，未按名册核验签署人公钥",
            "signed, signature valid; the key was not checked against a roster",
        ),
        crate::sheet::StandingKind::Draft => lang.pick("草稿，未签署", "unsigned draft"),
    };
    Ok(format!(
        "{} {}（{state}）\n",
        lang.pick("已写出", "wrote"),
        out.display()
    ))
}
