//! The words of the TUI in Chinese (default) and English.

use crate::display::figure;
use crate::i18n::Lang;
use crate::rubric::Aggregate;
use crate::session::{MeasureStatus, RuleError};

/// Every fixed text of the screens; each field is one label, named for where it is used.
#[derive(Debug)]
pub struct Labels {
    pub title: &'static str,
    pub expert: &'static str,
    pub scored: &'static str,
    pub indicator: &'static str,
    pub weight: &'static str,
    pub points: &'static str,
    pub qualitative: &'static str,
    pub quantitative: &'static str,
    pub purpose: &'static str,
    pub definition: &'static str,
    pub note: &'static str,
    pub levels: &'static str,
    pub opinion: &'static str,
    pub no_opinion: &'static str,
    pub declared: &'static str,
    pub derived: &'static str,
    pub scoring: &'static str,
    pub check: &'static str,
    pub annotation: &'static str,
    pub corrected: &'static str,
    pub share: &'static str,
    pub linear: &'static str,
    pub bands: &'static str,
    pub cohort: &'static str,
    pub efficacy: &'static str,
    pub saved: &'static str,
    pub too_small: &'static str,
    pub help_title: &'static str,
    pub score_title: &'static str,
    pub comment_title: &'static str,
    pub note_title: &'static str,
    pub overall_title: &'static str,
    pub corrected_title: &'static str,
    pub status_title: &'static str,
    pub evidence_title: &'static str,
    pub search: &'static str,
    pub no_match: &'static str,
    pub declaration_title: &'static str,
    pub declaration_text: &'static str,
    pub declare_no_conflict: &'static str,
    pub declare_recuse: &'static str,
    pub recusal_reason: &'static str,
    pub recused_banner: &'static str,
    pub signoff_title: &'static str,
    pub signoff_ready: &'static str,
    pub signoff_problems: &'static str,
    pub total: &'static str,
    pub overall: &'static str,
    pub computed: &'static str,
    pub quantitative_hint: &'static str,
    pub qualitative_hint: &'static str,
    /// Said when `a` is pressed outside an application review.
    pub conditions_hint: &'static str,
    /// The conditions dialog's title.
    pub conditions_title: &'static str,
    /// The condition note editor's title.
    pub condition_note_title: &'static str,
    /// Marks the program's own check of a condition.
    pub precheck: &'static str,
    /// A condition not yet marked.
    pub not_marked: &'static str,
    /// Heads the parts of a condition to check.
    pub checklist: &'static str,
    pub measures_checked: &'static str,
    pub unsaved: &'static str,
    pub signoff_recused: &'static str,
    /// The signed state in the sign-off.
    pub signoff_signed: &'static str,
    /// Asking for the key.
    pub sign_key_title: &'static str,
    /// Explains the key entry.
    pub sign_key_prompt: &'static str,
    /// Signing in progress.
    pub signing: &'static str,
    /// After signing: where the sheet went.
    pub signed_sheet: &'static str,
    pub current: &'static str,
    pub qualitative_scored: &'static str,
    pub signed: &'static str,
    /// A quit whose save failed: what the next quit does.
    pub quit_unsaved: &'static str,
    /// The sign-off without an overall opinion.
    pub no_overall: &'static str,
    /// The terminal refused bracketed paste.
    pub no_paste: &'static str,
    /// The chair's combined evaluation is signed.
    pub combined_signed: &'static str,
    /// The chair asked for a measure of a qualitative indicator.
    pub chair_no_measure: &'static str,
    /// A correction without a reason.
    pub reason_needed: &'static str,
}

