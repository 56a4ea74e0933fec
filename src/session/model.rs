//! What a session holds, in memory.

use super::edit::{Edit, MeasureStatus};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The expert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expert {
    /// Short id (`E01`), unique on the panel; names the session file.
    pub id: String,
    /// Name as printed on the sheet.
    pub name: String,
}

/// The package a session evaluates, as it was when the session was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageRef {
    /// Package id.
    pub id: String,
    /// Package digest (SHA-256 over its files).
    pub digest: String,
    /// Cluster name.
    pub cluster: String,
    /// Park.
    pub park: String,
    /// Evaluation year.
    pub year: i32,
    /// The review round (七(三)) from `package.toml`; `None` in sessions made before rounds.
    pub round: Option<crate::package::Round>,
    /// The industry direction (section 二) from `package.toml`; `None` in sessions made before
    /// it was kept.
    pub direction: Option<String>,
}

/// A figure of the package, as scored when the session was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// Declared by the park.
    pub declared: Option<Decimal>,
    /// Derived from the detail tables.
    pub derived: Option<Decimal>,
    /// The figure scored (declared, else derived).
    pub value: Option<Decimal>,
}

/// The review meeting (评审会) a session belongs to: kept in the session when it is made in the
/// meeting (or first signed in it), and named by the sheets signed there (sheet format 2).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingRef {
    /// Meeting id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Date (YYYY-MM-DD).
    pub date: String,
    /// Kind (`application`, `midterm`, `performance`, `acceptance`).
    pub kind: String,
}

/// An expert's verdict on an application condition (申报条件, section 六).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionVerdict {
    /// 符合.
    Met,
    /// 基本符合.
    LargelyMet,
    /// 不符合.
    NotMet,
}

impl ConditionVerdict {
    /// The word stored and shown in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::LargelyMet => "largely_met",
            Self::NotMet => "not_met",
        }
    }

    /// Every verdict, best first.
    pub const ALL: [ConditionVerdict; 3] = [Self::Met, Self::LargelyMet, Self::NotMet];

    /// The Chinese word (符合, 基本符合, 不符合).
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Met => "符合",
            Self::LargelyMet => "基本符合",
            Self::NotMet => "不符合",
        }
    }

    /// The word in a language (`met`, `largely met`, `not met` in English).
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match (lang, self) {
            (crate::i18n::Lang::Zh, _) => self.label_zh(),
            (crate::i18n::Lang::En, Self::Met) => "met",
            (crate::i18n::Lang::En, Self::LargelyMet) => "largely met",
            (crate::i18n::Lang::En, Self::NotMet) => "not met",
        }
    }

    /// Parses the stored word, or the Chinese one.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "met" | "符合" => Some(Self::Met),
            "largely_met" | "基本符合" => Some(Self::LargelyMet),
            "not_met" | "不符合" => Some(Self::NotMet),
            _ => None,
        }
    }
}

/// An expert's mark on one application condition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConditionMark {
    /// The verdict, once given.
    pub verdict: Option<ConditionVerdict>,
    /// The expert's note.
    pub note: String,
}

/// The conflict-of-interest declaration (回避声明).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclarationKind {
    /// No conflict of interest: the expert may score.
    NoConflict,
    /// The expert recuses (回避) and may not score.
    Recused,
}

impl DeclarationKind {
    /// The word stored and shown in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoConflict => "no_conflict",
            Self::Recused => "recused",
        }
    }

    /// Parses the stored word.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "no_conflict" => Some(Self::NoConflict),
            "recused" => Some(Self::Recused),
            _ => None,
        }
    }
}

/// A declaration with its reason and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// No conflict, or recused.
    pub kind: DeclarationKind,
    /// The reason for a recusal (empty otherwise).
    pub reason: String,
    /// When it was made (RFC 3339, UTC).
    pub at: String,
}

/// An indicator's score and opinion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Score {
    /// Points (qualitative indicators only).
    pub points: Option<Decimal>,
    /// The expert's opinion or comment.
    pub comment: String,
}

/// The expert's check of a quantitative figure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotation {
    /// Verified, doubtful, evidence missing, or not yet checked.
    pub status: MeasureStatus,
    /// The expert's note.
    pub note: String,
    /// The figure the expert believes right, where the declared one is wrong.
    pub corrected: Option<Decimal>,
}

/// A sign-off of one revision: the exact sheet signed, its signature and the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOff {
    /// The revision signed.
    pub revision: u32,
    /// When.
    pub at: String,
    /// SHA-256 of the score sheet signed.
    pub sheet_sha256: String,
    /// The sheet's exact bytes.
    pub sheet: Vec<u8>,
    /// The raw 64-byte Ed25519 signature over them.
    pub signature: Vec<u8>,
    /// The signer's public key (SPKI PEM).
    pub public_key: String,
}

/// Everything a session holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionState {
    /// File format version.
    pub format: u32,
    /// When the session file was created (RFC 3339); with the expert and package it identifies
    /// the session across copies and revisions.
    pub created_at: String,
    /// The rubric's id.
    pub rubric_id: String,
    /// SHA-256 of the rubric the session was made with.
    pub rubric_sha256: String,
    /// The package.
    pub package: PackageRef,
    /// The expert.
    pub expert: Expert,
    /// The declaration, once made.
    pub declaration: Option<Declaration>,
    /// Current revision (1 until the first revision after a sign-off).
    pub revision: u32,
    /// Scores and opinions by indicator.
    pub scores: BTreeMap<u32, Score>,
    /// Annotations by measure id.
    pub annotations: BTreeMap<String, Annotation>,
    /// The package's figures by measure id (shared: every expert's session of a package holds
    /// the same figures, derived once per package in a process).
    pub figures: std::sync::Arc<BTreeMap<String, Figure>>,
    /// The overall opinion (综合评价意见).
    pub overall: String,
    /// The sign-off of the current revision, if signed.
    pub signed: Option<SignOff>,
    /// The meeting the session belongs to, if any.
    pub meeting: Option<MeetingRef>,
    /// Verdicts on the application conditions, by condition number.
    pub conditions: BTreeMap<u32, ConditionMark>,
}

