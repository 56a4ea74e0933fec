//! `package check`: each quantitative indicator with its declared and derived figures, the
//! figure scored, the points, and every warning an expert should see. Pure: no I/O.

use super::derive::{DeriveOutcome, Derived, derive};
use super::load::Package;
use crate::display::figure;
use crate::i18n::Lang;
use crate::rubric::{Derivation, IndicatorKind, Rubric};
use crate::scoring::{CohortBest, Exact, MeasureScore, MethodUsed, score_indicator};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A difference between declared and derived figures above this fraction is flagged (1%).
pub const TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// One measure of the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureCheck {
    /// Measure id.
    pub measure: String,
    /// The park's figure.
    pub declared: Option<Decimal>,
    /// The figure derived from the tables, when possible.
    pub derived: Option<Derived>,
    /// Declared and derived differ by more than 1%.
    pub differs: bool,
    /// The figure scored and its points.
    pub score: MeasureScore,
}

/// One quantitative indicator of the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorCheck {
    /// Indicator number.
    pub indicator: u32,
    /// Points (unrounded).
    pub points: Decimal,
    /// Its measures.
    pub measures: Vec<MeasureCheck>,
}

/// What an expert should look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarningKind {
    /// Declared and derived figures differ by more than 1%.
    DerivedDiffers {
        /// Declared.
        declared: Decimal,
        /// Derived.
        derived: Decimal,
    },
    /// The measure is not declared; the derived figure is used when there is one.
    NotDeclared {
        /// Whether the derived figure was used instead.
        derived_used: bool,
    },
    /// The detail table needed to check the figure is absent.
    NoTable(String),
    /// The table is there but the figure cannot be derived.
    NotDerivable(String),
    /// A cohort rule was scored linearly because only one package is being checked.
    CohortFallback,
    /// A qualitative indicator has no evidence file.
    NoEvidence,
    /// A CSV in `tables/` that is not a known table.
    UnknownTable(String),
    /// An evidence file numbered for an indicator the rubric does not have.
    UnknownEvidence(String),
    /// A share of a whole (indicator 5's above-scale high-tech share, indicator 11's revenue
    /// share) above 100%: possible only by a mistake in the figures (it is scored as given,
    /// clamped by the rule).
    ShareAbove100(Decimal),
    /// A name in a detail table carries invisible format characters; it is compared without
    /// them, so a row repeated with them is still found twice.
    InvisibleCharacters {
        /// File and line of the cell.
        place: String,
        /// The column.
        column: String,
        /// The name without them.
        name: String,
        /// The characters, as code points.
        code_points: String,
    },
}

/// A warning about an indicator or measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The indicator concerned.
    pub indicator: Option<u32>,
    /// The measure concerned.
    pub measure: Option<String>,
    /// What is wrong.
    pub kind: WarningKind,
}

