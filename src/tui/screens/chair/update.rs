//! The chair's keys, actions and effects. Pure: the runtime carries out the effects (notes and
//! corrections saved in the combined file) and reports back. As on the expert's screen, a save
//! is confirmed by its commit, the note saves itself after a pause in typing, and quitting (or
//! a signal) saves what is open first: the note, or a correction whose reason was typed.

use super::app::{ChairApp, ChairMode};
use super::keymap::{self, ChairCommand, GLOBAL};
use crate::panel::{ChairInput, Combined};
use crate::session::parse_corrected;
use crate::tui::labels::{labels, rule_message};
use crate::tui::widgets::{Status, TextInput};
use crossterm::event::{KeyEvent, KeyEventKind};
use rust_decimal::Decimal;
use std::time::Instant;

/// What happened on the chair's screen.
#[derive(Debug)]
pub enum ChairAction {
    /// A command of the mode's key table.
    Command(ChairCommand),
    /// A key typed into the mode's text.
    Key(KeyEvent),
    /// Pasted text.
    Paste(String),
    /// Time passes (autosave).
    Tick(Instant),
    /// Asked to end from outside (a signal): save what is open, then end.
    Ended,
    /// Something to tell on the status line.
    Notice(String),
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
    /// The combined evaluation was signed: where the sheet went, and the sign-off in words.
    Signed {
        /// The sheet file.
        sheet: String,
        /// Who signed when.
        signed_by: String,
    },
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
    /// Sign the combined evaluation with the private key in this file.
    Sign {
        /// The key file.
        key_file: String,
    },
}

/// The action of a key: a command of the mode's table (Ctrl-C everywhere), else a key typed
/// into the mode's text; releases are ignored.
pub fn handle_key(app: &ChairApp, key: KeyEvent) -> Option<ChairAction> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let table = keymap::table(app);
    GLOBAL
        .find(&key)
        .or_else(|| table.find(&key))
        .map(ChairAction::Command)
        .or_else(|| table.text.then_some(ChairAction::Key(key)))
}

