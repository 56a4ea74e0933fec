//! An empty package for a park to fill (`package template DIR [--xlsx]`): `package.toml` with a
//! comment on every field, the declared figures with every measure of the rubric listed with
//! its name and unit, and every detail table with its Chinese headers — as CSV files with one
//! commented example row each, or as one workbook `package.xlsx` with drop-down lists for the
//! choice and 是/否 columns. Filled in, it passes `package check`. Pure: returns the files.

use super::layout::{
    ColumnKind, MEASURE_HEADERS, MEASURE_VALUE_COLUMN, TEMPLATE_TABLES, TemplateTable, YES_NO_WORDS,
};
use super::manifest::{DIRECTIONS, NAME_SUFFIX};
use super::tables::SHEET_NAMES;
use super::workbook::{NOTE_SHEETS, WORKBOOK};
use crate::rubric::Rubric;
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};

/// CSV files or one workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFormat {
    /// `measures.csv` and `tables/*.csv`, UTF-8 with BOM (Excel opens them with Chinese intact).
    Csv,
    /// `package.xlsx`.
    Xlsx,
}

/// The rows a workbook template offers drop-down lists on (2 to this, in Excel's numbering).
const TEMPLATE_ROWS: u32 = 2000;

/// The files of an empty package: relative path and content.
pub fn package_template(
    rubric: &Rubric,
    format: TemplateFormat,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut files = vec![(
        "package.toml".to_string(),
        crlf(&manifest_template()).into_bytes(),
    )];
    match format {
        TemplateFormat::Csv => {
            files.push(("measures.csv".to_string(), crlf_bytes(measures_csv(rubric))));
            for table in &TEMPLATE_TABLES {
                files.push((table.file.to_string(), crlf_bytes(table_csv(table))));
            }
        }
        TemplateFormat::Xlsx => files.push((
            WORKBOOK.to_string(),
            workbook(rubric).map_err(|e| format!("cannot make the workbook: {e}"))?,
        )),
    }
    Ok(files)
}

/// Text files a park opens in Notepad or Excel end their lines with CRLF (`\r\n`), on every
/// platform, so that the same template is written everywhere and every Windows editor shows
/// its lines (TOML and the CSV reader accept both).
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

fn crlf_bytes(bytes: Vec<u8>) -> Vec<u8> {
    crlf(&String::from_utf8_lossy(&bytes)).into_bytes()
}

/// `package.toml` with every field empty (so that an unfilled template fails the check, field
/// by field) and a comment in Chinese and English on each.
fn manifest_template() -> String {
    format!(
        r#"# 申报包清单（由园区填写）· package manifest, filled in by the park
# 填写后运行 cluster-review package check 本文件夹 检查。Check with: cluster-review package check DIR
# 材料：evidence/NN-标题.md 为第 NN 项指标的说明材料（如 01-政策文件.md），00-集群概况.md 为总体介绍。
# Evidence: evidence/NN-title.md belongs to indicator NN (01-政策文件.md); 00-集群概况.md is general.

# 申报包编号：字母、数字、. _ -（用作评审会话文件夹名），如 "jiangning-ai-2025"。
# Package id: letters, digits, . _ - (names the sessions folder).
id = ""

# 集群所在高新园区名称，如 "南京江宁高新园区"。The high-tech park.
park = ""

# 集群名称：集群所在高新园区名 + 集群产业分类名 + {NAME_SUFFIX}（指引 六(六)），
# 以园区名称开头、以“{NAME_SUFFIX}”结尾。The cluster: park + industry + {NAME_SUFFIX}.
cluster = ""

# 产业方向，须为指引第二部分的十四个方向之一 · one of the fourteen directions:
# {directions}
direction = ""

# 评价年度（四位数字，如 2025）。Evaluation year.
year = 0

# 评审轮次（可不填，默认 annual 年度绩效评价）：application 立项评审（专家还须评定第六部分的申报条件）、
# midterm 中期检查、annual 年度绩效评价、acceptance 验收。
# Round (optional, default annual): application, midterm, annual or acceptance.
# round = "annual"

# 示例数据标记：真实申报保持 false。true only for fictional sample data.
sample = false

[contact]
# 联系人（可不填）。Contact person (optional).
name = ""
# 联系电话。Telephone.
phone = ""
# 电子邮箱。E-mail.
email = ""
"#,
        directions = DIRECTIONS.join("、")
    )
}

/// The Chinese sheet name of a file.
fn sheet_name(file: &str) -> &'static str {
    SHEET_NAMES
        .iter()
        .find(|(f, _)| *f == file)
        .map_or("", |(_, name)| name)
}

/// One CSV record (quoted where needed), without the line end.
fn csv_record(cells: &[&str]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // writing to a Vec cannot fail
    let _ = writer.write_record(cells);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end().to_string()
}

