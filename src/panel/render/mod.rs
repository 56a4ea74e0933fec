//! The combined evaluation in the output formats of `merge --format`: a table for the
//! terminal, JSON (contract: README), CSV for Excel (UTF-8 with BOM), Markdown, and an Excel
//! workbook. Pure functions from a `Combined` to text or bytes.

mod csv_out;
mod json;
mod markdown;
mod statistics;
mod table;
mod xlsx;

pub use csv_out::combined_csv;
pub use json::{
    AcceptabilityDoc, AgreementDoc, AlphaDoc, CategoryDoc, CheckDoc, CheckStatus, ClusterDoc,
    CompleteBlockDoc, ConditionTallyDoc, CorrectionDoc, EvaluationDoc, ExcludedDoc, ExclusionCode,
    ExpertDoc, FlagDoc, IccDoc, IndicatorAlphaDoc, IndicatorDoc, LedgerDoc, LeniencyDoc,
    MeasureDoc, PanelExpertDoc, PrecheckDoc, RankChangeDoc, RobustnessDoc, RubricRefDoc,
    SensitivityDoc, SwapDoc, WarnedPackageDoc, WarningDoc, combined_json, combined_json_text,
};
pub use markdown::combined_markdown;
pub use statistics::statistics_lines;
pub use table::combined_table;
pub use xlsx::combined_xlsx;

use super::Flag;
use crate::display::figure;
use crate::i18n::Lang;

/// A statistic as text: four decimals.
pub fn statistic(value: f64) -> String {
    format!("{value:.4}")
}

/// A relative change as a signed percentage with four significant digits (`+20.00%`,
/// `-0.01234%`).
pub fn change_percent(change: &crate::scoring::Exact) -> String {
    let percent = change * &crate::scoring::Exact::from_int(100);
    let text = percent
        .round_significant(2, 4)
        .map(|x| x.to_string())
        .unwrap_or_default();
    if percent.is_negative() {
        format!("{text}%")
    } else {
        format!("+{text}%")
    }
}

/// A flag in a few words.
pub fn flag_text(flag: &Flag, lang: Lang) -> String {
    match (flag, lang) {
        (Flag::Divergent { expert, points, .. }, Lang::Zh) => {
            format!("{expert} 偏离({})", figure(*points))
        }
        (Flag::Divergent { expert, points, .. }, Lang::En) => {
            format!("{expert} divergent ({})", figure(*points))
        }
        (Flag::ReasonOwed { expert, .. }, Lang::Zh) => format!("{expert} 低分无理由"),
        (Flag::ReasonOwed { expert, .. }, Lang::En) => format!("{expert} low score without reason"),
        (Flag::Unscored { expert }, Lang::Zh) => format!("{expert} 未打分"),
        (Flag::Unscored { expert }, Lang::En) => format!("{expert} unscored"),
        (Flag::FigureQuestioned { expert, measure }, Lang::Zh) => {
            format!("{expert} 质疑 {measure}")
        }
        (Flag::FigureQuestioned { expert, measure }, Lang::En) => {
            format!("{expert} questions {measure}")
        }
    }
}

use super::{ClusterResult, Combined};
use crate::display::{exact, points};

/// One cluster as a grid: a header and rows (indicators, category subtotals, total). Every
/// text format is made from it.
pub fn cluster_grid(
    combined: &Combined,
    cluster: &ClusterResult,
    lang: Lang,
) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec![
        lang.pick("指标", "indicator").to_string(),
        lang.pick("权重", "weight").to_string(),
    ];
    header.extend(cluster.experts.iter().map(|e| e.id.clone()));
    header.extend([
        lang.pick("合议值", "panel").to_string(),
        lang.pick("极差", "spread").to_string(),
        lang.pick("标记", "flags").to_string(),
    ]);
    let mut rows = Vec::new();
    for result in &cluster.indicators {
        let name = combined
            .rubric
            .indicator(result.id)
            .map(|i| i.short.clone())
            .unwrap_or_default();
        let mut row = vec![format!("{} {name}", result.id), exact(result.weight)];
        for expert in &cluster.experts {
            row.push(result.scores.get(&expert.id).map_or_else(
                || {
                    if result.measures.is_empty() {
                        "—".into()
                    } else {
                        String::new()
                    }
                },
                |p| points(*p),
            ));
        }
        row.push(result.panel.map_or("—".to_string(), points));
        row.push(result.spread.map(points).unwrap_or_default());
        let mut flags: Vec<String> = result.flags.iter().map(|f| flag_text(f, lang)).collect();
        for m in result.measures.iter().filter(|m| m.correction.is_some()) {
            flags.push(format!("{} {}", m.id, lang.pick("已更正", "corrected")));
        }
        row.push(flags.join("; "));
        rows.push(row);
    }
    let blank = cluster.experts.len();
    for (category, total) in combined.rubric.categories.iter().zip(&cluster.categories) {
        let mut row = vec![category.name.clone(), exact(category.weight)];
        row.extend(std::iter::repeat_n(String::new(), blank));
        row.extend([points(total.points), String::new(), String::new()]);
        rows.push(row);
    }
    let mut total = vec![
        lang.pick("总分", "total").to_string(),
        exact(combined.rubric.total),
    ];
    total.extend(cluster.experts.iter().map(|e| points(e.total)));
    total.extend([points(cluster.total), String::new(), String::new()]);
    rows.push(total);
    for condition in condition_rows(cluster, lang) {
        let mut row = vec![condition.label, String::new()];
        row.extend(condition.verdicts);
        row.extend([condition.met, String::new(), condition.remarks]);
        rows.push(row);
    }
    (header, rows)
}

