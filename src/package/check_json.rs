//! The `package check --json` document (contract: README, DESIGN §7). Decimals are strings:
//! figures exact, points rounded half-up to two decimals.

use super::classification::{Classification, classify};
use super::load::Package;
use super::report::PackageCheck;
use crate::display::{exact, points};
use crate::i18n::Lang;
use crate::rubric::Rubric;
use serde_json::{Value, json};

/// `{"package": {...}, "rubric": {...}, "digest", "indicators": [{"id", "measures": [{"id",
/// "declared", "derived", "value", "points", ...}], "points", ...}], "quantitative_points",
/// "warnings": [{"code", "indicator", "measure", "message"}], "classification": {...}}`.
pub fn check_json(
    rubric: &Rubric,
    rubric_source: &str,
    package: &Package,
    check: &PackageCheck,
    lang: Lang,
) -> Value {
    let m = &package.manifest;
    let indicators: Vec<Value> = check
        .indicators
        .iter()
        .filter_map(|ic| {
            let indicator = rubric.indicator(ic.indicator)?;
            let measures: Vec<Value> = ic
                .measures
                .iter()
                .filter_map(|mc| {
                    Some((mc, indicator.measures.iter().find(|m| m.id == mc.measure)?))
                })
                .map(|(mc, measure)| {
                    json!({
                        "id": mc.measure,
                        "name": measure.name,
                        "unit": measure.unit,
                        "declared": mc.declared.map(exact),
                        "derived": mc.derived.as_ref().map(|d| exact(d.value)),
                        "derived_basis": mc.derived.as_ref().map(|d| d.basis.clone()),
                        "differs": mc.differs,
                        "value": mc.score.value.map(exact),
                        "method": mc.score.fraction.as_ref().map(|f| f.method.as_str()),
                        "fraction": mc.score.fraction.as_ref().map(|f| exact(f.value)),
                        "points": points(mc.score.points),
                        "available": points(mc.score.available),
                    })
                })
                .collect();
            Some(json!({
                "id": ic.indicator,
                "name": indicator.name,
                "weight": exact(indicator.weight),
                "points": points(ic.points),
                "measures": measures,
            }))
        })
        .collect();
    json!({
        "package": {
            "id": m.id,
            "dir": package.dir,
            "cluster": m.cluster,
            "park": m.park,
            "direction": m.direction,
            "industry": m.industry,
            "year": m.year,
            "round": m.round.as_str(),
            "sample": m.sample,
            "contact": {"name": m.contact.name, "phone": m.contact.phone, "email": m.contact.email},
            "evidence": package.evidence.iter().map(|e| json!({"path": e.path, "indicator": e.indicator, "title": e.title})).collect::<Vec<_>>(),
        },
        "rubric": {"id": rubric.id, "sha256": rubric.sha256, "source": rubric_source},
        "digest": package.digest,
        "indicators": indicators,
        "quantitative_points": points(check.quantitative_points),
        "quantitative_weight": exact(check.quantitative_weight),
        "warnings": check.warnings.iter().map(|w| json!({
            "code": w.code(),
            "indicator": w.indicator,
            "measure": w.measure,
            "message": w.message(lang),
        })).collect::<Vec<_>>(),
        "classification": classification_json(&classify(&m.industry), lang),
    })
}

/// The advisory check of the industry name (六(六)): `{"industry", "match": "exact" |
/// "closest" | "none", "class": {"level", "code", "name", "parent_code", "parent_name"} |
/// null, "similarity", "advice", "table"}`.
pub fn classification_json(result: &Classification, lang: Lang) -> Value {
    json!({
        "industry": result.industry,
        "match": result.kind.as_str(),
        "class": result.class.as_ref().map(|c| json!({
            "level": c.level,
            "code": c.code,
            "name": c.name,
            "parent_code": c.parent.as_ref().map(|p| p.0.clone()),
            "parent_name": c.parent.as_ref().map(|p| p.1.clone()),
        })),
        "similarity": result.similarity_decimal().map(|s| format!("{s:.2}")),
        "advice": result.advice(lang),
        "table": super::classification::TABLE_NOTE,
    })
}