impl Warning {
    /// A stable code for JSON and tests.
    pub fn code(&self) -> &'static str {
        match self.kind {
            WarningKind::DerivedDiffers { .. } => "derived_differs",
            WarningKind::NotDeclared { .. } => "not_declared",
            WarningKind::NoTable(_) => "no_table",
            WarningKind::NotDerivable(_) => "not_derivable",
            WarningKind::CohortFallback => "cohort_fallback",
            WarningKind::NoEvidence => "no_evidence",
            WarningKind::UnknownTable(_) => "unknown_table",
            WarningKind::UnknownEvidence(_) => "unknown_evidence",
            WarningKind::ShareAbove100(_) => "share_above_100",
            WarningKind::InvisibleCharacters { .. } => "invisible_characters",
        }
    }

    /// The warning in words.
    pub fn message(&self, lang: Lang) -> String {
        match &self.kind {
            WarningKind::DerivedDiffers { declared, derived } => {
                let relative = relative_difference(*declared, *derived)
                    .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
                    .map(|r| format!(" ({}%)", figure(r)))
                    .unwrap_or_default();
                match lang {
                    Lang::Zh => format!(
                        "申报值 {} 与明细表核算值 {} 相差超过 1%{relative}",
                        figure(*declared),
                        figure(*derived)
                    ),
                    Lang::En => format!(
                        "declared {} differs from the derived {} by more than 1%{relative}",
                        figure(*declared),
                        figure(*derived)
                    ),
                }
            }
            WarningKind::NotDeclared { derived_used: true } => lang
                .pick(
                    "未申报，采用明细表核算值",
                    "not declared; the derived figure is scored",
                )
                .to_string(),
            WarningKind::NotDeclared {
                derived_used: false,
            } => lang
                .pick(
                    "未申报且无法核算，计 0 分",
                    "not declared and not derivable; scores 0",
                )
                .to_string(),
            WarningKind::NoTable(file) => match lang {
                Lang::Zh => format!("缺少明细表 {file}，申报值未经核算"),
                Lang::En => format!("no detail table {file}; the declared figure is unchecked"),
            },
            WarningKind::NotDerivable(reason) => match lang {
                Lang::Zh => format!("无法核算：{reason}"),
                Lang::En => format!("cannot derive: {reason}"),
            },
            WarningKind::CohortFallback => lang
                .pick(
                    "按集群间比较计分；单个申报包暂按线性规则计分",
                    "scored against the best cluster at merge; linear fallback for one package",
                )
                .to_string(),
            WarningKind::NoEvidence => lang
                .pick(
                    "定性指标没有证明材料（evidence/NN-*.md）",
                    "qualitative indicator without evidence (evidence/NN-*.md)",
                )
                .to_string(),
            WarningKind::UnknownEvidence(file) => match lang {
                Lang::Zh => format!("{file} 的编号不对应任何指标，按一般材料处理"),
                Lang::En => format!(
                    "{file} is numbered for no indicator of the rubric; treated as general material"
                ),
            },
            WarningKind::UnknownTable(file) => match lang {
                Lang::Zh => format!("{file} 不是已知明细表，已忽略"),
                Lang::En => format!("{file} is not a known detail table; ignored"),
            },
            WarningKind::ShareAbove100(value) => match lang {
                Lang::Zh => format!("占比 {}% 超过 100%，请核对数据", figure(*value)),
                Lang::En => format!(
                    "a share of {}% is above 100%; check the figures",
                    figure(*value)
                ),
            },
            WarningKind::InvisibleCharacters {
                place,
                column,
                name,
                code_points,
            } => match lang {
                Lang::Zh => format!(
                    "{place} 列 {column} 的名称“{name}”含不可见字符 {code_points}，比较时已去除"
                ),
                Lang::En => format!(
                    "{place}: column {column}: the name \"{name}\" carries invisible characters {code_points}; they are ignored when names are compared"
                ),
            },
        }
    }
}

/// The whole check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageCheck {
    /// Quantitative indicators in rubric order.
    pub indicators: Vec<IndicatorCheck>,
    /// Sum of their points (unrounded).
    pub quantitative_points: Decimal,
    /// Sum of their weights: the points available.
    pub quantitative_weight: Decimal,
    /// Warnings in rubric order.
    pub warnings: Vec<Warning>,
}

/// `(declared − derived) ÷ |derived|`, or `None` when derived is zero (or the difference is
/// beyond `Decimal`'s range, which counts as differing).
fn relative_difference(declared: Decimal, derived: Decimal) -> Option<Decimal> {
    if derived.is_zero() {
        return None;
    }
    declared.checked_sub(derived)?.checked_div(derived.abs())
}

/// Whether two figures differ by more than the tolerance (any difference from zero counts).
pub fn differs(declared: Decimal, derived: Decimal) -> bool {
    match relative_difference(declared, derived) {
        Some(r) => r.abs() > TOLERANCE,
        None => declared != derived,
    }
}

