//! The compliance gate before the chair signs: the four grounds on which 财政部令第87号
//! (《政府采购货物和服务招标投标管理办法》) Art. 64 lets a summed evaluation be changed —
//! 分值汇总计算错误 (sums), 分项评分超出评分标准范围 (scores outside the standard), 评审委员会
//! 成员对客观评审因素评分不一致 (disagreement on objective items), 经评审委员会认定评分畸高、
//! 畸低 (extreme scores) — each checked with its state, and every open item of the agenda. The
//! combined evaluation is signed only when the first two find nothing and no item is open.
//!
//! The sums are recomputed here independently of the counting: each panel value from the
//! experts' points by the method, each subtotal and total from the panel values, each expert's
//! total from their points, all exact.

use super::agenda::{Item, ItemKind, agenda};
use crate::i18n::Lang;
use crate::panel::{Combined, aggregate};
use crate::rubric::IndicatorKind;
use crate::scoring::Exact;
use rust_decimal::Decimal;

/// One of Art. 64's four grounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ground {
    /// 分值汇总计算错误: the sums, recomputed.
    Sums,
    /// 分项评分超出评分标准范围: scores outside the rubric's range or step.
    OutsideStandard,
    /// 客观评审因素评分不一致: experts disagreeing on an objective item.
    ObjectiveDisagreement,
    /// 评分畸高、畸低: extreme (divergent) scores.
    Extreme,
}

impl Ground {
    /// The four grounds in the order of Art. 64.
    pub const ALL: [Self; 4] = [
        Self::Sums,
        Self::OutsideStandard,
        Self::ObjectiveDisagreement,
        Self::Extreme,
    ];

    /// The ground as Art. 64 words it, and in English.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Sums => lang.pick("分值汇总计算错误", "errors in summing the points"),
            Self::OutsideStandard => lang.pick(
                "分项评分超出评分标准范围",
                "scores outside the scoring standard",
            ),
            Self::ObjectiveDisagreement => lang.pick(
                "专家对客观评审因素评分不一致",
                "experts disagree on objective items",
            ),
            Self::Extreme => lang.pick("评分畸高、畸低", "extremely high or low scores"),
        }
    }
}

/// How one ground stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroundCheck {
    /// The ground.
    pub ground: Ground,
    /// What a check found wrong (sums, standard): each in words. Nothing can resolve these.
    pub findings: Vec<String>,
    /// Agenda items of the ground still open.
    pub open: usize,
    /// Agenda items of the ground resolved by a note or a correction.
    pub resolved: usize,
}

impl GroundCheck {
    /// Whether the ground stands in the way of signing.
    pub fn blocks(&self) -> bool {
        !self.findings.is_empty() || self.open > 0
    }

    /// The state in words.
    pub fn state(&self, lang: Lang) -> String {
        match (lang, self.findings.len(), self.open, self.resolved) {
            (Lang::Zh, 0, 0, 0) => "已核查，未发现".to_string(),
            (Lang::En, 0, 0, 0) => "checked, none found".to_string(),
            (Lang::Zh, 0, 0, r) => format!("{r} 项均已处理"),
            (Lang::En, 0, 0, r) => format!("all {r} resolved"),
            (Lang::Zh, 0, o, r) => format!("{o} 项待处理，{r} 项已处理"),
            (Lang::En, 0, o, r) => format!("{o} open, {r} resolved"),
            (Lang::Zh, f, _, _) => format!("发现 {f} 处问题"),
            (Lang::En, f, _, _) => format!("{f} found"),
        }
    }
}

/// The gate: the four grounds and the agenda's open items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate {
    /// The grounds, in the order of Art. 64.
    pub grounds: Vec<GroundCheck>,
    /// The agenda, open items first.
    pub items: Vec<Item>,
}

impl Gate {
    /// Whether the combined evaluation may be signed.
    pub fn passes(&self) -> bool {
        !self.grounds.iter().any(|g| !g.findings.is_empty()) && self.open().next().is_none()
    }

    /// The items still open.
    pub fn open(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.is_open())
    }

    /// Why signing is refused, one line each: the findings, then the open items.
    pub fn refusals(&self, combined: &Combined, lang: Lang) -> Vec<String> {
        let mut lines: Vec<String> = self
            .grounds
            .iter()
            .flat_map(|g| {
                g.findings
                    .iter()
                    .map(move |f| format!("{}: {f}", g.ground.label(lang)))
            })
            .collect();
        lines.extend(self.open().map(|item| {
            format!(
                "{}: {}",
                item.kind.label(lang),
                super::agenda::describe(item, combined, lang)
            )
        }));
        lines
    }
}

