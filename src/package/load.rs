//! Loading a whole package: read the folder once, parse every part against the rubric, report
//! every error found, and compute the digest over the same bytes that were checked. The figures
//! and tables come from `measures.csv` and `tables/*.csv`, or from the workbook `package.xlsx`
//! (one worksheet per file); a package with both is refused.

use super::digest::package_digest;
use super::evidence::{EvidenceFile, parse_evidence};
use super::files::{PackageFiles, read_package_dir};
use super::manifest::{Manifest, parse_manifest};
use super::measures::{DeclaredFigure, parse_measures, read_measures};
use super::tables::{SHEET_NAMES, TABLE_FILES, Tables, parse_tables, read_tables};
use super::text::decode;
use super::workbook::{WORKBOOK, package_sheets, sheet_texts};
use crate::error::{InputError, InputErrors};
use crate::rubric::Rubric;
use std::collections::BTreeMap;
use std::path::Path;

/// A checked submission package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The folder as named by the user.
    pub dir: String,
    /// `package.toml`.
    pub manifest: Manifest,
    /// `measures.csv` (or its worksheet), by measure id.
    pub declared: BTreeMap<String, DeclaredFigure>,
    /// `tables/*.csv` (or their worksheets).
    pub tables: Tables,
    /// CSV files in `tables/` that are not known tables, or worksheets of `package.xlsx` that
    /// stand for no table (`package.xlsx!备注`); ignored.
    pub unknown_tables: Vec<String>,
    /// `evidence/*.md`.
    pub evidence: Vec<EvidenceFile>,
    /// SHA-256 digest of the package's files (see `digest`).
    pub digest: String,
}

/// Reads and checks the package in `dir`.
pub fn load_package(dir: &Path, rubric: &Rubric) -> Result<Package, InputErrors> {
    let files = read_package_dir(dir)?;
    parse_package(&dir.display().to_string(), &files, rubric)
}

/// Checks a package from its files; `dir` starts file names in errors.
pub fn parse_package(
    dir: &str,
    files: &PackageFiles,
    rubric: &Rubric,
) -> Result<Package, InputErrors> {
    let named = |path: &str| format!("{dir}/{path}");
    let mut errors: Vec<InputError> = Vec::new();

    let manifest = match files.get("package.toml") {
        None => {
            errors.push(InputError::file(
                named("package.toml"),
                "is missing, expected the package manifest (id, cluster, park, direction, year)",
            ));
            None
        }
        Some(bytes) => match decode(&named("package.toml"), bytes) {
            Err(e) => {
                errors.push(e);
                None
            }
            Ok((text, _)) => parse_manifest(&named("package.toml"), &text)
                .map_err(|mut e| errors.append(&mut e))
                .ok(),
        },
    };
    let figures = if files.get(WORKBOOK).is_some() {
        workbook_figures(dir, files, rubric)
    } else {
        csv_figures(dir, files, rubric)
    };
    let (declared, tables, unknown_tables) = match figures {
        Ok((declared, tables, unknown)) => (declared, tables, unknown),
        Err(mut found) => {
            errors.append(&mut found);
            (None, None, Vec::new())
        }
    };
    let evidence = parse_evidence(dir, files)
        .map_err(|mut e| errors.append(&mut e))
        .ok();

    match (manifest, declared, tables, evidence) {
        (Some(manifest), Some(declared), Some(tables), Some(evidence)) if errors.is_empty() => {
            Ok(Package {
                dir: dir.to_string(),
                manifest,
                declared,
                tables,
                unknown_tables,
                evidence,
                digest: package_digest(files),
            })
        }
        _ => Err(InputErrors(errors)),
    }
}

/// The declared figures (if readable), the tables (if readable) and the ignored table names:
/// errors of the figures and of the tables are gathered together.
type Figures = (
    Option<BTreeMap<String, DeclaredFigure>>,
    Option<Tables>,
    Vec<String>,
);

