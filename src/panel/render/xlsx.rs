//! `merge --format xlsx`: the combined evaluation as a workbook the bureau opens in Excel or
//! WPS. The first sheet ranks the clusters (with the method, agreement and what was not
//! counted); then one sheet per cluster: indicators × experts, the panel value, mean and spread,
//! the flags (as a column, as notes on the flagged cells, and as colours: divergent red, reason
//! owed yellow), category subtotals and totals, then the measures with the package figure, the
//! value counted and each expert's check. Every figure is a number cell, never text: points
//! rounded half-up to two decimals (the sheet rule; totals are computed from unrounded values,
//! so a total may differ by 0.01 from the sum of the shown points, as on every sheet), shown
//! with two decimals; figures as exact as they are known. Headers are frozen.

use super::{cluster_title, flag_text, summary_lines};
use crate::display::round2;
use crate::i18n::Lang;
use crate::panel::{ClusterResult, Combined, Flag};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, Format, FormatBorder, Note, Workbook, Worksheet, XlsxError, utility::check_sheet_name,
};
use std::collections::BTreeSet;

/// Excel's limit on sheet names.
const SHEET_NAME_MAX: usize = 31;

/// The formats of the workbook.
struct Formats {
    title: Format,
    header: Format,
    points: Format,
    figure: Format,
    divergent: Format,
    reason_owed: Format,
    total: Format,
    text: Format,
}

fn formats() -> Formats {
    let points = Format::new().set_num_format("0.00");
    Formats {
        title: Format::new().set_bold().set_font_size(13),
        header: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin)
            .set_text_wrap(),
        divergent: points.clone().set_background_color(Color::RGB(0xF8CBAD)),
        reason_owed: points.clone().set_background_color(Color::RGB(0xFFE699)),
        total: points.clone().set_bold(),
        points,
        figure: Format::new().set_num_format("General"),
        text: Format::new().set_text_wrap(),
    }
}

/// A decimal as the nearest double (parsed from its exact text, so correctly rounded).
fn number(value: Decimal) -> f64 {
    value.normalize().to_string().parse().unwrap_or_default()
}

/// Points as written to a sheet: rounded half-up to two decimals.
fn points(value: Decimal) -> f64 {
    number(round2(value))
}

/// The combined evaluation as `.xlsx` bytes.
pub fn combined_xlsx(combined: &Combined, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let formats = formats();
    let mut book = Workbook::new();
    let ranking_name = lang.pick("排名", "ranking");
    let mut used: BTreeSet<String> = BTreeSet::from([ranking_name.to_string()]);
    book.push_worksheet(ranking_sheet(combined, ranking_name, lang, &formats)?);
    for cluster in &combined.clusters {
        let name = unique_sheet_name(&cluster.package.id, &mut used);
        book.push_worksheet(cluster_sheet(combined, cluster, &name, lang, &formats)?);
    }
    book.save_to_buffer()
}

/// A valid, unused sheet name from a package id: Excel's forbidden characters replaced, at
/// most 31 characters, a suffix where two ids would collide.
fn unique_sheet_name(id: &str, used: &mut BTreeSet<String>) -> String {
    let clean: String = id
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    let base: String = clean.chars().take(SHEET_NAME_MAX).collect();
    let base = if base.is_empty() || check_sheet_name(&base).is_err() {
        "cluster".to_string()
    } else {
        base
    };
    let mut name = base.clone();
    let mut n = 2;
    while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
        let suffix = format!("~{n}");
        let keep = SHEET_NAME_MAX - suffix.chars().count();
        name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    used.insert(name.clone());
    name
}

