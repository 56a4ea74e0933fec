//! Inter-rater agreement across clusters × experts, on the experts' totals: Krippendorff's
//! alpha (interval and ordinal) over every counted score, missing cells (recusals) and all, on
//! the totals and per qualitative indicator; and, on the largest complete block of experts ×
//! clusters (every expert of it scored every cluster of it), the intraclass correlation in the
//! six forms of Shrout & Fleiss (1979) and Kendall's coefficient of concordance W over the
//! experts' rankings, corrected for ties, naming the experts and clusters the block leaves
//! out. These are diagnostics and use `f64`; a statistic is `Err` with a reason when the design
//! does not allow it.

use super::count::ClusterResult;
use super::krippendorff::{Alpha, Metric, alpha};
use crate::rubric::{IndicatorKind, Rubric};
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeSet;

/// Why an agreement statistic is undefined: typed, so that each screen says it in its own
/// language (the JSON gives the English words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undefined {
    /// Fewer than 2 clusters were counted.
    TooFewClusters(usize),
    /// Fewer than 2 experts were counted.
    TooFewExperts(usize),
    /// No block of at least 2 experts × 2 clusters in which every expert scored every cluster;
    /// `missing` names a first gap (expert, package id).
    NoCompleteBlock {
        /// Clusters counted.
        clusters: usize,
        /// Experts counted.
        experts: usize,
        /// An expert without a counted session for a cluster.
        missing: Option<(String, String)>,
    },
    /// The matrix given is smaller than 2 × 2 or ragged.
    IncompleteMatrix,
    /// Every cluster got the same mean: the ICC divides by zero.
    NoVariance,
    /// Every rater tied every object: W divides by zero.
    AllTied,
}

impl Undefined {
    /// The reason in words.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang::{En, Zh};
        match (self, lang) {
            (Self::TooFewClusters(n), Zh) => format!("仅 {n} 个集群，至少需要 2 个"),
            (Self::TooFewClusters(n), En) => format!("{n} cluster(s): at least 2 are needed"),
            (Self::TooFewExperts(n), Zh) => format!("仅 {n} 位专家，至少需要 2 位"),
            (Self::TooFewExperts(n), En) => format!("{n} expert(s): at least 2 are needed"),
            (
                Self::NoCompleteBlock {
                    clusters,
                    experts,
                    missing,
                },
                Zh,
            ) => format!(
                "{clusters} 个集群 × {experts} 位专家中，没有至少 2 位专家 × 2 个集群、每位专家都评了每个集群的完整部分{}",
                missing
                    .as_ref()
                    .map(|(e, c)| format!("（专家 {e} 没有集群 {c} 的计入会话）"))
                    .unwrap_or_default()
            ),
            (
                Self::NoCompleteBlock {
                    clusters,
                    experts,
                    missing,
                },
                En,
            ) => format!(
                "{clusters} clusters × {experts} experts: no block of at least 2 experts × 2 clusters in which every expert scored every cluster{}",
                missing
                    .as_ref()
                    .map(|(e, c)| format!(" (expert {e} has no counted session for cluster {c})"))
                    .unwrap_or_default()
            ),
            (Self::IncompleteMatrix, Zh) => "需要至少 2 个对象 × 2 位评分人的完整矩阵".into(),
            (Self::IncompleteMatrix, En) => {
                "at least 2 targets and 2 raters in a complete matrix are needed".into()
            }
            (Self::NoVariance, Zh) => "各集群之间没有差异：ICC 无定义".into(),
            (Self::NoVariance, En) => {
                "no variance between the clusters: the ICC is undefined".into()
            }
            (Self::AllTied, Zh) => "每位评分人对所有对象给分相同：W 无定义".into(),
            (Self::AllTied, En) => "every rater tied every object: W is undefined".into(),
        }
    }
}

impl std::fmt::Display for Undefined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::Lang::En))
    }
}

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

/// The experts and clusters on which ICC and W are computed, and those left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompleteBlock {
    /// Experts in the block, by id.
    pub experts: Vec<String>,
    /// Clusters in the block (package ids, ranking order).
    pub clusters: Vec<String>,
    /// Experts left out.
    pub left_out_experts: Vec<String>,
    /// Clusters left out.
    pub left_out_clusters: Vec<String>,
}

