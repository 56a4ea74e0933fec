//! The chair's screen (`cluster-review chair COMBINED.sqlite`): per cluster the expert ×
//! indicator matrix with flagged cells highlighted, the panel value and method, consensus notes,
//! agreed corrections of quantitative figures with their reasons, and the ranking with the
//! agreement and sensitivity figures. Same conventions as the expert's screen: Elm-style, keys
//! from one key map, saves confirmed by their commit, terminal always restored.

pub mod app;
pub mod draw;
pub mod keymap;
pub mod update;

use super::runtime::{Screen, run_screen};
use crate::display::local_time;
use crate::store::CombinedDb;
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

    fn tick(&self, _now: Instant) -> Option<ChairAction> {
        None
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

/// Runs the chair's screen on a combined evaluation until the chair quits.
pub fn run(mut app: ChairApp, mut db: CombinedDb) -> io::Result<()> {
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
