//! How stable the ranking is when the weights move.
//!
//! For each indicator: the smallest relative change of its weight (the other weights rescaled
//! so that the total stays, every weight ≥ 0) that strictly reverses the order of two
//! clusters — a pair tied now is not ordered and cannot swap, and a pair that only meets at
//! the end of the feasible range (the weight 0 or the whole total) never reverses. With the
//! weight `w` of indicator k changed to `s·w`, cluster c's total is
//! `T_c(s) = s·P_ck + (W − s·w) ÷ (W − w) · (T_c − P_ck)`, linear in `s`, so the crossing of two
//! clusters is found exactly (rational arithmetic): `change = s* − 1`.
//!
//! And over 1,000 random perturbations of every weight by up to ±10% (SplitMix64, seed 2023;
//! rescaling keeps the order): the share that leave every cluster's rank unchanged, ranks
//! shared by equal totals as in the ranking. Exact throughout; the share is a diagnostic.

use super::count::ClusterResult;
use super::random::SplitMix64;
use super::weights::{PointsTable, perturbation};
use crate::rubric::Rubric;
use crate::scoring::Exact;
use rust_decimal::Decimal;

/// The weight change of one indicator that first swaps two clusters.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightSwap {
    /// Indicator.
    pub indicator: u32,
    /// Its weight now.
    pub weight: Decimal,
    /// Relative change of its weight at which the two clusters' totals meet (−0.25 = a
    /// quarter less): any change beyond it, in the same direction, reverses them. `None` when
    /// no change within the feasible weights reverses any two clusters.
    pub change: Option<Exact>,
    /// The weight at which they meet: `weight × (1 + change)`.
    pub at_weight: Option<Exact>,
    /// The two clusters (package ids), the one ranked above the other now first.
    pub clusters: Option<(String, String)>,
}

/// The sensitivity of a ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    /// Per indicator, in rubric order (empty with fewer than two clusters).
    pub swaps: Vec<WeightSwap>,
    /// Share of the random perturbations that leave every rank unchanged.
    pub stable_share: Option<f64>,
    /// How many perturbations were drawn.
    pub draws: usize,
    /// Their seed.
    pub seed: u64,
}

/// Perturbations drawn.
pub const DRAWS: usize = 1000;
/// Their fixed seed (so the figure is the same every time).
pub const SEED: u64 = 2023;

