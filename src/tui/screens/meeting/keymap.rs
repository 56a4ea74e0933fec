//! The meeting screen's key tables, one per mode of its own (a cluster's review uses the
//! review screen's tables): key handling, the hint bar and the help are all made from them.

use super::app::{MeetingApp, MeetingMode};
use crate::tui::keymap::{Binding, HelpLine, Press, Table, help_lines};
use crossterm::event::KeyCode;

/// What a key asks for on the meeting screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingCommand {
    /// Next cluster or row; down.
    Next,
    /// Previous cluster or row; up.
    Prev,
    /// The cluster to the left (一览).
    Left,
    /// The cluster to the right (一览).
    Right,
    /// Open the selected cluster's review (in 一览: at the selected indicator).
    Open,
    /// My scores across clusters (一览).
    Overview,
    /// Sign the selected cluster.
    SignSelected,
    /// Sign every ready cluster.
    SignReady,
    /// Help.
    Help,
    /// Quit.
    Quit,
    /// Confirm the dialog.
    Confirm,
    /// Leave the dialog.
    Cancel,
    /// Close the view.
    Close,
    /// A page down (help).
    PageDown,
    /// A page up (help).
    PageUp,
}

fn selected_ready(app: &MeetingApp) -> bool {
    app.cluster().is_some_and(super::app::ClusterEntry::ready)
}

fn any_ready(app: &MeetingApp) -> bool {
    !app.ready().is_empty()
}

fn several(app: &MeetingApp) -> bool {
    app.clusters.len() > 1
}

const DOWN: &[Press] = &[Press::key(KeyCode::Down), Press::ch('j')];
const UP: &[Press] = &[Press::key(KeyCode::Up), Press::ch('k')];
const ENTER: &[Press] = &[Press::key(KeyCode::Enter)];
const ESC: &[Press] = &[Press::key(KeyCode::Esc)];

/// Keys of every mode: Ctrl-C always quits.
pub static GLOBAL: Table<MeetingApp, MeetingCommand> = Table {
    zh: "任何时候",
    en: "always",
    bindings: &[Binding::new(
        &[Press::ctrl('c')],
        "Ctrl-C",
        MeetingCommand::Quit,
        "退出（正在编辑的文字先保存）",
        "quit (an open editor is saved first)",
    )],
    text: false,
    note_zh: "",
    note_en: "",
};

