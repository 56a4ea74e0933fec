//! Key maps as data, shared by both screens: every mode of a screen has one table of bindings,
//! and key handling (`find`), the hint bar (`hint_bar`) and the help overlay (`help_lines`) are
//! all made from those tables, so they cannot disagree (after gitui's `KeysList`/`CommandInfo`
//! and atuin's conditional rules).
//!
//! A key is matched on its code **and** its modifiers (Ctrl-C is not `c`); Shift is part of a
//! character (`S`) and of Shift-Tab, so it is not compared for those. A binding's `when` says
//! whether it applies in the current state: one that does not is left out of the hint bar
//! (the help overlay lists every binding of the mode). Keys that a mode does not bind are
//! typed into its text when the mode has one (`Table::text`), and ignored otherwise.

use crate::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key press: a code and the exact modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Press {
    /// The key.
    pub code: KeyCode,
    /// The modifiers that must be held (and no others).
    pub modifiers: KeyModifiers,
}

impl Press {
    /// A key with no modifier.
    pub const fn key(code: KeyCode) -> Self {
        Self {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    /// A character key (its case carries Shift).
    pub const fn ch(c: char) -> Self {
        Self::key(KeyCode::Char(c))
    }

    /// Ctrl and a character.
    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

    /// Whether a key event is this press.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let mut modifiers = event.modifiers;
        if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        let code = match event.code {
            // Ctrl with a capital letter (Caps Lock) is the same chord
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        code == self.code && modifiers == self.modifiers
    }
}

/// How a binding shows in the hint bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bar {
    /// Only in the help overlay.
    Hidden,
    /// As in the help overlay: its keys and its label.
    Shown,
    /// With other words (one entry standing for a pair: `↑↓ 选择`).
    As {
        /// The keys as written.
        keys: &'static str,
        /// Chinese label.
        zh: &'static str,
        /// English label.
        en: &'static str,
    },
}

/// One binding: the presses that trigger a command, how it is written, when it applies.
#[derive(Debug, Clone, Copy)]
pub struct Binding<S: 'static, C: 'static> {
    /// The presses that trigger it.
    pub presses: &'static [Press],
    /// The keys as written in the help overlay.
    pub keys: &'static str,
    /// The command.
    pub command: C,
    /// Chinese label.
    pub zh: &'static str,
    /// English label.
    pub en: &'static str,
    /// Its entry in the hint bar.
    pub bar: Bar,
    /// Whether it applies in a state (else it is not hinted).
    pub when: fn(&S) -> bool,
}

/// Every state: the binding always applies.
pub fn always<S>(_: &S) -> bool {
    true
}

impl<S, C> Binding<S, C> {
    /// A binding shown only in the help overlay, applying always.
    pub const fn new(
        presses: &'static [Press],
        keys: &'static str,
        command: C,
        zh: &'static str,
        en: &'static str,
    ) -> Self {
        Self {
            presses,
            keys,
            command,
            zh,
            en,
            bar: Bar::Hidden,
            when: always::<S>,
        }
    }

    /// Shown in the hint bar too.
    pub const fn hinted(mut self) -> Self {
        self.bar = Bar::Shown;
        self
    }

    /// Shown in the hint bar with other words.
    pub const fn hinted_as(
        mut self,
        keys: &'static str,
        zh: &'static str,
        en: &'static str,
    ) -> Self {
        self.bar = Bar::As { keys, zh, en };
        self
    }

    /// Applies only when `when` holds.
    pub const fn when(mut self, when: fn(&S) -> bool) -> Self {
        self.when = when;
        self
    }

    /// The label in a language.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }

    /// Whether a key event triggers it.
    pub fn matches(&self, key: &KeyEvent) -> bool {
        self.presses.iter().any(|p| p.matches(key))
    }
}

/// The keys of one mode.
#[derive(Debug)]
pub struct Table<S: 'static, C: 'static> {
    /// The mode's name in the help overlay (Chinese).
    pub zh: &'static str,
    /// The mode's name (English).
    pub en: &'static str,
    /// The bindings, in the order of the hint bar.
    pub bindings: &'static [Binding<S, C>],
    /// Other keys edit a text (the mode has a text input).
    pub text: bool,
    /// A word after the hints (Chinese), e.g. that an editor saves by itself.
    pub note_zh: &'static str,
    /// The same in English.
    pub note_en: &'static str,
}

impl<S, C: Copy> Table<S, C> {
    /// The command a key asks for in this mode, if it is bound.
    pub fn find(&self, key: &KeyEvent) -> Option<C> {
        self.bindings
            .iter()
            .find(|b| b.matches(key))
            .map(|b| b.command)
    }