fn ranking_sheet(
    combined: &Combined,
    name: &str,
    lang: Lang,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(name)?;
    sheet.write_string_with_format(
        0,
        0,
        lang.pick("评审汇总 · 排名", "Combined evaluation · ranking"),
        &f.title,
    )?;
    let headers = [
        lang.pick("名次", "rank"),
        lang.pick("集群", "cluster"),
        lang.pick("申报包", "package"),
        lang.pick("园区", "park"),
        lang.pick("评价年度", "year"),
        lang.pick("总分", "total"),
        lang.pick("专家数", "experts"),
        lang.pick("未签署", "unsigned"),
    ];
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, column as u16, *header, &f.header)?;
    }
    for (column, width) in [6.0, 44.0, 16.0, 24.0, 9.0, 9.0, 8.0, 8.0]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(column as u16, *width)?;
    }
    sheet.set_freeze_panes(2, 0)?;
    let mut row = 2;
    for cluster in &combined.clusters {
        let unsigned = cluster.experts.iter().filter(|e| !e.signed).count();
        sheet.write_number(row, 0, cluster.rank as f64)?;
        sheet.write_string(row, 1, &cluster.package.cluster)?;
        sheet.write_string(row, 2, &cluster.package.id)?;
        sheet.write_string(row, 3, &cluster.package.park)?;
        sheet.write_number(row, 4, f64::from(cluster.package.year))?;
        sheet.write_number_with_format(row, 5, points(cluster.total), &f.total)?;
        sheet.write_number(row, 6, cluster.experts.len() as f64)?;
        sheet.write_number(row, 7, unsigned as f64)?;
        row += 1;
    }
    row += 1;
    for line in summary_lines(combined, lang) {
        sheet.write_string(row, 0, line)?;
        row += 1;
    }
    Ok(sheet)
}

/// The fill of an expert's cell: the first flag about that expert that has a colour.
fn expert_cell_format<'a>(flags: &[&Flag], f: &'a Formats) -> &'a Format {
    if flags.iter().any(|g| matches!(g, Flag::Divergent { .. })) {
        &f.divergent
    } else if flags.iter().any(|g| matches!(g, Flag::ReasonOwed { .. })) {
        &f.reason_owed
    } else {
        &f.points
    }
}

fn cluster_sheet(
    combined: &Combined,
    cluster: &ClusterResult,
    name: &str,
    lang: Lang,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(name)?;
    sheet.write_string_with_format(0, 0, cluster_title(cluster, lang), &f.title)?;
    let experts = cluster.experts.len() as u16;
    let (panel_col, mean_col, spread_col, flags_col) =
        (3 + experts, 4 + experts, 5 + experts, 6 + experts);
    let mut headers = vec![
        lang.pick("指标", "indicator").to_string(),
        lang.pick("名称", "name").to_string(),
        lang.pick("权重", "weight").to_string(),
    ];
    headers.extend(
        cluster
            .experts
            .iter()
            .map(|e| format!("{} {}", e.id, e.name)),
    );
    headers.extend([
        lang.pick("合议值", "panel").to_string(),
        lang.pick("平均", "mean").to_string(),
        lang.pick("极差", "spread").to_string(),
        lang.pick("标记", "flags").to_string(),
    ]);
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, column as u16, header, &f.header)?;
    }
    for (index, expert) in cluster.experts.iter().enumerate() {
        if !expert.signed {
            let note = Note::new(lang.pick(
                "未签署（按 --allow-unsigned 计入）",
                "unsigned (counted with --allow-unsigned)",
            ))
            .add_author_prefix(false);
            sheet.insert_note(1, 3 + index as u16, &note)?;
        }
    }
    sheet.set_column_width(0, 6)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(flags_col, 40)?;
    sheet.set_freeze_panes(2, 2)?;
    let mut row: u32 = 2;
    for result in &cluster.indicators {
        let short = combined
            .rubric
            .indicator(result.id)
            .map(|i| i.short.clone())
            .unwrap_or_default();
        sheet.write_number(row, 0, f64::from(result.id))?;
        sheet.write_string(row, 1, &short)?;
        sheet.write_number_with_format(row, 2, number(result.weight), &f.figure)?;
        for (index, expert) in cluster.experts.iter().enumerate() {
            let column = 3 + index as u16;
            let about: Vec<&Flag> = result
                .flags
                .iter()
                .filter(|g| g.expert() == expert.id)
                .collect();
            if let Some(p) = result.scores.get(&expert.id) {
                sheet.write_number_with_format(
                    row,
                    column,
                    points(*p),
                    expert_cell_format(&about, f),
                )?;
            }
            if !about.is_empty() {
                let text: Vec<String> = about.iter().map(|g| flag_text(g, lang)).collect();
                sheet.insert_note(
                    row,
                    column,
                    &Note::new(text.join("\n")).add_author_prefix(false),
                )?;
            }
        }
        if let Some(panel) = result.panel {
            sheet.write_number_with_format(row, panel_col, points(panel), &f.total)?;
        }
        if let Some(mean) = result.mean {
            sheet.write_number_with_format(row, mean_col, points(mean), &f.points)?;
        }
        if let Some(spread) = result.spread {
            sheet.write_number_with_format(row, spread_col, points(spread), &f.points)?;
        }
        let mut flags: Vec<String> = result.flags.iter().map(|g| flag_text(g, lang)).collect();
        for m in result.measures.iter().filter(|m| m.correction.is_some()) {
            flags.push(format!("{} {}", m.id, lang.pick("已更正", "corrected")));
        }
        if let Some(note) = &result.note {
            flags.push(format!(
                "{}：{note}",
                lang.pick("合议说明", "consensus note")
            ));
        }
        if !flags.is_empty() {
            sheet.write_string_with_format(row, flags_col, flags.join("; "), &f.text)?;
        }
        row += 1;
    }
    for (category, total) in combined.rubric.categories.iter().zip(&cluster.categories) {
        sheet.write_string_with_format(row, 1, &category.name, &f.header)?;
        sheet.write_number_with_format(row, 2, number(category.weight), &f.figure)?;
        sheet.write_number_with_format(row, panel_col, points(total.points), &f.total)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 1, lang.pick("总分", "total"), &f.header)?;
    sheet.write_number_with_format(row, 2, number(combined.rubric.total), &f.figure)?;
    for (index, expert) in cluster.experts.iter().enumerate() {
        sheet.write_number_with_format(row, 3 + index as u16, points(expert.total), &f.total)?;
    }
    sheet.write_number_with_format(row, panel_col, points(cluster.total), &f.total)?;
    row += 1;
    for condition in super::condition_rows(cluster, lang) {
        sheet.write_string_with_format(row, 1, &condition.label, &f.header)?;
        for (index, verdict) in condition.verdicts.iter().enumerate() {
            sheet.write_string_with_format(row, 3 + index as u16, verdict, &f.text)?;
        }
        sheet.write_string_with_format(row, panel_col, &condition.met, &f.text)?;
        sheet.write_string_with_format(row, flags_col, &condition.remarks, &f.text)?;
        row += 1;
    }
    row += 1;
    measures_table(&mut sheet, cluster, row, lang, f)?;
    Ok(sheet)
}

