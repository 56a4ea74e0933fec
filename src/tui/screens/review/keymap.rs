//! The review screen's key tables, one per mode (DESIGN §8's bindings in `NORMAL`): key
//! handling, the hint bar and the help overlay are all made from them.

use super::app::{App, EditorTarget, Focus, Mode};
use crate::rubric::IndicatorKind;
use crate::session::may_edit;
use crate::tui::keymap::{Binding, HelpLine, Press, Table, help_lines};
use crossterm::event::KeyCode;

/// What a key asks for on the review screen, in whatever mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Next indicator (or measure, with the detail pane focused); down in a list or a text.
    Next,
    /// Previous indicator (or measure); up.
    Prev,
    /// Score entry of a qualitative indicator.
    Score,
    /// Opinion editor of the indicator.
    Comment,
    /// Status of the selected measure.
    Verify,
    /// Focus the list or the detail pane.
    ToggleFocus,
    /// Overall opinion editor.
    Overall,
    /// Sign-off screen.
    SignOff,
    /// Help overlay.
    Help,
    /// Quit (everything is already saved; an open editor is saved first).
    Quit,
    /// Evidence viewer.
    Evidence,
    /// Note on the selected measure.
    Note,
    /// Corrected figure of the selected measure.
    Correct,
    /// A page down (detail pane, viewer, help).
    PageDown,
    /// A page up.
    PageUp,
    /// Confirm the dialog (save the entry, choose, sign, confirm the recusal).
    Confirm,
    /// Leave the dialog without saving what it holds (an entry), or go back a step.
    Cancel,
    /// Close the dialog, saving what it holds (an editor).
    Close,
    /// Choose a status by its number (0-based).
    Pick(usize),
    /// The viewer's next file.
    NextFile,
    /// The viewer's previous file.
    PrevFile,
    /// Start a search in the viewer.
    Search,
    /// The next match of the last search.
    FindNext,
    /// Declare no conflict of interest.
    NoConflict,
    /// Recuse (asks for the reason).
    Recuse,
    /// The application conditions (申报条件) of an application review.
    Conditions,
    /// Back to the review meeting's list of clusters (outside a meeting: the declaration
    /// quits, as before).
    Back,
}

fn selected_kind(app: &App) -> Option<IndicatorKind> {
    app.indicator().map(|i| i.kind)
}

fn editable(app: &App) -> bool {
    may_edit(&app.session).is_ok()
}

fn qualitative_editable(app: &App) -> bool {
    selected_kind(app) == Some(IndicatorKind::Qualitative) && editable(app)
}

fn quantitative(app: &App) -> bool {
    selected_kind(app) == Some(IndicatorKind::Quantitative)
}

fn in_list(app: &App) -> bool {
    app.focus == Focus::List
}

fn editable_in_list(app: &App) -> bool {
    editable(app) && in_list(app)
}

fn on_measure(app: &App) -> bool {
    quantitative(app) && app.focus == Focus::Detail
}

fn between_measures(app: &App) -> bool {
    on_measure(app) && app.indicator().is_some_and(|i| i.measures.len() > 1)
}

fn on_measure_editable(app: &App) -> bool {
    on_measure(app) && editable(app)
}

fn quantitative_in_list(app: &App) -> bool {
    quantitative(app) && in_list(app)
}

fn has_evidence(app: &App) -> bool {
    let id = app.indicator().map_or(0, |i| i.id);
    let prefix = format!("evidence/{id:02}");
    app.package
        .sources
        .iter()
        .any(|s| s.path.starts_with(&prefix))
}

fn reviews_conditions(app: &App) -> bool {
    app.session.reviews_conditions() && !app.rubric.conditions.is_empty()
}

fn conditions_in_list(app: &App) -> bool {
    reviews_conditions(app) && in_list(app)
}

fn may_sign(app: &App) -> bool {
    super::update::may_sign(app)
}

fn in_meeting(app: &App) -> bool {
    app.in_meeting
}

const DOWN: &[Press] = &[Press::key(KeyCode::Down), Press::ch('j')];
const UP: &[Press] = &[Press::key(KeyCode::Up), Press::ch('k')];
const ENTER: &[Press] = &[Press::key(KeyCode::Enter)];
const ESC: &[Press] = &[Press::key(KeyCode::Esc)];