/// The package's figures by measure id, as a package check scored them.
pub fn figures_of(check: &crate::package::PackageCheck) -> BTreeMap<String, Figure> {
    check
        .indicators
        .iter()
        .flat_map(|i| i.measures.iter())
        .map(|m| {
            (
                m.measure.clone(),
                Figure {
                    declared: m.declared,
                    derived: m.derived.as_ref().map(|d| d.value),
                    value: m.score.value,
                },
            )
        })
        .collect()
}

impl SessionState {
    /// The session as it was before its sign-off: what the signed sheet was made from. Every
    /// field but the sign-off is copied (the signed sheet's bytes are not copied only to be
    /// dropped: a merge does this for every session it reads).
    pub fn without_signoff(&self) -> Self {
        let Self {
            format,
            created_at,
            rubric_id,
            rubric_sha256,
            package,
            expert,
            declaration,
            revision,
            scores,
            annotations,
            figures,
            overall,
            signed: _,
            meeting,
            conditions,
        } = self;
        Self {
            format: *format,
            created_at: created_at.clone(),
            rubric_id: rubric_id.clone(),
            rubric_sha256: rubric_sha256.clone(),
            package: package.clone(),
            expert: expert.clone(),
            declaration: declaration.clone(),
            revision: *revision,
            scores: scores.clone(),
            annotations: annotations.clone(),
            figures: std::sync::Arc::clone(figures),
            overall: overall.clone(),
            signed: None,
            meeting: meeting.clone(),
            conditions: conditions.clone(),
        }
    }

    /// A new session in memory: the package's figures as checked, nothing declared or scored.
    /// `format` is 0 until the store writes it.
    pub fn fresh(
        rubric: &crate::rubric::Rubric,
        package: &crate::package::Package,
        check: &crate::package::PackageCheck,
        expert: Expert,
    ) -> Self {
        let figures = figures_of(check);
        let manifest = &package.manifest;
        Self {
            format: 0,
            created_at: String::new(),
            rubric_id: rubric.id.clone(),
            rubric_sha256: rubric.sha256.clone(),
            package: PackageRef {
                id: manifest.id.clone(),
                digest: package.digest.clone(),
                cluster: manifest.cluster.clone(),
                park: manifest.park.clone(),
                year: manifest.year,
                round: Some(manifest.round),
                direction: Some(manifest.direction.clone()),
            },
            expert,
            declaration: None,
            revision: 1,
            scores: BTreeMap::new(),
            annotations: BTreeMap::new(),
            figures: std::sync::Arc::new(figures),
            overall: String::new(),
            signed: None,
            meeting: None,
            conditions: BTreeMap::new(),
        }
    }

    /// Applies an edit in memory (after `check_edit` accepted it and, for a stored session,
    /// after the store committed it).
    pub fn apply(&mut self, edit: &Edit) {
        match edit {
            Edit::Points { indicator, points } => {
                self.scores.entry(*indicator).or_default().points = Some(*points)
            }
            Edit::Comment { indicator, text } => {
                self.scores.entry(*indicator).or_default().comment = text.clone()
            }
            Edit::Status { measure, status } => {
                self.annotations.entry(measure.clone()).or_default().status = *status
            }
            Edit::Note { measure, text } => {
                self.annotations.entry(measure.clone()).or_default().note = text.clone()
            }
            Edit::Corrected { measure, value } => {
                self.annotations
                    .entry(measure.clone())
                    .or_default()
                    .corrected = *value
            }
            Edit::Overall { text } => self.overall = text.clone(),
            Edit::ConditionVerdict { condition, verdict } => {
                self.conditions.entry(*condition).or_default().verdict = Some(*verdict)
            }
            Edit::ConditionNote { condition, text } => {
                self.conditions.entry(*condition).or_default().note = text.clone()
            }
        }
    }

    /// Whether this is an application review (立项评审), in which the expert also marks the
    /// application conditions of section 六: the package's round is `application`, or the
    /// session belongs to a meeting of kind `application`.
    pub fn reviews_conditions(&self) -> bool {
        self.package.round == Some(crate::package::Round::Application)
            || self
                .meeting
                .as_ref()
                .is_some_and(|m| m.kind == crate::package::Round::Application.as_str())
    }

    /// Whether the expert has recused.
    pub fn recused(&self) -> bool {
        self.declaration
            .as_ref()
            .is_some_and(|d| d.kind == DeclarationKind::Recused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panel::testing::{d, session};

    #[test]
    fn without_signoff_is_the_session_with_only_its_signoff_removed() {
        let mut state = session("P1", "E1", &[(1, d("4.5")), (2, d("3"))]).state;
        state.overall = "综合意见".into();
        state.signed = Some(SignOff {
            revision: state.revision,
            at: "2026-12-02T08:00:00+08:00".into(),
            sheet_sha256: "ab".repeat(32),
            sheet: b"<html>signed</html>".to_vec(),
            signature: vec![7; 64],
            public_key: "-----BEGIN PUBLIC KEY-----".into(),
        });
        let expected = SessionState {
            signed: None,
            ..state.clone()
        };
        assert_eq!(state.without_signoff(), expected);
        assert!(
            state.signed.is_some(),
            "the session itself keeps its sign-off"
        );
    }
}
