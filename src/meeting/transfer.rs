//! Moving an expert's files between laptops and the chair's meeting folder: `meeting export`
//! (the expert's sessions and signed sheets with a receipt, optionally signed) and
//! `meeting collect` (receipts, hashes and bindings checked, revisions ordered, then every file
//! copied complete). Both decide everything first and write only when nothing is refused.

use super::collect::{Content, Offered, Planned, Present, Step, plan};
use super::folder::{MeetingDir, SESSIONS_DIR};
use super::receipt::{
    RECEIPT, RECEIPT_FORMAT, Receipt, ReceiptExpert, ReceiptFile, ReceiptSigner, parse_receipt,
    receipt_name,
};
use super::status::{binding_blockers, signoff_blockers};
use crate::error::{InputError, InputErrors};
use crate::files::{WriteMode, signature_path, write_atomically};
use crate::hashing::sha256_hex;
use crate::i18n::Lang;
use crate::signing::{Role, read_public_key, verify};
use crate::store::{SessionLock, read_session};
use ed25519_dalek::SigningKey;
use std::path::{Path, PathBuf};

fn problem(file: impl Into<String>, message: String) -> InputError {
    InputError::file(file, message)
}

/// The signed sheets of a session beside it: `<expert>.r<N>.json` and their `.sig`.
fn sheets_beside(session: &Path, expert: &str) -> Vec<PathBuf> {
    let Some(folder) = session.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let rest = name.strip_prefix(expert).and_then(|r| r.strip_prefix(".r"));
            rest.is_some_and(|r| {
                let number = r
                    .strip_suffix(".json")
                    .or_else(|| r.strip_suffix(".json.sig"));
                number.is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            }) && p.is_file()
        })
        .collect();
    found.sort();
    found
}

/// Reads a file the export copies, with the session's lock held for a session so no write of
/// this program can tear it.
fn read_exported(path: &Path, session: bool, lang: Lang) -> Result<Vec<u8>, InputError> {
    let _lock = if session {
        Some(SessionLock::acquire(path).map_err(|e| {
            problem(
                path.display().to_string(),
                match lang {
                    Lang::Zh => format!("{e}；请先关闭正在编辑它的评审界面再导出"),
                    Lang::En => format!("{e}; close the review screen editing it before exporting"),
                },
            )
        })?)
    } else {
        None
    };
    crate::files::check_regular(path)
        .map_err(|e| problem(path.display().to_string(), e.to_string()))?;
    std::fs::read(path).map_err(|e| problem(path.display().to_string(), e.to_string()))
}

/// What an export wrote.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The export folder.
    pub out: PathBuf,
    /// The receipt.
    pub receipt: Receipt,
    /// Packages without a session of the expert.
    pub missing: Vec<String>,
}

