//! The `session show --json` document (contract: README, DESIGN §7). Decimals are strings:
//! points rounded half-up to two decimals, figures exact.

use super::model::SessionState;
use super::summary::summarise;
use crate::display::{exact, points};
use crate::rubric::Rubric;
use serde_json::{Value, json};

/// `{"expert": {"id", "name"}, "package": {"id", "digest", …}, "declaration", "indicators":
/// [{"id", "kind", "points", "comment", "measures": [{"id", "status", "note", "corrected", …}]}],
/// "overall", "total", "signed", …}`.
pub fn session_json(rubric: &Rubric, state: &SessionState) -> Value {
    let summary = summarise(rubric, state);
    let indicators: Vec<Value> = rubric
        .indicators()
        .zip(&summary.indicators)
        .map(|(indicator, result)| {
            let score = state.scores.get(&indicator.id);
            let measures: Vec<Value> = indicator
                .measures
                .iter()
                .zip(
                    result
                        .measures
                        .iter()
                        .map(Some)
                        .chain(std::iter::repeat(None)),
                )
                .map(|(m, scored)| {
                    let annotation = state.annotations.get(&m.id).cloned().unwrap_or_default();
                    let figure = state.figures.get(&m.id);
                    json!({
                        "id": m.id,
                        "status": annotation.status.as_str(),
                        "note": annotation.note,
                        "corrected": annotation.corrected.map(exact),
                        "declared": figure.and_then(|f| f.declared).map(exact),
                        "derived": figure.and_then(|f| f.derived).map(exact),
                        "value": scored.and_then(|s| s.value).map(exact),
                        "points": scored.map(|s| points(s.points)),
                    })
                })
                .collect();
            json!({
                "id": indicator.id,
                "kind": indicator.kind.as_str(),
                "weight": exact(indicator.weight),
                "points": result.points.map(points),
                "comment": score.map(|s| s.comment.clone()).unwrap_or_default(),
                "measures": measures,
            })
        })
        .collect();
    json!({
        "format": state.format,
        "expert": {"id": state.expert.id, "name": state.expert.name},
        "package": {
            "id": state.package.id,
            "digest": state.package.digest,
            "cluster": state.package.cluster,
            "park": state.package.park,
            "year": state.package.year,
            "round": state.package.round.map(|r| r.as_str()),
            "direction": state.package.direction,
        },
        "rubric": {"id": state.rubric_id, "sha256": state.rubric_sha256},
        "declaration": state.declaration.as_ref().map(|d| json!({"kind": d.kind.as_str(), "reason": d.reason, "at": d.at})),
        "revision": state.revision,
        "indicators": indicators,
        "overall": state.overall,
        "qualitative_points": points(summary.qualitative_points),
        "quantitative_points": points(summary.quantitative_points),
        "total": points(summary.totals.total),
        "signed": state.signed.as_ref().map(|s| json!({"revision": s.revision, "at": s.at, "sheet_sha256": s.sheet_sha256})),
        "conditions": conditions_json(rubric, state),
    })
}

/// The application conditions in an application review (empty otherwise): `[{"id", "label",
/// "text", "checklist", "verdict", "note", "precheck": {"passed", "text"} | null}]`.
fn conditions_json(rubric: &Rubric, state: &SessionState) -> Vec<Value> {
    if !state.reviews_conditions() {
        return Vec::new();
    }
    let checks = super::precheck::prechecks(&state.package, crate::i18n::Lang::Zh);
    rubric
        .conditions
        .iter()
        .map(|c| {
            let mark = state.conditions.get(&c.id).cloned().unwrap_or_default();
            let precheck = checks.iter().find(|p| p.condition == c.id);
            json!({
                "id": c.id,
                "label": c.label(),
                "text": c.text,
                "checklist": c.checklist,
                "verdict": mark.verdict.map(|v| v.as_str()),
                "note": mark.note,
                "precheck": precheck.map(|p| json!({"passed": p.passed, "text": p.text})),
            })
        })
        .collect()
}
