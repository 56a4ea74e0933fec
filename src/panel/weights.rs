//! Ranking clusters exactly under changed weights. A cluster's points on an indicator are the
//! fraction it earned times the weight, so moving the weights by factors `m_k` moves its total
//! to `Σ m_k × points_k` (rescaling every weight by one factor to keep the total changes no
//! order). The exact points are brought to one common denominator once, so that each draw is
//! a few integer products and ties stay ties.

use crate::scoring::Exact;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::One;

/// Ranks of values, highest first, equal values sharing the best rank (1, 2, 2, 4).
pub fn shared_ranks<T: Ord>(values: &[T]) -> Vec<usize> {
    values
        .iter()
        .map(|v| 1 + values.iter().filter(|other| *other > v).count())
        .collect()
}

/// Exact points per cluster and indicator as integer numerators over one denominator.
#[derive(Debug, Clone)]
pub struct PointsTable {
    /// `[cluster][indicator]`.
    numerators: Vec<Vec<BigInt>>,
}

impl PointsTable {
    /// The table of `points[cluster][indicator]`.
    pub fn new(points: &[Vec<Exact>]) -> Self {
        let denominator = points
            .iter()
            .flatten()
            .fold(BigInt::one(), |l, p| l.lcm(p.parts().1));
        Self {
            numerators: points
                .iter()
                .map(|row| row.iter().map(|p| p.numerator_over(&denominator)).collect())
                .collect(),
        }
    }

    /// The clusters' totals (scaled by the common denominator) under weight factors
    /// `multipliers[indicator]` (all scaled alike).
    pub fn totals(&self, multipliers: &[u64]) -> Vec<BigInt> {
        self.numerators
            .iter()
            .map(|row| {
                row.iter()
                    .zip(multipliers)
                    .map(|(n, m)| n * BigInt::from(*m))
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
