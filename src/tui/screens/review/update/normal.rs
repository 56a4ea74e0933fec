//! The review screen's commands (the key map), outside any dialog.

use super::Effect;
use crate::rubric::IndicatorKind;
use crate::session::{MeasureStatus, may_edit};
use crate::tui::labels::{labels, rule_message};
use crate::tui::screens::review::app::{
    App, Editor, EditorTarget, Entry, EntrySubject, Focus, Mode, Viewer,
};
use crate::tui::screens::review::keymap::Command;
use crate::tui::widgets::Status;

/// Whether the session may be changed; if not, says why on the status line.
fn allowed(app: &mut App) -> bool {
    match may_edit(&app.session) {
        Ok(()) => true,
        Err(e) => {
            app.status = Status::Error(rule_message(&e, app.lang));
            false
        }
    }
}

pub(super) fn command(app: &mut App, command: Command) -> Vec<Effect> {
    let l = labels(app.lang);
    let kind = app.indicator().map(|i| i.kind);
    let id = app.indicator().map_or(0, |i| i.id);
    match command {
        Command::Next | Command::Prev => {
            let forward = command == Command::Next;
            match app.focus {
                Focus::List => {
                    let last = app.order.len().saturating_sub(1);
                    app.selected = if forward {
                        (app.selected + 1).min(last)
                    } else {
                        app.selected.saturating_sub(1)
                    };
                    app.measure = 0;
                    app.detail_scroll = 0;
                }
                Focus::Detail => {
                    let last = app
                        .indicator()
                        .map_or(0, |i| i.measures.len())
                        .saturating_sub(1);
                    app.measure = if forward {
                        (app.measure + 1).min(last)
                    } else {
                        app.measure.saturating_sub(1)
                    };
                }
            }
        }
        Command::Score => match kind {
            // the entry starts empty (the title shows the current points): typing replaces
            Some(IndicatorKind::Qualitative) if allowed(app) => {
                app.mode = Mode::Entry(Entry::new(EntrySubject::Points(id), ""))
            }
            Some(IndicatorKind::Qualitative) => {}
            _ => app.status = Status::Info(l.quantitative_hint.to_string()),
        },
        Command::Comment if allowed(app) => {
            let text = app
                .session
                .scores
                .get(&id)
                .map(|s| s.comment.clone())
                .unwrap_or_default();
            app.mode = Mode::Editor(Editor::new(EditorTarget::Comment(id), &text));
        }
        Command::Verify | Command::Note | Command::Correct => match app.measure_id() {
            Some(measure) if allowed(app) => {
                app.mode = match command {
                    Command::Verify => {
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
                        Mode::StatusPicker { measure, selected }
                    }
                    Command::Note => {
                        let text = app
                            .session
                            .annotations
                            .get(&measure)
                            .map(|a| a.note.clone())
                            .unwrap_or_default();
                        Mode::Editor(Editor::new(EditorTarget::Note(measure), &text))
                    }
                    _ => Mode::Entry(Entry::new(EntrySubject::Corrected(measure), "")),
                };
            }
            Some(_) => {}
            None => app.status = Status::Info(l.qualitative_hint.to_string()),
        },
        Command::ToggleFocus => {
            app.focus = match (app.focus, kind) {
                (Focus::List, Some(IndicatorKind::Quantitative)) => Focus::Detail,
                _ => Focus::List,
            };
        }
        Command::Overall if allowed(app) => {
            let text = app.session.overall.clone();
            app.mode = Mode::Editor(Editor::new(EditorTarget::Overall, &text));
        }
        Command::SignOff => app.mode = Mode::SignOff,
        Command::Conditions if app.session.reviews_conditions() => {
            app.mode = Mode::Conditions { selected: 0 }
        }
        Command::Conditions => app.status = Status::Info(l.conditions_hint.to_string()),
        Command::Help => app.mode = Mode::Help { scroll: 0 },
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
        _ => {}
    }
    Vec::new()
}
