//! The review screen's state. Everything the screens show is here; drawing reads it, `update`
//! changes it, and nothing in it does I/O.

use crate::i18n::Lang;
use crate::package::{Derived, PackageCheck, SourceText};
use crate::rubric::{Indicator, IndicatorKind, Rubric};
use crate::session::{DeclarationKind, SessionState, SessionSummary, summarise};
use crate::tui::labels::labels;
pub use crate::tui::widgets::Status;
use crate::tui::widgets::TextInput;
use ratatui::text::Line;
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A package figure as the detail pane shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureView {
    /// Declared by the park.
    pub declared: Option<Decimal>,
    /// Derived from the detail tables, with its basis.
    pub derived: Option<Derived>,
    /// Declared and derived differ by more than 1%.
    pub differs: bool,
}

/// What the screens need of the package.
#[derive(Debug, Clone, Default)]
pub struct PackageView {
    /// Cluster name.
    pub cluster: String,
    /// Figures by measure id.
    pub figures: BTreeMap<String, FigureView>,
    /// Evidence and tables for the viewer.
    pub sources: Vec<SourceText>,
}

impl PackageView {
    /// Builds the view from a package check and the package's texts.
    pub fn new(cluster: &str, check: &PackageCheck, sources: Vec<SourceText>) -> Self {
        let figures = check
            .indicators
            .iter()
            .flat_map(|i| i.measures.iter())
            .map(|m| {
                (
                    m.measure.clone(),
                    FigureView {
                        declared: m.declared,
                        derived: m.derived.clone(),
                        differs: m.differs,
                    },
                )
            })
            .collect();
        Self {
            cluster: cluster.to_string(),
            figures,
            sources,
        }
    }
}

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The indicator list.
    List,
    /// The detail pane (picking a measure).
    Detail,
}

/// What a text editor edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorTarget {
    /// An indicator's opinion.
    Comment(u32),
    /// A measure's note.
    Note(String),
    /// The overall opinion.
    Overall,
    /// The reason for a recusal.
    RecusalReason,
    /// The note on an application condition (by number).
    ConditionNote(u32),
}

/// A multi-line editor of an opinion, a note, the overall opinion or a recusal's reason.
#[derive(Debug)]
pub struct Editor {
    /// What it edits.
    pub target: EditorTarget,
    /// The text, and how far it is saved.
    pub input: TextInput,
}

impl Editor {
    /// An editor on a text.
    pub fn new(target: EditorTarget, text: &str) -> Self {
        Self {
            target,
            input: TextInput::multiline(text),
        }
    }

    /// The text as edited.
    pub fn text(&self) -> String {
        self.input.text()
    }
}

/// A one-line entry (points, a corrected figure) with its validation message.
#[derive(Debug)]
pub struct Entry {
    /// The indicator or measure it is for.
    pub subject: EntrySubject,
    /// The text being typed.
    pub input: TextInput,
    /// Why the last attempt was refused.
    pub error: Option<String>,
    /// The value was sent to be saved; the entry closes when the commit returns.
    pub pending: bool,
}

/// What a one-line entry sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntrySubject {
    /// Points of an indicator.
    Points(u32),
    /// Corrected figure of a measure.
    Corrected(String),
}

impl Entry {
    /// An entry holding `text`.
    pub fn new(subject: EntrySubject, text: &str) -> Self {
        Self {
            subject,
            input: TextInput::line(text),
            error: None,
            pending: false,
        }
    }

    /// The typed text.
    pub fn text(&self) -> String {
        self.input.text()
    }
}

/// The evidence viewer's state.
#[derive(Debug)]
pub struct Viewer {
    /// The file shown (index into the package's sources).
    pub file: usize,
    /// The first line shown.
    pub scroll: usize,
    /// The search being typed, if any.
    pub search: Option<TextInput>,
    /// The last search.
    pub query: String,
    /// Whether the last search found nothing.
    pub not_found: bool,
}

/// What the screen is doing.
#[derive(Debug)]
pub enum Mode {
    /// Browsing the indicators.
    Normal,
    /// Typing points or a corrected figure.
    Entry(Entry),
    /// Writing an opinion, a note, the overall opinion or a recusal's reason.
    Editor(Editor),
    /// Choosing a measure's status.
    StatusPicker {
        /// The measure.
        measure: String,
        /// The highlighted choice (index into `MeasureStatus::ALL`).
        selected: usize,
    },
    /// The help overlay.
    Help {
        /// The first line shown.
        scroll: usize,
    },
    /// The evidence viewer.
    Viewer(Viewer),
    /// The conflict-of-interest declaration of a new session.
    Declaration,
    /// The sign-off summary.
    SignOff,
    /// Asking for the private key's path, to sign.
    SignKey(KeyEntry),
    /// The application conditions of an application review (申报条件, section 六).
    Conditions {
        /// The highlighted condition (index into the rubric's conditions).
        selected: usize,
    },
}

