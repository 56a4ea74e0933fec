//! The printable score sheet (评分表) in HTML, made from the sheet's exact bytes: 表头, every
//! indicator with weight and points, opinions and checks, totals, the overall opinion, the
//! handwritten signature line and date, and the SHA-256 of the JSON so paper and file match.
//! Prints from any browser on A4.

use super::info::SheetError;
use super::{
    COMBINED_SHEET, EXPERT_SHEET, expert_remarks, field as s, items, panel_remarks, parse_json,
    total_weight,
};
use crate::display::local_date;
use crate::hashing::sha256_hex;
use serde_json::Value;
use std::fmt::Write;

/// The HTML page for a sheet (signed, or an unsigned draft marked as such).
pub fn sheet_html(bytes: &[u8]) -> Result<String, SheetError> {
    let value = parse_json(bytes)?;
    let sha256 = sha256_hex(bytes);
    let kind = value
        .get("sheet")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let body = match kind {
        EXPERT_SHEET => expert_body(&value),
        COMBINED_SHEET => combined_body(&value),
        _ => {
            return Err(SheetError::Field {
                field: "sheet",
                found: s(&value, "/sheet"),
                expected: "a cluster-review score sheet",
            });
        }
    };
    let title = if kind == EXPERT_SHEET {
        "南京市创新型产业集群评审 · 专家评分表"
    } else {
        "南京市创新型产业集群评审 · 专家组综合评价表"
    };
    let signed_at = value.get("signed_at").and_then(Value::as_str);
    let status = match signed_at {
        Some(at) => format!(
            "电子签名 Ed25519 · 签署人 {} {} · 签署时间 {}",
            esc(&s(&value, "/signer/id")),
            esc(&s(&value, "/signer/name")),
            esc(at)
        ),
        None => "<strong>草稿，未签署 (unsigned draft)</strong>".to_string(),
    };
    let signature_role = if kind == EXPERT_SHEET {
        "评审专家签字"
    } else {
        "评审组长签字"
    };
    let date = signed_at.map(local_date).unwrap_or_default();
    Ok(format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
@page {{ size: A4; margin: 18mm 15mm; }}
body {{ font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 10.5pt; color: #000; }}
h1 {{ font-size: 16pt; text-align: center; margin: 0 0 4mm; }}
table {{ border-collapse: collapse; width: 100%; margin: 3mm 0; }}
th, td {{ border: 1px solid #000; padding: 1.2mm 1.6mm; vertical-align: top; }}
th {{ background: #eee; }}
td.n {{ text-align: right; white-space: nowrap; }}
tr.category td {{ font-weight: bold; background: #f6f6f6; }}
.head td {{ border: none; padding: 0.6mm 1mm; }}
.sign {{ margin-top: 10mm; }}
.sign span {{ display: inline-block; min-width: 60mm; border-bottom: 1px solid #000; }}
.digest {{ font-family: monospace; font-size: 8pt; word-break: break-all; margin-top: 6mm; }}
.draft {{ color: #a00; }}
</style>
</head>
<body>
<h1>{title}</h1>
{body}
<p class="sign">{signature_role}：<span>&nbsp;</span>　　日期：<span>{date}</span></p>
<p class="digest">{status}<br>评分表文件 SHA-256：{sha256}</p>
</body>
</html>
"#
    ))
}

/// HTML-escapes text; line breaks become `<br>`.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

fn expert_body(v: &Value) -> String {
    let mut out = String::new();
    let declaration = match s(v, "/declaration/kind").as_str() {
        "no_conflict" => "无利益冲突".to_string(),
        "recused" => format!("回避：{}", s(v, "/declaration/reason")),
        _ => "未声明".to_string(),
    };
    let _ = write!(
        out,
        r#"<table class="head">
<tr><td>集群名称：{}</td><td>所在园区：{}</td></tr>
<tr><td>申报编号：{}</td><td>年度：{}</td></tr>
<tr><td>评审专家：{} {}</td><td>回避声明：{}</td></tr>
<tr><td colspan="2">评价指标体系：{} · 第 {} 版评分 · 申报材料摘要 {}</td></tr>
</table>
<table>
<tr><th>序号</th><th>评价指标</th><th>权重</th><th>得分</th><th>评审意见 / 数据核验</th></tr>
"#,
        esc(&s(v, "/package/cluster")),
        esc(&s(v, "/package/park")),
        esc(&s(v, "/package/id")),
        esc(&s(v, "/package/year")),
        esc(&s(v, "/expert/id")),
        esc(&s(v, "/expert/name")),
        esc(&declaration),
        esc(&s(v, "/rubric/id")),
        esc(&s(v, "/session/revision")),
        esc(&s(v, "/package/digest")),
    );
    for category in items(v, "/categories") {
        let id = s(category, "/id");
        let _ = writeln!(
            out,
            r#"<tr class="category"><td></td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td></td></tr>"#,
            esc(&s(category, "/name")),
            esc(&s(category, "/weight")),
            esc(&s(category, "/points")),
        );
        for indicator in items(v, "/indicators")
            .iter()
            .filter(|i| s(i, "/category") == id)
        {
            let remarks = esc(&expert_remarks(indicator).join("\n"));
            let _ = writeln!(
                out,
                r#"<tr><td class="n">{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td></tr>"#,
                esc(&s(indicator, "/id")),
                esc(&s(indicator, "/name")),
                esc(&s(indicator, "/weight")),
                esc(&s(indicator, "/points")),
                remarks
            );
        }
    }
    let _ = write!(
        out,
        r#"<tr class="category"><td></td><td>合计</td><td class="n">{}</td><td class="n">{}</td><td></td></tr>
</table>
<table><tr><th>综合评价意见</th></tr><tr><td>{}</td></tr></table>
"#,
        total_weight(items(v, "/categories")),
        esc(&s(v, "/total")),
        esc(&s(v, "/overall")),
    );
    out
}

fn combined_body(v: &Value) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<table class="head"><tr><td>评价指标体系：{} · 汇总方法：{} · 参评集群 {} 个</td></tr></table>"#,
        esc(&s(v, "/evaluation/rubric/id")),
        esc(&s(v, "/evaluation/method")),
        items(v, "/evaluation/clusters").len()
    );
    let unsigned = items(v, "/evaluation/unsigned");
    if !unsigned.is_empty() {
        let files: Vec<String> = unsigned.iter().map(|f| esc(&s(f, ""))).collect();
        let _ = writeln!(
            out,
            r#"<p class="draft">未签署的专家评分（经 --allow-unsigned 计入）：{}</p>"#,
            files.join("、")
        );
    }
    for cluster in items(v, "/evaluation/clusters") {
        let experts = items(cluster, "/experts");
        let _ = write!(
            out,
            "<h2>第 {} 名 · {}（{}，{} 年，{}）</h2>\n<table>\n<tr><th>序号</th><th>评价指标</th><th>权重</th>",
            esc(&s(cluster, "/rank")),
            esc(&s(cluster, "/cluster")),
            esc(&s(cluster, "/park")),
            esc(&s(cluster, "/year")),
            esc(&s(cluster, "/package_id")),
        );
        for expert in experts {
            let _ = write!(out, "<th>{}</th>", esc(&s(expert, "/name")));
        }
        out.push_str("<th>专家组得分</th><th>说明</th></tr>\n");
        for indicator in items(cluster, "/indicators") {
            let _ = write!(
                out,
                r#"<tr><td class="n">{}</td><td>{}</td><td class="n">{}</td>"#,
                esc(&s(indicator, "/id")),
                esc(&s(indicator, "/name")),
                esc(&s(indicator, "/weight")),
            );
            for expert in experts {
                let id = s(expert, "/id");
                let points = indicator
                    .pointer("/scores")
                    .and_then(|m| m.get(&id))
                    .and_then(Value::as_str)
                    .unwrap_or("—");
                let _ = write!(out, r#"<td class="n">{}</td>"#, esc(points));
            }
            let remarks = esc(&panel_remarks(indicator).join("\n"));
            let _ = writeln!(
                out,
                r#"<td class="n">{}</td><td>{}</td></tr>"#,
                esc(&s(indicator, "/panel")),
                remarks
            );
        }
        let _ = writeln!(
            out,
            r#"<tr class="category"><td></td><td>合计</td><td class="n">{}</td>{}<td class="n">{}</td><td></td></tr></table>"#,
            total_weight(items(cluster, "/categories")),
            experts
                .iter()
                .map(|e| format!(r#"<td class="n">{}</td>"#, esc(&s(e, "/total"))))
                .collect::<String>(),
            esc(&s(cluster, "/total")),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup_in_opinions() {
        assert_eq!(esc("<script>&\"'\n"), "&lt;script&gt;&amp;&quot;&#39;<br>");
    }
}