    /// The hint bar: the bindings that are hinted and apply in `state`.
    pub fn hint_bar(&self, state: &S, lang: Lang) -> String {
        let mut parts: Vec<String> = self
            .bindings
            .iter()
            .filter(|b| (b.when)(state))
            .filter_map(|b| match b.bar {
                Bar::Hidden => None,
                Bar::Shown => Some(format!("{} {}", b.keys, b.label(lang))),
                Bar::As { keys, zh, en } => Some(format!("{keys} {}", lang.pick(zh, en))),
            })
            .collect();
        let note = lang.pick(self.note_zh, self.note_en);
        if !note.is_empty() {
            parts.push(note.to_string());
        }
        parts.join(" ")
    }

    /// The bindings hinted in `state` (what the hint bar shows).
    pub fn hinted(&self, state: &S) -> Vec<&Binding<S, C>> {
        self.bindings
            .iter()
            .filter(|b| b.bar != Bar::Hidden && (b.when)(state))
            .collect()
    }

    /// The mode's name.
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

/// The editing keys of a text input, as the help overlay lists them (the keys themselves are
/// handled by `widgets::TextInput`).
pub fn text_keys(lang: Lang) -> (&'static str, &'static str) {
    (
        "←→↑↓ Home End Backspace Del",
        lang.pick(
            "移动光标、删除；其他键输入文字（可粘贴）",
            "move the caret, delete; other keys type (paste works)",
        ),
    )
}

/// One line of the help overlay: keys and what they do, or a section heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A mode's name.
    Section(String),
    /// Keys and their label.
    Keys(String, String),
}

/// The help overlay's lines for a screen: every table, each under its mode's name, and the
/// text-editing keys under the modes that have a text.
pub fn help_lines<S, C: Copy>(tables: &[&Table<S, C>], lang: Lang) -> Vec<HelpLine> {
    let mut lines = Vec::new();
    for table in tables {
        lines.push(HelpLine::Section(table.name(lang).to_string()));
        for binding in table.bindings {
            lines.push(HelpLine::Keys(
                binding.keys.to_string(),
                binding.label(lang).to_string(),
            ));
        }
        if table.text {
            let (keys, label) = text_keys(lang);
            lines.push(HelpLine::Keys(keys.to_string(), label.to_string()));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn modifiers_are_matched_exactly() {
        let c = Press::ch('c');
        assert!(c.matches(&event(KeyCode::Char('c'), KeyModifiers::NONE)));
        assert!(!c.matches(&event(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(!c.matches(&event(KeyCode::Char('c'), KeyModifiers::ALT)));
        let ctrl_c = Press::ctrl('c');
        assert!(ctrl_c.matches(&event(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(ctrl_c.matches(&event(KeyCode::Char('C'), KeyModifiers::CONTROL)));
        assert!(!ctrl_c.matches(&event(KeyCode::Char('c'), KeyModifiers::NONE)));
        assert!(!ctrl_c.matches(&event(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL | KeyModifiers::ALT
        )));
        // Shift is the character's own: `S` arrives with or without it
        let s = Press::ch('S');
        assert!(s.matches(&event(KeyCode::Char('S'), KeyModifiers::SHIFT)));
        assert!(s.matches(&event(KeyCode::Char('S'), KeyModifiers::NONE)));
        assert!(!s.matches(&event(KeyCode::Char('s'), KeyModifiers::NONE)));
        let back = Press::key(KeyCode::BackTab);
        assert!(back.matches(&event(KeyCode::BackTab, KeyModifiers::SHIFT)));
        // but Shift with an arrow is another key
        let down = Press::key(KeyCode::Down);
        assert!(!down.matches(&event(KeyCode::Down, KeyModifiers::SHIFT)));
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Cmd {
        A,
        B,
    }

    static TABLE: Table<bool, Cmd> = Table {
        zh: "测试",
        en: "test",
        bindings: &[
            Binding::new(&[Press::ch('a')], "a", Cmd::A, "甲", "a").hinted(),
            Binding::new(&[Press::ch('b')], "b", Cmd::B, "乙", "b")
                .hinted()
                .when(|on| *on),
        ],
        text: false,
        note_zh: "",
        note_en: "",
    };

    #[test]
    fn a_binding_that_does_not_apply_is_handled_but_not_hinted() {
        assert_eq!(TABLE.hint_bar(&true, Lang::Zh), "a 甲 b 乙");
        assert_eq!(TABLE.hint_bar(&false, Lang::Zh), "a 甲");
        assert_eq!(
            TABLE.find(&event(KeyCode::Char('b'), KeyModifiers::NONE)),
            Some(Cmd::B)
        );
        assert_eq!(
            help_lines(&[&TABLE], Lang::En),
            [
                HelpLine::Section("test".into()),
                HelpLine::Keys("a".into(), "a".into()),
                HelpLine::Keys("b".into(), "b".into()),
            ]
        );
    }
}
