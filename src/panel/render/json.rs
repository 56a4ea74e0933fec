//! `merge --format json` (contract: README, DESIGN §7). Decimals as strings; statistics as
//! strings with four decimals; `null` with a reason where a statistic is undefined.

use super::statistic;
use crate::display::{exact, points};
use crate::panel::{Combined, ExclusionReason, Flag};
use serde_json::{Map, Value, json};

/// `{"method", "clusters": [{"package_id", "experts": [...], "indicators": [{"id", "scores":
/// {EXPERT_ID: "points"}, "panel", "flags": [...]}], "categories": [...], "total", "rank"}],
/// "agreement": {"icc": {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"}, "kendall_w"}, …}`.
pub fn combined_json(combined: &Combined) -> Value {
    let clusters: Vec<Value> = combined
        .clusters
        .iter()
        .map(|c| {
            let indicators: Vec<Value> = c
                .indicators
                .iter()
                .map(|i| {
                    let scores: Map<String, Value> = i.scores.iter().map(|(e, p)| (e.clone(), json!(points(*p)))).collect();
                    let measures: Vec<Value> = i
                        .measures
                        .iter()
                        .map(|m| {
                            let checks: Map<String, Value> = m
                                .checks
                                .iter()
                                .map(|(e, (status, corrected))| (e.clone(), json!({"status": status.as_str(), "corrected": corrected.map(exact)})))
                                .collect();
                            json!({
                                "id": m.id,
                                "package_value": m.package_value.map(exact),
                                "correction": m.correction.as_ref().map(|c| json!({"value": exact(c.value), "reason": c.reason})),
                                "value": m.value.map(exact),
                                "points": points(m.points),
                                "checks": checks,
                            })
                        })
                        .collect();
                    json!({
                        "id": i.id,
                        "name": combined.rubric.indicator(i.id).map(|x| x.name.clone()),
                        "kind": i.kind.as_str(),
                        "weight": exact(i.weight),
                        "scores": scores,
                        "panel": i.panel.map(points),
                        "mean": i.mean.map(points),
                        "spread": i.spread.map(points),
                        "flags": i.flags.iter().map(flag_json).collect::<Vec<_>>(),
                        "note": i.note,
                        "measures": measures,
                    })
                })
                .collect();
            json!({
                "package_id": c.package.id,
                "cluster": c.package.cluster,
                "park": c.package.park,
                "year": c.package.year,
                "digest": c.package.digest,
                "experts": c.experts.iter().map(|e| json!({
                    "id": e.id, "name": e.name, "file": e.file, "revision": e.revision, "signed": e.signed, "verified": e.verified, "total": points(e.total),
                })).collect::<Vec<_>>(),
                "indicators": indicators,
                "categories": c.categories.iter().map(|t| json!({"id": t.category, "weight": exact(t.weight), "points": points(t.points)})).collect::<Vec<_>>(),
                "total": points(c.total),
                "rank": c.rank,
            })
        })
        .collect();
    let a = &combined.agreement;
    let icc = a.icc.as_ref().ok().map(|i| {
        json!({
            "ICC1": statistic(i.icc1), "ICC2": statistic(i.icc2), "ICC3": statistic(i.icc3),
            "ICC1k": statistic(i.icc1k), "ICC2k": statistic(i.icc2k), "ICC3k": statistic(i.icc3k),
        })
    });
    let s = &combined.sensitivity;
    json!({
        "method": combined.method.as_str(),
        "rubric": {"id": combined.rubric.id, "sha256": combined.rubric.sha256},
        "unsigned": combined.unsigned,
        "excluded": combined.excluded.iter().map(|e| {
            let (reason, detail) = match &e.reason {
                ExclusionReason::Recused(why) => ("recused", why.clone()),
                ExclusionReason::Superseded { by } => ("superseded", by.clone()),
                ExclusionReason::Duplicate { of } => ("duplicate", of.clone()),
            };
            json!({"file": e.file, "expert": e.expert, "package_id": e.package_id, "reason": reason, "detail": detail})
        }).collect::<Vec<_>>(),
        "clusters": clusters,
        "agreement": {
            "icc": icc,
            "icc_reason": a.icc.as_ref().err(),
            "kendall_w": a.kendall_w.as_ref().ok().map(|w| statistic(*w)),
            "kendall_w_reason": a.kendall_w.as_ref().err(),
            "clusters": a.clusters,
            "experts": a.experts,
        },
        "sensitivity": {
            "draws": s.draws,
            "seed": s.seed,
            "stable_share": s.stable_share.map(statistic),
            "swaps": s.swaps.iter().map(|w| json!({
                "indicator": w.indicator,
                "change": w.change.map(statistic),
                "clusters": w.clusters.as_ref().map(|(a, b)| vec![a.clone(), b.clone()]),
            })).collect::<Vec<_>>(),
        },
    })
}

fn flag_json(flag: &Flag) -> Value {
    let mut value = json!({"code": flag.code(), "expert": flag.expert()});
    match flag {
        Flag::Divergent {
            points: p,
            deviation,
            ..
        } => {
            value["points"] = json!(points(*p));
            value["deviation"] = json!(deviation.map(|d| exact(d.round_dp(4))));
        }
        Flag::ReasonOwed { points: p, .. } => value["points"] = json!(points(*p)),
        Flag::FigureQuestioned { measure, .. } => value["measure"] = json!(measure),
        Flag::Unscored { .. } => {}
    }
    value
}
