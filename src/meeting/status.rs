//! The meeting's status matrix (expert × cluster): where each expert stands with each package
//! — no session, declared, in progress (n of 20), ready, signed (revision n), recused — and
//! what blocks each cell, from the session files as read. The meeting is complete when every
//! cell is signed or recused and nothing blocks any of them. Pure: the files are read by the
//! caller.

use super::model::{Meeting, PackageEntry, Person};
use crate::i18n::Lang;
use crate::rubric::Rubric;
use crate::session::{Problem, SessionState, summarise};
use crate::sheet::{SheetDoc, check_session_signoff, parse_sheet};
use crate::signing::Roster;

/// Where a cell stands (`state` in `meeting status --json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellState {
    /// No session, or one without a declaration yet.
    None,
    /// Declared no conflict, nothing scored yet.
    Declared,
    /// Some indicators done, or all done with problems left.
    InProgress,
    /// Nothing blocks signing; not signed yet.
    Ready,
    /// The current revision is signed.
    Signed,
    /// The expert recused (回避).
    Recused,
}

impl CellState {
    /// The word of the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Declared => "declared",
            Self::InProgress => "in_progress",
            Self::Ready => "ready",
            Self::Signed => "signed",
            Self::Recused => "recused",
        }
    }
}

/// A session file as the caller found it.
#[derive(Debug, Clone)]
pub enum CellFile {
    /// There is no file.
    Absent,
    /// The file cannot be read as a session: why.
    Unreadable(String),
    /// The session, with the rubric stored in it.
    Read(Box<(Rubric, SessionState)>),
}

/// What stands between a cell and a complete meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// No session file yet.
    NoSession,
    /// The file is not a readable session.
    Unreadable(String),
    /// Made with another rubric than the meeting's.
    WrongRubric {
        /// The session's rubric SHA-256.
        found: String,
    },
    /// Made with another package, or another content of it.
    WrongPackage {
        /// The session's package id.
        id: String,
        /// Its digest.
        digest: String,
    },
    /// The session belongs to another expert.
    WrongExpert(String),
    /// The session names the expert otherwise than the meeting does.
    NameDiffers(String),
    /// Something the session must hold before signing.
    Problem(Problem),
    /// Nothing blocks the current revision but it is not signed.
    Unsigned(u32),
    /// The sign-off does not stand: why.
    SignatureInvalid(String),
    /// The sheet was signed outside this meeting (it names no meeting, or another one).
    SheetOutsideMeeting(Option<String>),
    /// The meeting has no roster to check the signer's key against.
    NoRoster,
}

