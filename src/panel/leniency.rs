//! Expert leniency (宽严度): whether an expert scores systematically above or below the panel.
//! For expert e, over every qualitative indicator i of every cluster c that e scored, the
//! difference `d = points(e, i, c) − panel(i, c)` from the panel value (by the merge's method).
//! Leniency in points is the mean of e's differences; standardised, it is that mean divided by
//! the standard deviation of all experts' differences (pooled, `√(Σ d² / (N − 1))` over every
//! difference `d` of every expert, `N` in all), so that +1 means one typical deviation more
//! lenient than the panel. Shown beside the official figures; no official figure uses it.

use super::count::ClusterResult;
use crate::rubric::IndicatorKind;
use crate::scoring::Exact;
use std::collections::BTreeMap;

/// One expert's leniency.
#[derive(Debug, Clone, PartialEq)]
pub struct Leniency {
    /// Expert id.
    pub expert: String,
    /// Name.
    pub name: String,
    /// Mean difference from the panel value, in points, exact (positive: more lenient).
    pub points: Exact,
    /// The mean divided by the pooled standard deviation of all differences; `None` when the
    /// panel has fewer than two differences or they do not vary.
    pub standardised: Option<f64>,
    /// How many scores it rests on.
    pub scores: usize,
}

/// The leniency of every expert who scored a qualitative indicator, by expert id.
pub fn leniency(clusters: &[ClusterResult]) -> Vec<Leniency> {
    let mut differences: BTreeMap<String, (String, Vec<Exact>)> = BTreeMap::new();
    for cluster in clusters {
        let names: BTreeMap<&str, &str> = cluster
            .experts
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect();
        for indicator in cluster
            .indicators
            .iter()
            .filter(|i| i.kind == IndicatorKind::Qualitative)
        {
            let Some(panel) = &indicator.panel_exact else {
                continue;
            };
            for (expert, points) in &indicator.scores {
                let entry = differences.entry(expert.clone()).or_insert_with(|| {
                    (
                        names
                            .get(expert.as_str())
                            .copied()
                            .unwrap_or_default()
                            .to_string(),
                        Vec::new(),
                    )
                });
                entry.1.push(&Exact::from(*points) - panel);
            }
        }
    }
    let all: Vec<f64> = differences
        .values()
        .flat_map(|(_, d)| d.iter().map(Exact::to_f64))
        .collect();
    let spread = if all.len() >= 2 {
        let squares: f64 = all.iter().map(|d| d * d).sum();
        Some((squares / (all.len() as f64 - 1.0)).sqrt()).filter(|s| *s > 0.0)
    } else {
        None
    };
    differences
        .into_iter()
        .map(|(expert, (name, d))| {
            let points = d.iter().sum::<Exact>().div_int(d.len()).unwrap_or_default();
            Leniency {
                standardised: spread.map(|s| points.to_f64() / s),
                expert,
                name,
                points,
                scores: d.len(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panel::testing::{d, session};
    use crate::panel::{ChairInput, MergeOptions, merge};
    use crate::rubric::Aggregate;

    /// Two clusters, three experts, indicator 1 only, by the mean. Cluster a: 6, 7, 8 (panel
    /// 7): differences −1, 0, +1. Cluster b: 4, 4, 7 (panel 5): −1, −1, +2. E01: (−1 − 1)/2 =
    /// −1; E02: (0 − 1)/2 = −0.5; E03: (1 + 2)/2 = +1.5. Pooled: Σd² = 1+0+1+1+1+4 = 8 over
    /// N − 1 = 5: s = √1.6; E03 standardised 1.5/√1.6 = 1.1859.
    #[test]
    fn leniency_by_hand() {
        let inputs = vec![
            session("a", "E01", &[(1, d("6"))]),
            session("a", "E02", &[(1, d("7"))]),
            session("a", "E03", &[(1, d("8"))]),
            session("b", "E01", &[(1, d("4"))]),
            session("b", "E02", &[(1, d("4"))]),
            session("b", "E03", &[(1, d("7"))]),
        ];
        let options = MergeOptions {
            method: Some(Aggregate::Mean),
            allow_unsigned: true,
        };
        let combined = merge(&inputs, options, &ChairInput::default()).expect("merge");
        let got: Vec<(String, Exact, usize)> = combined
            .leniency
            .iter()
            .map(|l| (l.expert.clone(), l.points.clone(), l.scores))
            .collect();
        assert_eq!(
            got,
            [
                ("E01".into(), Exact::from_int(-1), 2),
                ("E02".into(), Exact::ratio(-1, 2).expect("r"), 2),
                ("E03".into(), Exact::ratio(3, 2).expect("r"), 2),
            ]
        );
        let z = combined.leniency[2].standardised.expect("defined");
        assert!((z - 1.5 / 1.6f64.sqrt()).abs() < 1e-12, "{z}");
        assert_eq!(combined.leniency[0].name, "专家E01");
    }
}
