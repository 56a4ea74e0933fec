//! `merge --format json` (contract: README, DESIGN §7) as typed documents: the combined sheet
//! embeds [`EvaluationDoc`] as its `evaluation`, and the HTML, PDF and CSV renderers read its
//! fields. Decimals are strings (points with two decimals half-up, figures exact); statistics
//! are strings with four decimals; `null` with a reason where a statistic is undefined. Every
//! struct refuses unknown fields, so that a document read back is exactly one this program
//! writes.

use super::statistic;
use crate::display::{exact, points};
use crate::panel::{Combined, ExclusionReason, Flag};
use crate::rubric::{Aggregate, IndicatorKind};
use crate::session::MeasureStatus;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The whole combined evaluation. Fields added after the first release default when read from
/// a sheet of format 1 (which did not have them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationDoc {
    /// The aggregation method (`trimmed`, `mean`, `median`).
    pub method: Aggregate,
    /// The rubric counted with.
    pub rubric: RubricRefDoc,
    /// Session files counted although unsigned (`--allow-unsigned`).
    pub unsigned: Vec<String>,
    /// Session files given but not counted.
    pub excluded: Vec<ExcludedDoc>,
    /// Clusters in ranking order.
    pub clusters: Vec<ClusterDoc>,
    /// Inter-rater agreement.
    pub agreement: AgreementDoc,
    /// The panel's experts with their leniency (宽严度), by id.
    #[serde(default)]
    pub experts: Vec<PanelExpertDoc>,
    /// The ranking's sensitivity to the weights.
    pub sensitivity: SensitivityDoc,
    /// Rank acceptability under weight perturbations and leave-one-expert-out.
    #[serde(default)]
    pub robustness: RobustnessDoc,
    /// What each agreed correction changed.
    #[serde(default)]
    pub correction_ledger: Vec<LedgerDoc>,
    /// Warnings for the bureau (七(四): two clusters of one park in one construction cycle);
    /// absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<WarningDoc>,
}

/// A warning about the clusters merged together, tagged by `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
pub enum WarningDoc {
    /// 七(四): two clusters of one park whose evaluation years fall in one construction cycle
    /// (|year₁ − year₂| < `cycle_years`).
    SameCycle {
        /// The park.
        park: String,
        /// The cycle's length in years (3).
        cycle_years: i32,
        /// The two packages, the earlier year first.
        packages: Vec<WarnedPackageDoc>,
    },
}

/// A package named in a warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarnedPackageDoc {
    /// Package id.
    pub id: String,
    /// Cluster name.
    pub cluster: String,
    /// Evaluation year.
    pub year: i32,
    /// Round (`application`, `midterm`, `annual`, `acceptance`), when known.
    pub round: Option<String>,
}

/// The rubric's id and the SHA-256 of its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricRefDoc {
    /// Rubric id.
    pub id: String,
    /// SHA-256 of the rubric's exact text (hex).
    pub sha256: String,
}

/// Why a session was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionCode {
    /// The expert recused (回避); `detail` is the reason.
    Recused,
    /// A later revision is counted; `detail` is its file.
    Superseded,
    /// The same session was given twice; `detail` is the file counted.
    Duplicate,
}

/// A session given but not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExcludedDoc {
    /// The file.
    pub file: String,
    /// The expert.
    pub expert: String,
    /// The package.
    pub package_id: String,
    /// Why.
    pub reason: ExclusionCode,
    /// The recusal reason, or the file counted instead.
    pub detail: String,
}

/// One cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterDoc {
    /// Package id.
    pub package_id: String,
    /// Cluster name.
    pub cluster: String,
    /// Park.
    pub park: String,
    /// Evaluation year.
    pub year: i32,
    /// The review round (`application`, `midterm`, `annual`, `acceptance`), when the sessions
    /// know it; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    /// Package digest.
    pub digest: String,
    /// Experts counted, by id.
    pub experts: Vec<ExpertDoc>,
    /// Indicators in rubric order.
    pub indicators: Vec<IndicatorDoc>,
    /// Category subtotals in rubric order.
    pub categories: Vec<CategoryDoc>,
    /// Panel total, two decimals.
    pub total: String,
    /// Rank (1 = best; equal totals share a rank).
    pub rank: usize,
    /// The panel's verdicts on the application conditions (申报条件) in an application review;
    /// absent otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionTallyDoc>,
}

