//! The expert's review screen: score, annotate, review evidence, sign off — keyboard only.
//! `keymap` holds its per-mode key tables, `update` turns keys into actions and applies them
//! to the `app::App` state, `draw` renders the state; `run` puts it on the shared runtime with
//! the session file.

pub mod app;
pub mod draw;
pub mod keymap;
pub mod update;

use crate::display::local_time;
use crate::store::SessionDb;
use crate::tui::config;
use crate::tui::labels::labels;
use crate::tui::runtime::{Screen, run_screen};
use app::App;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use std::io;
use std::time::Instant;
use update::{Action, Effect, handle_key};

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

    fn ended(&self) -> Action {
        Action::Ended
    }

    fn no_paste(&self) -> Action {
        Action::Notice(labels(self.lang).no_paste.to_string())
    }

    fn update(&mut self, action: Action) -> Vec<Effect> {
        update::update(self, action)
    }

    fn draw(&self, frame: &mut Frame) {
        draw::draw(frame, self);
    }

    fn done(&self) -> bool {
        self.quit
    }
}

/// Runs the expert's review screen until the expert quits (or a signal ends it, after saving).
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
        // as typed, made absolute: never `canonicalize`'s `\\?\C:\…` form on Windows
        let remembered = config::remembered_path(key_path);
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
