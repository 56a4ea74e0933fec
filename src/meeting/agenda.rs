//! The chair's agenda (议程): what the panel's discussion must settle before the combined
//! evaluation is signed, ordered by the points at stake. Made from the counting alone
//! (`panel::Combined`, which carries the chair's notes and corrections), so an item closes the
//! moment its resolution is committed.
//!
//! Items, and their points at stake (exact):
//! - divergent scores (偏离度) without a consensus note: the indicator's spread (highest −
//!   lowest points);
//! - a figure questioned by an expert (doubtful, evidence missing, or a corrected figure)
//!   without an agreed correction or a note: the largest change of the indicator's points the
//!   experts' checks imply (a questioned figure without a proposal counts as no figure);
//! - experts disagreeing on an objective item (one verified, another doubtful, or different
//!   corrected figures): likewise — such a measure is one item of this kind, not two;
//! - a reason owed (a score below the rubric's `justify_below` without a written reason): the
//!   distance of the score below that threshold;
//! - a pair of clusters whose order flips when one weight moves by less than 10%: the points
//!   that separate their totals, at the most sensitive indicator.
//!
//! An item closes with a consensus note on its indicator (for a pair of clusters: on that
//! indicator of either cluster), or — for a figure — with the panel's agreed correction.

use crate::i18n::Lang;
use crate::panel::{ClusterResult, Combined, Flag, IndicatorResult, MeasureResult};
use crate::rubric::IndicatorKind;
use crate::scoring::{CohortBest, Exact, cohort_best, score_indicator};
use crate::session::MeasureStatus;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// What an item is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    /// Divergent scores (偏离度) on a qualitative indicator.
    Divergent,
    /// Experts disagree on an objective (quantitative) item.
    ObjectiveDisagreement,
    /// A figure questioned by an expert.
    FigureQuestioned,
    /// A low score without a written reason.
    ReasonOwed,
    /// Two clusters whose order flips within ±10% of a weight.
    RankFlip,
}

impl ItemKind {
    /// A stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Divergent => "divergent",
            Self::ObjectiveDisagreement => "objective_disagreement",
            Self::FigureQuestioned => "figure_questioned",
            Self::ReasonOwed => "reason_owed",
            Self::RankFlip => "rank_flip",
        }
    }

    /// The kind in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Divergent => lang.pick("评分偏离", "divergent scores"),
            Self::ObjectiveDisagreement => lang.pick("客观项不一致", "objective item disputed"),
            Self::FigureQuestioned => lang.pick("数据存疑", "figure questioned"),
            Self::ReasonOwed => lang.pick("缺少理由", "reason owed"),
            Self::RankFlip => lang.pick("排名敏感", "order flips"),
        }
    }
}

/// How an item was settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The panel's consensus note on the indicator.
    Note(String),
    /// The panel's agreed correction of the figure.
    Correction {
        /// The agreed figure.
        value: Decimal,
        /// Why.
        reason: String,
    },
}

/// A weight change of one indicator that reverses two clusters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flip {
    /// The indicator whose weight moves.
    pub indicator: u32,
    /// The relative change at which the two totals meet (beyond it they are reversed).
    pub change: Exact,
}

/// One item of the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What it is about.
    pub kind: ItemKind,
    /// The cluster (for a pair: the one ranked above).
    pub package_id: String,
    /// For a pair of clusters: the one ranked below.
    pub other_package: Option<String>,
    /// The indicator (for a pair: the most sensitive one).
    pub indicator: u32,
    /// The measure of a quantitative item.
    pub measure: Option<String>,
    /// The experts concerned, by id.
    pub experts: Vec<String>,
    /// The points at stake, exact.
    pub stake: Exact,
    /// For a pair of clusters: every weight change within ±10% that reverses them.
    pub flips: Vec<Flip>,
    /// How it was settled, if it was.
    pub resolution: Option<Resolution>,
}

