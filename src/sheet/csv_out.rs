//! A sheet as CSV (UTF-8 with BOM, so Excel on a Chinese Windows shows it intact): one row per
//! indicator (expert sheet) or per cluster × indicator (combined sheet, with agreed corrections
//! and their reasons), then the totals and a last row saying how the sheet stands. A text cell
//! that a spreadsheet would run as a formula is neutralised (see [`csv_cell`]).

use super::check::Standing;
use super::model::SheetDoc;
use super::remarks::{panel_remarks, total_weight};

/// A cell as written for spreadsheets: a text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is prefixed with `'` (OWASP's advice against CSV injection), so Excel or WPS
/// shows it instead of running it as a formula; a number (`-0.41`) stays a number.
pub fn csv_cell(text: &str) -> String {
    let dangerous = text
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    let number = text.parse::<rust_decimal::Decimal>().is_ok();
    if dangerous && !number {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The CSV bytes of a sheet as it stands.
pub fn sheet_csv(doc: &SheetDoc, standing: Standing) -> Vec<u8> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    match doc {
        SheetDoc::Expert(s) => {
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
            let (package, expert) = (&s.package.id, &s.expert.id);
            for i in &s.indicators {
                rows.push(vec![
                    package.clone(),
                    expert.clone(),
                    i.id.to_string(),
                    i.name.clone(),
                    i.weight.clone(),
                    i.points.clone().unwrap_or_default(),
                    i.comment.clone(),
                ]);
            }
            rows.push(vec![
                package.clone(),
                expert.clone(),
                "total".into(),
                "合计".into(),
                total_weight(s.categories.iter().map(|c| c.weight.as_str())),
                s.total.clone(),
                s.overall.clone(),
            ]);
        }
        SheetDoc::Combined(s) => {
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
            for c in &s.evaluation.clusters {
                let (package, rank) = (&c.package_id, c.rank.to_string());
                for i in &c.indicators {
                    rows.push(vec![
                        package.clone(),
                        rank.clone(),
                        i.id.to_string(),
                        i.name.clone().unwrap_or_default(),
                        i.weight.clone(),
                        i.panel.clone().unwrap_or_default(),
                        panel_remarks(i).join("\n"),
                    ]);
                }
                rows.push(vec![
                    package.clone(),
                    rank,
                    "total".into(),
                    "合计".into(),
                    total_weight(c.categories.iter().map(|x| x.weight.as_str())),
                    c.total.clone(),
                    String::new(),
                ]);
            }
        }
    }
    let width = rows.first().map_or(0, Vec::len);
    let mut status = vec![String::new(); width];
    if let Some(first) = status.first_mut() {
        *first = "status".into();
    }
    if let Some(last) = status.last_mut() {
        *last = standing.status_zh(doc);
    }
    rows.push(status);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in &rows {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        // writing to a Vec cannot fail
        let _ = writer.write_record(&cells);
    }
    writer.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\",\"点我\")"),
            "'=HYPERLINK(\"http://x\",\"点我\")"
        );
        assert_eq!(csv_cell("+1+2"), "'+1+2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-A1"), "'-A1");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("-0.41"), "-0.41");
        assert_eq!(csv_cell("6.50"), "6.50");
        assert_eq!(csv_cell("集群发展良好"), "集群发展良好");
    }
}
