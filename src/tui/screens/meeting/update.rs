//! The meeting screen's keys, actions and effects. Pure: the runtime opens sessions (creating
//! one only when the expert declares), carries out the open review's effects, signs, and
//! reports back. While a cluster's review is open, keys and results go to the review screen's
//! own `update`; Esc there brings the expert back to the list.

use super::app::{MeetingApp, MeetingMode, OverviewRow, overview_rows};
use super::keymap::{self, GLOBAL, MeetingCommand};
use crate::session::SessionState;
use crate::tui::screens::review::app::App;
use crate::tui::screens::review::update as review;
use crate::tui::widgets::{Status, TextInput};
use crossterm::event::{KeyEvent, KeyEventKind};
use std::time::Instant;

/// One cluster's signing: its index, its session afterwards, and the sheet written or why not.
pub type SignResult = (usize, Option<Box<SessionState>>, Result<String, String>);

/// What happened on the meeting screen.
#[derive(Debug)]
pub enum MeetingAction {
    /// A command of the mode's key table.
    Command(MeetingCommand),
    /// A key typed into the mode's text.
    Key(KeyEvent),
    /// Pasted text.
    Paste(String),
    /// Time passes.
    Tick(Instant),
    /// Asked to end from outside: the open review saves what is open, then the program ends.
    Ended,
    /// Something to tell on the status line.
    Notice(String),
    /// An action for the open review screen.
    Review(review::Action),
    /// A cluster's review screen, ready (its session opened, or a new one in memory awaiting
    /// the declaration).
    Opened {
        /// The cluster.
        index: usize,
        /// The screen.
        app: Box<App>,
    },
    /// The open session was closed; its state as stored.
    Closed {
        /// The cluster.
        index: usize,
        /// The session, if there is one.
        session: Option<Box<SessionState>>,
    },
    /// Clusters were signed (or failed to be), each with its session now and the sheet or why.
    Signed(Vec<SignResult>),
    /// Something failed; nothing was changed.
    Failed(String),
}

/// What the runtime must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeetingEffect {
    /// Open a cluster's review (at an indicator, from 一览).
    Open {
        /// The cluster.
        index: usize,
        /// The indicator to select.
        indicator: Option<u32>,
    },
    /// Carry out an effect of the open review on its session.
    Review(review::Effect),
    /// Close the open session (back on the list).
    Close,
    /// Sign these clusters with the key in this file.
    Sign {
        /// The clusters.
        targets: Vec<usize>,
        /// The key file.
        key_file: String,
    },
}

/// The action of a key: the open review's (its own tables), else a command of the mode's
/// table (Ctrl-C everywhere), else a key typed into the mode's text; releases are ignored.
pub fn handle_key(app: &MeetingApp, key: KeyEvent) -> Option<MeetingAction> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if let MeetingMode::Review(inner) = &app.mode {
        return review::handle_key(inner, key).map(MeetingAction::Review);
    }
    let table = keymap::table(app)?;
    GLOBAL
        .find(&key)
        .or_else(|| table.find(&key))
        .map(MeetingAction::Command)
        .or_else(|| table.text.then_some(MeetingAction::Key(key)))
}

/// Applies an action; returns the effects.
pub fn update(app: &mut MeetingApp, action: MeetingAction) -> Vec<MeetingEffect> {
    if let MeetingMode::Review(_) = app.mode {
        let forwarded = match action {
            MeetingAction::Review(a) => Some(a),
            MeetingAction::Tick(now) => Some(review::Action::Tick(now)),
            MeetingAction::Ended => Some(review::Action::Ended),
            MeetingAction::Paste(text) => Some(review::Action::Paste(text)),
            MeetingAction::Notice(text) => Some(review::Action::Notice(text)),
            other => return outside_review(app, other),
        };
        return forwarded.map_or_else(Vec::new, |a| in_review(app, a));
    }
    outside_review(app, action)
}

/// An action of the open review: applied by the review screen's own `update`; its effects
/// carried out on the cluster's session; Esc (`leave`) back to the list.
fn in_review(app: &mut MeetingApp, action: review::Action) -> Vec<MeetingEffect> {
    let MeetingMode::Review(inner) = &mut app.mode else {
        return Vec::new();
    };
    let effects: Vec<MeetingEffect> = review::update(inner, action)
        .into_iter()
        .map(MeetingEffect::Review)
        .collect();
    let stored = inner.session.format != 0;
    let session = stored.then(|| inner.session.clone());
    if let Some(index) = app.open
        && let Some(entry) = app.clusters.get_mut(index)
        && stored
    {
        entry.set_session(&app.rubric, session);
    }
    if inner.quit {
        app.quit = true;
        return effects;
    }
    if inner.leave {
        app.mode = MeetingMode::List;
        let mut effects = effects;
        effects.push(MeetingEffect::Close);
        return effects;
    }
    effects
}

