//! Inter-rater agreement across clusters × experts, on the experts' totals: the intraclass
//! correlation in the six forms of Shrout & Fleiss (1979) and Kendall's coefficient of
//! concordance W over the experts' rankings, corrected for ties. These are diagnostics and use
//! `f64`; they are `None` with a reason when the design does not allow them.

use super::count::ClusterResult;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeSet;

/// The six Shrout–Fleiss forms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Icc {
    /// ICC(1,1): one-way random, single rater.
    pub icc1: f64,
    /// ICC(2,1): two-way random, single rater, absolute agreement.
    pub icc2: f64,
    /// ICC(3,1): two-way mixed, single rater, consistency.
    pub icc3: f64,
    /// ICC(1,k): one-way random, mean of k raters.
    pub icc1k: f64,
    /// ICC(2,k): two-way random, mean of k raters.
    pub icc2k: f64,
    /// ICC(3,k): two-way mixed, mean of k raters.
    pub icc3k: f64,
}

/// Agreement statistics, or why they cannot be computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// The ICC forms, or the reason they are undefined.
    pub icc: Result<Icc, String>,
    /// Kendall's W with tie correction, or the reason it is undefined.
    pub kendall_w: Result<f64, String>,
    /// Clusters (targets) in the matrix.
    pub clusters: usize,
    /// Experts (raters) in the matrix.
    pub experts: usize,
}

/// The matrix clusters × experts of the experts' totals, when every expert has a counted
/// session for every cluster.
fn matrix(clusters: &[ClusterResult]) -> Result<(Vec<Vec<f64>>, usize), String> {
    let experts: BTreeSet<&str> = clusters
        .iter()
        .flat_map(|c| c.experts.iter().map(|e| e.id.as_str()))
        .collect();
    let mut rows = Vec::new();
    for cluster in clusters {
        let mut row = Vec::new();
        for expert in &experts {
            match cluster.experts.iter().find(|e| e.id == *expert) {
                Some(column) => row.push(column.total.to_f64().unwrap_or(f64::NAN)),
                None => {
                    return Err(format!(
                        "incomplete design: expert {expert} has no counted session for cluster {}",
                        cluster.package.id
                    ));
                }
            }
        }
        rows.push(row);
    }
    if rows.len() < 2 {
        return Err(format!("{} cluster(s): at least 2 are needed", rows.len()));
    }
    if experts.len() < 2 {
        return Err(format!(
            "{} expert(s): at least 2 are needed",
            experts.len()
        ));
    }
    Ok((rows, experts.len()))
}

/// The statistics of a combined evaluation.
pub fn agreement(clusters: &[ClusterResult]) -> Agreement {
    let experts: BTreeSet<&str> = clusters
        .iter()
        .flat_map(|c| c.experts.iter().map(|e| e.id.as_str()))
        .collect();
    match matrix(clusters) {
        Ok((rows, _)) => Agreement {
            icc: icc(&rows),
            kendall_w: kendall_w(&rows),
            clusters: rows.len(),
            experts: experts.len(),
        },
        Err(reason) => Agreement {
            icc: Err(reason.clone()),
            kendall_w: Err(reason),
            clusters: clusters.len(),
            experts: experts.len(),
        },
    }
}

/// ICC of a complete matrix (rows: targets, columns: raters), Shrout & Fleiss (1979).
pub fn icc(x: &[Vec<f64>]) -> Result<Icc, String> {
    let n = x.len();
    let k = x.first().map_or(0, Vec::len);
    if n < 2 || k < 2 || x.iter().any(|r| r.len() != k) {
        return Err("at least 2 targets and 2 raters in a complete matrix are needed".into());
    }
    let (nf, kf) = (n as f64, k as f64);
    let grand = x.iter().flatten().sum::<f64>() / (nf * kf);
    let row_means: Vec<f64> = x.iter().map(|r| r.iter().sum::<f64>() / kf).collect();
    let col_means: Vec<f64> = (0..k)
        .map(|j| x.iter().filter_map(|r| r.get(j)).sum::<f64>() / nf)
        .collect();
    let sst: f64 = x.iter().flatten().map(|v| (v - grand).powi(2)).sum();
    let ssr: f64 = kf * row_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ssc: f64 = nf * col_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let bms = ssr / (nf - 1.0);
    let jms = ssc / (kf - 1.0);
    let wms = (sst - ssr) / (nf * (kf - 1.0));
    let ems = (sst - ssr - ssc) / ((nf - 1.0) * (kf - 1.0));
    let ratio = |num: f64, den: f64| {
        if den.abs() < f64::EPSILON {
            None
        } else {
            Some(num / den)
        }
    };
    let forms = (
        ratio(bms - wms, bms + (kf - 1.0) * wms),
        ratio(bms - ems, bms + (kf - 1.0) * ems + kf * (jms - ems) / nf),
        ratio(bms - ems, bms + (kf - 1.0) * ems),
        ratio(bms - wms, bms),
        ratio(bms - ems, bms + (jms - ems) / nf),
        ratio(bms - ems, bms),
    );
    match forms {
        (Some(icc1), Some(icc2), Some(icc3), Some(icc1k), Some(icc2k), Some(icc3k)) => Ok(Icc {
            icc1,
            icc2,
            icc3,
            icc1k,
            icc2k,
            icc3k,
        }),
        _ => Err("no variance between the clusters: the ICC is undefined".into()),
    }
}

