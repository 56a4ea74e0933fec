//! The chair's key map: key handling, the hint bar and the help are all made from it.

use crate::tui::keymap::Binding;
use crossterm::event::KeyCode;

/// What a key asks for on the chair's screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChairCommand {
    /// Next indicator.
    Next,
    /// Previous indicator.
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
    /// Quit.
    Quit,
}

/// The chair's bindings, in the order of the hint bar.
pub const CHAIR_BINDINGS: [Binding<ChairCommand>; 13] = [
    Binding {
        keys: "↑↓",
        codes: &[],
        command: ChairCommand::Next,
        zh: "指标",
        en: "indicator",
        hint: true,
    },
    Binding {
        keys: "↓ j",
        codes: &[KeyCode::Down, KeyCode::Char('j')],
        command: ChairCommand::Next,
        zh: "下一指标",
        en: "next indicator",
        hint: false,
    },
    Binding {
        keys: "↑ k",
        codes: &[KeyCode::Up, KeyCode::Char('k')],
        command: ChairCommand::Prev,
        zh: "上一指标",
        en: "previous indicator",
        hint: false,
    },
    Binding {
        keys: "Tab",
        codes: &[KeyCode::Tab],
        command: ChairCommand::NextCluster,
        zh: "集群",
        en: "cluster",
        hint: true,
    },
    Binding {
        keys: "S-Tab",
        codes: &[KeyCode::BackTab],
        command: ChairCommand::PrevCluster,
        zh: "上一集群",
        en: "previous cluster",
        hint: false,
    },
    Binding {
        keys: "→",
        codes: &[KeyCode::Right],
        command: ChairCommand::ExpertsRight,
        zh: "后面的专家",
        en: "later experts",
        hint: false,
    },
    Binding {
        keys: "←",
        codes: &[KeyCode::Left],
        command: ChairCommand::ExpertsLeft,
        zh: "前面的专家",
        en: "earlier experts",
        hint: false,
    },
    Binding {
        keys: "m",
        codes: &[KeyCode::Char('m')],
        command: ChairCommand::NextMeasure,
        zh: "计量项",
        en: "measure",
        hint: true,
    },
    Binding {
        keys: "c",
        codes: &[KeyCode::Char('c')],
        command: ChairCommand::Note,
        zh: "合议意见",
        en: "consensus note",
        hint: true,
    },
    Binding {
        keys: "x",
        codes: &[KeyCode::Char('x')],
        command: ChairCommand::Correct,
        zh: "更正数据",
        en: "correct figure",
        hint: true,
    },
    Binding {
        keys: "r",
        codes: &[KeyCode::Char('r')],
        command: ChairCommand::Ranking,
        zh: "排名与一致性",
        en: "ranking",
        hint: true,
    },
    Binding {
        keys: "?",
        codes: &[KeyCode::Char('?')],
        command: ChairCommand::Help,
        zh: "帮助",
        en: "help",
        hint: true,
    },
    Binding {
        keys: "q",
        codes: &[KeyCode::Char('q')],
        command: ChairCommand::Quit,
        zh: "退出",
        en: "quit",
        hint: true,
    },
];
