//! Reading an Excel workbook (`.xlsx`, also as WPS writes it) into text tables, so that every
//! reader of CSV files reads worksheets with the very same rules. Row 1 of a sheet holds the
//! headers; each cell below becomes the text a CSV cell would hold: text as it is, a number by
//! the number rule (`excel_number`), a formula by its saved result, TRUE/FALSE as such, a date as
//! `YYYY-MM-DD`. An error value (`#DIV/0!`), a formula without a saved result, and data under an
//! empty header are errors naming the cell (`package.xlsx!企业!C7`).

use super::csv_table::{CsvTable, Row};
use super::excel_number::{is_percent_format, number_text};
use super::sheet_ref::cell_name;
use super::tables::SHEET_NAMES;
use crate::error::InputError;
use calamine::{Data, Range, Reader, StyleRange, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;

/// The workbook a package may carry instead of `measures.csv` and `tables/*.csv`.
pub const WORKBOOK: &str = "package.xlsx";

/// An opened workbook.
pub struct Workbook {
    file: String,
    book: Xlsx<Cursor<Vec<u8>>>,
    sheets: Vec<String>,
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook")
            .field("file", &self.file)
            .field("sheets", &self.sheets)
            .finish()
    }
}

impl Workbook {
    /// Opens a workbook from its bytes; `file` names it in errors.
    pub fn open(file: &str, bytes: &[u8]) -> Result<Self, InputError> {
        let book = Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|e| {
            InputError::file(
                file,
                format!("cannot be read as a workbook ({e}), expected an Excel .xlsx file"),
            )
        })?;
        let sheets = book.sheet_names();
        Ok(Self {
            file: file.to_string(),
            book,
            sheets,
        })
    }

    /// The worksheet names, in the workbook's order.
    pub fn sheet_names(&self) -> &[String] {
        &self.sheets
    }

    /// Reads a worksheet as a text table, reporting every cell that has no text to give.
    pub fn table(&mut self, sheet: &str) -> Result<CsvTable, Vec<InputError>> {
        let unreadable = |e: calamine::XlsxError| {
            vec![InputError::file(
                format!("{}!{sheet}", self.file),
                format!("cannot read the worksheet ({e}), expected an ordinary worksheet"),
            )]
        };
        let values = self.book.worksheet_range(sheet).map_err(unreadable)?;
        let formulas = self.book.worksheet_formula(sheet).map_err(unreadable)?;
        let styles = self.book.worksheet_style(sheet).map_err(unreadable)?;
        let is_1904 = self.book.has_1904_epoch();
        let cells = SheetCells {
            file: &self.file,
            sheet,
            values: &values,
            formulas: &formulas,
            styles: &styles,
            is_1904,
        };
        cells.table()
    }
}

/// Sheets a workbook may carry for people (instructions), read by nobody.
pub const NOTE_SHEETS: [&str; 2] = ["说明", "readme"];

/// The file a worksheet stands for: its name is the file stem (`enterprises`, any letter case)
/// or the Chinese name of [`SHEET_NAMES`] (`企业`).
pub fn sheet_file(sheet: &str) -> Option<&'static str> {
    let name = sheet.trim();
    SHEET_NAMES
        .iter()
        .find(|(file, chinese)| {
            let stem = file
                .rsplit('/')
                .next()
                .and_then(|f| f.strip_suffix(".csv"))
                .unwrap_or(file);
            name.eq_ignore_ascii_case(stem) || name == *chinese
        })
        .map(|(file, _)| *file)
}

/// The worksheets of a package workbook, read as the files they stand for.
#[derive(Debug)]
pub struct PackageSheets {
    /// By file (`measures.csv`, `tables/enterprises.csv`): the sheet's name and its table, or
    /// its errors.
    pub tables: BTreeMap<&'static str, (String, Result<CsvTable, Vec<InputError>>)>,
    /// Sheets that stand for no file (other than the instructions sheet), as `package.xlsx!SHEET`.
    pub unknown: Vec<String>,
    /// Every sheet's name, in the workbook's order.
    pub names: Vec<String>,
}

/// Reads every worksheet of a package workbook that stands for a file; two sheets for one file
/// are an error (which one counts would be ambiguous).
pub fn package_sheets(file: &str, bytes: &[u8]) -> Result<PackageSheets, Vec<InputError>> {
    let mut book = Workbook::open(file, bytes).map_err(|e| vec![e])?;
    let mut tables: BTreeMap<&'static str, (String, Result<CsvTable, Vec<InputError>>)> =
        BTreeMap::new();
    let mut unknown = Vec::new();
    let mut errors = Vec::new();
    for sheet in book.sheet_names().to_vec() {
        let Some(target) = sheet_file(&sheet) else {
            if !NOTE_SHEETS
                .iter()
                .any(|n| sheet.trim().eq_ignore_ascii_case(n))
            {
                unknown.push(format!("{WORKBOOK}!{sheet}"));
            }
            continue;
        };
        if let Some((first, _)) = tables.get(target) {
            errors.push(InputError::file(
                format!("{file}!{sheet}"),
                format!(
                    "stands for {target} like the sheet \"{first}\", expected one sheet per table"
                ),
            ));
            continue;
        }
        let table = book.table(&sheet);
        tables.insert(target, (sheet, table));
    }
    if errors.is_empty() {
        Ok(PackageSheets {
            tables,
            unknown,
            names: book.sheet_names().to_vec(),
        })
    } else {
        Err(errors)
    }
}

