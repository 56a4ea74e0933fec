//! The correction ledger (更正台账): for each figure the panel agreed to correct, what the
//! correction changed — the measure's points, the cluster's total and its rank — and what the
//! outcome would have been without it (the whole evaluation counted again without that one
//! correction, so that a corrected cohort figure's effect on the other clusters shows too).
//! Exact, like the official figures.

use super::count::{ClusterResult, count_clusters};
use super::input::{ChairInput, SessionInput};
use crate::rubric::{Aggregate, Rubric};
use crate::scoring::Exact;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What one agreed correction changed.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerEntry {
    /// The cluster.
    pub package_id: String,
    /// The measure corrected.
    pub measure: String,
    /// The indicator it belongs to.
    pub indicator: u32,
    /// The package's figure.
    pub package_value: Option<Decimal>,
    /// The agreed figure.
    pub value: Decimal,
    /// Why.
    pub reason: String,
    /// The measure's points with the correction and without it.
    pub points: (Exact, Exact),
    /// The cluster's total with and without it.
    pub total: (Exact, Exact),
    /// The cluster's rank with and without it.
    pub rank: (usize, usize),
    /// Other clusters whose rank it changed: (package id, rank with, rank without).
    pub other_ranks: Vec<(String, usize, usize)>,
}

fn measure_points(
    clusters: &[ClusterResult],
    package: &str,
    measure: &str,
) -> Option<(u32, Exact)> {
    clusters
        .iter()
        .find(|c| c.package.id == package)?
        .indicators
        .iter()
        .find_map(|i| {
            i.measures
                .iter()
                .find(|m| m.id == measure)
                .map(|m| (i.id, m.exact.clone()))
        })
}

/// The ledger of every agreed correction, in the chair's order; `counted` are the official
/// clusters.
pub fn ledger(
    selected: &BTreeMap<String, Vec<&SessionInput>>,
    rubric: &Rubric,
    method: Aggregate,
    chair: &ChairInput,
    counted: &[ClusterResult],
) -> Vec<LedgerEntry> {
    chair
        .corrections
        .iter()
        .enumerate()
        .filter_map(|(index, correction)| {
            let mut without = chair.clone();
            without.corrections.remove(index);
            let recount = count_clusters(selected, rubric, method, &without, None);
            let find = |clusters: &[ClusterResult]| {
                clusters
                    .iter()
                    .find(|c| c.package.id == correction.package_id)
                    .map(|c| (c.total_exact.clone(), c.rank))
            };
            let (total_with, rank_with) = find(counted)?;
            let (total_without, rank_without) = find(&recount)?;
            let (indicator, points_with) =
                measure_points(counted, &correction.package_id, &correction.measure)?;
            let (_, points_without) =
                measure_points(&recount, &correction.package_id, &correction.measure)?;
            let package_value = counted
                .iter()
                .find(|c| c.package.id == correction.package_id)
                .and_then(|c| {
                    c.indicators
                        .iter()
                        .flat_map(|i| i.measures.iter())
                        .find(|m| m.id == correction.measure)
                })
                .and_then(|m| m.package_value);
            let other_ranks = counted
                .iter()
                .filter(|c| c.package.id != correction.package_id)
                .filter_map(|c| {
                    let before = recount.iter().find(|r| r.package.id == c.package.id)?.rank;
                    (before != c.rank).then(|| (c.package.id.clone(), c.rank, before))
                })
                .collect();
            Some(LedgerEntry {
                package_id: correction.package_id.clone(),
                measure: correction.measure.clone(),
                indicator,
                package_value,
                value: correction.value,
                reason: correction.reason.clone(),
                points: (points_with, points_without),
                total: (total_with, total_without),
                rank: (rank_with, rank_without),
                other_ranks,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::panel::testing::{d, session};
    use crate::panel::{ChairInput, Correction, MergeOptions, merge};
    use crate::scoring::Exact;

    /// Two clusters with the demo's figures, a scoring 1 point more on indicator 1. The panel
    /// corrects b's talents from 48 to 150 (indicator 4, weight 5, linear 0 → 150): its points
    /// go from 5 × 48/150 = 1.6 to 5, +3.4 — b's total rises by 3.4 and b overtakes a (rank 2
    /// → 1), and a drops from 1 to 2.
    #[test]
    fn a_correction_s_effect_by_hand() {
        let inputs = vec![
            session("a", "E01", &[(1, d("7"))]),
            session("b", "E01", &[(1, d("6"))]),
        ];
        let chair = ChairInput {
            corrections: vec![Correction {
                package_id: "b".into(),
                measure: "talents".into(),
                value: d("150"),
                reason: "核对名单".into(),
            }],
            notes: Vec::new(),
        };
        let options = MergeOptions {
            method: None,
            allow_unsigned: true,
        };
        let combined = merge(&inputs, options, &chair).expect("merge");
        let entry = combined.ledger.first().expect("one entry");
        assert_eq!(
            (
                entry.package_id.as_str(),
                entry.measure.as_str(),
                entry.indicator
            ),
            ("b", "talents", 4)
        );
        assert_eq!(entry.points, (Exact::from_int(5), Exact::from(d("1.6"))));
        assert_eq!(&entry.total.0 - &entry.total.1, Exact::from(d("3.4")));
        assert_eq!(entry.rank, (1, 2));
        assert_eq!(entry.other_ranks, [("a".to_string(), 2, 1)]);
        assert_eq!(entry.package_value, Some(d("48")));
    }
}
