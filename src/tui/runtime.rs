//! The event loop: the one place where a screen meets the terminal. Events become actions, the
//! screen's `update` returns effects, and the effects are carried out by the caller's `execute`
//! (against the screen's file); their results come back as actions, so a screen says "已保存"
//! only when a commit has returned. Both screens (the expert's review, the chair's) run on it.
//!
//! Ending from outside (a signal, a console close) and a failing terminal end the same way: the
//! screen is told (`Screen::ended`) and saves what an open editor holds, the terminal is
//! restored, and the run ends with an error.

use super::signals::Signals;
use super::terminal::TerminalGuard;
use crossterm::event::{self, Event, KeyEvent};
use ratatui::Frame;
use std::io;
use std::time::{Duration, Instant};

/// How long to wait for an event before a tick (autosave, signals).
const TICK: Duration = Duration::from_millis(250);

/// A screen in the Elm style: pure key handling, update and drawing.
pub trait Screen {
    /// What happened, in the screen's terms.
    type Action;
    /// What the runtime must carry out.
    type Effect;
    /// The action a key asks for.
    fn key(&self, key: KeyEvent) -> Option<Self::Action>;
    /// The action of a bracketed paste.
    fn paste(&self, text: String) -> Option<Self::Action>;
    /// The action of time passing.
    fn tick(&self, now: Instant) -> Option<Self::Action>;
    /// The action of being asked to end from outside: save what is open, then end whatever the
    /// outcome of that save.
    fn ended(&self) -> Self::Action;
    /// The action of a terminal without bracketed paste (the status line says so).
    fn no_paste(&self) -> Self::Action;
    /// Applies an action; returns the effects to carry out.
    fn update(&mut self, action: Self::Action) -> Vec<Self::Effect>;
    /// Draws the state.
    fn draw(&self, frame: &mut Frame);
    /// Whether the program should end.
    fn done(&self) -> bool;
}

/// Applies an action and carries out its effects; results only change the state.
fn apply<S: Screen>(
    screen: &mut S,
    action: S::Action,
    execute: &mut impl FnMut(S::Effect) -> S::Action,
) {
    for effect in screen.update(action) {
        let result = execute(effect);
        // results never ask for more effects
        let _ = screen.update(result);
    }
}

/// An event read, or `None` for a tick; an interrupted wait (a signal) is a tick.
fn next_event() -> io::Result<Option<Event>> {
    match event::poll(TICK) {
        Ok(true) => match event::read() {
            Ok(event) => Ok(Some(event)),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(None),
            Err(e) => Err(e),
        },
        Ok(false) => Ok(None),
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(None),
        Err(e) => Err(e),
    }
}

/// Runs a screen until it is done; `execute` carries out an effect and returns its result.
/// Ends with an error of kind `Interrupted` when a signal ended it, after saving.
pub fn run_screen<S: Screen>(
    screen: &mut S,
    mut execute: impl FnMut(S::Effect) -> S::Action,
) -> io::Result<()> {
    let signals = Signals::install();
    let outcome = match TerminalGuard::enter() {
        Ok(mut guard) => {
            if !guard.paste {
                let notice = screen.no_paste();
                apply(screen, notice, &mut execute);
            }
            let outcome = event_loop(screen, &mut guard, &signals, &mut execute);
            drop(guard);
            outcome
        }
        Err(e) => Err(e),
    };
    signals.finish();
    outcome
}

fn event_loop<S: Screen>(
    screen: &mut S,
    guard: &mut TerminalGuard,
    signals: &Signals,
    execute: &mut impl FnMut(S::Effect) -> S::Action,
) -> io::Result<()> {
    loop {
        if let Some(signal) = signals.pending() {
            let ended = screen.ended();
            apply(screen, ended, execute);
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                format!("ended by {signal}; what the open editor held was saved first"),
            ));
        }
        let step = guard.draw(|frame| screen.draw(frame)).and_then(|()| {
            if screen.done() {
                return Ok(None);
            }
            next_event().map(Some)
        });
        let event = match step {
            Ok(None) => return Ok(()),
            Ok(Some(event)) => event,
            Err(e) => {
                // the terminal failed (closed): keep what was typed, then report
                let ended = screen.ended();
                apply(screen, ended, execute);
                return Err(e);
            }
        };
        let action = match event {
            Some(Event::Key(key)) => screen.key(key),
            Some(Event::Paste(text)) => screen.paste(text),
            Some(_) => None,
            None => screen.tick(Instant::now()),
        };
        if let Some(action) = action {
            apply(screen, action, execute);
        }
    }
}
