//! `merge --format csv`: one row per cluster and indicator (then subtotals and the total), the
//! experts' points in columns, the unsigned sessions' experts in the last column; UTF-8 with a
//! byte-order mark so that Excel shows Chinese right.

use super::cluster_grid;
use crate::i18n::Lang;
use crate::panel::Combined;
use std::collections::BTreeSet;

/// The combined evaluation as CSV bytes (with BOM).
pub fn combined_csv(combined: &Combined, lang: Lang) -> Vec<u8> {
    let experts: Vec<String> = combined
        .clusters
        .iter()
        .flat_map(|c| c.experts.iter().map(|e| e.id.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut header = vec![
        "rank".to_string(),
        "package_id".into(),
        "cluster".into(),
        "indicator".into(),
        "weight".into(),
    ];
    header.extend(experts.iter().cloned());
    header.extend([
        "panel".to_string(),
        "spread".into(),
        "flags".into(),
        "unsigned".into(),
    ]);
    // writing to a Vec cannot fail
    let _ = writer.write_record(header.iter().map(|c| crate::sheet::csv_cell(c)));
    for cluster in &combined.clusters {
        let (grid_header, rows) = cluster_grid(combined, cluster, lang);
        let unsigned: Vec<&str> = cluster
            .experts
            .iter()
            .filter(|e| !e.signed)
            .map(|e| e.id.as_str())
            .collect();
        let expert_at: Vec<Option<usize>> = experts
            .iter()
            .map(|e| grid_header.iter().position(|h| h == e))
            .collect();
        for row in rows {
            let mut record = vec![
                cluster.rank.to_string(),
                cluster.package.id.clone(),
                cluster.package.cluster.clone(),
            ];
            record.extend(row.iter().take(2).cloned());
            record.extend(
                expert_at
                    .iter()
                    .map(|at| at.and_then(|i| row.get(i)).cloned().unwrap_or_default()),
            );
            record.extend(row.iter().rev().take(3).rev().cloned());
            record.push(unsigned.join(" "));
            let _ = writer.write_record(record.iter().map(|c| crate::sheet::csv_cell(c)));
        }
    }
    // a warning (七(四)) is one row per package it names: the indicator column says what it
    // is, the flags column holds the message naming both
    for warning in &combined.warnings {
        for id in warning.package_ids() {
            let Some(cluster) = combined.clusters.iter().find(|c| c.package.id == id) else {
                continue;
            };
            let mut record = vec![
                cluster.rank.to_string(),
                cluster.package.id.clone(),
                cluster.package.cluster.clone(),
                lang.pick("警告 七(四)", "warning 七(四)").to_string(),
            ];
            record.extend(std::iter::repeat_n(String::new(), experts.len() + 3));
            record.push(warning.message(lang));
            record.push(String::new());
            let _ = writer.write_record(&record);
        }
    }
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(writer.into_inner().unwrap_or_default());
    out
}