/// Alpha at the two levels that suit points.
#[derive(Debug, Clone, PartialEq)]
pub struct AlphaPair {
    /// Interval alpha (differences of points matter).
    pub interval: Alpha,
    /// Ordinal alpha (only their order matters).
    pub ordinal: Alpha,
}

/// Alpha of one qualitative indicator over the clusters.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorAlpha {
    /// Indicator.
    pub indicator: u32,
    /// Its alpha.
    pub alpha: AlphaPair,
}

/// Agreement statistics, or why they cannot be computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// The ICC forms on the complete block, or the reason they are undefined.
    pub icc: Result<Icc, Undefined>,
    /// Kendall's W with tie correction on the complete block, or the reason it is undefined.
    pub kendall_w: Result<f64, Undefined>,
    /// Clusters (targets) in the complete block.
    pub clusters: usize,
    /// Experts (raters) in the complete block.
    pub experts: usize,
    /// The complete block and what it leaves out.
    pub block: CompleteBlock,
    /// Krippendorff's alpha on the experts' totals over the clusters, missing cells allowed.
    pub alpha: AlphaPair,
    /// Krippendorff's alpha per qualitative indicator, in rubric order.
    pub indicator_alpha: Vec<IndicatorAlpha>,
}

fn pair(data: &[Vec<Option<f64>>]) -> AlphaPair {
    AlphaPair {
        interval: alpha(data, Metric::Interval),
        ordinal: alpha(data, Metric::Ordinal),
    }
}