impl Blocker {
    /// A stable code for JSON.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoSession => "no_session",
            Self::Unreadable(_) => "unreadable",
            Self::WrongRubric { .. } => "wrong_rubric",
            Self::WrongPackage { .. } => "wrong_package",
            Self::WrongExpert(_) => "wrong_expert",
            Self::NameDiffers(_) => "name_differs",
            Self::Problem(Problem::NotDeclared) => "not_declared",
            Self::Problem(Problem::Unscored(_)) => "unscored",
            Self::Problem(Problem::MissingOpinion(_)) => "missing_opinion",
            Self::Problem(Problem::ReasonOwed { .. }) => "reason_owed",
            Self::Problem(Problem::MissingOverall) => "missing_overall",
            Self::Problem(Problem::ConditionUnmarked(_)) => "condition_unmarked",
            Self::Problem(Problem::ConditionReasonOwed(_)) => "condition_reason_owed",
            Self::Unsigned(_) => "unsigned",
            Self::SignatureInvalid(_) => "signature_invalid",
            Self::SheetOutsideMeeting(_) => "sheet_outside_meeting",
            Self::NoRoster => "no_roster",
        }
    }

    /// Whether the cell's session must not be counted in this meeting at all (it is not one of
    /// the meeting's sessions, or cannot be read).
    pub fn is_foreign(&self) -> bool {
        matches!(
            self,
            Self::Unreadable(_)
                | Self::WrongRubric { .. }
                | Self::WrongPackage { .. }
                | Self::WrongExpert(_)
                | Self::SheetOutsideMeeting(_)
        )
    }

    /// The blocker in words, naming the file where it helps.
    pub fn message(&self, file: &str, lang: Lang) -> String {
        match (self, lang) {
            (Self::NoSession, Lang::Zh) => format!("尚无评审会话（{file}）"),
            (Self::NoSession, Lang::En) => format!("no session yet ({file})"),
            (Self::Unreadable(why), Lang::Zh) => format!("{file} 无法读取：{why}"),
            (Self::Unreadable(why), Lang::En) => format!("{file} cannot be read: {why}"),
            (Self::WrongRubric { found }, Lang::Zh) => format!(
                "{file} 使用的评价指标体系（sha256 {}…）不是本次评审会的",
                short(found)
            ),
            (Self::WrongRubric { found }, Lang::En) => format!(
                "{file} was made with another rubric (sha256 {}…) than the meeting's",
                short(found)
            ),
            (Self::WrongPackage { id, digest }, Lang::Zh) => format!(
                "{file} 评审的是申报包 {id}（digest {}…），不是本次评审会的这个申报包",
                short(digest)
            ),
            (Self::WrongPackage { id, digest }, Lang::En) => format!(
                "{file} evaluates package {id} (digest {}…), not the meeting's package",
                short(digest)
            ),
            (Self::WrongExpert(other), Lang::Zh) => {
                format!("{file} 属于专家 {other}，不属于本格的专家")
            }
            (Self::WrongExpert(other), Lang::En) => {
                format!("{file} belongs to expert {other}, not to this cell's expert")
            }
            (Self::NameDiffers(name), Lang::Zh) => {
                format!("{file} 中专家姓名为“{name}”，与评审会名单不同")
            }
            (Self::NameDiffers(name), Lang::En) => {
                format!("{file} names the expert \"{name}\", unlike the meeting's list")
            }
            (Self::Problem(problem), _) => problem.message(lang),
            (Self::Unsigned(revision), Lang::Zh) => format!("第 {revision} 版已可签署，尚未签署"),
            (Self::Unsigned(revision), Lang::En) => {
                format!("revision {revision} is ready but not signed")
            }
            (Self::SignatureInvalid(why), Lang::Zh) => format!("{file} 的签署无效：{why}"),
            (Self::SignatureInvalid(why), Lang::En) => {
                format!("{file}: the sign-off does not stand: {why}")
            }
            (Self::SheetOutsideMeeting(None), Lang::Zh) => format!(
                "{file} 的评分表不是在本次评审会中签署的（未写明评审会）；请开始新版本（session revise）并在评审会中签署"
            ),
            (Self::SheetOutsideMeeting(None), Lang::En) => format!(
                "{file}: the sheet was signed outside the meeting (it names none); start a new revision (session revise) and sign it in the meeting"
            ),
            (Self::SheetOutsideMeeting(Some(other)), Lang::Zh) => {
                format!("{file} 的评分表是在另一次评审会（{other}）中签署的")
            }
            (Self::SheetOutsideMeeting(Some(other)), Lang::En) => {
                format!("{file}: the sheet was signed in another meeting ({other})")
            }
            (Self::NoRoster, Lang::Zh) => {
                "评审会尚无名册（roster.toml），无法核验签署人的公钥".to_string()
            }
            (Self::NoRoster, Lang::En) => {
                "the meeting has no roster (roster.toml) to check the signer's key".to_string()
            }
        }
    }
}

fn short(digest: &str) -> &str {
    digest.get(..12).unwrap_or(digest)
}