/// The list of the meeting's clusters.
pub static LIST: Table<MeetingApp, MeetingCommand> = Table {
    zh: "评审会 · 集群列表",
    en: "meeting · clusters",
    bindings: &[
        Binding::new(
            DOWN,
            "↓ j",
            MeetingCommand::Next,
            "下一集群",
            "next cluster",
        )
        .hinted_as("↑↓", "选择", "select"),
        Binding::new(
            UP,
            "↑ k",
            MeetingCommand::Prev,
            "上一集群",
            "previous cluster",
        ),
        Binding::new(
            ENTER,
            "Enter",
            MeetingCommand::Open,
            "评审该集群（首次打开先作回避声明）",
            "review the cluster (the declaration first, the first time)",
        )
        .hinted_as("Enter", "评审", "review"),
        Binding::new(
            &[Press::key(KeyCode::Tab)],
            "Tab",
            MeetingCommand::Overview,
            "一览：我在各集群的评分并排对照",
            "my scores across clusters, side by side",
        )
        .hinted_as("Tab", "一览", "across"),
        Binding::new(
            &[Press::ch('S')],
            "S",
            MeetingCommand::SignSelected,
            "签署所选集群",
            "sign the selected cluster",
        )
        .hinted_as("S", "签署", "sign")
        .when(selected_ready),
        Binding::new(
            &[Press::ch('A')],
            "A",
            MeetingCommand::SignReady,
            "签署全部可签署的集群（确认一次）",
            "sign every ready cluster (confirmed once)",
        )
        .hinted_as("A", "全部签署", "sign all")
        .when(any_ready),
        Binding::new(&[Press::ch('?')], "?", MeetingCommand::Help, "帮助", "help").hinted(),
        Binding::new(&[Press::ch('q')], "q", MeetingCommand::Quit, "退出", "quit").hinted(),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

/// My scores across clusters (一览).
pub static OVERVIEW: Table<MeetingApp, MeetingCommand> = Table {
    zh: "一览 · 我在各集群的评分",
    en: "my scores across clusters",
    bindings: &[
        Binding::new(DOWN, "↓ j", MeetingCommand::Next, "下一行", "next row").hinted_as(
            "↑↓",
            "指标",
            "indicator",
        ),
        Binding::new(UP, "↑ k", MeetingCommand::Prev, "上一行", "previous row"),
        Binding::new(
            &[Press::key(KeyCode::Right), Press::ch('l')],
            "→ l",
            MeetingCommand::Right,
            "右一集群",
            "cluster to the right",
        )
        .hinted_as("←→", "集群", "cluster")
        .when(several),
        Binding::new(
            &[Press::key(KeyCode::Left), Press::ch('h')],
            "← h",
            MeetingCommand::Left,
            "左一集群",
            "cluster to the left",
        ),
        Binding::new(
            ENTER,
            "Enter",
            MeetingCommand::Open,
            "转到该集群的该指标",
            "go to that cluster and indicator",
        )
        .hinted_as("Enter", "转到", "go to"),
        Binding::new(
            &[
                Press::key(KeyCode::Esc),
                Press::key(KeyCode::Tab),
                Press::ch('q'),
            ],
            "Esc Tab q",
            MeetingCommand::Close,
            "回到集群列表",
            "back to the clusters",
        )
        .hinted_as("Esc", "列表", "list"),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

/// Confirming the clusters to sign.
pub static SIGN_CONFIRM: Table<MeetingApp, MeetingCommand> = Table {
    zh: "签署 · 确认",
    en: "sign · confirm",
    bindings: &[
        Binding::new(
            ENTER,
            "Enter",
            MeetingCommand::Confirm,
            "确认签署所列集群",
            "confirm: sign the clusters listed",
        )
        .hinted_as("Enter", "确认", "confirm"),
        Binding::new(
            &[Press::key(KeyCode::Esc), Press::ch('q')],
            "Esc q",
            MeetingCommand::Cancel,
            "取消",
            "cancel",
        )
        .hinted_as("Esc", "取消", "cancel"),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

/// Typing the private key's path.
pub static SIGN_KEY: Table<MeetingApp, MeetingCommand> = Table {
    zh: "签署 · 私钥",
    en: "sign · private key",
    bindings: &[
        Binding::new(ENTER, "Enter", MeetingCommand::Confirm, "签署", "sign").hinted(),
        Binding::new(ESC, "Esc", MeetingCommand::Cancel, "返回", "back").hinted(),
    ],
    text: true,
    note_zh: "",
    note_en: "",
};

/// The help overlay.
pub static HELP: Table<MeetingApp, MeetingCommand> = Table {
    zh: "帮助",
    en: "help",
    bindings: &[
        Binding::new(DOWN, "↓ j", MeetingCommand::Next, "下滚", "scroll down")
            .hinted_as("↑↓", "滚动", "scroll"),
        Binding::new(UP, "↑ k", MeetingCommand::Prev, "上滚", "scroll up"),
        Binding::new(
            &[Press::key(KeyCode::PageDown), Press::ch(' ')],
            "PgDn Space",
            MeetingCommand::PageDown,
            "下翻一页",
            "page down",
        ),
        Binding::new(
            &[Press::key(KeyCode::PageUp)],
            "PgUp",
            MeetingCommand::PageUp,
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
            MeetingCommand::Close,
            "关闭",
            "close",
        )
        .hinted_as("Esc", "关闭", "close"),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

/// The table of the mode the screen is in (`None` while a cluster's review is open: its own
/// tables apply).
pub fn table(app: &MeetingApp) -> Option<&'static Table<MeetingApp, MeetingCommand>> {
    Some(match &app.mode {
        MeetingMode::List => &LIST,
        MeetingMode::Overview { .. } => &OVERVIEW,
        MeetingMode::SignConfirm { .. } => &SIGN_CONFIRM,
        MeetingMode::SignKey { .. } => &SIGN_KEY,
        MeetingMode::Help { .. } => &HELP,
        MeetingMode::Review(_) => return None,
    })
}

/// Every table of the screen, in the order of the help overlay.
pub const ALL: [&Table<MeetingApp, MeetingCommand>; 6] =
    [&LIST, &OVERVIEW, &SIGN_CONFIRM, &SIGN_KEY, &HELP, &GLOBAL];

/// The help overlay's lines: every mode's keys (a cluster's review has its own help, `?`).
pub fn help(lang: crate::i18n::Lang) -> Vec<HelpLine> {
    help_lines(&ALL, lang)
}

/// The hint bar of the screen as it is.
pub fn hint_bar(app: &MeetingApp) -> String {
    table(app).map_or_else(String::new, |t| t.hint_bar(app, app.lang))
}
