//! The chair's keys, actions and effects. Pure: the runtime carries out the effects (notes and
//! corrections saved in the combined file) and reports back.

use super::app::{ChairApp, ChairMode, Draft};
use super::keymap::{CHAIR_BINDINGS, ChairCommand};
use crate::panel::{ChairInput, Combined};
use crate::session::parse_corrected;
use crate::tui::app::{Status, normalise_newlines};
use crate::tui::keymap::find;
use crate::tui::labels::rule_message;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use rust_decimal::Decimal;

/// What happened on the chair's screen.
#[derive(Debug)]
pub enum ChairAction {
    /// A command of the key map.
    Command(ChairCommand),
    /// A key for the open dialog.
    Key(KeyEvent),
    /// Pasted text.
    Paste(String),
    /// A change was committed; the counting as it now is.
    Saved {
        /// Local `HH:MM:SS`.
        at: String,
        /// The recomputed evaluation.
        combined: Box<Combined>,
        /// The corrections and notes now stored.
        chair: ChairInput,
    },
    /// A change failed; nothing was changed.
    Failed(String),
}

/// What the runtime must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChairEffect {
    /// Save the consensus note of an indicator (empty removes it).
    SetNote {
        /// Package.
        package: String,
        /// Indicator.
        indicator: u32,
        /// Text.
        text: String,
    },
    /// Save (or withdraw, with `None`) the agreed correction of a figure.
    SetCorrection {
        /// Package.
        package: String,
        /// Measure.
        measure: String,
        /// Figure and reason.
        correction: Option<(Decimal, String)>,
    },
}

/// The action of a key; releases are ignored, Ctrl-C quits everywhere.
pub fn handle_key(app: &ChairApp, key: KeyEvent) -> Option<ChairAction> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(ChairAction::Command(ChairCommand::Quit));
    }
    match app.mode {
        ChairMode::Matrix => find(&CHAIR_BINDINGS, &key).map(ChairAction::Command),
        _ => Some(ChairAction::Key(key)),
    }
}

/// Applies an action; returns the effects.
pub fn update(app: &mut ChairApp, action: ChairAction) -> Vec<ChairEffect> {
    match action {
        ChairAction::Command(ChairCommand::Quit) => quit(app),
        ChairAction::Command(command) => {
            command_in_matrix(app, command);
            Vec::new()
        }
        ChairAction::Key(key) => key_in_dialog(app, key),
        ChairAction::Paste(text) => {
            let text = normalise_newlines(&text);
            match &mut app.mode {
                ChairMode::Note(draft) | ChairMode::CorrectionReason { draft, .. } => {
                    draft.area.insert_str(&text);
                }
                ChairMode::CorrectionValue { draft, .. } => {
                    draft
                        .area
                        .insert_str(text.lines().next().unwrap_or_default());
                }
                _ => {}
            }
            Vec::new()
        }
        ChairAction::Saved {
            at,
            combined,
            chair,
        } => {
            app.combined = *combined;
            app.chair = chair;
            app.status = Status::Saved(at);
            let close = match &app.mode {
                ChairMode::Note(draft) => draft.closing,
                ChairMode::CorrectionValue { draft, .. }
                | ChairMode::CorrectionReason { draft, .. } => draft.closing,
                _ => false,
            };
            if close {
                app.mode = ChairMode::Matrix;
            }
            if app.quit_requested {
                app.quit = true;
            }
            Vec::new()
        }
        ChairAction::Failed(message) => {
            app.status = Status::Error(message);
            app.quit_requested = false;
            match &mut app.mode {
                ChairMode::Note(draft)
                | ChairMode::CorrectionReason { draft, .. }
                | ChairMode::CorrectionValue { draft, .. } => draft.closing = false,
                _ => {}
            }
            Vec::new()
        }
    }
}

fn quit(app: &mut ChairApp) -> Vec<ChairEffect> {
    if let ChairMode::Note(draft) = &app.mode
        && draft.text() != draft.saved
    {
        let effects = save_note(app);
        if !effects.is_empty() {
            app.quit_requested = true;
            return effects;
        }
    }
    app.quit = true;
    Vec::new()
}

