//! The chair's screen (`cluster-review chair COMBINED.sqlite`): per cluster the expert ×
//! indicator matrix with flagged cells highlighted, the panel value and method, consensus notes,
//! agreed corrections of quantitative figures with their reasons, and the ranking with the
//! agreement and sensitivity figures. A peer of the expert's screen on the same runtime, key
//! tables and widgets: saves confirmed by their commit, the note saved by itself after a pause,
//! a signed file read-only, the terminal always restored.

pub mod app;
pub mod draw;
pub mod keymap;
pub mod update;

use crate::display::local_time;
use crate::store::CombinedDb;
use crate::tui::labels::labels;
use crate::tui::runtime::{Screen, run_screen};
use app::ChairApp;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use std::io;
use std::time::Instant;
use update::{ChairAction, ChairEffect};

impl Screen for ChairApp {
    type Action = ChairAction;
    type Effect = ChairEffect;

    fn key(&self, key: KeyEvent) -> Option<ChairAction> {
        update::handle_key(self, key)
    }

    fn paste(&self, text: String) -> Option<ChairAction> {
        Some(ChairAction::Paste(text))
    }

    fn tick(&self, now: Instant) -> Option<ChairAction> {
        Some(ChairAction::Tick(now))
    }

    fn ended(&self) -> ChairAction {
        ChairAction::Ended
    }

    fn no_paste(&self) -> ChairAction {
        ChairAction::Notice(labels(self.lang).no_paste.to_string())
    }

    fn update(&mut self, action: ChairAction) -> Vec<ChairEffect> {
        update::update(self, action)
    }

    fn draw(&self, frame: &mut Frame) {
        draw::draw(frame, self);
    }

    fn done(&self) -> bool {
        self.quit
    }
}

/// Runs the chair's screen on a combined evaluation until the chair quits (or a signal ends
/// it, after saving). A signed file opens read-only.
pub fn run(mut app: ChairApp, mut db: CombinedDb) -> io::Result<()> {
    app.signed = db.is_signed();
    if app.signed {
        app.status =
            crate::tui::widgets::Status::Info(labels(app.lang).combined_signed.to_string());
    }
    run_screen(&mut app, |effect| {
        let result = match effect {
            ChairEffect::SetNote {
                package,
                indicator,
                text,
            } => db.set_note(&package, indicator, &text),
            ChairEffect::SetCorrection {
                package,
                measure,
                correction,
            } => db.set_correction(&package, &measure, correction),
        };
        match (result, db.combined()) {
            (Ok(at), Ok(combined)) => ChairAction::Saved {
                at: local_time(&at),
                combined: Box::new(combined),
                chair: db.chair().clone(),
            },
            (Err(e), _) => ChairAction::Failed(e.to_string()),
            (Ok(_), Err(refused)) => ChairAction::Failed(refused.to_string()),
        }
    })
}
