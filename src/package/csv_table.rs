//! A CSV file (or a worksheet of `package.xlsx`, its cells read as text) held in memory with its
//! header, and typed access to its cells. Headers may be the English column id or a Chinese
//! name; text in parentheses is ignored (`营业收入（万元）`). A CSV line starting with `#` is a
//! comment. Every cell error names the file and line (`FILE:LINE: column "id"`) or the sheet
//! and cell (`package.xlsx!企业!C7: column "id"`), what was found and what was expected.

use super::sheet_ref::cell_name;
use super::text::decode;
use crate::error::{InputError, line_of};
use crate::numbers::{parse_number, parse_year};
use rust_decimal::Decimal;

/// A column a reader needs: its id and the other names it may carry.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// English id, also accepted as a header.
    pub id: &'static str,
    /// Accepted Chinese headers.
    pub names: &'static [&'static str],
}

/// A column found in a table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    index: usize,
    id: &'static str,
}

/// One data record.
#[derive(Debug, Clone)]
pub struct Row {
    /// Line of the record in the file (1 = header).
    pub line: usize,
    cells: Vec<String>,
}

impl Row {
    /// A record of text cells (a worksheet row read as text); `line` is its row number.
    pub(crate) fn new(line: usize, cells: Vec<String>) -> Self {
        Self { line, cells }
    }
}

/// A parsed CSV file.
#[derive(Debug, Clone)]
pub struct CsvTable {
    /// The file, as named in errors.
    pub file: String,
    /// The worksheet, when the table is a sheet of a workbook (errors then name cells).
    sheet: Option<String>,
    /// Line (row) of the header.
    header_line: usize,
    headers: Vec<String>,
    /// Data records; rows with only empty cells are skipped.
    pub rows: Vec<Row>,
}

/// Normalises a header: trimmed, parenthesised text removed, ASCII lower-cased.
fn normalise_header(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.trim().trim_start_matches('\u{feff}').chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 && !c.is_whitespace() => out.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    out
}

/// The line a record starts on. The csv crate reports a record's position at the start of the
/// comment lines before it (and does not count comment lines in its line numbers), so the
/// comment lines from there on are skipped here.
fn record_line(text: &str, byte: usize) -> usize {
    let mut offset = byte.min(text.len());
    while text.get(offset..).is_some_and(|rest| rest.starts_with('#')) {
        match text.get(offset..).and_then(|rest| rest.find('\n')) {
            Some(end) => offset += end + 1,
            None => break,
        }
    }
    line_of(text, offset)
}

