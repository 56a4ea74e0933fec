//! cluster-review: evaluate Nanjing's innovative industrial clusters (创新型产业集群) against the
//! city's weighted 20-indicator rubric, exactly and offline.
//!
//! The crate is a library with a thin binary on top: the pure core (rubric, package, scoring)
//! knows nothing about terminals or databases and is tested directly; `cli` only translates.

pub mod archive;
pub mod cli;
pub mod columns;
pub mod decimal_text;
pub mod display;
pub mod error;
pub mod files;
pub mod hashing;
pub mod i18n;
pub mod meeting;
pub mod numbers;
pub mod package;
pub mod panel;
pub mod repertoire;
pub mod rubric;
pub mod scoring;
pub mod session;
pub mod sheet;
pub mod signing;
pub mod store;
pub mod timestamp;
pub mod tui;
pub mod usecase;
