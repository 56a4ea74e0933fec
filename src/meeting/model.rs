//! The meeting file (`MEETING/meeting.toml`) as a type: who sits on the panel, which rubric
//! and which packages the meeting evaluates, each pinned by its SHA-256, so that every session
//! of the meeting can be checked against it.

use crate::i18n::Lang;
use crate::sheet::MeetingRefDoc;
use serde::{Deserialize, Serialize};

/// What a review meeting is for (DESIGN §11): the stage of the cluster's life it judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum MeetingKind {
    /// 申报评审: a cluster applying to be recognised.
    Application,
    /// 中期评估: the mid-term review.
    Midterm,
    /// 绩效评价: the (yearly) performance evaluation — the default.
    #[default]
    Performance,
    /// 验收评审: the acceptance at the end of a cycle.
    Acceptance,
}

impl MeetingKind {
    /// Every kind, in the order of the file format's documentation.
    pub const ALL: [Self; 4] = [
        Self::Application,
        Self::Midterm,
        Self::Performance,
        Self::Acceptance,
    ];

    /// The word in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Application => "application",
            Self::Midterm => "midterm",
            Self::Performance => "performance",
            Self::Acceptance => "acceptance",
        }
    }

    /// Parses the word of files and the command line.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text.trim())
    }

    /// The kind in the user's language.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Application => lang.pick("申报评审", "application review"),
            Self::Midterm => lang.pick("中期评估", "mid-term review"),
            Self::Performance => lang.pick("绩效评价", "performance evaluation"),
            Self::Acceptance => lang.pick("验收评审", "acceptance review"),
        }
    }
}

/// An expert or the chair of the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Short id (`E01`, `C01`): names session files, matches the roster.
    pub id: String,
    /// Name as printed on sheets.
    pub name: String,
}

/// The rubric copied into the meeting folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricEntry {
    /// Its file, relative to the meeting folder (`rubric.toml`).
    pub file: String,
    /// SHA-256 of its exact bytes (the rubric's own `sha256`).
    pub sha256: String,
}

/// A package copied into the meeting folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageEntry {
    /// The package id (`package.toml`'s `id`); names the sessions folder.
    pub id: String,
    /// Its folder, relative to the meeting folder (`packages/<id>`).
    pub dir: String,
    /// The package digest (DESIGN §5) of the copy, as checked at `meeting init`.
    pub digest: String,
}

/// The whole `meeting.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// Stable id of the meeting; sheets signed in it name it.
    pub id: String,
    /// Title (`2025 年度创新型产业集群绩效评价会`).
    pub title: String,
    /// Date of the sitting, `YYYY-MM-DD`.
    pub date: String,
    /// Where it sits (may be empty).
    #[serde(default)]
    pub place: String,
    /// What the meeting judges.
    #[serde(default)]
    pub kind: MeetingKind,
    /// The panel chair (评审组长); signs the combined evaluation.
    pub chair: Person,
    /// The experts (评审专家), in the order of the matrix.
    pub experts: Vec<Person>,
    /// The rubric.
    pub rubric: RubricEntry,
    /// The packages, in the order of the matrix.
    pub packages: Vec<PackageEntry>,
}

impl Meeting {
    /// What sheets signed in this meeting say of it.
    pub fn reference(&self) -> MeetingRefDoc {
        MeetingRefDoc {
            id: self.id.clone(),
            title: self.title.clone(),
            date: self.date.clone(),
            kind: self.kind.as_str().to_string(),
        }
    }

    /// The expert with this id.
    pub fn expert(&self, id: &str) -> Option<&Person> {
        self.experts.iter().find(|e| e.id == id)
    }

    /// The package with this id.
    pub fn package(&self, id: &str) -> Option<&PackageEntry> {
        self.packages.iter().find(|p| p.id == id)
    }

    /// The file's text: a comment saying what it is, then the fields.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        let body = toml::to_string(self)?;
        Ok(format!(
            "# 评审会 (review meeting) of cluster-review: written by `meeting init`; the rubric and\n\
             # packages beside it are pinned by their SHA-256. Sessions go to sessions/<package>/<expert>.sqlite.\n\n{body}"
        ))
    }
}
