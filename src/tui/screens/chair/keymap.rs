//! The chair's key tables, one per mode: key handling, the hint bar and the help are all made
//! from them.

use super::app::{ChairApp, ChairMode};
use crate::tui::keymap::{Binding, HelpLine, Press, Table, help_lines};
use crossterm::event::KeyCode;

/// What a key asks for on the chair's screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChairCommand {
    /// Next indicator; down in an overlay.
    Next,
    /// Previous indicator; up.
    Prev,
    /// Next cluster.
    NextCluster,
    /// Previous cluster.
    PrevCluster,
    /// Show later expert columns.
    ExpertsRight,
    /// Show earlier expert columns.
    ExpertsLeft,
    /// Next measure of a quantitative indicator.
    NextMeasure,
    /// Consensus note of the indicator.
    Note,
    /// Agreed correction of the selected measure.
    Correct,
    /// Ranking, agreement and sensitivity.
    Ranking,
    /// Help.
    Help,
    /// Quit (an open note or typed reason is saved first).
    Quit,
    /// A page down in an overlay.
    PageDown,
    /// A page up.
    PageUp,
    /// Confirm the dialog.
    Confirm,
    /// Leave the dialog without saving.
    Cancel,
    /// Close the dialog (an editor: saving what it holds).
    Close,
}

fn editable(app: &ChairApp) -> bool {
    !app.signed
}

fn has_measures(app: &ChairApp) -> bool {
    app.result().is_some_and(|r| !r.measures.is_empty())
}

fn correctable(app: &ChairApp) -> bool {
    editable(app) && has_measures(app)
}

fn several_clusters(app: &ChairApp) -> bool {
    app.combined.clusters.len() > 1
}

const DOWN: &[Press] = &[Press::key(KeyCode::Down), Press::ch('j')];
const UP: &[Press] = &[Press::key(KeyCode::Up), Press::ch('k')];
const ENTER: &[Press] = &[Press::key(KeyCode::Enter)];
const ESC: &[Press] = &[Press::key(KeyCode::Esc)];

/// Keys of every mode: Ctrl-C always quits.
pub static GLOBAL: Table<ChairApp, ChairCommand> = Table {
    zh: "任何时候",
    en: "always",
    bindings: &[Binding::new(
        &[Press::ctrl('c')],
        "Ctrl-C",
        ChairCommand::Quit,
        "退出（正在编辑的文字先保存）",
        "quit (an open editor is saved first)",
    )],
    text: false,
    note_zh: "",
    note_en: "",
};