/// The panel on one application condition: how many counted experts found it met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionTallyDoc {
    /// Condition number (1–6).
    pub id: u32,
    /// Experts who found it met (符合).
    pub met: usize,
    /// … largely met (基本符合).
    pub largely_met: usize,
    /// … not met (不符合).
    pub not_met: usize,
    /// Experts who have not marked it (unsigned sessions only).
    pub unmarked: usize,
    /// Each expert's verdict (`met`, `largely_met`, `not_met`; `null`: not marked).
    pub verdicts: BTreeMap<String, Option<String>>,
    /// Each expert's note, where one was written.
    pub notes: BTreeMap<String, String>,
    /// The program's own check of the condition (（一） the direction, （六） the name rule), in
    /// Chinese; `null` for the conditions only experts judge.
    pub precheck: Option<PrecheckDoc>,
}

/// The program's check of a condition, shown as the program's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrecheckDoc {
    /// Whether the rule holds.
    pub passed: bool,
    /// What was checked and found.
    pub text: String,
}

/// An expert counted for a cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertDoc {
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
    /// Whether its signature verified against the roster.
    pub verified: bool,
    /// The expert's qualitative points plus the panel's quantitative points, two decimals.
    pub total: String,
}

/// One indicator of one cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDoc {
    /// Indicator number.
    pub id: u32,
    /// Its full name from the rubric.
    pub name: Option<String>,
    /// `qualitative` or `quantitative`.
    pub kind: IndicatorKind,
    /// Weight, exact.
    pub weight: String,
    /// Each expert's points (qualitative), two decimals.
    pub scores: BTreeMap<String, String>,
    /// Panel value, two decimals; `null` when nobody scored.
    pub panel: Option<String>,
    /// Mean of the experts' points, two decimals.
    pub mean: Option<String>,
    /// Highest minus lowest of the experts' points, two decimals.
    pub spread: Option<String>,
    /// What the chair should look at.
    pub flags: Vec<FlagDoc>,
    /// The panel's consensus note.
    pub note: Option<String>,
    /// Measures of a quantitative indicator.
    pub measures: Vec<MeasureDoc>,
}

/// A flag, tagged by `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
pub enum FlagDoc {
    /// The expert's points deviate from the panel mean by more than the rubric's divergence.
    Divergent {
        /// Expert.
        expert: String,
        /// Their points, two decimals.
        points: String,
        /// |points − mean| ÷ mean, half-up to four decimals; `null` when the mean is zero.
        deviation: Option<String>,
    },
    /// A low score without a written reason.
    ReasonOwed {
        /// Expert.
        expert: String,
        /// Their points, two decimals.
        points: String,
    },
    /// The expert gave no points.
    Unscored {
        /// Expert.
        expert: String,
    },
    /// The expert questioned a figure.
    FigureQuestioned {
        /// Expert.
        expert: String,
        /// The measure.
        measure: String,
    },
}

impl FlagDoc {
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

/// A quantitative measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureDoc {
    /// Measure id.
    pub id: String,
    /// Its name from the rubric (absent in sheets of format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its unit (absent in sheets of format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The package's figure, exact.
    pub package_value: Option<String>,
    /// The chair's agreed correction.
    pub correction: Option<CorrectionDoc>,
    /// The figure scored, exact.
    pub value: Option<String>,
    /// Points earned, two decimals.
    pub points: String,
    /// Each expert's check.
    pub checks: BTreeMap<String, CheckDoc>,
}