/// Average ranks (1 = smallest) of a rater's values, with the tie term Σ(t³ − t).
fn ranks(values: &[f64]) -> (Vec<f64>, f64) {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|a, b| values[*a].total_cmp(&values[*b]));
    let mut ranks = vec![0.0; values.len()];
    let mut ties = 0.0;
    let mut start = 0;
    while start < order.len() {
        let mut end = start;
        while end + 1 < order.len() && values[order[end + 1]] == values[order[start]] {
            end += 1;
        }
        let average = (start + end) as f64 / 2.0 + 1.0;
        for &i in &order[start..=end] {
            ranks[i] = average;
        }
        let t = (end - start + 1) as f64;
        ties += t.powi(3) - t;
        start = end + 1;
    }
    (ranks, ties)
}

/// Kendall's W with tie correction of a complete matrix (rows: objects, columns: raters).
pub fn kendall_w(x: &[Vec<f64>]) -> Result<f64, String> {
    let n = x.len();
    let m = x.first().map_or(0, Vec::len);
    if n < 2 || m < 2 || x.iter().any(|r| r.len() != m) {
        return Err("at least 2 objects and 2 raters in a complete matrix are needed".into());
    }
    let mut sums = vec![0.0; n];
    let mut ties = 0.0;
    for j in 0..m {
        let column: Vec<f64> = x.iter().filter_map(|r| r.get(j).copied()).collect();
        let (r, t) = ranks(&column);
        for (sum, rank) in sums.iter_mut().zip(r) {
            *sum += rank;
        }
        ties += t;
    }
    let (nf, mf) = (n as f64, m as f64);
    let mean = sums.iter().sum::<f64>() / nf;
    let s: f64 = sums.iter().map(|r| (r - mean).powi(2)).sum();
    let denominator = mf * mf * (nf.powi(3) - nf) - mf * ties;
    if denominator.abs() < f64::EPSILON {
        return Err("every rater tied every object: W is undefined".into());
    }
    Ok(12.0 * s / denominator)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(rows: &[&[f64]]) -> Vec<Vec<f64>> {
        rows.iter().map(|r| r.to_vec()).collect()
    }

    /// Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
    /// reliability. Psychological Bulletin 86(2), 420–428 — Table 2 (6 targets × 4 judges) and
    /// the values of Table 4: ICC(1,1) .17, ICC(2,1) .29, ICC(3,1) .71, ICC(1,4) .44,
    /// ICC(2,4) .62, ICC(3,4) .91.
    #[test]
    fn icc_matches_shrout_and_fleiss() {
        let x = matrix(&[
            &[9.0, 2.0, 5.0, 8.0],
            &[6.0, 1.0, 3.0, 2.0],
            &[8.0, 4.0, 6.0, 8.0],
            &[7.0, 1.0, 2.0, 6.0],
            &[10.0, 5.0, 6.0, 9.0],
            &[6.0, 2.0, 4.0, 7.0],
        ]);
        let icc = icc(&x).expect("defined");
        let round2 = |v: f64| (v * 100.0).round() / 100.0;
        assert_eq!(
            [
                icc.icc1, icc.icc2, icc.icc3, icc.icc1k, icc.icc2k, icc.icc3k
            ]
            .map(round2),
            [0.17, 0.29, 0.71, 0.44, 0.62, 0.91]
        );
    }

    /// The same data by hand, in exact fractions: the mean squares are those of Shrout &
    /// Fleiss's Table 3 (BMS 11.24 = 1349/120, WMS 6.26 = 451/72, JMS 32.49 = 2339/72, EMS
    /// 1.02 = 367/360), and the six forms are 448/2703, 184/635, 920/1287, 1792/4047, 736/1187
    /// and 3680/4047 — four decimals .1657, .2898, .7148, .4428, .6201, .9093.
    #[test]
    fn icc_agrees_with_the_exact_fractions_to_four_decimals() {
        let x = matrix(&[
            &[9.0, 2.0, 5.0, 8.0],
            &[6.0, 1.0, 3.0, 2.0],
            &[8.0, 4.0, 6.0, 8.0],
            &[7.0, 1.0, 2.0, 6.0],
            &[10.0, 5.0, 6.0, 9.0],
            &[6.0, 2.0, 4.0, 7.0],
        ]);
        let icc = icc(&x).expect("defined");
        let got = [
            icc.icc1, icc.icc2, icc.icc3, icc.icc1k, icc.icc2k, icc.icc3k,
        ];
        let exact = [
            448.0 / 2703.0,
            184.0 / 635.0,
            920.0 / 1287.0,
            1792.0 / 4047.0,
            736.0 / 1187.0,
            3680.0 / 4047.0,
        ];
        for (g, e) in got.iter().zip(exact) {
            assert!((g - e).abs() < 1e-12, "{g} vs {e}");
        }
        let shown: Vec<String> = got
            .iter()
            .map(|v| super::super::render::statistic(*v))
            .collect();
        assert_eq!(
            shown,
            ["0.1657", "0.2898", "0.7148", "0.4428", "0.6201", "0.9093"]
        );
    }

    /// The scorecard of 12 items rated by 5 raters published with the output of R's `irr`
    /// package (`kendall(scorecard, correct = TRUE)`: Wt = 0.735, χ²(11) = 40.5;
    /// `icc(model = "oneway")`: ICC(1) = 0.688) in I. Kemp, "Scorecard Example" (2016). Rater 2
    /// gives two items the same rating, so the tie correction matters.
    #[test]
    fn kendall_w_with_ties_and_icc1_match_irr() {
        let x = matrix(&[
            &[4.0, 1.0, 1.0, 2.0, 1.0],
            &[3.0, 2.0, 2.0, 3.0, 6.0],
            &[1.0, 6.0, 6.0, 5.0, 2.0],
            &[5.0, 3.0, 3.0, 6.0, 5.0],
            &[6.0, 5.0, 4.0, 7.0, 3.0],
            &[9.0, 4.0, 5.0, 1.0, 8.0],
            &[8.0, 8.0, 8.0, 4.0, 4.0],
            &[2.0, 9.0, 7.0, 10.0, 9.0],
            &[7.0, 10.0, 10.0, 8.0, 7.0],
            &[11.0, 11.0, 9.0, 9.0, 10.0],
            &[10.0, 6.0, 11.0, 11.0, 11.0],
            &[12.0, 12.0, 12.0, 12.0, 12.0],
        ]);
        let w = kendall_w(&x).expect("defined");
        assert_eq!((w * 1000.0).round() / 1000.0, 0.735);
        assert_eq!((5.0 * 11.0 * w * 10.0).round() / 10.0, 40.5, "χ² = m(n−1)W");
        assert_eq!(
            (icc(&x).expect("defined").icc1 * 1000.0).round() / 1000.0,
            0.688
        );
    }

    /// ProofWiki, "Kendall's Coefficient of Concordance/Examples/Arbitrary Example 1": three
    /// competitors ranked by four judges, W = 1/16.
    #[test]
    fn kendall_w_without_ties_matches_proofwiki() {
        let x = matrix(&[
            &[1.0, 1.0, 2.0, 3.0],
            &[3.0, 2.0, 3.0, 1.0],
            &[2.0, 3.0, 1.0, 2.0],
        ]);
        assert!((kendall_w(&x).expect("defined") - 1.0 / 16.0).abs() < 1e-12);
    }

    #[test]
    fn undefined_designs_say_why() {
        assert!(icc(&matrix(&[&[1.0, 2.0]])).is_err());
        assert!(kendall_w(&matrix(&[&[1.0], &[2.0]])).is_err());
        assert!(icc(&matrix(&[&[1.0, 1.0], &[1.0, 1.0]])).is_err());
    }
}
