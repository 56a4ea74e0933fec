//! The panel's 汇总表 on landscape A4: per cluster in ranking order, the indicators × experts
//! matrix with the panel value (▲ marks a divergent score), consensus notes and agreed
//! corrections by the measures' names, the totals; the experts who recused (回避); then the
//! ranking and the chair's signature and date lines.

use super::super::model::CombinedSheet;
use super::super::remarks::{
    divergent, ledger_rows, method_name, panel_remarks, robustness_caption, robustness_rows,
    total_weight,
};
use super::expert::non_blank;
use super::layout::{Align, Columns, Layout};
use crate::panel::render::ExclusionCode;

/// Lays the combined evaluation out; `date` is the chair's date (empty for a draft).
pub fn lay_out(layout: &mut Layout<'_>, s: &CombinedSheet, signed: bool, date: &str) {
    let e = &s.evaluation;
    layout.heading("南京市创新型产业集群评审 · 专家组综合评价表", 16.0, true);
    if !signed {
        layout.heading("（草稿，未签署）", 10.0, true);
    }
    if let Some(m) = &s.meeting {
        layout.paragraph(&format!("评审会：{}（{}）", m.title, m.date), 9.0);
    }
    layout.paragraph(
        &format!(
            "评价指标体系：{}　　汇总方法：{}　　参评集群 {} 个",
            e.rubric.id,
            method_name(e.method),
            e.clusters.len()
        ),
        9.0,
    );
    if !e.unsigned.is_empty() {
        layout.paragraph(
            &format!(
                "未签署的专家评分（经 --allow-unsigned 计入）：{}",
                e.unsigned.join("、")
            ),
            9.0,
        );
    }
    let recused: Vec<String> = e
        .excluded
        .iter()
        .filter(|x| x.reason == ExclusionCode::Recused)
        .map(|x| format!("{}（{}，{}）", x.expert, x.package_id, x.detail))
        .collect();
    if !recused.is_empty() {
        layout.paragraph(&format!("回避：{}", recused.join("；")), 9.0);
    }
    for cluster in &e.clusters {
        layout.space(6.0);
        layout.ensure(80.0);
        layout.heading(
            &format!(
                "第 {} 名　{}（{}，{} 年，{}）　总分 {}",
                cluster.rank,
                cluster.cluster,
                cluster.park,
                cluster.year,
                cluster.package_id,
                cluster.total
            ),
            10.5,
            false,
        );
        let experts = &cluster.experts;
        let fixed = 22.0 + 28.0 + 40.0 + 120.0;
        let width = layout.width();
        // expert columns narrow (down to what "10.00 ▲" needs) so that every expert fits
        let expert_width = if experts.is_empty() {
            30.0
        } else {
            ((width - fixed - 90.0) / experts.len() as f32).clamp(24.0, 34.0)
        };
        let indicator_width = (width - fixed - expert_width * experts.len() as f32).max(90.0);
        let mut cols = vec![
            (22.0, Align::Centre),
            (indicator_width, Align::Left),
            (28.0, Align::Right),
        ];
        cols.extend(experts.iter().map(|_| (expert_width, Align::Right)));
        cols.push((40.0, Align::Right));
        cols.push((120.0, Align::Left));
        let columns = Columns {
            x: layout.margin,
            cols,
        };
        let mut header = vec!["序号".to_string(), "评价指标".into(), "权重".into()];
        header.extend(experts.iter().map(|x| x.name.clone()));
        header.push("专家组".into());
        header.push("合议意见 / 核定".into());
        layout.table_header(&columns, &header, 8.0);
        for indicator in &cluster.indicators {
            let mut row = vec![
                indicator.id.to_string(),
                indicator.name.clone().unwrap_or_default(),
                indicator.weight.clone(),
            ];
            for expert in experts {
                let points = indicator
                    .scores
                    .get(&expert.id)
                    .map_or("—".to_string(), Clone::clone);
                row.push(if divergent(indicator, &expert.id) {
                    format!("{points} ▲")
                } else {
                    points
                });
            }
            row.push(indicator.panel.clone().unwrap_or_else(|| "—".into()));
            row.push(panel_remarks(indicator).join("\n"));
            layout.row(&columns, &row, 7.5);
        }
        let mut total = vec![
            String::new(),
            "合计".to_string(),
            total_weight(cluster.categories.iter().map(|c| c.weight.as_str())),
        ];
        total.extend(experts.iter().map(|x| x.total.clone()));
        total.push(cluster.total.clone());
        total.push(String::new());
        layout.row(&columns, &total, 8.0);
        layout.end_table();
    }
    layout.paragraph("▲ 该专家评分偏离专家组均值超过规定的偏离度。", 8.0);
    layout.space(10.0);
    layout.ensure(40.0);
    let ranking: Vec<String> = e
        .clusters
        .iter()
        .map(|c| format!("{}. {} {}", c.rank, c.cluster, c.total))
        .collect();
    layout.paragraph(&format!("排名：{}", ranking.join("；")), 9.5);
    corrections(layout, s);
    robustness(layout, s);
    layout.space(20.0);
    layout.ensure(30.0);
    layout.paragraph(
        &format!(
            "评审组长签字：________________________　　日期：{}",
            non_blank(date)
        ),
        10.5,
    );
}

/// The correction ledger: what each agreed correction changed (absent without corrections).
fn corrections(layout: &mut Layout<'_>, s: &CombinedSheet) {
    let rows = ledger_rows(&s.evaluation);
    if rows.is_empty() {
        return;
    }
    layout.space(8.0);
    layout.ensure(60.0);
    layout.heading("核定更正记录（未更正 → 更正后）", 10.5, false);
    let fixed = 110.0 + 95.0 + 110.0 + 120.0 + 45.0;
    let columns = Columns {
        x: layout.margin,
        cols: vec![
            (110.0, Align::Left),
            ((layout.width() - fixed - 110.0).max(90.0), Align::Left),
            (95.0, Align::Left),
            (110.0, Align::Left),
            (120.0, Align::Left),
            (45.0, Align::Centre),
            (110.0, Align::Left),
        ],
    };
    let header = [
        "集群",
        "计量项",
        "数值",
        "计量项得分",
        "集群总分",
        "名次",
        "理由",
    ];
    layout.table_header(&columns, &header.map(String::from), 8.0);
    for row in rows {
        layout.row(&columns, &row, 7.5);
    }
    layout.end_table();
}

/// The short rank-acceptability table (absent when nothing was drawn).
fn robustness(layout: &mut Layout<'_>, s: &CombinedSheet) {
    let e = &s.evaluation;
    let rows = robustness_rows(e);
    if rows.is_empty() || e.robustness.draws == 0 {
        return;
    }
    layout.space(8.0);
    layout.ensure(60.0);
    layout.heading("排名稳健性（名次可接受度）", 10.5, false);
    layout.paragraph(&robustness_caption(e), 8.0);
    let fixed = 40.0 + 110.0 + 80.0 + 80.0;
    let columns = Columns {
        x: layout.margin,
        cols: vec![
            (40.0, Align::Centre),
            ((layout.width() - fixed).clamp(120.0, 320.0), Align::Left),
            (110.0, Align::Right),
            (80.0, Align::Centre),
            (80.0, Align::Centre),
        ],
    };
    let header = ["名次", "集群", "保持该名次的占比", "名次范围", "最常见名次"];
    layout.table_header(&columns, &header.map(String::from), 8.0);
    for row in rows {
        layout.row(&columns, &row, 7.5);
    }
    layout.end_table();
}
