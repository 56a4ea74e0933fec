//! Krippendorff's alpha: agreement among coders (experts) over units (clusters) that survives
//! missing values — a recused expert simply has no value for that cluster. Computed from the
//! coincidence matrix as in K. Krippendorff, "Computing Krippendorff's Alpha-Reliability"
//! (2011): every unit with `m ≥ 2` values contributes each ordered pair of its values from
//! different coders with weight `1 / (m − 1)`; then
//! `alpha = 1 − (n − 1) · Σ o_ck δ²(c, k) / Σ n_c n_k δ²(c, k)`
//! with `n` the pairable values, `n_c` the marginals, and δ² the metric's difference:
//! nominal `[c ≠ k]`, interval `(c − k)²`, ratio `((c − k) / (c + k))²`, ordinal
//! `(Σ_{g from c to k} n_g − (n_c + n_k) / 2)²`. A diagnostic, in `f64`.

use std::collections::BTreeMap;

/// The level of measurement, which decides how far apart two values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Values are labels.
    Nominal,
    /// Only the order of values matters.
    Ordinal,
    /// Differences matter (points).
    Interval,
    /// Ratios matter.
    Ratio,
}

/// Alpha, or why it is undefined, with what it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Alpha {
    /// The coefficient, or the reason it is undefined.
    pub value: Result<f64, String>,
    /// Units with at least two values (pairable units).
    pub units: usize,
    /// Pairable values (`n`).
    pub values: usize,
}

/// Distinct values in order with the coincidence matrix and marginals.
struct Coincidences {
    values: Vec<f64>,
    /// `o[c][k]`.
    o: Vec<Vec<f64>>,
    /// `n_c`.
    n: Vec<f64>,
    units: usize,
}

fn coincidences(data: &[Vec<Option<f64>>]) -> Coincidences {
    let mut distinct: Vec<f64> = data
        .iter()
        .flatten()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let index: BTreeMap<u64, usize> = distinct
        .iter()
        .enumerate()
        .map(|(i, v)| (v.to_bits(), i))
        .collect();
    let size = distinct.len();
    let mut o = vec![vec![0.0; size]; size];
    let mut units = 0;
    for unit in data {
        let present: Vec<usize> = unit
            .iter()
            .flatten()
            .filter_map(|v| index.get(&v.to_bits()).copied())
            .collect();
        let m = present.len();
        if m < 2 {
            continue;
        }
        units += 1;
        let weight = 1.0 / (m as f64 - 1.0);
        for (i, c) in present.iter().enumerate() {
            for (j, k) in present.iter().enumerate() {
                if i != j {
                    o[*c][*k] += weight;
                }
            }
        }
    }
    let n = o.iter().map(|row| row.iter().sum()).collect();
    Coincidences {
        values: distinct,
        o,
        n,
        units,
    }
}

/// Krippendorff's alpha of `data[unit][coder]` (`None`: missing) under a metric.
pub fn alpha(data: &[Vec<Option<f64>>], metric: Metric) -> Alpha {
    let co = coincidences(data);
    let total: f64 = co.n.iter().sum();
    let values = total.round() as usize;
    let undefined = |reason: &str| Alpha {
        value: Err(reason.to_string()),
        units: co.units,
        values,
    };
    if co.units < 2 {
        return undefined(
            "fewer than 2 clusters with values of at least 2 experts: nothing to compare across clusters",
        );
    }
    let size = co.values.len();
    let delta = |c: usize, k: usize| -> f64 {
        let (a, b) = (co.values[c], co.values[k]);
        match metric {
            Metric::Nominal => f64::from(u8::from(c != k)),
            Metric::Interval => (a - b).powi(2),
            Metric::Ratio => {
                if a + b == 0.0 {
                    0.0
                } else {
                    ((a - b) / (a + b)).powi(2)
                }
            }
            Metric::Ordinal => {
                let (low, high) = if c <= k { (c, k) } else { (k, c) };
                let between: f64 = co.n[low..=high].iter().sum();
                (between - (co.n[c] + co.n[k]) / 2.0).powi(2)
            }
        }
    };
    let mut observed = 0.0;
    let mut expected = 0.0;
    for c in 0..size {
        for k in 0..size {
            let d = delta(c, k);
            observed += co.o[c][k] * d;
            expected += co.n[c] * co.n[k] * d;
        }
    }
    if expected <= 0.0 {
        return undefined("every value is the same: no variation to agree on");
    }
    Alpha {
        value: Ok(1.0 - (total - 1.0) * observed / expected),
        units: co.units,
        values,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Krippendorff (2011), section C, the example of 4 observers coding 12 units on a scale
    /// 1–5 with missing values (rows: units; columns: observers A, B, C, D), and its published
    /// results: nominal α = .743, ordinal .815, interval .849, ratio .797.
    fn published_example() -> Vec<Vec<Option<f64>>> {
        let a = [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0];
        let b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3];
        let c = [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0];
        let d = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0];
        (0..12)
            .map(|u| {
                [a[u], b[u], c[u], d[u]]
                    .iter()
                    .map(|v| (*v > 0).then_some(f64::from(*v)))
                    .collect()
            })
            .collect()
    }

    fn three(alpha: &Alpha) -> f64 {
        (alpha.value.clone().unwrap_or(f64::NAN) * 1000.0).round() / 1000.0
    }

    #[test]
    fn reproduces_krippendorffs_published_example() {
        let data = published_example();
        assert_eq!(three(&alpha(&data, Metric::Nominal)), 0.743);
        assert_eq!(three(&alpha(&data, Metric::Ordinal)), 0.815);
        assert_eq!(three(&alpha(&data, Metric::Interval)), 0.849);
        assert_eq!(three(&alpha(&data, Metric::Ratio)), 0.797);
        let a = alpha(&data, Metric::Interval);
        // unit 12 has one value only: 11 pairable units, 40 pairable values
        assert_eq!((a.units, a.values), (11, 40));
    }

    /// Two coders, two units, by hand: values (1, 2) and (3, 3). Coincidences: o(1,2) = o(2,1)
    /// = 1, o(3,3) = 2; n = 4. Interval: D_o ∝ Σ o δ² = 2 · 1 = 2; Σ n_c n_k δ² = 2·(1·1·1 +
    /// 1·2·4 + 1·2·1) = 22; α = 1 − 3 · 2 / 22 = 8/11.
    #[test]
    fn interval_alpha_by_hand() {
        let data = vec![vec![Some(1.0), Some(2.0)], vec![Some(3.0), Some(3.0)]];
        let a = alpha(&data, Metric::Interval);
        assert!(
            (a.value.clone().unwrap_or(0.0) - 8.0 / 11.0).abs() < 1e-12,
            "{a:?}"
        );
    }

    #[test]
    fn undefined_without_pairs_or_variation() {
        let lonely = vec![vec![Some(1.0), None], vec![None, Some(2.0)]];
        assert!(alpha(&lonely, Metric::Interval).value.is_err());
        // one cluster alone: alpha would be 0 by construction, which says nothing
        let one = vec![vec![Some(1.0), Some(3.0), Some(2.0)]];
        assert!(alpha(&one, Metric::Interval).value.is_err());
        let same = vec![vec![Some(2.0), Some(2.0)], vec![Some(2.0), Some(2.0)]];
        assert!(alpha(&same, Metric::Interval).value.is_err());
    }
}
