//! An expert's evaluation of one package (评审会话): what the expert declared, scored, annotated
//! and wrote, and the domain rules every edit must obey — pure, with no storage. The SQLite
//! file that makes it durable lives in `crate::store`.

mod edit;
mod import;
mod json;
mod model;
mod paper_template;
mod precheck;
mod rules;
mod summary;
mod text_diff;

pub use edit::{Edit, MeasureStatus};
pub use import::{paper_sheet_edits, parse_paper_sheet, parse_paper_workbook};
pub use json::session_json;
pub use model::{
    Annotation, ConditionMark, ConditionVerdict, Declaration, DeclarationKind, Expert, Figure,
    MeetingRef, PackageRef, Score, SessionState, SignOff, figures_of,
};
pub use paper_template::{PAPER_HEADERS, PAPER_SHEET, paper_sheet_csv, paper_sheet_xlsx};
pub use precheck::{Precheck, prechecks};
pub use rules::{
    MAX_NAME, MAX_TEXT, RuleError, check_declaration, check_edit, check_state, check_text,
    may_edit, parse_corrected, parse_points, valid_expert_id, valid_person_name,
};
pub use summary::{IndicatorSummary, Problem, SessionSummary, summarise};
pub use text_diff::{TextChange, apply_change, text_change};
