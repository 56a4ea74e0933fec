//! Key handling turns terminal events into actions; `update` applies actions to the state and
//! returns the effects (saves) for the runtime to carry out. Both are pure: no terminal, no
//! SQLite, no clock except the instant handed in.

use super::app::{App, Editor, EditorTarget, Entry, EntrySubject, Focus, Mode, Status, Viewer};
use super::keymap::{Command, command_for};
use super::labels::{labels, rule_message};
use crate::numbers::parse_number;
use crate::rubric::IndicatorKind;
use crate::session::{
    DeclarationKind, Edit, MeasureStatus, SessionState, check_edit, parse_points,
};
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
}

/// What the runtime must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save these edits in one transaction.
    Save(Vec<Edit>),
    /// Record the declaration.
    Declare(DeclarationKind, String),
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
        Action::Command(command) => command_in_normal(app, command),
        Action::Key(key) => key_in_mode(app, key),
        Action::Paste(text) => {
            paste(app, &text);
            Vec::new()
        }
        Action::Tick(now) => autosave(app, now),
        Action::Saved { at, session } => {
            app.set_session(*session);
            app.status = Status::Saved(at);
            Vec::new()
        }
        Action::Failed(message) => {
            app.status = Status::Error(message);
            Vec::new()
        }
    }
}

/// Quitting saves what an open editor holds first: nothing typed is lost.
fn quit(app: &mut App) -> Vec<Effect> {
    app.quit = true;
    match &app.mode {
        Mode::Editor(editor) if editor.text() != editor.saved => {
            save_editor_effect(app, editor.target.clone(), editor.text())
        }
        _ => Vec::new(),
    }
}

fn refuse(app: &mut App, edit: &Edit) -> bool {
    match check_edit(&app.rubric, &app.session, edit) {
        Ok(()) => false,
        Err(e) => {
            app.status = Status::Error(rule_message(&e, app.lang));
            true
        }
    }
}

fn command_in_normal(app: &mut App, command: Command) -> Vec<Effect> {
    let l = labels(app.lang);
    let kind = app.indicator().map(|i| i.kind);
    let id = app.indicator().map_or(0, |i| i.id);
    match command {
        Command::Next | Command::Prev => {
            let forward = command == Command::Next;
            match app.focus {
                Focus::List => {
                    app.selected = if forward {
                        (app.selected + 1).min(app.order.len().saturating_sub(1))
                    } else {
                        app.selected.saturating_sub(1)
                    };
                    app.measure = 0;
                    app.detail_scroll = 0;
                }
                Focus::Detail => {
                    let count = app.indicator().map_or(0, |i| i.measures.len());
                    app.measure = if forward {
                        (app.measure + 1).min(count.saturating_sub(1))
                    } else {
                        app.measure.saturating_sub(1)
                    };
                }
            }
        }
        Command::Score => match kind {
            Some(IndicatorKind::Qualitative) => {
                // a harmless probe tells whether scoring is allowed at all (declared, not recused, not signed)
                let probe = Edit::Comment {
                    indicator: id,
                    text: String::new(),
                };
                if !refuse(app, &probe) {
                    let current = app
                        .session
                        .scores
                        .get(&id)
                        .and_then(|s| s.points)
                        .map(|p| p.normalize().to_string())
                        .unwrap_or_default();
                    app.mode = Mode::Entry(Entry::new(EntrySubject::Points(id), &current));
                }
            }
            _ => app.status = Status::Info(l.quantitative_hint.to_string()),
        },
        Command::Comment => {
            let probe = Edit::Comment {
                indicator: id,
                text: String::new(),
            };
            if !refuse(app, &probe) {
                let text = app
                    .session
                    .scores
                    .get(&id)
                    .map(|s| s.comment.clone())
                    .unwrap_or_default();
                app.mode = Mode::Editor(Editor::new(EditorTarget::Comment(id), &text));
            }
        }
        Command::Verify => match app.measure_id() {
            Some(measure) => {
                let probe = Edit::Status {
                    measure: measure.clone(),
                    status: MeasureStatus::Unchecked,
                };
                if !refuse(app, &probe) {
                    let current = app
                        .session
                        .annotations
                        .get(&measure)
                        .map(|a| a.status)
                        .unwrap_or_default();
                    let selected = MeasureStatus::ALL
                        .iter()
                        .position(|s| *s == current)
                        .unwrap_or(0);
                    app.mode = Mode::StatusPicker { measure, selected };
                }
            }
            None => app.status = Status::Info(l.qualitative_hint.to_string()),
        },
        Command::Note => match app.measure_id() {
            Some(measure) => {
                let probe = Edit::Note {
                    measure: measure.clone(),
                    text: String::new(),
                };
                if !refuse(app, &probe) {
                    let text = app
                        .session
                        .annotations
                        .get(&measure)
                        .map(|a| a.note.clone())
                        .unwrap_or_default();
                    app.mode = Mode::Editor(Editor::new(EditorTarget::Note(measure), &text));
                }
            }
            None => app.status = Status::Info(l.qualitative_hint.to_string()),
        },
        Command::Correct => match app.measure_id() {
            Some(measure) => {
                let probe = Edit::Corrected {
                    measure: measure.clone(),
                    value: None,
                };
                if !refuse(app, &probe) {
                    let current = app
                        .session
                        .annotations
                        .get(&measure)
                        .and_then(|a| a.corrected)
                        .map(|v| v.normalize().to_string())
                        .unwrap_or_default();
                    app.mode = Mode::Entry(Entry::new(EntrySubject::Corrected(measure), &current));
                }
            }
            None => app.status = Status::Info(l.qualitative_hint.to_string()),
        },
        Command::ToggleFocus => {
            app.focus = match (app.focus, kind) {
                (Focus::List, Some(IndicatorKind::Quantitative)) => Focus::Detail,
                _ => Focus::List,
            };
        }
        Command::Overall => {
            let probe = Edit::Overall {
                text: String::new(),
            };
            if !refuse(app, &probe) {
                app.mode = Mode::Editor(Editor::new(
                    EditorTarget::Overall,
                    &app.session.overall.clone(),
                ));
            }
        }
        Command::SignOff => app.mode = Mode::SignOff,
        Command::Help => app.mode = Mode::Help,
        Command::Evidence => {
            let prefix = format!("evidence/{id:02}");
            let file = app
                .package
                .sources
                .iter()
                .position(|s| s.path.starts_with(&prefix))
                .unwrap_or(0);
            app.mode = Mode::Viewer(Viewer {
                file,
                scroll: 0,
                search: None,
                query: String::new(),
                not_found: false,
            });
        }
        Command::PageDown => app.detail_scroll = app.detail_scroll.saturating_add(8),
        Command::PageUp => app.detail_scroll = app.detail_scroll.saturating_sub(8),
        Command::Quit => {}
    }
    Vec::new()
}