/// Refuses an output folder that exists with something in it.
fn check_out(out: &Path, lang: Lang) -> Result<(), InputError> {
    match std::fs::read_dir(out).map(|mut e| e.next().is_none()) {
        Ok(true) => Ok(()),
        Ok(false) => Err(problem(
            out.display().to_string(),
            lang.pick(
                "已存在且不为空；导出应写入新的或空的文件夹（从不覆盖已有文件）",
                "exists and is not empty; expected a new or empty folder for the export (nothing is ever overwritten)",
            )
            .to_string(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(problem(out.display().to_string(), e.to_string())),
    }
}

/// `meeting export DIR --expert ID --to OUT [--key KEY.pem]`.
pub fn export(
    meeting: &MeetingDir,
    expert: &str,
    out: &Path,
    key: Option<(&SigningKey, &Path)>,
    lang: Lang,
) -> Result<Exported, InputErrors> {
    let person = meeting.expert(expert, lang)?.clone();
    check_out(out, lang)?;
    if let (Some((key, key_file)), Some(roster)) = (key, &meeting.roster) {
        let listed = roster
            .key_for(expert, Role::Expert)
            .map_err(|why| problem(key_file.display().to_string(), why))?;
        if listed.as_bytes() != key.verifying_key().as_bytes() {
            return Err(InputErrors::one(problem(
                key_file.display().to_string(),
                match lang {
                    Lang::Zh => format!(
                        "不是名册 {} 中专家 \"{expert}\" 的密钥；请用本人的密钥；未写入任何文件",
                        meeting.roster_path().display()
                    ),
                    Lang::En => format!(
                        "is not the key of expert \"{expert}\" on the roster {}; use your own key; nothing was written",
                        meeting.roster_path().display()
                    ),
                },
            )));
        }
    }
    let mut copies: Vec<(String, Vec<u8>)> = Vec::new();
    let mut missing = Vec::new();
    let mut errors = Vec::new();
    for package in &meeting.meeting.packages {
        let session = meeting.session_path(&package.id, expert);
        if std::fs::symlink_metadata(&session).is_err() {
            missing.push(package.id.clone());
            continue;
        }
        let rel = format!("{SESSIONS_DIR}/{}/{expert}.sqlite", package.id);
        match read_exported(&session, true, lang) {
            Ok(bytes) => copies.push((rel, bytes)),
            Err(e) => errors.push(e),
        }
        for sheet in sheets_beside(&session, expert) {
            let name = sheet
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let rel = format!("{SESSIONS_DIR}/{}/{name}", package.id);
            match read_exported(&sheet, false, lang) {
                Ok(bytes) => copies.push((rel, bytes)),
                Err(e) => errors.push(e),
            }
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    copies.sort_by(|a, b| a.0.cmp(&b.0));
    let signer = key
        .map(|(key, key_file)| {
            crate::signing::public_key_pem(&key.verifying_key())
                .map(|public_key| ReceiptSigner {
                    id: expert.to_string(),
                    public_key,
                })
                .map_err(|e| problem(key_file.display().to_string(), e.to_string()))
        })
        .transpose()?;
    let receipt = Receipt {
        receipt: RECEIPT.to_string(),
        format: RECEIPT_FORMAT,
        meeting: meeting.meeting.reference(),
        expert: ReceiptExpert {
            id: person.id.clone(),
            name: person.name.clone(),
        },
        exported_at: crate::timestamp::now_local(),
        files: copies
            .iter()
            .map(|(rel, bytes)| ReceiptFile {
                path: rel.clone(),
                sha256: sha256_hex(bytes),
                bytes: bytes.len() as u64,
            })
            .collect(),
        signer,
    };
    let receipt_bytes = receipt.to_bytes();
    let signature = key.map(|(key, _)| crate::signing::sign(key, &receipt_bytes));
    place_folder(out, lang, |root| {
        for (rel, bytes) in &copies {
            write_new(&join(root, rel), bytes)?;
        }
        let receipt_path = root.join(receipt_name(expert));
        write_new(&receipt_path, &receipt_bytes)?;
        if let Some(signature) = &signature {
            write_new(&signature_path(&receipt_path), signature)?;
        }
        Ok(())
    })?;
    Ok(Exported {
        out: out.to_path_buf(),
        receipt,
        missing,
    })
}

/// A `/`-separated relative path under a folder.
fn join(root: &Path, rel: &str) -> PathBuf {
    let mut path = root.to_path_buf();
    for part in rel.split('/') {
        path.push(part);
    }
    path
}

fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically(path, bytes, WriteMode::New)
}

/// Writes a folder's content under a temporary name beside it, then renames it into place.
fn place_folder(
    out: &Path,
    lang: Lang,
    fill: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), InputErrors> {
    let shown = out.display().to_string();
    let fail = |e: std::io::Error| {
        InputErrors::one(problem(
            &shown,
            format!(
                "{}: {e}",
                lang.pick(
                    "无法写入，未留下任何文件",
                    "cannot be written; nothing was left behind"
                )
            ),
        ))
    };
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(fail)?;
    let staging = tempfile::Builder::new()
        .prefix(".export-")
        .tempdir_in(parent)
        .map_err(fail)?;
    fill(staging.path()).map_err(fail)?;
    if out.is_dir() {
        std::fs::remove_dir(out).map_err(fail)?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, out).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staged);
        fail(e)
    })?;
    crate::files::sync_folder(out);
    Ok(())
}

/// Every file under a folder, as `/`-separated relative paths.
fn files_under(root: &Path, prefix: &str, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // what operating systems drop into folders by themselves
        if name.starts_with('.')
            || ["thumbs.db", "desktop.ini"].contains(&name.to_ascii_lowercase().as_str())
        {
            continue;
        }
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if entry.path().is_dir() {
            files_under(&entry.path(), &rel, found);
        } else {
            found.push(rel);
        }
    }
}