/// One cell of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The expert.
    pub expert: String,
    /// The package.
    pub package_id: String,
    /// The session file (where it is, or would be).
    pub file: String,
    /// Where it stands.
    pub state: CellState,
    /// Indicators done (a qualitative one scored, a quantitative one with every measure
    /// checked).
    pub scored: usize,
    /// Indicators in all.
    pub of: usize,
    /// The current revision (`None` without a session).
    pub revision: Option<u32>,
    /// What blocks it.
    pub blocking: Vec<Blocker>,
}

/// The whole matrix, experts by rows, packages by columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    /// Cells, expert by expert, each in package order.
    pub cells: Vec<Cell>,
}

impl Matrix {
    /// Every cell signed or recused, and nothing blocking.
    pub fn complete(&self) -> bool {
        self.cells.iter().all(|c| {
            matches!(c.state, CellState::Signed | CellState::Recused) && c.blocking.is_empty()
        })
    }

    /// The cell of an expert and a package.
    pub fn cell(&self, expert: &str, package: &str) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|c| c.expert == expert && c.package_id == package)
    }
}

/// What the meeting checks a session against.
#[derive(Debug, Clone, Copy)]
pub struct Binding<'a> {
    /// The meeting.
    pub meeting: &'a Meeting,
    /// The meeting's rubric.
    pub rubric: &'a Rubric,
    /// The meeting's roster, if it has one yet.
    pub roster: Option<&'a Roster>,
}

/// The meeting a signed sheet names, if it names one (`None` for a sheet that cannot be read:
/// the sign-off check reports that).
pub fn sheet_meeting(sheet: &[u8]) -> Option<Option<String>> {
    match parse_sheet(sheet).ok()? {
        SheetDoc::Expert(s) => Some(s.meeting.map(|m| m.id)),
        SheetDoc::Combined(s) => Some(s.meeting.map(|m| m.id)),
    }
}

/// The checks that make a session one of the meeting's sessions for this expert and package.
pub fn binding_blockers(
    binding: Binding<'_>,
    expert: &Person,
    package: &PackageEntry,
    state: &SessionState,
) -> Vec<Blocker> {
    let mut blocking = Vec::new();
    if state.rubric_sha256 != binding.rubric.sha256 {
        blocking.push(Blocker::WrongRubric {
            found: state.rubric_sha256.clone(),
        });
    }
    if state.package.id != package.id || state.package.digest != package.digest {
        blocking.push(Blocker::WrongPackage {
            id: state.package.id.clone(),
            digest: state.package.digest.clone(),
        });
    }
    if state.expert.id != expert.id {
        blocking.push(Blocker::WrongExpert(state.expert.id.clone()));
    } else if state.expert.name != expert.name {
        blocking.push(Blocker::NameDiffers(state.expert.name.clone()));
    }
    blocking
}

/// The sign-off checks of a signed session in the meeting: the signature (with the roster's
/// key when the meeting has a roster), and that the sheet names this meeting.
pub fn signoff_blockers(
    binding: Binding<'_>,
    rubric: &Rubric,
    state: &SessionState,
) -> Vec<Blocker> {
    let Some(signoff) = &state.signed else {
        return Vec::new();
    };
    let mut blocking = Vec::new();
    if let Err(why) = check_session_signoff(rubric, state, binding.roster) {
        blocking.push(Blocker::SignatureInvalid(why));
    }
    match sheet_meeting(&signoff.sheet) {
        Some(Some(id)) if id == binding.meeting.id => {}
        Some(named) => blocking.push(Blocker::SheetOutsideMeeting(named)),
        None => {}
    }
    if binding.roster.is_none() {
        blocking.push(Blocker::NoRoster);
    }
    blocking
}

