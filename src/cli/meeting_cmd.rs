//! `meeting init | status | export | collect`, and the meeting's part of `sign` and `merge`:
//! the commands only translate between the command line and `crate::meeting`.

use super::CliError;
use super::json_out::json_text;
use super::rubric_source;
use crate::columns::{fit, width};
use crate::error::{InputError, InputErrors};
use crate::i18n::Lang;
use crate::meeting::collect::Step;
use crate::meeting::init::{InitRequest, init};
use crate::meeting::status::{Blocker, CellState, binding_blockers, cell_text};
use crate::meeting::{MeetingDir, MeetingKind, Person, status_json};
use crate::session::valid_expert_id;
use crate::signing::Roster;
use crate::store::{SessionDb, StoredFile, read_session, stored_file};
use crate::usecase::{ChairSigning, CombinedSigning, sign_combined_file_in, sign_open_session_in};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn argument(flag: &str, message: String) -> CliError {
    CliError::from(InputError {
        file: "command line".into(),
        line: None,
        item: Some(flag.into()),
        message,
    })
}

/// Parses `ID=NAME`.
pub fn person(flag: &str, text: &str, lang: Lang) -> Result<Person, CliError> {
    let Some((id, name)) = text.split_once('=') else {
        return Err(argument(
            flag,
            match lang {
                Lang::Zh => format!("为 \"{text}\"，应为 标识=姓名（如 E01=张三）"),
                Lang::En => format!("found \"{text}\", expected ID=NAME (E01=张三, say)"),
            },
        ));
    };
    Ok(Person {
        id: id.trim().to_string(),
        name: name.trim().to_string(),
    })
}

/// What `meeting init` was given on the command line.
#[derive(Debug)]
pub struct InitArgs<'a> {
    /// The folder.
    pub dir: &'a Path,
    /// `--id`.
    pub id: Option<&'a str>,
    /// `--title`.
    pub title: &'a str,
    /// `--date`.
    pub date: &'a str,
    /// `--place`.
    pub place: Option<&'a str>,
    /// `--kind`.
    pub kind: Option<&'a str>,
    /// `--rubric`.
    pub rubric: Option<&'a Path>,
    /// `--package`.
    pub packages: &'a [PathBuf],
    /// `--expert ID=NAME`.
    pub experts: &'a [String],
    /// `--chair ID=NAME`.
    pub chair: &'a str,
    /// `--roster`.
    pub roster: Option<&'a Path>,
}