/// Every worksheet as CSV text for the evidence viewer, named `package.xlsx!SHEET`; a cell
/// without text shows what it holds (`#DIV/0!`). Unreadable workbooks give nothing (the check
/// reports them).
pub fn sheet_texts(bytes: &[u8]) -> Vec<(String, String)> {
    let Ok(mut book) = Workbook::open(WORKBOOK, bytes) else {
        return Vec::new();
    };
    let mut texts = Vec::new();
    for sheet in book.sheet_names().to_vec() {
        let (Ok(values), Ok(formulas), Ok(styles)) = (
            book.book.worksheet_range(&sheet),
            book.book.worksheet_formula(&sheet),
            book.book.worksheet_style(&sheet),
        ) else {
            continue;
        };
        let cells = SheetCells {
            file: WORKBOOK,
            sheet: &sheet,
            values: &values,
            formulas: &formulas,
            styles: &styles,
            is_1904: book.book.has_1904_epoch(),
        };
        let (last_row, last_column) = cells.end();
        let mut writer = csv::Writer::from_writer(Vec::new());
        for row in 0..=last_row {
            let record: Vec<String> = (0..=last_column)
                .map(|column| {
                    cells.text(row, column).unwrap_or_else(|_| {
                        cells
                            .values
                            .get_value((row as u32, column as u32))
                            .map(ToString::to_string)
                            .unwrap_or_default()
                    })
                })
                .collect();
            // writing to a Vec cannot fail
            let _ = writer.write_record(&record);
        }
        let text = writer
            .into_inner()
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        texts.push((format!("{WORKBOOK}!{sheet}"), text));
    }
    texts
}

/// One worksheet's values, formulas and styles.
struct SheetCells<'a> {
    file: &'a str,
    sheet: &'a str,
    values: &'a Range<Data>,
    formulas: &'a Range<String>,
    styles: &'a StyleRange,
    is_1904: bool,
}

impl SheetCells<'_> {
    /// The last used row and column (0-based) of values and formulas.
    fn end(&self) -> (usize, usize) {
        let end = [self.values.end(), self.formulas.end()]
            .into_iter()
            .flatten()
            .fold((0u32, 0u32), |(r, c), (er, ec)| (r.max(er), c.max(ec)));
        (end.0 as usize, end.1 as usize)
    }

    fn table(&self) -> Result<CsvTable, Vec<InputError>> {
        let (last_row, last_column) = self.end();
        if self.values.is_empty() && self.formulas.is_empty() {
            return Err(vec![self.error(
                "1:1",
                "row 1",
                "found an empty worksheet, expected the column headers in row 1",
            )]);
        }
        let mut errors = Vec::new();
        let mut headers = Vec::with_capacity(last_column + 1);
        for column in 0..=last_column {
            match self.text(0, column) {
                Ok(text) => headers.push(text),
                Err(message) => {
                    errors.push(self.error(&cell_name(1, column), "header", message));
                    headers.push(String::new());
                }
            }
        }
        if errors.is_empty() && headers.iter().all(String::is_empty) {
            return Err(vec![self.error(
                "1:1",
                "row 1",
                "found an empty first row, expected the column headers in row 1",
            )]);
        }
        let mut rows = Vec::new();
        for row in 1..=last_row {
            let mut cells = Vec::with_capacity(last_column + 1);
            for (column, header) in headers.iter().enumerate() {
                let item = format!("column \"{header}\"");
                match self.text(row, column) {
                    Ok(text) if header.is_empty() && !text.is_empty() => {
                        errors.push(self.error(
                            &cell_name(row + 1, column),
                            "header",
                            format!(
                                "found \"{text}\" under an empty header, expected data only in columns named in row 1"
                            ),
                        ));
                        cells.push(String::new());
                    }
                    Ok(text) => cells.push(text),
                    Err(message) => {
                        errors.push(self.error(&cell_name(row + 1, column), &item, message));
                        cells.push(String::new());
                    }
                }
            }
            rows.push(Row::new(row + 1, cells));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        CsvTable::from_sheet(self.file, self.sheet, 1, &headers, rows).map_err(|e| vec![e])
    }

    /// The text of the cell at a 0-based position, or what is wrong with it.
    fn text(&self, row: usize, column: usize) -> Result<String, String> {
        let position = (row as u32, column as u32);
        let value = self.values.get_value(position).unwrap_or(&Data::Empty);
        let formula = self.formulas.get_value(position).filter(|f| !f.is_empty());
        let text = match value {
            Data::Empty => {
                if let Some(formula) = formula {
                    return Err(format!(
                        "found the formula ={formula} without a saved result, expected its value (open and save the workbook in Excel or WPS, which store formula results)"
                    ));
                }
                String::new()
            }
            Data::String(text) => text.trim().to_string(),
            Data::Float(number) => number_text(*number, self.is_percent(position))?,
            Data::Int(number) => number_text(*number as f64, self.is_percent(position))?,
            Data::Bool(flag) => if *flag { "TRUE" } else { "FALSE" }.to_string(),
            Data::DateTime(date) if date.is_datetime() => serial_date(date.as_f64(), self.is_1904),
            Data::DateTime(duration) => {
                return Err(format!(
                    "found the time duration {} (days), expected a number or text",
                    duration.as_f64()
                ));
            }
            Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
            Data::Error(error) => {
                let source = formula
                    .map(|f| format!(" of the formula ={f}"))
                    .unwrap_or_default();
                return Err(format!(
                    "found the error value {error}{source}, expected a number or text (correct the cell in the workbook)"
                ));
            }
        };
        Ok(text)
    }

    fn is_percent(&self, position: (u32, u32)) -> bool {
        self.styles
            .get(position)
            .and_then(|s| s.number_format.as_ref())
            .is_some_and(|f| is_percent_format(&f.format_code))
    }

    fn error(&self, place: &str, item: &str, message: impl Into<String>) -> InputError {
        InputError {
            file: format!("{}!{}!{place}", self.file, self.sheet),
            line: None,
            item: Some(item.to_string()),
            message: message.into(),
        }
    }
}