/// Experts in id order.
fn expert_ids(clusters: &[ClusterResult]) -> Vec<String> {
    clusters
        .iter()
        .flat_map(|c| c.experts.iter().map(|e| e.id.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// `present[cluster][expert]`: whether the expert has a counted session for the cluster.
fn presence(clusters: &[ClusterResult], experts: &[String]) -> Vec<Vec<bool>> {
    clusters
        .iter()
        .map(|c| {
            experts
                .iter()
                .map(|e| c.experts.iter().any(|x| &x.id == e))
                .collect()
        })
        .collect()
}

/// The largest block (most cells; then most experts) of at least 2 experts × 2 clusters in
/// which every expert scored every cluster: every subset of experts for panels of up to 12,
/// else experts dropped one at a time (the one missing most clusters first).
fn largest_block(present: &[Vec<bool>], experts: usize) -> Option<(Vec<usize>, Vec<usize>)> {
    let clusters_for = |chosen: &[usize]| -> Vec<usize> {
        (0..present.len())
            .filter(|c| chosen.iter().all(|e| present[*c][*e]))
            .collect()
    };
    let score = |e: &[usize], c: &[usize]| (e.len() * c.len(), e.len());
    let mut best: Option<(Vec<usize>, Vec<usize>)> = None;
    let mut consider = |chosen: Vec<usize>| {
        let cs = clusters_for(&chosen);
        if chosen.len() >= 2
            && cs.len() >= 2
            && best
                .as_ref()
                .is_none_or(|(be, bc)| score(&chosen, &cs) > score(be, bc))
        {
            best = Some((chosen, cs));
        }
    };
    if experts <= 12 {
        for mask in 1u32..(1u32 << experts) {
            consider((0..experts).filter(|e| mask & (1 << e) != 0).collect());
        }
    } else {
        let mut chosen: Vec<usize> = (0..experts).collect();
        while chosen.len() >= 2 {
            consider(chosen.clone());
            let missing = |e: usize| present.iter().filter(|row| !row[e]).count();
            let Some(worst) = chosen.iter().copied().max_by_key(|e| (missing(*e), *e)) else {
                break;
            };
            chosen.retain(|e| *e != worst);
        }
    }
    best
}

/// The statistics of a combined evaluation (clusters in ranking order).
pub fn agreement(rubric: &Rubric, clusters: &[ClusterResult]) -> Agreement {
    let experts = expert_ids(clusters);
    let present = presence(clusters, &experts);
    let totals: Vec<Vec<Option<f64>>> = clusters
        .iter()
        .map(|c| {
            experts
                .iter()
                .map(|e| {
                    c.experts
                        .iter()
                        .find(|x| &x.id == e)
                        .and_then(|x| x.total.to_f64())
                })
                .collect()
        })
        .collect();
    let indicator_alpha = rubric
        .indicators()
        .filter(|i| i.kind == IndicatorKind::Qualitative)
        .map(|indicator| {
            let data: Vec<Vec<Option<f64>>> = clusters
                .iter()
                .map(|c| {
                    let result = c.indicators.iter().find(|r| r.id == indicator.id);
                    experts
                        .iter()
                        .map(|e| {
                            result
                                .and_then(|r| r.scores.get(e))
                                .and_then(|p| p.to_f64())
                        })
                        .collect()
                })
                .collect();
            IndicatorAlpha {
                indicator: indicator.id,
                alpha: pair(&data),
            }
        })
        .collect();
    let alpha = pair(&totals);
    let Some((block_experts, block_clusters)) = largest_block(&present, experts.len()) else {
        let missing = clusters.iter().find_map(|c| {
            experts
                .iter()
                .find(|e| !c.experts.iter().any(|x| &x.id == *e))
                .map(|e| (e.clone(), c.package.id.clone()))
        });
        let reason = if clusters.len() < 2 {
            Undefined::TooFewClusters(clusters.len())
        } else if experts.len() < 2 {
            Undefined::TooFewExperts(experts.len())
        } else {
            Undefined::NoCompleteBlock {
                clusters: clusters.len(),
                experts: experts.len(),
                missing,
            }
        };
        return Agreement {
            icc: Err(reason.clone()),
            kendall_w: Err(reason),
            clusters: 0,
            experts: 0,
            block: CompleteBlock {
                left_out_experts: experts.clone(),
                left_out_clusters: clusters.iter().map(|c| c.package.id.clone()).collect(),
                ..CompleteBlock::default()
            },
            alpha,
            indicator_alpha,
        };
    };
    let rows: Vec<Vec<f64>> = block_clusters
        .iter()
        .map(|c| {
            block_experts
                .iter()
                .map(|e| totals[*c][*e].unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    let block = CompleteBlock {
        experts: block_experts.iter().map(|e| experts[*e].clone()).collect(),
        clusters: block_clusters
            .iter()
            .map(|c| clusters[*c].package.id.clone())
            .collect(),
        left_out_experts: (0..experts.len())
            .filter(|e| !block_experts.contains(e))
            .map(|e| experts[e].clone())
            .collect(),
        left_out_clusters: (0..clusters.len())
            .filter(|c| !block_clusters.contains(c))
            .map(|c| clusters[c].package.id.clone())
            .collect(),
    };
    Agreement {
        icc: icc(&rows),
        kendall_w: kendall_w(&rows),
        clusters: rows.len(),
        experts: block_experts.len(),
        block,
        alpha,
        indicator_alpha,
    }
}

/// ICC of a complete matrix (rows: targets, columns: raters), Shrout & Fleiss (1979).
pub fn icc(x: &[Vec<f64>]) -> Result<Icc, Undefined> {
    let n = x.len();
    let k = x.first().map_or(0, Vec::len);
    if n < 2 || k < 2 || x.iter().any(|r| r.len() != k) {
        return Err(Undefined::IncompleteMatrix);
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
        _ => Err(Undefined::NoVariance),
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
pub fn kendall_w(x: &[Vec<f64>]) -> Result<f64, Undefined> {
    let n = x.len();
    let m = x.first().map_or(0, Vec::len);
    if n < 2 || m < 2 || x.iter().any(|r| r.len() != m) {
        return Err(Undefined::IncompleteMatrix);
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
        return Err(Undefined::AllTied);
    }
    Ok(12.0 * s / denominator)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Chinese screen says why a statistic is undefined in Chinese: no English words (ids
    /// aside), and the English words are the JSON's.
    #[test]
    fn every_reason_is_said_in_each_language() {
        let reasons = [
            Undefined::TooFewClusters(1),
            Undefined::TooFewExperts(1),
            Undefined::NoCompleteBlock {
                clusters: 3,
                experts: 5,
                missing: Some(("E05".into(), "demo".into())),
            },
            Undefined::IncompleteMatrix,
            Undefined::NoVariance,
            Undefined::AllTied,
        ];
        for reason in reasons {
            let zh = reason.message(crate::i18n::Lang::Zh);
            let words = zh
                .replace("E05", "")
                .replace("demo", "")
                .replace("ICC", "")
                .replace('W', "");
            assert!(
                !words.chars().any(|c| c.is_ascii_alphabetic()),
                "{reason:?}: {zh}"
            );
            assert_eq!(reason.to_string(), reason.message(crate::i18n::Lang::En));
        }
    }

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

    /// 3 clusters × 5 experts, E05 recused from b: alpha from the experts' totals by the
    /// pairwise definition (independent of the coincidence matrix) agrees to 1e-6; ICC and W
    /// rest on E01–E04 × all clusters and name E05.
    #[test]
    fn a_recusal_keeps_alpha_and_the_block_names_who_is_left_out() {
        use crate::panel::testing::{d, recused, session};
        use crate::panel::{ChairInput, MergeOptions, merge};
        let scores = [
            ("a", ["7", "6.5", "7.5", "6", "8"]),
            ("b", ["5", "6", "4.5", "5.5", "7"]),
            ("c", ["6", "5", "6.5", "4", "5"]),
        ];
        let mut inputs = Vec::new();
        for (cluster, points) in scores {
            for (e, p) in points.iter().enumerate() {
                let expert = format!("E0{}", e + 1);
                if cluster == "b" && e == 4 {
                    inputs.push(recused(cluster, &expert));
                } else {
                    let second = if e % 2 == 0 { "6" } else { "7" };
                    inputs.push(session(
                        cluster,
                        &expert,
                        &[(1, d(p)), (2, d(second)), (3, d("3"))],
                    ));
                }
            }
        }
        let options = MergeOptions {
            method: None,
            allow_unsigned: true,
        };
        let combined = merge(&inputs, options, &ChairInput::default()).expect("merge");
        let units: Vec<Vec<f64>> = combined
            .clusters
            .iter()
            .map(|c| c.experts.iter().filter_map(|e| e.total.to_f64()).collect())
            .collect();
        let all: Vec<f64> = units.iter().flatten().copied().collect();
        let n = all.len() as f64;
        let within: f64 = units
            .iter()
            .map(|u| {
                let sum: f64 = u
                    .iter()
                    .flat_map(|a| u.iter().map(move |b| (a - b).powi(2)))
                    .sum();
                sum / (u.len() as f64 - 1.0)
            })
            .sum::<f64>()
            / n;
        let between: f64 = all
            .iter()
            .flat_map(|a| all.iter().map(move |b| (a - b).powi(2)))
            .sum::<f64>()
            / (n * (n - 1.0));
        let expected = 1.0 - within / between;
        let got = combined
            .agreement
            .alpha
            .interval
            .value
            .clone()
            .expect("defined");
        assert!((got - expected).abs() < 1e-6, "{got} vs {expected}");
        assert_eq!(combined.agreement.alpha.interval.values, 14);
        let block = &combined.agreement.block;
        assert_eq!(block.left_out_experts, ["E05"]);
        assert_eq!(block.experts, ["E01", "E02", "E03", "E04"]);
        assert_eq!(block.clusters.len(), 3);
        assert!(combined.agreement.icc.is_ok() && combined.agreement.kendall_w.is_ok());
    }

    /// The largest block by cells, then experts: with expert 2 missing cluster 0 of three,
    /// dropping the expert (2 × 3 = 6 cells) ties with dropping the cluster (3 experts × 2 = 6
    /// cells), which keeps more experts and is taken; missing two clusters, the expert goes;
    /// with 14 experts the greedy search drops the one missing most.
    #[test]
    fn the_largest_complete_block() {
        let present = vec![
            vec![true, true, false],
            vec![true, true, true],
            vec![true, true, true],
        ];
        assert_eq!(
            largest_block(&present, 3),
            Some((vec![0, 1, 2], vec![1, 2]))
        );
        let present = vec![
            vec![true, true, false],
            vec![true, true, false],
            vec![true, true, true],
        ];
        assert_eq!(
            largest_block(&present, 3),
            Some((vec![0, 1], vec![0, 1, 2]))
        );
        let mut wide = vec![vec![true; 14]; 4];
        wide[0][13] = false;
        wide[1][13] = false;
        let (experts, clusters) = largest_block(&wide, 14).expect("block");
        assert_eq!((experts.len(), clusters.len()), (13, 4));
        assert!(largest_block(&[vec![true, false], vec![false, true]], 2).is_none());
    }
}
