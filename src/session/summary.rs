//! What a session adds up to: points per indicator (qualitative as given, quantitative from the
//! package's figures with the expert's corrections), subtotals, total, and the problems that
//! block a sign-off.

use super::model::SessionState;
use crate::rubric::{IndicatorKind, Rubric};
use crate::scoring::{Exact, MeasureScore, Totals, score_indicator, totals};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One indicator in the expert's view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorSummary {
    /// Indicator number.
    pub indicator: u32,
    /// Points: given (qualitative) or computed (quantitative); `None` when not yet scored.
    pub points: Option<Decimal>,
    /// Per measure, for quantitative indicators.
    pub measures: Vec<MeasureScore>,
}

/// A problem that blocks signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The conflict-of-interest declaration is missing.
    NotDeclared,
    /// A qualitative indicator has no points.
    Unscored(u32),
    /// A qualitative indicator has no written opinion.
    MissingOpinion(u32),
    /// Points below the rubric's `justify_below` need a written reason.
    ReasonOwed {
        /// Indicator.
        indicator: u32,
        /// Points given.
        points: Decimal,
        /// The threshold (justify_below × weight).
        threshold: Decimal,
    },
    /// No overall opinion (综合评价意见).
    MissingOverall,
    /// An application condition not yet marked (application review only).
    ConditionUnmarked(u32),
    /// An application condition marked 基本符合 or 不符合 without a note saying why.
    ConditionReasonOwed(u32),
}

/// The whole session in numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    /// Every indicator in rubric order.
    pub indicators: Vec<IndicatorSummary>,
    /// Sum of qualitative points given.
    pub qualitative_points: Decimal,
    /// Sum of quantitative points.
    pub quantitative_points: Decimal,
    /// Subtotals and total.
    pub totals: Totals,
    /// Qualitative indicators scored / all qualitative indicators.
    pub scored: (usize, usize),
    /// Measures checked (status other than unchecked) / all measures.
    pub checked: (usize, usize),
    /// Indicators done / all indicators: a qualitative one is done when scored, a quantitative
    /// one when every measure is checked (the header's "已评 n/20").
    pub done: (usize, usize),
    /// What blocks a sign-off (empty for a recused expert: there is nothing to sign but the recusal).
    pub problems: Vec<Problem>,
}

/// Adds a session up against its rubric.
pub fn summarise(rubric: &Rubric, state: &SessionState) -> SessionSummary {
    let values: BTreeMap<String, Decimal> = rubric
        .measures()
        .filter_map(|m| {
            let corrected = state.annotations.get(&m.id).and_then(|a| a.corrected);
            let figure = state.figures.get(&m.id).and_then(|f| f.value);
            corrected.or(figure).map(|v| (m.id.clone(), v))
        })
        .collect();
    let mut indicators = Vec::new();
    let mut problems = Vec::new();
    if state.declaration.is_none() {
        problems.push(Problem::NotDeclared);
    }
    let mut qualitative_points = Decimal::ZERO;
    let mut quantitative_points = Exact::zero();
    // the exact points per indicator, added exactly into subtotals and the total
    let mut exact_points: BTreeMap<u32, Exact> = BTreeMap::new();
    let mut scored = (0, 0);
    for indicator in rubric.indicators() {
        match indicator.kind {
            IndicatorKind::Qualitative => {
                scored.1 += 1;
                let score = state.scores.get(&indicator.id);
                let points = score.and_then(|s| s.points);
                let has_opinion = score.is_some_and(|s| !s.comment.trim().is_empty());
                let threshold = indicator.weight * rubric.panel.justify_below;
                match points {
                    None => problems.push(Problem::Unscored(indicator.id)),
                    Some(p) => {
                        scored.0 += 1;
                        qualitative_points += p;
                        exact_points.insert(indicator.id, Exact::from(p));
                        if p < threshold && !has_opinion {
                            problems.push(Problem::ReasonOwed {
                                indicator: indicator.id,
                                points: p,
                                threshold,
                            });
                        }
                    }
                }
                if !has_opinion && points.is_none_or(|p| p >= threshold) {
                    problems.push(Problem::MissingOpinion(indicator.id));
                }
                indicators.push(IndicatorSummary {
                    indicator: indicator.id,
                    points,
                    measures: Vec::new(),
                });
            }
            IndicatorKind::Quantitative => {
                let score = score_indicator(indicator, &values, None);
                quantitative_points = quantitative_points + score.exact.clone();
                exact_points.insert(indicator.id, score.exact.clone());
                indicators.push(IndicatorSummary {
                    indicator: indicator.id,
                    points: Some(score.points),
                    measures: score.measures,
                });
            }
        }
    }
    if state.overall.trim().is_empty() {
        problems.push(Problem::MissingOverall);
    }
    if state.reviews_conditions() {
        for condition in &rubric.conditions {
            let mark = state.conditions.get(&condition.id);
            match mark.and_then(|m| m.verdict) {
                None => problems.push(Problem::ConditionUnmarked(condition.id)),
                Some(crate::session::ConditionVerdict::Met) => {}
                Some(_) if mark.is_some_and(|m| !m.note.trim().is_empty()) => {}
                Some(_) => problems.push(Problem::ConditionReasonOwed(condition.id)),
            }
        }
    }
    if state.recused() {
        problems.clear();
    }
    let measure_count = rubric.measures().count();
    let is_checked = |measure: &str| {
        state
            .annotations
            .get(measure)
            .is_some_and(|a| a.status != super::MeasureStatus::Unchecked)
    };
    let checked = rubric.measures().filter(|m| is_checked(&m.id)).count();
    let done = rubric
        .indicators()
        .filter(|i| match i.kind {
            IndicatorKind::Qualitative => {
                state.scores.get(&i.id).is_some_and(|s| s.points.is_some())
            }
            IndicatorKind::Quantitative => i.measures.iter().all(|m| is_checked(&m.id)),
        })
        .count();
    SessionSummary {
        indicators,
        qualitative_points,
        quantitative_points: quantitative_points.to_decimal_lossy(),
        totals: totals(rubric, &exact_points),
        scored,
        checked: (checked, measure_count),
        done: (done, rubric.indicators().count()),
        problems,
    }
}

