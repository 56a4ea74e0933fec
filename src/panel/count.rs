//! Counting the selected sessions into the combined evaluation.

use super::aggregate::{aggregate, mean};
use super::agreement::{Agreement, agreement};
use super::cycle::{CycleWarning, same_cycle};
use super::input::{ChairInput, Correction, MergeOptions, SessionInput};
use super::ledger::{LedgerEntry, ledger};
use super::leniency::{Leniency, leniency};
use super::robustness::{Robustness, robustness};
use super::select::{Exclusion, MergeRefused, select};
use super::sensitivity::{Sensitivity, sensitivity};
use crate::rubric::{Aggregate, IndicatorKind, Rubric};
use crate::scoring::{CategoryTotal, Exact, cohort_best, score_indicator, totals};
use crate::session::{MeasureStatus, PackageRef};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// An expert counted for a cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertColumn {
    /// Expert id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The session file counted.
    pub file: String,
    /// The revision counted.
    pub revision: u32,
    /// Whether the session is signed.
    pub signed: bool,
    /// Whether its signature was verified against the roster (merge `--roster`).
    pub verified: bool,
    /// The expert's total: their qualitative points plus the panel's quantitative points
    /// (the nearest decimal of the exact sum).
    pub total: Decimal,
}

/// Something the chair should look at in an indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flag {
    /// An expert's score deviates from the panel mean by more than the rubric's divergence.
    Divergent {
        /// Expert.
        expert: String,
        /// Their points.
        points: Decimal,
        /// |points − mean| ÷ mean, the nearest decimal of the exact ratio (`None`: the mean
        /// is zero).
        deviation: Option<Decimal>,
    },
    /// A score below `justify_below` of the weight without a written reason.
    ReasonOwed {
        /// Expert.
        expert: String,
        /// Their points.
        points: Decimal,
    },
    /// An expert gave no points (possible only in unsigned sessions).
    Unscored {
        /// Expert.
        expert: String,
    },
    /// An expert marked a figure doubtful or its evidence missing, or proposed a correction.
    FigureQuestioned {
        /// Expert.
        expert: String,
        /// The measure.
        measure: String,
    },
}

impl Flag {
    /// A stable code for JSON and CSV.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Divergent { .. } => "divergent",
            Self::ReasonOwed { .. } => "reason_owed",
            Self::Unscored { .. } => "unscored",
            Self::FigureQuestioned { .. } => "figure_questioned",
        }
    }

    /// The expert concerned.
    pub fn expert(&self) -> &str {
        match self {
            Self::Divergent { expert, .. }
            | Self::ReasonOwed { expert, .. }
            | Self::Unscored { expert }
            | Self::FigureQuestioned { expert, .. } => expert,
        }
    }
}

/// A quantitative measure in the combined evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureResult {
    /// Measure id.
    pub id: String,
    /// The package's figure (declared, else derived).
    pub package_value: Option<Decimal>,
    /// The chair's agreed correction.
    pub correction: Option<Correction>,
    /// The figure scored.
    pub value: Option<Decimal>,
    /// Points earned, exact.
    pub exact: Exact,
    /// Points earned: the nearest decimal of `exact`.
    pub points: Decimal,
    /// Each expert's check: status and proposed figure.
    pub checks: BTreeMap<String, (MeasureStatus, Option<Decimal>)>,
}

/// One indicator of one cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorResult {
    /// Indicator number.
    pub id: u32,
    /// Qualitative or quantitative.
    pub kind: IndicatorKind,
    /// Weight.
    pub weight: Decimal,
    /// Each expert's points (qualitative).
    pub scores: BTreeMap<String, Decimal>,
    /// The panel value, exact (a mean of seven experts is a fraction of seven); `None` when
    /// nobody scored.
    pub panel_exact: Option<Exact>,
    /// The panel value: the nearest decimal of `panel_exact`.
    pub panel: Option<Decimal>,
    /// Mean of the experts' points, exact.
    pub mean_exact: Option<Exact>,
    /// Mean of the experts' points: the nearest decimal of `mean_exact`.
    pub mean: Option<Decimal>,
    /// Highest minus lowest of the experts' points.
    pub spread: Option<Decimal>,
    /// What the chair should look at.
    pub flags: Vec<Flag>,
    /// Measures of a quantitative indicator.
    pub measures: Vec<MeasureResult>,
    /// The panel's consensus note.
    pub note: Option<String>,
}

