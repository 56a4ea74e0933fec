//! Keys in the dialogs: the one-line entries, the editors, the status picker, the declaration;
//! pasting and autosave.

use super::Effect;
use crate::session::{
    DeclarationKind, Edit, MeasureStatus, check_edit, parse_corrected, parse_points,
};
use crate::tui::app::{
    App, Editor, EditorTarget, Entry, EntrySubject, KeyEntry, Mode, Status, normalise_newlines,
};
use crate::tui::labels::rule_message;
use crossterm::event::{KeyCode, KeyEvent};
use std::time::Instant;

pub(super) fn entry_key(app: &mut App, mut entry: Entry, key: KeyEvent) -> (Mode, Vec<Effect>) {
    match key.code {
        KeyCode::Esc => (Mode::Normal, Vec::new()),
        KeyCode::Enter => {
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
                    entry.error = Some(rule_message(&e, app.lang));
                    (Mode::Entry(entry), Vec::new())
                }
            }
        }
        _ => {
            entry.area.input(key);
            entry.error = None;
            (Mode::Entry(entry), Vec::new())
        }
    }
}

/// The key-path entry of the sign-off: Enter signs with the key in that file, Esc goes back to
/// the summary.
pub(super) fn key_entry_key(mut entry: KeyEntry, key: KeyEvent) -> (Mode, Vec<Effect>) {
    if entry.pending {
        return (Mode::SignKey(entry), Vec::new());
    }
    match key.code {
        KeyCode::Esc => (Mode::SignOff, Vec::new()),
        KeyCode::Enter if entry.text().is_empty() => (Mode::SignKey(entry), Vec::new()),
        KeyCode::Enter => {
            entry.pending = true;
            entry.error = None;
            let path = entry.text();
            (Mode::SignKey(entry), vec![Effect::Sign(path)])
        }
        _ => {
            entry.area.input(key);
            entry.error = None;
            (Mode::SignKey(entry), Vec::new())
        }
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
        EditorTarget::RecusalReason => None,
    }
}

/// Sends the open editor's text to be saved; a refusal is shown, and nothing is sent.
pub(super) fn save_editor(app: &mut App) -> Vec<Effect> {
    let Mode::Editor(editor) = &app.mode else {
        return Vec::new();
    };
    let text = editor.text();
    let Some(edit) = editor_edit(&editor.target, text.clone()) else {
        return Vec::new();
    };
    if let Err(e) = check_edit(&app.rubric, &app.session, &edit) {
        app.status = Status::Error(rule_message(&e, app.lang));
        return Vec::new();
    }
    if let Mode::Editor(editor) = &mut app.mode {
        editor.pending = Some(text);
    }
    vec![Effect::Save(vec![edit])]
}

pub(super) fn editor_key(app: &mut App, mut editor: Editor, key: KeyEvent) -> (Mode, Vec<Effect>) {
    if editor.target == EditorTarget::RecusalReason {
        return match key.code {
            KeyCode::Esc => (Mode::Declaration, Vec::new()),
            KeyCode::Enter if !editor.text().trim().is_empty() => {
                let reason = editor.text().trim().to_string();
                editor.pending = Some(reason.clone());
                (
                    Mode::Editor(editor),
                    vec![Effect::Declare(DeclarationKind::Recused, reason)],
                )
            }
            KeyCode::Enter => (Mode::Editor(editor), Vec::new()),
            _ => {
                editor.area.input(key);
                (Mode::Editor(editor), Vec::new())
            }
        };
    }
    match key.code {
        KeyCode::Esc if editor.text() == editor.saved => (Mode::Normal, Vec::new()),
        KeyCode::Esc => {
            editor.closing = true;
            app.mode = Mode::Editor(editor);
            let effects = save_editor(app);
            let mode = std::mem::replace(&mut app.mode, Mode::Normal);
            (mode, effects)
        }
        _ => {
            if editor.area.input(key) {
                touched(app, &mut editor);
            }
            (Mode::Editor(editor), Vec::new())
        }
    }
}

/// The text changed: the status line stops claiming it is saved, and autosave starts counting.
fn touched(app: &mut App, editor: &mut Editor) {
    editor.touched = true;
    editor.quiet_since = None;
    if editor.target != EditorTarget::RecusalReason && editor.text() != editor.saved {
        app.status = Status::Unsaved;
    }
}

pub(super) fn picker_key(measure: String, selected: usize, key: KeyEvent) -> (Mode, Vec<Effect>) {
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
    match key.code {
        KeyCode::Esc => (Mode::Normal, Vec::new()),
        KeyCode::Down | KeyCode::Char('j') => (
            Mode::StatusPicker {
                selected: (selected + 1) % count,
                measure,
            },
            Vec::new(),
        ),
        KeyCode::Up | KeyCode::Char('k') => (
            Mode::StatusPicker {
                selected: (selected + count - 1) % count,
                measure,
            },
            Vec::new(),
        ),
        KeyCode::Enter => choose(selected),
        KeyCode::Char(c @ '1'..='4') => choose(c as usize - '1' as usize),
        _ => (Mode::StatusPicker { measure, selected }, Vec::new()),
    }
}

/// The declaration of a new session: `y` declares no conflict (an explicit key: a stray Enter
/// must not declare), `r` asks for the reason of a recusal, `q` quits.
pub(super) fn declaration_key(app: &mut App, key: KeyEvent) -> (Mode, Vec<Effect>) {
    match key.code {
        KeyCode::Char('y') | KeyCode::Char('Y') => (
            Mode::Declaration,
            vec![Effect::Declare(DeclarationKind::NoConflict, String::new())],
        ),
        KeyCode::Char('r') | KeyCode::Char('R') => (
            Mode::Editor(Editor::new(EditorTarget::RecusalReason, "")),
            Vec::new(),
        ),
        KeyCode::Char('q') | KeyCode::Esc => {
            app.quit = true;
            (Mode::Declaration, Vec::new())
        }
        _ => (Mode::Declaration, Vec::new()),
    }
}

/// Bracketed paste: into an editor (line breaks normalised) or the first line into an entry.
pub(super) fn paste(app: &mut App, text: &str) {
    let text = normalise_newlines(text);
    let mut mode = std::mem::replace(&mut app.mode, Mode::Normal);
    match &mut mode {
        Mode::Editor(editor) => {
            let changed = editor.area.insert_str(&text);
            changed.then(|| touched(app, editor));
        }
        Mode::Entry(entry) => {
            entry
                .area
                .insert_str(text.lines().next().unwrap_or_default());
        }
        _ => {}
    }
    app.mode = mode;
}

/// Saves an editor by itself once typing has paused for `AUTOSAVE_AFTER`.
pub(super) fn autosave(app: &mut App, now: Instant) -> Vec<Effect> {
    let Mode::Editor(editor) = &mut app.mode else {
        return Vec::new();
    };
    if !editor.touched || editor.target == EditorTarget::RecusalReason || editor.pending.is_some() {
        return Vec::new();
    }
    let since = *editor.quiet_since.get_or_insert(now);
    if now.duration_since(since) < super::AUTOSAVE_AFTER {
        return Vec::new();
    }
    editor.touched = false;
    editor.quiet_since = None;
    if editor.text() == editor.saved {
        return Vec::new();
    }
    save_editor(app)
}