/// The exact points of each cluster on each indicator of the rubric (0 when none).
pub(crate) fn points_matrix(rubric: &Rubric, clusters: &[ClusterResult]) -> Vec<Vec<Exact>> {
    clusters
        .iter()
        .map(|c| {
            rubric
                .indicators()
                .map(|i| {
                    c.indicators
                        .iter()
                        .find(|r| r.id == i.id)
                        .and_then(|r| r.panel_exact.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect()
}

/// The smallest feasible change of indicator `k`'s weight that reverses two clusters:
/// `(change, (upper, lower))` with indices into `points`; of equal changes, the first pair in
/// index order.
///
/// Every pair is looked at (C² of them for C clusters): first in floating point, to order the
/// candidates by their approximate change, then exactly, in that order, until no candidate left
/// can be smaller than the best exact change found (a margin far above floating-point error
/// keeps every pair that could be). A pair whose floating-point figures are too close to call —
/// a crossing near the end of the feasible weights, a slope near zero — is always computed
/// exactly. The result is the exact one: the screen only saves the rational arithmetic on pairs
/// that cannot win (a province's 300 clusters make 45,000 pairs per indicator).
pub(crate) fn smallest_swap(
    points: &[Vec<Exact>],
    weights: &[Exact],
    k: usize,
) -> Option<(Exact, (usize, usize))> {
    let w = weights.get(k)?;
    let total: Exact = weights.iter().sum();
    let others = &total - w;
    if w <= &Exact::zero() || others <= Exact::zero() {
        return None;
    }
    let s_max = total.checked_div(w)?;
    let totals: Vec<Exact> = points.iter().map(|row| row.iter().sum()).collect();
    let at = |row: usize| points.get(row).and_then(|r| r.get(k));
    let (wf, total_f, others_f, s_max_f) =
        (w.to_f64(), total.to_f64(), others.to_f64(), s_max.to_f64());
    let totals_f: Vec<f64> = totals.iter().map(Exact::to_f64).collect();
    let points_f: Vec<f64> = (0..points.len())
        .map(|r| at(r).map_or(0.0, Exact::to_f64))
        .collect();
    // each cluster's points on the other indicators, exactly: a pair equal there meets only
    // where the weight is 0, a pair equal on indicator k only where it is the whole total —
    // neither reverses (decided exactly here, as such pairs are too close to call in floating
    // point and are common: clusters scored alike on an indicator)
    let rests: Vec<Option<Exact>> = totals
        .iter()
        .enumerate()
        .map(|(r, t)| at(r).map(|p| t - p))
        .collect();
    // the clusters by exact total, highest first: a pair can reverse only if ordered now
    let mut order: Vec<usize> = (0..totals.len()).collect();
    order.sort_by(|a, b| totals[*b].cmp(&totals[*a]));
    // far above the error of the floating-point figures once the cancelling cases below are
    // sent to the exact computation: a candidate within it of the best is always decided exactly
    const TOLERANCE: f64 = 1e-6;
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (position, &a) in order.iter().enumerate() {
        for &b in order.iter().skip(position + 1) {
            if totals[a] <= totals[b] {
                continue; // tied now: not ordered, cannot swap
            }
            if at(a) == at(b) || rests.get(a) == rests.get(b) {
                continue; // meets only at an end of the feasible weights
            }
            let scale = 1.0 + totals_f[a].abs() + totals_f[b].abs();
            let dp = points_f[a] - points_f[b];
            let (rest_a, rest_b) = (totals_f[a] - points_f[a], totals_f[b] - points_f[b]);
            let rest = (rest_a - rest_b) / others_f;
            let slope = dp - wf * rest;
            let s = -(total_f * rest) / slope;
            // a difference that cancels most of its terms is too imprecise in floating point
            let cancels = |difference: f64, x: f64, y: f64| {
                difference.abs() <= TOLERANCE * (x.abs() + y.abs())
            };
            let uncertain = slope.abs() <= TOLERANCE * scale
                || cancels(slope, dp, wf * rest)
                || cancels(rest_a - rest_b, rest_a, rest_b)
                || cancels(dp, points_f[a], points_f[b])
                || !s.is_finite()
                || s.abs() <= TOLERANCE * scale
                || (s - s_max_f).abs() <= TOLERANCE * scale * s_max_f.max(1.0);
            if uncertain {
                candidates.push((0.0, a, b)); // decided exactly, first
            } else if s > 0.0 && s < s_max_f {
                candidates.push(((s - 1.0).abs(), a, b));
            }
        }
    }
    candidates.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut best: Option<(Exact, (usize, usize))> = None;
    for (approximate, a, b) in candidates {
        if let Some((change, _)) = &best {
            let bound = change.abs().to_f64();
            if approximate > bound + TOLERANCE * (1.0 + bound) {
                break; // every pair left changes the weight more than the best found
            }
        }
        let (Some(pa), Some(pb)) = (at(a), at(b)) else {
            continue;
        };
        let dp = pa - pb;
        let dr = &(&totals[a] - pa) - &(&totals[b] - pb);
        let Some(rest) = dr.checked_div(&others) else {
            continue;
        };
        // diff(s) = s·(dp − w·rest) + total·rest
        let slope = &dp - &(w * &rest);
        let Some(s) = (-(&total * &rest)).checked_div(&slope) else {
            continue;
        };
        if s <= Exact::zero() || s >= s_max {
            continue; // meets at or beyond the end of the feasible weights: no reversal
        }
        let change = &s - &Exact::one();
        let better = best.as_ref().is_none_or(|(c, pair)| {
            let (new, old) = (change.abs(), c.abs());
            new < old || (new == old && (a, b) < *pair)
        });
        if better {
            best = Some((change, (a, b)));
        }
    }
    best
}

/// The same search over every pair in exact arithmetic alone: the reference the screened
/// search is tested against.
#[cfg(test)]
fn smallest_swap_exhaustive(
    points: &[Vec<Exact>],
    weights: &[Exact],
    k: usize,
) -> Option<(Exact, (usize, usize))> {
    let w = weights.get(k)?;
    let total: Exact = weights.iter().sum();
    let others = &total - w;
    if w <= &Exact::zero() || others <= Exact::zero() {
        return None;
    }
    let s_max = total.checked_div(w)?;
    let totals: Vec<Exact> = points.iter().map(|row| row.iter().sum()).collect();
    let mut best: Option<(Exact, (usize, usize))> = None;
    for (a, ta) in totals.iter().enumerate() {
        for (b, tb) in totals.iter().enumerate() {
            if ta <= tb {
                continue;
            }
            let dp = &points[a][k] - &points[b][k];
            let dr = &(ta - &points[a][k]) - &(tb - &points[b][k]);
            let rest = dr.checked_div(&others)?;
            let slope = &dp - &(w * &rest);
            let Some(s) = (-(&total * &rest)).checked_div(&slope) else {
                continue;
            };
            if s <= Exact::zero() || s >= s_max {
                continue;
            }
            let change = &s - &Exact::one();
            let better = best.as_ref().is_none_or(|(c, pair)| {
                let (new, old) = (change.abs(), c.abs());
                new < old || (new == old && (a, b) < *pair)
            });
            if better {
                best = Some((change, (a, b)));
            }
        }
    }
    best
}

/// Computes the sensitivity of the clusters' ranking (clusters in ranking order).
pub fn sensitivity(rubric: &Rubric, clusters: &[ClusterResult]) -> Sensitivity {
    if clusters.len() < 2 {
        return Sensitivity {
            swaps: Vec::new(),
            stable_share: None,
            draws: 0,
            seed: SEED,
        };
    }
    let points = points_matrix(rubric, clusters);
    let weights: Vec<Exact> = rubric.indicators().map(|i| Exact::from(i.weight)).collect();
    let swaps = rubric
        .indicators()
        .enumerate()
        .map(|(k, indicator)| {
            let found = smallest_swap(&points, &weights, k);
            let id = |i: usize| {
                clusters
                    .get(i)
                    .map(|c| c.package.id.clone())
                    .unwrap_or_default()
            };
            WeightSwap {
                indicator: indicator.id,
                weight: indicator.weight,
                at_weight: found
                    .as_ref()
                    .map(|(d, _)| &Exact::from(indicator.weight) * &(d + &Exact::one())),
                clusters: found.as_ref().map(|(_, (a, b))| (id(*a), id(*b))),
                change: found.map(|(d, _)| d),
            }
        })
        .collect();
    let table = PointsTable::new(&points);
    let base: Vec<usize> = clusters.iter().map(|c| c.rank).collect();
    let mut random = SplitMix64::new(SEED);
    let stable = (0..DRAWS)
        .filter(|_| table.ranks(&perturbation(&mut random, weights.len())) == base)
        .count();
    Sensitivity {
        swaps,
        stable_share: Some(stable as f64 / DRAWS as f64),
        draws: DRAWS,
        seed: SEED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(n: i64) -> Exact {
        Exact::from_int(n)
    }

    /// Two indicators of weight 50 each; cluster a earns 40 + 10 = 50, b earns 20 + 25 = 45.
    /// Moving weight 1 to s·50: T_a = 40s + (100 − 50s)/50·10 = 30s + 20, T_b = 20s +
    /// (100 − 50s)/50·25 = −5s + 50; they meet at s = 6/7: change −1/7 (weight 300/7). Moving
    /// weight 2 by s: T_a = 10s + (100 − 50s)/50·40 = −30s + 80, T_b = 25s + (100 −
    /// 50s)/50·20 = 5s + 40: s = 8/7, change +1/7.
    #[test]
    fn the_crossing_is_exact_by_hand() {
        let points = vec![vec![e(40), e(10)], vec![e(20), e(25)]];
        let weights = vec![e(50), e(50)];
        let (change, pair) = smallest_swap(&points, &weights, 0).expect("swap");
        assert_eq!((change, pair), (Exact::ratio(-1, 7).expect("r"), (0, 1)));
        let (change, _) = smallest_swap(&points, &weights, 1).expect("swap");
        assert_eq!(change, Exact::ratio(1, 7).expect("r"));
    }

    /// The screened search gives exactly what the exhaustive exact search gives, on random
    /// panels with ties, equal points and crossings at the ends of the range.
    #[test]
    fn the_screened_search_is_the_exhaustive_one() {
        let mut random = SplitMix64::new(7);
        for round in 0..200 {
            let clusters = 2 + (random.next_u64() % 12) as usize;
            let indicators = 2 + (random.next_u64() % 5) as usize;
            // few distinct values, so ties and exact meetings are common
            let points: Vec<Vec<Exact>> = (0..clusters)
                .map(|_| {
                    (0..indicators)
                        .map(|_| Exact::ratio((random.next_u64() % 7) as i64, 2).expect("r"))
                        .collect()
                })
                .collect();
            let weights: Vec<Exact> = (0..indicators)
                .map(|_| e(1 + (random.next_u64() % 9) as i64))
                .collect();
            for k in 0..indicators {
                assert_eq!(
                    smallest_swap(&points, &weights, k),
                    smallest_swap_exhaustive(&points, &weights, k),
                    "round {round}, indicator {k}"
                );
            }
        }
    }

    /// A tie is not a swap; a crossing only at the end of the range (weight 0) is not either.
    #[test]
    fn ties_and_crossings_at_the_end_of_the_range_are_not_swaps() {
        let tied = vec![vec![e(40), e(10)], vec![e(10), e(40)]];
        let weights = vec![e(50), e(50)];
        assert!(smallest_swap(&tied, &weights, 0).is_none());
        // a earns more on both indicators in proportion: they only meet where nothing counts
        let ahead = vec![vec![e(40), e(40)], vec![e(20), e(20)]];
        assert!(smallest_swap(&ahead, &weights, 0).is_none());
        // a earns 10 + 0, b 0 + 5: T_a = 10s, T_b = (100 − 50s)/50·5 = 10 − 5s; b overtakes
        // once weight 1 falls below 2/3 of 50 (change −1/3)
        let end = vec![vec![e(10), e(0)], vec![e(0), e(5)]];
        let (change, _) = smallest_swap(&end, &weights, 0).expect("swap");
        assert_eq!(change, Exact::ratio(-1, 3).expect("r"));
        // a earns 10 + 0, b 0 + 0: b never overtakes; they meet only at weight 0
        let never = vec![vec![e(10), e(0)], vec![e(0), e(0)]];
        assert!(smallest_swap(&never, &weights, 0).is_none());
    }
}
