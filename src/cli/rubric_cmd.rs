//! `rubric check` and `rubric show`.

use super::CliError;
use super::json_out::json_text;
use crate::columns::{fit, right};
use crate::display::exact;
use crate::i18n::Lang;
use crate::rubric::{IndicatorKind, load_file, rubric_json};
use std::fmt::Write;
use std::path::Path;

/// Validates a rubric and summarises it.
pub fn check(file: &Path, lang: Lang) -> Result<String, CliError> {
    let rubric = load_file(file)?;
    let indicators = rubric.indicators().count();
    let measures = rubric.measures().count();
    Ok(match lang {
        Lang::Zh => format!(
            "✓ {}：{}（{}）有效 — {} 个一级指标，{} 个二级指标，{} 个计量项，权重合计 {}\nsha256 {}\n",
            file.display(),
            rubric.title,
            rubric.id,
            rubric.categories.len(),
            indicators,
            measures,
            exact(rubric.total),
            rubric.sha256
        ),
        Lang::En => format!(
            "✓ {}: {} ({}) is valid — {} categories, {} indicators, {} measures, weights add up to {}\nsha256 {}\n",
            file.display(),
            rubric.title,
            rubric.id,
            rubric.categories.len(),
            indicators,
            measures,
            exact(rubric.total),
            rubric.sha256
        ),
    })
}

/// Prints a rubric as a table or as JSON.
pub fn show(file: &Path, json: bool, lang: Lang) -> Result<String, CliError> {
    let rubric = load_file(file)?;
    if json {
        return Ok(json_text(&rubric_json(&rubric)));
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}) · {} {}",
        rubric.title,
        rubric.id,
        lang.pick("总分", "total"),
        exact(rubric.total)
    );
    for category in &rubric.categories {
        let _ = writeln!(
            out,
            "\n{} {}",
            fit(&format!("{} ({})", category.name, category.id), 66),
            right(&exact(category.weight), 4)
        );
        for indicator in &category.indicators {
            let kind = match (indicator.kind, lang) {
                (IndicatorKind::Qualitative, Lang::Zh) => "定性",
                (IndicatorKind::Quantitative, Lang::Zh) => "定量",
                (kind, Lang::En) => kind.as_str(),
            };
            let unit = if indicator.kind == IndicatorKind::Qualitative {
                ""
            } else {
                indicator.unit.as_str()
            };
            let _ = writeln!(
                out,
                "  {} {} {} {} {}",
                right(&indicator.id.to_string(), 2),
                fit(&indicator.name, 60),
                right(&exact(indicator.weight), 4),
                fit(unit, 10),
                kind
            );
            for measure in &indicator.measures {
                let _ = writeln!(
                    out,
                    "       · {} {} [{}] × {}",
                    fit(&measure.id, 22),
                    measure.name,
                    measure.unit,
                    exact(measure.share)
                );
            }
        }
    }
    Ok(out)
}