/// The measure rows: id, name, indicator, unit, empty figure, empty source.
fn measure_rows(rubric: &Rubric) -> Vec<[String; 6]> {
    rubric
        .indicators()
        .flat_map(|indicator| {
            indicator.measures.iter().map(move |m| {
                [
                    m.id.clone(),
                    m.name.clone(),
                    format!("{} {}", indicator.id, indicator.short),
                    m.unit.clone(),
                    String::new(),
                    String::new(),
                ]
            })
        })
        .collect()
}

const CSV_NOTE: &str = "以 # 开头的行是注释，不会读取";
const NUMBER_NOTE: &str = "数字可带千位分隔符（1,234.5）或用全角数字；百分比可写 12.5 或 12.5%";

fn measures_csv(rubric: &Rubric) -> Vec<u8> {
    let mut text = String::from("\u{feff}");
    text.push_str(&format!(
        "# 申报数据：每个计量项一行，填写“数值”和“来源”；不申报的留空。{NUMBER_NOTE}。{CSV_NOTE}。\n"
    ));
    text.push_str(&csv_record(&MEASURE_HEADERS));
    text.push('\n');
    for row in measure_rows(rubric) {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        text.push_str(&csv_record(&cells));
        text.push('\n');
    }
    text.into_bytes()
}

/// What a column's cells must hold, for the comment line and the workbook's notes.
fn column_hint(kind: ColumnKind) -> String {
    match kind {
        ColumnKind::Text => "文字".to_string(),
        ColumnKind::Number => "数字，不带 %".to_string(),
        ColumnKind::YesNo => "是 或 否".to_string(),
        ColumnKind::Year => "年份，如 2025".to_string(),
        ColumnKind::Choice(words) => format!("{} 之一", words.join(" / ")),
    }
}

fn table_csv(table: &TemplateTable) -> Vec<u8> {
    let headers: Vec<&str> = table.columns.iter().map(|c| c.header).collect();
    let example: Vec<&str> = table.columns.iter().map(|c| c.example).collect();
    let hints: Vec<String> = table
        .columns
        .iter()
        .filter(|c| c.read)
        .map(|c| format!("{}：{}", c.header, column_hint(c.kind)))
        .collect();
    let mut text = String::from("\u{feff}");
    text.push_str(&format!(
        "# {}：每行一条，没有的留空表。{CSV_NOTE}；下面的示例行也是注释。\n# {}\n",
        table.title,
        hints.join("；")
    ));
    text.push_str(&csv_record(&headers));
    text.push('\n');
    text.push_str("# ");
    text.push_str(&csv_record(&example));
    text.push('\n');
    text.into_bytes()
}

/// The formats of a template workbook.
struct Formats {
    header: Format,
    given: Format,
    wrap: Format,
}

fn formats() -> Formats {
    Formats {
        header: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center),
        given: Format::new().set_background_color(Color::RGB(0xF2F2F2)),
        wrap: Format::new().set_text_wrap(),
    }
}

fn workbook(rubric: &Rubric) -> Result<Vec<u8>, XlsxError> {
    let formats = formats();
    let mut book = Workbook::new();
    book.push_worksheet(instructions_sheet(&formats)?);
    book.push_worksheet(measures_sheet(rubric, &formats)?);
    for table in &TEMPLATE_TABLES {
        book.push_worksheet(table_sheet(table, &formats)?);
    }
    book.save_to_buffer()
}

