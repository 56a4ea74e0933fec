//! The words sheets print, shared by the HTML and PDF renderers so paper and screen say the
//! same: remarks cells, status words, the method's name, the declaration, subtotal weights.

use super::model::{ExpertIndicatorDoc, ExpertSheet};
use crate::panel::render::{EvaluationDoc, FlagDoc, IndicatorDoc};
use crate::rubric::Aggregate;

/// The words for a measure's status on a printed sheet.
pub fn status_word(status: &str) -> &'static str {
    match status {
        "verified" => "已核实",
        "doubtful" => "存疑",
        "missing" => "缺证明材料",
        _ => "未核验",
    }
}

/// The aggregation method in the sheet's language.
pub fn method_name(method: Aggregate) -> &'static str {
    match method {
        Aggregate::Trimmed => "去掉一个最高分和一个最低分后取平均（5 位及以上专家）",
        Aggregate::Mean => "算术平均",
        Aggregate::Median => "中位数",
    }
}

/// The declaration line of an expert's sheet.
pub fn declaration_text(sheet: &ExpertSheet) -> String {
    match sheet
        .declaration
        .as_ref()
        .map(|d| (d.kind.as_str(), &d.reason))
    {
        Some(("no_conflict", _)) => "无利益冲突".to_string(),
        Some(("recused", reason)) => format!("回避：{reason}"),
        _ => "未声明".to_string(),
    }
}

/// The opinion cell of an expert's indicator, as lines: the comment, then each measure the
/// expert checked, annotated or corrected.
pub fn expert_remarks(indicator: &ExpertIndicatorDoc) -> Vec<String> {
    let mut lines = Vec::new();
    if !indicator.comment.trim().is_empty() {
        lines.push(indicator.comment.clone());
    }
    for m in &indicator.measures {
        if m.status == "unchecked" && m.note.is_empty() && m.corrected.is_none() {
            continue;
        }
        let mut line = format!("{}：{}", m.name, status_word(&m.status));
        if let Some(corrected) = &m.corrected {
            line.push_str(&format!("，核定 {corrected} {}", m.unit));
        }
        if !m.note.is_empty() {
            line.push_str(&format!("（{}）", m.note));
        }
        lines.push(line);
    }
    lines
}

/// The remarks cell of a combined indicator, as lines: the consensus note, each agreed
/// correction with its reason, and each divergent score.
pub fn panel_remarks(indicator: &IndicatorDoc) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(note) = indicator.note.as_ref().filter(|n| !n.trim().is_empty()) {
        lines.push(format!("合议意见：{note}"));
    }
    for m in &indicator.measures {
        if let Some(correction) = &m.correction {
            lines.push(format!(
                "{} 核定为 {}{}（{}）",
                m.name.as_deref().unwrap_or(&m.id),
                correction.value,
                m.unit
                    .as_deref()
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default(),
                correction.reason
            ));
        }
    }
    for flag in &indicator.flags {
        if let FlagDoc::Divergent {
            expert,
            points,
            deviation,
        } = flag
        {
            lines.push(match deviation {
                Some(d) => format!("▲ {expert} {points} 分偏离均值 {d}"),
                None => format!("▲ {expert} {points} 分偏离均值（均值为 0）"),
            });
        }
    }
    lines
}

/// Whether an expert's score of an indicator is flagged divergent (marked ▲ on sheets).
pub fn divergent(indicator: &IndicatorDoc, expert: &str) -> bool {
    indicator
        .flags
        .iter()
        .any(|f| matches!(f, FlagDoc::Divergent { .. }) && f.expert() == expert)
}

/// The sum of weights written as exact decimals (a sheet's total weight).
pub fn total_weight<'a>(weights: impl IntoIterator<Item = &'a str>) -> String {
    let sum: rust_decimal::Decimal = weights
        .into_iter()
        .filter_map(|w| w.parse::<rust_decimal::Decimal>().ok())
        .sum();
    crate::display::exact(sum)
}

