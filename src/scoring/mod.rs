//! The scoring engine: figures to fractions (linear, bands, cohort), fractions to points by
//! measure share and indicator weight, then category subtotals and the total. Pure and exact
//! (`rust_decimal`); nothing here rounds — rounding is for display only (`crate::display`).

mod exact;
mod fraction;
mod quantitative;
mod totals;

pub use exact::Exact;
pub use fraction::{Fraction, MethodUsed, fraction};
pub use quantitative::{
    CohortBest, IndicatorScore, MeasureScore, cohort_best, score_indicator, score_quantitative,
};
pub use totals::{CategoryTotal, Totals, totals};
