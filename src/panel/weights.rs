//! Ranking clusters under changed weights, for the diagnostics (rank acceptability, the share of
//! stable draws): a cluster's points on an indicator are the fraction it earned times the
//! weight, so moving the weights by factors `m_k` moves its total to `Σ m_k × points_k`
//! (rescaling every weight by one factor to keep the total changes no order). Diagnostics may
//! use binary floating point (official points never do): clusters with the same points on every
//! indicator get the same total from the same operations, so ties stay ties; draws are a few
//! thousand, clusters hundreds, so ranking sorts instead of comparing every pair.

use crate::scoring::Exact;
use rust_decimal::prelude::ToPrimitive;

/// Ranks of values, highest first, equal values sharing the best rank (1, 2, 2, 4), in
/// `O(n log n)`.
pub fn shared_ranks<T: PartialOrd>(values: &[T]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|a, b| {
        values[*b]
            .partial_cmp(&values[*a])
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut ranks = vec![0; values.len()];
    let mut rank = 0;
    for (position, &index) in order.iter().enumerate() {
        let tied = position > 0
            && order
                .get(position - 1)
                .is_some_and(|&before| values[before] == values[index]);
        if !tied {
            rank = position + 1;
        }
        if let Some(slot) = ranks.get_mut(index) {
            *slot = rank;
        }
    }
    ranks
}

/// Points per cluster and indicator, for re-ranking under weight factors.
#[derive(Debug, Clone)]
pub struct PointsTable {
    /// `[cluster][indicator]`.
    points: Vec<Vec<f64>>,
}

impl PointsTable {
    /// The table of `points[cluster][indicator]`.
    pub fn new(points: &[Vec<Exact>]) -> Self {
        Self {
            points: points
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|p| p.to_decimal_lossy().to_f64().unwrap_or(0.0))
                        .collect()
                })
                .collect(),
        }
    }

    /// The clusters' totals under weight factors `multipliers[indicator]` (on the grid of
    /// `perturbation`; all scaled alike).
    pub fn totals(&self, multipliers: &[u64]) -> Vec<f64> {
        self.points
            .iter()
            .map(|row| {
                row.iter()
                    .zip(multipliers)
                    .map(|(p, m)| p * (*m as f64))
                    .sum()
            })
            .collect()
    }

    /// The clusters' shared ranks under weight factors.
    pub fn ranks(&self, multipliers: &[u64]) -> Vec<usize> {
        shared_ranks(&self.totals(multipliers))
    }
}

/// One draw of weight factors, each uniform in `[1 − 0.1, 1 + 0.1]` on a grid of 2^-53:
/// `m = 9·2^53 + 2u` for a 53-bit `u` stands for `(9 + 2u/2^53) / 10`.
pub fn perturbation(random: &mut super::random::SplitMix64, indicators: usize) -> Vec<u64> {
    (0..indicators)
        .map(|_| 9 * (1u64 << 53) + 2 * random.next_u53())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_the_best_rank() {
        assert_eq!(shared_ranks(&[5, 7, 7, 1]), vec![3, 1, 1, 4]);
        assert_eq!(shared_ranks::<i32>(&[]), Vec::<usize>::new());
    }

    #[test]
    fn totals_follow_the_weight_factors_exactly() {
        let third = Exact::ratio(1, 3).expect("ratio");
        // cluster a: 1/3 on indicator 1, 2/3 on 2; cluster b: 2/3 then 1/3
        let table = PointsTable::new(&[
            vec![third.clone(), &third + &third],
            vec![&third + &third, third.clone()],
        ]);
        assert_eq!(table.ranks(&[1, 1]), vec![1, 1], "a tie stays a tie");
        assert_eq!(table.ranks(&[2, 1]), vec![2, 1]);
        assert_eq!(table.ranks(&[1, 2]), vec![1, 2]);
    }
}
