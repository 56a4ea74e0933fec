//! The meeting folder on disk — the thin I/O layer under the pure meeting logic: reading
//! `meeting.toml`, the rubric and the roster (each checked against what the meeting pins),
//! loading the packages (their digests checked), finding the session files of the matrix and
//! anything in `sessions/` that does not belong there.

use super::model::{Meeting, PackageEntry, Person};
use super::parse::parse_meeting;
use super::status::{Binding, CellFile, Matrix, cell};
use crate::error::{InputError, InputErrors};
use crate::i18n::Lang;
use crate::package::{Package, PackageCheck, PackageFiles, check_package, parse_package};
use crate::rubric::{self, Rubric};
use crate::signing::{Roster, parse_roster};
use crate::store::read_session;
use std::path::{Path, PathBuf};

/// `meeting.toml`.
pub const MEETING_FILE: &str = "meeting.toml";
/// `rubric.toml`.
pub const RUBRIC_FILE: &str = "rubric.toml";
/// `roster.toml`.
pub const ROSTER_FILE: &str = "roster.toml";
/// `packages/`.
pub const PACKAGES_DIR: &str = "packages";
/// `sessions/`.
pub const SESSIONS_DIR: &str = "sessions";
/// `combined.sqlite`.
pub const COMBINED_FILE: &str = "combined.sqlite";

/// A package of the meeting, loaded and checked.
#[derive(Debug, Clone)]
pub struct MeetingPackage {
    /// Its entry in `meeting.toml`.
    pub entry: PackageEntry,
    /// The package.
    pub package: Package,
    /// Its figures as checked.
    pub check: PackageCheck,
    /// Its files (for the evidence viewer).
    pub files: PackageFiles,
}

/// An open meeting folder.
#[derive(Debug, Clone)]
pub struct MeetingDir {
    /// The folder, as the user named it.
    pub dir: PathBuf,
    /// `meeting.toml`.
    pub meeting: Meeting,
    /// The rubric, checked against the pinned SHA-256.
    pub rubric: Rubric,
    /// Its exact text.
    pub rubric_text: String,
    /// The roster, once there is one.
    pub roster: Option<Roster>,
}

fn file_error(path: &Path, message: String) -> InputErrors {
    InputErrors::one(InputError::file(path.display().to_string(), message))
}

