//! The expert's 评分表 on A4: title, the sheet's header (cluster, park, year, package,
//! expert, declaration), the 20 indicators by category with weight, points and opinion (and the
//! expert's checks of figures), subtotals, total, the overall opinion, and the signature and
//! date lines.

use super::super::{expert_remarks, field as s, items, total_weight};
use super::date_of;
use super::layout::{Align, Columns, Layout};
use serde_json::Value;

/// Lays the expert's sheet out.
pub fn lay_out(layout: &mut Layout<'_>, v: &Value) {
    layout.heading("南京市创新型产业集群评审 · 专家评分表", 16.0, true);
    if v.get("signed_at").is_none_or(Value::is_null) {
        layout.heading("（草稿，未签署）", 10.0, true);
    }
    layout.space(4.0);
    let declaration = match s(v, "/declaration/kind").as_str() {
        "no_conflict" => "无利益冲突".to_string(),
        "recused" => format!("回避：{}", s(v, "/declaration/reason")),
        _ => "未声明".to_string(),
    };
    for line in [
        format!("集群名称：{}", s(v, "/package/cluster")),
        format!(
            "所在园区：{}　　年度：{}　　申报编号：{}",
            s(v, "/package/park"),
            s(v, "/package/year"),
            s(v, "/package/id")
        ),
        format!(
            "评审专家：{} {}　　回避声明：{}　　第 {} 版　　日期：{}",
            s(v, "/expert/id"),
            s(v, "/expert/name"),
            declaration,
            s(v, "/session/revision"),
            non_blank(date_of(v))
        ),
        format!(
            "评价指标体系：{}　申报材料摘要：{}",
            s(v, "/rubric/id"),
            s(v, "/package/digest")
        ),
    ] {
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
    for category in items(v, "/categories") {
        let id = s(category, "/id");
        layout.row(
            &columns,
            &[
                String::new(),
                s(category, "/name"),
                s(category, "/weight"),
                s(category, "/points"),
                String::new(),
            ],
            9.0,
        );
        for indicator in items(v, "/indicators")
            .iter()
            .filter(|i| s(i, "/category") == id)
        {
            let points = s(indicator, "/points");
            layout.row(
                &columns,
                &[
                    s(indicator, "/id"),
                    s(indicator, "/name"),
                    s(indicator, "/weight"),
                    if points.is_empty() {
                        "—".into()
                    } else {
                        points
                    },
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
            total_weight(items(v, "/categories")),
            s(v, "/total"),
            String::new(),
        ],
        9.0,
    );
    layout.end_table();
    layout.space(8.0);
    layout.ensure(60.0);
    layout.paragraph("综合评价意见：", 10.0);
    layout.paragraph(&s(v, "/overall"), 9.5);
    layout.space(22.0);
    layout.ensure(30.0);
    layout.paragraph(
        &format!(
            "评审专家签字：________________________　　日期：{}",
            non_blank(date_of(v))
        ),
        10.5,
    );
}

/// A date, or a blank to fill in by hand.
pub(super) fn non_blank(date: String) -> String {
    if date.is_empty() {
        "____年__月__日".to_string()
    } else {
        date
    }
}