/// One cluster in the combined evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterResult {
    /// The package.
    pub package: PackageRef,
    /// Experts counted, by id.
    pub experts: Vec<ExpertColumn>,
    /// Indicators in rubric order.
    pub indicators: Vec<IndicatorResult>,
    /// Category subtotals.
    pub categories: Vec<CategoryTotal>,
    /// Total, exact: ranks compare these.
    pub total_exact: Exact,
    /// Total: the nearest decimal of `total_exact`.
    pub total: Decimal,
    /// Rank among the clusters (1 = best; equal totals share a rank).
    pub rank: usize,
    /// The panel's verdicts on the application conditions (an application review only).
    pub conditions: Vec<super::conditions::ConditionTally>,
}

/// The combined evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Combined {
    /// The rubric.
    pub rubric: Rubric,
    /// The aggregation method used.
    pub method: Aggregate,
    /// Clusters in ranking order.
    pub clusters: Vec<ClusterResult>,
    /// Sessions given but not counted.
    pub excluded: Vec<Exclusion>,
    /// Counted sessions that are not signed.
    pub unsigned: Vec<String>,
    /// Inter-rater agreement across clusters × experts.
    pub agreement: Agreement,
    /// How stable the ranking is when weights move.
    pub sensitivity: Sensitivity,
    /// Each expert's leniency (宽严度), in the order of their ids.
    pub leniency: Vec<Leniency>,
    /// Rank acceptability under weight perturbations and leave-one-expert-out.
    pub robustness: Robustness,
    /// What each agreed correction changed.
    pub ledger: Vec<LedgerEntry>,
    /// Two clusters of one park within one construction cycle (七(四)): for the bureau.
    pub warnings: Vec<CycleWarning>,
}

/// Checks and counts the sessions.
pub fn merge(
    inputs: &[SessionInput],
    options: MergeOptions,
    chair: &ChairInput,
) -> Result<Combined, MergeRefused> {
    let selected = select(inputs, options.allow_unsigned)?;
    let Some(rubric) = inputs.first().map(|i| Rubric::clone(&i.rubric)) else {
        return Err(MergeRefused(vec!["no session files were given".into()]));
    };
    let method = options.method.unwrap_or(rubric.panel.aggregate);

    let mut clusters = count_clusters(&selected.clusters, &rubric, method, chair, None);
    for cluster in &mut clusters {
        if let Some(sessions) = selected.clusters.get(&cluster.package.id) {
            cluster.conditions = super::conditions::tally(&rubric, sessions);
        }
    }
    // the weight sensitivity and the leave-one-out recounts are the two largest parts of the
    // count (a province's merge: some 60 ms each) and read only what is counted: they run side
    // by side with the rest
    let (sensitivity, robustness, (agreement, leniency, ledger)) = std::thread::scope(|scope| {
        let (rubric, clusters, selected) = (&rubric, &clusters, &selected);
        let sensitivity = scope.spawn(move || sensitivity(rubric, clusters));
        let robustness = robustness(&selected.clusters, rubric, method, clusters);
        let rest = (
            agreement(rubric, clusters),
            leniency(clusters),
            ledger(&selected.clusters, rubric, method, chair, clusters),
        );
        let sensitivity = sensitivity
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (sensitivity, robustness, rest)
    });
    let packages: Vec<&PackageRef> = clusters.iter().map(|c| &c.package).collect();
    let warnings = same_cycle(&packages);
    Ok(Combined {
        rubric,
        method,
        clusters,
        excluded: selected.excluded,
        unsigned: selected.unsigned,
        agreement,
        sensitivity,
        leniency,
        robustness,
        ledger,
        warnings,
    })
}