/// One export folder's receipts, checked: the meeting, the expert, the signature, every file's
/// hash, no file unlisted. Returns the files offered, read.
fn read_export(
    meeting: &MeetingDir,
    from: &Path,
    scratch: &Path,
    lang: Lang,
    errors: &mut Vec<InputError>,
) -> Vec<(Offered, Vec<u8>)> {
    let shown = |rel: &str| join(from, rel).display().to_string();
    let mut all = Vec::new();
    files_under(from, "", &mut all);
    let receipts: Vec<&String> = all
        .iter()
        .filter(|f| !f.contains('/') && f.ends_with(".receipt.json"))
        .collect();
    if receipts.is_empty() {
        errors.push(problem(
            from.display().to_string(),
            lang.pick(
                "中没有收据（ID.receipt.json），应为 `meeting export` 写出的文件夹",
                "holds no receipt (ID.receipt.json), expected a folder written by `meeting export`",
            )
            .to_string(),
        ));
        return Vec::new();
    }
    let mut listed: Vec<String> = Vec::new();
    let mut offered = Vec::new();
    for name in receipts {
        listed.push(name.clone());
        let path = join(from, name);
        let Ok(bytes) = std::fs::read(&path) else {
            errors.push(problem(
                shown(name),
                lang.pick("无法读取", "cannot be read").to_string(),
            ));
            continue;
        };
        let receipt = match parse_receipt(&bytes, lang) {
            Ok(receipt) => receipt,
            Err(why) => {
                errors.push(problem(shown(name), why));
                continue;
            }
        };
        if receipt.meeting.id != meeting.meeting.id {
            errors.push(problem(
                shown(name),
                match lang {
                    Lang::Zh => format!(
                        "是评审会 {}（{}）的导出，不是本次评审会 {} 的",
                        receipt.meeting.id, receipt.meeting.title, meeting.meeting.id
                    ),
                    Lang::En => format!(
                        "is an export of meeting {} ({}), not of this meeting {}",
                        receipt.meeting.id, receipt.meeting.title, meeting.meeting.id
                    ),
                },
            ));
            continue;
        }
        let expert = receipt.expert.id.clone();
        if meeting.meeting.expert(&expert).is_none() {
            errors.push(problem(
                shown(name),
                match lang {
                    Lang::Zh => format!("专家 {expert} 不在本次评审会名单中"),
                    Lang::En => format!("expert {expert} is not on the meeting's list"),
                },
            ));
            continue;
        }
        if *name != receipt_name(&expert) {
            errors.push(problem(
                shown(name),
                match lang {
                    Lang::Zh => format!(
                        "是专家 {expert} 的收据，文件名应为 {}",
                        receipt_name(&expert)
                    ),
                    Lang::En => format!(
                        "is expert {expert}'s receipt, expected the name {}",
                        receipt_name(&expert)
                    ),
                },
            ));
            continue;
        }
        let sig_rel = format!("{name}.sig");
        let sig = all
            .contains(&sig_rel)
            .then(|| std::fs::read(join(from, &sig_rel)).ok())
            .flatten();
        if all.contains(&sig_rel) {
            listed.push(sig_rel.clone());
        }
        if let Err(why) = check_receipt_signature(meeting, &receipt, &bytes, sig.as_deref(), lang) {
            errors.push(problem(shown(name), why));
            continue;
        }
        for file in &receipt.files {
            listed.push(file.path.clone());
            let path = join(from, &file.path);
            let Ok(content) = std::fs::read(&path) else {
                errors.push(problem(
                    shown(&file.path),
                    match lang {
                        Lang::Zh => format!("收据 {name} 列出了它，但它不存在或无法读取"),
                        Lang::En => {
                            format!("is listed in the receipt {name} but missing or unreadable")
                        }
                    },
                ));
                continue;
            };
            let found = sha256_hex(&content);
            if found != file.sha256 || content.len() as u64 != file.bytes {
                errors.push(problem(
                    shown(&file.path),
                    match lang {
                        Lang::Zh => format!(
                            "SHA-256 为 {found}（{} 字节），收据 {name} 记录的是 {}（{} 字节）：导出后被改动过，拒收",
                            content.len(), file.sha256, file.bytes
                        ),
                        Lang::En => format!(
                            "has SHA-256 {found} ({} bytes), the receipt {name} says {} ({} bytes): it was changed after the export; refused",
                            content.len(), file.sha256, file.bytes
                        ),
                    },
                ));
                continue;
            }
            let parts: Vec<&str> = file.path.split('/').collect();
            let (package, file_name) = match parts.as_slice() {
                [SESSIONS_DIR, package, file_name] => (*package, *file_name),
                _ => {
                    errors.push(problem(
                        shown(&file.path),
                        lang.pick(
                            "不在 sessions/<申报包>/ 下",
                            "is not under sessions/<package>/",
                        )
                        .to_string(),
                    ));
                    continue;
                }
            };
            if meeting.meeting.package(package).is_none()
                || !file_name.starts_with(&format!("{expert}."))
            {
                errors.push(problem(
                    shown(&file.path),
                    match lang {
                        Lang::Zh => format!("不是专家 {expert} 在本次评审会申报包中的文件"),
                        Lang::En => {
                            format!("is not a file of expert {expert} for a package of the meeting")
                        }
                    },
                ));
                continue;
            }
            let content_kind = if file_name == format!("{expert}.sqlite") {
                match check_session(
                    meeting,
                    &expert,
                    package,
                    &content,
                    scratch,
                    &shown(&file.path),
                    lang,
                ) {
                    Ok(state) => Content::Session(Box::new(state)),
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                }
            } else {
                Content::Other(found)
            };
            offered.push((
                Offered {
                    from: shown(&file.path),
                    rel: file.path.clone(),
                    content: content_kind,
                },
                content,
            ));
        }
    }
    for file in &all {
        if !listed.contains(file) {
            errors.push(problem(
                shown(file),
                lang.pick(
                    "不在任何收据中，拒收（导出文件夹中只应有收据列出的文件）",
                    "is in no receipt; refused (an export holds only the files its receipt lists)",
                )
                .to_string(),
            ));
        }
    }
    offered
}

