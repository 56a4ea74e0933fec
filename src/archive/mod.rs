//! The bureau's archive of signed sheets (档案): an append-only list in which every entry holds
//! the sheet's exact bytes, its signature and key, and the hash of the entry before it, so that
//! changing, removing or reordering any entry breaks the chain from there on. Pure: the SQLite
//! file lives in `crate::store`.

mod chain;
mod history;
mod listing_xlsx;

pub use chain::{
    ArchiveEntry, Broken, GENESIS, NewEntry, check_entry, describe, entry_hash, verify_entries,
};
pub use history::{
    ClusterPick, Evaluation, Evaluator, FigureSource, History, HistoryError, Restated,
    StatedFigure, cluster_history,
};
pub use listing_xlsx::{ListedEntry, listing_xlsx};
