//! Why a session file cannot be used, in words that tell the user what to do.

use super::combined_db::ChairRuleError;
use crate::session::RuleError;
use std::path::PathBuf;

/// Errors of the session store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process has the session open for writing.
    #[error(
        "{path}: the session is open for writing in another cluster-review ({holder}); close it there first, expected one writer at a time"
    )]
    Locked {
        /// The session file.
        path: PathBuf,
        /// Who holds it, as recorded in the lock file.
        holder: String,
    },
    /// Not a session file, or a damaged one. The file is left untouched.
    #[error("{path}: {detail}; the file was left untouched")]
    NotASession {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// Made by a newer version of the program.
    #[error(
        "{path}: the session has format {found}, this program reads up to format {supported}; expected a newer cluster-review"
    )]
    Newer {
        /// The file.
        path: PathBuf,
        /// Its format.
        found: u32,
        /// The newest this program knows.
        supported: u32,
    },
    /// The session was made with another rubric or package.
    #[error("{0}")]
    Binding(String),
    /// The file exists already.
    #[error("{0}: the file exists already and is never overwritten; choose another path")]
    Exists(PathBuf),
    /// A session of the earlier format, without its package's files.
    #[error(
        "{0}: the session was made by an earlier version and holds no copy of its package; upgrade it once with `cluster-review session upgrade FILE --package DIR` (the package it was made with)"
    )]
    Legacy(PathBuf),
    /// No such file.
    #[error("{0}: no such session file; create it with `cluster-review session new`")]
    Missing(PathBuf),
    /// A domain rule refused the edit; nothing was changed.
    #[error("{path}: {rule}; nothing was changed")]
    Rule {
        /// The file.
        path: PathBuf,
        /// The rule.
        rule: RuleError,
    },
    /// A rule refused the chair's change; nothing was changed.
    #[error("{path}: {rule}; nothing was changed")]
    Chair {
        /// The file.
        path: PathBuf,
        /// The rule.
        rule: ChairRuleError,
    },
    /// SQLite failed.
    #[error("{path}: {context}: {source}")]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// What we were doing.
        context: String,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The file system failed.
    #[error("{path}: {context}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What we were doing.
        context: String,
        /// The error.
        source: std::io::Error,
    },
}