/// An agreed correction of a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionDoc {
    /// The agreed figure, exact.
    pub value: String,
    /// Why.
    pub reason: String,
}

/// An expert's verdict on a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// Not yet checked.
    Unchecked,
    /// 已核实.
    Verified,
    /// 存疑.
    Doubtful,
    /// 缺证明.
    Missing,
}

impl From<MeasureStatus> for CheckStatus {
    fn from(status: MeasureStatus) -> Self {
        match status {
            MeasureStatus::Unchecked => Self::Unchecked,
            MeasureStatus::Verified => Self::Verified,
            MeasureStatus::Doubtful => Self::Doubtful,
            MeasureStatus::Missing => Self::Missing,
        }
    }
}

/// One expert's check of a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckDoc {
    /// The verdict.
    pub status: CheckStatus,
    /// The figure the expert proposes, exact.
    pub corrected: Option<String>,
}

/// A category subtotal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryDoc {
    /// Category id.
    pub id: String,
    /// Weight, exact.
    pub weight: String,
    /// Points, two decimals.
    pub points: String,
}

/// The six Shrout–Fleiss ICC forms, four decimals each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IccDoc {
    /// ICC(1,1).
    #[serde(rename = "ICC1")]
    pub icc1: String,
    /// ICC(2,1).
    #[serde(rename = "ICC2")]
    pub icc2: String,
    /// ICC(3,1).
    #[serde(rename = "ICC3")]
    pub icc3: String,
    /// ICC(1,k).
    #[serde(rename = "ICC1k")]
    pub icc1k: String,
    /// ICC(2,k).
    #[serde(rename = "ICC2k")]
    pub icc2k: String,
    /// ICC(3,k).
    #[serde(rename = "ICC3k")]
    pub icc3k: String,
}

/// Inter-rater agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementDoc {
    /// The ICC forms; `null` when undefined.
    pub icc: Option<IccDoc>,
    /// Why the ICC is undefined.
    pub icc_reason: Option<String>,
    /// Kendall's W (tie-corrected), four decimals; `null` when undefined.
    pub kendall_w: Option<String>,
    /// Why W is undefined.
    pub kendall_w_reason: Option<String>,
    /// Clusters in the complete block ICC and W are computed on.
    pub clusters: usize,
    /// Experts in the complete block.
    pub experts: usize,
    /// The complete block and what it leaves out.
    #[serde(default)]
    pub complete_block: CompleteBlockDoc,
    /// Krippendorff's alpha, missing cells allowed.
    #[serde(default)]
    pub krippendorff_alpha: AlphaDoc,
}

/// The experts and clusters ICC and W rest on, and those they leave out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompleteBlockDoc {
    /// Experts in the block.
    pub experts: Vec<String>,
    /// Clusters in the block.
    pub clusters: Vec<String>,
    /// Experts left out (a recusal or an absence made them incomplete).
    pub left_out_experts: Vec<String>,
    /// Clusters left out.
    pub left_out_clusters: Vec<String>,
}

/// Krippendorff's alpha on the experts' totals, and per qualitative indicator.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlphaDoc {
    /// Interval alpha, four decimals; `null` when undefined.
    pub interval: Option<String>,
    /// Ordinal alpha, four decimals; `null` when undefined.
    pub ordinal: Option<String>,
    /// Why it is undefined.
    pub reason: Option<String>,
    /// Clusters with at least two values.
    pub units: usize,
    /// Pairable values.
    pub values: usize,
    /// Per qualitative indicator.
    pub indicators: Vec<IndicatorAlphaDoc>,
}

/// Krippendorff's alpha of one qualitative indicator over the clusters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorAlphaDoc {
    /// Indicator.
    pub indicator: u32,
    /// Interval alpha, four decimals.
    pub interval: Option<String>,
    /// Ordinal alpha, four decimals.
    pub ordinal: Option<String>,
    /// Why it is undefined.
    pub reason: Option<String>,
    /// Clusters with at least two values.
    pub units: usize,
    /// Pairable values.
    pub values: usize,
}

