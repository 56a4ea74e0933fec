//! Key handling turns terminal events into actions through the mode's key table; `update`
//! applies actions to the state and returns the effects (saves) for the runtime to carry out.
//! Both are pure: no terminal, no SQLite, no clock except the instant handed in.
//!
//! A save is confirmed only by its result: an editor closes, an entry closes, the program quits
//! only when the commit has returned (`Action::Saved`); a failed save (`Action::Failed`) leaves
//! the text where it was typed (and a second quit then ends without it).

mod dialogs;
mod normal;
mod viewer;

use super::app::{App, EditorTarget, Mode};
use super::keymap::{self, Command, GLOBAL};
use crate::session::{DeclarationKind, Edit, SessionState};
use crate::tui::labels::labels;
use crate::tui::widgets::Status;
use crossterm::event::{KeyEvent, KeyEventKind};
use std::time::Instant;

pub use crate::tui::widgets::AUTOSAVE_AFTER;

/// What happened, in the screen's terms.
#[derive(Debug)]
pub enum Action {
    /// A command of the mode's key table.
    Command(Command),
    /// A key typed into the mode's text.
    Key(KeyEvent),
    /// Text pasted (bracketed paste).
    Paste(String),
    /// Time passes (for autosave).
    Tick(Instant),
    /// Asked to end from outside (a signal): save what is open, then end.
    Ended,
    /// Something to tell on the status line (the terminal has no bracketed paste).
    Notice(String),
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

/// The action a key event asks for: a command of the mode's table (Ctrl-C everywhere), else a
/// key typed into the mode's text; key releases (Windows) are ignored.
pub fn handle_key(app: &App, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let table = keymap::table(app);
    GLOBAL
        .find(&key)
        .or_else(|| table.find(&key))
        .map(Action::Command)
        .or_else(|| table.text.then_some(Action::Key(key)))
}

/// Applies an action; returns the effects to carry out.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Command(Command::Quit) => quit(app, false),
        Action::Command(Command::Back) => back(app),
        Action::Command(command) => command_in_mode(app, command),
        Action::Key(key) => {
            dialogs::typed(app, &key);
            Vec::new()
        }
        Action::Paste(text) => {
            dialogs::paste(app, &text);
            Vec::new()
        }
        Action::Tick(now) => dialogs::autosave(app, now),
        Action::Ended => quit(app, true),
        Action::Notice(text) => {
            app.status = Status::Info(text);
            Vec::new()
        }
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
        Action::Failed(message) => failed(app, message),
    }
}

/// Esc on the list or the declaration: back to the meeting's clusters in a meeting; outside
/// one the declaration quits (as `q` does) and the list ignores it.
fn back(app: &mut App) -> Vec<Effect> {
    match app.mode {
        Mode::Normal | Mode::Declaration if app.in_meeting => {
            app.leave = true;
            Vec::new()
        }
        Mode::Declaration => quit(app, false),
        _ => Vec::new(),
    }
}

fn failed(app: &mut App, message: String) -> Vec<Effect> {
    if app.quit_requested {
        app.quit_requested = false;
        app.quit_armed = true;
        app.status = Status::Error(format!("{message}; {}", labels(app.lang).quit_unsaved));
    } else {
        app.status = Status::Error(message.clone());
    }
    match &mut app.mode {
        Mode::SignKey(entry) => {
            entry.pending = false;
            entry.error = Some(message);
        }
        Mode::Editor(editor) => editor.input.fail(),
        Mode::Entry(entry) => {
            entry.pending = false;
            entry.error = Some(message);
        }
        _ => {}
    }
    Vec::new()
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
            editor.input.confirm();
            let unchanged = !editor.input.dirty();
            if !unchanged {
                app.status = Status::Unsaved;
            }
            (editor.input.closing && unchanged) || editor.target == EditorTarget::RecusalReason
        }
        Mode::Entry(entry) => entry.pending,
        Mode::Declaration => app.session.declaration.is_some(),
        _ => false,
    };
    if close {
        app.mode = dialogs::after_editor(app);
    }
    if app.quit_requested && !matches!(app.mode, Mode::Editor(_)) {
        app.quit = true;
    }
}

/// Quitting saves what an open editor holds first, and waits for that save: nothing typed is
/// lost. Entries (points, figures) not yet confirmed are cancelled, as Esc would. `forced`
/// (a signal) ends whatever the save's outcome; so does a second quit after a failed save
/// (which tries the save once more).
fn quit(app: &mut App, forced: bool) -> Vec<Effect> {
    // after a failed save the next quit tries once more and ends whatever happens
    let forced = forced || app.quit_armed;
    if let Mode::Editor(editor) = &mut app.mode
        && editor.input.dirty()
        && editor.target != EditorTarget::RecusalReason
    {
        editor.input.closing = true;
        let effects = dialogs::save_editor(app);
        if !effects.is_empty() {
            app.quit_requested = true;
            app.quit = forced;
            return effects;
        }
    }
    app.quit = true;
    Vec::new()
}

fn command_in_mode(app: &mut App, command: Command) -> Vec<Effect> {
    let mode = std::mem::replace(&mut app.mode, Mode::Normal);
    let (mode, effects) = match mode {
        Mode::Normal => {
            let effects = normal::command(app, command);
            // the command may have opened a mode
            let opened = std::mem::replace(&mut app.mode, Mode::Normal);
            (opened, effects)
        }
        Mode::Help { scroll } => (help_command(scroll, command), Vec::new()),
        Mode::SignOff => match command {
            Command::Confirm if may_sign(app) => (
                Mode::SignKey(super::app::KeyEntry::new(&app.key_path)),
                Vec::new(),
            ),
            Command::Confirm | Command::Close => (Mode::Normal, Vec::new()),
            _ => (Mode::SignOff, Vec::new()),
        },
        Mode::SignKey(entry) => dialogs::key_entry_command(entry, command),
        Mode::Entry(entry) => dialogs::entry_command(app, entry, command),
        Mode::Editor(editor) => dialogs::editor_command(app, editor, command),
        Mode::StatusPicker { measure, selected } => {
            dialogs::picker_command(measure, selected, command)
        }
        Mode::Viewer(state) => (viewer::command(app, state, command), Vec::new()),
        Mode::Declaration => dialogs::declaration_command(command),
        Mode::Conditions { selected } => dialogs::conditions_command(app, selected, command),
    };
    app.mode = mode;
    effects
}

/// The help scrolls by lines and pages (clamped when drawn) and closes.
fn help_command(scroll: usize, command: Command) -> Mode {
    // wrapped lines are at most twice as many; drawing clamps to the exact end
    let last = 2 * keymap::help(crate::i18n::Lang::Zh)
        .len()
        .max(keymap::help(crate::i18n::Lang::En).len());
    let scroll = match command {
        Command::Next => scroll + 1,
        Command::Prev => scroll.saturating_sub(1),
        Command::PageDown => scroll + 10,
        Command::PageUp => scroll.saturating_sub(10),
        Command::Close => return Mode::Normal,
        _ => scroll,
    };
    Mode::Help {
        scroll: scroll.min(last),
    }
}