/// `measures.csv` and `tables/*.csv`.
fn csv_figures(
    dir: &str,
    files: &PackageFiles,
    rubric: &Rubric,
) -> Result<Figures, Vec<InputError>> {
    let mut errors = Vec::new();
    let declared = match files.get("measures.csv") {
        None => {
            errors.push(InputError::file(
                format!("{dir}/measures.csv"),
                format!(
                    "is missing, expected the declared figures (measure,value,unit,source), or the workbook {WORKBOOK}"
                ),
            ));
            None
        }
        Some(bytes) => parse_measures(&format!("{dir}/measures.csv"), bytes, rubric)
            .map_err(|mut e| errors.append(&mut e))
            .ok(),
    };
    let tables = parse_tables(dir, files)
        .map_err(|mut e| errors.append(&mut e))
        .ok();
    let unknown = files
        .in_folder("tables", "csv")
        .map(|(path, _)| path.to_string())
        .filter(|path| !TABLE_FILES.contains(&path.as_str()))
        .collect();
    if errors.is_empty() {
        Ok((declared, tables, unknown))
    } else {
        Err(errors)
    }
}

/// `package.xlsx`: its worksheets stand for `measures.csv` and `tables/*.csv`, which must then
/// be absent.
fn workbook_figures(
    dir: &str,
    files: &PackageFiles,
    rubric: &Rubric,
) -> Result<Figures, Vec<InputError>> {
    let file = format!("{dir}/{WORKBOOK}");
    let csv: Vec<&str> = files
        .get("measures.csv")
        .map(|_| "measures.csv")
        .into_iter()
        .chain(files.in_folder("tables", "csv").map(|(path, _)| path))
        .collect();
    if !csv.is_empty() {
        return Err(vec![InputError::file(
            &file,
            format!(
                "found beside {}, expected either the workbook or the CSV files (which one counts would be ambiguous)",
                csv.join(", ")
            ),
        )]);
    }
    let bytes = files.get(WORKBOOK).unwrap_or_default();
    let mut sheets = package_sheets(&file, bytes)?;
    let mut errors = Vec::new();
    let declared = match sheets.tables.remove("measures.csv") {
        None => {
            errors.push(InputError::file(
                &file,
                format!(
                    "has no worksheet {} (or measures), expected the declared figures (measure,value,unit,source); its sheets: {}",
                    measures_sheet(),
                    sheets.names.join(", ")
                ),
            ));
            None
        }
        Some((_, table)) => table
            .and_then(|t| read_measures(&t, rubric))
            .map_err(|mut e| errors.append(&mut e))
            .ok(),
    };
    let tables = read_tables(|name| sheets.tables.remove(name).map(|(_, table)| table))
        .map_err(|mut e| errors.append(&mut e))
        .ok();
    if errors.is_empty() {
        Ok((declared, tables, sheets.unknown))
    } else {
        Err(errors)
    }
}

/// The Chinese name of the measures sheet.
fn measures_sheet() -> &'static str {
    SHEET_NAMES
        .iter()
        .find(|(file, _)| *file == "measures.csv")
        .map_or("计量项", |(_, name)| name)
}

/// A text file of a package as the evidence viewer shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// Path inside the package.
    pub path: String,
    /// Decoded text.
    pub text: String,
}

/// The package's readable files for the evidence viewer: `evidence/*.md`, `measures.csv`, then
/// `tables/*.csv`, decoded (they were validated when the package was loaded), then the
/// worksheets of `package.xlsx` as CSV text.
pub fn source_texts(files: &PackageFiles) -> Vec<SourceText> {
    let evidence = files.in_folder("evidence", "md");
    let measures = files
        .get("measures.csv")
        .map(|bytes| ("measures.csv", bytes));
    let tables = files.in_folder("tables", "csv");
    evidence
        .chain(measures)
        .chain(tables)
        .filter_map(|(path, bytes)| {
            decode(path, bytes).ok().map(|(text, _)| SourceText {
                path: path.to_string(),
                text,
            })
        })
        .chain(
            files
                .get(WORKBOOK)
                .map(sheet_texts)
                .unwrap_or_default()
                .into_iter()
                .map(|(path, text)| SourceText { path, text }),
        )
        .collect()
}