const ZH: Labels = Labels {
    title: "南京市创新型产业集群评审",
    expert: "专家",
    scored: "已评",
    indicator: "指标",
    weight: "权重",
    points: "得分",
    qualitative: "定性",
    quantitative: "定量",
    purpose: "目的",
    definition: "定义",
    note: "原文说明",
    levels: "评分标准",
    opinion: "意见",
    no_opinion: "（尚无意见，按 c 填写）",
    declared: "申报",
    derived: "核算",
    scoring: "计分",
    check: "核验",
    annotation: "批注",
    corrected: "更正",
    share: "份额",
    linear: "线性",
    bands: "分档",
    cohort: "集群间比较（单包按线性）",
    efficacy: "功效系数",
    saved: "已保存",
    too_small: "终端窗口太小：至少需要80列×24行。请把窗口拉大或最大化（Windows：拖动窗口边缘，或在标题栏点右键→属性→布局中调整窗口大小），也可以缩小字体（Ctrl+鼠标滚轮）；窗口够大时评分界面自动出现。",
    help_title: "按键说明",
    score_title: "打分",
    comment_title: "评审意见",
    note_title: "计量项批注",
    overall_title: "综合评价意见",
    corrected_title: "更正值",
    status_title: "核验状态",
    evidence_title: "证明材料",
    search: "搜索",
    no_match: "未找到",
    declaration_title: "回避声明",
    declaration_text: "评审前请声明：您与该集群申报单位是否存在利益冲突？",
    declare_no_conflict: "y  无利益冲突，开始评审",
    declare_recuse: "r  回避（须填写理由，不可撤回）",
    recusal_reason: "回避理由",
    recused_banner: "已回避：不能评分",
    signoff_title: "签署",
    signoff_ready: "全部完成，评分均已保存。按 Enter 签署（需要您的私钥文件）。",
    signoff_problems: "签署前须完成",
    total: "合计",
    overall: "综合意见",
    computed: "由数据计算",
    quantitative_hint: "定量指标由申报数据计算得分：按 Tab 选择计量项，v 核验",
    qualitative_hint: "定性指标：按 Enter 打分",
    conditions_hint: "申报条件只在立项评审（申报包轮次 application）中评定",
    conditions_title: "申报条件（指引第六部分）",
    condition_note_title: "申报条件说明",
    precheck: "程序预检",
    not_marked: "未评",
    checklist: "逐项核对",
    measures_checked: "已核验",
    unsaved: "有未保存的修改",
    signoff_recused: "您已回避该集群：不评分，无需签署评分表。",
    signoff_signed: "已签署，本版只读。如需修改，请运行 cluster-review session revise 并写明原因。",
    sign_key_title: "签署 · 私钥",
    sign_key_prompt: "私钥文件（PEM，由 cluster-review keygen 生成）。签署后本版评分只读。",
    signing: "正在签署…",
    signed_sheet: "已签署，评分表",
    current: "当前",
    qualitative_scored: "定性已打分",
    signed: "已签署",
    quit_unsaved: "未能保存：再按 Ctrl-C 再试一次并退出（仍失败则不保存）",
    no_overall: "（尚无综合意见，按 o 填写）",
    no_paste: "此终端不支持括号粘贴：粘贴的文字按逐键输入",
    combined_signed: "汇总已签署，只读：不能再写合议意见或更正",
    chair_no_measure: "定性指标没有可更正的数据：按 c 写合议意见",
    reason_needed: "更正须写明合议的理由",
};

const EN: Labels = Labels {
    title: "Cluster review",
    expert: "expert",
    scored: "scored",
    indicator: "indicator",
    weight: "wt",
    points: "pts",
    qualitative: "qualitative",
    quantitative: "quantitative",
    purpose: "purpose",
    definition: "definition",
    note: "note on the text",
    levels: "levels",
    opinion: "opinion",
    no_opinion: "(no opinion yet; press c)",
    declared: "declared",
    derived: "derived",
    scoring: "scoring",
    check: "check",
    annotation: "note",
    corrected: "corrected",
    share: "share",
    linear: "linear",
    bands: "bands",
    cohort: "cohort (linear for one package)",
    efficacy: "efficacy",
    saved: "saved",
    too_small: "The terminal is too small: at least 80 columns × 24 rows are needed. Make the window larger or maximise it (on Windows: drag its edge, or right-click the title bar → Properties → Layout), or make the font smaller (Ctrl + mouse wheel); the review screen appears as soon as the window is large enough.",
    help_title: "Keys",
    score_title: "Score",
    comment_title: "Opinion",
    note_title: "Note on the figure",
    overall_title: "Overall opinion",
    corrected_title: "Corrected figure",
    status_title: "Check",
    evidence_title: "Evidence",
    search: "search",
    no_match: "not found",
    declaration_title: "Conflict of interest",
    declaration_text: "Before reviewing: do you have a conflict of interest with this cluster's applicants?",
    declare_no_conflict: "y  no conflict, start the review",
    declare_recuse: "r  recuse (give a reason; final)",
    recusal_reason: "Reason for recusal",
    recused_banner: "recused: cannot score",
    signoff_title: "Sign-off",
    signoff_ready: "Everything is done and saved. Press Enter to sign (your private key file is needed).",
    signoff_problems: "To do before signing",
    total: "total",
    overall: "overall",
    computed: "computed",
    quantitative_hint: "Quantitative: points come from the figures; Tab to pick a measure, v to check it",
    qualitative_hint: "Qualitative: Enter to score",
    conditions_hint: "application conditions are marked only in an application review (package round application)",
    conditions_title: "Application conditions (section 六)",
    condition_note_title: "Note on the condition",
    precheck: "program's check",
    not_marked: "not marked",
    checklist: "check each part",
    measures_checked: "checked",
    unsaved: "unsaved changes",
    signoff_recused: "You have recused from this cluster: nothing to score or sign.",
    signoff_signed: "Signed; this revision is read-only. To change it, run cluster-review session revise with a reason.",
    sign_key_title: "Sign · private key",
    sign_key_prompt: "Private key file (PEM, from cluster-review keygen). After signing this revision is read-only.",
    signing: "Signing…",
    signed_sheet: "Signed; sheet",
    current: "now",
    qualitative_scored: "qualitative scored",
    signed: "signed",
    quit_unsaved: "not saved: Ctrl-C again tries once more and quits (unsaved if it fails again)",
    no_overall: "(no overall opinion yet; press o)",
    no_paste: "this terminal has no bracketed paste: a paste arrives as typed keys",
    combined_signed: "the combined evaluation is signed and read-only: no notes or corrections",
    chair_no_measure: "a qualitative indicator has no figure to correct: c writes a consensus note",
    reason_needed: "a correction needs the reason the panel agreed on",
};

