//! Submission packages (申报材料): the manifest, the declared figures, the detail tables with the
//! figures derived from them, the evidence, and the digest that binds sessions to the package.

mod csv_table;
mod digest;
mod files;
mod manifest;
mod text;

pub use csv_table::{Column, ColumnSpec, CsvTable, Row};
pub use digest::package_digest;
pub use files::{PackageFiles, read_package_dir};
pub use manifest::{Contact, DIRECTIONS, Manifest, NAME_SUFFIX, parse_manifest};
pub use text::{Encoding, decode};
