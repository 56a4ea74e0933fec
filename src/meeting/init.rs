//! `meeting init`: the meeting folder built whole or not at all. Every package is read and
//! checked against the rubric first (all problems of all packages reported together); then the
//! folder is written under a temporary name beside its place — the rubric, each package copied
//! and its copy's digest checked again, the roster with its keys written in, `meeting.toml` —
//! and renamed into place only when everything is written and synced.

use super::folder::{MEETING_FILE, PACKAGES_DIR, ROSTER_FILE, RUBRIC_FILE, SESSIONS_DIR};
use super::model::{Meeting, MeetingKind, PackageEntry, Person, RubricEntry};
use super::parse::check_meeting;
use crate::error::{InputError, InputErrors};
use crate::i18n::Lang;
use crate::package::{Package, PackageFiles, package_digest, parse_package, read_package_dir};
use crate::rubric::Rubric;
use crate::session::valid_expert_id;
use crate::signing::{Role, Roster, parse_roster, public_key_pem};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `meeting init` is asked to build.
#[derive(Debug)]
pub struct InitRequest<'a> {
    /// The meeting folder (new, or an empty folder).
    pub dir: &'a Path,
    /// The meeting's id (default: the folder's name when it is an id, else `meeting-DATE`).
    pub id: Option<&'a str>,
    /// Title.
    pub title: &'a str,
    /// Date, `YYYY-MM-DD`.
    pub date: &'a str,
    /// Place.
    pub place: &'a str,
    /// Kind.
    pub kind: MeetingKind,
    /// The rubric.
    pub rubric: &'a Rubric,
    /// Its exact text.
    pub rubric_text: &'a str,
    /// The package folders.
    pub packages: &'a [PathBuf],
    /// The experts.
    pub experts: Vec<Person>,
    /// The chair.
    pub chair: Person,
    /// The roster, if given now.
    pub roster: Option<&'a Path>,
}

fn error(file: impl Into<String>, message: String) -> InputError {
    InputError::file(file, message)
}

/// Refuses a folder that exists with something in it.
fn check_target(dir: &Path, lang: Lang) -> Result<(), InputError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                Err(error(
                    dir.display().to_string(),
                    lang.pick(
                        "已存在且不为空；评审会文件夹应为新的或空的文件夹（从不覆盖已有文件）",
                        "exists and is not empty; expected a new or empty folder for the meeting (nothing is ever overwritten)",
                    )
                    .to_string(),
                ))
            } else {
                Ok(())
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if dir.exists() && !dir.is_dir() => Err(error(
            dir.display().to_string(),
            format!("{} ({e})", lang.pick("不是文件夹", "is not a folder")),
        )),
        Err(e) => Err(error(dir.display().to_string(), e.to_string())),
    }
}

/// Every signer of the meeting on the roster, in the right role.
fn check_roster(
    roster: &Roster,
    file: &str,
    chair: &Person,
    experts: &[Person],
    lang: Lang,
) -> Vec<InputError> {
    let mut errors = Vec::new();
    for (person, role) in
        std::iter::once((chair, Role::Chair)).chain(experts.iter().map(|e| (e, Role::Expert)))
    {
        if let Err(why) = roster.key_for(&person.id, role) {
            errors.push(InputError {
                file: file.to_string(),
                line: None,
                item: Some(format!("signer \"{}\"", person.id)),
                message: match lang {
                    Lang::Zh => format!(
                        "{why}；名册应列出评审会的每位专家（role = \"expert\"）和组长（role = \"chair\"）"
                    ),
                    Lang::En => format!(
                        "{why}; the roster must list every expert of the meeting (role = \"expert\") and the chair (role = \"chair\")"
                    ),
                },
            });
        }
    }
    errors
}

#[derive(Serialize)]
struct RosterFile {
    signer: Vec<RosterSigner>,
}

#[derive(Serialize)]
struct RosterSigner {
    id: String,
    name: String,
    role: &'static str,
    public_key: String,
}

