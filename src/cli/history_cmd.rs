//! `archive history ARCHIVE (--package-id ID | --cluster TEXT) [--json]`: one cluster's
//! evaluations over the rounds from the archived signed sheets, and its restated figures. The
//! archive is verified first (as `archive add` does): a history is only shown from an intact one.

use super::CliError;
use super::json_out::json_text;
use crate::archive::{ClusterPick, Evaluator, History, cluster_history, verify_entries};
use crate::columns::{fit, right};
use crate::error::InputError;
use crate::i18n::Lang;
use crate::store::read_archive;
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::Path;

/// Prints the history of the cluster picked.
pub fn run(archive: &Path, pick: &ClusterPick, json: bool, lang: Lang) -> Result<String, CliError> {
    let name = archive.display().to_string();
    let entries = read_archive(archive)?;
    verify_entries(&entries).map_err(|broken| {
        CliError::from(InputError::file(
            &name,
            format!("does not verify ({broken}); no history is read from a broken archive"),
        ))
    })?;
    let history = cluster_history(&entries, pick)
        .map_err(|e| CliError::from(InputError::file(&name, e.to_string())))?;
    Ok(if json {
        json_text(&history_json(&history))
    } else {
        history_text(&history, lang)
    })
}

/// `{"cluster", "package_ids", "evaluations": [{"seq", "kind", "package_id", "digest", "year",
/// "round", "meeting", "signer": {"id", "name"}, "signed_at", "total", "categories": [{"id",
/// "points"}], "rank", "of"}], "restated": [{"year", "measure", "figures": [{"package_id",
/// "round", "value", "source", "seq"}]}]}`.
pub fn history_json(history: &History) -> Value {
    json!({
        "cluster": history.cluster,
        "package_ids": history.package_ids,
        "evaluations": history.evaluations.iter().map(|e| {
            let (kind, rank, of) = match e.evaluator {
                Evaluator::Panel { rank, of } => ("combined", Some(rank), Some(of)),
                Evaluator::Expert => ("expert", None, None),
            };
            json!({
                "seq": e.seq,
                "kind": kind,
                "package_id": e.package_id,
                "digest": e.digest,
                "year": e.year,
                "round": e.round.map(|r| r.as_str()),
                "meeting": e.meeting,
                "signer": {"id": e.signer.0, "name": e.signer.1},
                "signed_at": e.signed_at,
                "total": e.total,
                "categories": e.categories.iter().map(|(id, points)| json!({"id": id, "points": points})).collect::<Vec<_>>(),
                "rank": rank,
                "of": of,
            })
        }).collect::<Vec<_>>(),
        "restated": history.restated.iter().map(|r| json!({
            "year": r.year,
            "measure": r.measure,
            "figures": r.figures.iter().map(|f| json!({
                "package_id": f.package_id,
                "round": f.round.map(|x| x.as_str()),
                "value": f.value,
                "source": f.source.as_str(),
                "seq": f.seq,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn history_text(history: &History, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} · {} {}",
        lang.pick("集群", "cluster"),
        history.cluster,
        lang.pick("申报包", "packages"),
        history.package_ids.join(", ")
    );
    let mut header = vec![
        fit(lang.pick("年度", "year"), 5),
        fit(lang.pick("轮次", "round"), 12),
        fit(lang.pick("评分表", "sheet"), 18),
        right(lang.pick("条目", "entry"), 5),
        fit(lang.pick("申报包", "package"), 12),
        right(lang.pick("总分", "total"), 7),
    ];
    header.extend(
        history
            .category_names
            .iter()
            .map(|(_, name)| right(name, 9)),
    );
    header.push(right(lang.pick("名次", "rank"), 6));
    let _ = writeln!(out, "{}", header.join(" ").trim_end());
    for e in &history.evaluations {
        let round = e
            .round
            .map_or("—".to_string(), |r| r.label(lang).to_string());
        let (who, rank) = match e.evaluator {
            Evaluator::Panel { rank, of } => (
                lang.pick("汇总", "panel").to_string(),
                format!("{rank}/{of}"),
            ),
            Evaluator::Expert => (
                format!("{} {}", lang.pick("专家", "expert"), e.signer.0),
                String::new(),
            ),
        };
        let mut row = vec![
            fit(&e.year.to_string(), 5),
            fit(&round, 12),
            fit(&who, 18),
            right(&e.seq.to_string(), 5),
            fit(&e.package_id, 12),
            right(&e.total, 7),
        ];
        row.extend(history.category_names.iter().map(|(id, _)| {
            let points = e
                .categories
                .iter()
                .find(|(c, _)| c == id)
                .map(|(_, p)| p.as_str())
                .unwrap_or("");
            right(points, 9)
        }));
        row.push(right(&rank, 6));
        let _ = writeln!(out, "{}", row.join(" ").trim_end());
    }
    if history.restated.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "无重报数字：同一年度各轮次的申报数字一致",
                "no restated figures: every year's figures agree between the rounds"
            )
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{} ({})",
        lang.pick(
            "⚠ 重报数字（同一年度在不同轮次申报不一致）",
            "⚠ restated figures (declared differently for one year)"
        ),
        history.restated.len()
    );
    for r in &history.restated {
        let figures: Vec<String> = r
            .figures
            .iter()
            .map(|f| {
                let round = f
                    .round
                    .map_or("—".to_string(), |x| x.label(lang).to_string());
                match lang {
                    Lang::Zh => format!("{round} {} {}（条目 {}）", f.package_id, f.value, f.seq),
                    Lang::En => format!("{round} {} {} (entry {})", f.package_id, f.value, f.seq),
                }
            })
            .collect();
        let _ = writeln!(out, "  {} {}: {}", r.year, r.measure, figures.join(" ≠ "));
    }
    out
}