/// `meeting init`.
pub fn init_cmd(args: &InitArgs<'_>, lang: Lang) -> Result<String, CliError> {
    let kind = match args.kind {
        None => MeetingKind::default(),
        Some(text) => MeetingKind::parse(text).ok_or_else(|| {
            argument(
                "--kind",
                match lang {
                    Lang::Zh => format!(
                        "为 \"{text}\"，应为 application（申报评审）、midterm（中期评估）、performance（绩效评价）或 acceptance（验收评审）"
                    ),
                    Lang::En => format!(
                        "found \"{text}\", expected application, midterm, performance or acceptance"
                    ),
                },
            )
        })?,
    };
    if let Some(id) = args.id.filter(|id| !valid_expert_id(id)) {
        return Err(argument(
            "--id",
            match lang {
                Lang::Zh => format!("为 \"{id}\"，应为字母、数字、'.'、'_' 或 '-'"),
                Lang::En => format!("found \"{id}\", expected letters, digits, '.', '_' or '-'"),
            },
        ));
    }
    let experts = args
        .experts
        .iter()
        .map(|e| person("--expert", e, lang))
        .collect::<Result<Vec<_>, _>>()?;
    let chair = person("--chair", args.chair, lang)?;
    let source = rubric_source::resolve(args.rubric)?;
    let request = InitRequest {
        dir: args.dir,
        id: args.id,
        title: args.title,
        date: args.date,
        place: args.place.unwrap_or(""),
        kind,
        rubric: &source.rubric,
        rubric_text: &source.text,
        packages: args.packages,
        experts,
        chair,
        roster: args.roster,
    };
    let meeting = init(&request, lang)?;
    let dir = args.dir.display();
    let mut out = String::new();
    let experts: Vec<String> = meeting
        .experts
        .iter()
        .map(|e| format!("{} {}", e.id, e.name))
        .collect();
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "✓ 已建立评审会 {dir}（{}）\n{} · {} · {}{}\n评价指标体系 rubric.toml（sha256 {}）\n专家 {} 位：{}\n组长 {} {}",
            meeting.id,
            meeting.title,
            meeting.date,
            meeting.kind.label(lang),
            if meeting.place.is_empty() {
                String::new()
            } else {
                format!(" · {}", meeting.place)
            },
            meeting.rubric.sha256,
            meeting.experts.len(),
            experts.join("、"),
            meeting.chair.id,
            meeting.chair.name
        ),
        Lang::En => writeln!(
            out,
            "✓ made the meeting {dir} ({})\n{} · {} · {}{}\nrubric rubric.toml (sha256 {})\n{} experts: {}\nchair {} {}",
            meeting.id,
            meeting.title,
            meeting.date,
            meeting.kind.label(lang),
            if meeting.place.is_empty() {
                String::new()
            } else {
                format!(" · {}", meeting.place)
            },
            meeting.rubric.sha256,
            meeting.experts.len(),
            experts.join(", "),
            meeting.chair.id,
            meeting.chair.name
        ),
    };
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!("申报包 {} 个（已复制并核验）：", meeting.packages.len()),
            Lang::En => format!("{} packages (copied and checked):", meeting.packages.len()),
        }
    );
    for package in &meeting.packages {
        let _ = writeln!(
            out,
            "  {} {}  digest {}",
            package.id, package.dir, package.digest
        );
    }
    let _ = writeln!(
        out,
        "{}",
        match (args.roster.is_some(), lang) {
            (true, Lang::Zh) => "名册 roster.toml（公钥已写入）".to_string(),
            (true, Lang::En) => "roster roster.toml (keys written in)".to_string(),
            (false, Lang::Zh) => format!("尚无名册：签署前将名册放入 {dir}/roster.toml"),
            (false, Lang::En) => {
                format!("no roster yet: put it in {dir}/roster.toml before signing")
            }
        }
    );
    let first = meeting.experts.first().map_or("E01", |e| e.id.as_str());
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!(
                "会话文件：{dir}/sessions/<申报包>/<专家>.sqlite\n下一步（每位专家）：cluster-review review --meeting {dir} --expert {first}"
            ),
            Lang::En => format!(
                "session files: {dir}/sessions/<package>/<expert>.sqlite\nnext (each expert): cluster-review review --meeting {dir} --expert {first}"
            ),
        }
    );
    Ok(out)
}

/// `meeting status DIR [--json]`.
pub fn status_cmd(dir: &Path, json: bool, lang: Lang) -> Result<String, CliError> {
    let meeting = MeetingDir::open(dir, lang)?;
    let packages = meeting.packages(lang)?;
    let clusters: Vec<(String, String)> = packages
        .iter()
        .map(|p| (p.entry.id.clone(), p.package.manifest.cluster.clone()))
        .collect();
    let matrix = meeting.matrix();
    if json {
        return Ok(json_text(&status_json(
            &meeting.meeting,
            &clusters,
            &matrix,
            lang,
        )));
    }
    let m = &meeting.meeting;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}（{}）· {} · {}{}",
        m.title,
        m.id,
        m.date,
        m.kind.label(lang),
        if m.place.is_empty() {
            String::new()
        } else {
            format!(" · {}", m.place)
        }
    );
    for (id, cluster) in &clusters {
        let _ = writeln!(out, "  {id}  {cluster}");
    }
    let first = m
        .experts
        .iter()
        .map(|e| width(&format!("{} {}", e.id, e.name)))
        .max()
        .unwrap_or(8)
        .max(width(lang.pick("专家", "expert")))
        + 2;
    let column = m
        .packages
        .iter()
        .map(|p| width(&p.id))
        .max()
        .unwrap_or(6)
        .max(12)
        + 2;
    let _ = write!(out, "{}", fit(lang.pick("专家", "expert"), first));
    for package in &m.packages {
        let _ = write!(out, "{}", fit(&package.id, column));
    }
    out.push('\n');
    for expert in &m.experts {
        let _ = write!(
            out,
            "{}",
            fit(&format!("{} {}", expert.id, expert.name), first)
        );
        for package in &m.packages {
            let text = matrix
                .cell(&expert.id, &package.id)
                .map(|c| cell_text(c, lang))
                .unwrap_or_default();
            let _ = write!(out, "{}", fit(&text, column));
        }
        out.push('\n');
    }
    let blocked: Vec<_> = matrix
        .cells
        .iter()
        .filter(|c| !c.blocking.is_empty())
        .collect();
    if !blocked.is_empty() {
        let _ = writeln!(out, "{}", lang.pick("待处理：", "what blocks:"));
        for cell in blocked {
            let messages: Vec<String> = cell
                .blocking
                .iter()
                .map(|b| b.message(&cell.file, lang))
                .collect();
            let _ = writeln!(
                out,
                "  {} × {}: {}",
                cell.expert,
                cell.package_id,
                messages.join(lang.pick("；", "; "))
            );
        }
    }
    for stray in meeting.strays() {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "  {}：不是本次评审会的会话（专家或申报包不在名单中）",
                    stray.display()
                ),
                Lang::En => format!(
                    "  {}: not a session of this meeting (its expert or package is not on the lists)",
                    stray.display()
                ),
            }
        );
    }
    let open = matrix
        .cells
        .iter()
        .filter(|c| {
            !matches!(c.state, CellState::Signed | CellState::Recused) || !c.blocking.is_empty()
        })
        .count();
    let _ = writeln!(
        out,
        "{}",
        match (matrix.complete(), lang) {
            (true, Lang::Zh) => "完成：是（每一格均已签署或回避）".to_string(),
            (true, Lang::En) => "complete: yes (every cell signed or recused)".to_string(),
            (false, Lang::Zh) => format!("完成：否（{open} 格未完成）"),
            (false, Lang::En) => format!("complete: no ({open} cells open)"),
        }
    );
    Ok(out)
}