fn outside_review(app: &mut MeetingApp, action: MeetingAction) -> Vec<MeetingEffect> {
    match action {
        MeetingAction::Command(MeetingCommand::Quit) => {
            app.quit = true;
            Vec::new()
        }
        MeetingAction::Command(command) => command_in_mode(app, command),
        MeetingAction::Key(key) => {
            if let MeetingMode::SignKey { input, error, .. } = &mut app.mode
                && input.key(&key)
            {
                *error = None;
            }
            Vec::new()
        }
        MeetingAction::Paste(text) => {
            if let MeetingMode::SignKey { input, .. } = &mut app.mode {
                input.paste(&text);
            }
            Vec::new()
        }
        MeetingAction::Tick(_) | MeetingAction::Review(_) => Vec::new(),
        MeetingAction::Ended => {
            app.quit = true;
            Vec::new()
        }
        MeetingAction::Notice(text) => {
            app.status = Status::Info(text);
            Vec::new()
        }
        MeetingAction::Opened {
            index,
            app: mut inner,
        } => {
            inner.in_meeting = true;
            app.open = Some(index);
            app.selected = index;
            if inner.key_path.is_empty() {
                inner.key_path = app.key_path.clone();
            }
            app.status = Status::Idle;
            app.mode = MeetingMode::Review(inner);
            Vec::new()
        }
        MeetingAction::Closed { index, session } => {
            if let Some(entry) = app.clusters.get_mut(index) {
                entry.set_session(&app.rubric, session.map(|s| *s));
            }
            if app.open == Some(index) && !matches!(app.mode, MeetingMode::Review(_)) {
                app.open = None;
            }
            Vec::new()
        }
        MeetingAction::Signed(results) => {
            let mut signed = 0;
            let mut failures = Vec::new();
            for (index, session, result) in results {
                if let Some(entry) = app.clusters.get_mut(index) {
                    if let Some(session) = session {
                        entry.set_session(&app.rubric, Some(*session));
                    }
                    match result {
                        Ok(_) => signed += 1,
                        Err(why) => failures.push(format!("{}: {why}", entry.package_id)),
                    }
                }
            }
            app.status = if failures.is_empty() {
                Status::Info(match app.lang {
                    crate::i18n::Lang::Zh => format!("已签署 {signed} 个集群的评分表"),
                    crate::i18n::Lang::En => format!("signed {signed} clusters' score sheets"),
                })
            } else {
                Status::Error(match app.lang {
                    crate::i18n::Lang::Zh => {
                        format!("已签署 {signed} 个；未签署：{}", failures.join("；"))
                    }
                    crate::i18n::Lang::En => {
                        format!("signed {signed}; not signed: {}", failures.join("; "))
                    }
                })
            };
            if failures.is_empty() {
                app.mode = MeetingMode::List;
            } else if let MeetingMode::SignKey { pending, error, .. } = &mut app.mode {
                *pending = false;
                *error = match &app.status {
                    Status::Error(text) => Some(text.clone()),
                    _ => None,
                };
            }
            Vec::new()
        }
        MeetingAction::Failed(message) => {
            if let MeetingMode::SignKey { pending, error, .. } = &mut app.mode {
                *pending = false;
                *error = Some(message.clone());
            }
            app.status = Status::Error(message);
            Vec::new()
        }
    }
}

/// Why signing cannot start, or `None`.
fn sign_refused(app: &MeetingApp, targets: &[usize]) -> Option<String> {
    let l = app.lang;
    if !app.roster {
        return Some(
            l.pick(
                "评审会尚无名册（roster.toml）：签署前须由组长放入名册，以核验签署人的公钥",
                "the meeting has no roster (roster.toml) yet: the chair puts it in before anyone signs, so that the signer's key can be checked",
            )
            .to_string(),
        );
    }
    if targets.is_empty() {
        return Some(
            l.pick(
                "没有可签署的集群：须已声明、全部打分并写明意见和综合意见",
                "no cluster is ready to sign: declared, every indicator scored, opinions and the overall opinion written",
            )
            .to_string(),
        );
    }
    None
}

