//! The panel's combined evaluation (汇总): the experts' sessions of one or many clusters are
//! checked, then counted — panel value per indicator by the rubric's method, divergence flags,
//! quantitative indicators from the package figures or the chair's agreed corrections, cohort
//! scoring, subtotals, totals and ranking — with the panel statistics of DESIGN §12 for the
//! chair: agreement (Krippendorff's alpha with missing cells; ICC and Kendall's W on the largest
//! complete block), each expert's leniency, the ranking's sensitivity to the weights, rank
//! acceptability, and the ledger of agreed corrections. Official points never depend on the
//! statistics. Pure: no files, no terminal.

mod aggregate;
mod agreement;
pub mod conditions;
mod count;
pub mod cycle;
mod input;
pub mod krippendorff;
pub mod ledger;
pub mod leniency;
pub mod random;
pub mod render;
pub mod robustness;
mod select;
mod sensitivity;
#[cfg(test)]
pub(crate) mod testing;
pub mod weights;

pub use aggregate::{aggregate, mean, median, trimmed_mean};
pub use agreement::{
    Agreement, AlphaPair, CompleteBlock, Icc, IndicatorAlpha, Undefined, agreement, icc, kendall_w,
};
pub use conditions::ConditionTally;
pub use count::{
    ClusterResult, Combined, ExpertColumn, Flag, IndicatorResult, MeasureResult, merge,
};
pub use cycle::{CYCLE_YEARS, CycleWarning, same_cycle};
pub use input::{ChairInput, Correction, MergeOptions, Note, SessionInput, Signature};
pub use krippendorff::{Alpha, Metric, alpha};
pub use ledger::LedgerEntry;
pub use leniency::Leniency;
pub use robustness::{Acceptability, Robustness};
pub use select::{Exclusion, ExclusionReason, MergeRefused};
pub use sensitivity::{Sensitivity, WeightSwap, sensitivity};
/// The exact points matrix and the smallest swapping weight change of two clusters, for the
/// meeting's agenda (pairs of clusters whose order flips within ±10% of a weight).
pub(crate) use sensitivity::{points_matrix, smallest_swap};
