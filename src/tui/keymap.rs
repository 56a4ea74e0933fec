//! The key map of the review screen: one table from which key handling, the hint bar and the
//! help overlay are all made, so they can never disagree.

use crate::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for in the review screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Next indicator (or measure, with the detail pane focused).
    Next,
    /// Previous indicator (or measure).
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
    /// Quit (everything is already saved).
    Quit,
    /// Evidence viewer.
    Evidence,
    /// Note on the selected measure.
    Note,
    /// Corrected figure of the selected measure.
    Correct,
    /// Scroll the detail pane down.
    PageDown,
    /// Scroll the detail pane up.
    PageUp,
}

/// One binding of a screen's key map.
#[derive(Debug, Clone, Copy)]
pub struct Binding<C> {
    /// The keys, as shown.
    pub keys: &'static str,
    /// The codes that trigger it.
    pub codes: &'static [KeyCode],
    /// The command.
    pub command: C,
    /// Chinese label.
    pub zh: &'static str,
    /// English label.
    pub en: &'static str,
    /// Shown in the hint bar (the rest only in the help overlay).
    pub hint: bool,
}

impl<C> Binding<C> {
    /// The label in a language.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

/// The review screen's bindings (DESIGN §8), in the order of the hint bar.
pub const BINDINGS: [Binding<Command>; 16] = [
    Binding {
        keys: "↑↓",
        codes: &[],
        command: Command::Next,
        zh: "选择",
        en: "select",
        hint: true,
    },
    Binding {
        keys: "↓ j",
        codes: &[KeyCode::Down, KeyCode::Char('j')],
        command: Command::Next,
        zh: "下一项",
        en: "next",
        hint: false,
    },
    Binding {
        keys: "↑ k",
        codes: &[KeyCode::Up, KeyCode::Char('k')],
        command: Command::Prev,
        zh: "上一项",
        en: "previous",
        hint: false,
    },
    Binding {
        keys: "Enter",
        codes: &[KeyCode::Enter],
        command: Command::Score,
        zh: "打分",
        en: "score",
        hint: true,
    },
    Binding {
        keys: "c",
        codes: &[KeyCode::Char('c')],
        command: Command::Comment,
        zh: "意见",
        en: "opinion",
        hint: true,
    },
    Binding {
        keys: "v",
        codes: &[KeyCode::Char('v')],
        command: Command::Verify,
        zh: "核验",
        en: "check",
        hint: true,
    },
    Binding {
        keys: "Tab",
        codes: &[KeyCode::Tab, KeyCode::BackTab],
        command: Command::ToggleFocus,
        zh: "切换",
        en: "focus",
        hint: true,
    },
    Binding {
        keys: "o",
        codes: &[KeyCode::Char('o')],
        command: Command::Overall,
        zh: "综合意见",
        en: "overall",
        hint: true,
    },
    Binding {
        keys: "S",
        codes: &[KeyCode::Char('S')],
        command: Command::SignOff,
        zh: "签署",
        en: "sign",
        hint: true,
    },
    Binding {
        keys: "?",
        codes: &[KeyCode::Char('?')],
        command: Command::Help,
        zh: "帮助",
        en: "help",
        hint: true,
    },
    Binding {
        keys: "q",
        codes: &[KeyCode::Char('q')],
        command: Command::Quit,
        zh: "退出",
        en: "quit",
        hint: true,
    },
    Binding {
        keys: "e",
        codes: &[KeyCode::Char('e')],
        command: Command::Evidence,
        zh: "证明材料",
        en: "evidence",
        hint: false,
    },
    Binding {
        keys: "n",
        codes: &[KeyCode::Char('n')],
        command: Command::Note,
        zh: "计量项批注",
        en: "note on measure",
        hint: false,
    },
    Binding {
        keys: "x",
        codes: &[KeyCode::Char('x')],
        command: Command::Correct,
        zh: "更正数值",
        en: "correct figure",
        hint: false,
    },
    Binding {
        keys: "PgDn",
        codes: &[KeyCode::PageDown],
        command: Command::PageDown,
        zh: "详情下翻",
        en: "scroll detail down",
        hint: false,
    },
    Binding {
        keys: "PgUp",
        codes: &[KeyCode::PageUp],
        command: Command::PageUp,
        zh: "详情上翻",
        en: "scroll detail up",
        hint: false,
    },
];

/// The command a key asks for in the review screen. Ctrl-C always quits.
pub fn command_for(key: &KeyEvent) -> Option<Command> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return (key.code == KeyCode::Char('c')).then_some(Command::Quit);
    }
    find(&BINDINGS, key)
}

/// The command of the first binding whose codes include the key.
pub fn find<C: Copy>(bindings: &[Binding<C>], key: &KeyEvent) -> Option<C> {
    bindings
        .iter()
        .find(|b| b.codes.contains(&key.code))
        .map(|b| b.command)
}

/// The review screen's hint bar.
pub fn hint_line(lang: Lang) -> String {
    hints(&BINDINGS, lang)
}

/// A hint bar: the bindings marked for it, `keys label` each.
pub fn hints<C>(bindings: &[Binding<C>], lang: Lang) -> String {
    bindings
        .iter()
        .filter(|b| b.hint)
        .map(|b| format!("{} {}", b.keys, b.label(lang)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(command_for(&key(code)), Some(command), "{code:?}");
        }
        assert_eq!(
            command_for(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Command::Quit)
        );
        assert_eq!(
            command_for(&KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT)),
            Some(Command::SignOff)
        );
        assert_eq!(command_for(&key(KeyCode::Char('s'))), None);
    }

    #[test]
    fn the_hint_bar_is_made_from_the_table() {
        assert_eq!(
            hint_line(Lang::Zh),
            "↑↓ 选择 Enter 打分 c 意见 v 核验 Tab 切换 o 综合意见 S 签署 ? 帮助 q 退出"
        );
    }
}
