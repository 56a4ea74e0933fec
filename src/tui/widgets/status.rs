//! The status line's state, shared by both screens: "已保存" only after a commit returned.

/// What the status line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Nothing to say.
    Idle,
    /// Saved at this local time (`HH:MM:SS`), after the commit returned.
    Saved(String),
    /// An open editor holds text not yet saved.
    Unsaved,
    /// Information.
    Info(String),
    /// Something was refused or failed.
    Error(String),
}