/// Applies an action; returns the effects.
pub fn update(app: &mut ChairApp, action: ChairAction) -> Vec<ChairEffect> {
    match action {
        ChairAction::Command(ChairCommand::Quit) => quit(app, false),
        ChairAction::Command(command) => command_in_mode(app, command),
        ChairAction::Key(key) => {
            typed(app, |input| input.key(&key));
            Vec::new()
        }
        ChairAction::Paste(text) => {
            typed(app, |input| input.paste(&text));
            Vec::new()
        }
        ChairAction::Tick(now) => autosave(app, now),
        ChairAction::Ended => quit(app, true),
        ChairAction::Notice(text) => {
            app.status = Status::Info(text);
            Vec::new()
        }
        ChairAction::Saved {
            at,
            combined,
            chair,
        } => {
            app.set_combined(*combined);
            app.chair = chair;
            app.status = Status::Saved(at);
            let close = match &mut app.mode {
                ChairMode::Note(input) => {
                    input.confirm();
                    if input.dirty() {
                        app.status = Status::Unsaved;
                    }
                    input.closing && !input.dirty()
                }
                ChairMode::CorrectionValue { input, .. }
                | ChairMode::CorrectionReason { input, .. } => {
                    input.confirm();
                    input.closing
                }
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
        ChairAction::Signed { sheet, signed_by } => {
            app.signed = true;
            app.signed_by = Some(signed_by);
            app.status = Status::Info(format!("{} {sheet}", labels(app.lang).signed_sheet));
            app.mode = ChairMode::SignOff;
            Vec::new()
        }
        ChairAction::Failed(message) => {
            if let ChairMode::SignKey { pending, error, .. } = &mut app.mode {
                *pending = false;
                *error = Some(message.clone());
            }
            if app.quit_requested {
                app.quit_requested = false;
                app.quit_armed = true;
                app.status = Status::Error(format!("{message}; {}", labels(app.lang).quit_unsaved));
            } else {
                app.status = Status::Error(message);
            }
            match &mut app.mode {
                ChairMode::Note(input)
                | ChairMode::CorrectionReason { input, .. }
                | ChairMode::CorrectionValue { input, .. } => input.fail(),
                _ => {}
            }
            Vec::new()
        }
    }
}

/// Typing into the open text; the status says when a note holds unsaved text.
fn typed(app: &mut ChairApp, edit: impl FnOnce(&mut TextInput) -> bool) {
    let changed = match &mut app.mode {
        ChairMode::Note(input) => edit(input) && input.dirty(),
        ChairMode::CorrectionReason { input, .. } => edit(input),
        ChairMode::CorrectionValue { input, error } | ChairMode::SignKey { input, error, .. } => {
            let changed = edit(input);
            if changed {
                *error = None;
            }
            false
        }
        _ => false,
    };
    if changed {
        app.status = Status::Unsaved;
    }
}

/// The note saves itself once typing has paused.
fn autosave(app: &mut ChairApp, now: Instant) -> Vec<ChairEffect> {
    let due = match &mut app.mode {
        ChairMode::Note(input) => input.autosave_due(now),
        _ => false,
    };
    if due {
        save_note(app, false)
    } else {
        Vec::new()
    }
}

/// Quitting saves the open note, or the correction whose reason was typed, and waits for the
/// commit; `forced` (a signal) ends whatever the outcome, as does a second quit after a
/// failed save (which tries once more).
fn quit(app: &mut ChairApp, forced: bool) -> Vec<ChairEffect> {
    // after a failed save the next quit tries once more and ends whatever happens
    let forced = forced || app.quit_armed;
    let effects = match &app.mode {
        ChairMode::Note(input) if input.dirty() => save_note(app, true),
        ChairMode::CorrectionReason { input, .. } if !input.text().trim().is_empty() => {
            save_correction(app)
        }
        _ => Vec::new(),
    };
    if !effects.is_empty() {
        app.quit_requested = true;
        app.quit = forced;
        return effects;
    }
    app.quit = true;
    Vec::new()
}

/// Why the sign-off cannot go on to the key, on the status line.
pub fn sign_refusal(app: &ChairApp) -> String {
    let l = app.lang;
    if app.signed {
        return labels(l).combined_signed.to_string();
    }
    if app.signer.is_none() {
        return l
            .pick(
                "未指定签署的组长：用 chair --meeting DIR 打开评审会，或用 chair FILE --signer ID --name 姓名",
                "no chair to sign: open the meeting with chair --meeting DIR, or give chair FILE --signer ID --name NAME",
            )
            .to_string();
    }
    let refusals = app.gate().refusals(&app.combined, l);
    match l {
        crate::i18n::Lang::Zh => format!(
            "拒绝签署，尚有 {} 项待处理：{}",
            refusals.len(),
            refusals.join("；")
        ),
        crate::i18n::Lang::En => format!(
            "signing refused, {} open: {}",
            refusals.len(),
            refusals.join("; ")
        ),
    }
}

/// Why the file cannot be changed, on the status line.
fn refuse_signed(app: &mut ChairApp) {
    app.status = Status::Error(labels(app.lang).combined_signed.to_string());
}

fn command_in_mode(app: &mut ChairApp, command: ChairCommand) -> Vec<ChairEffect> {
    let mode = std::mem::replace(&mut app.mode, ChairMode::Matrix);
    match mode {
        ChairMode::Matrix => {
            command_in_matrix(app, command);
            Vec::new()
        }
        ChairMode::Ranking { scroll } => {
            app.mode = match command {
                ChairCommand::Close => ChairMode::Matrix,
                other => ChairMode::Ranking {
                    scroll: scrolled(scroll, other),
                },
            };
            Vec::new()
        }
        ChairMode::Help { scroll } => {
            app.mode = match command {
                ChairCommand::Close => ChairMode::Matrix,
                other => ChairMode::Help {
                    scroll: scrolled(scroll, other),
                },
            };
            Vec::new()
        }
        ChairMode::Note(mut input) => match command {
            ChairCommand::Close if !input.dirty() => Vec::new(),
            ChairCommand::Close => {
                input.closing = true;
                app.mode = ChairMode::Note(input);
                save_note(app, true)
            }
            _ => {
                app.mode = ChairMode::Note(input);
                Vec::new()
            }
        },
        ChairMode::CorrectionValue { mut input, error } => match command {
            ChairCommand::Cancel => Vec::new(),
            ChairCommand::Confirm => {
                let Some(measure) = app.measure_id() else {
                    return Vec::new();
                };
                match parse_corrected(&app.combined.rubric, &measure, &input.text()) {
                    // empty: withdraw the correction
                    Ok(None) => {
                        input.closing = true;
                        input.send();
                        app.mode = ChairMode::CorrectionValue { input, error: None };
                        correction_effect(app, None)
                    }
                    Ok(Some(value)) => {
                        app.mode = ChairMode::CorrectionReason {
                            value,
                            input: TextInput::multiline(""),
                        };
                        Vec::new()
                    }
                    Err(e) => {
                        app.mode = ChairMode::CorrectionValue {
                            input,
                            error: Some(rule_message(&e, app.lang)),
                        };
                        Vec::new()
                    }
                }
            }
            _ => {
                app.mode = ChairMode::CorrectionValue { input, error };
                Vec::new()
            }
        },
        ChairMode::Agenda { selected } => {
            let gate = app.gate();
            let items = &gate.items;
            let last = items.len().saturating_sub(1);
            match command {
                ChairCommand::Next => {
                    app.mode = ChairMode::Agenda {
                        selected: (selected + 1).min(last),
                    }
                }
                ChairCommand::Prev => {
                    app.mode = ChairMode::Agenda {
                        selected: selected.saturating_sub(1),
                    }
                }
                ChairCommand::Confirm => match items.get(selected) {
                    Some(item) => app.jump_to(item),
                    None => app.mode = ChairMode::Agenda { selected },
                },
                ChairCommand::Close => {}
                _ => app.mode = ChairMode::Agenda { selected },
            }
            Vec::new()
        }
        ChairMode::Opinions { scroll } => {
            if command != ChairCommand::Close {
                app.mode = ChairMode::Opinions {
                    scroll: scrolled(scroll, command),
                };
            }
            Vec::new()
        }
        ChairMode::SignOff => {
            match command {
                ChairCommand::Confirm if keymap::may_sign(app) => {
                    app.mode = ChairMode::SignKey {
                        input: TextInput::line(&app.key_path),
                        error: None,
                        pending: false,
                    };
                }
                ChairCommand::Confirm => {
                    app.status = Status::Error(sign_refusal(app));
                    app.mode = ChairMode::SignOff;
                }
                ChairCommand::Agenda => app.mode = ChairMode::Agenda { selected: 0 },
                ChairCommand::Close => {}
                _ => app.mode = ChairMode::SignOff,
            }
            Vec::new()
        }
        ChairMode::SignKey {
            input,
            error,
            pending,
        } => match command {
            ChairCommand::Cancel if !pending => {
                app.mode = ChairMode::SignOff;
                Vec::new()
            }
            ChairCommand::Confirm if !pending => {
                let key_file = input.text().trim().to_string();
                if key_file.is_empty() {
                    app.mode = ChairMode::SignKey {
                        input,
                        error: Some(labels(app.lang).sign_key_prompt.to_string()),
                        pending,
                    };
                    return Vec::new();
                }
                app.key_path = key_file.clone();
                app.status = Status::Info(labels(app.lang).signing.to_string());
                app.mode = ChairMode::SignKey {
                    input,
                    error: None,
                    pending: true,
                };
                vec![ChairEffect::Sign { key_file }]
            }
            _ => {
                app.mode = ChairMode::SignKey {
                    input,
                    error,
                    pending,
                };
                Vec::new()
            }
        },
        ChairMode::CorrectionReason { value, input } => {
            let empty = input.text().trim().is_empty();
            app.mode = ChairMode::CorrectionReason { value, input };
            match command {
                ChairCommand::Confirm => save_correction(app),
                ChairCommand::Close if empty => {
                    app.mode = ChairMode::Matrix;
                    Vec::new()
                }
                ChairCommand::Close => save_correction(app),
                _ => Vec::new(),
            }
        }
    }
}

/// An overlay's scroll after a command (drawing clamps it to the end).
fn scrolled(scroll: usize, command: ChairCommand) -> usize {
    let most = 4 * keymap::help(crate::i18n::Lang::Zh).len();
    match command {
        ChairCommand::Next => (scroll + 1).min(most),
        ChairCommand::Prev => scroll.saturating_sub(1),
        ChairCommand::PageDown => (scroll + 10).min(most),
        ChairCommand::PageUp => scroll.saturating_sub(10),
        _ => scroll,
    }
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
            } else {
                app.status = Status::Info(labels(app.lang).chair_no_measure.to_string());
            }
        }
        ChairCommand::Note if app.signed => refuse_signed(app),
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
            app.mode = ChairMode::Note(TextInput::multiline(&text));
        }
        ChairCommand::Correct if app.signed => refuse_signed(app),
        ChairCommand::Correct => {
            if app.measure_id().is_some() {
                app.mode = ChairMode::CorrectionValue {
                    input: TextInput::line(""),
                    error: None,
                };
            } else {
                app.status = Status::Info(labels(app.lang).chair_no_measure.to_string());
            }
        }
        ChairCommand::Agenda => app.mode = ChairMode::Agenda { selected: 0 },
        ChairCommand::Opinions => app.mode = ChairMode::Opinions { scroll: 0 },
        ChairCommand::SignOff => app.mode = ChairMode::SignOff,
        ChairCommand::Ranking => app.mode = ChairMode::Ranking { scroll: 0 },
        ChairCommand::Help => app.mode = ChairMode::Help { scroll: 0 },
        _ => {}
    }
}

