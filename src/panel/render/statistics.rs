//! The panel statistics in words, for the terminal table, Markdown and the chair's ranking
//! view: agreement (Krippendorff's alpha; ICC and W on the complete block and what it leaves
//! out), leniency, sensitivity, rank acceptability and the correction ledger. Diagnostics,
//! printed beside the official figures.

use super::{change_percent, statistic};
use crate::display::figure;
use crate::i18n::Lang;
use crate::panel::{Alpha, Combined};
use crate::scoring::Exact;

fn alpha_text(alpha: &Alpha, lang: Lang) -> String {
    match &alpha.value {
        Ok(v) => statistic(*v),
        Err(_) if alpha.units < 2 => lang
            .pick(
                "无法计算（不足 2 个集群有 2 位以上专家的评分）",
                "undefined (fewer than 2 clusters scored by 2 or more experts)",
            )
            .to_string(),
        Err(_) => lang
            .pick(
                "无法计算（评分没有差异）",
                "undefined (the scores do not vary)",
            )
            .to_string(),
    }
}

fn signed(value: &Exact, places: u32) -> String {
    let text = value
        .round_half_up(places)
        .map(|x| x.to_string())
        .unwrap_or_default();
    if value.is_negative() || text.starts_with('-') {
        text
    } else {
        format!("+{text}")
    }
}

fn exact_points(value: &Exact) -> String {
    value
        .round_half_up(2)
        .map(crate::display::points)
        .unwrap_or_default()
}