/// The receipt's signature: required to verify when present, with the roster's key of the
/// expert when the meeting has a roster.
fn check_receipt_signature(
    meeting: &MeetingDir,
    receipt: &Receipt,
    bytes: &[u8],
    signature: Option<&[u8]>,
    lang: Lang,
) -> Result<(), String> {
    match (&receipt.signer, signature) {
        (None, None) => Ok(()),
        (Some(_), None) => Err(lang
            .pick(
                "写明了签署人，但缺少签名文件 .sig",
                "names a signer, but its signature (.sig) is missing",
            )
            .to_string()),
        (None, Some(_)) => Err(lang
            .pick(
                "未写明签署人，却有签名文件 .sig",
                "names no signer, yet a signature (.sig) lies beside it",
            )
            .to_string()),
        (Some(signer), Some(signature)) => {
            let key = read_public_key(&signer.public_key).map_err(|e| e.to_string())?;
            verify(&key, bytes, signature).map_err(|e| match lang {
                Lang::Zh => format!("签名无效（{e}）：收据在签署后被改动过"),
                Lang::En => format!(
                    "the signature does not verify ({e}): the receipt was changed after signing"
                ),
            })?;
            if let Some(roster) = &meeting.roster {
                let listed = roster.key_for(&signer.id, Role::Expert)?;
                if listed.as_bytes() != key.as_bytes() {
                    return Err(match lang {
                        Lang::Zh => {
                            format!("签名有效，但所用密钥不是名册中专家 {} 的密钥", signer.id)
                        }
                        Lang::En => format!(
                            "the signature holds, but with a key that is not the roster's key of expert {}",
                            signer.id
                        ),
                    });
                }
            }
            Ok(())
        }
    }
}

