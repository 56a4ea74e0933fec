//! Key handling turns terminal events into actions; `update` applies actions to the state and
//! returns the effects (saves) for the runtime to carry out. Both are pure: no terminal, no
//! SQLite, no clock except the instant handed in.
//!
//! A save is confirmed only by its result: an editor closes, an entry closes, the program quits
//! only when the commit has returned (`Action::Saved`); a failed save (`Action::Failed`) leaves
//! the text where it was typed.

mod dialogs;
mod normal;
mod viewer;

use super::app::{App, KeyEntry, Mode, Status};
use super::keymap::{Command, command_for};
use super::labels::labels;
use crate::session::{DeclarationKind, Edit, SessionState};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::time::{Duration, Instant};

/// How long an editor waits after the last keystroke before saving by itself.
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(1500);

/// What happened, in the screen's terms.
#[derive(Debug)]
pub enum Action {
    /// A command of the review screen's key map.
    Command(Command),
    /// A key for the open dialog or editor.
    Key(KeyEvent),
    /// Text pasted (bracketed paste).
    Paste(String),
    /// Time passes (for autosave).
    Tick(Instant),
    /// A save was committed at this local time; the session as it now is.
    Saved {
        /// Local `HH:MM:SS`.
        at: String,
        /// The session after the commit.
        session: Box<SessionState>,
    },
    /// A save failed; nothing was changed.
    Failed(String),
    /// The session was signed, but its sheet could not be written (why, and what to do).
    SignedUnwritten {
        /// The session after the sign-off.
        session: Box<SessionState>,
        /// The message.
        message: String,
    },
    /// The session was signed; the sheet was written here.
    Signed {
        /// The session after the sign-off.
        session: Box<SessionState>,
        /// The sheet file.
        sheet: String,
    },
}

/// What the runtime must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save these edits in one transaction.
    Save(Vec<Edit>),
    /// Record the declaration.
    Declare(DeclarationKind, String),
    /// Sign the session with the private key in this file (and remember the path).
    Sign(String),
}

/// The action a key event asks for; key releases (Windows) are ignored.
pub fn handle_key(app: &App, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    match app.mode {
        Mode::Normal => command_for(&key).map(Action::Command),
        _ if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') => {
            Some(Action::Command(Command::Quit))
        }
        _ => Some(Action::Key(key)),
    }
}

/// Applies an action; returns the effects to carry out.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Command(Command::Quit) => quit(app),
        Action::Command(command) => normal::command(app, command),
        Action::Key(key) => key_in_mode(app, key),
        Action::Paste(text) => {
            dialogs::paste(app, &text);
            Vec::new()
        }
        Action::Tick(now) => dialogs::autosave(app, now),
        Action::Saved { at, session } => {
            app.set_session(*session);
            app.status = Status::Saved(at);
            settle_after_save(app);
            Vec::new()
        }
        Action::Signed { session, sheet } => {
            app.set_session(*session);
            app.status = Status::Info(format!("{} {sheet}", labels(app.lang).signed_sheet));
            app.mode = Mode::SignOff;
            Vec::new()
        }
        Action::SignedUnwritten { session, message } => {
            app.set_session(*session);
            app.status = Status::Error(message);
            app.mode = Mode::SignOff;
            Vec::new()
        }
        Action::Failed(message) => {
            app.status = Status::Error(message.clone());
            app.quit_requested = false;
            match &mut app.mode {
                Mode::SignKey(entry) => {
                    entry.pending = false;
                    entry.error = Some(message);
                }
                Mode::Editor(editor) => {
                    editor.pending = None;
                    editor.closing = false;
                }
                Mode::Entry(entry) => {
                    entry.pending = false;
                    entry.error = Some(message);
                }
                _ => {}
            }
            Vec::new()
        }
    }
}

/// Whether the sign-off may go on to signing: declared, not recused, nothing blocking, not
/// signed yet.
pub fn may_sign(app: &App) -> bool {
    app.session.signed.is_none()
        && app.session.declaration.is_some()
        && !app.session.recused()
        && app.summary.problems.is_empty()
}

/// After a commit: what waited for it may now close, and a requested quit may happen.
fn settle_after_save(app: &mut App) {
    let close = match &mut app.mode {
        Mode::Editor(editor) => {
            if let Some(text) = editor.pending.take() {
                editor.saved = text;
            }
            let unchanged = editor.text() == editor.saved;
            if !unchanged {
                app.status = Status::Unsaved;
            }
            (editor.closing && unchanged)
                || editor.target == super::app::EditorTarget::RecusalReason
        }
        Mode::Entry(entry) => entry.pending,
        Mode::Declaration => app.session.declaration.is_some(),
        _ => false,
    };
    if close {
        app.mode = Mode::Normal;
    }
    if app.quit_requested && !matches!(app.mode, Mode::Editor(_)) {
        app.quit = true;
    }
}

/// Quitting saves what an open editor holds first, and waits for that save: nothing typed is
/// lost. Entries (points, figures) not yet confirmed are cancelled, as Esc would.
fn quit(app: &mut App) -> Vec<Effect> {
    if let Mode::Editor(editor) = &app.mode
        && editor.text() != editor.saved
        && editor.target != super::app::EditorTarget::RecusalReason
    {
        if let Mode::Editor(editor) = &mut app.mode {
            editor.closing = true;
        }
        let effects = dialogs::save_editor(app);
        if !effects.is_empty() {
            app.quit_requested = true;
            return effects;
        }
    }
    app.quit = true;
    Vec::new()
}

fn key_in_mode(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let mode = std::mem::replace(&mut app.mode, Mode::Normal);
    let (mode, effects) = match mode {
        Mode::Normal => (Mode::Normal, Vec::new()),
        Mode::Help => match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter | KeyCode::Char('?') => {
                (Mode::Normal, Vec::new())
            }
            _ => (mode, Vec::new()),
        },
        Mode::SignOff => match key.code {
            KeyCode::Enter if may_sign(app) => {
                (Mode::SignKey(KeyEntry::new(&app.key_path)), Vec::new())
            }
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter => (Mode::Normal, Vec::new()),
            _ => (mode, Vec::new()),
        },
        Mode::SignKey(entry) => dialogs::key_entry_key(entry, key),
        Mode::Entry(entry) => dialogs::entry_key(app, entry, key),
        Mode::Editor(editor) => dialogs::editor_key(app, editor, key),
        Mode::StatusPicker { measure, selected } => dialogs::picker_key(measure, selected, key),
        Mode::Viewer(state) => (viewer::key(app, state, key), Vec::new()),
        Mode::Declaration => dialogs::declaration_key(app, key),
    };
    app.mode = mode;
    effects
}
