//! The expert's score sheet (评审专家评分表) as JSON: everything the expert declared, scored,
//! annotated and wrote, the package and rubric it was scored against, the totals, the time
//! and the signer. Built the same way every time from the same session, so a session can be
//! compared with the sheet it signed.

use super::{EXPERT_SHEET, SHEET_FORMAT, Signing, sheet_bytes, signing_json};
use crate::display::{exact, points};
use crate::rubric::Rubric;
use crate::session::{SessionState, summarise};
use serde_json::{Value, json};

/// The sheet's exact bytes for this session; `signing` is `None` for an unsigned draft.
pub fn expert_sheet(rubric: &Rubric, state: &SessionState, signing: Signing<'_>) -> Vec<u8> {
    let summary = summarise(rubric, state);
    let indicators: Vec<Value> = rubric
        .categories
        .iter()
        .flat_map(|c| c.indicators.iter().map(move |i| (c, i)))
        .zip(&summary.indicators)
        .map(|((category, indicator), result)| {
            let score = state.scores.get(&indicator.id);
            let measures: Vec<Value> = indicator
                .measures
                .iter()
                .enumerate()
                .map(|(n, m)| {
                    let annotation = state.annotations.get(&m.id).cloned().unwrap_or_default();
                    let figure = state.figures.get(&m.id);
                    let scored = result.measures.get(n);
                    json!({
                        "id": m.id,
                        "name": m.name,
                        "unit": m.unit,
                        "declared": figure.and_then(|f| f.declared).map(exact),
                        "derived": figure.and_then(|f| f.derived).map(exact),
                        "value": scored.and_then(|s| s.value).map(exact),
                        "points": scored.map(|s| points(s.points)),
                        "status": annotation.status.as_str(),
                        "note": annotation.note,
                        "corrected": annotation.corrected.map(exact),
                    })
                })
                .collect();
            json!({
                "id": indicator.id,
                "name": indicator.name,
                "category": category.id,
                "kind": indicator.kind.as_str(),
                "weight": exact(indicator.weight),
                "points": result.points.map(points),
                "comment": score.map(|s| s.comment.clone()).unwrap_or_default(),
                "measures": measures,
            })
        })
        .collect();
    let categories: Vec<Value> = rubric
        .categories
        .iter()
        .map(|c| {
            let subtotal = summary
                .totals
                .categories
                .iter()
                .find(|t| t.category == c.id)
                .map(|t| t.points);
            json!({"id": c.id, "name": c.name, "weight": exact(c.weight), "points": subtotal.map(points)})
        })
        .collect();
    let (signed_at, signer) = signing_json(signing);
    let document = json!({
        "sheet": EXPERT_SHEET,
        "sheet_format": SHEET_FORMAT,
        "rubric": {"id": state.rubric_id, "sha256": state.rubric_sha256},
        "package": {
            "id": state.package.id,
            "digest": state.package.digest,
            "cluster": state.package.cluster,
            "park": state.package.park,
            "year": state.package.year,
        },
        "expert": {"id": state.expert.id, "name": state.expert.name},
        "session": {"created_at": state.created_at, "revision": state.revision},
        "declaration": state.declaration.as_ref().map(|d| json!({"kind": d.kind.as_str(), "reason": d.reason, "at": d.at})),
        "indicators": indicators,
        "categories": categories,
        "qualitative_points": points(summary.qualitative_points),
        "quantitative_points": points(summary.quantitative_points),
        "total": points(summary.totals.total),
        "overall": state.overall,
        "signed_at": signed_at,
        "signer": signer,
    });
    sheet_bytes(&document)
}
