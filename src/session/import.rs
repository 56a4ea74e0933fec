//! A paper score sheet typed in by a secretary (`session import --csv`): one row per indicator,
//! measure or the overall opinion. Parsed into edits here; the store applies them all in one
//! transaction or none.
//!
//! Columns (English id or Chinese header): `kind` 类型 (`indicator` 指标 | `measure` 计量项 |
//! `overall` 综合意见), `id` 编号, `points` 得分, `status` 核验, `corrected` 更正值, `text` 意见.

use super::edit::{Edit, MeasureStatus};
use super::model::SessionState;
use super::rules::{RuleError, check_edit, parse_points};
use crate::error::InputError;
use crate::numbers::parse_number;
use crate::package::{ColumnSpec, CsvTable};
use crate::rubric::Rubric;

const KIND: ColumnSpec = ColumnSpec {
    id: "kind",
    names: &["类型"],
};
const ID: ColumnSpec = ColumnSpec {
    id: "id",
    names: &["编号", "指标编号"],
};
const POINTS: ColumnSpec = ColumnSpec {
    id: "points",
    names: &["得分", "分数"],
};
const STATUS: ColumnSpec = ColumnSpec {
    id: "status",
    names: &["核验", "核验状态"],
};
const CORRECTED: ColumnSpec = ColumnSpec {
    id: "corrected",
    names: &["更正值"],
};
const TEXT: ColumnSpec = ColumnSpec {
    id: "text",
    names: &["意见", "批注", "说明"],
};

/// Parses a paper sheet into edits and checks each against the rubric and the session as it
/// would stand after the rows before it; the first problem names its row and column.
pub fn parse_paper_sheet(
    file: &str,
    bytes: &[u8],
    rubric: &Rubric,
    state: &SessionState,
) -> Result<Vec<Edit>, InputError> {
    let table = CsvTable::parse(file, bytes)?;
    let [
        kind_col,
        id_col,
        points_col,
        status_col,
        corrected_col,
        text_col,
    ] = table
        .columns([KIND, ID, POINTS, STATUS, CORRECTED, TEXT])
        .map_err(|mut e| e.remove(0))?;
    let mut edits = Vec::new();
    let mut simulated = state.clone();
    for row in &table.rows {
        let at = |column: &str, message: String| {
            InputError::at(file, row.line, format!("column \"{column}\""), message)
        };
        let kind = table.text(row, kind_col);
        let id = table.text(row, id_col);
        let text = table.text(row, text_col);
        let mut row_edits: Vec<(&str, Edit)> = Vec::new();
        match kind {
            "indicator" | "指标" => {
                let indicator: u32 = id.parse().map_err(|_| {
                    at(
                        "id",
                        format!("found \"{id}\", expected an indicator number"),
                    )
                })?;
                let points = table.text(row, points_col);
                if !points.is_empty() {
                    let points = parse_points(points).map_err(|e| at("points", e.to_string()))?;
                    row_edits.push(("points", Edit::Points { indicator, points }));
                }
                if !text.is_empty() {
                    row_edits.push((
                        "text",
                        Edit::Comment {
                            indicator,
                            text: text.to_string(),
                        },
                    ));
                }
            }
            "measure" | "计量项" => {
                let status = table.text(row, status_col);
                if !status.is_empty() {
                    let status = MeasureStatus::parse(status)
                        .ok_or_else(|| at("status", format!("found \"{status}\", expected verified/已核实, doubtful/存疑, missing/缺证明 or unchecked/未核验")))?;
                    row_edits.push((
                        "status",
                        Edit::Status {
                            measure: id.to_string(),
                            status,
                        },
                    ));
                }
                let corrected = table.text(row, corrected_col);
                if !corrected.is_empty() {
                    let value = parse_number(corrected)
                        .map_err(|m| at("corrected", m))?
                        .value;
                    row_edits.push((
                        "corrected",
                        Edit::Corrected {
                            measure: id.to_string(),
                            value: Some(value),
                        },
                    ));
                }
                if !text.is_empty() {
                    row_edits.push((
                        "text",
                        Edit::Note {
                            measure: id.to_string(),
                            text: text.to_string(),
                        },
                    ));
                }
            }
            "overall" | "综合意见" => row_edits.push((
                "text",
                Edit::Overall {
                    text: text.to_string(),
                },
            )),
            _ => {
                return Err(at(
                    "kind",
                    format!(
                        "found \"{kind}\", expected indicator/指标, measure/计量项 or overall/综合意见"
                    ),
                ));
            }
        }
        for (column, edit) in row_edits {
            check_edit(rubric, &simulated, &edit).map_err(|e| {
                let column = match e {
                    RuleError::UnknownIndicator(_)
                    | RuleError::UnknownMeasure(_)
                    | RuleError::NotQualitative(_) => "id",
                    _ => column,
                };
                at(column, e.to_string())
            })?;
            simulated.apply(&edit);
            edits.push(edit);
        }
    }
    Ok(edits)
}