fn command_in_matrix(app: &mut ChairApp, command: ChairCommand) {
    let clusters = app.combined.clusters.len().max(1);
    let indicators = app.cluster().map_or(0, |c| c.indicators.len());
    match command {
        ChairCommand::Next => {
            app.indicator = (app.indicator + 1).min(indicators.saturating_sub(1));
            app.measure = 0;
        }
        ChairCommand::Prev => {
            app.indicator = app.indicator.saturating_sub(1);
            app.measure = 0;
        }
        ChairCommand::NextCluster => app.cluster = (app.cluster + 1) % clusters,
        ChairCommand::PrevCluster => app.cluster = (app.cluster + clusters - 1) % clusters,
        ChairCommand::ExpertsRight => {
            let experts = app.cluster().map_or(0, |c| c.experts.len());
            app.expert_offset = (app.expert_offset + 1).min(experts.saturating_sub(1));
        }
        ChairCommand::ExpertsLeft => app.expert_offset = app.expert_offset.saturating_sub(1),
        ChairCommand::NextMeasure => {
            let measures = app.result().map_or(0, |r| r.measures.len());
            if measures > 0 {
                app.measure = (app.measure + 1) % measures;
            }
        }
        ChairCommand::Note => {
            let (Some(package), Some(result)) =
                (app.cluster().map(|c| c.package.id.clone()), app.result())
            else {
                return;
            };
            let text = app
                .chair
                .notes
                .iter()
                .find(|n| n.package_id == package && n.indicator == result.id)
                .map(|n| n.text.clone())
                .unwrap_or_default();
            app.mode = ChairMode::Note(Draft::new(&text, true));
        }
        ChairCommand::Correct => {
            if app.measure_id().is_some() {
                app.mode = ChairMode::CorrectionValue {
                    draft: Draft::new("", false),
                    error: None,
                };
            } else {
                app.status = Status::Info(app.lang.pick("定性指标没有可更正的数据：按 c 写合议意见", "a qualitative indicator has no figure to correct: c writes a consensus note").to_string());
            }
        }
        ChairCommand::Ranking => app.mode = ChairMode::Ranking,
        ChairCommand::Help => app.mode = ChairMode::Help,
        ChairCommand::Quit => {}
    }
}

fn save_note(app: &mut ChairApp) -> Vec<ChairEffect> {
    let (Some(package), Some(indicator)) = (
        app.cluster().map(|c| c.package.id.clone()),
        app.result().map(|r| r.id),
    ) else {
        return Vec::new();
    };
    let ChairMode::Note(draft) = &mut app.mode else {
        return Vec::new();
    };
    draft.closing = true;
    vec![ChairEffect::SetNote {
        package,
        indicator,
        text: draft.text(),
    }]
}

fn key_in_dialog(app: &mut ChairApp, key: KeyEvent) -> Vec<ChairEffect> {
    let mode = std::mem::replace(&mut app.mode, ChairMode::Matrix);
    match mode {
        ChairMode::Matrix => Vec::new(),
        ChairMode::Ranking | ChairMode::Help => {
            if !matches!(
                key.code,
                KeyCode::Esc
                    | KeyCode::Char('q')
                    | KeyCode::Char('r')
                    | KeyCode::Char('?')
                    | KeyCode::Enter
            ) {
                app.mode = mode;
            }
            Vec::new()
        }
        ChairMode::Note(mut draft) => match key.code {
            KeyCode::Esc if draft.text() == draft.saved => Vec::new(),
            KeyCode::Esc => {
                app.mode = ChairMode::Note(draft);
                save_note(app)
            }
            _ => {
                if draft.area.input(key) && draft.text() != draft.saved {
                    app.status = Status::Unsaved;
                }
                app.mode = ChairMode::Note(draft);
                Vec::new()
            }
        },
        ChairMode::CorrectionValue { mut draft, error } => match key.code {
            KeyCode::Esc => Vec::new(),
            KeyCode::Enter => {
                let (Some(package), Some(measure)) = (
                    app.cluster().map(|c| c.package.id.clone()),
                    app.measure_id(),
                ) else {
                    return Vec::new();
                };
                match parse_corrected(&app.combined.rubric, &measure, &draft.text()) {
                    // empty: withdraw the correction
                    Ok(None) => {
                        draft.closing = true;
                        app.mode = ChairMode::CorrectionValue { draft, error: None };
                        vec![ChairEffect::SetCorrection {
                            package,
                            measure,
                            correction: None,
                        }]
                    }
                    Ok(Some(value)) => {
                        app.mode = ChairMode::CorrectionReason {
                            value,
                            draft: Draft::new("", true),
                        };
                        Vec::new()
                    }
                    Err(e) => {
                        app.mode = ChairMode::CorrectionValue {
                            draft,
                            error: Some(rule_message(&e, app.lang)),
                        };
                        Vec::new()
                    }
                }
            }
            _ => {
                draft.area.input(key);
                app.mode = ChairMode::CorrectionValue { draft, error };
                Vec::new()
            }
        },
        ChairMode::CorrectionReason { value, mut draft } => match key.code {
            KeyCode::Esc => Vec::new(),
            KeyCode::Enter if draft.text().trim().is_empty() => {
                app.status = Status::Error(
                    app.lang
                        .pick(
                            "更正须写明合议的理由",
                            "a correction needs the reason the panel agreed on",
                        )
                        .to_string(),
                );
                app.mode = ChairMode::CorrectionReason { value, draft };
                Vec::new()
            }
            KeyCode::Enter => {
                let (Some(package), Some(measure)) = (
                    app.cluster().map(|c| c.package.id.clone()),
                    app.measure_id(),
                ) else {
                    return Vec::new();
                };
                draft.closing = true;
                let reason = draft.text().trim().to_string();
                app.mode = ChairMode::CorrectionReason { value, draft };
                vec![ChairEffect::SetCorrection {
                    package,
                    measure,
                    correction: Some((value, reason)),
                }]
            }
            _ => {
                draft.area.input(key);
                app.mode = ChairMode::CorrectionReason { value, draft };
                Vec::new()
            }
        },
    }
}
