//! An expert's evaluation of one package (评审会话): what the expert declared, scored, annotated
//! and wrote, and the domain rules every edit must obey — pure, with no storage. The SQLite
//! file that makes it durable lives in `crate::store`.

mod edit;
mod import;
mod json;
mod model;
mod paper_template;
mod rules;
mod summary;

pub use edit::{Edit, MeasureStatus};
pub use import::{paper_sheet_edits, parse_paper_sheet, parse_paper_workbook};
pub use json::session_json;
pub use model::{
    Annotation, Declaration, DeclarationKind, Expert, Figure, PackageRef, Score, SessionState,
    SignOff,
};
pub use paper_template::{PAPER_HEADERS, PAPER_SHEET, paper_sheet_csv, paper_sheet_xlsx};
pub use rules::{
    MAX_NAME, RuleError, check_declaration, check_edit, check_state, may_edit, parse_corrected,
    parse_points, valid_expert_id, valid_person_name,
};
pub use summary::{IndicatorSummary, Problem, SessionSummary, summarise};