/// Reads a private key, with the file named in the error.
fn key(path: &Path) -> Result<ed25519_dalek::SigningKey, CliError> {
    crate::signing::load_private_key(path)
        .map_err(|e| CliError::from(InputError::file(path.display().to_string(), e.to_string())))
}

/// `meeting export DIR --expert ID --to OUT [--key KEY.pem]`.
pub fn export_cmd(
    dir: &Path,
    expert: &str,
    to: &Path,
    key_file: Option<&Path>,
    lang: Lang,
) -> Result<String, CliError> {
    let meeting = MeetingDir::open(dir, lang)?;
    let signing = key_file.map(key).transpose()?;
    let exported = crate::meeting::transfer::export(
        &meeting,
        expert,
        to,
        signing.as_ref().zip(key_file),
        lang,
    )?;
    let mut out = String::new();
    let receipt = exported
        .out
        .join(crate::meeting::receipt::receipt_name(expert));
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!(
                "✓ 已导出专家 {} 的 {} 个文件到 {}",
                expert,
                exported.receipt.files.len(),
                exported.out.display()
            ),
            Lang::En => format!(
                "✓ exported {} files of expert {} to {}",
                exported.receipt.files.len(),
                expert,
                exported.out.display()
            ),
        }
    );
    for file in &exported.receipt.files {
        let _ = writeln!(out, "  {}  sha256 {}", file.path, file.sha256);
    }
    let _ = writeln!(
        out,
        "{} {}{}",
        lang.pick("收据", "receipt"),
        receipt.display(),
        match (exported.receipt.signer.is_some(), lang) {
            (true, Lang::Zh) => format!("，签名 {}.sig", receipt.display()),
            (true, Lang::En) => format!(", signature {}.sig", receipt.display()),
            (false, Lang::Zh) => "（未签名：可用 --key 签名）".to_string(),
            (false, Lang::En) => " (unsigned: sign it with --key)".to_string(),
        }
    );
    if !exported.missing.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!("尚无会话的申报包：{}", exported.missing.join("、")),
                Lang::En => format!("no session yet for: {}", exported.missing.join(", ")),
            }
        );
    }
    Ok(out)
}