/// The labels of a language.
pub fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// A panel method in the user's language (the file word in English).
pub fn method_label(method: Aggregate, lang: Lang) -> &'static str {
    match (method, lang) {
        (Aggregate::Trimmed, Lang::Zh) => "去掉最高最低分后平均",
        (Aggregate::Mean, Lang::Zh) => "算术平均",
        (Aggregate::Median, Lang::Zh) => "中位数",
        (other, Lang::En) => other.as_str(),
    }
}

/// A measure status in the user's language.
pub fn status_label(status: MeasureStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => status.label_zh(),
        Lang::En => status.as_str(),
    }
}

/// A one-column mark for a measure status.
pub fn status_mark(status: MeasureStatus) -> &'static str {
    match status {
        MeasureStatus::Unchecked => "·",
        MeasureStatus::Verified => "✓",
        MeasureStatus::Doubtful => "?",
        MeasureStatus::Missing => "!",
    }
}

/// A refused corrected figure in the user's language, with its real cause (too large, a `%`
/// where none belongs, not a number) rather than a word about points.
pub fn figure_message(error: &RuleError, lang: Lang) -> String {
    match (error, lang) {
        (RuleError::NotANumber(detail), Lang::Zh) if detail.contains("10^15") => {
            "数值过大：绝对值不能超过 10^15；原数值未改变".to_string()
        }
        (RuleError::NotANumber(detail), Lang::Zh) if detail.contains("without %") => {
            "此计量项的数值不能带 %；原数值未改变".to_string()
        }
        (RuleError::NotANumber(_), Lang::Zh) => {
            "请输入数字（可用全角数字、千位分隔符；% 计量项可带 %）；原数值未改变".to_string()
        }
        (other, _) => rule_message(other, lang),
    }
}

/// A refused edit in the user's language.
pub fn rule_message(error: &RuleError, lang: Lang) -> String {
    match (error, lang) {
        (RuleError::OutOfRange { points, weight, .. }, Lang::Zh) => {
            format!(
                "{} 超出范围：得分须在 0 到 {} 之间，原分数未改变",
                figure(*points),
                figure(*weight)
            )
        }
        (RuleError::OffStep { points, step, .. }, Lang::Zh) => {
            format!(
                "{} 不在步长上：得分须为 {} 的整数倍，原分数未改变",
                figure(*points),
                figure(*step)
            )
        }
        (RuleError::NotANumber(_), Lang::Zh) => {
            "请输入数字（可用全角数字），原分数未改变".to_string()
        }
        (RuleError::BadFigure { found, unit, .. }, Lang::Zh) => format!(
            "{found} 不能作为该计量项的数值：单位为 {unit}，不能为负数，也不能带 %；原数值未改变"
        ),
        (RuleError::Unprintable(u), Lang::Zh) => format!(
            "第 {} 个字符 {}（U+{:04X}）无法印在存档评分表上，请删除后再保存；未作更改",
            u.position,
            u.shown,
            u32::from(u.character)
        ),
        (RuleError::TooLong { found, limit }, Lang::Zh) => {
            format!("文字过长：{found} 字，最多 {limit} 字；未作更改")
        }
        (RuleError::Recused, Lang::Zh) => "您已回避该集群，不能评分或批注".to_string(),
        (RuleError::Signed, Lang::Zh) => "评分表已签署，不能再修改".to_string(),
        (RuleError::NotDeclared, Lang::Zh) => "请先作回避声明".to_string(),
        (RuleError::NotQualitative(_), Lang::Zh) => "定量指标由数据计算，不能直接打分".to_string(),
        (other, _) => other.to_string(),
    }
}