/// A date cell as `YYYY-MM-DD` (with the time when it has one): Excel counts days from
/// 1899-12-30 (with its fictitious 1900-02-29, serial 60) or, in the 1904 system, from 1904-01-01.
fn serial_date(serial: f64, is_1904: bool) -> String {
    let days = serial.floor();
    let seconds = ((serial - days) * 86_400.0).round() as i64;
    let (base, offset) = match (is_1904, days < 60.0) {
        (true, _) => (jiff::civil::date(1904, 1, 1), days as i64),
        (false, true) => (jiff::civil::date(1899, 12, 31), days as i64),
        (false, false) => (jiff::civil::date(1899, 12, 30), days as i64),
    };
    if !is_1904 && days == 60.0 {
        return "1900-02-29".to_string();
    }
    let date = jiff::Span::new()
        .try_days(offset)
        .ok()
        .and_then(|span| base.checked_add(span).ok());
    match date {
        Some(date) if seconds == 0 => date.to_string(),
        Some(date) => format!(
            "{date} {:02}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        ),
        None => format!("{serial}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::csv_table::ColumnSpec;
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula};

    /// Every cell of row 2 of a one-sheet workbook, as text, by header.
    fn row_texts(book: &mut rust_xlsxwriter::Workbook) -> Vec<(String, String)> {
        let bytes = book.save_to_buffer().expect("workbook");
        let mut workbook = Workbook::open("w.xlsx", &bytes).expect("opens");
        let name = workbook.sheet_names()[0].clone();
        let table = workbook.table(&name).expect("table");
        ["a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|h| {
                let header: &'static str = h;
                let names: &'static [&'static str] = Box::leak(Box::new([header]));
                let column = table.column(ColumnSpec { id: "x", names }).expect("column");
                (
                    h.to_string(),
                    table.text(&table.rows[0], column).to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn cells_become_the_text_a_csv_cell_would_hold() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).expect("write");
        }
        sheet.write_string(1, 0, "  甲公司 ").expect("write");
        sheet.write_number(1, 1, 1296.89).expect("write");
        sheet.write_boolean(1, 2, true).expect("write");
        let date = Format::new().set_num_format("yyyy-mm-dd");
        sheet
            .write_datetime_with_format(
                1,
                3,
                ExcelDateTime::from_ymd(2025, 3, 31).expect("date"),
                &date,
            )
            .expect("write");
        let percent = Format::new().set_num_format("0.0%");
        sheet
            .write_formula_with_format(1, 4, Formula::new("=1/8").set_result("0.125"), &percent)
            .expect("write");
        sheet.write_number(1, 5, 0.1 + 0.2).expect("write");
        let texts = row_texts(&mut book);
        let values: Vec<&str> = texts.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            values,
            ["甲公司", "1296.89", "TRUE", "2025-03-31", "12.5%", "0.3"]
        );
    }

    #[test]
    fn dates_count_like_excel() {
        // =DATE(2025,3,31) is serial 45747 in Excel's 1900 system
        assert_eq!(serial_date(45747.0, false), "2025-03-31");
        assert_eq!(serial_date(1.0, false), "1900-01-01");
        assert_eq!(serial_date(59.0, false), "1900-02-28");
        assert_eq!(serial_date(61.0, false), "1900-03-01");
        assert_eq!(serial_date(45747.5, false), "2025-03-31 12:00:00");
        assert_eq!(serial_date(0.0, true), "1904-01-01");
    }
}
