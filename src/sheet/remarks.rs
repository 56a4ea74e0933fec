//! The words sheets print, shared by the HTML and PDF renderers so paper and screen say the
//! same: remarks cells, status words, the method's name, the declaration, subtotal weights.

use super::model::{ExpertIndicatorDoc, ExpertSheet};
use crate::panel::render::{FlagDoc, IndicatorDoc};
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
