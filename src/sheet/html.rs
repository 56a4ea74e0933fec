//! The printable score sheet (评分表) in HTML: 表头, every indicator with weight and points,
//! opinions and checks, totals, the overall opinion, the handwritten signature line and date,
//! and the SHA-256 of the JSON so paper and file match. Written with `maud`, which escapes every
//! text it is given, so nothing from a file can come out as markup. Prints from any browser on
//! A4. A draft says so at the top and on every printed page, and shows no signature line.

use super::check::Standing;
use super::model::{CombinedSheet, ExpertSheet, SheetDoc};
use super::remarks::{
    declaration_text, divergent, expert_remarks, ledger_rows, method_name, panel_remarks,
    robustness_caption, robustness_rows, total_weight,
};
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// The generator named in every HTML sheet (so `sheet --force` knows a sheet of its own).
pub const HTML_GENERATOR: &str = "cluster-review sheet";

const STYLE: &str = r#"
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 10.5pt; color: #000; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; }
table { border-collapse: collapse; width: 100%; margin: 3mm 0; }
th, td { border: 1px solid #000; padding: 1.2mm 1.6mm; vertical-align: top; }
th { background: #eee; }
td.n { text-align: right; white-space: nowrap; }
tr.category td { font-weight: bold; background: #f6f6f6; }
.head td { border: none; padding: 0.6mm 1mm; }
.sign { margin-top: 10mm; }
.sign span { display: inline-block; min-width: 60mm; border-bottom: 1px solid #000; }
.digest { font-family: monospace; font-size: 8pt; word-break: break-all; margin-top: 6mm; }
.draft { color: #a00; font-weight: bold; }
.watermark { position: fixed; top: 45%; left: 0; right: 0; text-align: center; font-size: 48pt; color: rgba(170, 0, 0, 0.15); transform: rotate(-20deg); pointer-events: none; }
.lines { white-space: pre-wrap; }
"#;

/// The HTML page of a sheet as it stands (the standing comes from the check made in this run).
pub fn sheet_html(doc: &SheetDoc, standing: Standing, sha256: &str) -> String {
    let (title, role, body) = match doc {
        SheetDoc::Expert(sheet) => (
            "南京市创新型产业集群评审 · 专家评分表",
            "评审专家签字",
            expert_body(sheet),
        ),
        SheetDoc::Combined(sheet) => (
            "南京市创新型产业集群评审 · 专家组综合评价表",
            "评审组长签字",
            combined_body(sheet),
        ),
    };
    let signed = standing.is_signed();
    let date = if signed {
        doc.signed_at()
            .and_then(crate::timestamp::own_date)
            .unwrap_or_default()
    } else {
        String::new()
    };
    let page = html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="generator" content=(HTML_GENERATOR);
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                @if !signed {
                    div.watermark { "草稿，未签署" }
                    p.draft { "草稿，未签署 (unsigned draft) — 本表未经电子签名，不作为正式评分表" }
                }
                h1 { (title) }
                (body)
                p.sign {
                    (role) "：" span { (PreEscaped("&nbsp;")) } "　　日期：" span { (date) }
                }
                p.digest {
                    (standing.status_zh(doc))
                    br;
                    "评分表文件 SHA-256：" (sha256)
                }
            }
        }
    };
    page.into_string()
}

/// Text with its line breaks kept.
fn lines(text: &str) -> Markup {
    html! { span.lines { (text) } }
}

fn expert_body(s: &ExpertSheet) -> Markup {
    html! {
        table.head {
            tr { td { "集群名称：" (s.package.cluster) } td { "所在园区：" (s.package.park) } }
            tr { td { "申报编号：" (s.package.id) } td { "年度：" (s.package.year) } }
            tr { td { "评审专家：" (s.expert.id) " " (s.expert.name) } td { "回避声明：" (declaration_text(s)) } }
            @if let Some(m) = &s.meeting {
                tr { td colspan="2" { "评审会：" (m.title) "（" (m.date) "）" } }
            }
            tr { td colspan="2" { "评价指标体系：" (s.rubric.id) " · 第 " (s.session.revision) " 版评分 · 申报材料摘要 " (s.package.digest) } }
        }
        table {
            tr { th { "序号" } th { "评价指标" } th { "权重" } th { "得分" } th { "评审意见 / 数据核验" } }
            @for category in &s.categories {
                tr.category { td {} td { (category.name) } td.n { (category.weight) } td.n { (category.points.as_deref().unwrap_or("—")) } td {} }
                @for indicator in s.indicators.iter().filter(|i| i.category == category.id) {
                    tr {
                        td.n { (indicator.id) }
                        td { (indicator.name) }
                        td.n { (indicator.weight) }
                        td.n { (indicator.points.as_deref().unwrap_or("—")) }
                        td { (lines(&expert_remarks(indicator).join("\n"))) }
                    }
                }
            }
            tr.category {
                td {} td { "合计" }
                td.n { (total_weight(s.categories.iter().map(|c| c.weight.as_str()))) }
                td.n { (s.total) } td {}
            }
        }
        @if !s.conditions.is_empty() {
            table {
                tr { th { "申报条件" } th { "结论" } th { "说明" } }
                @for c in &s.conditions {
                    tr { td { "（" (c.id) "）" } td { (verdict_word(c.verdict.as_deref())) } td { (lines(&c.note)) } }
                }
            }
        }
        table { tr { th { "综合评价意见" } } tr { td { (lines(&s.overall)) } } }
    }
}

/// 符合 / 基本符合 / 不符合.
fn verdict_word(verdict: Option<&str>) -> &'static str {
    match verdict {
        Some("met") => "符合",
        Some("largely_met") => "基本符合",
        Some("not_met") => "不符合",
        _ => "未评",
    }
}

fn combined_body(s: &CombinedSheet) -> Markup {
    let e = &s.evaluation;
    let recused: Vec<String> = e
        .excluded
        .iter()
        .filter(|x| matches!(x.reason, crate::panel::render::ExclusionCode::Recused))
        .map(|x| format!("{}（{}，{}）", x.expert, x.package_id, x.detail))
        .collect();
    html! {
        table.head {
            @if let Some(m) = &s.meeting {
                tr { td { "评审会：" (m.title) "（" (m.date) "）" } }
            }
            tr { td { "评价指标体系：" (e.rubric.id) " · 汇总方法：" (method_name(e.method)) " · 参评集群 " (e.clusters.len()) " 个" } }
        }
        @if !e.unsigned.is_empty() {
            p.draft { "未签署的专家评分（经 --allow-unsigned 计入）：" (e.unsigned.join("、")) }
        }
        @if !recused.is_empty() {
            p { "回避：" (recused.join("；")) }
        }
        @for cluster in &e.clusters {
            h2 { "第 " (cluster.rank) " 名 · " (cluster.cluster) "（" (cluster.park) "，" (cluster.year) " 年，" (cluster.package_id) "）" }
            table {
                tr {
                    th { "序号" } th { "评价指标" } th { "权重" }
                    @for expert in &cluster.experts { th { (expert.name) } }
                    th { "专家组得分" } th { "说明" }
                }
                @for indicator in &cluster.indicators {
                    tr {
                        td.n { (indicator.id) }
                        td { (indicator.name.as_deref().unwrap_or("")) }
                        td.n { (indicator.weight) }
                        @for expert in &cluster.experts {
                            td.n {
                                (indicator.scores.get(&expert.id).map_or("—", String::as_str))
                                @if divergent(indicator, &expert.id) { " ▲" }
                            }
                        }
                        td.n { (indicator.panel.as_deref().unwrap_or("—")) }
                        td { (lines(&panel_remarks(indicator).join("\n"))) }
                    }
                }
                tr.category {
                    td {} td { "合计" }
                    td.n { (total_weight(cluster.categories.iter().map(|c| c.weight.as_str()))) }
                    @for expert in &cluster.experts { td.n { (expert.total) } }
                    td.n { (cluster.total) } td {}
                }
            }
        }
        p { "▲ 该专家评分偏离专家组均值超过规定的偏离度。" }
        @let ledger = ledger_rows(e);
        @if !ledger.is_empty() {
            h2 { "核定更正记录（未更正 → 更正后）" }
            table {
                tr { th { "集群" } th { "计量项" } th { "数值" } th { "计量项得分" } th { "集群总分" } th { "名次" } th { "理由" } }
                @for row in &ledger {
                    tr { @for cell in row { td { (cell) } } }
                }
            }
        }
        @let robust = robustness_rows(e);
        @if !robust.is_empty() && e.robustness.draws > 0 {
            h2 { "排名稳健性（名次可接受度）" }
            p { (robustness_caption(e)) }
            table {
                tr { th { "名次" } th { "集群" } th { "保持该名次的占比" } th { "名次范围" } th { "最常见名次" } }
                @for row in &robust {
                    tr { @for cell in row { td { (cell) } } }
                }
            }
        }
    }
}
