//! The expert's meeting screen state: the meeting's clusters with the expert's progress and
//! total in each, the "my scores across clusters" view (一览), the review screen of the cluster
//! open, and the signing of ready clusters. Pure: drawing reads it, `update` changes it.

use crate::i18n::Lang;
use crate::meeting::Person;
use crate::rubric::{IndicatorKind, Rubric};
use crate::session::{SessionState, SessionSummary, summarise};
use crate::tui::screens::review::app::App;
use crate::tui::widgets::{Status, TextInput};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One cluster of the meeting, as the expert stands with it.
#[derive(Debug, Clone)]
pub struct ClusterEntry {
    /// The package id.
    pub package_id: String,
    /// The cluster's name.
    pub cluster: String,
    /// The expert's session as last committed (`None`: none yet).
    pub session: Option<SessionState>,
    /// Its totals and problems.
    pub summary: Option<SessionSummary>,
    /// The panel's quantitative points from the package's figures (cohort scored against
    /// the meeting's clusters), by indicator.
    pub quantitative: BTreeMap<u32, Decimal>,
}

impl ClusterEntry {
    /// Replaces the session (after a commit or a reread).
    pub fn set_session(&mut self, rubric: &Rubric, session: Option<SessionState>) {
        self.summary = session.as_ref().map(|s| summarise(rubric, s));
        self.session = session;
    }

    /// Whether nothing blocks signing and it is not signed yet.
    pub fn ready(&self) -> bool {
        match (&self.session, &self.summary) {
            (Some(session), Some(summary)) => {
                session.signed.is_none()
                    && session.declaration.is_some()
                    && !session.recused()
                    && summary.problems.is_empty()
            }
            _ => false,
        }
    }

    /// The expert's points on a qualitative indicator.
    pub fn points(&self, indicator: u32) -> Option<Decimal> {
        self.session
            .as_ref()
            .and_then(|s| s.scores.get(&indicator))
            .and_then(|s| s.points)
    }

    /// The expert's qualitative points in all.
    pub fn qualitative_total(&self) -> Decimal {
        self.session
            .as_ref()
            .map(|s| s.scores.values().filter_map(|x| x.points).sum())
            .unwrap_or_default()
    }

    /// The panel's quantitative points in all.
    pub fn quantitative_total(&self) -> Decimal {
        self.quantitative.values().sum()
    }
}

/// One row of the 一览 view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverviewRow {
    /// A qualitative indicator: the expert's points.
    Qualitative(u32),
    /// A quantitative indicator: the panel's points from the figures.
    Quantitative(u32),
    /// The expert's qualitative subtotal.
    QualitativeTotal,
    /// The panel's quantitative subtotal.
    QuantitativeTotal,
    /// Both together.
    Total,
}

impl OverviewRow {
    /// The indicator a row is about.
    pub fn indicator(self) -> Option<u32> {
        match self {
            Self::Qualitative(i) | Self::Quantitative(i) => Some(i),
            _ => None,
        }
    }
}

/// The rows of the 一览 view: qualitative indicators, quantitative ones, the totals.
pub fn overview_rows(rubric: &Rubric) -> Vec<OverviewRow> {
    let mut rows: Vec<OverviewRow> = rubric
        .indicators()
        .filter(|i| i.kind == IndicatorKind::Qualitative)
        .map(|i| OverviewRow::Qualitative(i.id))
        .collect();
    rows.extend(
        rubric
            .indicators()
            .filter(|i| i.kind == IndicatorKind::Quantitative)
            .map(|i| OverviewRow::Quantitative(i.id)),
    );
    rows.extend([
        OverviewRow::QualitativeTotal,
        OverviewRow::QuantitativeTotal,
        OverviewRow::Total,
    ]);
    rows
}

/// What the meeting screen is doing.
#[derive(Debug)]
pub enum MeetingMode {
    /// The list of clusters.
    List,
    /// My scores across clusters (一览): a row and a cluster selected.
    Overview {
        /// Index into `overview_rows`.
        row: usize,
        /// Index of the cluster.
        column: usize,
    },
    /// A cluster's review screen is open.
    Review(Box<App>),
    /// Signing these clusters, asked to confirm once.
    SignConfirm {
        /// Indices of the clusters to sign.
        targets: Vec<usize>,
    },
    /// The private key's path, for signing these clusters.
    SignKey {
        /// Indices of the clusters to sign.
        targets: Vec<usize>,
        /// The path typed.
        input: Box<TextInput>,
        /// Why the last attempt failed.
        error: Option<String>,
        /// Sent to be signed.
        pending: bool,
    },
    /// The key help.
    Help {
        /// The first line shown.
        scroll: usize,
    },
}

/// The whole state of the meeting screen.
#[derive(Debug)]
pub struct MeetingApp {
    /// The meeting's title.
    pub title: String,
    /// Its date.
    pub date: String,
    /// The expert.
    pub expert: Person,
    /// The meeting's rubric.
    pub rubric: Rubric,
    /// The clusters, in the meeting's order.
    pub clusters: Vec<ClusterEntry>,
    /// The selected cluster.
    pub selected: usize,
    /// The cluster whose review is open (or is being opened).
    pub open: Option<usize>,
    /// What the screen is doing.
    pub mode: MeetingMode,
    /// The status line.
    pub status: Status,
    /// The language.
    pub lang: Lang,
    /// Whether the meeting has a roster (signing needs it).
    pub roster: bool,
    /// The private key used last time.
    pub key_path: String,
    /// Set when the program should end.
    pub quit: bool,
}

impl MeetingApp {
    /// The screen at its start: the list, the first cluster selected.
    pub fn new(
        title: &str,
        date: &str,
        expert: Person,
        rubric: Rubric,
        clusters: Vec<ClusterEntry>,
        lang: Lang,
    ) -> Self {
        Self {
            title: title.to_string(),
            date: date.to_string(),
            expert,
            rubric,
            clusters,
            selected: 0,
            open: None,
            mode: MeetingMode::List,
            status: Status::Idle,
            lang,
            roster: false,
            key_path: String::new(),
            quit: false,
        }
    }

    /// The selected cluster.
    pub fn cluster(&self) -> Option<&ClusterEntry> {
        self.clusters.get(self.selected)
    }

    /// The clusters that are ready to sign.
    pub fn ready(&self) -> Vec<usize> {
        self.clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| c.ready())
            .map(|(n, _)| n)
            .collect()
    }
}
