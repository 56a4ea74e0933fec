//! The paper score sheet an expert fills by hand or in Excel (`session template`): one row per
//! qualitative indicator, per measure, per application condition (filled in an application
//! review only) and for the overall opinion, in the columns `session
//! import` reads, with Chinese headers. The name, full marks and unit columns are for the expert
//! and are ignored on import. As CSV (UTF-8 with BOM) or as a workbook whose first sheet is the
//! score sheet, with drop-down lists for the status and a points range per indicator.

use crate::rubric::{IndicatorKind, Rubric};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// The headers of the paper sheet, in order.
pub const PAPER_HEADERS: [&str; 9] = [
    "类型",
    "编号",
    "名称",
    "满分",
    "单位",
    "得分",
    "核验",
    "更正值",
    "意见",
];

/// The status words offered in the workbook's drop-down list.
const STATUS_WORDS: [&str; 4] = ["已核实", "存疑", "缺证明", "未核验"];

/// The verdicts on an application condition offered in the workbook's drop-down list.
const VERDICT_WORDS: [&str; 3] = ["符合", "基本符合", "不符合"];

/// The name of the score sheet in the workbook.
pub const PAPER_SHEET: &str = "评分表";

/// One row of the sheet: kind, id, name, full marks, unit (the rest is for the expert).
fn rows(rubric: &Rubric) -> Vec<[String; 5]> {
    let mut rows = Vec::new();
    for indicator in rubric.indicators() {
        if indicator.kind == IndicatorKind::Qualitative {
            rows.push([
                "指标".to_string(),
                indicator.id.to_string(),
                indicator.name.clone(),
                indicator.weight.normalize().to_string(),
                indicator.unit.clone(),
            ]);
        }
    }
    for indicator in rubric.indicators() {
        for measure in &indicator.measures {
            rows.push([
                "计量项".to_string(),
                measure.id.clone(),
                format!("{}（指标 {}）", measure.name, indicator.id),
                String::new(),
                measure.unit.clone(),
            ]);
        }
    }
    for condition in &rubric.conditions {
        rows.push([
            "申报条件".to_string(),
            condition.id.to_string(),
            format!("（仅立项评审）{}{}", condition.label(), condition.text),
            String::new(),
            String::new(),
        ]);
    }
    rows.push([
        "综合意见".to_string(),
        String::new(),
        "综合评价意见".to_string(),
        String::new(),
        String::new(),
    ]);
    rows
}

/// The sheet as CSV, UTF-8 with BOM.
pub fn paper_sheet_csv(rubric: &Rubric) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    // writing to a Vec cannot fail
    let _ = writer.write_record(PAPER_HEADERS);
    for row in rows(rubric) {
        let mut record: Vec<&str> = row.iter().map(String::as_str).collect();
        record.extend(["", "", "", ""]);
        let _ = writer.write_record(&record);
    }
    writer.into_inner().unwrap_or_default()
}

/// The sheet as a workbook: the score sheet first, then instructions.
pub fn paper_sheet_xlsx(rubric: &Rubric) -> Result<Vec<u8>, XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let given = Format::new()
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_text_wrap();
    let mut sheet = Worksheet::new();
    sheet.set_name(PAPER_SHEET)?;
    for (column, title) in PAPER_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *title, &header)?;
    }
    for (column, width) in [8.0, 16.0, 48.0, 6.0, 8.0, 8.0, 10.0, 10.0, 60.0]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(column as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    let status = DataValidation::new()
        .allow_list_strings(&STATUS_WORDS)?
        .set_error_message("应为 已核实、存疑、缺证明 或 未核验。")?;
    let verdict = DataValidation::new()
        .allow_list_strings(&VERDICT_WORDS)?
        .set_error_message("应为 符合、基本符合 或 不符合。")?;
    for (index, row) in rows(rubric).iter().enumerate() {
        let line = index as u32 + 1;
        for (column, cell) in row.iter().enumerate() {
            if column == 3 && !cell.is_empty() {
                let full = cell.parse::<f64>().unwrap_or_default();
                sheet.write_number_with_format(line, 3, full, &given)?;
            } else {
                sheet.write_string_with_format(line, column as u16, cell, &given)?;
            }
        }
        match row[0].as_str() {
            "指标" => {
                let weight = rubric
                    .indicator(row[1].parse().unwrap_or_default())
                    .and_then(|i| i.weight.to_f64())
                    .unwrap_or_default();
                let points = DataValidation::new()
                    .allow_decimal_number(DataValidationRule::Between(0.0, weight))
                    .set_error_message(format!("得分应在 0 到 {weight} 之间。"))?;
                sheet.add_data_validation(line, 5, line, 5, &points)?;
            }
            "计量项" => {
                sheet.add_data_validation(line, 6, line, 6, &status)?;
            }
            "申报条件" => {
                sheet.add_data_validation(line, 6, line, 6, &verdict)?;
            }
            _ => {}
        }
    }
    let mut notes = Worksheet::new();
    notes.set_name("说明")?;
    notes.set_column_width(0, 100)?;
    for (line, text) in [
        "评分表填写说明（本页不会读取）",
        "1. 指标行：在“得分”填写分数（0 到满分，按评分表的步长，如 0.5），在“意见”写评分理由。",
        "2. 计量项行：在“核验”选择 已核实 / 存疑 / 缺证明 / 未核验；申报值有误时在“更正值”填写更正后的数值，在“意见”写批注。",
        "3. 综合意见行：在“意见”写综合评价意见。",
        "   申报条件行（仅立项评审）：在“核验”选择 符合 / 基本符合 / 不符合，在“意见”写说明（基本符合、不符合须写明理由）；其他评审留空。",
        "4. 留空的单元格不改变会话中的内容。“名称”“满分”“单位”列仅供参考，导入时不读取。",
        "5. 导入：cluster-review session import 会话文件 --xlsx 本文件；任何一行有误则全部不导入，并指出表名和单元格。",
    ]
    .iter()
    .enumerate()
    {
        notes.write_string(line as u32, 0, *text)?;
    }
    let mut book = Workbook::new();
    book.push_worksheet(sheet);
    book.push_worksheet(notes);
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::CsvTable;
    use crate::rubric::embedded;

    #[test]
    fn one_row_per_qualitative_indicator_measure_and_the_overall_opinion() {
        let rubric = embedded().expect("rubric");
        let table = CsvTable::parse("sheet.csv", &paper_sheet_csv(&rubric)).expect("parses");
        let qualitative = rubric
            .indicators()
            .filter(|i| i.kind == IndicatorKind::Qualitative)
            .count();
        assert_eq!(qualitative, 4);
        assert_eq!(
            table.rows.len(),
            qualitative + rubric.measures().count() + rubric.conditions.len() + 1
        );
        assert_eq!(rubric.conditions.len(), 6);
    }
}
