//! Submission packages (申报材料): the manifest, the declared figures, the detail tables with the
//! figures derived from them, the evidence, and the digest that binds sessions to the package.

mod check_json;
mod csv_table;
mod demo;
mod derive;
mod digest;
mod evidence;
mod files;
mod load;
mod manifest;
mod measures;
mod names;
mod report;
mod tables;
mod text;

pub use check_json::check_json;
pub use csv_table::{Column, ColumnSpec, CsvTable, Row};
pub use demo::{DEMO_NAME, demo_files};
pub use derive::{DeriveOutcome, Derived, derive};
pub use digest::package_digest;
pub use evidence::EvidenceFile;
pub use files::{PackageFiles, read_package_dir};
pub use load::{Package, SourceText, load_package, parse_package, source_texts};
pub use manifest::{Contact, DIRECTIONS, Manifest, NAME_SUFFIX, parse_manifest};
pub use measures::{DeclaredFigure, parse_measures};
pub use report::{IndicatorCheck, MeasureCheck, PackageCheck, Warning, WarningKind, check_package};
pub use tables::{TABLE_FILES, Tables, parse_tables};
pub use text::{Encoding, decode};
