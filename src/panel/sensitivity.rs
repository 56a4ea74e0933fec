//! How stable the ranking is when the weights move. For each indicator: the smallest relative
//! change of its weight (the others rescaled so that the total stays) that swaps two clusters'
//! ranks. And over 1,000 random perturbations of every weight by up to ±10% (rescaled, fixed
//! seed): the share that leave the ranking unchanged. Diagnostics, in `f64`.

use super::count::ClusterResult;
use crate::rubric::Rubric;
use rust_decimal::prelude::ToPrimitive;

/// The weight change of one indicator that first swaps two clusters.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightSwap {
    /// Indicator.
    pub indicator: u32,
    /// Relative change of its weight (−0.25 = a quarter less); `None` when no change within
    /// the possible range (weight from 0 to the total) swaps any two clusters.
    pub change: Option<f64>,
    /// The two clusters (package ids) that swap.
    pub clusters: Option<(String, String)>,
}

/// The sensitivity of a ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    /// Per indicator, in rubric order (empty with fewer than two clusters).
    pub swaps: Vec<WeightSwap>,
    /// Share of the random perturbations that leave the ranking unchanged.
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

/// SplitMix64: a small, well-known generator whose sequence is fixed by its seed.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The clusters' order (indices, best first) for some weights.
fn order(fractions: &[Vec<f64>], weights: &[f64]) -> Vec<usize> {
    let totals: Vec<f64> = fractions
        .iter()
        .map(|f| f.iter().zip(weights).map(|(a, w)| a * w).sum())
        .collect();
    let mut order: Vec<usize> = (0..fractions.len()).collect();
    order.sort_by(|a, b| totals[*b].total_cmp(&totals[*a]).then(a.cmp(b)));
    order
}

/// Computes the sensitivity of the clusters' ranking.
pub fn sensitivity(rubric: &Rubric, clusters: &[ClusterResult]) -> Sensitivity {
    let weights: Vec<f64> = rubric
        .indicators()
        .map(|i| i.weight.to_f64().unwrap_or(0.0))
        .collect();
    let total: f64 = weights.iter().sum();
    // the fraction of each indicator's weight each cluster earned
    let fractions: Vec<Vec<f64>> = clusters
        .iter()
        .map(|c| {
            rubric
                .indicators()
                .map(|i| {
                    let points = c
                        .indicators
                        .iter()
                        .find(|r| r.id == i.id)
                        .and_then(|r| r.panel)
                        .and_then(|p| p.to_f64())
                        .unwrap_or(0.0);
                    let weight = i.weight.to_f64().unwrap_or(0.0);
                    if weight > 0.0 { points / weight } else { 0.0 }
                })
                .collect()
        })
        .collect();
    if clusters.len() < 2 {
        return Sensitivity {
            swaps: Vec::new(),
            stable_share: None,
            draws: 0,
            seed: SEED,
        };
    }
    let swaps = rubric
        .indicators()
        .enumerate()
        .map(|(k, indicator)| {
            let wk = weights.get(k).copied().unwrap_or(0.0);
            let mut best: Option<(f64, usize, usize)> = None;
            for a in 0..clusters.len() {
                for b in a + 1..clusters.len() {
                    let (fa, fb) = (&fractions[a], &fractions[b]);
                    // totals as functions of the relative change d: w_k(1+d) f_k + (T − w_k(1+d)) ÷ (T − w_k) · R
                    let rest = |f: &[f64]| {
                        f.iter()
                            .zip(&weights)
                            .enumerate()
                            .filter(|(i, _)| *i != k)
                            .map(|(_, (x, w))| x * w)
                            .sum::<f64>()
                    };
                    let (ra, rb) = (rest(fa), rest(fb));
                    let others = total - wk;
                    if others <= 0.0 || wk <= 0.0 {
                        continue;
                    }
                    let at = |d: f64, fk: f64, r: f64| {
                        wk * (1.0 + d) * fk + (total - wk * (1.0 + d)) / others * r
                    };
                    let d0 = at(0.0, fa[k], ra) - at(0.0, fb[k], rb);
                    let slope = at(1.0, fa[k], ra) - at(1.0, fb[k], rb) - d0;
                    if d0.abs() < 1e-12 || slope.abs() < 1e-12 {
                        continue;
                    }
                    let d = -d0 / slope;
                    let (low, high) = (-1.0, total / wk - 1.0);
                    if d < low || d > high {
                        continue;
                    }
                    if best.is_none_or(|(b, _, _)| d.abs() < b.abs()) {
                        best = Some((d, a, b));
                    }
                }
            }
            WeightSwap {
                indicator: indicator.id,
                change: best.map(|(d, _, _)| d),
                clusters: best.map(|(_, a, b)| {
                    (
                        clusters[a].package.id.clone(),
                        clusters[b].package.id.clone(),
                    )
                }),
            }
        })
        .collect();
    let base = order(&fractions, &weights);
    let mut random = SplitMix64(SEED);
    let mut stable = 0;
    for _ in 0..DRAWS {
        let moved: Vec<f64> = weights
            .iter()
            .map(|w| w * (0.9 + 0.2 * random.next_f64()))
            .collect();
        let scale = total / moved.iter().sum::<f64>();
        let rescaled: Vec<f64> = moved.iter().map(|w| w * scale).collect();
        if order(&fractions, &rescaled) == base {
            stable += 1;
        }
    }
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

    #[test]
    fn the_generator_is_fixed_by_its_seed_and_uniform_in_zero_one() {
        let mut a = SplitMix64(SEED);
        let mut b = SplitMix64(SEED);
        let draws: Vec<f64> = (0..1000).map(|_| a.next_f64()).collect();
        assert!(draws.iter().all(|x| (0.0..1.0).contains(x)));
        assert_eq!(draws.first().copied(), Some(b.next_f64()));
        let mean = draws.iter().sum::<f64>() / 1000.0;
        assert!((mean - 0.5).abs() < 0.05, "{mean}");
    }
}
