//! Durable storage of expert sessions in SQLite files: one file per expert per package, every
//! edit its own fully synced transaction with an audit entry, one writer at a time, bound to
//! the rubric and package it was made with. The only module that speaks SQL.

mod archive_db;
mod combined_db;
mod combined_load;
mod combined_schema;
mod error;
mod header;
mod lock;
mod rows;
mod schema;
mod session_db;
mod session_load;
mod sqlite;

pub use archive_db::{ArchiveDb, read_archive};
pub use combined_db::{
    ChairRuleError, CombinedDb, CombinedWriter, MergedFrom, read_combined, read_combined_signoff,
};
pub use combined_load::StoredCombined;
pub use error::StoreError;
pub use header::{StoredFile, stored_file};
pub use lock::SessionLock;
pub use schema::{APPLICATION_ID, FORMAT_VERSION};
pub use session_db::{
    NewSession, SessionDb, check_binding, default_session_path, read_session, read_session_file,
    read_signoffs,
};
pub use session_load::StoredSession;
