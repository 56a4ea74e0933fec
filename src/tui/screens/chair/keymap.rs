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
    /// The agenda (议程).
    Agenda,
    /// Every expert's opinion and notes on the selected indicator.
    Opinions,
    /// The sign-off: the compliance gate, then the key.
    SignOff,
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

fn has_agenda(app: &ChairApp) -> bool {
    !app.gate().items.is_empty()
}

fn has_open_items(app: &ChairApp) -> bool {
    app.gate().open().next().is_some()
}

/// Whether the sign-off may go on to the key: not signed, a signer known, the gate passes.
pub fn may_sign(app: &ChairApp) -> bool {
    !app.signed && app.signer.is_some() && app.gate().passes()
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
        Binding::new(
            &[Press::ch('a')],
            "a",
            ChairCommand::Agenda,
            "议程（待议事项，按涉及分值排序）",
            "agenda (items to settle, by points at stake)",
        )
        .hinted_as("a", "议程", "agenda"),
        Binding::new(
            &[Press::ch('o')],
            "o",
            ChairCommand::Opinions,
            "本指标的专家意见与批注",
            "the experts' opinions and notes on the indicator",
        )
        .hinted_as("o", "专家意见", "opinions"),
        Binding::new(
            &[Press::ch('S')],
            "S",
            ChairCommand::SignOff,
            "签署（先核查合规事项）",
            "sign (after the compliance check)",
        )
        .hinted_as("S", "签署", "sign")
        .when(editable),
        Binding::new(&[Press::ch('?')], "?", ChairCommand::Help, "帮助", "help").hinted(),
        Binding::new(&[Press::ch('q')], "q", ChairCommand::Quit, "退出", "quit").hinted(),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

/// The agenda.
pub static AGENDA: Table<ChairApp, ChairCommand> = Table {
    zh: "议程",
    en: "agenda",
    bindings: &[
        Binding::new(DOWN, "↓ j", ChairCommand::Next, "下一项", "next item")
            .hinted_as("↑↓", "选择", "select"),
        Binding::new(UP, "↑ k", ChairCommand::Prev, "上一项", "previous item"),
        Binding::new(
            ENTER,
            "Enter",
            ChairCommand::Confirm,
            "转到该事项（指标、计量项）",
            "go to the item (indicator, measure)",
        )
        .hinted_as("Enter", "转到", "go to")
        .when(has_agenda),
        Binding::new(
            &[Press::key(KeyCode::Esc), Press::ch('q'), Press::ch('a')],
            "Esc q a",
            ChairCommand::Close,
            "关闭",
            "close",
        )
        .hinted_as("Esc", "关闭", "close"),
    ],
    text: false,
    note_zh: "· c 合议意见 / x 更正数据 即可了结事项",
    note_en: "· a note (c) or a correction (x) settles an item",
};

/// The experts' opinions and notes.
pub static OPINIONS: Table<ChairApp, ChairCommand> = Table {
    zh: "专家意见",
    en: "opinions",
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
            &[Press::key(KeyCode::Esc), Press::ch('q'), Press::ch('o')],
            "Esc q o",
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

/// The sign-off with the compliance gate.
pub static SIGNOFF: Table<ChairApp, ChairCommand> = Table {
    zh: "签署 · 合规核查",
    en: "sign-off · compliance",
    bindings: &[
        Binding::new(
            ENTER,
            "Enter",
            ChairCommand::Confirm,
            "签署（核查通过时）",
            "sign (when the check passes)",
        )
        .hinted_as("Enter", "签署", "sign")
        .when(may_sign),
        Binding::new(
            &[Press::ch('a')],
            "a",
            ChairCommand::Agenda,
            "议程",
            "agenda",
        )
        .hinted_as("a", "议程", "agenda")
        .when(has_open_items),
        Binding::new(
            &[Press::key(KeyCode::Esc), Press::ch('q')],
            "Esc q",
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

/// Typing the chair's private key's path.
pub static SIGN_KEY: Table<ChairApp, ChairCommand> = Table {
    zh: "签署 · 私钥",
    en: "sign · private key",
    bindings: &[
        Binding::new(ENTER, "Enter", ChairCommand::Confirm, "签署", "sign").hinted(),
        Binding::new(ESC, "Esc", ChairCommand::Cancel, "返回", "back").hinted(),
    ],
    text: true,
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
        ChairMode::Agenda { .. } => &AGENDA,
        ChairMode::Opinions { .. } => &OPINIONS,
        ChairMode::SignOff => &SIGNOFF,
        ChairMode::SignKey { .. } => &SIGN_KEY,
    }
}

/// Every table of the screen, in the order of the help overlay.
pub const ALL: [&Table<ChairApp, ChairCommand>; 11] = [
    &MATRIX, &AGENDA, &OPINIONS, &NOTE, &VALUE, &REASON, &RANKING, &SIGNOFF, &SIGN_KEY, &HELP,
    &GLOBAL,
];

/// The help overlay's lines: every mode's keys.
pub fn help(lang: crate::i18n::Lang) -> Vec<HelpLine> {
    help_lines(&ALL, lang)
}

/// The hint bar of the screen as it is.
pub fn hint_bar(app: &ChairApp) -> String {
    table(app).hint_bar(app, app.lang)
}
