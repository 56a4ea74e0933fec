//! Entering and leaving the terminal's full-screen mode. The terminal is restored however the
//! program ends: on quit, on an error (the guard's `Drop`), on Ctrl-C (a key in raw mode, which
//! quits normally), on a signal (`signals`, then the guard's `Drop`) and on a panic (a hook
//! chained before ratatui's own).
//!
//! Bracketed paste is asked for but not required: a console that refuses it (the legacy Windows
//! console) runs without paste events, and the screen says so. Every frame is drawn inside a
//! synchronized update, so a terminal that supports them shows whole frames only (no flicker
//! on slow consoles); others ignore the two sequences.

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::{DefaultTerminal, Frame};
use std::io;

/// Restores the terminal when dropped.
#[derive(Debug)]
pub struct TerminalGuard {
    /// The terminal to draw on.
    pub terminal: DefaultTerminal,
    /// Whether bracketed paste is on (pastes arrive as one event).
    pub paste: bool,
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen, with bracketed paste where the terminal has it.
    pub fn enter() -> io::Result<Self> {
        // the guard exists from the moment the terminal is changed: any later failure restores it
        let mut guard = Self {
            terminal: ratatui::try_init()?,
            paste: false,
        };
        let ratatui_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste);
            ratatui_hook(info);
        }));
        guard.paste = crossterm::execute!(io::stdout(), EnableBracketedPaste).is_ok();
        Ok(guard)
    }

    /// Draws one frame as a synchronized update.
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        // a terminal without synchronized updates ignores the sequences; a failure to send
        // them is a failure to draw, reported by the draw itself
        let _ = crossterm::queue!(io::stdout(), BeginSynchronizedUpdate);
        let drawn = self.terminal.draw(render).map(|_| ());
        let ended = crossterm::execute!(io::stdout(), EndSynchronizedUpdate);
        drawn.and(ended)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        if self.paste {
            let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste);
        }
        ratatui::restore();
    }
}