/// An offered session, read from a scratch copy and checked against the meeting.
fn check_session(
    meeting: &MeetingDir,
    expert: &str,
    package: &str,
    bytes: &[u8],
    scratch: &Path,
    shown: &str,
    lang: Lang,
) -> Result<crate::session::SessionState, InputError> {
    let copy = scratch.join(format!("{package}-{expert}.sqlite"));
    std::fs::write(&copy, bytes).map_err(|e| problem(shown, e.to_string()))?;
    let (rubric, state) = read_session(&copy).map_err(|e| {
        problem(
            shown,
            e.to_string()
                .replace(&copy.display().to_string(), lang.pick("该文件", "the file")),
        )
    })?;
    let (Some(person), Some(entry)) = (
        meeting.meeting.expert(expert),
        meeting.meeting.package(package),
    ) else {
        return Err(problem(
            shown,
            lang.pick("不属于本次评审会", "is not of this meeting")
                .to_string(),
        ));
    };
    let mut blocking = binding_blockers(meeting.binding(), person, entry, &state);
    blocking.extend(
        signoff_blockers(meeting.binding(), &rubric, &state)
            .into_iter()
            .filter(|b| !matches!(b, super::status::Blocker::NoRoster)),
    );
    match blocking.first() {
        None => Ok(state),
        Some(blocker) => Err(problem(
            shown,
            match lang {
                Lang::Zh => format!("拒收：{}", blocker.message(shown, lang)),
                Lang::En => format!("refused: {}", blocker.message(shown, lang)),
            },
        )),
    }
}

/// What a collect did.
#[derive(Debug, Clone)]
pub struct Collected {
    /// Every path decided, with what was done.
    pub planned: Vec<Planned>,
}

/// `meeting collect DIR FROM...`: everything checked, then everything copied.
pub fn collect(
    meeting: &MeetingDir,
    from: &[PathBuf],
    lang: Lang,
) -> Result<Collected, InputErrors> {
    let fail = |e: std::io::Error| {
        InputErrors::one(problem(meeting.dir.display().to_string(), e.to_string()))
    };
    let scratch = tempfile::Builder::new()
        .prefix(".collect-")
        .tempdir_in(&meeting.dir)
        .map_err(fail)?;
    let mut errors = Vec::new();
    let mut offered: Vec<(Offered, Vec<u8>)> = Vec::new();
    for folder in from {
        if !folder.is_dir() {
            errors.push(problem(
                folder.display().to_string(),
                lang.pick(
                    "不是文件夹，应为 `meeting export` 写出的文件夹",
                    "is not a folder, expected one written by `meeting export`",
                )
                .to_string(),
            ));
            continue;
        }
        offered.extend(read_export(
            meeting,
            folder,
            scratch.path(),
            lang,
            &mut errors,
        ));
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    let present = |rel: &str| -> Present {
        let path = join(&meeting.dir, rel);
        if std::fs::symlink_metadata(&path).is_err() {
            return Present::Absent;
        }
        if rel.ends_with(".sqlite") {
            match read_session(&path) {
                Ok((_, state)) => Present::File(Content::Session(Box::new(state))),
                Err(e) => Present::Unreadable(e.to_string()),
            }
        } else {
            match std::fs::read(&path) {
                Ok(bytes) => Present::File(Content::Other(sha256_hex(&bytes))),
                Err(e) => Present::Unreadable(e.to_string()),
            }
        }
    };
    let shown = |rel: &str| join(&meeting.dir, rel).display().to_string();
    let offers: Vec<Offered> = offered.iter().map(|(o, _)| o.clone()).collect();
    let planned = plan(&offers, &present, &shown, lang).map_err(|refusals| {
        InputErrors(
            refusals
                .into_iter()
                .map(|r| InputError::file(meeting.dir.display().to_string(), r))
                .collect(),
        )
    })?;
    // sheets first, then sessions: a session is never in place before its sheets
    let mut order: Vec<&Planned> = planned.iter().collect();
    order.sort_by_key(|p| p.rel.ends_with(".sqlite"));
    for step in order {
        let bytes = offered
            .iter()
            .find(|(o, _)| o.from == step.from)
            .map(|(_, b)| b.as_slice())
            .unwrap_or_default();
        let target = join(&meeting.dir, &step.rel);
        let written = match step.step {
            Step::New => write_atomically(&target, bytes, WriteMode::New),
            Step::Replace { .. } => {
                let _lock = SessionLock::acquire(&target).map_err(|e| {
                    InputErrors::one(problem(target.display().to_string(), e.to_string()))
                })?;
                write_atomically(&target, bytes, WriteMode::Replace)
            }
            Step::Unchanged | Step::KeptLater { .. } => Ok(()),
        };
        written
            .map_err(|e| InputErrors::one(problem(target.display().to_string(), e.to_string())))?;
    }
    Ok(Collected { planned })
}