/// An application condition as a row of the text formats.
pub struct ConditionRow {
    /// `申报条件（一）`.
    pub label: String,
    /// Each expert's verdict, in the cluster's expert order (`—` not marked).
    pub verdicts: Vec<String>,
    /// How many found it met: `符合 2/3`.
    pub met: String,
    /// The whole tally, the program's precheck (shown as such) and the experts' notes.
    pub remarks: String,
}

/// The application conditions of a cluster in an application review (none otherwise).
pub fn condition_rows(cluster: &ClusterResult, lang: Lang) -> Vec<ConditionRow> {
    use crate::session::ConditionVerdict;
    let checks = crate::session::prechecks(&cluster.package, lang);
    cluster
        .conditions
        .iter()
        .map(|t| {
            let label = crate::rubric::Condition {
                id: t.id,
                text: String::new(),
                checklist: Vec::new(),
            }
            .label();
            let verdicts = cluster
                .experts
                .iter()
                .map(|e| {
                    t.verdicts
                        .get(&e.id)
                        .copied()
                        .flatten()
                        .map_or("—".to_string(), |v| v.label(lang).to_string())
                })
                .collect();
            let met = format!(
                "{} {}/{}",
                ConditionVerdict::Met.label(lang),
                t.count(ConditionVerdict::Met),
                t.verdicts.len()
            );
            let mut remarks = vec![t.summary(lang)];
            if let Some(check) = checks.iter().find(|c| c.condition == t.id) {
                let mark = if check.passed { "✓" } else { "✗" };
                remarks.push(format!(
                    "{} {mark} {}",
                    lang.pick("程序预检", "program's check"),
                    check.text
                ));
            }
            remarks.extend(
                t.notes
                    .iter()
                    .map(|(e, n)| format!("{e}：{}", n.replace('\n', " "))),
            );
            ConditionRow {
                label: format!("{}{label}", lang.pick("申报条件", "condition ")),
                verdicts,
                met,
                remarks: remarks.join("; "),
            }
        })
        .collect()
}

/// The title line of a cluster: rank, name, package id, total.
pub fn cluster_title(cluster: &ClusterResult, lang: Lang) -> String {
    let unsigned = cluster.experts.iter().filter(|e| !e.signed).count();
    let mark = if unsigned > 0 {
        match lang {
            Lang::Zh => format!(" [{unsigned} 份未签署]"),
            Lang::En => format!(" [{unsigned} unsigned]"),
        }
    } else {
        String::new()
    };
    match lang {
        Lang::Zh => format!(
            "第 {} 名 · {}（{}）· 总分 {}{mark}",
            cluster.rank,
            cluster.package.cluster,
            cluster.package.id,
            points(cluster.total)
        ),
        Lang::En => format!(
            "rank {} · {} ({}) · total {}{mark}",
            cluster.rank,
            cluster.package.cluster,
            cluster.package.id,
            points(cluster.total)
        ),
    }
}

/// Lines about the sessions not counted or unsigned, the agreement and the sensitivity.
pub fn summary_lines(combined: &Combined, lang: Lang) -> Vec<String> {
    let mut lines: Vec<String> = combined
        .warnings
        .iter()
        .map(|w| format!("{} {}", lang.pick("⚠ 警告", "⚠ warning"), w.message(lang)))
        .collect();
    lines.push(match lang {
        Lang::Zh => format!(
            "合议方法 {} · 评分表 {}",
            combined.method.as_str(),
            combined.rubric.id
        ),
        Lang::En => format!(
            "method {} · rubric {}",
            combined.method.as_str(),
            combined.rubric.id
        ),
    });
    for file in &combined.unsigned {
        lines.push(format!(
            "{} {file}",
            lang.pick(
                "未签署（按 --allow-unsigned 计入）：",
                "unsigned (counted with --allow-unsigned):"
            )
        ));
    }
    for e in &combined.excluded {
        let why = match (&e.reason, lang) {
            (super::ExclusionReason::Recused(reason), Lang::Zh) => format!("回避：{reason}"),
            (super::ExclusionReason::Recused(reason), Lang::En) => format!("recused: {reason}"),
            (super::ExclusionReason::Superseded { by }, Lang::Zh) => {
                format!("已被 {by} 的新版次取代")
            }
            (super::ExclusionReason::Superseded { by }, Lang::En) => {
                format!("superseded by the later revision in {by}")
            }
            (super::ExclusionReason::Duplicate { of }, Lang::Zh) => format!("与 {of} 相同"),
            (super::ExclusionReason::Duplicate { of }, Lang::En) => format!("same as {of}"),
        };
        lines.push(format!(
            "{} {} ({} · {}): {why}",
            lang.pick("未计入", "not counted"),
            e.file,
            e.expert,
            e.package_id
        ));
    }
    lines.extend(statistics_lines(combined, lang));
    lines
}
