//! The panel's combined evaluation (汇总): the experts' sessions of one or many clusters are
//! checked, then counted — panel value per indicator by the rubric's method, divergence flags,
//! quantitative indicators from the package figures or the chair's agreed corrections, cohort
//! scoring, subtotals, totals and ranking — with agreement statistics and the ranking's
//! sensitivity to the weights. Pure: no files, no terminal.

mod aggregate;
mod agreement;
mod count;
mod input;
pub mod random;
pub mod render;
mod select;
mod sensitivity;
#[cfg(test)]
pub(crate) mod testing;
pub mod weights;

pub use aggregate::{aggregate, mean, median, trimmed_mean};
pub use agreement::{Agreement, Icc, icc, kendall_w};
pub use count::{
    ClusterResult, Combined, ExpertColumn, Flag, IndicatorResult, MeasureResult, merge,
};
pub use input::{ChairInput, Correction, MergeOptions, Note, SessionInput, Signature};
pub use select::{Exclusion, ExclusionReason, MergeRefused};
pub use sensitivity::{Sensitivity, WeightSwap, sensitivity};