fn key_in_mode(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let mode = std::mem::replace(&mut app.mode, Mode::Normal);
    let (mode, effects) = match mode {
        Mode::Normal => (Mode::Normal, Vec::new()),
        Mode::Help | Mode::SignOff => match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter | KeyCode::Char('?') => {
                (Mode::Normal, Vec::new())
            }
            _ => (mode, Vec::new()),
        },
        Mode::Entry(entry) => entry_key(app, entry, key),
        Mode::Editor(editor) => editor_key(app, editor, key),
        Mode::StatusPicker { measure, selected } => picker_key(measure, selected, key),
        Mode::Viewer(viewer) => (viewer_key(app, viewer, key), Vec::new()),
        Mode::Declaration => declaration_key(app, key),
    };
    app.mode = mode;
    effects
}

fn entry_key(app: &mut App, mut entry: Entry, key: KeyEvent) -> (Mode, Vec<Effect>) {
    match key.code {
        KeyCode::Esc => (Mode::Normal, Vec::new()),
        KeyCode::Enter => {
            let text = entry.text();
            let edit = match &entry.subject {
                EntrySubject::Points(indicator) => parse_points(&text).map(|points| Edit::Points {
                    indicator: *indicator,
                    points,
                }),
                EntrySubject::Corrected(measure) if text.trim().is_empty() => Ok(Edit::Corrected {
                    measure: measure.clone(),
                    value: None,
                }),
                EntrySubject::Corrected(measure) => parse_number(&text)
                    .map(|n| Edit::Corrected {
                        measure: measure.clone(),
                        value: Some(n.value),
                    })
                    .map_err(crate::session::RuleError::NotANumber),
            };
            match edit.and_then(|e| check_edit(&app.rubric, &app.session, &e).map(|()| e)) {
                Ok(edit) => (Mode::Normal, vec![Effect::Save(vec![edit])]),
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

fn save_editor_effect(app: &App, target: EditorTarget, text: String) -> Vec<Effect> {
    let edit = match target {
        EditorTarget::Comment(indicator) => Edit::Comment { indicator, text },
        EditorTarget::Note(measure) => Edit::Note { measure, text },
        EditorTarget::Overall => Edit::Overall { text },
        EditorTarget::RecusalReason => return Vec::new(),
    };
    if check_edit(&app.rubric, &app.session, &edit).is_ok() {
        vec![Effect::Save(vec![edit])]
    } else {
        Vec::new()
    }
}

fn editor_key(app: &mut App, mut editor: Editor, key: KeyEvent) -> (Mode, Vec<Effect>) {
    if editor.target == EditorTarget::RecusalReason {
        return match key.code {
            KeyCode::Esc => (Mode::Declaration, Vec::new()),
            KeyCode::Enter if !editor.text().trim().is_empty() => (
                Mode::Normal,
                vec![Effect::Declare(
                    DeclarationKind::Recused,
                    editor.text().trim().to_string(),
                )],
            ),
            KeyCode::Enter => (Mode::Editor(editor), Vec::new()),
            _ => {
                editor.area.input(key);
                (Mode::Editor(editor), Vec::new())
            }
        };
    }
    match key.code {
        KeyCode::Esc => {
            let text = editor.text();
            let effects = if text != editor.saved {
                save_editor_effect(app, editor.target.clone(), text)
            } else {
                Vec::new()
            };
            (Mode::Normal, effects)
        }
        _ => {
            if editor.area.input(key) {
                editor.touched = true;
                editor.quiet_since = None;
            }
            (Mode::Editor(editor), Vec::new())
        }
    }
}

fn picker_key(measure: String, selected: usize, key: KeyEvent) -> (Mode, Vec<Effect>) {
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

fn viewer_key(app: &App, mut viewer: Viewer, key: KeyEvent) -> Mode {
    let sources = app.package.sources.len().max(1);
    let lines = app
        .package
        .sources
        .get(viewer.file)
        .map_or(0, |s| s.text.lines().count());
    if let Some(mut search) = viewer.search.take() {
        match key.code {
            KeyCode::Esc => {}
            KeyCode::Enter => {
                viewer.query = search.lines().concat();
                find_next(app, &mut viewer, 0);
            }
            _ => {
                search.input(key);
                viewer.search = Some(search);
            }
        }
        return Mode::Viewer(viewer);
    }
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => return Mode::Normal,
        KeyCode::Down | KeyCode::Char('j') => {
            viewer.scroll = (viewer.scroll + 1).min(lines.saturating_sub(1))
        }
        KeyCode::Up | KeyCode::Char('k') => viewer.scroll = viewer.scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => {
            viewer.scroll = (viewer.scroll + 15).min(lines.saturating_sub(1))
        }
        KeyCode::PageUp => viewer.scroll = viewer.scroll.saturating_sub(15),
        KeyCode::Right | KeyCode::Tab | KeyCode::Char('l') => {
            viewer.file = (viewer.file + 1) % sources;
            viewer.scroll = 0;
        }
        KeyCode::Left | KeyCode::BackTab | KeyCode::Char('h') => {
            viewer.file = (viewer.file + sources - 1) % sources;
            viewer.scroll = 0;
        }
        KeyCode::Char('/') => viewer.search = Some(search_line()),
        KeyCode::Char('n') => find_next(app, &mut viewer, 1),
        _ => {}
    }
    Mode::Viewer(viewer)
}

/// An empty one-line text area for the viewer's search.
fn search_line() -> ratatui_textarea::TextArea<'static> {
    let mut area = ratatui_textarea::TextArea::default();
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.set_cursor_style(ratatui::style::Style::default());
    area
}

/// Moves the viewer to the next line (from `scroll + skip`) containing the query.
fn find_next(app: &App, viewer: &mut Viewer, skip: usize) {
    let Some(source) = app.package.sources.get(viewer.file) else {
        return;
    };
    if viewer.query.is_empty() {
        return;
    }
    let query = viewer.query.to_lowercase();
    let found = source
        .text
        .lines()
        .enumerate()
        .skip(viewer.scroll + skip)
        .find(|(_, line)| line.to_lowercase().contains(&query));
    viewer.not_found = found.is_none();
    if let Some((line, _)) = found {
        viewer.scroll = line;
    }
}

fn declaration_key(app: &mut App, key: KeyEvent) -> (Mode, Vec<Effect>) {
    match key.code {
        KeyCode::Char('y') | KeyCode::Enter => (
            Mode::Normal,
            vec![Effect::Declare(DeclarationKind::NoConflict, String::new())],
        ),
        KeyCode::Char('r') => (
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

fn paste(app: &mut App, text: &str) {
    match &mut app.mode {
        Mode::Editor(editor) => {
            let changed = editor.area.insert_str(text);
            editor.touched |= changed;
            if changed {
                editor.quiet_since = None;
            }
        }
        Mode::Entry(entry) => {
            entry
                .area
                .insert_str(text.lines().next().unwrap_or_default());
        }
        _ => {}
    }
}

/// Saves an editor by itself once typing has paused for `AUTOSAVE_AFTER`.
fn autosave(app: &mut App, now: Instant) -> Vec<Effect> {
    let Mode::Editor(editor) = &mut app.mode else {
        return Vec::new();
    };
    if !editor.touched || editor.target == EditorTarget::RecusalReason {
        return Vec::new();
    }
    let since = *editor.quiet_since.get_or_insert(now);
    if now.duration_since(since) < AUTOSAVE_AFTER {
        return Vec::new();
    }
    editor.touched = false;
    editor.quiet_since = None;
    let text = editor.text();
    if text == editor.saved {
        return Vec::new();
    }
    editor.saved = text.clone();
    let target = editor.target.clone();
    save_editor_effect(app, target, text)
}