/// Keys of every mode: Ctrl-C always quits (an open editor is saved first).
pub static GLOBAL: Table<App, Command> = Table {
    zh: "任何时候",
    en: "always",
    bindings: &[Binding::new(
        &[Press::ctrl('c')],
        "Ctrl-C",
        Command::Quit,
        "退出（正在编辑的文字先保存）",
        "quit (an open editor is saved first)",
    )],
    text: false,
    note_zh: "",
    note_en: "",
};

/// Browsing the indicators (DESIGN §8, contract).
pub static NORMAL: Table<App, Command> = Table {
    zh: "浏览指标",
    en: "browsing",
    bindings: &[
        Binding::new(DOWN, "↓ j", Command::Next, "下一项", "next")
            .hinted_as("↑↓", "选择", "select")
            .when(in_list),
        Binding::new(DOWN, "↓ j", Command::Next, "下一计量项", "next measure")
            .hinted_as("↑↓", "计量项", "measure")
            .when(between_measures),
        Binding::new(UP, "↑ k", Command::Prev, "上一项", "previous"),
        Binding::new(
            ENTER,
            "Enter",
            Command::Score,
            "打分（定性指标）",
            "score (qualitative)",
        )
        .hinted_as("Enter", "打分", "score")
        .when(qualitative_editable),
        Binding::new(
            &[Press::key(KeyCode::Tab), Press::key(KeyCode::BackTab)],
            "Tab S-Tab",
            Command::ToggleFocus,
            "在指标列表和计量项之间切换",
            "focus the list or the measures",
        )
        .hinted_as("Tab", "计量项", "measures")
        .when(quantitative_in_list),
        Binding::new(
            &[Press::key(KeyCode::Tab), Press::key(KeyCode::BackTab)],
            "Tab S-Tab",
            Command::ToggleFocus,
            "回到指标列表",
            "back to the list",
        )
        .hinted_as("Tab", "返回", "back")
        .when(on_measure),
        Binding::new(
            &[Press::ch('v')],
            "v",
            Command::Verify,
            "核验所选计量项",
            "check the selected measure",
        )
        .hinted_as("v", "核验", "check")
        .when(on_measure_editable),
        Binding::new(
            &[Press::ch('n')],
            "n",
            Command::Note,
            "计量项批注",
            "note on the measure",
        )
        .hinted_as("n", "批注", "note")
        .when(on_measure_editable),
        Binding::new(
            &[Press::ch('x')],
            "x",
            Command::Correct,
            "更正计量项数值",
            "correct the figure",
        )
        .hinted_as("x", "更正", "correct")
        .when(on_measure_editable),
        Binding::new(
            &[Press::ch('c')],
            "c",
            Command::Comment,
            "指标评审意见",
            "opinion on the indicator",
        )
        .hinted_as("c", "意见", "opinion")
        .when(editable),
        Binding::new(
            &[Press::ch('e')],
            "e",
            Command::Evidence,
            "证明材料",
            "evidence",
        )
        .hinted_as("e", "材料", "evidence")
        .when(has_evidence),
        Binding::new(
            &[Press::ch('o')],
            "o",
            Command::Overall,
            "综合意见",
            "overall opinion",
        )
        .hinted_as("o", "综合意见", "overall")
        .when(editable_in_list),
        Binding::new(
            &[Press::ch('a')],
            "a",
            Command::Conditions,
            "申报条件（立项评审）",
            "application conditions (application review)",
        )
        .hinted_as("a", "申报条件", "conditions")
        .when(conditions_in_list),
        Binding::new(&[Press::ch('S')], "S", Command::SignOff, "签署", "sign")
            .hinted()
            .when(in_list),
        Binding::new(
            &[Press::key(KeyCode::PageDown)],
            "PgDn",
            Command::PageDown,
            "详情下翻",
            "scroll the detail down",
        ),
        Binding::new(
            &[Press::key(KeyCode::PageUp)],
            "PgUp",
            Command::PageUp,
            "详情上翻",
            "scroll the detail up",
        ),
        Binding::new(
            ESC,
            "Esc",
            Command::Back,
            "返回评审会的集群列表（评审会中）",
            "back to the meeting's clusters (in a meeting)",
        )
        .hinted_as("Esc", "集群列表", "clusters")
        .when(in_meeting),
        Binding::new(&[Press::ch('?')], "?", Command::Help, "帮助", "help").hinted(),
        Binding::new(&[Press::ch('q')], "q", Command::Quit, "退出", "quit").hinted(),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

/// Typing points or a corrected figure.
pub static ENTRY: Table<App, Command> = Table {
    zh: "打分、更正数值",
    en: "points, corrected figure",
    bindings: &[
        Binding::new(ENTER, "Enter", Command::Confirm, "保存", "save").hinted(),
        Binding::new(
            ESC,
            "Esc",
            Command::Cancel,
            "取消（不保存）",
            "cancel (nothing saved)",
        )
        .hinted_as("Esc", "取消", "cancel"),
    ],
    text: true,
    note_zh: "",
    note_en: "",
};

/// Writing an opinion, a note or the overall opinion.
pub static EDITOR: Table<App, Command> = Table {
    zh: "意见、批注编辑",
    en: "opinion, note editor",
    bindings: &[Binding::new(ESC, "Esc", Command::Close, "完成并保存", "done, saved").hinted()],
    text: true,
    note_zh: "· Enter 换行 · 停顿 1.5 秒自动保存",
    note_en: "· Enter new line · saved by itself after a 1.5 s pause",
};

/// Writing the reason of a recusal.
pub static RECUSAL: Table<App, Command> = Table {
    zh: "回避理由",
    en: "reason for recusal",
    bindings: &[
        Binding::new(
            ENTER,
            "Enter",
            Command::Confirm,
            "确认回避（不可撤回）",
            "confirm the recusal (final)",
        )
        .hinted(),
        Binding::new(
            ESC,
            "Esc",
            Command::Cancel,
            "返回声明",
            "back to the declaration",
        )
        .hinted_as("Esc", "返回", "back"),
    ],
    text: true,
    note_zh: "",
    note_en: "",
};

/// Marking the application conditions.
pub static CONDITIONS: Table<App, Command> = Table {
    zh: "申报条件",
    en: "application conditions",
    bindings: &[
        Binding::new(DOWN, "↓ j", Command::Next, "下一条", "next")
            .hinted_as("↑↓", "选择", "choose"),
        Binding::new(UP, "↑ k", Command::Prev, "上一条", "previous"),
        Binding::new(&[Press::ch('1')], "1", Command::Pick(0), "符合", "met")
            .hinted_as("1–3", "符合/基本符合/不符合", "met/largely/not met")
            .when(editable),
        Binding::new(
            &[Press::ch('2')],
            "2",
            Command::Pick(1),
            "基本符合（须写明理由）",
            "largely met (a note is owed)",
        )
        .when(editable),
        Binding::new(
            &[Press::ch('3')],
            "3",
            Command::Pick(2),
            "不符合（须写明理由）",
            "not met (a note is owed)",
        )
        .when(editable),
        Binding::new(&[Press::ch('n')], "n", Command::Note, "说明", "note")
            .hinted()
            .when(editable),
        Binding::new(
            &[Press::key(KeyCode::Esc), Press::ch('q')],
            "Esc q",
            Command::Close,
            "关闭",
            "close",
        )
        .hinted_as("Esc", "关闭", "close"),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

/// Choosing a measure's status.
pub static PICKER: Table<App, Command> = Table {
    zh: "核验状态",
    en: "check status",
    bindings: &[
        Binding::new(DOWN, "↓ j", Command::Next, "下一个", "next")
            .hinted_as("↑↓", "选择", "choose"),
        Binding::new(UP, "↑ k", Command::Prev, "上一个", "previous"),
        Binding::new(ENTER, "Enter", Command::Confirm, "确定", "confirm").hinted(),
        Binding::new(
            &[Press::ch('1')],
            "1",
            Command::Pick(0),
            "未核验",
            "unchecked",
        )
        .hinted_as("1–4", "直选", "choose"),
        Binding::new(
            &[Press::ch('2')],
            "2",
            Command::Pick(1),
            "已核实",
            "verified",
        ),
        Binding::new(&[Press::ch('3')], "3", Command::Pick(2), "存疑", "doubtful"),
        Binding::new(
            &[Press::ch('4')],
            "4",
            Command::Pick(3),
            "缺证明",
            "missing",
        ),
        Binding::new(ESC, "Esc", Command::Cancel, "取消", "cancel").hinted(),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

fn searching(app: &App) -> bool {
    matches!(&app.mode, Mode::Viewer(v) if v.search.is_some())
}

fn not_searching(app: &App) -> bool {
    !searching(app)
}

/// The evidence viewer.
pub static VIEWER: Table<App, Command> = Table {
    zh: "证明材料",
    en: "evidence viewer",
    bindings: &[
        Binding::new(DOWN, "↓ j", Command::Next, "下滚一行", "scroll down")
            .hinted_as("↑↓", "滚动", "scroll"),
        Binding::new(UP, "↑ k", Command::Prev, "上滚一行", "scroll up"),
        Binding::new(
            &[Press::key(KeyCode::PageDown), Press::ch(' ')],
            "PgDn Space",
            Command::PageDown,
            "下翻一页",
            "page down",
        ),
        Binding::new(
            &[Press::key(KeyCode::PageUp)],
            "PgUp",
            Command::PageUp,
            "上翻一页",
            "page up",
        ),
        Binding::new(
            &[
                Press::key(KeyCode::Right),
                Press::key(KeyCode::Tab),
                Press::ch('l'),
            ],
            "→ Tab l",
            Command::NextFile,
            "下一个文件",
            "next file",
        )
        .hinted_as("←→", "切换文件", "file"),
        Binding::new(
            &[
                Press::key(KeyCode::Left),
                Press::key(KeyCode::BackTab),
                Press::ch('h'),
            ],
            "← S-Tab h",
            Command::PrevFile,
            "上一个文件",
            "previous file",
        ),
        Binding::new(&[Press::ch('/')], "/", Command::Search, "搜索", "search").hinted(),
        Binding::new(
            &[Press::ch('n')],
            "n",
            Command::FindNext,
            "下一个",
            "next match",
        )
        .hinted()
        .when(|app| matches!(&app.mode, Mode::Viewer(v) if !v.query.is_empty())),
        Binding::new(
            &[Press::key(KeyCode::Esc), Press::ch('q')],
            "Esc q",
            Command::Close,
            "关闭",
            "close",
        )
        .hinted_as("Esc", "关闭", "close")
        .when(not_searching),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

/// Typing a search in the viewer.
pub static SEARCH: Table<App, Command> = Table {
    zh: "证明材料 · 搜索",
    en: "evidence · search",
    bindings: &[
        Binding::new(ENTER, "Enter", Command::Confirm, "查找", "find").hinted(),
        Binding::new(ESC, "Esc", Command::Cancel, "取消搜索", "cancel the search")
            .hinted_as("Esc", "取消", "cancel"),
    ],
    text: true,
    note_zh: "",
    note_en: "",
};

/// The conflict-of-interest declaration.
pub static DECLARATION: Table<App, Command> = Table {
    zh: "回避声明",
    en: "declaration",
    bindings: &[
        Binding::new(
            &[Press::ch('y'), Press::ch('Y')],
            "y Y",
            Command::NoConflict,
            "无利益冲突",
            "no conflict",
        )
        .hinted(),
        Binding::new(
            &[Press::ch('r'), Press::ch('R')],
            "r R",
            Command::Recuse,
            "回避（须填写理由）",
            "recuse (with a reason)",
        )
        .hinted_as("r", "回避", "recuse"),
        Binding::new(&[Press::ch('q')], "q", Command::Quit, "退出", "quit").hinted(),
        Binding::new(
            ESC,
            "Esc",
            Command::Back,
            "退出（评审会中：返回集群列表，不建立会话）",
            "quit (in a meeting: back to the clusters, no session made)",
        )
        .hinted_as("Esc", "集群列表", "clusters")
        .when(in_meeting),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

/// The sign-off summary.
pub static SIGNOFF: Table<App, Command> = Table {
    zh: "签署",
    en: "sign-off",
    bindings: &[
        Binding::new(
            ENTER,
            "Enter",
            Command::Confirm,
            "签署（可签署时；否则关闭）",
            "sign (when ready; else close)",
        )
        .hinted_as("Enter", "签署", "sign")
        .when(may_sign),
        Binding::new(
            &[Press::key(KeyCode::Esc), Press::ch('q')],
            "Esc q",
            Command::Close,
            "关闭",
            "close",
        )
        .hinted_as("Esc", "关闭", "close"),
    ],
    text: false,
    note_zh: "",
    note_en: "",
};

/// Typing the private key's path.
pub static SIGN_KEY: Table<App, Command> = Table {
    zh: "签署 · 私钥",
    en: "sign · private key",
    bindings: &[
        Binding::new(ENTER, "Enter", Command::Confirm, "签署", "sign").hinted(),
        Binding::new(ESC, "Esc", Command::Cancel, "返回", "back").hinted(),
    ],
    text: true,
    note_zh: "",
    note_en: "",
};

/// The help overlay.
pub static HELP: Table<App, Command> = Table {
    zh: "帮助",
    en: "help",
    bindings: &[
        Binding::new(DOWN, "↓ j", Command::Next, "下滚", "scroll down")
            .hinted_as("↑↓", "滚动", "scroll"),
        Binding::new(UP, "↑ k", Command::Prev, "上滚", "scroll up"),
        Binding::new(
            &[Press::key(KeyCode::PageDown), Press::ch(' ')],
            "PgDn Space",
            Command::PageDown,
            "下翻一页",
            "page down",
        ),
        Binding::new(
            &[Press::key(KeyCode::PageUp)],
            "PgUp",
            Command::PageUp,
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
            Command::Close,
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
pub fn table(app: &App) -> &'static Table<App, Command> {
    match &app.mode {
        Mode::Normal => &NORMAL,
        Mode::Entry(_) => &ENTRY,
        Mode::Editor(editor) if editor.target == EditorTarget::RecusalReason => &RECUSAL,
        Mode::Editor(_) => &EDITOR,
        Mode::StatusPicker { .. } => &PICKER,
        Mode::Help { .. } => &HELP,
        Mode::Viewer(viewer) if viewer.search.is_some() => &SEARCH,
        Mode::Viewer(_) => &VIEWER,
        Mode::Declaration => &DECLARATION,
        Mode::SignOff => &SIGNOFF,
        Mode::SignKey(_) => &SIGN_KEY,
        Mode::Conditions { .. } => &CONDITIONS,
    }
}

/// Every table of the screen, in the order of the help overlay.
pub const ALL: [&Table<App, Command>; 13] = [
    &NORMAL,
    &ENTRY,
    &EDITOR,
    &PICKER,
    &VIEWER,
    &SEARCH,
    &DECLARATION,
    &RECUSAL,
    &SIGNOFF,
    &SIGN_KEY,
    &CONDITIONS,
    &HELP,
    &GLOBAL,
];

/// The help overlay's lines: every mode's keys.
pub fn help(lang: crate::i18n::Lang) -> Vec<HelpLine> {
    help_lines(&ALL, lang)
}

/// The hint bar of the screen as it is.
pub fn hint_bar(app: &App) -> String {
    table(app).hint_bar(app, app.lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crossterm::event::{KeyEvent, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn every_design_binding_is_mapped() {
        for (code, command) in [
            (KeyCode::Down, Command::Next),
            (KeyCode::Char('j'), Command::Next),
            (KeyCode::Up, Command::Prev),
            (KeyCode::Char('k'), Command::Prev),
            (KeyCode::Enter, Command::Score),
            (KeyCode::Char('c'), Command::Comment),
            (KeyCode::Char('v'), Command::Verify),
            (KeyCode::Tab, Command::ToggleFocus),
            (KeyCode::Char('o'), Command::Overall),
            (KeyCode::Char('S'), Command::SignOff),
            (KeyCode::Char('?'), Command::Help),
            (KeyCode::Char('q'), Command::Quit),
        ] {
            assert_eq!(NORMAL.find(&key(code)), Some(command), "{code:?}");
        }
        assert_eq!(
            GLOBAL.find(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Command::Quit)
        );
        assert_eq!(
            NORMAL.find(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            None,
            "Ctrl-C is not c"
        );
        assert_eq!(
            NORMAL.find(&KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT)),
            Some(Command::SignOff)
        );
        assert_eq!(NORMAL.find(&key(KeyCode::Char('s'))), None);
    }

    #[test]
    fn the_help_names_every_mode_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let lines = help(lang);
            for table in ALL {
                assert!(lines.contains(&HelpLine::Section(table.name(lang).to_string())));
            }
        }
    }
}
