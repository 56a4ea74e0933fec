//! The event loop: the one place where a screen meets the terminal and its file. Events become
//! actions, the screen's `update` returns effects, and effects are carried out against the
//! store; their results come back as actions, so a screen says "已保存" only when a commit has
//! returned. Both screens (the expert's review, the chair's) run on this loop.

use super::app::App;
use super::config;
use super::draw::draw;
use super::terminal::TerminalGuard;
use super::update::{Action, Effect, handle_key, update};
use crate::display::local_time;
use crate::store::SessionDb;
use crossterm::event::{self, Event, KeyEvent};
use ratatui::Frame;
use std::io;
use std::time::{Duration, Instant};

/// How long to wait for an event before a tick (autosave, clock).
const TICK: Duration = Duration::from_millis(250);

/// A screen in the Elm style: pure key handling, update and drawing.
pub trait Screen {
    /// What happened, in the screen's terms.
    type Action;
    /// What the runtime must carry out.
    type Effect;
    /// The action a key asks for (key releases already dropped by the screen).
    fn key(&self, key: KeyEvent) -> Option<Self::Action>;
    /// The action of a bracketed paste.
    fn paste(&self, text: String) -> Option<Self::Action>;
    /// The action of time passing.
    fn tick(&self, now: Instant) -> Option<Self::Action>;
    /// Applies an action; returns the effects to carry out.
    fn update(&mut self, action: Self::Action) -> Vec<Self::Effect>;
    /// Draws the state.
    fn draw(&self, frame: &mut Frame);
    /// Whether the program should end.
    fn done(&self) -> bool;
}

/// Runs a screen until it is done; `execute` carries out an effect and returns its result.
pub fn run_screen<S: Screen>(
    screen: &mut S,
    mut execute: impl FnMut(S::Effect) -> S::Action,
) -> io::Result<()> {
    let mut guard = TerminalGuard::enter()?;
    loop {
        guard.terminal.draw(|frame| screen.draw(frame))?;
        if screen.done() {
            return Ok(());
        }
        let action = if event::poll(TICK)? {
            match event::read()? {
                Event::Key(key) => screen.key(key),
                Event::Paste(text) => screen.paste(text),
                _ => None,
            }
        } else {
            screen.tick(Instant::now())
        };
        if let Some(action) = action {
            for effect in screen.update(action) {
                let result = execute(effect);
                // results only change the state; they never ask for more effects
                let _ = screen.update(result);
            }
        }
    }
}

impl Screen for App {
    type Action = Action;
    type Effect = Effect;

    fn key(&self, key: KeyEvent) -> Option<Action> {
        handle_key(self, key)
    }

    fn paste(&self, text: String) -> Option<Action> {
        Some(Action::Paste(text))
    }

    fn tick(&self, now: Instant) -> Option<Action> {
        Some(Action::Tick(now))
    }

    fn update(&mut self, action: Action) -> Vec<Effect> {
        update(self, action)
    }

    fn draw(&self, frame: &mut Frame) {
        draw(frame, self);
    }

    fn done(&self) -> bool {
        self.quit
    }
}

/// Runs the expert's review screen until the expert quits.
pub fn run(mut app: App, mut db: SessionDb) -> io::Result<()> {
    run_screen(&mut app, |effect| execute(&mut db, effect))
}

/// Signs with the key in `key_file` (the use case the `sign` command runs), writes the sheet
/// beside the session, and remembers the key's path for next time.
fn sign(db: &mut SessionDb, key_file: &str) -> Action {
    let key_path = std::path::Path::new(key_file);
    let key = match crate::signing::load_private_key(key_path) {
        Ok(key) => key,
        Err(e) => return Action::Failed(format!("{key_file}: {e}")),
    };
    let signed = crate::usecase::sign_open_session(db, &key, key_path, None, None);
    if signed.is_ok() {
        let remembered = std::fs::canonicalize(key_file)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| key_file.to_string());
        // remembering is a convenience: a failure to write the config costs nothing signed
        let _ = config::save(&config::UserConfig { key: remembered });
    }
    match signed {
        Ok(signed) => Action::Signed {
            session: Box::new(db.state().clone()),
            sheet: signed.sheet.display().to_string(),
        },
        Err(e @ crate::usecase::SignError::Unwritten { .. }) => Action::SignedUnwritten {
            session: Box::new(db.state().clone()),
            message: e.to_string(),
        },
        Err(e) => Action::Failed(e.to_string()),
    }
}

/// Carries out one effect against the session file.
fn execute(db: &mut SessionDb, effect: Effect) -> Action {
    let result = match effect {
        Effect::Save(edits) => db.apply_all(&edits),
        Effect::Declare(kind, reason) => db.declare(kind, &reason),
        Effect::Sign(key_file) => return sign(db, &key_file),
    };
    match result {
        Ok(at) => Action::Saved {
            at: local_time(&at),
            session: Box::new(db.state().clone()),
        },
        Err(e) => Action::Failed(e.to_string()),
    }
}
