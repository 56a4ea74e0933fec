//! The one text input of both screens (after gitui's `components/textinput.rs`): a line entry
//! (points, a figure, a key path, a search) or a multi-line editor (opinions, notes, reasons),
//! with what is confirmed saved of it, the save in flight, autosave after a pause in typing,
//! bracketed paste, and the real terminal cursor at the caret, where an input method draws its
//! candidate window.
//!
//! Only editing keys reach the text (characters, Enter in a multi-line input, Backspace,
//! Delete, the arrows, Home, End); every other key belongs to the mode's key map.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use std::time::{Duration, Instant};

/// How long an editor waits after the last keystroke before saving by itself.
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(1500);

/// Text with every line break as `\n` (terminals paste `\r`, Windows files carry `\r\n`).
pub fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A text being typed, and how far it is saved.
#[derive(Debug)]
pub struct TextInput {
    area: TextArea<'static>,
    multiline: bool,
    /// The text as last confirmed saved (the commit returned).
    pub saved: String,
    /// The text sent to be saved, until the result arrives.
    pub pending: Option<String>,
    /// Asked to close (Esc, quitting) once the text is saved.
    pub closing: bool,
    /// Typed since the last autosave check.
    touched: bool,
    /// The first tick after the last keystroke: autosave counts from here.
    quiet_since: Option<Instant>,
}

impl TextInput {
    fn with(text: &str, multiline: bool) -> Self {
        let text = normalise_newlines(text);
        let lines: Vec<String> = if multiline {
            text.split('\n').map(str::to_string).collect()
        } else {
            vec![text.lines().next().unwrap_or_default().to_string()]
        };
        let mut area = TextArea::new(lines);
        if multiline {
            area.set_wrap_mode(WrapMode::WordOrGlyph);
        }
        area.set_cursor_line_style(Style::default());
        area.set_cursor_style(Style::default());
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        let saved = area.lines().join("\n");
        Self {
            area,
            multiline,
            saved,
            pending: None,
            closing: false,
            touched: false,
            quiet_since: None,
        }
    }

    /// A one-line entry holding `text` (the caret at its end).
    pub fn line(text: &str) -> Self {
        Self::with(text, false)
    }

    /// A multi-line editor holding `text` (wrapped; the caret at its end).
    pub fn multiline(text: &str) -> Self {
        Self::with(text, true)
    }

    /// The text as typed.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Whether the text differs from what is saved.
    pub fn dirty(&self) -> bool {
        self.text() != self.saved
    }