/// The measures below the grid: package figure, correction, value counted, points, and each
/// expert's status (and corrected figure).
fn measures_table(
    sheet: &mut Worksheet,
    cluster: &ClusterResult,
    first_row: u32,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let mut headers = vec![
        lang.pick("指标", "indicator").to_string(),
        lang.pick("计量项", "measure").to_string(),
        lang.pick("申报值", "package figure").to_string(),
        lang.pick("采用值", "value counted").to_string(),
        lang.pick("得分", "points").to_string(),
        lang.pick("更正理由", "correction reason").to_string(),
    ];
    headers.extend(cluster.experts.iter().map(|e| e.id.clone()));
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(first_row, column as u16, header, &f.header)?;
    }
    let mut row = first_row + 1;
    for result in &cluster.indicators {
        for m in &result.measures {
            sheet.write_number(row, 0, f64::from(result.id))?;
            sheet.write_string(row, 1, &m.id)?;
            if let Some(value) = m.package_value {
                sheet.write_number_with_format(row, 2, number(value), &f.figure)?;
            }
            if let Some(value) = m.value {
                sheet.write_number_with_format(row, 3, number(value), &f.figure)?;
            }
            sheet.write_number_with_format(row, 4, points(m.points), &f.points)?;
            if let Some(correction) = &m.correction {
                sheet.write_string_with_format(row, 5, &correction.reason, &f.text)?;
            }
            for (index, expert) in cluster.experts.iter().enumerate() {
                if let Some((status, corrected)) = m.checks.get(&expert.id) {
                    let text = match corrected {
                        Some(c) => format!("{} → {}", status.as_str(), c.normalize()),
                        None => status.as_str().to_string(),
                    };
                    sheet.write_string(row, 6 + index as u16, text)?;
                }
            }
            row += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_short_and_unique() {
        let mut used = BTreeSet::from(["排名".to_string()]);
        assert_eq!(unique_sheet_name("demo", &mut used), "demo");
        assert_eq!(unique_sheet_name("DEMO", &mut used), "DEMO~2");
        assert_eq!(unique_sheet_name("a/b", &mut used), "a_b");
        let long = "x".repeat(40);
        let first = unique_sheet_name(&long, &mut used);
        let second = unique_sheet_name(&long, &mut used);
        assert_eq!(first.chars().count(), 31);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with("~2"));
        assert_eq!(unique_sheet_name("排名", &mut used), "排名~2");
    }
}
