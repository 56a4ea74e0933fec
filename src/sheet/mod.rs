//! Score sheets: the exact JSON documents an expert or the chair signs, as types
//! ([`ExpertSheet`], [`CombinedSheet`]) used to build, sign, read back, verify, compare and
//! render them (HTML through a template that escapes by construction, CSV, PDF/A). Every
//! renderer is handed the sheet's [`Standing`] — draft, or signed with a signature verified in
//! this run — so no sheet shows a signature line that did not verify. Pure: no files, no SQLite.

mod check;
mod combined;
mod csv_out;
mod expert;
mod html;
mod info;
mod model;
mod pdf;
mod remarks;
mod sign;

pub use check::{
    KeyCheck, SignoffCheck, Standing, StandingKind, TrustedKey, check_combined_signoff,
    check_session_signoff, draft, open_sheet, signed_doc, verify_sheet,
};
pub use combined::{combined_sheet, input_doc};
pub use csv_out::{csv_cell, sheet_csv};
pub use expert::expert_sheet;
pub use html::{HTML_GENERATOR, sheet_html};
pub use info::{SheetError, SheetInfo, read_sheet};
pub use model::{
    COMBINED_SHEET, CombinedSheet, ConditionDoc, EXPERT_SHEET, ExpertSheet, InputDoc,
    MeetingRefDoc, READABLE_FORMATS, SHEET_FORMAT, SheetDoc, SheetKind, parse_sheet,
};
pub use pdf::{PdfError, PdfFont, font_covers, sheet_pdf};
pub use sign::{Signer, sign_combined, sign_combined_in, sign_session, sign_session_in};

/// The signing moment and signer; `None` for an unsigned draft.
pub type Signing<'a> = Option<(&'a str, &'a Signer)>;
