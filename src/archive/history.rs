//! One cluster's evaluations over the rounds (guideline 七(三): application, mid-term check,
//! yearly evaluations, acceptance), read from the archived signed sheets, and the figures that
//! were declared differently for the same year in two of them (a restated figure, 重报数字).
//! Pure: given the archive's entries.
//!
//! The cluster is picked by a package id (the cluster that package names) or by text its name
//! contains (exactly one cluster must match); its evaluations are every sheet covering a
//! package of that cluster name (compared after NFKC): one row per combined sheet (the panel's
//! total, category points and rank among the clusters of that sheet) and per expert's sheet
//! (the expert's total and category points). A round is the sheet's `round`, else the
//! meeting's kind (`performance` is the yearly round), else unknown.
//!
//! A figure of a package is what its expert sheets say it declared (`declared`); a package
//! known only from combined sheets gives the package figure counted there (`package_value`:
//! declared, else derived). A figure is **restated** when packages of different contents
//! (digests) of the cluster give different figures for one measure and one evaluation year.

use super::chain::ArchiveEntry;
use crate::package::{Round, name_key};
use crate::sheet::{SheetDoc, read_sheet};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

/// How the cluster is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClusterPick {
    /// The cluster of this package id.
    PackageId(String),
    /// The cluster whose name contains this text.
    Name(String),
}

/// Why there is no history to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    /// Nothing archived matches.
    #[error(
        "found no archived sheet for {0}, expected a package id or cluster name in the archive"
    )]
    NotFound(String),
    /// The text names several clusters.
    #[error("\"{text}\" matches {} clusters ({}), expected one: give more of the name or --package-id", .clusters.len(), .clusters.join("、"))]
    Ambiguous {
        /// The text given.
        text: String,
        /// The clusters it matches.
        clusters: Vec<String>,
    },
}

/// Whose evaluation a row is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evaluator {
    /// The panel (a combined sheet): its rank among `of` clusters.
    Panel {
        /// Rank (1 = best).
        rank: usize,
        /// Clusters in the sheet.
        of: usize,
    },
    /// One expert (an expert's sheet).
    Expert,
}

/// One evaluation of the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The archive entry.
    pub seq: i64,
    /// The package evaluated.
    pub package_id: String,
    /// Its digest.
    pub digest: String,
    /// Evaluation year.
    pub year: i32,
    /// The round, when the sheet says.
    pub round: Option<Round>,
    /// The meeting, when the sheet belongs to one.
    pub meeting: Option<String>,
    /// Panel or expert.
    pub evaluator: Evaluator,
    /// Who signed: id and name.
    pub signer: (String, String),
    /// When.
    pub signed_at: String,
    /// Total, as on the sheet (two decimals).
    pub total: String,
    /// Category points as on the sheet: (id, points).
    pub categories: Vec<(String, String)>,
}

/// Where a figure of a package comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureSource {
    /// Declared, as an expert's sheet records it.
    Declared,
    /// The package figure of a combined sheet (declared, else derived).
    PackageValue,
}

impl FigureSource {
    /// The word used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Declared => "declared",
            Self::PackageValue => "package_value",
        }
    }
}

/// One package's figure for a measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedFigure {
    /// The package.
    pub package_id: String,
    /// Its round.
    pub round: Option<Round>,
    /// The figure, exact, as written on the sheet.
    pub value: String,
    /// Where it comes from.
    pub source: FigureSource,
    /// The first archive entry that gives it.
    pub seq: i64,
}

/// A figure declared differently for one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restated {
    /// Evaluation year.
    pub year: i32,
    /// The measure.
    pub measure: String,
    /// Every package's figure, in the order of the archive.
    pub figures: Vec<StatedFigure>,
}

/// A cluster's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// The cluster's name (as its first sheet writes it).
    pub cluster: String,
    /// Its package ids, in the order first archived.
    pub package_ids: Vec<String>,
    /// Category ids with names, in rubric order (from the first expert sheet; ids alone
    /// otherwise).
    pub category_names: Vec<(String, String)>,
    /// Evaluations by year, round, then entry.
    pub evaluations: Vec<Evaluation>,
    /// Restated figures by year, then measure.
    pub restated: Vec<Restated>,
}