/// Checks and scores a package; `cohort` is the best figures when packages are compared.
pub fn check_package(
    rubric: &Rubric,
    package: &Package,
    cohort: Option<&CohortBest>,
) -> PackageCheck {
    let mut warnings = Vec::new();
    let mut indicators = Vec::new();
    let mut quantitative = Exact::zero();
    for indicator in rubric.indicators() {
        if indicator.kind == IndicatorKind::Qualitative {
            if !package
                .evidence
                .iter()
                .any(|e| e.indicator == Some(indicator.id))
            {
                warnings.push(Warning {
                    indicator: Some(indicator.id),
                    measure: None,
                    kind: WarningKind::NoEvidence,
                });
            }
            continue;
        }
        let mut values = BTreeMap::new();
        let mut figures = Vec::new();
        for measure in &indicator.measures {
            let mut warn = |kind| {
                warnings.push(Warning {
                    indicator: Some(indicator.id),
                    measure: Some(measure.id.clone()),
                    kind,
                })
            };
            let declared = package.declared.get(&measure.id).and_then(|f| f.value);
            let derived = match measure
                .derive
                .map(|d| derive(d, &package.tables, package.manifest.year))
            {
                None => None,
                Some(DeriveOutcome::Value(derived)) => Some(derived),
                Some(DeriveOutcome::NoTable(file)) => {
                    if declared.is_some() {
                        warn(WarningKind::NoTable(file.to_string()));
                    }
                    None
                }
                Some(DeriveOutcome::Impossible(reason)) => {
                    warn(WarningKind::NotDerivable(reason));
                    None
                }
            };
            let scored = declared.or(derived.as_ref().map(|d| d.value));
            let share_of_whole = matches!(
                measure.derive,
                Some(Derivation::HightechShare | Derivation::Rd5RevenueShare)
            );
            if let Some(value) = scored.filter(|v| share_of_whole && *v > Decimal::ONE_HUNDRED) {
                warn(WarningKind::ShareAbove100(value));
            }
            let mut differs_flag = false;
            match (declared, &derived) {
                (Some(d), Some(x)) if differs(d, x.value) => {
                    differs_flag = true;
                    warn(WarningKind::DerivedDiffers {
                        declared: d,
                        derived: x.value,
                    });
                }
                (None, x) => warn(WarningKind::NotDeclared {
                    derived_used: x.is_some(),
                }),
                _ => {}
            }
            if let Some(value) = declared.or(derived.as_ref().map(|d| d.value)) {
                values.insert(measure.id.clone(), value);
            }
            figures.push((measure.id.clone(), declared, derived, differs_flag));
        }
        let score = score_indicator(indicator, &values, cohort);
        for measure_score in &score.measures {
            if measure_score
                .fraction
                .as_ref()
                .is_some_and(|f| f.method == MethodUsed::CohortFallback)
            {
                warnings.push(Warning {
                    indicator: Some(indicator.id),
                    measure: Some(measure_score.measure.clone()),
                    kind: WarningKind::CohortFallback,
                });
            }
        }
        let measures = figures
            .into_iter()
            .zip(score.measures)
            .map(
                |((measure, declared, derived, differs), score)| MeasureCheck {
                    measure,
                    declared,
                    derived,
                    differs,
                    score,
                },
            )
            .collect();
        quantitative = quantitative + score.exact.clone();
        indicators.push(IndicatorCheck {
            indicator: indicator.id,
            points: score.points,
            measures,
        });
    }
    for evidence in &package.evidence {
        if evidence
            .indicator
            .is_some_and(|n| rubric.indicator(n).is_none())
        {
            warnings.push(Warning {
                indicator: None,
                measure: None,
                kind: WarningKind::UnknownEvidence(evidence.path.clone()),
            });
        }
    }
    for w in &package.tables.name_warnings {
        warnings.push(Warning {
            indicator: None,
            measure: None,
            kind: WarningKind::InvisibleCharacters {
                place: format!("{}:{}", w.file, w.line),
                column: w.column.to_string(),
                name: crate::numbers::clipped(&w.name),
                code_points: super::names::code_points(&w.characters),
            },
        });
    }
    for file in &package.unknown_tables {
        warnings.push(Warning {
            indicator: None,
            measure: None,
            kind: WarningKind::UnknownTable(file.clone()),
        });
    }
    PackageCheck {
        quantitative_points: quantitative.to_decimal_lossy(),
        quantitative_weight: rubric
            .indicators()
            .filter(|i| i.kind == IndicatorKind::Quantitative)
            .map(|i| i.weight)
            .sum(),
        indicators,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_percent_tolerance() {
        let d = |s: i64| Decimal::new(s, 2);
        assert!(!differs(d(10100), d(10000)), "exactly 1% is tolerated");
        assert!(differs(d(10101), d(10000)));
        assert!(differs(d(9899), d(10000)));
        assert!(!differs(d(0), d(0)));
        assert!(differs(d(1), d(0)));
    }
}
