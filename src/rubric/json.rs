//! The `rubric show --json` document (contract: README, DESIGN §7). Decimals are strings.

use super::{Indicator, Measure, Method, Rubric};
use crate::display::exact;
use serde_json::{Value, json};

/// The rubric as JSON: `{"id", "total", "categories": [{"id", "name", "weight",
/// "indicators": [{"id", "name", "weight", "unit", "kind", "measures": [...]}]}]}` plus
/// descriptive fields (title, source, sha256, panel, texts, levels, scoring rules) and the
/// application conditions (`"conditions": [{"id", "label", "text", "checklist"}]`).
pub fn rubric_json(rubric: &Rubric) -> Value {
    json!({
        "id": rubric.id,
        "title": rubric.title,
        "source": rubric.source,
        "sha256": rubric.sha256,
        "total": exact(rubric.total),
        "panel": {
            "aggregate": rubric.panel.aggregate.as_str(),
            "divergence": exact(rubric.panel.divergence),
            "justify_below": exact(rubric.panel.justify_below),
        },
        "categories": rubric.categories.iter().map(|c| json!({
            "id": c.id,
            "name": c.name,
            "weight": exact(c.weight),
            "indicators": c.indicators.iter().map(indicator_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "conditions": rubric.conditions.iter().map(|c| json!({
            "id": c.id,
            "label": c.label(),
            "text": c.text,
            "checklist": c.checklist,
        })).collect::<Vec<_>>(),
    })
}

fn indicator_json(indicator: &Indicator) -> Value {
    json!({
        "id": indicator.id,
        "name": indicator.name,
        "short": indicator.short,
        "weight": exact(indicator.weight),
        "unit": indicator.unit,
        "kind": indicator.kind.as_str(),
        "purpose": indicator.purpose,
        "definition": indicator.definition,
        "note": indicator.note,
        "step": indicator.step.map(exact),
        "levels": indicator.levels.iter().map(|l| json!({
            "name": l.name,
            "min": exact(l.min),
            "max": exact(l.max),
            "text": l.text,
        })).collect::<Vec<_>>(),
        "measures": indicator.measures.iter().map(measure_json).collect::<Vec<_>>(),
    })
}

fn measure_json(measure: &Measure) -> Value {
    let rule = &measure.scoring;
    let mut scoring = json!({
        "method": rule.method.as_str(),
        "direction": rule.direction.as_str(),
        "bureau_default": rule.bureau_default,
    });
    match &rule.method {
        Method::Linear { floor, target }
        | Method::Cohort { floor, target }
        | Method::Efficacy { floor, target } => {
            scoring["floor"] = json!(exact(*floor));
            scoring["target"] = json!(exact(*target));
        }
        Method::Bands(bands) => {
            scoring["bands"] = bands
                .iter()
                .map(|b| json!({"at": exact(b.at), "fraction": exact(b.fraction)}))
                .collect();
        }
    }
    json!({
        "id": measure.id,
        "name": measure.name,
        "unit": measure.unit,
        "share": exact(measure.share),
        "derive": measure.derive.map(|d| d.key()),
        "note": measure.note,
        "scoring": scoring,
    })
}
