//! Entering and leaving the terminal's full-screen mode. The terminal is restored however the
//! program ends: on quit, on an error (the guard's `Drop`), on Ctrl-C (a key in raw mode, which
//! quits normally) and on a panic (a hook chained before ratatui's own).

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::DefaultTerminal;
use std::io;

/// Restores the terminal when dropped.
#[derive(Debug)]
pub struct TerminalGuard {
    /// The terminal to draw on.
    pub terminal: DefaultTerminal,
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen, with bracketed paste.
    pub fn enter() -> io::Result<Self> {
        // the guard exists from the moment the terminal is changed: any later failure restores it
        let guard = Self {
            terminal: ratatui::try_init()?,
        };
        let ratatui_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste);
            ratatui_hook(info);
        }));
        crossterm::execute!(io::stdout(), EnableBracketedPaste)?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste);
        ratatui::restore();
    }
}