/// Header cells with a width fitting their text.
fn write_headers(
    sheet: &mut Worksheet,
    headers: &[&str],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (column, header) in headers.iter().enumerate() {
        let column = column as u16;
        sheet.write_string_with_format(0, column, *header, &formats.header)?;
        let width = unicode_width::UnicodeWidthStr::width(*header).max(8) as f64 + 2.0;
        sheet.set_column_width(column, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn instructions_sheet(formats: &Formats) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(NOTE_SHEETS[0])?;
    sheet.set_column_width(0, 110)?;
    let mut lines = vec![
        "申报数据填写说明（本页不会读取）".to_string(),
        "1. 在“计量项”表中为每个计量项填写“数值”和“来源”；不申报的留空。计量项编号、名称和单位已给出，请勿修改。".to_string(),
        "2. 各明细表第 1 行为表头，请勿修改；从第 2 行起每行一条记录，没有的表留空。灰底列之外的说明见表头批注。".to_string(),
        format!("3. {NUMBER_NOTE}。单元格按 Excel 显示的数值读取：输入 1296.89 即读作 1296.89；设为百分比格式的 6.62% 读作 6.62%。"),
        "4. 公式按其计算结果读取，请保存后再提交；出现 #DIV/0! 等错误值的单元格会被拒绝，并指出表名和单元格（如 企业!C7）。".to_string(),
        "5. 带下拉列表的列（级别、是否等）只能填列表中的值。".to_string(),
        "6. 本工作簿与 package.toml 放在同一文件夹中；不要再放 measures.csv 或 tables/*.csv。".to_string(),
        String::new(),
        "工作表：".to_string(),
    ];
    lines.push(format!(
        "{}（或 measures）：申报数据",
        sheet_name("measures.csv")
    ));
    for table in &TEMPLATE_TABLES {
        let stem = table
            .file
            .trim_start_matches("tables/")
            .trim_end_matches(".csv");
        lines.push(format!(
            "{}（或 {stem}）：{}",
            sheet_name(table.file),
            table.title
        ));
    }
    for (row, line) in lines.iter().enumerate() {
        let format = if row == 0 {
            &formats.header
        } else {
            &formats.wrap
        };
        sheet.write_string_with_format(row as u32, 0, line, format)?;
    }
    Ok(sheet)
}

fn measures_sheet(rubric: &Rubric, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(sheet_name("measures.csv"))?;
    write_headers(&mut sheet, &MEASURE_HEADERS, formats)?;
    for (row, cells) in measure_rows(rubric).iter().enumerate() {
        let row = row as u32 + 1;
        for (column, cell) in cells.iter().enumerate() {
            if column < MEASURE_VALUE_COLUMN {
                sheet.write_string_with_format(row, column as u16, cell, &formats.given)?;
            }
        }
    }
    sheet.set_column_width(1, 40)?;
    sheet.set_column_width(2, 30)?;
    sheet.set_column_width(5, 30)?;
    sheet.insert_note(
        0,
        MEASURE_VALUE_COLUMN as u16,
        &Note::new(format!("{NUMBER_NOTE}。不申报的留空。")).add_author_prefix(false),
    )?;
    Ok(sheet)
}

fn table_sheet(table: &TemplateTable, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(sheet_name(table.file))?;
    let headers: Vec<&str> = table.columns.iter().map(|c| c.header).collect();
    write_headers(&mut sheet, &headers, formats)?;
    for (column, spec) in table.columns.iter().enumerate() {
        let column = column as u16;
        let read = if spec.read {
            column_hint(spec.kind)
        } else {
            "供评审参考，可不填".to_string()
        };
        let note = Note::new(format!("{read}。示例：{}", spec.example))
            .add_author_prefix(false)
            .set_width(220);
        sheet.insert_note(0, column, &note)?;
        let words: Option<&[&str]> = match spec.kind {
            ColumnKind::Choice(words) => Some(words),
            ColumnKind::YesNo => Some(YES_NO_WORDS),
            _ => None,
        };
        if let Some(words) = words {
            let validation = DataValidation::new()
                .allow_list_strings(words)?
                .set_error_title("请从下拉列表中选择")?
                .set_error_message(format!("应为 {} 之一。", words.join("、")))?;
            sheet.add_data_validation(1, column, TEMPLATE_ROWS - 1, column, &validation)?;
        }
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::csv_table::CsvTable;
    use crate::rubric::embedded;

    #[test]
    fn csv_templates_parse_to_their_headers_and_no_rows() {
        let rubric = embedded().expect("rubric");
        let files = package_template(&rubric, TemplateFormat::Csv).expect("template");
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths.len(), 2 + TEMPLATE_TABLES.len());
        for (path, bytes) in &files {
            if TEMPLATE_TABLES.iter().any(|t| t.file == path) {
                let parsed = CsvTable::parse(path, bytes).expect("parses");
                assert!(parsed.rows.is_empty(), "{path}: the example is a comment");
                assert!(
                    bytes.starts_with(b"\xEF\xBB\xBF#"),
                    "{path}: BOM, then a comment"
                );
            }
        }
        let measures = files
            .iter()
            .find(|(p, _)| p == "measures.csv")
            .map(|(_, b)| CsvTable::parse("measures.csv", b).expect("parses"))
            .expect("measures.csv");
        assert_eq!(measures.rows.len(), rubric.measures().count());
    }

    /// Every text file of the template ends every line with CRLF, for Notepad and Excel.
    #[test]
    fn template_text_files_end_lines_with_crlf() {
        let rubric = embedded().expect("rubric");
        for format in [TemplateFormat::Csv, TemplateFormat::Xlsx] {
            for (path, bytes) in package_template(&rubric, format).expect("template") {
                if path.ends_with(".xlsx") {
                    continue;
                }
                let text = String::from_utf8(bytes).expect("utf-8");
                assert!(text.ends_with("\r\n"), "{path}");
                let lines = text.matches('\n').count();
                assert!(
                    lines > 1 && text.matches("\r\n").count() == lines,
                    "{path}: a bare LF"
                );
            }
        }
        let manifest = crlf(&manifest_template());
        assert!(crate::package::parse_manifest("package.toml", &manifest).is_err());
        assert_eq!(crlf("a\r\nb\n"), "a\r\nb\r\n", "never CR CR LF");
    }

    #[test]
    fn the_manifest_lists_every_direction_and_fails_until_filled() {
        let text = crlf(&manifest_template());
        for direction in DIRECTIONS {
            assert!(text.contains(direction), "{direction}");
        }
        let errors =
            crate::package::parse_manifest("package.toml", &text).expect_err("empty fields");
        let items: Vec<&str> = errors.iter().filter_map(|e| e.item.as_deref()).collect();
        for field in ["id", "park", "cluster", "direction", "year"] {
            assert!(items.contains(&field), "{field} not reported: {items:?}");
        }
    }
}