impl Item {
    /// Whether the item still needs a resolution.
    pub fn is_open(&self) -> bool {
        self.resolution.is_none()
    }
}

/// A weight change under this share of the weight counts as a flip "within ±10%".
fn within() -> Exact {
    Exact::ratio(1, 10).unwrap_or_default()
}

/// The note of a cluster's indicator.
fn note_of(cluster: &ClusterResult, indicator: u32) -> Option<String> {
    cluster
        .indicators
        .iter()
        .find(|i| i.id == indicator)
        .and_then(|i| i.note.clone())
}

/// Where an expert stands on a figure, for telling agreement from disagreement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Position {
    /// The package's figure is right.
    Accepts,
    /// The right figure is this one.
    Figure(Decimal),
    /// The figure is doubtful or its evidence missing, no figure proposed.
    Questions,
}

fn position(
    status: MeasureStatus,
    corrected: Option<Decimal>,
    package: Option<Decimal>,
) -> Option<Position> {
    match (corrected, status) {
        (Some(v), _) if Some(v) == package => Some(Position::Accepts),
        (Some(v), _) => Some(Position::Figure(v)),
        (None, MeasureStatus::Verified) => Some(Position::Accepts),
        (None, MeasureStatus::Doubtful | MeasureStatus::Missing) => Some(Position::Questions),
        (None, MeasureStatus::Unchecked) => None,
    }
}

/// The indicator's points with one measure's figure replaced (`None`: no figure).
fn points_with(
    combined: &Combined,
    result: &IndicatorResult,
    best: &CohortBest,
    measure: &str,
    value: Option<Decimal>,
) -> Option<Exact> {
    let indicator = combined.rubric.indicator(result.id)?;
    let mut values: BTreeMap<String, Decimal> = result
        .measures
        .iter()
        .filter_map(|m| m.value.map(|v| (m.id.clone(), v)))
        .collect();
    match value {
        Some(v) => values.insert(measure.to_string(), v),
        None => values.remove(measure),
    };
    Some(score_indicator(indicator, &values, Some(best)).exact)
}

/// The items of one quantitative measure: a disagreement, else a questioned figure.
fn measure_item(
    combined: &Combined,
    cluster: &ClusterResult,
    result: &IndicatorResult,
    measure: &MeasureResult,
    best: &CohortBest,
) -> Option<Item> {
    let questioned: Vec<String> = result
        .flags
        .iter()
        .filter_map(|f| match f {
            Flag::FigureQuestioned { expert, measure: m } if *m == measure.id => {
                Some(expert.clone())
            }
            _ => None,
        })
        .collect();
    let positions: BTreeMap<&String, Position> = measure
        .checks
        .iter()
        .filter_map(|(expert, (status, corrected))| {
            position(*status, *corrected, measure.package_value).map(|p| (expert, p))
        })
        .collect();
    let distinct: BTreeSet<&Position> = positions.values().collect();
    let disputed = distinct.len() > 1;
    if questioned.is_empty() && !disputed {
        return None;
    }
    let now = result.panel_exact.clone().unwrap_or_default();
    let stake = positions
        .values()
        .filter_map(|p| match p {
            Position::Accepts => None,
            Position::Figure(v) => points_with(combined, result, best, &measure.id, Some(*v)),
            Position::Questions => points_with(combined, result, best, &measure.id, None),
        })
        .map(|alternative| (&alternative - &now).abs())
        .max()
        .unwrap_or_default();
    let experts: Vec<String> = if disputed {
        positions.keys().map(|e| (*e).clone()).collect()
    } else {
        questioned
    };
    let resolution = match (&measure.correction, &result.note) {
        (Some(c), _) => Some(Resolution::Correction {
            value: c.value,
            reason: c.reason.clone(),
        }),
        (None, Some(note)) => Some(Resolution::Note(note.clone())),
        (None, None) => None,
    };
    Some(Item {
        kind: if disputed {
            ItemKind::ObjectiveDisagreement
        } else {
            ItemKind::FigureQuestioned
        },
        package_id: cluster.package.id.clone(),
        other_package: None,
        indicator: result.id,
        measure: Some(measure.id.clone()),
        experts,
        stake,
        flips: Vec::new(),
        resolution,
    })
}

