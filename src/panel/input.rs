//! What a merge is given: the sessions (as read from their files), the options, and the
//! chair's agreed corrections and consensus notes.

use crate::rubric::{Aggregate, Rubric};
use crate::session::SessionState;
use rust_decimal::Decimal;

/// Whether a session's sign-off stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    /// Not signed.
    Unsigned,
    /// Signed; the signature was not checked (no roster given).
    NotVerified,
    /// Signed, and the signature verifies against the roster.
    Verified,
    /// Signed, but the signature does not verify: why.
    Invalid(String),
}

/// One session file, read.
#[derive(Debug, Clone)]
pub struct SessionInput {
    /// The file, as named by the user.
    pub file: String,
    /// The rubric stored in the session (shared by every session carrying the same text).
    pub rubric: std::sync::Arc<Rubric>,
    /// Its exact text (kept by the combined evaluation).
    pub rubric_text: std::sync::Arc<str>,
    /// The session.
    pub state: SessionState,
    /// Its signature's standing.
    pub signature: Signature,
}

/// How to merge.
#[derive(Debug, Clone, Copy, Default)]
pub struct MergeOptions {
    /// The aggregation method (default: the rubric's `[panel] aggregate`).
    pub method: Option<Aggregate>,
    /// Count unsigned sessions (marked as such in every output).
    pub allow_unsigned: bool,
}

/// A quantitative figure corrected by the panel, with the reason agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The package (cluster).
    pub package_id: String,
    /// The measure.
    pub measure: String,
    /// The agreed figure.
    pub value: Decimal,
    /// Why.
    pub reason: String,
}

/// The panel's consensus note on an indicator of a cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The package (cluster).
    pub package_id: String,
    /// The indicator.
    pub indicator: u32,
    /// The note.
    pub text: String,
}

/// The chair's additions to the counting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChairInput {
    /// Agreed corrections of figures.
    pub corrections: Vec<Correction>,
    /// Consensus notes.
    pub notes: Vec<Note>,
}
