//! Submission packages (申报材料): the manifest, the declared figures, the detail tables with the
//! figures derived from them, the evidence, and the digest that binds sessions to the package.

mod check_json;
mod classification;
mod csv_table;
mod demo;
mod derive;
mod digest;
mod evidence;
mod excel_number;
mod files;
mod layout;
mod load;
mod manifest;
mod measures;
mod names;
mod report;
mod round;
mod sheet_ref;
mod tables;
mod template;
mod text;
mod workbook;

pub use check_json::check_json;
pub use classification::{
    Classification, IndustryClass, MatchKind, SEI2018_LEVEL3_TSV, SEI2018_TSV, SOURCE as SEI2018,
    classes as industry_classes, classify,
};
pub use csv_table::{Column, ColumnSpec, CsvTable, Row};
pub use demo::{DEMO_NAME, demo_files};
pub use derive::{DeriveOutcome, Derived, derive};
pub use digest::package_digest;
pub use evidence::EvidenceFile;
pub use excel_number::{is_percent_format, number_text};
pub use files::{PackageFiles, read_package_dir};
pub use load::{Package, SourceText, load_package, parse_package, source_texts};
pub use manifest::{Contact, DIRECTIONS, Manifest, NAME_SUFFIX, parse_manifest};
pub use measures::{DeclaredFigure, parse_measures, read_measures};
pub use names::name_key;
pub use report::{IndicatorCheck, MeasureCheck, PackageCheck, Warning, WarningKind, check_package};
pub use round::Round;
pub use sheet_ref::{cell_name, column_name};
pub use tables::{SHEET_NAMES, TABLE_FILES, Tables, parse_tables, read_tables};

pub use layout::{ColumnKind, MEASURE_HEADERS, TEMPLATE_TABLES, TemplateColumn, TemplateTable};
pub use template::{TemplateFormat, package_template};
pub use text::{Encoding, decode};
pub use workbook::{WORKBOOK, Workbook};