/// The caption of the rank-acceptability table: what was drawn, and that it is a diagnostic.
pub fn robustness_caption(e: &EvaluationDoc) -> String {
    let r = &e.robustness;
    format!(
        "排名稳健性：{} 次抽样，每次各权重在 ±{}% 内随机变动（按总分重新缩放），并轮流去掉一位专家；随机数 {}，种子 {}。仅供参考，不改变正式得分和名次。",
        r.draws,
        percent_text(&r.weight_change),
        r.rng,
        r.seed
    )
}

/// "0.10" → "10": a relative change as a percentage, exactly (decimal point moved by two).
fn percent_text(share: &str) -> String {
    share
        .parse::<rust_decimal::Decimal>()
        .map(|d| {
            (d * rust_decimal::Decimal::ONE_HUNDRED)
                .normalize()
                .to_string()
        })
        .unwrap_or_else(|_| share.to_string())
}

/// The short rank-acceptability table (one row per cluster in ranking order): the official
/// rank, the cluster, the share of draws keeping that rank, the ranks taken in any draw, and
/// the most frequent rank. Shares are the JSON's (four decimals), never re-rounded.
pub fn robustness_rows(e: &EvaluationDoc) -> Vec<[String; 5]> {
    e.robustness
        .clusters
        .iter()
        .map(|c| {
            let shares: Vec<(usize, rust_decimal::Decimal)> = c
                .acceptability
                .iter()
                .enumerate()
                .filter_map(|(i, text)| text.parse().ok().map(|d| (i + 1, d)))
                .collect();
            let kept = c
                .rank
                .checked_sub(1)
                .and_then(|i| c.acceptability.get(i))
                .cloned()
                .unwrap_or_else(|| "—".into());
            let taken: Vec<usize> = shares
                .iter()
                .filter(|(_, d)| !d.is_zero())
                .map(|(r, _)| *r)
                .collect();
            let range = match (taken.first(), taken.last()) {
                (Some(a), Some(b)) if a == b => format!("{a}"),
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => "—".into(),
            };
            // the most frequent rank; on a tie, the better one
            let modal = shares
                .iter()
                .fold(
                    None::<(usize, rust_decimal::Decimal)>,
                    |best, &(r, d)| match best {
                        Some((_, b)) if b >= d => best,
                        _ => Some((r, d)),
                    },
                )
                .map_or("—".into(), |(r, _)| r.to_string());
            let name = e
                .clusters
                .iter()
                .find(|x| x.package_id == c.package_id)
                .map_or_else(|| c.package_id.clone(), |x| x.cluster.clone());
            [c.rank.to_string(), name, kept, range, modal]
        })
        .collect()
}

/// The correction ledger's rows: per agreed correction, the cluster, the measure by name, the
/// figure (package → agreed), the measure's points, the cluster's total and its rank each
/// without → with the correction, and the reason.
pub fn ledger_rows(e: &EvaluationDoc) -> Vec<[String; 7]> {
    e.correction_ledger
        .iter()
        .map(|l| {
            let cluster = e.clusters.iter().find(|c| c.package_id == l.package_id);
            let measure = cluster
                .and_then(|c| c.indicators.iter().find(|i| i.id == l.indicator))
                .and_then(|i| i.measures.iter().find(|m| m.id == l.measure));
            let name = measure
                .and_then(|m| m.name.clone())
                .unwrap_or_else(|| l.measure.clone());
            let unit = measure
                .and_then(|m| m.unit.as_deref())
                .map(|u| format!(" {u}"))
                .unwrap_or_default();
            [
                cluster.map_or_else(|| l.package_id.clone(), |c| c.cluster.clone()),
                format!("{name}（指标 {}）", l.indicator),
                format!(
                    "{}{unit} → {}{unit}",
                    l.package_value.as_deref().unwrap_or("—"),
                    l.value
                ),
                format!("{} → {}（{}）", l.points_without, l.points, l.points_change),
                format!("{} → {}（{}）", l.total_without, l.total, l.total_change),
                format!("{} → {}", l.rank_without, l.rank),
                l.reason.clone(),
            ]
        })
        .collect()
}