/// The roster as the meeting keeps it: the meeting's signers, their keys written in (so the
/// file needs no key files beside it).
fn roster_text(roster: &Roster, chair: &Person, experts: &[Person]) -> Result<String, String> {
    let mut signer = Vec::new();
    for (person, role) in
        std::iter::once((chair, Role::Chair)).chain(experts.iter().map(|e| (e, Role::Expert)))
    {
        let key = roster.key_for(&person.id, role)?;
        signer.push(RosterSigner {
            id: person.id.clone(),
            name: roster
                .signers
                .get(&person.id)
                .map_or(person.name.clone(), |s| s.name.clone()),
            role: role.as_str(),
            public_key: public_key_pem(key).map_err(|e| e.to_string())?,
        });
    }
    let body = toml::to_string(&RosterFile { signer }).map_err(|e| e.to_string())?;
    Ok(format!(
        "# The meeting's roster: each signer's public key, written in by `meeting init`.\n\n{body}"
    ))
}

/// Writes a file in the staging folder and syncs it.
fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// The packages read and checked: every problem of every package at once.
fn read_packages(
    paths: &[PathBuf],
    rubric: &Rubric,
    lang: Lang,
) -> Result<Vec<(Package, PackageFiles)>, Vec<InputError>> {
    let mut errors = Vec::new();
    let mut read: Vec<(Package, PackageFiles)> = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        let files = match read_package_dir(path) {
            Ok(files) => files,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        match parse_package(&shown, &files, rubric) {
            Ok(package) => {
                if let Some((other, _)) = read
                    .iter()
                    .find(|(p, _)| p.manifest.id == package.manifest.id)
                {
                    errors.push(error(
                        &shown,
                        match lang {
                            Lang::Zh => format!(
                                "申报包标识 {} 与 {} 相同；评审会中每个申报包应有唯一标识",
                                package.manifest.id, other.dir
                            ),
                            Lang::En => format!(
                                "has the package id {} of {} too; expected one id per package of the meeting",
                                package.manifest.id, other.dir
                            ),
                        },
                    ));
                } else if !valid_expert_id(&package.manifest.id) {
                    errors.push(error(
                        format!("{shown}/package.toml"),
                        match lang {
                            Lang::Zh => format!("标识 \"{}\" 不能用作文件夹名，应为字母、数字、'.'、'_' 或 '-'", package.manifest.id),
                            Lang::En => format!("the id \"{}\" cannot name a folder, expected letters, digits, '.', '_' or '-'", package.manifest.id),
                        },
                    ));
                } else {
                    read.push((package, files));
                }
            }
            Err(mut e) => errors.append(&mut e.0),
        }
    }
    if errors.is_empty() {
        Ok(read)
    } else {
        Err(errors)
    }
}