/// The sums recomputed: what differs from the counting.
fn sum_findings(combined: &Combined, lang: Lang) -> Vec<String> {
    let mut found = Vec::new();
    let mismatch = |what: String, counted: &Exact, recomputed: &Exact| match lang {
        Lang::Zh => format!(
            "{what}：汇总为 {}，复核为 {}",
            counted.to_decimal_lossy(),
            recomputed.to_decimal_lossy()
        ),
        Lang::En => format!(
            "{what}: counted {}, recomputed {}",
            counted.to_decimal_lossy(),
            recomputed.to_decimal_lossy()
        ),
    };
    for cluster in &combined.clusters {
        let id = &cluster.package.id;
        for result in &cluster.indicators {
            if result.kind != IndicatorKind::Qualitative {
                continue;
            }
            let scores: Vec<Decimal> = result.scores.values().copied().collect();
            let recomputed = aggregate(combined.method, &scores);
            if recomputed != result.panel_exact {
                found.push(mismatch(
                    format!("{id} {} {}", lang.pick("指标", "indicator"), result.id),
                    &result.panel_exact.clone().unwrap_or_default(),
                    &recomputed.unwrap_or_default(),
                ));
            }
        }
        let mut total = Exact::zero();
        for category in &combined.rubric.categories {
            let sum: Exact = cluster
                .indicators
                .iter()
                .filter(|r| category.indicators.iter().any(|i| i.id == r.id))
                .filter_map(|r| r.panel_exact.as_ref())
                .sum();
            let counted = cluster
                .categories
                .iter()
                .find(|c| c.category == category.id)
                .map(|c| c.exact.clone())
                .unwrap_or_default();
            if counted != sum {
                found.push(mismatch(format!("{id} {}", category.name), &counted, &sum));
            }
            total = total + sum;
        }
        if total != cluster.total_exact {
            found.push(mismatch(
                format!("{id} {}", lang.pick("总分", "total")),
                &cluster.total_exact,
                &total,
            ));
        }
        let quantitative: Exact = cluster
            .indicators
            .iter()
            .filter(|r| r.kind == IndicatorKind::Quantitative)
            .filter_map(|r| r.panel_exact.as_ref())
            .sum();
        for expert in &cluster.experts {
            let own: Decimal = cluster
                .indicators
                .iter()
                .filter_map(|r| r.scores.get(&expert.id))
                .sum();
            let recomputed = Exact::from(own) + quantitative.clone();
            if recomputed.to_decimal_lossy() != expert.total {
                found.push(mismatch(
                    format!("{id} {} {}", expert.id, lang.pick("总分", "total")),
                    &Exact::from(expert.total),
                    &recomputed,
                ));
            }
        }
    }
    found
}

/// Scores outside the rubric's range `[0, weight]` or off its step; panel points outside the
/// range.
fn standard_findings(combined: &Combined, lang: Lang) -> Vec<String> {
    let mut found = Vec::new();
    for cluster in &combined.clusters {
        for result in &cluster.indicators {
            let Some(indicator) = combined.rubric.indicator(result.id) else {
                continue;
            };
            let step = indicator.step;
            for (expert, points) in &result.scores {
                let outside = *points < Decimal::ZERO || *points > indicator.weight;
                let off_step = step.is_some_and(|s| !(*points % s).is_zero());
                if outside || off_step {
                    found.push(match lang {
                        Lang::Zh => format!(
                            "{} 指标 {} {expert} 评 {points} 分，评分标准为 0–{}{}",
                            cluster.package.id,
                            result.id,
                            indicator.weight,
                            step.map(|s| format!("、步长 {s}")).unwrap_or_default()
                        ),
                        Lang::En => format!(
                            "{} indicator {} {expert} gave {points}, the standard is 0–{}{}",
                            cluster.package.id,
                            result.id,
                            indicator.weight,
                            step.map(|s| format!(" in steps of {s}"))
                                .unwrap_or_default()
                        ),
                    });
                }
            }
            if let Some(panel) = &result.panel_exact
                && (panel < &Exact::zero() || panel > &Exact::from(indicator.weight))
            {
                found.push(match lang {
                    Lang::Zh => format!(
                        "{} 指标 {} 合议得分 {} 超出 0–{}",
                        cluster.package.id,
                        result.id,
                        panel.to_decimal_lossy(),
                        indicator.weight
                    ),
                    Lang::En => format!(
                        "{} indicator {}: the panel's {} is outside 0–{}",
                        cluster.package.id,
                        result.id,
                        panel.to_decimal_lossy(),
                        indicator.weight
                    ),
                });
            }
        }
    }
    found
}

/// Checks the combined evaluation before it is signed.
pub fn gate(combined: &Combined, lang: Lang) -> Gate {
    let items = agenda(combined);
    let count = |kind: ItemKind| {
        let of: Vec<&Item> = items.iter().filter(|i| i.kind == kind).collect();
        let open = of.iter().filter(|i| i.is_open()).count();
        (open, of.len() - open)
    };
    let grounds = Ground::ALL
        .into_iter()
        .map(|ground| {
            let (findings, (open, resolved)) = match ground {
                Ground::Sums => (sum_findings(combined, lang), (0, 0)),
                Ground::OutsideStandard => (standard_findings(combined, lang), (0, 0)),
                Ground::ObjectiveDisagreement => {
                    (Vec::new(), count(ItemKind::ObjectiveDisagreement))
                }
                Ground::Extreme => (Vec::new(), count(ItemKind::Divergent)),
            };
            GroundCheck {
                ground,
                findings,
                open,
                resolved,
            }
        })
        .collect();
    Gate { grounds, items }
}