/// The items of one cluster's indicators.
fn cluster_items(combined: &Combined, cluster: &ClusterResult, best: &CohortBest) -> Vec<Item> {
    let mut items = Vec::new();
    for result in &cluster.indicators {
        let noted = result.note.clone().map(Resolution::Note);
        let item = |kind, experts, stake| Item {
            kind,
            package_id: cluster.package.id.clone(),
            other_package: None,
            indicator: result.id,
            measure: None,
            experts,
            stake,
            flips: Vec::new(),
            resolution: noted.clone(),
        };
        match result.kind {
            IndicatorKind::Qualitative => {
                let divergent: Vec<String> = result
                    .flags
                    .iter()
                    .filter(|f| matches!(f, Flag::Divergent { .. }))
                    .map(|f| f.expert().to_string())
                    .collect();
                if !divergent.is_empty() {
                    let spread = result.spread.map(Exact::from).unwrap_or_default();
                    items.push(item(ItemKind::Divergent, divergent, spread));
                }
                let threshold = combined
                    .rubric
                    .indicator(result.id)
                    .map(|i| i.weight * combined.rubric.panel.justify_below)
                    .unwrap_or_default();
                for flag in &result.flags {
                    if let Flag::ReasonOwed { expert, points } = flag {
                        items.push(item(
                            ItemKind::ReasonOwed,
                            vec![expert.clone()],
                            Exact::from(threshold - *points),
                        ));
                    }
                }
            }
            IndicatorKind::Quantitative => {
                for measure in &result.measures {
                    items.extend(measure_item(combined, cluster, result, measure, best));
                }
            }
        }
    }
    items
}

/// The pairs of clusters whose order a weight change within ±10% reverses.
fn flip_items(combined: &Combined) -> Vec<Item> {
    let rubric = &combined.rubric;
    let points = crate::panel::points_matrix(rubric, &combined.clusters);
    let weights: Vec<Exact> = rubric.indicators().map(|i| Exact::from(i.weight)).collect();
    let ids: Vec<u32> = rubric.indicators().map(|i| i.id).collect();
    // a first look in binary floating point leaves out the pairs and weights whose crossing
    // lies clearly beyond ±10%; every flip listed is found and measured exactly
    let rough: Vec<Vec<f64>> = points
        .iter()
        .map(|row| row.iter().map(Exact::to_f64).collect())
        .collect();
    let rough_weights: Vec<f64> = weights.iter().map(Exact::to_f64).collect();
    let rough_total: f64 = rough_weights.iter().sum();
    let may_flip = |a: usize, b: usize, k: usize| -> bool {
        let (Some(row_a), Some(row_b), Some(w)) =
            (rough.get(a), rough.get(b), rough_weights.get(k))
        else {
            return false;
        };
        let gap: f64 = row_a.iter().sum::<f64>() - row_b.iter().sum::<f64>();
        let dp =
            row_a.get(k).copied().unwrap_or_default() - row_b.get(k).copied().unwrap_or_default();
        let dr = gap - dp;
        let slope = dp * (rough_total - w) - w * dr;
        let change = -rough_total * dr / slope - 1.0;
        // anything the rough look cannot place is looked at exactly
        !change.is_finite() || change.abs() < 0.1 + 1e-6
    };
    let mut items = Vec::new();
    for (a, upper) in combined.clusters.iter().enumerate() {
        for (b, lower) in combined.clusters.iter().enumerate() {
            if upper.total_exact <= lower.total_exact {
                continue; // only a pair ordered now can flip
            }
            let (Some(row_a), Some(row_b)) = (points.get(a), points.get(b)) else {
                continue;
            };
            if !(0..weights.len()).any(|k| may_flip(a, b, k)) {
                continue;
            }
            let pair = [row_a.clone(), row_b.clone()];
            let mut flips: Vec<Flip> = (0..weights.len())
                .filter(|k| may_flip(a, b, *k))
                .filter_map(|k| {
                    let (change, _) = crate::panel::smallest_swap(&pair, &weights, k)?;
                    (change.abs() < within()).then(|| Flip {
                        indicator: ids.get(k).copied().unwrap_or_default(),
                        change,
                    })
                })
                .collect();
            if flips.is_empty() {
                continue;
            }
            flips.sort_by_key(|x| x.change.abs());
            let indicator = flips.first().map_or(0, |f| f.indicator);
            let resolution = note_of(upper, indicator)
                .or_else(|| note_of(lower, indicator))
                .map(Resolution::Note);
            items.push(Item {
                kind: ItemKind::RankFlip,
                package_id: upper.package.id.clone(),
                other_package: Some(lower.package.id.clone()),
                indicator,
                measure: None,
                experts: Vec::new(),
                stake: &upper.total_exact - &lower.total_exact,
                flips,
                resolution,
            });
        }
    }
    items
}

