//! `measures.csv`: the figures the park declares (`measure,value,unit,source`). Every row is
//! checked against the rubric: a known measure, once, in the rubric's unit, with a number.

use super::csv_table::{ColumnSpec, CsvTable};
use crate::error::InputError;
use crate::numbers::{clipped, parse_number};
use crate::rubric::Rubric;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One declared figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredFigure {
    /// Measure id.
    pub measure: String,
    /// The figure; `None` when the cell is empty (not declared).
    pub value: Option<Decimal>,
    /// Unit as written (equal to the rubric's).
    pub unit: String,
    /// Where the park says the figure comes from.
    pub source: String,
    /// Line in `measures.csv`.
    pub line: usize,
}

const MEASURE: ColumnSpec = ColumnSpec {
    id: "measure",
    names: &["计量项", "指标"],
};
const VALUE: ColumnSpec = ColumnSpec {
    id: "value",
    names: &["数值", "值"],
};
const UNIT: ColumnSpec = ColumnSpec {
    id: "unit",
    names: &["单位"],
};
const SOURCE: ColumnSpec = ColumnSpec {
    id: "source",
    names: &["来源", "数据来源"],
};

/// Parses `measures.csv` against the rubric, collecting every row's error.
pub fn parse_measures(
    file: &str,
    bytes: &[u8],
    rubric: &Rubric,
) -> Result<BTreeMap<String, DeclaredFigure>, Vec<InputError>> {
    let table = CsvTable::parse(file, bytes).map_err(|e| vec![e])?;
    read_measures(&table, rubric)
}

/// Reads the declared figures from a parsed `measures.csv` (or its worksheet) against the
/// rubric, collecting every row's error.
pub fn read_measures(
    table: &CsvTable,
    rubric: &Rubric,
) -> Result<BTreeMap<String, DeclaredFigure>, Vec<InputError>> {
    let [measure_col, value_col, unit_col, source_col] =
        table.columns([MEASURE, VALUE, UNIT, SOURCE])?;
    let mut figures: BTreeMap<String, DeclaredFigure> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for row in &table.rows {
        let id = table.text(row, measure_col);
        let Some((_, measure)) = rubric.measure(id) else {
            let known: Vec<&str> = rubric.measures().map(|m| m.id.as_str()).collect();
            errors.push(table.cell_error(
                row,
                measure_col,
                format!(
                    "found \"{}\", expected a measure of rubric {}: {}",
                    clipped(id),
                    rubric.id,
                    known.join(", ")
                ),
            ));
            continue;
        };
        let first = *seen.entry(id.to_string()).or_insert(row.line);
        if first != row.line {
            errors.push(table.cell_error(
                row,
                measure_col,
                format!("found \"{id}\" again (first on line {first}), expected each measure once"),
            ));
            continue;
        }
        let unit = table.text(row, unit_col);
        if unit != measure.unit {
            errors.push(table.cell_error(
                row,
                unit_col,
                format!(
                    "found \"{}\" for {id}, expected \"{}\"",
                    clipped(unit),
                    measure.unit
                ),
            ));
            continue;
        }
        let cell = table.text(row, value_col);
        let value = if cell.is_empty() {
            None
        } else {
            match parse_number(cell) {
                Ok(n) if n.percent && measure.unit != "%" => {
                    errors.push(table.cell_error(
                        row,
                        value_col,
                        format!(
                            "found \"{}\" with a % sign, expected a figure in {}",
                            clipped(cell),
                            measure.unit
                        ),
                    ));
                    continue;
                }
                Ok(n) if n.value < Decimal::ZERO && measure.unit != "%" => {
                    errors.push(table.cell_error(
                        row,
                        value_col,
                        format!("found {} for {id}, expected a figure not below 0", n.value),
                    ));
                    continue;
                }
                Ok(n) => Some(n.value),
                Err(message) => {
                    errors.push(table.cell_error(row, value_col, message));
                    continue;
                }
            }
        };
        figures.insert(
            id.to_string(),
            DeclaredFigure {
                measure: id.to_string(),
                value,
                unit: unit.to_string(),
                source: table.text(row, source_col).to_string(),
                line: row.line,
            },
        );
    }
    if errors.is_empty() {
        Ok(figures)
    } else {
        Err(super::csv_table::capped(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::embedded;

    fn rubric() -> Rubric {
        embedded().expect("embedded rubric")
    }

    #[test]
    fn reads_figures_with_separators_and_percent() {
        let csv = "measure,value,unit,source\nrevenue,\"1,296.89\",亿元,年报\nrd_share,6.62%,%,年报\ntalents,,人,\n";
        let figures = parse_measures("m.csv", csv.as_bytes(), &rubric()).expect("valid");
        assert_eq!(
            figures.get("revenue").and_then(|f| f.value),
            Some(Decimal::new(129689, 2))
        );
        assert_eq!(
            figures.get("rd_share").and_then(|f| f.value),
            Some(Decimal::new(662, 2))
        );
        assert_eq!(figures.get("talents").map(|f| f.value), Some(None));
    }

    #[test]
    fn every_bad_row_is_reported_with_line_and_column() {
        let csv = "measure,value,unit,source\nrevenue,abc,亿元,\nnope,1,家,\nrevenue,1,亿元,\ntalents,5,家,\nawards,50%,个,\nlisted_count,-1,家,\n";
        let errors = parse_measures("m.csv", csv.as_bytes(), &rubric()).expect_err("invalid");
        let lines: Vec<(Option<usize>, Option<&str>)> =
            errors.iter().map(|e| (e.line, e.item.as_deref())).collect();
        assert_eq!(
            lines,
            [
                (Some(2), Some("column \"value\"")),
                (Some(3), Some("column \"measure\"")),
                (Some(4), Some("column \"measure\"")),
                (Some(5), Some("column \"unit\"")),
                (Some(6), Some("column \"value\"")),
                (Some(7), Some("column \"value\"")),
            ]
        );
        assert!(errors[0].to_string().contains("found \"abc\""));
    }
}