/// `meeting collect DIR FROM...`.
pub fn collect_cmd(dir: &Path, from: &[PathBuf], lang: Lang) -> Result<String, CliError> {
    let meeting = MeetingDir::open(dir, lang)?;
    let collected = crate::meeting::transfer::collect(&meeting, from, lang)?;
    let mut out = String::new();
    let state = |(revision, signed): (u32, bool)| match (signed, lang) {
        (true, Lang::Zh) => format!("第 {revision} 版已签署"),
        (true, Lang::En) => format!("revision {revision} signed"),
        (false, Lang::Zh) => format!("第 {revision} 版未签署"),
        (false, Lang::En) => format!("revision {revision} unsigned"),
    };
    let mut taken = 0;
    for step in &collected.planned {
        let what = match (&step.step, lang) {
            (Step::New, Lang::Zh) => {
                taken += 1;
                "新增".to_string()
            }
            (Step::New, Lang::En) => {
                taken += 1;
                "new".to_string()
            }
            (Step::Replace { from, to }, Lang::Zh) => {
                taken += 1;
                format!("更新（{} → {}）", state(*from), state(*to))
            }
            (Step::Replace { from, to }, Lang::En) => {
                taken += 1;
                format!("replaced ({} → {})", state(*from), state(*to))
            }
            (Step::Unchanged, Lang::Zh) => "相同，未变".to_string(),
            (Step::Unchanged, Lang::En) => "the same, unchanged".to_string(),
            (Step::KeptLater { kept, offered }, Lang::Zh) => format!(
                "保留评审会中较新的一份（{}；收到的是{}）",
                state(*kept),
                state(*offered)
            ),
            (Step::KeptLater { kept, offered }, Lang::En) => format!(
                "kept the later copy of the meeting ({}; offered {})",
                state(*kept),
                state(*offered)
            ),
        };
        let _ = writeln!(out, "  {}  {what}", step.rel);
    }
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!(
                "✓ 收据与哈希均已核验；收入 {taken} 个文件到 {}",
                dir.display()
            ),
            Lang::En => format!(
                "✓ receipts and hashes checked; took {taken} files into {}",
                dir.display()
            ),
        }
    );
    Ok(out)
}

/// `sign FILE` for a file of a meeting folder: the sheet names the meeting; the meeting's
/// roster checks the key (unless `--roster` names another); the chair is the meeting's chair,
/// and the chair signs only through the compliance gate.
pub fn sign_in_meeting(
    dir: &Path,
    file: &Path,
    key_file: &Path,
    out: Option<&Path>,
    chair: super::sign_cmd::ChairSigner<'_>,
    roster: Option<Roster>,
    lang: Lang,
) -> Result<String, CliError> {
    let meeting = MeetingDir::open(dir, lang)?;
    let roster = roster.or_else(|| meeting.roster.clone());
    if roster.is_none() {
        return Err(CliError::from(InputError::file(
            meeting.roster_path().display().to_string(),
            lang.pick(
                "评审会尚无名册：签署前须由组长放入名册（专家和组长的公钥），以核验签署人；未签署任何内容",
                "the meeting has no roster yet: the chair puts it in (the experts' and chair's public keys) before anyone signs, so the signer's key can be checked; nothing was signed",
            ),
        )));
    }
    let reference = meeting.meeting.reference();
    match stored_file(file) {
        StoredFile::Combined => {
            let ours = &meeting.meeting.chair;
            if chair.id.is_some_and(|id| id != ours.id) {
                return Err(argument(
                    "--signer",
                    match lang {
                        Lang::Zh => format!(
                            "评审会 {} 的组长是 {} {}，由组长签署",
                            meeting.meeting.id, ours.id, ours.name
                        ),
                        Lang::En => format!(
                            "the chair of meeting {} is {} {}, who signs it",
                            meeting.meeting.id, ours.id, ours.name
                        ),
                    },
                ));
            }
            let how = CombinedSigning {
                chair: ChairSigning {
                    id: &ours.id,
                    name: &ours.name,
                },
                out,
                roster: roster.as_ref(),
                meeting: Some(&reference),
                gate: Some(lang),
            };
            let signed = sign_combined_file_in(file, key_file, &how)?;
            Ok(super::sign_cmd::report(
                &signed,
                lang.pick("已签署专家组综合评价", "signed the combined evaluation"),
                lang,
            ))
        }
        _ => {
            if chair.id.is_some() || chair.name.is_some() {
                return Err(CliError::from(InputError::file(
                    file.display().to_string(),
                    "is an expert's session, signed by its expert: --signer and --name are only for a combined evaluation",
                )));
            }
            let (_, state) = read_session(file)?;
            check_meeting_session(&meeting, file, &state, lang)?;
            let signing_key = key(key_file)?;
            let mut db = SessionDb::open(file)?;
            let signed = sign_open_session_in(
                &mut db,
                &signing_key,
                key_file,
                out,
                roster.as_ref(),
                Some(&reference),
            )?;
            Ok(super::sign_cmd::report(
                &signed,
                lang.pick("已签署专家评分表", "signed the score sheet"),
                lang,
            ))
        }
    }
}