/// The whole agenda: open items first, each group by the points at stake (highest first),
/// then by the cluster's rank, the indicator and the measure.
pub fn agenda(combined: &Combined) -> Vec<Item> {
    let values: Vec<BTreeMap<String, Decimal>> = combined
        .clusters
        .iter()
        .map(|c| {
            c.indicators
                .iter()
                .flat_map(|i| &i.measures)
                .filter_map(|m| m.value.map(|v| (m.id.clone(), v)))
                .collect()
        })
        .collect();
    let best = cohort_best(&combined.rubric, values.iter());
    let mut items: Vec<Item> = combined
        .clusters
        .iter()
        .flat_map(|c| cluster_items(combined, c, &best))
        .collect();
    items.extend(flip_items(combined));
    let rank = |id: &str| {
        combined
            .clusters
            .iter()
            .position(|c| c.package.id == id)
            .unwrap_or(usize::MAX)
    };
    items.sort_by(|x, y| {
        x.resolution
            .is_some()
            .cmp(&y.resolution.is_some())
            .then_with(|| y.stake.cmp(&x.stake))
            .then_with(|| rank(&x.package_id).cmp(&rank(&y.package_id)))
            .then_with(|| x.indicator.cmp(&y.indicator))
            .then_with(|| x.measure.cmp(&y.measure))
            .then_with(|| x.kind.cmp(&y.kind))
    });
    items
}

