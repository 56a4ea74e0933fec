//! The expert's 评分表 on A4: title, the sheet's header (cluster, park, year, package,
//! expert, declaration), the 20 indicators by category with weight, points and opinion (and the
//! expert's checks of figures), subtotals, total, the application conditions when there are
//! any, the overall opinion, and the signature and date lines.

use super::super::model::ExpertSheet;
use super::super::remarks::{declaration_text, expert_remarks, total_weight};
use super::layout::{Align, Columns, Layout};

/// Lays the expert's sheet out; `date` is the signer's date (empty for a draft).
pub fn lay_out(layout: &mut Layout<'_>, s: &ExpertSheet, signed: bool, date: &str) {
    layout.heading("南京市创新型产业集群评审 · 专家评分表", 16.0, true);
    if !signed {
        layout.heading("（草稿，未签署）", 10.0, true);
    }
    layout.space(4.0);
    let mut head = vec![
        format!("集群名称：{}", s.package.cluster),
        format!(
            "所在园区：{}　　年度：{}　　申报编号：{}",
            s.package.park, s.package.year, s.package.id
        ),
        format!(
            "评审专家：{} {}　　回避声明：{}　　第 {} 版　　日期：{}",
            s.expert.id,
            s.expert.name,
            declaration_text(s),
            s.session.revision,
            non_blank(date)
        ),
    ];
    if let Some(m) = &s.meeting {
        head.push(format!("评审会：{}（{}）", m.title, m.date));
    }
    head.push(format!(
        "评价指标体系：{}　申报材料摘要：{}",
        s.rubric.id, s.package.digest
    ));
    for line in head {
        layout.paragraph(&line, 9.0);
    }
    layout.space(4.0);
    let width = layout.width();
    let columns = Columns {
        x: layout.margin,
        cols: vec![
            (26.0, Align::Centre),
            (165.0, Align::Left),
            (34.0, Align::Right),
            (40.0, Align::Right),
            (width - 265.0, Align::Left),
        ],
    };
    layout.table_header(
        &columns,
        &["序号", "评价指标", "权重", "得分", "评审意见 / 数据核验"].map(String::from),
        9.0,
    );
    for category in &s.categories {
        layout.row(
            &columns,
            &[
                String::new(),
                category.name.clone(),
                category.weight.clone(),
                category.points.clone().unwrap_or_else(|| "—".into()),
                String::new(),
            ],
            9.0,
        );
        for indicator in s.indicators.iter().filter(|i| i.category == category.id) {
            layout.row(
                &columns,
                &[
                    indicator.id.to_string(),
                    indicator.name.clone(),
                    indicator.weight.clone(),
                    indicator.points.clone().unwrap_or_else(|| "—".into()),
                    expert_remarks(indicator).join("\n"),
                ],
                8.5,
            );
        }
    }
    layout.row(
        &columns,
        &[
            String::new(),
            "合计".into(),
            total_weight(s.categories.iter().map(|c| c.weight.as_str())),
            s.total.clone(),
            String::new(),
        ],
        9.0,
    );
    layout.end_table();
    if !s.conditions.is_empty() {
        layout.space(6.0);
        layout.ensure(60.0);
        layout.paragraph("申报条件（指引第六部分）：", 10.0);
        for c in &s.conditions {
            let verdict = match c.verdict.as_deref() {
                Some("met") => "符合",
                Some("largely_met") => "基本符合",
                Some("not_met") => "不符合",
                _ => "未评",
            };
            let note = if c.note.is_empty() {
                String::new()
            } else {
                format!("（{}）", c.note)
            };
            layout.paragraph(&format!("（{}）{verdict}{note}", c.id), 9.0);
        }
    }
    layout.space(8.0);
    layout.ensure(60.0);
    layout.paragraph("综合评价意见：", 10.0);
    layout.paragraph(&s.overall, 9.5);
    layout.space(22.0);
    layout.ensure(30.0);
    layout.paragraph(
        &format!(
            "评审专家签字：________________________　　日期：{}",
            non_blank(date)
        ),
        10.5,
    );
}

/// A date, or a blank to fill in by hand.
pub(super) fn non_blank(date: &str) -> String {
    if date.is_empty() {
        "____年__月__日".to_string()
    } else {
        date.to_string()
    }
}
