//! A CSV file (or a worksheet of `package.xlsx`, its cells read as text) held in memory with its
//! header, and typed access to its cells. Headers may be the English column id or a Chinese
//! name; text in parentheses is ignored (`营业收入（万元）`). A CSV line starting with `#` is a
//! comment. Every cell error names the file and line (`FILE:LINE: column "id"`) or the sheet
//! and cell (`package.xlsx!企业!C7: column "id"`), what was found (cut to a readable length)
//! and what was expected. Lines are counted by the file's own line ends (LF or the CRLF that
//! Excel writes); a header may have at most `MAX_COLUMNS` columns; and a file's errors of one
//! kind stop after `ERRORS_PER_KIND`, with a count of the rest (`capped`).

use super::sheet_ref::cell_name;
use super::text::decode;
use crate::error::InputError;
use crate::numbers::{clipped, parse_number, parse_year};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// The most columns a header may have: every known file has a dozen or fewer, so more is a
/// mistake (or an attack), refused before any per-column work is done.
pub const MAX_COLUMNS: usize = 256;

/// Errors of one kind (one file, one item) shown before the rest are only counted.
pub const ERRORS_PER_KIND: usize = 5;

/// At most `ERRORS_PER_KIND` errors of each kind (same file, same item), in their order, and
/// for each kind cut short one more saying how many were left out.
pub fn capped(errors: Vec<InputError>) -> Vec<InputError> {
    let mut counts: BTreeMap<(String, Option<String>), usize> = BTreeMap::new();
    let mut kept = Vec::new();
    for error in errors {
        let count = counts
            .entry((error.file.clone(), error.item.clone()))
            .or_default();
        *count += 1;
        if *count <= ERRORS_PER_KIND {
            kept.push(error);
        }
    }
    for ((file, item), count) in counts {
        if count > ERRORS_PER_KIND {
            let more = count - ERRORS_PER_KIND;
            let what = item.map_or_else(|| "this file".to_string(), |i| i.to_string());
            kept.push(InputError::file(
                file,
                format!("{more} more errors of {what} not shown ({count} in all), expected none: fix the ones above and check again"),
            ));
        }
    }
    kept
}