/// An item in one line: its kind, where, who, and the points at stake.
pub fn describe(item: &Item, combined: &Combined, lang: Lang) -> String {
    let stake = crate::display::points(item.stake.round_half_up(2).unwrap_or_default());
    let cluster = |id: &str| {
        combined
            .clusters
            .iter()
            .find(|c| c.package.id == id)
            .map_or(id.to_string(), |c| c.package.cluster.clone())
    };
    let indicator = combined
        .rubric
        .indicator(item.indicator)
        .map_or(item.indicator.to_string(), |i| {
            format!("{} {}", i.id, i.short)
        });
    let measure = item
        .measure
        .as_ref()
        .map(|m| {
            combined
                .rubric
                .measure(m)
                .map_or(m.clone(), |(_, x)| x.name.clone())
        })
        .unwrap_or_default();
    let experts = item.experts.join(lang.pick("、", ", "));
    match (item.kind, lang) {
        (ItemKind::RankFlip, Lang::Zh) => {
            let flips: Vec<String> = item
                .flips
                .iter()
                .map(|f| format!("指标 {} {}", f.indicator, percent(&f.change)))
                .collect();
            format!(
                "{} 与 {} 相差 {stake} 分，权重变动即可互换：{}",
                cluster(&item.package_id),
                item.other_package
                    .as_deref()
                    .map(cluster)
                    .unwrap_or_default(),
                flips.join("，")
            )
        }
        (ItemKind::RankFlip, Lang::En) => {
            let flips: Vec<String> = item
                .flips
                .iter()
                .map(|f| format!("indicator {} {}", f.indicator, percent(&f.change)))
                .collect();
            format!(
                "{} and {} are {stake} points apart; a weight change reverses them: {}",
                cluster(&item.package_id),
                item.other_package
                    .as_deref()
                    .map(cluster)
                    .unwrap_or_default(),
                flips.join(", ")
            )
        }
        (ItemKind::Divergent, Lang::Zh) => format!(
            "{} · {indicator}：{experts} 的评分偏离合议均值，极差 {stake} 分",
            cluster(&item.package_id)
        ),
        (ItemKind::Divergent, Lang::En) => format!(
            "{} · {indicator}: {experts} deviate from the panel mean, spread {stake} points",
            cluster(&item.package_id)
        ),
        (ItemKind::ReasonOwed, Lang::Zh) => format!(
            "{} · {indicator}：{experts} 的低分未写明理由，低于阈值 {stake} 分",
            cluster(&item.package_id)
        ),
        (ItemKind::ReasonOwed, Lang::En) => format!(
            "{} · {indicator}: {experts} gave a low score without a reason, {stake} below the threshold",
            cluster(&item.package_id)
        ),
        (ItemKind::FigureQuestioned, Lang::Zh) => format!(
            "{} · {indicator} · {measure}：{experts} 质疑数据，涉及 {stake} 分",
            cluster(&item.package_id)
        ),
        (ItemKind::FigureQuestioned, Lang::En) => format!(
            "{} · {indicator} · {measure}: {experts} question the figure, {stake} points at stake",
            cluster(&item.package_id)
        ),
        (ItemKind::ObjectiveDisagreement, Lang::Zh) => format!(
            "{} · {indicator} · {measure}：{experts} 对客观数据意见不一，涉及 {stake} 分",
            cluster(&item.package_id)
        ),
        (ItemKind::ObjectiveDisagreement, Lang::En) => format!(
            "{} · {indicator} · {measure}: {experts} disagree on the figure, {stake} points at stake",
            cluster(&item.package_id)
        ),
    }
}

/// A relative change as a signed percentage with two decimals (`-7.14%`).
fn percent(change: &Exact) -> String {
    let hundred = Exact::from_int(100);
    let value = (change * &hundred).round_half_up(2).unwrap_or_default();
    if value.is_sign_positive() && !value.is_zero() {
        format!("+{}%", crate::display::points(value))
    } else {
        format!("{}%", crate::display::points(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_tell_agreement_from_disagreement() {
        let package = Some(Decimal::from(48));
        assert_eq!(
            position(MeasureStatus::Verified, None, package),
            Some(Position::Accepts)
        );
        // proposing the package's own figure is accepting it
        assert_eq!(
            position(MeasureStatus::Doubtful, package, package),
            Some(Position::Accepts)
        );
        assert_eq!(
            position(MeasureStatus::Missing, None, package),
            Some(Position::Questions)
        );
        assert_eq!(position(MeasureStatus::Unchecked, None, package), None);
        assert_eq!(
            position(MeasureStatus::Doubtful, Some(Decimal::from(40)), package),
            Some(Position::Figure(Decimal::from(40)))
        );
    }

    #[test]
    fn percentages_are_signed_and_rounded_half_up() {
        assert_eq!(percent(&Exact::ratio(-1, 14).expect("r")), "-7.14%");
        assert_eq!(percent(&Exact::ratio(1, 16).expect("r")), "+6.25%");
        assert_eq!(percent(&Exact::ratio(1, 800).expect("r")), "+0.13%");
    }
}
