//! The chair's screen state. Pure: drawing reads it, `update` changes it.

use crate::i18n::Lang;
use crate::meeting::Gate;
use crate::panel::{ChairInput, ClusterResult, Combined, IndicatorResult, SessionInput};
use crate::session::Figure;
use crate::tui::widgets::{Status, TextInput};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

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
    /// The agenda (议程): what the discussion must settle, by points at stake.
    Agenda {
        /// The highlighted item.
        selected: usize,
    },
    /// Every expert's opinion and notes on the selected indicator.
    Opinions {
        /// The first line shown.
        scroll: usize,
    },
    /// The sign-off: the compliance gate (Art. 64's four grounds) and the open items.
    SignOff,
    /// Asking for the chair's private key, to sign.
    SignKey {
        /// The path typed (remembered from the last signing).
        input: TextInput,
        /// Why the last attempt failed.
        error: Option<String>,
        /// Sent to be signed; the entry closes when the signing returns.
        pending: bool,
    },
}

/// What one expert wrote in one cluster's session, for the chair's decisions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExpertWords {
    /// Opinions by indicator.
    pub comments: BTreeMap<u32, String>,
    /// Notes on figures by measure.
    pub notes: BTreeMap<String, String>,
    /// The overall opinion.
    pub overall: String,
}

/// What the counted sessions of one cluster hold beyond the counting: the package's figures
/// (declared and derived) and each expert's words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterInputs {
    /// The package's figures by measure.
    pub figures: BTreeMap<String, Figure>,
    /// Each counted expert's words, by id.
    pub experts: BTreeMap<String, ExpertWords>,
}

/// Who signs from the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChairSigner {
    /// The chair's id.
    pub id: String,
    /// The chair's name.
    pub name: String,
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
    /// The counted sessions' figures and words, by package.
    pub inputs: BTreeMap<String, ClusterInputs>,
    /// Who signs from the screen (`None`: signing is not offered, and the sign-off says how).
    pub signer: Option<ChairSigner>,
    /// The sign-off, in words, once the file is signed.
    pub signed_by: Option<String>,
    /// The review meeting's title, when the evaluation is a meeting's.
    pub meeting: Option<String>,
    /// The private key used last time, offered when signing.
    pub key_path: String,
    /// Counts the countings shown (keys the gate's memo).
    pub generation: u64,
    /// The agenda and the compliance gate of the counting shown, as last computed (a memo of
    /// drawing and of the key map's conditions; no state of the screen).
    pub gate_memo: RefCell<Option<(u64, Lang, Rc<Gate>)>>,
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
            inputs: BTreeMap::new(),
            signer: None,
            signed_by: None,
            meeting: None,
            key_path: String::new(),
            generation: 0,
            gate_memo: RefCell::new(None),
        }
    }

    /// Shows a new counting (after a commit).
    pub fn set_combined(&mut self, combined: Combined) {
        self.combined = combined;
        self.generation += 1;
    }

    /// The agenda and the compliance gate of the counting shown (computed once per counting).
    pub fn gate(&self) -> Rc<Gate> {
        if let Some((generation, lang, gate)) = self.gate_memo.borrow().as_ref()
            && *generation == self.generation
            && *lang == self.lang
        {
            return Rc::clone(gate);
        }
        let gate = Rc::new(crate::meeting::gate(&self.combined, self.lang));
        *self.gate_memo.borrow_mut() = Some((self.generation, self.lang, Rc::clone(&gate)));
        gate
    }

    /// Keeps what the counted sessions hold beyond the counting (figures, opinions, notes).
    pub fn set_inputs(&mut self, inputs: &[SessionInput]) {
        self.inputs.clear();
        for cluster in &self.combined.clusters {
            let mut entry = ClusterInputs::default();
            for expert in &cluster.experts {
                let Some(input) = inputs.iter().find(|i| i.file == expert.file) else {
                    continue;
                };
                let s = &input.state;
                if entry.figures.is_empty() {
                    entry.figures = (*s.figures).clone();
                }
                entry.experts.insert(
                    expert.id.clone(),
                    ExpertWords {
                        comments: s
                            .scores
                            .iter()
                            .filter(|(_, score)| !score.comment.trim().is_empty())
                            .map(|(i, score)| (*i, score.comment.clone()))
                            .collect(),
                        notes: s
                            .annotations
                            .iter()
                            .filter(|(_, a)| !a.note.trim().is_empty())
                            .map(|(m, a)| (m.clone(), a.note.clone()))
                            .collect(),
                        overall: s.overall.clone(),
                    },
                );
            }
            self.inputs.insert(cluster.package.id.clone(), entry);
        }
    }

    /// The counted sessions' figures and words of the cluster shown.
    pub fn cluster_inputs(&self) -> Option<&ClusterInputs> {
        self.cluster().and_then(|c| self.inputs.get(&c.package.id))
    }

    /// Shows an item of the agenda: its cluster, indicator and measure.
    pub fn jump_to(&mut self, item: &crate::meeting::Item) {
        let Some(cluster) = self
            .combined
            .clusters
            .iter()
            .position(|c| c.package.id == item.package_id)
        else {
            return;
        };
        self.cluster = cluster;
        let Some(indicators) = self.combined.clusters.get(cluster).map(|c| &c.indicators) else {
            return;
        };
        self.indicator = indicators
            .iter()
            .position(|r| r.id == item.indicator)
            .unwrap_or(0);
        self.measure = item
            .measure
            .as_ref()
            .and_then(|m| {
                indicators
                    .get(self.indicator)
                    .and_then(|r| r.measures.iter().position(|x| &x.id == m))
            })
            .unwrap_or(0);
        self.expert_offset = 0;
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
