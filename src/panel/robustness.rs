//! Rank acceptability: how firmly each cluster holds its rank. Over `DRAWS` draws, draw k
//! leaves out expert k mod E (the panel's experts in id order; never a cluster's only expert)
//! and moves every indicator's weight by an independent uniform factor in [0.9, 1.1]
//! (SplitMix64, seed `SEED`; the weights are rescaled to the total, which changes no order).
//! In each draw the clusters are ranked exactly (equal totals share a rank), and the share of
//! draws in which each cluster takes each rank is its rank acceptability. A diagnostic: the
//! official ranking is the one counted.

use super::aggregate::aggregate;
use super::count::{ClusterResult, without_expert};
use super::input::SessionInput;
use super::random::SplitMix64;
use super::weights::{PointsTable, perturbation};
use crate::rubric::{Aggregate, IndicatorKind, Rubric};
use crate::scoring::Exact;
use std::collections::{BTreeMap, BTreeSet};

/// Draws.
pub const DRAWS: usize = 2000;
/// Their fixed seed.
pub const SEED: u64 = 20_231_128;
/// The relative half-width of the weight perturbation.
pub const WEIGHT_CHANGE: &str = "0.10";

/// One cluster's rank acceptability.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptability {
    /// Package id.
    pub package_id: String,
    /// Its official rank.
    pub rank: usize,
    /// `shares[r − 1]`: the share of draws in which it took rank r.
    pub shares: Vec<f64>,
}

/// Rank acceptability of every cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct Robustness {
    /// Draws made (0 with fewer than two clusters).
    pub draws: usize,
    /// Their seed.
    pub seed: u64,
    /// The experts left out in turn.
    pub experts: Vec<String>,
    /// Per cluster, in ranking order.
    pub clusters: Vec<Acceptability>,
}

