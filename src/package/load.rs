//! Loading a whole package: read the folder once, parse every part against the rubric, report
//! every error found, and compute the digest over the same bytes that were checked.

use super::digest::package_digest;
use super::evidence::{EvidenceFile, parse_evidence};
use super::files::{PackageFiles, read_package_dir};
use super::manifest::{Manifest, parse_manifest};
use super::measures::{DeclaredFigure, parse_measures};
use super::tables::{TABLE_FILES, Tables, parse_tables};
use super::text::decode;
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
    /// `measures.csv`, by measure id.
    pub declared: BTreeMap<String, DeclaredFigure>,
    /// `tables/*.csv`.
    pub tables: Tables,
    /// CSV files in `tables/` that are not known tables (ignored).
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
    let declared = match files.get("measures.csv") {
        None => {
            errors.push(InputError::file(
                named("measures.csv"),
                "is missing, expected the declared figures (measure,value,unit,source)",
            ));
            None
        }
        Some(bytes) => parse_measures(&named("measures.csv"), bytes, rubric)
            .map_err(|mut e| errors.append(&mut e))
            .ok(),
    };
    let tables = parse_tables(dir, files)
        .map_err(|mut e| errors.append(&mut e))
        .ok();
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
                unknown_tables: files
                    .in_folder("tables", "csv")
                    .map(|(path, _)| path.to_string())
                    .filter(|path| !TABLE_FILES.contains(&path.as_str()))
                    .collect(),
                evidence,
                digest: package_digest(files),
            })
        }
        _ => Err(InputErrors(errors)),
    }
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
/// `tables/*.csv`, decoded (they were validated when the package was loaded).
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
        .collect()
}
