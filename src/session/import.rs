//! A paper score sheet typed in by a secretary (`session import --csv`) or filled in Excel
//! (`session import --xlsx`, its first worksheet): one row per indicator, measure or the overall
//! opinion. Parsed into edits here; the store applies them all in one transaction or none.
//! Messages name the line (`sheet.csv:9: column "points"`) or the cell (`sheet.xlsx!评分表!C9`).
//!
//! Columns (English id or Chinese header): `kind` 类型 (`indicator` 指标 | `measure` 计量项 |
//! `condition` 申报条件 | `overall` 综合意见), `id` 编号, `points` 得分, `status` 核验 (a
//! measure's status, or a condition's verdict 符合/基本符合/不符合), `corrected` 更正值, `text` 意见.
//! Only `kind` and `id` are required; an empty cell leaves the value as it is; a filled cell
//! that does not belong to its row's kind, or a row given twice, is an error.

use super::edit::{Edit, MeasureStatus};
use super::model::{ConditionVerdict, SessionState};
use super::rules::{RuleError, check_edit, parse_corrected, parse_points};
use crate::error::InputError;
use crate::package::{Column, ColumnSpec, CsvTable, Workbook};
use crate::rubric::Rubric;
use std::collections::BTreeMap;

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

/// Parses a paper sheet typed in as CSV into edits (see [`paper_sheet_edits`]).
pub fn parse_paper_sheet(
    file: &str,
    bytes: &[u8],
    rubric: &Rubric,
    state: &SessionState,
) -> Result<Vec<Edit>, InputError> {
    let table = CsvTable::parse(file, bytes)?;
    paper_sheet_edits(&table, rubric, state)
}

/// Parses a paper sheet filled in Excel (`.xlsx`, its first worksheet) into edits (see
/// [`paper_sheet_edits`]); cells are read like a package workbook's.
pub fn parse_paper_workbook(
    file: &str,
    bytes: &[u8],
    rubric: &Rubric,
    state: &SessionState,
) -> Result<Vec<Edit>, InputError> {
    let mut book = Workbook::open(file, bytes)?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(InputError::file(
            file,
            "has no worksheet, expected the score sheet",
        ));
    };
    let table = book.table(&sheet).map_err(|mut e| e.remove(0))?;
    paper_sheet_edits(&table, rubric, state)
}

/// Turns a paper sheet's rows into edits and checks each against the rubric and the session as
/// it would stand after the rows before it; the first problem names its row and column.
pub fn paper_sheet_edits(
    table: &CsvTable,
    rubric: &Rubric,
    state: &SessionState,
) -> Result<Vec<Edit>, InputError> {
    let [kind_col, id_col] = table.columns([KIND, ID]).map_err(|mut e| e.remove(0))?;
    // the other columns are optional: a sheet may carry only what it fills in
    let optional = |spec| table.column(spec).ok();
    let (points_col, status_col, corrected_col, text_col) = (
        optional(POINTS),
        optional(STATUS),
        optional(CORRECTED),
        optional(TEXT),
    );
    let cell = |row, column: Option<Column>| column.map_or("", |c| table.text(row, c));
    let column_of = |name: &str| match name {
        "kind" => Some(kind_col),
        "id" => Some(id_col),
        "points" => points_col,
        "status" => status_col,
        "corrected" => corrected_col,
        _ => text_col,
    };
    let mut edits = Vec::new();
    let mut simulated = state.clone();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for row in &table.rows {
        // every column named here is present: a message is about a filled cell or the id
        let at = |column: &str, message: String| {
            table.cell_error(row, column_of(column).unwrap_or(id_col), message)
        };
        let (kind, id) = (table.text(row, kind_col), table.text(row, id_col));
        let (points, status, corrected, text) = (
            cell(row, points_col),
            cell(row, status_col),
            cell(row, corrected_col),
            cell(row, text_col),
        );
        // a filled cell that does not belong to the row's kind is an error, never ignored
        let stray = |allowed: &[&str]| -> Result<(), InputError> {
            for (name, value) in [
                ("points", points),
                ("status", status),
                ("corrected", corrected),
            ] {
                if !value.is_empty() && !allowed.contains(&name) {
                    return Err(at(
                        name,
                        format!("found \"{value}\" in a {kind} row, expected this cell empty"),
                    ));
                }
            }
            Ok(())
        };
        let mut row_edits: Vec<(&str, Edit)> = Vec::new();
        match kind {
            "indicator" | "指标" => {
                stray(&["points"])?;
                let indicator: u32 = id.parse().map_err(|_| {
                    at(
                        "id",
                        format!("found \"{id}\", expected an indicator number"),
                    )
                })?;
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
                stray(&["status", "corrected"])?;
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
                if !corrected.is_empty() {
                    let value = parse_corrected(rubric, id, corrected).map_err(|e| match e {
                        RuleError::UnknownMeasure(_) => at("id", e.to_string()),
                        _ => at("corrected", e.to_string()),
                    })?;
                    row_edits.push((
                        "corrected",
                        Edit::Corrected {
                            measure: id.to_string(),
                            value,
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
            "condition" | "申报条件" | "条件" => {
                stray(&["status"])?;
                let condition = condition_number(id).ok_or_else(|| {
                    at(
                        "id",
                        format!(
                            "found \"{id}\", expected a condition number (1–6 or （一）–（六）)"
                        ),
                    )
                })?;
                if !status.is_empty() {
                    let verdict = ConditionVerdict::parse(status).ok_or_else(|| {
                        at(
                            "status",
                            format!("found \"{status}\", expected 符合/met, 基本符合/largely_met or 不符合/not_met"),
                        )
                    })?;
                    row_edits.push(("status", Edit::ConditionVerdict { condition, verdict }));
                }
                if !text.is_empty() {
                    row_edits.push((
                        "text",
                        Edit::ConditionNote {
                            condition,
                            text: text.to_string(),
                        },
                    ));
                }
            }
            "overall" | "综合意见" => {
                stray(&[])?;
                if !text.is_empty() {
                    row_edits.push((
                        "text",
                        Edit::Overall {
                            text: text.to_string(),
                        },
                    ));
                }
            }
            _ => {
                return Err(at(
                    "kind",
                    format!(
                        "found \"{kind}\", expected indicator/指标, measure/计量项, condition/申报条件 or overall/综合意见"
                    ),
                ));
            }
        }
        let key = (kind.to_string(), id.to_string());
        if let Some(first) = seen.insert(key, row.line) {
            return Err(at(
                "id",
                format!(
                    "found \"{kind} {id}\" again (first on line {first}), expected each row once"
                ),
            ));
        }
        for (column, edit) in row_edits {
            check_edit(rubric, &simulated, &edit).map_err(|e| {
                let column = match e {
                    RuleError::UnknownIndicator(_)
                    | RuleError::UnknownMeasure(_)
                    | RuleError::UnknownCondition(_)
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

/// A condition's number as a sheet writes it: `2`, `（二）`, `(二)` or `二`.
fn condition_number(id: &str) -> Option<u32> {
    let digits = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let bare = id
        .trim()
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    bare.parse().ok().or_else(|| {
        digits
            .iter()
            .position(|d| *d == bare)
            .and_then(|n| u32::try_from(n + 1).ok())
    })
}