impl MeetingDir {
    /// Opens a meeting folder: `meeting.toml`, the rubric (its SHA-256 must be the pinned one),
    /// the roster if present.
    pub fn open(dir: &Path, lang: Lang) -> Result<Self, InputErrors> {
        let path = dir.join(MEETING_FILE);
        let bytes =
            crate::files::read_regular(&path, crate::files::MAX_SMALL_BYTES).map_err(|e| {
                file_error(
                    &path,
                    match lang {
                        Lang::Zh => {
                            format!("评审会文件{e}；应为 `meeting init` 建立的评审会文件夹")
                        }
                        Lang::En => format!(
                            "the meeting file {e}; expected a meeting folder made by `meeting init`"
                        ),
                    },
                )
            })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            file_error(
                &path,
                lang.pick("不是 UTF-8 文本", "is not UTF-8 text")
                    .to_string(),
            )
        })?;
        let meeting = parse_meeting(&path.display().to_string(), &text, lang)?;
        let rubric_path = dir.join(&meeting.rubric.file);
        let rubric_bytes = crate::files::read_regular(&rubric_path, crate::files::MAX_INPUT_BYTES)
            .map_err(|e| {
                file_error(
                    &rubric_path,
                    format!("{} {e}", lang.pick("评价指标体系", "the rubric")),
                )
            })?;
        let rubric = rubric::parse(&rubric_path.display().to_string(), &rubric_bytes)?;
        if rubric.sha256 != meeting.rubric.sha256 {
            return Err(file_error(
                &rubric_path,
                match lang {
                    Lang::Zh => format!(
                        "sha256 为 {}，但 {} 记录的是 {}：评审会的评价指标体系被改动过",
                        rubric.sha256,
                        path.display(),
                        meeting.rubric.sha256
                    ),
                    Lang::En => format!(
                        "has sha256 {}, but {} pins {}: the meeting's rubric was changed",
                        rubric.sha256,
                        path.display(),
                        meeting.rubric.sha256
                    ),
                },
            ));
        }
        let rubric_text = String::from_utf8_lossy(&rubric_bytes).into_owned();
        let roster_path = dir.join(ROSTER_FILE);
        let roster = if std::fs::symlink_metadata(&roster_path).is_ok() {
            Some(parse_roster(&roster_path)?)
        } else {
            None
        };
        Ok(Self {
            dir: dir.to_path_buf(),
            meeting,
            rubric,
            rubric_text,
            roster,
        })
    }

    /// What sessions of the meeting are checked against.
    pub fn binding(&self) -> Binding<'_> {
        Binding {
            meeting: &self.meeting,
            rubric: &self.rubric,
            roster: self.roster.as_ref(),
        }
    }

    /// `DIR/sessions/<package>/<expert>.sqlite`.
    pub fn session_path(&self, package: &str, expert: &str) -> PathBuf {
        self.dir
            .join(SESSIONS_DIR)
            .join(package)
            .join(format!("{expert}.sqlite"))
    }

    /// `DIR/combined.sqlite`.
    pub fn combined_path(&self) -> PathBuf {
        self.dir.join(COMBINED_FILE)
    }

    /// `DIR/roster.toml`.
    pub fn roster_path(&self) -> PathBuf {
        self.dir.join(ROSTER_FILE)
    }

    /// Loads every package of the meeting; a package whose digest is no longer the pinned one
    /// is refused, naming it.
    pub fn packages(&self, lang: Lang) -> Result<Vec<MeetingPackage>, InputErrors> {
        let mut errors = Vec::new();
        let mut loaded = Vec::new();
        for entry in &self.meeting.packages {
            let dir = self.dir.join(&entry.dir);
            let shown = dir.display().to_string();
            let files = match crate::package::read_package_dir(&dir) {
                Ok(files) => files,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let package = match parse_package(&shown, &files, &self.rubric) {
                Ok(package) => package,
                Err(mut e) => {
                    errors.append(&mut e.0);
                    continue;
                }
            };
            if package.digest != entry.digest || package.manifest.id != entry.id {
                errors.push(InputError::file(
                    &shown,
                    match lang {
                        Lang::Zh => format!(
                            "申报包 {}（digest {}）不是评审会记录的 {}（digest {}）：评审会文件夹中的申报包被改动过",
                            package.manifest.id, package.digest, entry.id, entry.digest
                        ),
                        Lang::En => format!(
                            "holds package {} (digest {}), not the meeting's {} (digest {}): the package in the meeting folder was changed",
                            package.manifest.id, package.digest, entry.id, entry.digest
                        ),
                    },
                ));
                continue;
            }
            let check = check_package(&self.rubric, &package, None);
            loaded.push(MeetingPackage {
                entry: entry.clone(),
                package,
                check,
                files,
            });
        }
        if errors.is_empty() {
            Ok(loaded)
        } else {
            Err(InputErrors(errors))
        }
    }

    /// A session file as found, for the matrix.
    pub fn read_cell(&self, package: &str, expert: &str) -> CellFile {
        let path = self.session_path(package, expert);
        if std::fs::symlink_metadata(&path).is_err() {
            return CellFile::Absent;
        }
        match read_session(&path) {
            Ok(read) => CellFile::Read(Box::new(read)),
            Err(e) => CellFile::Unreadable(e.to_string()),
        }
    }

    /// The status matrix as the files stand now.
    pub fn matrix(&self) -> Matrix {
        let mut cells = Vec::new();
        for expert in &self.meeting.experts {
            for package in &self.meeting.packages {
                let found = self.read_cell(&package.id, &expert.id);
                let file = self.session_path(&package.id, &expert.id);
                cells.push(cell(
                    self.binding(),
                    expert,
                    package,
                    &file.display().to_string(),
                    &found,
                ));
            }
        }
        Matrix { cells }
    }

    /// Session files in `sessions/` that are not cells of the matrix (another expert, another
    /// package, a file where a folder belongs).
    pub fn strays(&self) -> Vec<PathBuf> {
        let mut strays = Vec::new();
        let root = self.dir.join(SESSIONS_DIR);
        let Ok(folders) = std::fs::read_dir(&root) else {
            return strays;
        };
        for folder in folders.flatten() {
            let path = folder.path();
            let name = folder.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let known = self.meeting.package(&name).is_some();
            if !path.is_dir() {
                strays.push(path);
                continue;
            }
            let Ok(files) = std::fs::read_dir(&path) else {
                continue;
            };
            for file in files.flatten() {
                let file_path = file.path();
                let is_session = file_path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("sqlite"));
                if !is_session {
                    continue;
                }
                let stem = file_path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if !known || self.meeting.expert(&stem).is_none() {
                    strays.push(file_path);
                }
            }
        }
        strays.sort();
        strays
    }

    /// The expert of the meeting with this id, or a refusal naming the meeting's experts.
    pub fn expert(&self, id: &str, lang: Lang) -> Result<&Person, InputErrors> {
        self.meeting.expert(id).ok_or_else(|| {
            let known: Vec<&str> = self.meeting.experts.iter().map(|e| e.id.as_str()).collect();
            InputErrors::one(InputError {
                file: self.dir.join(MEETING_FILE).display().to_string(),
                line: None,
                item: Some("--expert".into()),
                message: match lang {
                    Lang::Zh => format!(
                        "\"{id}\" 不是本次评审会的专家，应为 {} 之一",
                        known.join("、")
                    ),
                    Lang::En => format!(
                        "\"{id}\" is not an expert of the meeting, expected one of {}",
                        known.join(", ")
                    ),
                },
            })
        })
    }
}

/// The meeting folder a session or combined file lies in: `DIR/sessions/<package>/<expert>.sqlite`
/// or `DIR/combined.sqlite` beside a `DIR/meeting.toml`.
pub fn meeting_of(file: &Path) -> Option<PathBuf> {
    let parent = file.parent()?;
    let name = file.file_name()?.to_str()?;
    let dir = if name == COMBINED_FILE {
        parent.to_path_buf()
    } else {
        let sessions = parent.parent()?;
        if sessions.file_name()?.to_str()? != SESSIONS_DIR {
            return None;
        }
        sessions.parent()?.to_path_buf()
    };
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    dir.join(MEETING_FILE).is_file().then_some(dir)
}
