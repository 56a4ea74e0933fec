//! `package check`: load, derive, score, and print a report or the JSON document.

use super::CliError;
use super::json_out::json_text;
use super::rubric_source;
use crate::columns::{fit, right};
use crate::display::{figure, points};
use crate::i18n::Lang;
use crate::package::{PackageCheck, check_json, check_package, classify, load_package};
use crate::rubric::{Method, Rubric, ScoringRule};
use std::fmt::Write;
use std::path::Path;

/// Checks a package and renders the result.
pub fn check(
    dir: &Path,
    rubric_file: Option<&Path>,
    json: bool,
    lang: Lang,
) -> Result<String, CliError> {
    let rubric_source::RubricSource {
        rubric,
        name: source,
        ..
    } = rubric_source::resolve(rubric_file)?;
    let package = load_package(dir, &rubric)?;
    let result = check_package(&rubric, &package, None);
    if json {
        let document = check_json(&rubric, &source, &package, &result, lang);
        return Ok(json_text(&document));
    }
    let mut out = String::new();
    let m = &package.manifest;
    let sample = if m.sample {
        lang.pick("  [示例数据，纯属虚构]", "  [sample data, fictional]")
    } else {
        ""
    };
    let _ = writeln!(out, "{}{sample}", m.cluster);
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "园区 {} · 方向 {} · 评价年度 {} · 轮次 {} · 申报包 {}",
            m.park,
            m.direction,
            m.year,
            m.round.label(lang),
            m.id
        ),
        Lang::En => writeln!(
            out,
            "park {} · direction {} · year {} · round {} · package {}",
            m.park,
            m.direction,
            m.year,
            m.round.label(lang),
            m.id
        ),
    };
    let _ = writeln!(
        out,
        "{} {}",
        lang.pick(
            "产业分类（六(六)，参考）",
            "industry class (六(六), advice)"
        ),
        classify(&m.industry).advice(lang)
    );
    let _ = writeln!(
        out,
        "{} {} ({}) sha256 {}",
        lang.pick("评分表", "rubric"),
        rubric.id,
        source,
        rubric.sha256
    );
    let _ = writeln!(
        out,
        "{} sha256 {}\n",
        lang.pick("申报包摘要", "package digest"),
        package.digest
    );
    render_indicators(&mut out, &rubric, &result, lang);
    render_warnings(&mut out, &result, lang);
    Ok(out)
}

fn render_indicators(out: &mut String, rubric: &Rubric, result: &PackageCheck, lang: Lang) {
    let (declared_label, derived_label) =
        (lang.pick("申报", "declared"), lang.pick("核算", "derived"));
    for check in &result.indicators {
        let Some(indicator) = rubric.indicator(check.indicator) else {
            continue;
        };
        let _ = writeln!(
            out,
            "{} {} {} / {}",
            right(&indicator.id.to_string(), 2),
            fit(&indicator.name, 62),
            right(&points(check.points), 6),
            figure(indicator.weight)
        );
        for measure_check in &check.measures {
            let Some(measure) = indicator
                .measures
                .iter()
                .find(|m| m.id == measure_check.measure)
            else {
                continue;
            };
            let declared = measure_check.declared.map_or("—".to_string(), |v| {
                format!("{} {}", figure(v), measure.unit)
            });
            let derived = measure_check.derived.as_ref().map_or("—".to_string(), |d| {
                format!("{} {}", figure(d.value), measure.unit)
            });
            let flag = if measure_check.differs { " ⚠" } else { "" };
            let _ = writeln!(
                out,
                "     {} {declared_label} {} {derived_label} {} {} {}",
                fit(&measure_check.measure, 21),
                fit(&declared, 16),
                fit(&format!("{derived}{flag}"), 16),
                fit(&rule_text(&measure.scoring, &measure.unit, lang), 22),
                right(&points(measure_check.score.points), 6),
            );
            if let Some(derived) = &measure_check.derived {
                let _ = writeln!(out, "     {} {}", " ".repeat(21), derived.basis);
            }
        }
    }
    let _ = writeln!(
        out,
        "\n{} {} / {}\n",
        lang.pick("定量指标得分合计", "quantitative points"),
        points(result.quantitative_points),
        figure(result.quantitative_weight)
    );
}

fn render_warnings(out: &mut String, result: &PackageCheck, lang: Lang) {
    if result.warnings.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{} ({})",
        lang.pick("警告", "warnings"),
        result.warnings.len()
    );
    for warning in &result.warnings {
        let place = match (&warning.indicator, &warning.measure) {
            (Some(i), Some(m)) => format!("{i} {m}"),
            (Some(i), None) => i.to_string(),
            _ => String::new(),
        };
        let _ = writeln!(out, "  ⚠ {} {}", fit(&place, 24), warning.message(lang));
    }
}

/// A scoring rule in a few words: `线性 0→150`, `分档 ≥1:0.3 …`, `集群间比较`.
fn rule_text(rule: &ScoringRule, unit: &str, lang: Lang) -> String {
    match &rule.method {
        Method::Linear { floor, target } => format!(
            "{} {}→{} {unit}",
            lang.pick("线性", "linear"),
            figure(*floor),
            figure(*target)
        ),
        Method::Cohort { floor, target } => format!(
            "{} {}→{}",
            lang.pick("比较/线性", "cohort/linear"),
            figure(*floor),
            figure(*target)
        ),
        Method::Efficacy { floor, target } => format!(
            "{} {}→{} {unit}",
            lang.pick("功效系数", "efficacy"),
            figure(*floor),
            figure(*target)
        ),
        Method::Bands(bands) => {
            let steps: Vec<String> = bands
                .iter()
                .map(|b| format!("{}:{}", figure(b.at), figure(b.fraction)))
                .collect();
            format!("{} {}", lang.pick("分档", "bands"), steps.join(" "))
        }
    }
}