/// The cell of one expert and one package, from its session file as found.
pub fn cell(
    binding: Binding<'_>,
    expert: &Person,
    package: &PackageEntry,
    file: &str,
    found: &CellFile,
) -> Cell {
    let of = binding.rubric.indicators().count();
    let empty = |blocker: Blocker| Cell {
        expert: expert.id.clone(),
        package_id: package.id.clone(),
        file: file.to_string(),
        state: CellState::None,
        scored: 0,
        of,
        revision: None,
        blocking: vec![blocker],
    };
    let (rubric, state) = match found {
        CellFile::Absent => return empty(Blocker::NoSession),
        CellFile::Unreadable(why) => return empty(Blocker::Unreadable(why.clone())),
        CellFile::Read(read) => (&read.0, &read.1),
    };
    let summary = summarise(rubric, state);
    let mut blocking = binding_blockers(binding, expert, package, state);
    let cell_state = if state.declaration.is_none() {
        CellState::None
    } else if state.recused() {
        CellState::Recused
    } else if state.signed.is_some() {
        CellState::Signed
    } else if summary.problems.is_empty() {
        CellState::Ready
    } else if summary.done.0 == 0 {
        CellState::Declared
    } else {
        CellState::InProgress
    };
    match cell_state {
        CellState::Signed => blocking.extend(signoff_blockers(binding, rubric, state)),
        CellState::Recused => {}
        CellState::Ready => blocking.push(Blocker::Unsigned(state.revision)),
        _ => blocking.extend(summary.problems.iter().cloned().map(Blocker::Problem)),
    }
    Cell {
        expert: expert.id.clone(),
        package_id: package.id.clone(),
        file: file.to_string(),
        state: cell_state,
        scored: summary.done.0,
        of: summary.done.1,
        revision: Some(state.revision),
        blocking,
    }
}

/// The short text of a cell in the printed matrix.
pub fn cell_text(cell: &Cell, lang: Lang) -> String {
    let revision = cell.revision.unwrap_or(1);
    match (cell.state, lang) {
        (CellState::None, _) if cell.revision.is_none() => "—".to_string(),
        (CellState::None, Lang::Zh) => "未声明".to_string(),
        (CellState::None, Lang::En) => "undeclared".to_string(),
        (CellState::Declared, Lang::Zh) => "已声明".to_string(),
        (CellState::Declared, Lang::En) => "declared".to_string(),
        (CellState::InProgress, _) => format!("{}/{}", cell.scored, cell.of),
        (CellState::Ready, Lang::Zh) => "可签署".to_string(),
        (CellState::Ready, Lang::En) => "ready".to_string(),
        (CellState::Signed, Lang::Zh) => format!("已签 r{revision}"),
        (CellState::Signed, Lang::En) => format!("signed r{revision}"),
        (CellState::Recused, Lang::Zh) => "回避".to_string(),
        (CellState::Recused, Lang::En) => "recused".to_string(),
    }
}

/// `meeting status --json`: the document of DESIGN §11.
pub fn status_json(
    meeting: &Meeting,
    clusters: &[(String, String)],
    matrix: &Matrix,
    lang: Lang,
) -> serde_json::Value {
    use serde_json::json;
    let cells: Vec<serde_json::Value> = matrix
        .cells
        .iter()
        .map(|c| {
            let blocking: Vec<serde_json::Value> = c
                .blocking
                .iter()
                .map(|b| json!({"code": b.code(), "message": b.message(&c.file, lang)}))
                .collect();
            json!({
                "expert": c.expert,
                "package_id": c.package_id,
                "state": c.state.as_str(),
                "scored": c.scored,
                "of": c.of,
                "revision": c.revision,
                "blocking": blocking,
            })
        })
        .collect();
    json!({
        "meeting": {
            "id": meeting.id,
            "title": meeting.title,
            "date": meeting.date,
            "kind": meeting.kind.as_str(),
        },
        "experts": meeting.experts.iter().map(|e| json!({"id": e.id, "name": e.name})).collect::<Vec<_>>(),
        "packages": meeting.packages.iter().map(|p| {
            let cluster = clusters.iter().find(|(id, _)| *id == p.id).map(|(_, c)| c.clone()).unwrap_or_default();
            json!({"id": p.id, "cluster": cluster, "dir": p.dir, "digest": p.digest})
        }).collect::<Vec<_>>(),
        "cells": cells,
        "complete": matrix.complete(),
    })
}