/// The expert × indicator matrix.
pub static MATRIX: Table<ChairApp, ChairCommand> = Table {
    zh: "汇总矩阵",
    en: "matrix",
    bindings: &[
        Binding::new(
            DOWN,
            "↓ j",
            ChairCommand::Next,
            "下一指标",
            "next indicator",
        )
        .hinted_as("↑↓", "指标", "indicator"),
        Binding::new(
            UP,
            "↑ k",
            ChairCommand::Prev,
            "上一指标",
            "previous indicator",
        ),
        Binding::new(
            &[Press::key(KeyCode::Tab)],
            "Tab",
            ChairCommand::NextCluster,
            "下一集群",
            "next cluster",
        )
        .hinted_as("Tab", "集群", "cluster")
        .when(several_clusters),
        Binding::new(
            &[Press::key(KeyCode::BackTab)],
            "S-Tab",
            ChairCommand::PrevCluster,
            "上一集群",
            "previous cluster",
        ),
        Binding::new(
            &[Press::key(KeyCode::Right)],
            "→",
            ChairCommand::ExpertsRight,
            "后面的专家",
            "later experts",
        ),
        Binding::new(
            &[Press::key(KeyCode::Left)],
            "←",
            ChairCommand::ExpertsLeft,
            "前面的专家",
            "earlier experts",
        ),
        Binding::new(
            &[Press::ch('m')],
            "m",
            ChairCommand::NextMeasure,
            "下一计量项",
            "next measure",
        )
        .hinted_as("m", "计量项", "measure")
        .when(has_measures),
        Binding::new(
            &[Press::ch('c')],
            "c",
            ChairCommand::Note,
            "合议意见",
            "consensus note",
        )
        .hinted()
        .when(editable),
        Binding::new(
            &[Press::ch('x')],
            "x",
            ChairCommand::Correct,
            "更正数据",
            "correct figure",
        )
        .hinted()
        .when(correctable),
        Binding::new(
            &[Press::ch('r')],
            "r",
            ChairCommand::Ranking,
            "排名与一致性",
            "ranking",
        )
        .hinted_as("r", "排名", "ranking"),
        Binding::new(&[Press::ch('?')], "?", ChairCommand::Help, "帮助", "help").hinted(),
        Binding::new(&[Press::ch('q')], "q", ChairCommand::Quit, "退出", "quit").hinted(),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

/// Writing the consensus note.
pub static NOTE: Table<ChairApp, ChairCommand> = Table {
    zh: "合议意见编辑",
    en: "consensus note",
    bindings: &[
        Binding::new(ESC, "Esc", ChairCommand::Close, "完成并保存", "done, saved").hinted(),
    ],
    text: true,
    note_zh: "· Enter 换行 · 停顿 1.5 秒自动保存",
    note_en: "· Enter new line · saved by itself after a 1.5 s pause",
};

/// Typing the agreed figure.
pub static VALUE: Table<ChairApp, ChairCommand> = Table {
    zh: "合议更正值",
    en: "agreed figure",
    bindings: &[
        Binding::new(
            ENTER,
            "Enter",
            ChairCommand::Confirm,
            "下一步：写明理由（留空则撤销更正）",
            "next: the reason (empty withdraws the correction)",
        )
        .hinted_as("Enter", "确定", "confirm"),
        Binding::new(ESC, "Esc", ChairCommand::Cancel, "取消", "cancel").hinted(),
    ],
    text: true,
    note_zh: "",
    note_en: "",
};

/// Writing the reason of the correction.
pub static REASON: Table<ChairApp, ChairCommand> = Table {
    zh: "更正理由",
    en: "reason of the correction",
    bindings: &[
        Binding::new(
            ENTER,
            "Enter",
            ChairCommand::Confirm,
            "保存更正和理由",
            "save the correction and its reason",
        )
        .hinted_as("Enter", "保存", "save"),
        Binding::new(
            ESC,
            "Esc",
            ChairCommand::Close,
            "保存并关闭（未写理由则取消更正）",
            "save and close (no reason: the correction is cancelled)",
        )
        .hinted_as("Esc", "关闭", "close"),
    ],
    text: true,
    note_zh: "· 退出时已写的理由随更正保存",
    note_en: "· quitting saves the correction with the reason typed",
};

/// The ranking overlay.
pub static RANKING: Table<ChairApp, ChairCommand> = Table {
    zh: "排名 · 一致性 · 敏感性",
    en: "ranking · agreement · sensitivity",
    bindings: &[
        Binding::new(DOWN, "↓ j", ChairCommand::Next, "下滚", "scroll down")
            .hinted_as("↑↓", "滚动", "scroll"),
        Binding::new(UP, "↑ k", ChairCommand::Prev, "上滚", "scroll up"),
        Binding::new(
            &[
                Press::key(KeyCode::Esc),
                Press::ch('q'),
                Press::ch('r'),
                Press::key(KeyCode::Enter),
            ],
            "Esc q r Enter",
            ChairCommand::Close,
            "关闭",
            "close",
        )
        .hinted_as("Esc", "关闭", "close"),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

/// The help overlay.
pub static HELP: Table<ChairApp, ChairCommand> = Table {
    zh: "帮助",
    en: "help",
    bindings: &[
        Binding::new(DOWN, "↓ j", ChairCommand::Next, "下滚", "scroll down")
            .hinted_as("↑↓", "滚动", "scroll"),
        Binding::new(UP, "↑ k", ChairCommand::Prev, "上滚", "scroll up"),
        Binding::new(
            &[Press::key(KeyCode::PageDown), Press::ch(' ')],
            "PgDn Space",
            ChairCommand::PageDown,
            "下翻一页",
            "page down",
        ),
        Binding::new(
            &[Press::key(KeyCode::PageUp)],
            "PgUp",
            ChairCommand::PageUp,
            "上翻一页",
            "page up",
        ),
        Binding::new(
            &[
                Press::key(KeyCode::Esc),
                Press::ch('q'),
                Press::ch('?'),
                Press::key(KeyCode::Enter),
            ],
            "Esc q ? Enter",
            ChairCommand::Close,
            "关闭",
            "close",
        )
        .hinted_as("Esc", "关闭", "close"),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

/// The table of the mode the screen is in.
pub fn table(app: &ChairApp) -> &'static Table<ChairApp, ChairCommand> {
    match &app.mode {
        ChairMode::Matrix => &MATRIX,
        ChairMode::Ranking { .. } => &RANKING,
        ChairMode::Help { .. } => &HELP,
        ChairMode::Note(_) => &NOTE,
        ChairMode::CorrectionValue { .. } => &VALUE,
        ChairMode::CorrectionReason { .. } => &REASON,
    }
}

/// Every table of the screen, in the order of the help overlay.
pub const ALL: [&Table<ChairApp, ChairCommand>; 7] =
    [&MATRIX, &NOTE, &VALUE, &REASON, &RANKING, &HELP, &GLOBAL];

/// The help overlay's lines: every mode's keys.
pub fn help(lang: crate::i18n::Lang) -> Vec<HelpLine> {
    help_lines(&ALL, lang)
}

/// The hint bar of the screen as it is.
pub fn hint_bar(app: &ChairApp) -> String {
    table(app).hint_bar(app, app.lang)
}