/// An expert of the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelExpertDoc {
    /// Expert id.
    pub id: String,
    /// Name.
    pub name: String,
    /// 宽严度.
    pub leniency: LeniencyDoc,
}

/// An expert's leniency: mean difference of their points from the panel value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeniencyDoc {
    /// Mean difference in points, half-up to four decimals (positive: more lenient).
    pub points: String,
    /// The mean over the pooled standard deviation of all differences, four decimals.
    pub standardised: Option<String>,
    /// Scores it rests on.
    pub scores: usize,
}

/// Rank acceptability.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RobustnessDoc {
    /// Draws.
    pub draws: usize,
    /// Seed of the generator.
    pub seed: u64,
    /// The generator (`splitmix64`).
    pub rng: String,
    /// Half-width of the relative weight change (`"0.10"`: ±10%).
    pub weight_change: String,
    /// Experts left out in turn (draw k leaves out the (k mod E)-th).
    pub left_out: Vec<String>,
    /// Per cluster, in ranking order.
    pub clusters: Vec<AcceptabilityDoc>,
}

/// One cluster's rank acceptability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptabilityDoc {
    /// Package id.
    pub package_id: String,
    /// Official rank.
    pub rank: usize,
    /// `acceptability[r − 1]`: share of draws at rank r, four decimals.
    pub acceptability: Vec<String>,
}

/// What one agreed correction changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerDoc {
    /// The cluster.
    pub package_id: String,
    /// The measure.
    pub measure: String,
    /// Its indicator.
    pub indicator: u32,
    /// The package's figure, exact.
    pub package_value: Option<String>,
    /// The agreed figure, exact.
    pub value: String,
    /// Why.
    pub reason: String,
    /// The measure's points with the correction, two decimals.
    pub points: String,
    /// … and without it.
    pub points_without: String,
    /// The change (with − without), two decimals.
    pub points_change: String,
    /// The cluster's total with the correction.
    pub total: String,
    /// … and without it.
    pub total_without: String,
    /// The change.
    pub total_change: String,
    /// The cluster's rank with the correction.
    pub rank: usize,
    /// … and without it.
    pub rank_without: usize,
    /// Other clusters whose rank it changed.
    pub other_ranks: Vec<RankChangeDoc>,
}

/// A rank changed by a correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankChangeDoc {
    /// Package id.
    pub package_id: String,
    /// Rank with the correction.
    pub rank: usize,
    /// Rank without it.
    pub rank_without: usize,
}

/// The ranking's sensitivity to the weights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivityDoc {
    /// Random perturbations drawn.
    pub draws: usize,
    /// Their seed.
    pub seed: u64,
    /// Share of draws leaving the ranking unchanged, four decimals.
    pub stable_share: Option<String>,
    /// Per indicator, the smallest weight change that swaps two clusters.
    pub swaps: Vec<SwapDoc>,
}

/// The smallest change of one indicator's weight that strictly reverses two clusters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwapDoc {
    /// Indicator.
    pub indicator: u32,
    /// Its weight now, exact.
    #[serde(default)]
    pub weight: String,
    /// Relative change of its weight at which the two clusters meet (any change beyond it
    /// reverses them), half-up with at least four decimals and four significant digits;
    /// `null` when no change within the feasible weights reverses any two clusters.
    pub change: Option<String>,
    /// The weight at which they meet, four decimals.
    #[serde(default)]
    pub at_weight: Option<String>,
    /// The two clusters (package ids), the one ranked above first.
    pub clusters: Option<Vec<String>>,
}