/// The exact panel points of each cluster (in the order of `counted`) on each indicator, with
/// `expert` left out: a qualitative indicator's panel value aggregated again from the other
/// experts' points (from all of them where the expert is a cluster's only one, as the count
/// does); a quantitative indicator's points the official ones, which rest on the package's
/// figures and the chair's corrections, not on who scored. The same figures as a whole recount
/// (tested), without redoing the quantitative scoring for every expert left out.
pub(crate) fn points_without(
    selected: &BTreeMap<String, Vec<&SessionInput>>,
    rubric: &Rubric,
    method: Aggregate,
    counted: &[ClusterResult],
    expert: &str,
) -> Vec<Vec<Exact>> {
    counted
        .iter()
        .map(|cluster| {
            let sessions = selected
                .get(&cluster.package.id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let kept = without_expert(sessions, Some(expert));
            rubric
                .indicators()
                .map(|indicator| match indicator.kind {
                    IndicatorKind::Qualitative => {
                        // by expert id, as the count keeps them
                        let scores: BTreeMap<&str, rust_decimal::Decimal> = kept
                            .iter()
                            .filter_map(|s| {
                                s.state
                                    .scores
                                    .get(&indicator.id)
                                    .and_then(|score| score.points)
                                    .map(|p| (s.state.expert.id.as_str(), p))
                            })
                            .collect();
                        let points: Vec<rust_decimal::Decimal> = scores.into_values().collect();
                        aggregate(method, &points).unwrap_or_default()
                    }
                    IndicatorKind::Quantitative => cluster
                        .indicators
                        .iter()
                        .find(|r| r.id == indicator.id)
                        .and_then(|r| r.panel_exact.clone())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .collect()
}

/// Computes rank acceptability; `counted` are the official clusters (in ranking order).
pub fn robustness(
    selected: &BTreeMap<String, Vec<&SessionInput>>,
    rubric: &Rubric,
    method: Aggregate,
    counted: &[ClusterResult],
) -> Robustness {
    let experts: Vec<String> = selected
        .values()
        .flatten()
        .map(|s| s.state.expert.id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if counted.len() < 2 {
        return Robustness {
            draws: 0,
            seed: SEED,
            experts,
            clusters: Vec::new(),
        };
    }
    // one points table per expert left out, clusters in the official order
    // the recounts are independent: one per core
    let table_of = |expert: &String| {
        PointsTable::new(&points_without(selected, rubric, method, counted, expert))
    };
    let workers = std::thread::available_parallelism()
        .map(std::num::NonZeroUsize::get)
        .unwrap_or(1)
        .clamp(1, 8);
    let chunk = experts.len().div_ceil(workers).max(1);
    let tables: Vec<PointsTable> = std::thread::scope(|scope| {
        let handles: Vec<_> = experts
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(table_of).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let n = counted.len();
    let indicators = rubric.indicators().count();
    let mut counts = vec![vec![0usize; n]; n];
    let mut random = SplitMix64::new(SEED);
    for draw in 0..DRAWS {
        let factors = perturbation(&mut random, indicators);
        let Some(table) = tables.get(draw % tables.len().max(1)) else {
            continue;
        };
        for (cluster, rank) in table.ranks(&factors).into_iter().enumerate() {
            if let Some(cell) = counts
                .get_mut(cluster)
                .and_then(|row| row.get_mut(rank - 1))
            {
                *cell += 1;
            }
        }
    }
    Robustness {
        draws: DRAWS,
        seed: SEED,
        experts,
        clusters: counted
            .iter()
            .zip(counts)
            .map(|(c, row)| Acceptability {
                package_id: c.package.id.clone(),
                rank: c.rank,
                shares: row.iter().map(|k| *k as f64 / DRAWS as f64).collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use crate::panel::testing::{d, session};
    use crate::panel::{ChairInput, MergeOptions, merge};

    /// Leaving an expert out redoes only the qualitative panels: the figures are those of a
    /// whole recount, for every expert, every method, with a correction of a figure, a cluster
    /// scored by one expert alone, and an expert who left an indicator unscored.
    #[test]
    fn points_without_an_expert_are_a_whole_recounts() {
        use super::points_without;
        use crate::panel::count::count_clusters;
        use crate::panel::sensitivity::points_matrix;
        use crate::panel::{Correction, SessionInput};
        use crate::rubric::Aggregate;
        let mut inputs: Vec<SessionInput> = Vec::new();
        for (expert, a, b) in [
            ("E01", "8", "4"),
            ("E02", "6.5", "4"),
            ("E03", "7", "5"),
            ("E04", "2", "6"),
            ("E05", "7.5", "3"),
        ] {
            inputs.push(session("a", expert, &[(1, d(a)), (2, d(b)), (3, d("3"))]));
            inputs.push(session("b", expert, &[(1, d(b)), (2, d(a))]));
        }
        inputs.push(session("solo", "E01", &[(1, d("5")), (2, d("5"))]));
        let rubric = inputs[0].rubric.clone();
        let mut selected: std::collections::BTreeMap<String, Vec<&SessionInput>> =
            Default::default();
        for input in &inputs {
            selected
                .entry(input.state.package.id.clone())
                .or_default()
                .push(input);
        }
        let measure = rubric
            .indicators()
            .flat_map(|i| i.measures.iter())
            .next()
            .map(|m| m.id.clone())
            .expect("a measure");
        let chair = ChairInput {
            corrections: vec![Correction {
                package_id: "a".into(),
                measure,
                value: d("3"),
                reason: "核定".into(),
            }],
            ..ChairInput::default()
        };
        for method in [Aggregate::Trimmed, Aggregate::Mean, Aggregate::Median] {
            let counted = count_clusters(&selected, &rubric, method, &chair, None);
            for expert in ["E01", "E03", "E05", "E09"] {
                let mut recount = count_clusters(&selected, &rubric, method, &chair, Some(expert));
                recount.sort_by_key(|c| {
                    counted
                        .iter()
                        .position(|o| o.package.id == c.package.id)
                        .unwrap_or(usize::MAX)
                });
                assert_eq!(
                    points_without(&selected, &rubric, method, &counted, expert),
                    points_matrix(&rubric, &recount),
                    "{method:?} without {expert}"
                );
            }
        }
    }

    /// Cluster a leads b by 4 points on indicator 1 with every expert, which no ±10% weight
    /// change and no expert left out can undo: a is first in every draw. Cluster c equals b
    /// exactly except that E03 scores it one point higher; leaving E03 out ties them (shared
    /// rank 2), so c takes rank 2 in every draw and b in the third of draws that leave E03 out
    /// (and rank 3 in the others).
    #[test]
    fn acceptability_by_hand() {
        let mut inputs = Vec::new();
        for (expert, a, b, c) in [
            ("E01", "8", "4", "4"),
            ("E02", "8", "4", "4"),
            ("E03", "8", "4", "5"),
        ] {
            inputs.push(session("a", expert, &[(1, d(a))]));
            inputs.push(session("b", expert, &[(1, d(b))]));
            inputs.push(session("c", expert, &[(1, d(c))]));
        }
        let options = MergeOptions {
            method: None,
            allow_unsigned: true,
        };
        let combined = merge(&inputs, options, &ChairInput::default()).expect("merge");
        let r = &combined.robustness;
        assert_eq!(r.draws, 2000);
        assert_eq!(r.experts, ["E01", "E02", "E03"]);
        let shares: Vec<(&str, Vec<f64>)> = r
            .clusters
            .iter()
            .map(|c| (c.package_id.as_str(), c.shares.clone()))
            .collect();
        // draws 2, 5, 8, … leave out E03: 666 of 2000
        let left = 666.0 / 2000.0;
        assert_eq!(shares[0], ("a", vec![1.0, 0.0, 0.0]));
        assert_eq!(shares[1], ("c", vec![0.0, 1.0, 0.0]));
        assert_eq!(shares[2], ("b", vec![0.0, left, 1.0 - left]));
    }
}