/// A choice cell for comparison: no spaces or quotation marks, ASCII lower-cased.
fn normalise_choice(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」')
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl CsvTable {
    /// Decodes and parses a CSV file.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Self, InputError> {
        let (text, _) = decode(file, bytes)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let csv_error = |e: csv::Error| {
            let line = e
                .position()
                .map_or(1, |p| record_line(&text, p.byte() as usize));
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => {
                    format!("found {len} fields, expected {expected_len} like the header")
                }
                _ => format!("found malformed CSV ({e}), expected comma-separated values"),
            };
            InputError::at(file, line, "row", message)
        };
        let header = match records.next() {
            Some(record) => record.map_err(csv_error)?,
            None => return Err(InputError::file(file, "is empty, expected a header row")),
        };
        let header_line = header
            .position()
            .map_or(1, |p| record_line(&text, p.byte() as usize));
        let headers: Vec<String> = header.iter().map(normalise_header).collect();
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(csv_error)?;
            let line = record
                .position()
                .map_or(0, |p| record_line(&text, p.byte() as usize));
            let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
            if cells.iter().any(|c| !c.is_empty()) {
                rows.push(Row { line, cells });
            }
        }
        Self::checked(Self {
            file: file.to_string(),
            sheet: None,
            header_line,
            headers,
            rows,
        })
    }

    /// A worksheet read as text: `headers` are the cells of row `header_line`, each row's cells
    /// lie under them; errors name `FILE!SHEET!CELL`.
    pub(crate) fn from_sheet(
        file: &str,
        sheet: &str,
        header_line: usize,
        headers: &[String],
        rows: Vec<Row>,
    ) -> Result<Self, InputError> {
        Self::checked(Self {
            file: file.to_string(),
            sheet: Some(sheet.to_string()),
            header_line,
            headers: headers.iter().map(|h| normalise_header(h)).collect(),
            rows: rows
                .into_iter()
                .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
                .collect(),
        })
    }

    /// Refuses a header that names a column twice.
    fn checked(table: Self) -> Result<Self, InputError> {
        for (i, h) in table.headers.iter().enumerate() {
            if !h.is_empty() && table.headers.iter().take(i).any(|earlier| earlier == h) {
                return Err(table.locate(
                    table.header_line,
                    Some(i),
                    format!("column \"{h}\""),
                    "appears twice in the header, expected each column once",
                ));
            }
        }
        Ok(table)
    }

    /// An error at a line (row) and, for a worksheet, a cell of `column` (the whole row when
    /// `None`).
    fn locate(
        &self,
        line: usize,
        column: Option<usize>,
        item: String,
        message: impl Into<String>,
    ) -> InputError {
        match &self.sheet {
            None => InputError::at(&self.file, line, item, message),
            Some(sheet) => {
                let place = column.map_or_else(|| format!("{line}:{line}"), |c| cell_name(line, c));
                InputError {
                    file: format!("{}!{sheet}!{place}", self.file),
                    line: None,
                    item: Some(item),
                    message: message.into(),
                }
            }
        }
    }

    /// An error about one cell: `FILE:LINE: column "id": …` or `FILE!SHEET!C7: column "id": …`.
    pub fn cell_error(&self, row: &Row, column: Column, message: impl Into<String>) -> InputError {
        self.locate(
            row.line,
            Some(column.index),
            format!("column \"{}\"", column.id),
            message,
        )
    }

    /// Finds a column by its id or one of its names.
    pub fn column(&self, spec: ColumnSpec) -> Result<Column, InputError> {
        let wanted =
            |h: &String| h == spec.id || spec.names.iter().any(|n| normalise_header(n) == *h);
        let matching: Vec<usize> = (0..self.headers.len())
            .filter(|&i| self.headers.get(i).is_some_and(wanted))
            .collect();
        if matching.len() > 1 {
            let names: Vec<&str> = matching
                .iter()
                .filter_map(|&i| self.headers.get(i).map(String::as_str))
                .collect();
            return Err(self.locate(
                self.header_line,
                matching.get(1).copied(),
                format!("column \"{}\"", spec.id),
                format!(
                    "is named twice in the header ({}), expected one column",
                    names.join(", ")
                ),
            ));
        }
        matching
            .first()
            .map(|&index| Column { index, id: spec.id })
            .ok_or_else(|| {
                let mut names = vec![spec.id];
                names.extend(spec.names);
                self.locate(
                    self.header_line,
                    None,
                    format!("column \"{}\"", spec.id),
                    format!(
                        "is missing from the header ({}), expected a column named {}",
                        self.headers.join(","),
                        names.join(" or ")
                    ),
                )
            })
    }

    /// Finds several columns at once, reporting every missing one.
    pub fn columns<const N: usize>(
        &self,
        specs: [ColumnSpec; N],
    ) -> Result<[Column; N], Vec<InputError>> {
        let mut found = Vec::with_capacity(N);
        let mut errors = Vec::new();
        for spec in specs {
            match self.column(spec) {
                Ok(column) => found.push(column),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        found.try_into().map_err(|_| Vec::new())
    }

    fn error(&self, row: &Row, column: Column, message: String) -> InputError {
        self.cell_error(row, column, message)
    }

    /// The trimmed text of a cell (every record has the header's length; `csv` checks it).
    pub fn text<'a>(&self, row: &'a Row, column: Column) -> &'a str {
        row.cells.get(column.index).map_or("", String::as_str)
    }

    /// A required, non-empty text cell.
    pub fn required_text<'a>(&self, row: &'a Row, column: Column) -> Result<&'a str, InputError> {
        let text = self.text(row, column);
        if text.is_empty() {
            Err(self.error(
                row,
                column,
                "found an empty cell, expected a value".to_string(),
            ))
        } else {
            Ok(text)
        }
    }

    /// A number cell, as parks write numbers.
    pub fn number(&self, row: &Row, column: Column) -> Result<Decimal, InputError> {
        let cell = self.text(row, column);
        match parse_number(cell) {
            Ok(n) if n.percent => Err(self.error(row, column, format!("found \"{cell}\", expected a number without % (this column is not a percentage)"))),
            Ok(n) => Ok(n.value),
            Err(m) => Err(self.error(row, column, m)),
        }
    }

    /// A non-negative number cell (amounts, counts).
    pub fn amount(&self, row: &Row, column: Column) -> Result<Decimal, InputError> {
        let value = self.number(row, column)?;
        if value < Decimal::ZERO {
            Err(self.error(
                row,
                column,
                format!("found {value}, expected a number not below 0"),
            ))
        } else {
            Ok(value)
        }
    }

    /// A yes/no cell: 是/否, yes/no, y/n, true/false, 1/0.
    pub fn boolean(&self, row: &Row, column: Column) -> Result<bool, InputError> {
        let cell = self.text(row, column);
        match cell.to_ascii_lowercase().as_str() {
            "是" | "yes" | "y" | "true" | "1" | "√" | "✓" => Ok(true),
            "否" | "no" | "n" | "false" | "0" | "×" | "✗" => Ok(false),
            _ => Err(self.error(
                row,
                column,
                format!("found \"{cell}\", expected 是 or 否 (yes/no)"),
            )),
        }
    }

    /// A year cell.
    pub fn year(&self, row: &Row, column: Column) -> Result<i32, InputError> {
        parse_year(self.text(row, column)).map_err(|m| self.error(row, column, m))
    }

    /// A cell that must be one of several values; each choice lists the words that select it,
    /// compared whole (ignoring spaces, quotes and letter case), never as substrings.
    pub fn choice<T: Copy>(
        &self,
        row: &Row,
        column: Column,
        choices: &[(T, &[&str])],
    ) -> Result<T, InputError> {
        let cell = self.text(row, column);
        let wanted = normalise_choice(cell);
        choices
            .iter()
            .find(|(_, words)| words.iter().any(|w| normalise_choice(w) == wanted))
            .map(|(value, _)| *value)
            .ok_or_else(|| {
                let expected: Vec<&str> = choices
                    .iter()
                    .filter_map(|(_, words)| words.first().copied())
                    .collect();
                self.error(
                    row,
                    column,
                    format!("found \"{cell}\", expected one of {}", expected.join(", ")),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REVENUE: ColumnSpec = ColumnSpec {
        id: "revenue",
        names: &["营业收入"],
    };
    const NAME: ColumnSpec = ColumnSpec {
        id: "name",
        names: &["企业名称"],
    };

    #[test]
    fn chinese_headers_with_units_and_english_ids_both_work() {
        let table = CsvTable::parse(
            "t.csv",
            "企业名称,营业收入（万元）\n甲,\"1,200.5\"\n,\n乙,３００\n".as_bytes(),
        )
        .expect("parse");
        let revenue = table.column(REVENUE).expect("revenue");
        let name = table.column(NAME).expect("name");
        assert_eq!(table.rows.len(), 2, "the empty row is skipped");
        let values: Vec<String> = table
            .rows
            .iter()
            .map(|r| {
                table
                    .number(r, revenue)
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(values, ["1200.5", "300"]);
        assert_eq!(table.text(&table.rows[1], name), "乙");
        assert_eq!(table.rows[1].line, 4);
    }

    #[test]
    fn errors_name_file_line_column_found_and_expected() {
        let table = CsvTable::parse("t.csv", b"name,revenue\na,12\nb,abc\n").expect("parse");
        let revenue = table.column(REVENUE).expect("revenue");
        let error = table.number(&table.rows[1], revenue).expect_err("abc");
        assert_eq!(error.line, Some(3));
        assert!(
            error
                .to_string()
                .starts_with("t.csv:3: column \"revenue\": found \"abc\", expected a number"),
            "{error}"
        );
        let missing = table
            .column(ColumnSpec {
                id: "profit",
                names: &["净利润"],
            })
            .expect_err("missing");
        assert!(
            missing
                .to_string()
                .contains("expected a column named profit or 净利润"),
            "{missing}"
        );
        let ragged = CsvTable::parse("r.csv", b"a,b\n1,2\n3\n").expect_err("ragged");
        assert!(
            ragged
                .to_string()
                .starts_with("r.csv:3: row: found 1 fields, expected 2"),
            "{ragged}"
        );
    }

    #[test]
    fn booleans_and_choices() {
        let table = CsvTable::parse("t.csv", "flag,level\n是,国家级\nmaybe,县级\n".as_bytes())
            .expect("parse");
        let flag = table
            .column(ColumnSpec {
                id: "flag",
                names: &[],
            })
            .expect("flag");
        let level = table
            .column(ColumnSpec {
                id: "level",
                names: &[],
            })
            .expect("level");
        assert_eq!(table.boolean(&table.rows[0], flag).ok(), Some(true));
        assert!(table.boolean(&table.rows[1], flag).is_err());
        let choices: &[(u8, &[&str])] = &[(1, &["国家级", "国家"]), (2, &["省级", "省"])];
        let table = CsvTable::parse(
            "t.csv",
            "flag,level\n是,国家级\nmaybe,县级\n否,省部级\n否, 省 级 \n".as_bytes(),
        )
        .expect("parse");
        assert_eq!(table.choice(&table.rows[0], level, choices).ok(), Some(1));
        let error = table
            .choice(&table.rows[1], level, choices)
            .expect_err("县级");
        assert!(
            error
                .to_string()
                .contains("found \"县级\", expected one of 国家级, 省级"),
            "{error}"
        );
        assert!(
            table.choice(&table.rows[2], level, choices).is_err(),
            "省部级 is not 省级: no substring matches"
        );
        assert_eq!(
            table.choice(&table.rows[3], level, choices).ok(),
            Some(2),
            "spaces are ignored"
        );
        let percent = CsvTable::parse("t.csv", b"revenue\n12%\n").expect("parse");
        let revenue = percent
            .column(ColumnSpec {
                id: "revenue",
                names: &[],
            })
            .expect("revenue");
        assert!(
            percent
                .number(&percent.rows[0], revenue)
                .expect_err("%")
                .to_string()
                .contains("expected a number without %")
        );
    }

    #[test]
    fn comment_lines_are_skipped_and_lines_still_counted() {
        let table = CsvTable::parse(
            "t.csv",
            "# 说明\nname,revenue\n# 示例,12\na,abc\n".as_bytes(),
        )
        .expect("parse");
        assert_eq!(table.rows.len(), 1, "the example row is a comment");
        let revenue = table.column(REVENUE).expect("revenue");
        let error = table.number(&table.rows[0], revenue).expect_err("abc");
        assert!(
            error.to_string().starts_with("t.csv:4: column \"revenue\""),
            "{error}"
        );
        let missing = table
            .column(ColumnSpec {
                id: "profit",
                names: &[],
            })
            .expect_err("missing");
        assert_eq!(missing.line, Some(2), "the header's own line");
    }

    #[test]
    fn worksheet_errors_name_the_cell() {
        let rows = vec![Row::new(7, vec!["甲".into(), "abc".into()])];
        let table = CsvTable::from_sheet(
            "p/package.xlsx",
            "企业",
            1,
            &["企业名称".into(), "营业收入（万元）".into()],
            rows,
        )
        .expect("table");
        let revenue = table.column(REVENUE).expect("revenue");
        let error = table.number(&table.rows[0], revenue).expect_err("abc");
        assert!(
            error
                .to_string()
                .starts_with("p/package.xlsx!企业!B7: column \"revenue\": found \"abc\""),
            "{error}"
        );
        let twice = CsvTable::from_sheet("w.xlsx", "s", 1, &["a".into(), "A".into()], vec![])
            .expect_err("twice");
        assert!(
            twice.to_string().starts_with("w.xlsx!s!B1: column \"a\""),
            "{twice}"
        );
    }
}