impl EvaluationDoc {
    /// The document of a combined evaluation.
    pub fn from_combined(combined: &Combined) -> Self {
        let a = &combined.agreement;
        let s = &combined.sensitivity;
        Self {
            method: combined.method,
            rubric: RubricRefDoc {
                id: combined.rubric.id.clone(),
                sha256: combined.rubric.sha256.clone(),
            },
            unsigned: combined.unsigned.clone(),
            excluded: combined
                .excluded
                .iter()
                .map(|e| {
                    let (reason, detail) = match &e.reason {
                        ExclusionReason::Recused(why) => (ExclusionCode::Recused, why.clone()),
                        ExclusionReason::Superseded { by } => {
                            (ExclusionCode::Superseded, by.clone())
                        }
                        ExclusionReason::Duplicate { of } => (ExclusionCode::Duplicate, of.clone()),
                    };
                    ExcludedDoc {
                        file: e.file.clone(),
                        expert: e.expert.clone(),
                        package_id: e.package_id.clone(),
                        reason,
                        detail,
                    }
                })
                .collect(),
            clusters: combined
                .clusters
                .iter()
                .map(|c| cluster_doc(combined, c))
                .collect(),
            agreement: AgreementDoc {
                icc: a.icc.as_ref().ok().map(|i| IccDoc {
                    icc1: statistic(i.icc1),
                    icc2: statistic(i.icc2),
                    icc3: statistic(i.icc3),
                    icc1k: statistic(i.icc1k),
                    icc2k: statistic(i.icc2k),
                    icc3k: statistic(i.icc3k),
                }),
                icc_reason: a.icc.as_ref().err().map(ToString::to_string),
                kendall_w: a.kendall_w.as_ref().ok().map(|w| statistic(*w)),
                kendall_w_reason: a.kendall_w.as_ref().err().map(ToString::to_string),
                clusters: a.clusters,
                experts: a.experts,
                complete_block: CompleteBlockDoc {
                    experts: a.block.experts.clone(),
                    clusters: a.block.clusters.clone(),
                    left_out_experts: a.block.left_out_experts.clone(),
                    left_out_clusters: a.block.left_out_clusters.clone(),
                },
                krippendorff_alpha: AlphaDoc {
                    interval: a.alpha.interval.value.as_ref().ok().map(|v| statistic(*v)),
                    ordinal: a.alpha.ordinal.value.as_ref().ok().map(|v| statistic(*v)),
                    reason: a.alpha.interval.value.as_ref().err().cloned(),
                    units: a.alpha.interval.units,
                    values: a.alpha.interval.values,
                    indicators: a
                        .indicator_alpha
                        .iter()
                        .map(|i| IndicatorAlphaDoc {
                            indicator: i.indicator,
                            interval: i.alpha.interval.value.as_ref().ok().map(|v| statistic(*v)),
                            ordinal: i.alpha.ordinal.value.as_ref().ok().map(|v| statistic(*v)),
                            reason: i.alpha.interval.value.as_ref().err().cloned(),
                            units: i.alpha.interval.units,
                            values: i.alpha.interval.values,
                        })
                        .collect(),
                },
            },
            experts: combined
                .leniency
                .iter()
                .map(|l| PanelExpertDoc {
                    id: l.expert.clone(),
                    name: l.name.clone(),
                    leniency: LeniencyDoc {
                        points: l
                            .points
                            .round_half_up(4)
                            .map(|p| p.to_string())
                            .unwrap_or_default(),
                        standardised: l.standardised.map(statistic),
                        scores: l.scores,
                    },
                })
                .collect(),
            sensitivity: SensitivityDoc {
                draws: s.draws,
                seed: s.seed,
                stable_share: s.stable_share.map(statistic),
                swaps: s
                    .swaps
                    .iter()
                    .map(|w| SwapDoc {
                        indicator: w.indicator,
                        weight: exact(w.weight),
                        change: w.change.as_ref().and_then(change_text),
                        at_weight: w
                            .at_weight
                            .as_ref()
                            .and_then(|x| x.round_half_up(4))
                            .map(|x| x.to_string()),
                        clusters: w.clusters.as_ref().map(|(a, b)| vec![a.clone(), b.clone()]),
                    })
                    .collect(),
            },
            robustness: RobustnessDoc {
                draws: combined.robustness.draws,
                seed: combined.robustness.seed,
                rng: "splitmix64".into(),
                weight_change: crate::panel::robustness::WEIGHT_CHANGE.into(),
                left_out: combined.robustness.experts.clone(),
                clusters: combined
                    .robustness
                    .clusters
                    .iter()
                    .map(|c| AcceptabilityDoc {
                        package_id: c.package_id.clone(),
                        rank: c.rank,
                        acceptability: c.shares.iter().map(|x| statistic(*x)).collect(),
                    })
                    .collect(),
            },
            correction_ledger: combined.ledger.iter().map(ledger_doc).collect(),
            warnings: combined.warnings.iter().map(warning_doc).collect(),
        }
    }