    /// An editing key; returns whether the text changed. Keys that do not edit are ignored.
    pub fn key(&mut self, key: &KeyEvent) -> bool {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return false;
        }
        let changed = match key.code {
            KeyCode::Char(c) if c != '\n' && c != '\r' => {
                self.area.insert_char(c);
                true
            }
            KeyCode::Enter if self.multiline => {
                self.area.insert_newline();
                true
            }
            KeyCode::Backspace => self.area.delete_char(),
            KeyCode::Delete => self.area.delete_next_char(),
            KeyCode::Left => self.moved(CursorMove::Back),
            KeyCode::Right => self.moved(CursorMove::Forward),
            KeyCode::Up if self.multiline => self.moved(CursorMove::Up),
            KeyCode::Down if self.multiline => self.moved(CursorMove::Down),
            KeyCode::Home => self.moved(CursorMove::Head),
            KeyCode::End => self.moved(CursorMove::End),
            _ => false,
        };
        if changed {
            self.typed();
        }
        changed
    }

    fn moved(&mut self, to: CursorMove) -> bool {
        self.area.move_cursor(to);
        false
    }

    /// Pasted text at the caret (a one-line entry takes the first line); returns whether the
    /// text changed.
    pub fn paste(&mut self, text: &str) -> bool {
        let text = normalise_newlines(text);
        let text = if self.multiline {
            text
        } else {
            text.lines().next().unwrap_or_default().to_string()
        };
        let changed = self.area.insert_str(&text);
        if changed {
            self.typed();
        }
        changed
    }

    fn typed(&mut self) {
        self.touched = true;
        self.quiet_since = None;
    }

    /// The text is sent to be saved: returns it, remembered as in flight.
    pub fn send(&mut self) -> String {
        let text = self.text();
        self.pending = Some(text.clone());
        text
    }

    /// The save in flight was committed.
    pub fn confirm(&mut self) {
        if let Some(text) = self.pending.take() {
            self.saved = text;
        }
    }

    /// The save in flight failed: the text stays, nothing waits to close.
    pub fn fail(&mut self) {
        self.pending = None;
        self.closing = false;
    }

    /// Whether typing has paused for `AUTOSAVE_AFTER` with unsaved text and no save in
    /// flight (the pause counts from the first tick after the last keystroke).
    pub fn autosave_due(&mut self, now: Instant) -> bool {
        if !self.touched || self.pending.is_some() {
            return false;
        }
        let since = *self.quiet_since.get_or_insert(now);
        if now.duration_since(since) < AUTOSAVE_AFTER {
            return false;
        }
        self.touched = false;
        self.quiet_since = None;
        self.dirty()
    }

    /// Draws the text in `rect` and, unless `show_cursor` is false (a save in flight), puts the
    /// terminal cursor at the caret.
    pub fn draw(&self, frame: &mut Frame, rect: Rect, show_cursor: bool) {
        frame.render_widget(&self.area, rect);
        if !show_cursor || rect.width == 0 || rect.height == 0 {
            return;
        }
        let cursor = self.area.screen_cursor();
        let (top, left) = self.area.scroll_offset();
        let row = u16::try_from(cursor.row)
            .unwrap_or(u16::MAX)
            .saturating_sub(top);
        let col = u16::try_from(cursor.col)
            .unwrap_or(u16::MAX)
            .saturating_sub(left);
        frame.set_cursor_position(Position {
            x: rect
                .x
                .saturating_add(col)
                .min(rect.right().saturating_sub(1)),
            y: rect
                .y
                .saturating_add(row)
                .min(rect.bottom().saturating_sub(1)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut TextInput, code: KeyCode, modifiers: KeyModifiers) -> bool {
        input.key(&KeyEvent::new(code, modifiers))
    }

    #[test]
    fn only_editing_keys_reach_the_text() {
        let mut input = TextInput::multiline("");
        assert!(press(&mut input, KeyCode::Char('意'), KeyModifiers::NONE));
        assert!(press(&mut input, KeyCode::Enter, KeyModifiers::NONE));
        assert!(press(&mut input, KeyCode::Char('见'), KeyModifiers::SHIFT));
        assert!(!press(
            &mut input,
            KeyCode::Char('c'),
            KeyModifiers::CONTROL
        ));
        assert!(!press(&mut input, KeyCode::Tab, KeyModifiers::NONE));
        assert!(!press(&mut input, KeyCode::F(1), KeyModifiers::NONE));
        assert!(!press(&mut input, KeyCode::Left, KeyModifiers::NONE));
        assert!(press(&mut input, KeyCode::Backspace, KeyModifiers::NONE));
        // the caret went back over 见, so Backspace joined the lines
        assert_eq!(input.text(), "意见");
        let mut line = TextInput::line("6");
        assert!(!press(&mut line, KeyCode::Enter, KeyModifiers::NONE));
        line.paste("7\r8");
        assert_eq!(line.text(), "67");
    }

    #[test]
    fn autosave_waits_for_a_pause_and_for_a_save_in_flight() {
        let start = Instant::now();
        let mut input = TextInput::multiline("旧");
        assert!(!input.autosave_due(start), "nothing typed");
        press(&mut input, KeyCode::Char('新'), KeyModifiers::NONE);
        assert!(!input.autosave_due(start));
        assert!(!input.autosave_due(start + AUTOSAVE_AFTER / 2));
        assert!(input.autosave_due(start + AUTOSAVE_AFTER));
        assert_eq!(input.send(), "旧新");
        press(&mut input, KeyCode::Char('！'), KeyModifiers::NONE);
        assert!(
            !input.autosave_due(start + AUTOSAVE_AFTER * 9),
            "a save is in flight"
        );
        input.confirm();
        assert_eq!(input.saved, "旧新");
        assert!(input.dirty());
        input.fail();
        assert!(input.pending.is_none() && !input.closing);
    }
}
