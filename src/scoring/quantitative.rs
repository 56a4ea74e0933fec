//! Points of quantitative indicators: each measure earns `weight × share × fraction`, an exact
//! product (the fraction is a rational, so nothing is divided before it is multiplied); an
//! indicator's points are the exact sum over its measures, so they stay within `[0, weight]`.

use super::exact::Exact;
use super::fraction::{Fraction, fraction};
use crate::rubric::{Direction, Indicator, IndicatorKind, Method, Rubric};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The best figure per cohort-scored measure among the clusters merged together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CohortBest(pub BTreeMap<String, Decimal>);

/// The best figure of every cohort-scored measure over the given packages' figures
/// (largest, or smallest positive one with direction `lower`).
pub fn cohort_best<'a>(
    rubric: &Rubric,
    packages: impl IntoIterator<Item = &'a BTreeMap<String, Decimal>>,
) -> CohortBest {
    let packages: Vec<_> = packages.into_iter().collect();
    let mut best = BTreeMap::new();
    for measure in rubric.measures() {
        if !matches!(measure.scoring.method, Method::Cohort { .. }) {
            continue;
        }
        let values = packages.iter().filter_map(|p| p.get(&measure.id).copied());
        let chosen = match measure.scoring.direction {
            Direction::Higher => values.max(),
            Direction::Lower => values.filter(|v| *v > Decimal::ZERO).min(),
        };
        if let Some(value) = chosen {
            best.insert(measure.id.clone(), value);
        }
    }
    CohortBest(best)
}

/// One measure's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureScore {
    /// Measure id.
    pub measure: String,
    /// The figure scored; `None` when the package gives none (it earns nothing).
    pub value: Option<Decimal>,
    /// The fraction earned and the rule used; `None` without a figure.
    pub fraction: Option<Fraction>,
    /// Points earned, exact.
    pub exact: Exact,
    /// Points earned: the nearest decimal of `exact` (unrounded for display purposes).
    pub points: Decimal,
    /// Points available: weight × share.
    pub available: Decimal,
}

/// One indicator's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorScore {
    /// Indicator number.
    pub indicator: u32,
    /// Its weight.
    pub weight: Decimal,
    /// Sum of its measures' points, exact.
    pub exact: Exact,
    /// Sum of its measures' points: the nearest decimal of `exact`.
    pub points: Decimal,
    /// Per measure.
    pub measures: Vec<MeasureScore>,
}

/// Scores one quantitative indicator from figures keyed by measure id.
pub fn score_indicator(
    indicator: &Indicator,
    values: &BTreeMap<String, Decimal>,
    cohort: Option<&CohortBest>,
) -> IndicatorScore {
    let measures: Vec<MeasureScore> = indicator
        .measures
        .iter()
        .map(|measure| {
            let available = indicator.weight * measure.share;
            let value = values.get(&measure.id).copied();
            let best = cohort.and_then(|c| c.0.get(&measure.id).copied());
            let earned = value.map(|v| fraction(&measure.scoring, v, best));
            let exact = earned
                .as_ref()
                .map_or_else(Exact::zero, |f| Exact::from(available) * f.exact.clone());
            MeasureScore {
                measure: measure.id.clone(),
                value,
                fraction: earned,
                points: exact.to_decimal_lossy(),
                exact,
                available,
            }
        })
        .collect();
    let exact: Exact = measures.iter().map(|m| &m.exact).sum();
    IndicatorScore {
        indicator: indicator.id,
        weight: indicator.weight,
        points: exact.to_decimal_lossy(),
        exact,
        measures,
    }
}

/// Scores every quantitative indicator of the rubric.
pub fn score_quantitative(
    rubric: &Rubric,
    values: &BTreeMap<String, Decimal>,
    cohort: Option<&CohortBest>,
) -> Vec<IndicatorScore> {
    rubric
        .indicators()
        .filter(|i| i.kind == IndicatorKind::Quantitative)
        .map(|i| score_indicator(i, values, cohort))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::embedded;

    #[test]
    fn missing_figures_earn_nothing_and_full_figures_earn_the_weight() {
        let rubric = embedded().expect("embedded rubric");
        let none = score_quantitative(&rubric, &BTreeMap::new(), None);
        assert_eq!(none.len(), 16);
        assert!(none.iter().all(|s| s.points.is_zero()));
        let huge: BTreeMap<String, Decimal> = rubric
            .measures()
            .map(|m| {
                let v = if m.scoring.direction == Direction::Lower {
                    Decimal::ONE
                } else {
                    Decimal::from(1_000_000_000)
                };
                (m.id.clone(), v)
            })
            .collect();
        for score in score_quantitative(&rubric, &huge, None) {
            assert_eq!(score.points, score.weight, "indicator {}", score.indicator);
        }
    }

    #[test]
    fn cohort_best_takes_the_largest_revenue() {
        let rubric = embedded().expect("embedded rubric");
        let a = BTreeMap::from([("revenue".to_string(), Decimal::from(300))]);
        let b = BTreeMap::from([("revenue".to_string(), Decimal::from(400))]);
        let best = cohort_best(&rubric, [&a, &b]);
        assert_eq!(best.0.get("revenue"), Some(&Decimal::from(400)));
        assert_eq!(best.0.len(), 1, "only cohort-scored measures get a best");
    }
}