fn round_of(round: Option<&String>, meeting_kind: Option<&String>) -> Option<Round> {
    round
        .and_then(|r| Round::parse(r))
        .or_else(|| meeting_kind.and_then(|k| Round::parse(k)))
}

/// A package as a sheet covers it.
struct Covered<'a> {
    package_id: &'a str,
    cluster: &'a str,
}

fn covered(doc: &SheetDoc) -> Vec<Covered<'_>> {
    match doc {
        SheetDoc::Expert(s) => vec![Covered {
            package_id: &s.package.id,
            cluster: &s.package.cluster,
        }],
        SheetDoc::Combined(s) => s
            .evaluation
            .clusters
            .iter()
            .map(|c| Covered {
                package_id: &c.package_id,
                cluster: &c.cluster,
            })
            .collect(),
    }
}

/// The history of the cluster picked, from the archive's entries (unreadable sheets are
/// skipped: `archive verify` names them).
pub fn cluster_history(
    entries: &[ArchiveEntry],
    pick: &ClusterPick,
) -> Result<History, HistoryError> {
    let docs: Vec<(&ArchiveEntry, SheetDoc)> = entries
        .iter()
        .filter_map(|e| read_sheet(&e.entry.sheet).ok().map(|(doc, _)| (e, doc)))
        .collect();
    // the cluster names picked, in archive order
    let mut names: Vec<(String, String)> = Vec::new();
    for (_, doc) in &docs {
        for c in covered(doc) {
            let hit = match pick {
                ClusterPick::PackageId(id) => c.package_id == id,
                ClusterPick::Name(text) => name_key(c.cluster).contains(&name_key(text)),
            };
            let key = name_key(c.cluster);
            if hit && !names.iter().any(|(k, _)| *k == key) {
                names.push((key, c.cluster.to_string()));
            }
        }
    }
    let shown = match pick {
        ClusterPick::PackageId(id) => format!("package {id}"),
        ClusterPick::Name(text) => format!("cluster \"{text}\""),
    };
    let (key, cluster) = match names.as_slice() {
        [] => return Err(HistoryError::NotFound(shown)),
        [one] => one.clone(),
        many => {
            return Err(HistoryError::Ambiguous {
                text: match pick {
                    ClusterPick::PackageId(id) => id.clone(),
                    ClusterPick::Name(text) => text.clone(),
                },
                clusters: many.iter().map(|(_, name)| name.clone()).collect(),
            });
        }
    };
    let mut history = History {
        cluster,
        package_ids: Vec::new(),
        category_names: Vec::new(),
        evaluations: Vec::new(),
        restated: Vec::new(),
    };
    // figures per (year, measure): digest → figure; declared figures of expert sheets first
    let mut declared: BTreeMap<(i32, String), BTreeMap<String, StatedFigure>> = BTreeMap::new();
    let mut counted: BTreeMap<(i32, String), BTreeMap<String, StatedFigure>> = BTreeMap::new();
    for (entry, doc) in &docs {
        let signer = doc
            .signer()
            .map(|s| (s.id.clone(), s.name.clone()))
            .unwrap_or_default();
        let signed_at = doc.signed_at().unwrap_or_default().to_string();
        match doc {
            SheetDoc::Expert(s) if name_key(&s.package.cluster) == key => {
                let round = round_of(
                    s.package.round.as_ref(),
                    s.meeting.as_ref().map(|m| &m.kind),
                );
                if history.category_names.is_empty() {
                    history.category_names = s
                        .categories
                        .iter()
                        .map(|c| (c.id.clone(), c.name.clone()))
                        .collect();
                }
                history.evaluations.push(Evaluation {
                    seq: entry.seq,
                    package_id: s.package.id.clone(),
                    digest: s.package.digest.clone(),
                    year: s.package.year,
                    round,
                    meeting: s.meeting.as_ref().map(|m| m.id.clone()),
                    evaluator: Evaluator::Expert,
                    signer,
                    signed_at,
                    total: s.total.clone(),
                    categories: s
                        .categories
                        .iter()
                        .map(|c| (c.id.clone(), c.points.clone().unwrap_or_default()))
                        .collect(),
                });
                for measure in s.indicators.iter().flat_map(|i| i.measures.iter()) {
                    if let Some(value) = &measure.declared {
                        declared
                            .entry((s.package.year, measure.id.clone()))
                            .or_default()
                            .entry(s.package.digest.clone())
                            .or_insert_with(|| StatedFigure {
                                package_id: s.package.id.clone(),
                                round,
                                value: value.clone(),
                                source: FigureSource::Declared,
                                seq: entry.seq,
                            });
                    }
                }
            }
            SheetDoc::Expert(_) => {}
            SheetDoc::Combined(s) => {
                let of = s.evaluation.clusters.len();
                for c in s
                    .evaluation
                    .clusters
                    .iter()
                    .filter(|c| name_key(&c.cluster) == key)
                {
                    let round = round_of(c.round.as_ref(), s.meeting.as_ref().map(|m| &m.kind));
                    history.evaluations.push(Evaluation {
                        seq: entry.seq,
                        package_id: c.package_id.clone(),
                        digest: c.digest.clone(),
                        year: c.year,
                        round,
                        meeting: s.meeting.as_ref().map(|m| m.id.clone()),
                        evaluator: Evaluator::Panel { rank: c.rank, of },
                        signer: signer.clone(),
                        signed_at: signed_at.clone(),
                        total: c.total.clone(),
                        categories: c
                            .categories
                            .iter()
                            .map(|t| (t.id.clone(), t.points.clone()))
                            .collect(),
                    });
                    for measure in c.indicators.iter().flat_map(|i| i.measures.iter()) {
                        if let Some(value) = &measure.package_value {
                            counted
                                .entry((c.year, measure.id.clone()))
                                .or_default()
                                .entry(c.digest.clone())
                                .or_insert_with(|| StatedFigure {
                                    package_id: c.package_id.clone(),
                                    round,
                                    value: value.clone(),
                                    source: FigureSource::PackageValue,
                                    seq: entry.seq,
                                });
                        }
                    }
                }
            }
        }
    }
    for evaluation in &history.evaluations {
        if !history.package_ids.contains(&evaluation.package_id) {
            history.package_ids.push(evaluation.package_id.clone());
        }
    }
    if history.category_names.is_empty()
        && let Some(first) = history.evaluations.first()
    {
        history.category_names = first
            .categories
            .iter()
            .map(|(id, _)| (id.clone(), id.clone()))
            .collect();
    }
    history.evaluations.sort_by(|a, b| {
        (a.year, a.round, a.seq, &a.package_id).cmp(&(b.year, b.round, b.seq, &b.package_id))
    });
    history.restated = restated(declared, counted);
    Ok(history)
}

/// The figures that differ between packages of one year: a package's declared figure where its
/// expert sheets give one, else its combined sheets' package figure.
fn restated(
    declared: BTreeMap<(i32, String), BTreeMap<String, StatedFigure>>,
    counted: BTreeMap<(i32, String), BTreeMap<String, StatedFigure>>,
) -> Vec<Restated> {
    let mut all = declared;
    for (key, by_digest) in counted {
        let figures = all.entry(key).or_default();
        for (digest, figure) in by_digest {
            figures.entry(digest).or_insert(figure);
        }
    }
    let mut restated = Vec::new();
    for ((year, measure), by_digest) in all {
        let mut figures: Vec<StatedFigure> = by_digest.into_values().collect();
        figures.sort_by_key(|f| f.seq);
        let values: Vec<Option<Decimal>> = figures
            .iter()
            .map(|f| Decimal::from_str(&f.value).ok().map(|v| v.normalize()))
            .collect();
        let differs = values.windows(2).any(|pair| pair[0] != pair[1]);
        if figures.len() > 1 && differs {
            restated.push(Restated {
                year,
                measure,
                figures,
            });
        }
    }
    restated
}