impl Problem {
    /// The problem in words.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::display::figure;
        use crate::i18n::Lang;
        match (self, lang) {
            (Self::NotDeclared, Lang::Zh) => "尚未作回避声明".to_string(),
            (Self::NotDeclared, Lang::En) => "no conflict-of-interest declaration yet".to_string(),
            (Self::Unscored(i), Lang::Zh) => format!("指标 {i} 尚未打分"),
            (Self::Unscored(i), Lang::En) => format!("indicator {i} is not scored"),
            (Self::MissingOpinion(i), Lang::Zh) => format!("指标 {i} 缺少评审意见"),
            (Self::MissingOpinion(i), Lang::En) => format!("indicator {i} has no written opinion"),
            (
                Self::ReasonOwed {
                    indicator,
                    points,
                    threshold,
                },
                Lang::Zh,
            ) => {
                format!(
                    "指标 {indicator} 得分 {} 低于 {}，须写明理由",
                    figure(*points),
                    figure(*threshold)
                )
            }
            (
                Self::ReasonOwed {
                    indicator,
                    points,
                    threshold,
                },
                Lang::En,
            ) => {
                format!(
                    "indicator {indicator}: {} points is below {}, a written reason is owed",
                    figure(*points),
                    figure(*threshold)
                )
            }
            (Self::MissingOverall, Lang::Zh) => "缺少综合评价意见".to_string(),
            (Self::MissingOverall, Lang::En) => "no overall opinion".to_string(),
            (Self::ConditionUnmarked(c), Lang::Zh) => {
                format!("申报条件{} 尚未评定", condition_label(*c))
            }
            (Self::ConditionUnmarked(c), Lang::En) => {
                format!("application condition {c} is not marked")
            }
            (Self::ConditionReasonOwed(c), Lang::Zh) => {
                format!(
                    "申报条件{} 评为基本符合或不符合，须写明理由",
                    condition_label(*c)
                )
            }
            (Self::ConditionReasonOwed(c), Lang::En) => format!(
                "application condition {c} is marked largely met or not met: a note saying why is owed"
            ),
        }
    }
}

/// `（一）` for condition 1.
fn condition_label(id: u32) -> String {
    crate::rubric::Condition {
        id,
        text: String::new(),
        checklist: Vec::new(),
    }
    .label()
}
