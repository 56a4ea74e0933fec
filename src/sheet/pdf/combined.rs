//! The panel's 汇总表 on landscape A4: per cluster in ranking order, the indicators × experts
//! matrix with the panel value, consensus notes and agreed corrections, the totals; then the
//! ranking and the chair's signature and date lines.

use super::super::{field as s, items, panel_remarks, total_weight};
use super::date_of;
use super::expert::non_blank;
use super::layout::{Align, Columns, Layout};
use serde_json::Value;

/// Lays the combined evaluation out.
pub fn lay_out(layout: &mut Layout<'_>, v: &Value) {
    layout.heading("南京市创新型产业集群评审 · 专家组综合评价表", 16.0, true);
    if v.get("signed_at").is_none_or(Value::is_null) {
        layout.heading("（草稿，未签署）", 10.0, true);
    }
    let clusters = items(v, "/evaluation/clusters");
    layout.paragraph(
        &format!(
            "评价指标体系：{}　　汇总方法：{}　　参评集群 {} 个",
            s(v, "/evaluation/rubric/id"),
            s(v, "/evaluation/method"),
            clusters.len()
        ),
        9.0,
    );
    let unsigned = items(v, "/evaluation/unsigned");
    if !unsigned.is_empty() {
        let files: Vec<String> = unsigned.iter().map(|f| s(f, "")).collect();
        layout.paragraph(
            &format!(
                "未签署的专家评分（经 --allow-unsigned 计入）：{}",
                files.join("、")
            ),
            9.0,
        );
    }
    for cluster in clusters {
        layout.space(6.0);
        layout.ensure(80.0);
        layout.heading(
            &format!(
                "第 {} 名　{}（{}，{} 年，{}）　总分 {}",
                s(cluster, "/rank"),
                s(cluster, "/cluster"),
                s(cluster, "/park"),
                s(cluster, "/year"),
                s(cluster, "/package_id"),
                s(cluster, "/total")
            ),
            10.5,
            false,
        );
        let experts = items(cluster, "/experts");
        let fixed = 22.0 + 28.0 + 40.0 + 120.0;
        let width = layout.width();
        // expert columns narrow (down to what "10.00" needs) so that every expert fits
        let expert_width = if experts.is_empty() {
            30.0
        } else {
            ((width - fixed - 90.0) / experts.len() as f32).clamp(20.0, 30.0)
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
        header.extend(experts.iter().map(|e| s(e, "/name")));
        header.push("专家组".into());
        header.push("合议意见 / 核定".into());
        layout.table_header(&columns, &header, 8.0);
        for indicator in items(cluster, "/indicators") {
            let mut row = vec![
                s(indicator, "/id"),
                s(indicator, "/name"),
                s(indicator, "/weight"),
            ];
            for expert in experts {
                let id = s(expert, "/id");
                let points = indicator
                    .pointer("/scores")
                    .and_then(|m| m.get(&id))
                    .and_then(Value::as_str)
                    .unwrap_or("—");
                row.push(points.to_string());
            }
            row.push(s(indicator, "/panel"));
            row.push(panel_remarks(indicator).join("\n"));
            layout.row(&columns, &row, 7.5);
        }
        let mut total = vec![
            String::new(),
            "合计".to_string(),
            total_weight(items(cluster, "/categories")),
        ];
        total.extend(experts.iter().map(|e| s(e, "/total")));
        total.push(s(cluster, "/total"));
        total.push(String::new());
        layout.row(&columns, &total, 8.0);
        layout.end_table();
    }
    layout.space(10.0);
    layout.ensure(40.0);
    let ranking: Vec<String> = clusters
        .iter()
        .map(|c| format!("{}. {} {}", s(c, "/rank"), s(c, "/cluster"), s(c, "/total")))
        .collect();
    layout.paragraph(&format!("排名：{}", ranking.join("；")), 9.5);
    layout.space(20.0);
    layout.ensure(30.0);
    layout.paragraph(
        &format!(
            "评审组长签字：________________________　　日期：{}",
            non_blank(date_of(v))
        ),
        10.5,
    );
}