/// Builds the meeting folder; nothing is left behind on a refusal.
pub fn init(request: &InitRequest<'_>, lang: Lang) -> Result<Meeting, InputErrors> {
    let dir = request.dir;
    check_target(dir, lang)?;
    let mut errors = Vec::new();
    let packages = read_packages(request.packages, request.rubric, lang).unwrap_or_else(|mut e| {
        errors.append(&mut e);
        Vec::new()
    });
    let roster = match request.roster {
        Some(path) => match parse_roster(path) {
            Ok(roster) => {
                errors.extend(check_roster(
                    &roster,
                    &path.display().to_string(),
                    &request.chair,
                    &request.experts,
                    lang,
                ));
                Some(roster)
            }
            Err(e) => {
                errors.push(e);
                None
            }
        },
        None => None,
    };
    let folder_name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| valid_expert_id(n))
        .map(str::to_string);
    let id = request
        .id
        .map(str::to_string)
        .or(folder_name)
        .unwrap_or_else(|| format!("meeting-{}", request.date));
    let meeting = Meeting {
        id,
        title: request.title.trim().to_string(),
        date: request.date.trim().to_string(),
        place: request.place.trim().to_string(),
        kind: request.kind,
        chair: request.chair.clone(),
        experts: request.experts.clone(),
        rubric: RubricEntry {
            file: RUBRIC_FILE.to_string(),
            sha256: request.rubric.sha256.clone(),
        },
        packages: packages
            .iter()
            .map(|(p, _)| PackageEntry {
                id: p.manifest.id.clone(),
                dir: format!("{PACKAGES_DIR}/{}", p.manifest.id),
                digest: p.digest.clone(),
            })
            .collect(),
    };
    let text = meeting
        .to_toml()
        .map_err(|e| error(MEETING_FILE, e.to_string()))?;
    let command_line = "command line";
    for mut problem in check_meeting(command_line, &text, &meeting, lang) {
        // the meeting is made from the command line: name the option, not a line of a file
        problem.line = None;
        if meeting.packages.is_empty()
            && problem.message.contains("[[packages]]")
            && !errors.is_empty()
        {
            continue; // the packages' own errors say why there are none
        }
        errors.push(problem);
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    let roster_file = roster
        .as_ref()
        .map(|r| roster_text(r, &meeting.chair, &meeting.experts))
        .transpose()
        .map_err(|e| {
            error(
                request
                    .roster
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                e,
            )
        })?;
    stage_and_place(dir, &text, request, &packages, roster_file.as_deref(), lang)?;
    Ok(meeting)
}

/// Writes everything under a temporary folder beside `dir`, checks the copies, renames it into
/// place.
fn stage_and_place(
    dir: &Path,
    text: &str,
    request: &InitRequest<'_>,
    packages: &[(Package, PackageFiles)],
    roster: Option<&str>,
    lang: Lang,
) -> Result<(), InputErrors> {
    let shown = dir.display().to_string();
    let fail = |e: std::io::Error| {
        InputErrors::one(error(
            &shown,
            format!("{}: {e}", lang.pick("无法写入", "cannot be written")),
        ))
    };
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(fail)?;
    let staging = tempfile::Builder::new()
        .prefix(".meeting-init-")
        .tempdir_in(parent)
        .map_err(fail)?;
    let root = staging.path();
    write(&root.join(RUBRIC_FILE), request.rubric_text.as_bytes()).map_err(fail)?;
    let copied = crate::rubric::parse(RUBRIC_FILE, request.rubric_text.as_bytes())?;
    if copied.sha256 != request.rubric.sha256 {
        return Err(InputErrors::one(error(
            &shown,
            lang.pick(
                "评价指标体系的副本与原件不同",
                "the copy of the rubric differs from the original",
            )
            .to_string(),
        )));
    }
    for (package, files) in packages {
        let target = root.join(PACKAGES_DIR).join(&package.manifest.id);
        for (rel, bytes) in &files.0 {
            let mut path = target.clone();
            for part in rel.split('/') {
                path.push(part);
            }
            write(&path, bytes).map_err(fail)?;
        }
        let copy = read_package_dir(&target)?;
        if package_digest(&copy) != package.digest {
            return Err(InputErrors::one(error(
                &package.dir,
                match lang {
                    Lang::Zh => "复制到评审会文件夹后摘要不同，未建立评审会".to_string(),
                    Lang::En => {
                        "the copy in the meeting folder has another digest; nothing was made"
                            .to_string()
                    }
                },
            )));
        }
        std::fs::create_dir_all(root.join(SESSIONS_DIR).join(&package.manifest.id))
            .map_err(fail)?;
    }
    if let Some(roster) = roster {
        write(&root.join(ROSTER_FILE), roster.as_bytes()).map_err(fail)?;
        parse_roster(&root.join(ROSTER_FILE))?;
    }
    write(&root.join(MEETING_FILE), text.as_bytes()).map_err(fail)?;
    crate::files::sync_folder(&root.join(MEETING_FILE));
    // an empty folder given as the target makes way for the finished one
    if dir.is_dir() {
        std::fs::remove_dir(dir).map_err(fail)?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, dir).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staged);
        fail(e)
    })?;
    crate::files::sync_folder(dir);
    Ok(())
}