/// The key-path entry of the sign-off.
#[derive(Debug)]
pub struct KeyEntry {
    /// The path being typed (remembered from the last signing).
    pub input: TextInput,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// Sent to be signed; the entry closes when the signing returns.
    pub pending: bool,
}

impl KeyEntry {
    /// An entry holding `path`.
    pub fn new(path: &str) -> Self {
        Self {
            input: TextInput::line(path),
            error: None,
            pending: false,
        }
    }

    /// The path typed, trimmed.
    pub fn text(&self) -> String {
        self.input.text().trim().to_string()
    }
}

/// The detail pane, wrapped once per indicator, width and session state: redrawing it behind
/// an editor on every key would re-wrap a long opinion each time.
#[derive(Debug, Default)]
pub struct DetailCache {
    /// What the lines were made for: indicator index, measure, focus, width, generation.
    pub key: Option<(usize, usize, bool, u16, u64)>,
    /// The wrapped lines, and the row where the selected measure starts.
    pub lines: Vec<Line<'static>>,
    /// The row of the selected measure's first line.
    pub selected_row: Option<usize>,
}

/// The whole state of the review screen.
#[derive(Debug)]
pub struct App {
    /// The rubric.
    pub rubric: Rubric,
    /// The package.
    pub package: PackageView,
    /// The session as committed.
    pub session: SessionState,
    /// Its totals and problems (kept in step with `session`).
    pub summary: SessionSummary,
    /// Indicator numbers in rubric order.
    pub order: Vec<u32>,
    /// Index of the selected indicator in `order`.
    pub selected: usize,
    /// Index of the selected measure of a quantitative indicator.
    pub measure: usize,
    /// Which pane has the keyboard.
    pub focus: Focus,
    /// First line of the detail pane shown.
    pub detail_scroll: u16,
    /// What the screen is doing.
    pub mode: Mode,
    /// The status line.
    pub status: Status,
    /// The language.
    pub lang: Lang,
    /// Set when the program should end.
    pub quit: bool,
    /// Quitting waits for a save in flight (an editor's last text).
    pub quit_requested: bool,
    /// The private key used last time (from the user's config), offered when signing.
    pub key_path: String,
    /// A quit whose save failed: the next quit ends without saving.
    pub quit_armed: bool,
    /// Counts the sessions set (keys the detail pane's cache).
    pub generation: u64,
    /// The detail pane as last wrapped (a memo of drawing; no state of the screen).
    pub detail_cache: RefCell<DetailCache>,
    /// Opened from a review meeting's list of clusters: Esc goes back to it.
    pub in_meeting: bool,
    /// Set when the expert asked to go back to the meeting's list (the meeting screen acts on
    /// it and clears it).
    pub leave: bool,
}

impl App {
    /// The review screen at its start: indicator 1 selected, the declaration asked for first on
    /// a session that has none.
    pub fn new(rubric: Rubric, package: PackageView, session: SessionState, lang: Lang) -> Self {
        let summary = summarise(&rubric, &session);
        let order: Vec<u32> = rubric.indicators().map(|i| i.id).collect();
        let mode = if session.declaration.is_none() {
            Mode::Declaration
        } else {
            Mode::Normal
        };
        let status = if session
            .declaration
            .as_ref()
            .is_some_and(|d| d.kind == DeclarationKind::Recused)
        {
            Status::Info(labels(lang).recused_banner.to_string())
        } else {
            Status::Idle
        };
        Self {
            rubric,
            package,
            session,
            summary,
            order,
            selected: 0,
            measure: 0,
            focus: Focus::List,
            detail_scroll: 0,
            mode,
            status,
            lang,
            quit: false,
            quit_requested: false,
            key_path: String::new(),
            quit_armed: false,
            generation: 0,
            detail_cache: RefCell::new(DetailCache::default()),
            in_meeting: false,
            leave: false,
        }
    }

    /// The selected indicator.
    pub fn indicator(&self) -> Option<&Indicator> {
        self.order
            .get(self.selected)
            .and_then(|id| self.rubric.indicator(*id))
    }

    /// The selected measure id of a quantitative indicator.
    pub fn measure_id(&self) -> Option<String> {
        let indicator = self.indicator()?;
        if indicator.kind != IndicatorKind::Quantitative {
            return None;
        }
        indicator
            .measures
            .get(self.measure)
            .or_else(|| indicator.measures.first())
            .map(|m| m.id.clone())
    }

    /// Replaces the session after a commit and recomputes its totals.
    pub fn set_session(&mut self, session: SessionState) {
        self.summary = summarise(&self.rubric, &session);
        self.session = session;
        self.generation += 1;
    }
}