/// Line numbers of byte offsets, counted forward once (records come in order), so numbering a
/// file's records is linear in its size.
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Bytes counted so far.
    at: usize,
    /// Line ends before `at`.
    ends: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            at: 0,
            ends: 0,
        }
    }

    /// The 1-based line on which a record starting at `byte` begins. The `csv` reader reports
    /// a record's start at the line end before it (the `\n` of a CRLF, blank lines), so the
    /// line ends there are skipped before counting; LF and CRLF files get the same numbers.
    fn line_at(&mut self, byte: usize) -> usize {
        let mut start = byte.min(self.bytes.len());
        loop {
            match self.bytes.get(start) {
                Some(b'\n' | b'\r') => start += 1,
                // a comment line (the reader skips it and reports the record's start before it)
                Some(b'#') => {
                    start += self
                        .bytes
                        .get(start..)
                        .and_then(|rest| rest.iter().position(|b| *b == b'\n'))
                        .map_or(self.bytes.len() - start, |end| end + 1);
                }
                _ => break,
            }
        }
        if start < self.at {
            (self.at, self.ends) = (0, 0);
        }
        self.ends += self
            .bytes
            .get(self.at..start)
            .map_or(0, |s| s.iter().filter(|b| **b == b'\n').count());
        self.at = start;
        self.ends + 1
    }
}

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
        // a malformed record ends the parse: its line is counted once, from the start
        let csv_error = |e: csv::Error| {
            let line = e
                .position()
                .map_or(1, |p| LineCounter::new(&text).line_at(p.byte() as usize));
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
        if header.len() > MAX_COLUMNS {
            return Err(InputError::at(
                file,
                1,
                "header",
                format!(
                    "found {} columns, expected at most {MAX_COLUMNS}",
                    header.len()
                ),
            ));
        }
        let mut lines = LineCounter::new(&text);
        let header_line = header
            .position()
            .map_or(1, |p| lines.line_at(p.byte() as usize));
        let headers: Vec<String> = header.iter().map(normalise_header).collect();
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(csv_error)?;
            let line = record
                .position()
                .map_or(0, |p| lines.line_at(p.byte() as usize));
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

    /// Refuses a header that names a column twice (in one pass, however wide the header).
    fn checked(table: Self) -> Result<Self, InputError> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, h) in table.headers.iter().enumerate() {
            if !h.is_empty() && seen.insert(h.as_str(), i).is_some() {
                return Err(table.locate(
                    table.header_line,
                    Some(i),
                    format!("column \"{}\"", clipped(h)),
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
                        clipped(&self.headers.join(",")),
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
            Ok(n) if n.percent => Err(self.error(
                row,
                column,
                format!(
                    "found \"{}\", expected a number without % (this column is not a percentage)",
                    clipped(cell)
                ),
            )),
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
                format!("found \"{}\", expected 是 or 否 (yes/no)", clipped(cell)),
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
                    format!(
                        "found \"{}\", expected one of {}",
                        clipped(cell),
                        expected.join(", ")
                    ),
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

    /// Excel writes CRLF: every record's line is the same as in the LF file, after blank lines
    /// and inside quoted cells with line breaks too.
    #[test]
    fn crlf_files_number_lines_like_lf_files() {
        for (lf, expected) in [
            ("name,revenue\na,1\nb,2\n", vec![2, 3]),
            ("name,revenue\n\na,1\n\n\nb,2\n", vec![3, 6]),
            ("name,revenue\n\"a\nx\",1\nb,2\n", vec![2, 4]),
        ] {
            let crlf = lf.replace('\n', "\r\n");
            for text in [lf.to_string(), crlf] {
                let table = CsvTable::parse("t.csv", text.as_bytes()).expect("parse");
                let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
                assert_eq!(lines, expected, "{text:?}");
            }
        }
        let ragged = CsvTable::parse("r.csv", b"a,b\r\n1,2\r\n3\r\n").expect_err("ragged");
        assert_eq!(ragged.line, Some(3), "{ragged}");
    }

    #[test]
    fn headers_are_limited_and_duplicates_found_in_linear_time() {
        let wide = vec!["c"; MAX_COLUMNS + 1]
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let error = CsvTable::parse("w.csv", wide.as_bytes()).expect_err("too wide");
        assert!(
            error
                .to_string()
                .contains("found 257 columns, expected at most 256"),
            "{error}"
        );
        let twice = CsvTable::parse("d.csv", b"a,b,a\n1,2,3\n").expect_err("twice");
        assert!(
            twice.to_string().contains("column \"a\": appears twice"),
            "{twice}"
        );
    }

    #[test]
    fn a_huge_bad_cell_is_cut_in_the_message() {
        let cell = "x".repeat(1_000_000);
        let text = format!("flag\n{cell}\n");
        let table = CsvTable::parse("t.csv", text.as_bytes()).expect("parse");
        let flag = table
            .column(ColumnSpec {
                id: "flag",
                names: &[],
            })
            .expect("flag");
        let message = table
            .boolean(&table.rows[0], flag)
            .expect_err("bad")
            .to_string();
        assert!(message.len() < 400, "{} bytes", message.len());
        assert!(message.contains("1000000 characters"), "{message}");
    }

    #[test]
    fn errors_of_one_kind_stop_after_a_few_and_say_how_many_more() {
        let errors: Vec<InputError> = (0..1000)
            .map(|i| InputError::at("t.csv", i + 2, "column \"name\"", "found \"甲\" again"))
            .chain([InputError::at(
                "t.csv",
                9,
                "column \"revenue\"",
                "found \"x\"",
            )])
            .collect();
        let shown = capped(errors);
        assert_eq!(shown.len(), ERRORS_PER_KIND + 1 + 1);
        let last = shown.last().map(ToString::to_string).unwrap_or_default();
        assert!(
            last.contains("995 more errors of column \"name\" not shown (1000 in all)"),
            "{last}"
        );
    }
}
