//! Commands and typing in the dialogs: the one-line entries, the editors, the status picker,
//! the declaration and the key entry; pasting and autosave.

use super::super::keymap::Command;
use super::Effect;
use crate::session::{
    ConditionVerdict, DeclarationKind, Edit, MeasureStatus, check_edit, parse_corrected,
    parse_points,
};
use crate::tui::labels::{figure_message, rule_message};
use crate::tui::screens::review::app::{
    App, Editor, EditorTarget, Entry, EntrySubject, KeyEntry, Mode,
};
use crate::tui::widgets::Status;
use crossterm::event::KeyEvent;
use std::time::Instant;

pub(super) fn entry_command(
    app: &mut App,
    mut entry: Entry,
    command: Command,
) -> (Mode, Vec<Effect>) {
    match command {
        Command::Cancel => (Mode::Normal, Vec::new()),
        Command::Confirm => {
            let text = entry.text();
            let edit = match &entry.subject {
                EntrySubject::Points(indicator) => parse_points(&text).map(|points| Edit::Points {
                    indicator: *indicator,
                    points,
                }),
                EntrySubject::Corrected(measure) => parse_corrected(&app.rubric, measure, &text)
                    .map(|value| Edit::Corrected {
                        measure: measure.clone(),
                        value,
                    }),
            };
            match edit.and_then(|e| check_edit(&app.rubric, &app.session, &e).map(|()| e)) {
                Ok(edit) => {
                    entry.pending = true;
                    (Mode::Entry(entry), vec![Effect::Save(vec![edit])])
                }
                Err(e) => {
                    entry.error = Some(match entry.subject {
                        EntrySubject::Points(_) => rule_message(&e, app.lang),
                        EntrySubject::Corrected(_) => figure_message(&e, app.lang),
                    });
                    (Mode::Entry(entry), Vec::new())
                }
            }
        }
        _ => (Mode::Entry(entry), Vec::new()),
    }
}

/// The key-path entry of the sign-off: Confirm signs with the key in that file, Cancel goes
/// back to the summary.
pub(super) fn key_entry_command(mut entry: KeyEntry, command: Command) -> (Mode, Vec<Effect>) {
    if entry.pending {
        return (Mode::SignKey(entry), Vec::new());
    }
    match command {
        Command::Cancel => (Mode::SignOff, Vec::new()),
        Command::Confirm if entry.text().is_empty() => (Mode::SignKey(entry), Vec::new()),
        Command::Confirm => {
            entry.pending = true;
            entry.error = None;
            let path = entry.text();
            (Mode::SignKey(entry), vec![Effect::Sign(path)])
        }
        _ => (Mode::SignKey(entry), Vec::new()),
    }
}

/// The edit an editor's text makes.
fn editor_edit(target: &EditorTarget, text: String) -> Option<Edit> {
    match target {
        EditorTarget::Comment(indicator) => Some(Edit::Comment {
            indicator: *indicator,
            text,
        }),
        EditorTarget::Note(measure) => Some(Edit::Note {
            measure: measure.clone(),
            text,
        }),
        EditorTarget::Overall => Some(Edit::Overall { text }),
        EditorTarget::ConditionNote(condition) => Some(Edit::ConditionNote {
            condition: *condition,
            text,
        }),
        EditorTarget::RecusalReason => None,
    }
}

/// Where a closing editor returns: a condition's note to the conditions, anything else to
/// browsing.
pub(super) fn after_editor(app: &App) -> Mode {
    match &app.mode {
        Mode::Editor(Editor {
            target: EditorTarget::ConditionNote(id),
            ..
        }) => Mode::Conditions {
            selected: app
                .rubric
                .conditions
                .iter()
                .position(|c| c.id == *id)
                .unwrap_or(0),
        },
        _ => Mode::Normal,
    }
}

/// The application conditions: ↑↓ choose one, 1–3 mark it (saved at once), `n` writes its
/// note (the editor returns here), Esc closes.
pub(super) fn conditions_command(
    app: &mut App,
    selected: usize,
    command: Command,
) -> (Mode, Vec<Effect>) {
    let count = app.rubric.conditions.len().max(1);
    let id = app.rubric.conditions.get(selected).map_or(0, |c| c.id);
    let stay = Mode::Conditions { selected };
    match command {
        Command::Next => (
            Mode::Conditions {
                selected: (selected + 1) % count,
            },
            Vec::new(),
        ),
        Command::Prev => (
            Mode::Conditions {
                selected: (selected + count - 1) % count,
            },
            Vec::new(),
        ),
        Command::Pick(index) => {
            let Some(verdict) = ConditionVerdict::ALL.get(index).copied() else {
                return (stay, Vec::new());
            };
            let edit = Edit::ConditionVerdict {
                condition: id,
                verdict,
            };
            match check_edit(&app.rubric, &app.session, &edit) {
                Ok(()) => (stay, vec![Effect::Save(vec![edit])]),
                Err(e) => {
                    app.status = Status::Error(rule_message(&e, app.lang));
                    (stay, Vec::new())
                }
            }
        }
        Command::Note => {
            let probe = Edit::ConditionNote {
                condition: id,
                text: String::new(),
            };
            if let Err(e) = check_edit(&app.rubric, &app.session, &probe) {
                app.status = Status::Error(rule_message(&e, app.lang));
                return (stay, Vec::new());
            }
            let text = app
                .session
                .conditions
                .get(&id)
                .map(|m| m.note.clone())
                .unwrap_or_default();
            (
                Mode::Editor(Editor::new(EditorTarget::ConditionNote(id), &text)),
                Vec::new(),
            )
        }
        Command::Close => (Mode::Normal, Vec::new()),
        _ => (stay, Vec::new()),
    }
}

