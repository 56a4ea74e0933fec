//! The event loop: the one place where the TUI meets the terminal and the session file.
//! Events become actions, `update` returns effects, and effects are carried out against the
//! session store; the status line says "已保存" only when a commit has returned.

use super::app::App;
use super::draw::draw;
use super::terminal::TerminalGuard;
use super::update::{Action, Effect, handle_key, update};
use crate::display::local_time;
use crate::store::SessionDb;
use crossterm::event::{self, Event};
use std::io;
use std::time::{Duration, Instant};

/// How long to wait for an event before a tick (autosave, clock).
const TICK: Duration = Duration::from_millis(250);

/// Runs the review screen until the expert quits.
pub fn run(mut app: App, mut db: SessionDb) -> io::Result<()> {
    let mut guard = TerminalGuard::enter()?;
    loop {
        guard.terminal.draw(|frame| draw(frame, &app))?;
        if app.quit {
            return Ok(());
        }
        let action = if event::poll(TICK)? {
            match event::read()? {
                Event::Key(key) => handle_key(&app, key),
                Event::Paste(text) => Some(Action::Paste(text)),
                _ => None,
            }
        } else {
            Some(Action::Tick(Instant::now()))
        };
        if let Some(action) = action {
            dispatch(&mut app, &mut db, action);
        }
    }
}

/// Applies an action and carries out its effects, feeding their results back.
pub fn dispatch(app: &mut App, db: &mut SessionDb, action: Action) {
    for effect in update(app, action) {
        let result = execute(db, effect);
        // results only change the state; they never ask for more effects
        let _ = update(app, result);
    }
}

/// Carries out one effect against the session file.
fn execute(db: &mut SessionDb, effect: Effect) -> Action {
    let result = match effect {
        Effect::Save(edits) => db.apply_all(&edits),
        Effect::Declare(kind, reason) => db.declare(kind, &reason),
    };
    match result {
        Ok(at) => Action::Saved {
            at: local_time(&at),
            session: Box::new(db.state().clone()),
        },
        Err(e) => Action::Failed(e.to_string()),
    }
}
