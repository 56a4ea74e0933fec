//! The chair's screen state. Pure: drawing reads it, `update` changes it.

use crate::i18n::Lang;
use crate::panel::{ChairInput, ClusterResult, Combined, IndicatorResult};
use crate::tui::app::Status;
use ratatui_textarea::{TextArea, WrapMode};
use rust_decimal::Decimal;

/// A text being written in a dialog, with what is confirmed saved of it.
#[derive(Debug)]
pub struct Draft {
    /// The text area.
    pub area: TextArea<'static>,
    /// The text as last confirmed saved.
    pub saved: String,
    /// A save is in flight; close when it is confirmed.
    pub closing: bool,
}

impl Draft {
    /// A draft on a text.
    pub fn new(text: &str, wrap: bool) -> Self {
        let text = crate::tui::app::normalise_newlines(text);
        let mut area = TextArea::new(text.split('\n').map(str::to_string).collect());
        if wrap {
            area.set_wrap_mode(WrapMode::WordOrGlyph);
        }
        area.set_cursor_line_style(ratatui::style::Style::default());
        area.set_cursor_style(ratatui::style::Style::default());
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Self {
            area,
            saved: text,
            closing: false,
        }
    }

    /// The text.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }
}

/// What the chair's screen is doing.
#[derive(Debug)]
pub enum ChairMode {
    /// Browsing the matrix.
    Matrix,
    /// The ranking with agreement and sensitivity.
    Ranking,
    /// The key help.
    Help,
    /// Writing the consensus note of the selected indicator.
    Note(Draft),
    /// Typing the agreed figure of the selected measure (empty withdraws the correction).
    CorrectionValue {
        /// The figure typed.
        draft: Draft,
        /// Why the last attempt was refused.
        error: Option<String>,
    },
    /// Writing the reason of the correction.
    CorrectionReason {
        /// The agreed figure.
        value: Decimal,
        /// The reason typed.
        draft: Draft,
    },
}

/// The whole state of the chair's screen.
#[derive(Debug)]
pub struct ChairApp {
    /// The counting, as of the last commit.
    pub combined: Combined,
    /// The corrections and notes, as of the last commit.
    pub chair: ChairInput,
    /// Index of the cluster shown (in ranking order).
    pub cluster: usize,
    /// Index of the selected indicator (rubric order).
    pub indicator: usize,
    /// Index of the selected measure of a quantitative indicator.
    pub measure: usize,
    /// First expert column shown (when they do not all fit).
    pub expert_offset: usize,
    /// What the screen is doing.
    pub mode: ChairMode,
    /// The status line.
    pub status: Status,
    /// The language.
    pub lang: Lang,
    /// The file shown in the title.
    pub file: String,
    /// Set when the program should end.
    pub quit: bool,
    /// Quitting waits for a save in flight.
    pub quit_requested: bool,
}

impl ChairApp {
    /// The screen at its start: the first-ranked cluster, indicator 1.
    pub fn new(combined: Combined, chair: ChairInput, file: &str, lang: Lang) -> Self {
        Self {
            combined,
            chair,
            cluster: 0,
            indicator: 0,
            measure: 0,
            expert_offset: 0,
            mode: ChairMode::Matrix,
            status: Status::Idle,
            lang,
            file: file.to_string(),
            quit: false,
            quit_requested: false,
        }
    }

    /// The cluster shown.
    pub fn cluster(&self) -> Option<&ClusterResult> {
        self.combined.clusters.get(self.cluster)
    }

    /// The selected indicator's result in the cluster shown.
    pub fn result(&self) -> Option<&IndicatorResult> {
        self.cluster()
            .and_then(|c| c.indicators.get(self.indicator))
    }

    /// The selected measure id of a quantitative indicator.
    pub fn measure_id(&self) -> Option<String> {
        let result = self.result()?;
        result
            .measures
            .get(self.measure)
            .or_else(|| result.measures.first())
            .map(|m| m.id.clone())
    }
}