    /// The document as a JSON value (serialising these types cannot fail: every map key is a
    /// string).
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

fn cluster_doc(combined: &Combined, c: &crate::panel::ClusterResult) -> ClusterDoc {
    ClusterDoc {
        package_id: c.package.id.clone(),
        cluster: c.package.cluster.clone(),
        park: c.package.park.clone(),
        year: c.package.year,
        round: c.package.round.map(|r| r.as_str().to_string()),
        digest: c.package.digest.clone(),
        experts: c
            .experts
            .iter()
            .map(|e| ExpertDoc {
                id: e.id.clone(),
                name: e.name.clone(),
                file: e.file.clone(),
                revision: e.revision,
                signed: e.signed,
                verified: e.verified,
                total: points(e.total),
            })
            .collect(),
        indicators: c
            .indicators
            .iter()
            .map(|i| IndicatorDoc {
                id: i.id,
                name: combined.rubric.indicator(i.id).map(|x| x.name.clone()),
                kind: i.kind,
                weight: exact(i.weight),
                scores: i
                    .scores
                    .iter()
                    .map(|(e, p)| (e.clone(), points(*p)))
                    .collect(),
                panel: i.panel.map(points),
                mean: i.mean.map(points),
                spread: i.spread.map(points),
                flags: i.flags.iter().map(flag_doc).collect(),
                note: i.note.clone(),
                measures: i
                    .measures
                    .iter()
                    .map(|m| MeasureDoc {
                        id: m.id.clone(),
                        name: combined.rubric.measure(&m.id).map(|(_, r)| r.name.clone()),
                        unit: combined.rubric.measure(&m.id).map(|(_, r)| r.unit.clone()),
                        package_value: m.package_value.map(exact),
                        correction: m.correction.as_ref().map(|c| CorrectionDoc {
                            value: exact(c.value),
                            reason: c.reason.clone(),
                        }),
                        value: m.value.map(exact),
                        points: points(m.points),
                        checks: m
                            .checks
                            .iter()
                            .map(|(e, (status, corrected))| {
                                (
                                    e.clone(),
                                    CheckDoc {
                                        status: (*status).into(),
                                        corrected: corrected.map(exact),
                                    },
                                )
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        categories: c
            .categories
            .iter()
            .map(|t| CategoryDoc {
                id: t.category.clone(),
                weight: exact(t.weight),
                points: points(t.points),
            })
            .collect(),
        total: points(c.total),
        rank: c.rank,
        conditions: condition_docs(c),
    }
}

fn condition_docs(c: &crate::panel::ClusterResult) -> Vec<ConditionTallyDoc> {
    use crate::session::ConditionVerdict;
    let checks = crate::session::prechecks(&c.package, crate::i18n::Lang::Zh);
    c.conditions
        .iter()
        .map(|t| ConditionTallyDoc {
            id: t.id,
            met: t.count(ConditionVerdict::Met),
            largely_met: t.count(ConditionVerdict::LargelyMet),
            not_met: t.count(ConditionVerdict::NotMet),
            unmarked: t.unmarked(),
            verdicts: t
                .verdicts
                .iter()
                .map(|(e, v)| (e.clone(), v.map(|v| v.as_str().to_string())))
                .collect(),
            notes: t.notes.clone(),
            precheck: checks
                .iter()
                .find(|p| p.condition == t.id)
                .map(|p| PrecheckDoc {
                    passed: p.passed,
                    text: p.text.clone(),
                }),
        })
        .collect()
}

fn warning_doc(warning: &crate::panel::CycleWarning) -> WarningDoc {
    let package = |p: &crate::panel::cycle::CyclePackage| WarnedPackageDoc {
        id: p.id.clone(),
        cluster: p.cluster.clone(),
        year: p.year,
        round: p.round.map(|r| r.as_str().to_string()),
    };
    WarningDoc::SameCycle {
        park: warning.park.clone(),
        cycle_years: crate::panel::CYCLE_YEARS,
        packages: vec![package(&warning.first), package(&warning.second)],
    }
}

/// Exact points as text: half-up, two decimals.
fn exact_points(value: &crate::scoring::Exact) -> String {
    value.round_half_up(2).map(points).unwrap_or_default()
}

fn ledger_doc(entry: &crate::panel::ledger::LedgerEntry) -> LedgerDoc {
    LedgerDoc {
        package_id: entry.package_id.clone(),
        measure: entry.measure.clone(),
        indicator: entry.indicator,
        package_value: entry.package_value.map(exact),
        value: exact(entry.value),
        reason: entry.reason.clone(),
        points: exact_points(&entry.points.0),
        points_without: exact_points(&entry.points.1),
        points_change: exact_points(&(&entry.points.0 - &entry.points.1)),
        total: exact_points(&entry.total.0),
        total_without: exact_points(&entry.total.1),
        total_change: exact_points(&(&entry.total.0 - &entry.total.1)),
        rank: entry.rank.0,
        rank_without: entry.rank.1,
        other_ranks: entry
            .other_ranks
            .iter()
            .map(|(id, with, without)| RankChangeDoc {
                package_id: id.clone(),
                rank: *with,
                rank_without: *without,
            })
            .collect(),
    }
}

fn flag_doc(flag: &Flag) -> FlagDoc {
    match flag {
        Flag::Divergent {
            expert,
            points: p,
            deviation,
        } => FlagDoc::Divergent {
            expert: expert.clone(),
            points: points(*p),
            deviation: deviation.map(four_decimals),
        },
        Flag::ReasonOwed { expert, points: p } => FlagDoc::ReasonOwed {
            expert: expert.clone(),
            points: points(*p),
        },
        Flag::Unscored { expert } => FlagDoc::Unscored {
            expert: expert.clone(),
        },
        Flag::FigureQuestioned { expert, measure } => FlagDoc::FigureQuestioned {
            expert: expert.clone(),
            measure: measure.clone(),
        },
    }
}

/// A relative weight change as text: half-up, at least four decimals and four significant
/// digits (so that the figure is within 0.05% of the exact change).
pub fn change_text(change: &crate::scoring::Exact) -> Option<String> {
    change.round_significant(4, 4).map(|x| x.to_string())
}

/// A ratio as text, half-up (四舍五入) to four decimals, always four (`"0.4063"`, `"0.6410"`).
pub fn four_decimals(value: Decimal) -> String {
    let mut rounded = value.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(4);
    rounded.to_string()
}

/// `{"method", "clusters": [{"package_id", "experts": [...], "indicators": [{"id", "scores":
/// {EXPERT_ID: "points"}, "panel", "flags": [...]}], "categories": [...], "total", "rank"}],
/// "agreement": {"icc": {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"}, "kendall_w"}, …}`
/// as a JSON value, for callers that embed it.
pub fn combined_json(combined: &Combined) -> Value {
    EvaluationDoc::from_combined(combined).to_value()
}

/// The combined evaluation as the commands print it (pretty JSON, final newline), serialised
/// from the typed document with no `Value` tree in between: a province-sized merge prints tens
/// of megabytes, and the tree would hold several times that. The same text as
/// `combined_json` printed.
pub fn combined_json_text(combined: &Combined) -> String {
    // serialising these types cannot fail: every map key is a string
    let mut text =
        serde_json::to_string_pretty(&EvaluationDoc::from_combined(combined)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panel::testing::{d, recused, session};
    use crate::panel::{ChairInput, MergeOptions, merge};

    fn combined() -> Combined {
        let inputs = vec![
            session("a", "E01", &[(1, d("8")), (2, d("7"))]),
            session("a", "E02", &[(1, d("2")), (2, d("7"))]),
            recused("a", "E03"),
            session("b", "E01", &[(1, d("5"))]),
            session("b", "E02", &[(1, d("6"))]),
            session("b", "E03", &[(1, d("0"))]),
        ];
        let options = MergeOptions {
            method: None,
            allow_unsigned: true,
        };
        merge(&inputs, options, &ChairInput::default()).expect("merge")
    }

    #[test]
    fn the_printed_text_is_the_value_printed() {
        let combined = combined();
        let mut through_value =
            serde_json::to_string_pretty(&combined_json(&combined)).expect("serialise");
        through_value.push('\n');
        assert_eq!(combined_json_text(&combined), through_value);
    }

    #[test]
    fn the_document_reads_back_as_itself_and_keeps_the_contract_order() {
        let doc = EvaluationDoc::from_combined(&combined());
        let text = serde_json::to_string(&doc).expect("serialise");
        let back: EvaluationDoc = serde_json::from_str(&text).expect("read back");
        assert_eq!(back, doc);
        let value = doc.to_value();
        let keys: Vec<&str> = value
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "method",
                "rubric",
                "unsigned",
                "excluded",
                "clusters",
                "agreement",
                "experts",
                "sensitivity",
                "robustness",
                "correction_ledger",
                // clusters a and b of the testing panel share the demo's park and year (七(四))
                "warnings"
            ]
        );
        assert_eq!(value["warnings"][0]["code"], "same_cycle");
        assert_eq!(value["warnings"][0]["packages"][0]["id"], "a");
        assert_eq!(value["warnings"][0]["packages"][1]["id"], "b");
        assert_eq!(value["excluded"][0]["reason"], "recused");
        assert_eq!(value["clusters"][0]["indicators"][1]["kind"], "qualitative");
        let flag = &value["clusters"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["indicators"][0]["flags"].as_array().into_iter().flatten())
            .find(|f| f["code"] == "divergent")
            .cloned()
            .unwrap_or_default();
        let flag_keys: Vec<&str> = flag
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(flag_keys, ["code", "expert", "points", "deviation"]);
    }

    #[test]
    fn unknown_fields_and_words_are_refused() {
        let mut value = EvaluationDoc::from_combined(&combined()).to_value();
        value["clusters"][0]["extra"] = serde_json::json!(1);
        assert!(serde_json::from_value::<EvaluationDoc>(value).is_err());
        let mut value = EvaluationDoc::from_combined(&combined()).to_value();
        value["method"] = serde_json::json!("average");
        assert!(serde_json::from_value::<EvaluationDoc>(value).is_err());
        let mut value = EvaluationDoc::from_combined(&combined()).to_value();
        value["clusters"][0]["indicators"][0]["flags"][0]["colour"] = serde_json::json!("red");
        assert!(serde_json::from_value::<EvaluationDoc>(value).is_err());
    }

    /// The divergence deviations of issue 8: 0.40625 and 0.641 are "0.4063" and "0.6410"
    /// (half-up, four decimals), not "0.4062" (half-even) and "0.641".
    #[test]
    fn deviations_are_half_up_with_four_decimals() {
        assert_eq!(four_decimals(d("0.40625")), "0.4063");
        assert_eq!(four_decimals(d("0.641")), "0.6410");
        assert_eq!(four_decimals(d("0.00005")), "0.0001");
        assert_eq!(four_decimals(d("1")), "1.0000");
    }
}