/// A cluster's sessions with `left_out`'s taken away — all of them when that expert is the
/// cluster's only one, so that a cluster is never left without a panel.
pub(crate) fn without_expert<'a>(
    sessions: &[&'a SessionInput],
    left_out: Option<&str>,
) -> Vec<&'a SessionInput> {
    let others: Vec<&SessionInput> = sessions
        .iter()
        .copied()
        .filter(|s| Some(s.state.expert.id.as_str()) != left_out)
        .collect();
    if others.is_empty() {
        sessions.to_vec()
    } else {
        others
    }
}

/// Counts the selected sessions into ranked clusters: panel values by the method, the chair's
/// corrections re-scored (cohort against the best of the clusters), subtotals, totals, ranks.
/// `left_out` leaves one expert's sessions out (leave-one-expert-out), except in a cluster
/// where that expert is the only one counted.
pub(crate) fn count_clusters(
    selected: &BTreeMap<String, Vec<&SessionInput>>,
    rubric: &Rubric,
    method: Aggregate,
    chair: &ChairInput,
    left_out: Option<&str>,
) -> Vec<ClusterResult> {
    let kept: BTreeMap<String, Vec<&SessionInput>> = selected
        .iter()
        .map(|(package, sessions)| (package.clone(), without_expert(sessions, left_out)))
        .collect();
    let selected = &kept;
    // the figure scored per cluster and measure: the chair's correction, else the package's
    let mut values: BTreeMap<String, BTreeMap<String, Decimal>> = BTreeMap::new();
    for (package, sessions) in selected {
        let Some(first) = sessions.first() else {
            continue;
        };
        let mut figures: BTreeMap<String, Decimal> = first
            .state
            .figures
            .iter()
            .filter_map(|(m, f)| f.value.map(|v| (m.clone(), v)))
            .collect();
        for correction in chair
            .corrections
            .iter()
            .filter(|c| &c.package_id == package)
        {
            figures.insert(correction.measure.clone(), correction.value);
        }
        values.insert(package.clone(), figures);
    }
    let best = cohort_best(rubric, values.values());

    let mut clusters: Vec<ClusterResult> = Vec::new();
    for (package, sessions) in selected {
        let Some(first) = sessions.first() else {
            continue;
        };
        let empty = BTreeMap::new();
        let figures = values.get(package).unwrap_or(&empty);
        let mut indicators = Vec::new();
        for indicator in rubric.indicators() {
            let note = chair
                .notes
                .iter()
                .find(|n| &n.package_id == package && n.indicator == indicator.id)
                .map(|n| n.text.clone());
            let mut result = IndicatorResult {
                id: indicator.id,
                kind: indicator.kind,
                weight: indicator.weight,
                scores: BTreeMap::new(),
                panel_exact: None,
                panel: None,
                mean_exact: None,
                mean: None,
                spread: None,
                flags: Vec::new(),
                measures: Vec::new(),
                note,
            };
            match indicator.kind {
                IndicatorKind::Qualitative => {
                    for session in sessions {
                        let expert = session.state.expert.id.clone();
                        let score = session.state.scores.get(&indicator.id);
                        match score.and_then(|s| s.points) {
                            Some(points) => {
                                if points < indicator.weight * rubric.panel.justify_below
                                    && score.is_none_or(|s| s.comment.trim().is_empty())
                                {
                                    result.flags.push(Flag::ReasonOwed {
                                        expert: expert.clone(),
                                        points,
                                    });
                                }
                                result.scores.insert(expert, points);
                            }
                            None => result.flags.push(Flag::Unscored { expert }),
                        }
                    }
                    let points: Vec<Decimal> = result.scores.values().copied().collect();
                    result.panel_exact = aggregate(method, &points);
                    result.panel = result.panel_exact.as_ref().map(Exact::to_decimal_lossy);
                    result.mean_exact = mean(&points);
                    result.mean = result.mean_exact.as_ref().map(Exact::to_decimal_lossy);
                    result.spread = points
                        .iter()
                        .max()
                        .zip(points.iter().min())
                        .map(|(high, low)| high - low);
                    if let Some(mean) = &result.mean_exact {
                        let limit = Exact::from(rubric.panel.divergence);
                        for (expert, points) in &result.scores {
                            let off = (&Exact::from(*points) - mean).abs();
                            let deviation = if mean.is_zero() {
                                off.is_zero().then(Exact::zero)
                            } else {
                                off.checked_div(mean)
                            };
                            if deviation.as_ref().is_none_or(|d| d > &limit) {
                                result.flags.push(Flag::Divergent {
                                    expert: expert.clone(),
                                    points: *points,
                                    deviation: deviation.as_ref().map(Exact::to_decimal_lossy),
                                });
                            }
                        }
                    }
                }
                IndicatorKind::Quantitative => {
                    let score = score_indicator(indicator, figures, Some(&best));
                    result.panel = Some(score.points);
                    result.panel_exact = Some(score.exact.clone());
                    for (measure, scored) in indicator.measures.iter().zip(score.measures) {
                        let mut checks = BTreeMap::new();
                        for session in sessions {
                            let annotation = session
                                .state
                                .annotations
                                .get(&measure.id)
                                .cloned()
                                .unwrap_or_default();
                            if matches!(
                                annotation.status,
                                MeasureStatus::Doubtful | MeasureStatus::Missing
                            ) || annotation.corrected.is_some()
                            {
                                result.flags.push(Flag::FigureQuestioned {
                                    expert: session.state.expert.id.clone(),
                                    measure: measure.id.clone(),
                                });
                            }
                            checks.insert(
                                session.state.expert.id.clone(),
                                (annotation.status, annotation.corrected),
                            );
                        }
                        result.measures.push(MeasureResult {
                            id: measure.id.clone(),
                            package_value: first
                                .state
                                .figures
                                .get(&measure.id)
                                .and_then(|f| f.value),
                            correction: chair
                                .corrections
                                .iter()
                                .find(|c| &c.package_id == package && c.measure == measure.id)
                                .cloned(),
                            value: scored.value,
                            points: scored.points,
                            exact: scored.exact,
                            checks,
                        });
                    }
                }
            }
            indicators.push(result);
        }
        let panel_points: BTreeMap<u32, Exact> = indicators
            .iter()
            .filter_map(|i| i.panel_exact.clone().map(|p| (i.id, p)))
            .collect();
        let sums = totals(rubric, &panel_points);
        let quantitative: Exact = indicators
            .iter()
            .filter(|i| i.kind == IndicatorKind::Quantitative)
            .filter_map(|i| i.panel_exact.as_ref())
            .sum();
        let experts = sessions
            .iter()
            .map(|s| {
                let qualitative: Decimal = indicators
                    .iter()
                    .filter_map(|i| i.scores.get(&s.state.expert.id))
                    .sum();
                ExpertColumn {
                    id: s.state.expert.id.clone(),
                    name: s.state.expert.name.clone(),
                    file: s.file.clone(),
                    revision: s.state.revision,
                    signed: s.state.signed.is_some(),
                    verified: s.signature == super::input::Signature::Verified,
                    total: (Exact::from(qualitative) + quantitative.clone()).to_decimal_lossy(),
                }
            })
            .collect();
        clusters.push(ClusterResult {
            package: first.state.package.clone(),
            experts,
            indicators,
            categories: sums.categories,
            total: sums.total,
            total_exact: sums.exact,
            rank: 0,
            // filled once by `merge`, not in every recount of the statistics
            conditions: Vec::new(),
        });
    }
    rank(&mut clusters);
    clusters
}

/// Orders clusters by their exact totals, highest first; equal totals share a rank (1, 2, 2,
/// 4), listed by package id.
fn rank(clusters: &mut [ClusterResult]) {
    clusters.sort_by(|a, b| {
        b.total_exact
            .cmp(&a.total_exact)
            .then_with(|| a.package.id.cmp(&b.package.id))
    });
    let totals: Vec<Exact> = clusters.iter().map(|c| c.total_exact.clone()).collect();
    for (index, cluster) in clusters.iter_mut().enumerate() {
        cluster.rank = totals
            .iter()
            .position(|t| *t == cluster.total_exact)
            .unwrap_or(index)
            + 1;
    }
}