/// Every statistics line, in the language asked for.
pub fn statistics_lines(combined: &Combined, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    let a = &combined.agreement;
    lines.push(match (lang, &a.alpha.interval.value) {
        (_, Err(_)) => format!("Krippendorff α: {}", alpha_text(&a.alpha.interval, lang)),
        (Lang::Zh, Ok(_)) => format!(
            "Krippendorff α（专家总分，{} 个有效值）：区间 {} · 顺序 {}",
            a.alpha.interval.values,
            alpha_text(&a.alpha.interval, lang),
            alpha_text(&a.alpha.ordinal, lang)
        ),
        (Lang::En, Ok(_)) => format!(
            "Krippendorff's alpha (experts' totals, {} values): interval {} · ordinal {}",
            a.alpha.interval.values,
            alpha_text(&a.alpha.interval, lang),
            alpha_text(&a.alpha.ordinal, lang)
        ),
    });
    for i in &a.indicator_alpha {
        if let Ok(v) = &i.alpha.interval.value {
            lines.push(match lang {
                Lang::Zh => format!("  指标 {} α 区间 {}", i.indicator, statistic(*v)),
                Lang::En => format!(
                    "  indicator {} alpha interval {}",
                    i.indicator,
                    statistic(*v)
                ),
            });
        }
    }
    if a.experts > 0
        && (!a.block.left_out_experts.is_empty() || !a.block.left_out_clusters.is_empty())
    {
        let experts = a.block.left_out_experts.join("、");
        let clusters = a.block.left_out_clusters.join("、");
        lines.push(match lang {
            Lang::Zh => format!(
                "ICC 与 W 基于完整的 {} 个集群 × {} 位专家；未计入：专家 [{experts}] · 集群 [{clusters}]",
                a.clusters, a.experts
            ),
            Lang::En => format!(
                "ICC and W on the complete block of {} clusters × {} experts; left out: experts [{experts}] · clusters [{clusters}]",
                a.clusters, a.experts
            ),
        });
    }
    match &a.icc {
        Ok(icc) => lines.push(format!(
            "ICC1 {} · ICC2 {} · ICC3 {} · ICC1k {} · ICC2k {} · ICC3k {}",
            statistic(icc.icc1),
            statistic(icc.icc2),
            statistic(icc.icc3),
            statistic(icc.icc1k),
            statistic(icc.icc2k),
            statistic(icc.icc3k)
        )),
        Err(reason) => lines.push(match lang {
            Lang::Zh => format!("ICC：无法计算（{}）", reason.message(lang)),
            Lang::En => format!("ICC: undefined ({})", reason.message(lang)),
        }),
    }
    match &a.kendall_w {
        Ok(w) => lines.push(format!("Kendall W {}", statistic(*w))),
        Err(reason) => lines.push(match lang {
            Lang::Zh => format!("Kendall W：无法计算（{}）", reason.message(lang)),
            Lang::En => format!("Kendall W: undefined ({})", reason.message(lang)),
        }),
    }
    let s = &combined.sensitivity;
    if let Some(share) = s.stable_share {
        lines.push(match lang {
            Lang::Zh => format!(
                "权重随机扰动 ±10%（{} 次，种子 {}）：排名不变的比例 {}",
                s.draws,
                s.seed,
                statistic(share)
            ),
            Lang::En => format!(
                "random ±10% weight perturbations ({}, seed {}): ranking unchanged in {}",
                s.draws,
                s.seed,
                statistic(share)
            ),
        });
        let closest = s
            .swaps
            .iter()
            .filter_map(|w| Some((w.change.as_ref()?, w)))
            .min_by(|a, b| a.0.abs().cmp(&b.0.abs()));
        match closest {
            Some((change, swap)) => {
                let (a, b) = swap.clusters.clone().unwrap_or_default();
                let percent = change_percent(change);
                let at = swap
                    .at_weight
                    .as_ref()
                    .and_then(|x| x.round_half_up(2))
                    .map(crate::display::figure)
                    .unwrap_or_default();
                let weight = crate::display::figure(swap.weight);
                lines.push(match lang {
                    Lang::Zh => format!(
                        "最敏感：指标 {} 的权重由 {weight} 调至 {at}（{percent}）时 {a} 与 {b} 总分相同，超过即交换名次",
                        swap.indicator
                    ),
                    Lang::En => format!(
                        "most sensitive: with indicator {}'s weight at {at} instead of {weight} ({percent}) {a} and {b} tie; beyond it they swap",
                        swap.indicator
                    ),
                });
            }
            None => lines.push(
                lang.pick(
                    "在可行权重内（各权重 ≥ 0、总分不变），改变任何一个指标的权重都不会交换两个集群的名次",
                    "no change of any one indicator's weight within feasible weights (every weight ≥ 0, the total kept) reverses two clusters",
                )
                .to_string(),
            ),
        }
    }
    if !combined.leniency.is_empty() {
        let parts: Vec<String> = combined
            .leniency
            .iter()
            .map(|l| {
                let z = l.standardised.map(statistic).unwrap_or_else(|| "—".into());
                match lang {
                    Lang::Zh => format!(
                        "{} {} 分（标准化 {z}，{} 项）",
                        l.expert,
                        signed(&l.points, 2),
                        l.scores
                    ),
                    Lang::En => format!(
                        "{} {} points (standardised {z}, {} scores)",
                        l.expert,
                        signed(&l.points, 2),
                        l.scores
                    ),
                }
            })
            .collect();
        lines.push(format!(
            "{}{}",
            lang.pick(
                "宽严度（与合议值之差的平均）：",
                "leniency (mean difference from the panel value): "
            ),
            parts.join(" · ")
        ));
    }
    let r = &combined.robustness;
    if r.draws > 0 {
        lines.push(match lang {
            Lang::Zh => format!(
                "名次可接受度（{} 次：各权重 ±10% 随机变动，并轮流去掉一位专家；种子 {}）：",
                r.draws, r.seed
            ),
            Lang::En => format!(
                "rank acceptability ({} draws: every weight ±10% at random, one expert left out in turn; seed {}):",
                r.draws, r.seed
            ),
        });
        for c in &r.clusters {
            let shares: Vec<String> = c
                .shares
                .iter()
                .enumerate()
                .filter(|(_, s)| **s > 0.0)
                .map(|(i, s)| match lang {
                    Lang::Zh => format!("第{}名 {:.1}%", i + 1, s * 100.0),
                    Lang::En => format!("rank {} {:.1}%", i + 1, s * 100.0),
                })
                .collect();
            lines.push(format!(
                "  {}（{}）{}",
                c.package_id,
                c.rank,
                shares.join(" · ")
            ));
        }
    }
    for e in &combined.ledger {
        let name = combined
            .rubric
            .measure(&e.measure)
            .map_or(e.measure.clone(), |(_, m)| m.name.clone());
        let from = e.package_value.map(figure).unwrap_or_else(|| "—".into());
        lines.push(match lang {
            Lang::Zh => format!(
                "更正 {} 指标 {} {name}：{from} → {}，得分 {} → {}（{}），总分 {} → {}，名次 {} → {}（未更正时为前者）",
                e.package_id,
                e.indicator,
                figure(e.value),
                exact_points(&e.points.1),
                exact_points(&e.points.0),
                signed(&(&e.points.0 - &e.points.1), 2),
                exact_points(&e.total.1),
                exact_points(&e.total.0),
                e.rank.1,
                e.rank.0
            ),
            Lang::En => format!(
                "correction {} indicator {} {name}: {from} → {}, points {} → {} ({}), total {} → {}, rank {} → {} (the first of each without it)",
                e.package_id,
                e.indicator,
                figure(e.value),
                exact_points(&e.points.1),
                exact_points(&e.points.0),
                signed(&(&e.points.0 - &e.points.1), 2),
                exact_points(&e.total.1),
                exact_points(&e.total.0),
                e.rank.1,
                e.rank.0
            ),
        });
    }
    lines
}
