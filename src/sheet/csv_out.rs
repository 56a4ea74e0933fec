//! A sheet as CSV (UTF-8 with BOM, so Excel on a Chinese Windows shows it intact): one row per
//! indicator (expert sheet) or per cluster × indicator (combined sheet), then the totals.

use super::info::SheetError;
use super::{COMBINED_SHEET, EXPERT_SHEET, field as s, items, parse_json, total_weight};
use serde_json::Value;

/// The CSV bytes for a sheet.
pub fn sheet_csv(bytes: &[u8]) -> Result<Vec<u8>, SheetError> {
    let value = parse_json(bytes)?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    match value.get("sheet").and_then(Value::as_str) {
        Some(EXPERT_SHEET) => {
            rows.push(
                [
                    "package_id",
                    "expert_id",
                    "indicator",
                    "name",
                    "weight",
                    "points",
                    "comment",
                ]
                .map(String::from)
                .to_vec(),
            );
            let (package, expert) = (s(&value, "/package/id"), s(&value, "/expert/id"));
            for i in items(&value, "/indicators") {
                rows.push(vec![
                    package.clone(),
                    expert.clone(),
                    s(i, "/id"),
                    s(i, "/name"),
                    s(i, "/weight"),
                    s(i, "/points"),
                    s(i, "/comment"),
                ]);
            }
            rows.push(vec![
                package,
                expert,
                "total".into(),
                "合计".into(),
                total_weight(items(&value, "/categories")),
                s(&value, "/total"),
                s(&value, "/overall"),
            ]);
        }
        Some(COMBINED_SHEET) => {
            rows.push(
                [
                    "package_id",
                    "rank",
                    "indicator",
                    "name",
                    "weight",
                    "panel",
                    "note",
                ]
                .map(String::from)
                .to_vec(),
            );
            for c in items(&value, "/evaluation/clusters") {
                let (package, rank) = (s(c, "/package_id"), s(c, "/rank"));
                for i in items(c, "/indicators") {
                    rows.push(vec![
                        package.clone(),
                        rank.clone(),
                        s(i, "/id"),
                        s(i, "/name"),
                        s(i, "/weight"),
                        s(i, "/panel"),
                        s(i, "/note"),
                    ]);
                }
                rows.push(vec![
                    package,
                    rank,
                    "total".into(),
                    "合计".into(),
                    total_weight(items(c, "/categories")),
                    s(c, "/total"),
                    String::new(),
                ]);
            }
        }
        _ => {
            return Err(SheetError::Field {
                field: "sheet",
                found: s(&value, "/sheet"),
                expected: "a cluster-review score sheet",
            });
        }
    }
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in &rows {
        // writing to a Vec cannot fail
        let _ = writer.write_record(row);
    }
    Ok(writer.into_inner().unwrap_or_default())
}