/// Refuses a session in a meeting's folder that is not the meeting's session of its cell.
pub fn check_meeting_session(
    meeting: &MeetingDir,
    file: &Path,
    state: &crate::session::SessionState,
    lang: Lang,
) -> Result<(), CliError> {
    let shown = file.display().to_string();
    let foreign = || {
        CliError::from(InputError::file(
            &shown,
            match lang {
                Lang::Zh => format!(
                    "不是评审会 {} 的会话：专家 {} 或申报包 {} 不在名单中，或文件不在 sessions/<申报包>/<专家>.sqlite",
                    meeting.meeting.id, state.expert.id, state.package.id
                ),
                Lang::En => format!(
                    "is not a session of meeting {}: expert {} or package {} is not on its lists, or the file is not sessions/<package>/<expert>.sqlite",
                    meeting.meeting.id, state.expert.id, state.package.id
                ),
            },
        ))
    };
    let (Some(expert), Some(package)) = (
        meeting.meeting.expert(&state.expert.id),
        meeting.meeting.package(&state.package.id),
    ) else {
        return Err(foreign());
    };
    let expected = meeting.session_path(&package.id, &expert.id);
    if expected.file_name() != file.file_name()
        || expected.parent().and_then(Path::file_name) != file.parent().and_then(Path::file_name)
    {
        return Err(foreign());
    }
    let blocking = binding_blockers(meeting.binding(), expert, package, state);
    if let Some(first) = blocking.first() {
        return Err(CliError::from(InputError::file(
            &shown,
            first.message(&shown, lang),
        )));
    }
    Ok(())
}

/// The session files `merge --meeting` counts: exactly the meeting's cells. Refused, with every
/// problem: a file in `sessions/` that is not a cell, a session that is not the meeting's (other
/// rubric, package, expert, meeting), a sign-off that does not stand, a signed session without
/// the meeting's roster; missing cells (no session, no declaration, or — without
/// `allow_unsigned` — not signed) are listed with their files.
pub fn merge_files(
    meeting: &MeetingDir,
    allow_unsigned: bool,
    lang: Lang,
) -> Result<Vec<PathBuf>, CliError> {
    let mut refused: Vec<InputError> = Vec::new();
    for stray in meeting.strays() {
        refused.push(InputError::file(
            stray.display().to_string(),
            lang.pick(
                "不是本次评审会的会话（专家或申报包不在名单中），拒绝合并；请移出 sessions/",
                "is not a session of this meeting (its expert or package is not on the lists); refused: move it out of sessions/",
            )
            .to_string(),
        ));
    }
    let matrix = meeting.matrix();
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for cell in &matrix.cells {
        let path = meeting.session_path(&cell.package_id, &cell.expert);
        let mut counted = true;
        for blocker in &cell.blocking {
            match blocker {
                b if b.is_foreign()
                    || matches!(b, Blocker::SignatureInvalid(_) | Blocker::NameDiffers(_)) =>
                {
                    refused.push(InputError::file(&cell.file, b.message(&cell.file, lang)));
                    counted = false;
                }
                Blocker::NoRoster => {
                    refused.push(InputError::file(
                        meeting.roster_path().display().to_string(),
                        match lang {
                            Lang::Zh => "评审会的会话总是按评审会名册合并，但尚无名册；请将专家和组长的公钥名册放入此处".to_string(),
                            Lang::En => "a meeting's sessions are always merged with its roster, but there is none yet; put the roster of the experts' and chair's keys here".to_string(),
                        },
                    ));
                }
                _ => {}
            }
        }
        let waiting = match cell.state {
            CellState::None => true,
            CellState::Declared | CellState::InProgress | CellState::Ready => !allow_unsigned,
            CellState::Signed | CellState::Recused => false,
        };
        if waiting {
            let why: Vec<String> = cell
                .blocking
                .iter()
                .map(|b| b.message(&cell.file, lang))
                .collect();
            missing.push(format!(
                "{} × {} ({}): {}",
                cell.expert,
                cell.package_id,
                cell_text(cell, lang),
                why.join(lang.pick("；", "; "))
            ));
        } else if counted {
            files.push(path);
        }
    }
    // one roster message is enough
    refused.dedup_by(|a, b| a.file == b.file && a.message == b.message);
    if !missing.is_empty() {
        let heading = match lang {
            Lang::Zh => format!(
                "尚缺 {} 格（须每格均已签署或回避；--allow-unsigned 可计入未签署的会话）",
                missing.len()
            ),
            Lang::En => format!(
                "{} cells missing (each must be signed or recused; --allow-unsigned counts unsigned sessions)",
                missing.len()
            ),
        };
        refused.push(InputError::file(meeting.dir.display().to_string(), heading));
        refused.extend(
            missing
                .into_iter()
                .map(|m| InputError::file(meeting.dir.display().to_string(), m)),
        );
    }
    if refused.is_empty() {
        Ok(files)
    } else {
        Err(CliError::from(InputErrors(refused)))
    }
}