fn command_in_mode(app: &mut MeetingApp, command: MeetingCommand) -> Vec<MeetingEffect> {
    let count = app.clusters.len();
    let mode = std::mem::replace(&mut app.mode, MeetingMode::List);
    match mode {
        MeetingMode::List => match command {
            MeetingCommand::Next => app.selected = (app.selected + 1).min(count.saturating_sub(1)),
            MeetingCommand::Prev => app.selected = app.selected.saturating_sub(1),
            MeetingCommand::Open if count > 0 => {
                app.open = Some(app.selected);
                return vec![MeetingEffect::Open {
                    index: app.selected,
                    indicator: None,
                }];
            }
            MeetingCommand::Overview => {
                app.mode = MeetingMode::Overview {
                    row: 0,
                    column: app.selected,
                }
            }
            MeetingCommand::SignSelected | MeetingCommand::SignReady => {
                let targets = if command == MeetingCommand::SignReady {
                    app.ready()
                } else {
                    app.cluster()
                        .filter(|c| c.ready())
                        .map(|_| vec![app.selected])
                        .unwrap_or_default()
                };
                match sign_refused(app, &targets) {
                    Some(why) => app.status = Status::Error(why),
                    None => app.mode = MeetingMode::SignConfirm { targets },
                }
            }
            MeetingCommand::Help => app.mode = MeetingMode::Help { scroll: 0 },
            _ => {}
        },
        MeetingMode::Overview { row, column } => {
            let rows = overview_rows(&app.rubric);
            let last_row = rows.len().saturating_sub(1);
            let last_column = count.saturating_sub(1);
            app.mode = match command {
                MeetingCommand::Next => MeetingMode::Overview {
                    row: (row + 1).min(last_row),
                    column,
                },
                MeetingCommand::Prev => MeetingMode::Overview {
                    row: row.saturating_sub(1),
                    column,
                },
                MeetingCommand::Right => MeetingMode::Overview {
                    row,
                    column: (column + 1).min(last_column),
                },
                MeetingCommand::Left => MeetingMode::Overview {
                    row,
                    column: column.saturating_sub(1),
                },
                MeetingCommand::Open if count > 0 => {
                    let indicator = rows.get(row).copied().and_then(OverviewRow::indicator);
                    app.selected = column.min(last_column);
                    app.open = Some(app.selected);
                    return vec![MeetingEffect::Open {
                        index: app.selected,
                        indicator,
                    }];
                }
                MeetingCommand::Close => {
                    app.selected = column.min(last_column);
                    MeetingMode::List
                }
                _ => MeetingMode::Overview { row, column },
            };
        }
        MeetingMode::SignConfirm { targets } => {
            app.mode = match command {
                MeetingCommand::Confirm => MeetingMode::SignKey {
                    targets,
                    input: Box::new(TextInput::line(&app.key_path)),
                    error: None,
                    pending: false,
                },
                MeetingCommand::Cancel => MeetingMode::List,
                _ => MeetingMode::SignConfirm { targets },
            };
        }
        MeetingMode::SignKey {
            targets,
            input,
            error,
            pending,
        } => match command {
            MeetingCommand::Cancel if !pending => app.mode = MeetingMode::SignConfirm { targets },
            MeetingCommand::Confirm if !pending => {
                let key_file = input.text().trim().to_string();
                if key_file.is_empty() {
                    let prompt = crate::tui::labels::labels(app.lang).sign_key_prompt;
                    app.mode = MeetingMode::SignKey {
                        targets,
                        input,
                        error: Some(prompt.to_string()),
                        pending,
                    };
                    return Vec::new();
                }
                app.key_path = key_file.clone();
                app.status = Status::Info(crate::tui::labels::labels(app.lang).signing.to_string());
                app.mode = MeetingMode::SignKey {
                    targets: targets.clone(),
                    input,
                    error: None,
                    pending: true,
                };
                return vec![MeetingEffect::Sign { targets, key_file }];
            }
            _ => {
                app.mode = MeetingMode::SignKey {
                    targets,
                    input,
                    error,
                    pending,
                }
            }
        },
        MeetingMode::Help { scroll } => {
            let most = 4 * keymap::help(crate::i18n::Lang::Zh).len();
            app.mode = match command {
                MeetingCommand::Next => MeetingMode::Help {
                    scroll: (scroll + 1).min(most),
                },
                MeetingCommand::Prev => MeetingMode::Help {
                    scroll: scroll.saturating_sub(1),
                },
                MeetingCommand::PageDown => MeetingMode::Help {
                    scroll: (scroll + 10).min(most),
                },
                MeetingCommand::PageUp => MeetingMode::Help {
                    scroll: scroll.saturating_sub(10),
                },
                MeetingCommand::Close => MeetingMode::List,
                _ => MeetingMode::Help { scroll },
            };
        }
        MeetingMode::Review(inner) => app.mode = MeetingMode::Review(inner),
    }
    Vec::new()
}