/// Sends the open note to be saved (`closing`: close once committed).
fn save_note(app: &mut ChairApp, closing: bool) -> Vec<ChairEffect> {
    let (Some(package), Some(indicator)) = (
        app.cluster().map(|c| c.package.id.clone()),
        app.result().map(|r| r.id),
    ) else {
        return Vec::new();
    };
    let ChairMode::Note(input) = &mut app.mode else {
        return Vec::new();
    };
    input.closing |= closing;
    let text = input.send();
    vec![ChairEffect::SetNote {
        package,
        indicator,
        text,
    }]
}

/// Sends the correction with its reason; a correction needs a reason.
fn save_correction(app: &mut ChairApp) -> Vec<ChairEffect> {
    let ChairMode::CorrectionReason { value, input } = &mut app.mode else {
        return Vec::new();
    };
    let reason = input.text().trim().to_string();
    if reason.is_empty() {
        app.status = Status::Error(labels(app.lang).reason_needed.to_string());
        return Vec::new();
    }
    input.closing = true;
    input.send();
    let value = *value;
    correction_effect(app, Some((value, reason)))
}

fn correction_effect(app: &ChairApp, correction: Option<(Decimal, String)>) -> Vec<ChairEffect> {
    match (
        app.cluster().map(|c| c.package.id.clone()),
        app.measure_id(),
    ) {
        (Some(package), Some(measure)) => vec![ChairEffect::SetCorrection {
            package,
            measure,
            correction,
        }],
        _ => Vec::new(),
    }
}