/// Sends the open editor's text to be saved; a refusal is shown, and nothing is sent.
pub(super) fn save_editor(app: &mut App) -> Vec<Effect> {
    let Mode::Editor(editor) = &app.mode else {
        return Vec::new();
    };
    let Some(edit) = editor_edit(&editor.target, editor.text()) else {
        return Vec::new();
    };
    if let Err(e) = check_edit(&app.rubric, &app.session, &edit) {
        app.status = Status::Error(rule_message(&e, app.lang));
        return Vec::new();
    }
    if let Mode::Editor(editor) = &mut app.mode {
        editor.input.send();
    }
    vec![Effect::Save(vec![edit])]
}

pub(super) fn editor_command(
    app: &mut App,
    mut editor: Editor,
    command: Command,
) -> (Mode, Vec<Effect>) {
    if editor.target == EditorTarget::RecusalReason {
        return match command {
            Command::Cancel => (Mode::Declaration, Vec::new()),
            Command::Confirm if !editor.text().trim().is_empty() => {
                let reason = editor.text().trim().to_string();
                editor.input.pending = Some(reason.clone());
                (
                    Mode::Editor(editor),
                    vec![Effect::Declare(DeclarationKind::Recused, reason)],
                )
            }
            _ => (Mode::Editor(editor), Vec::new()),
        };
    }
    match command {
        Command::Close if !editor.input.dirty() => {
            app.mode = Mode::Editor(editor);
            let back = after_editor(app);
            app.mode = Mode::Normal;
            (back, Vec::new())
        }
        Command::Close => {
            editor.input.closing = true;
            app.mode = Mode::Editor(editor);
            let effects = save_editor(app);
            let mode = std::mem::replace(&mut app.mode, Mode::Normal);
            (mode, effects)
        }
        _ => (Mode::Editor(editor), Vec::new()),
    }
}

/// A key typed into the mode's text.
pub(super) fn typed(app: &mut App, key: &KeyEvent) {
    edit_text(app, |input| input.key(key));
}

/// Changes the open text with `edit`; an editor's unsaved text shows on the status line, a
/// changed entry drops its last refusal.
fn edit_text(app: &mut App, edit: impl FnOnce(&mut crate::tui::widgets::TextInput) -> bool) {
    let unsaved = match &mut app.mode {
        Mode::Editor(editor) => {
            let changed = edit(&mut editor.input);
            changed && editor.target != EditorTarget::RecusalReason && editor.input.dirty()
        }
        Mode::Entry(entry) => {
            let changed = edit(&mut entry.input);
            entry.error = entry.error.take().filter(|_| !changed);
            false
        }
        Mode::SignKey(entry) if !entry.pending => {
            let changed = edit(&mut entry.input);
            entry.error = entry.error.take().filter(|_| !changed);
            false
        }
        Mode::Viewer(viewer) => {
            if let Some(search) = &mut viewer.search {
                edit(search);
            }
            false
        }
        _ => false,
    };
    if unsaved {
        app.status = Status::Unsaved;
    }
}

pub(super) fn picker_command(
    measure: String,
    selected: usize,
    command: Command,
) -> (Mode, Vec<Effect>) {
    let count = MeasureStatus::ALL.len();
    let choose = |index: usize| {
        let status = MeasureStatus::ALL.get(index).copied().unwrap_or_default();
        (
            Mode::Normal,
            vec![Effect::Save(vec![Edit::Status {
                measure: measure.clone(),
                status,
            }])],
        )
    };
    match command {
        Command::Cancel => (Mode::Normal, Vec::new()),
        Command::Next => (
            Mode::StatusPicker {
                selected: (selected + 1) % count,
                measure,
            },
            Vec::new(),
        ),
        Command::Prev => (
            Mode::StatusPicker {
                selected: (selected + count - 1) % count,
                measure,
            },
            Vec::new(),
        ),
        Command::Confirm => choose(selected),
        Command::Pick(index) if index < count => choose(index),
        _ => (Mode::StatusPicker { measure, selected }, Vec::new()),
    }
}

/// The declaration of a new session: `y` declares no conflict (an explicit key: a stray Enter
/// must not declare), `r` asks for the reason of a recusal (`q` quits, a global command).
pub(super) fn declaration_command(command: Command) -> (Mode, Vec<Effect>) {
    match command {
        Command::NoConflict => (
            Mode::Declaration,
            vec![Effect::Declare(DeclarationKind::NoConflict, String::new())],
        ),
        Command::Recuse => (
            Mode::Editor(Editor::new(EditorTarget::RecusalReason, "")),
            Vec::new(),
        ),
        _ => (Mode::Declaration, Vec::new()),
    }
}

/// Bracketed paste: into an editor (line breaks normalised) or the first line into an entry.
pub(super) fn paste(app: &mut App, text: &str) {
    edit_text(app, |input| input.paste(text));
}

/// Saves an editor by itself once typing has paused for `AUTOSAVE_AFTER`.
pub(super) fn autosave(app: &mut App, now: Instant) -> Vec<Effect> {
    let Mode::Editor(editor) = &mut app.mode else {
        return Vec::new();
    };
    if editor.target == EditorTarget::RecusalReason || !editor.input.autosave_due(now) {
        return Vec::new();
    }
    save_editor(app)
}
