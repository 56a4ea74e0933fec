//! The chair's screen state. Pure: drawing reads it, `update` changes it.

use crate::i18n::Lang;
use crate::panel::{ChairInput, ClusterResult, Combined, IndicatorResult};
use crate::tui::widgets::{Status, TextInput};
use rust_decimal::Decimal;

/// What the chair's screen is doing.
#[derive(Debug)]
pub enum ChairMode {
    /// Browsing the matrix.
    Matrix,
    /// The ranking with agreement and sensitivity.
    Ranking {
        /// The first line shown.
        scroll: usize,
    },
    /// The key help.
    Help {
        /// The first line shown.
        scroll: usize,
    },
    /// Writing the consensus note of the selected indicator (saved by itself after a pause).
    Note(TextInput),
    /// Typing the agreed figure of the selected measure (empty withdraws the correction).
    CorrectionValue {
        /// The figure typed.
        input: TextInput,
        /// Why the last attempt was refused.
        error: Option<String>,
    },
    /// Writing the reason of the correction (saved with the figure).
    CorrectionReason {
        /// The agreed figure.
        value: Decimal,
        /// The reason typed.
        input: TextInput,
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
    /// The combined evaluation is signed: read-only, no editor opens.
    pub signed: bool,
    /// Set when the program should end.
    pub quit: bool,
    /// Quitting waits for a save in flight.
    pub quit_requested: bool,
    /// A quit whose save failed: the next quit ends without saving.
    pub quit_armed: bool,
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
            signed: false,
            quit: false,
            quit_requested: false,
            quit_armed: false,
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

    /// The name of a measure (its id when the rubric has no such measure).
    pub fn measure_name(&self, id: &str) -> String {
        self.combined
            .rubric
            .measure(id)
            .map_or(id.to_string(), |(_, m)| m.name.clone())
    }
}
