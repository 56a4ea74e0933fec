//! `session new | declare | set | import | show`.

use super::CliError;
use super::json_out::json_text;
use super::rubric_source;
use crate::columns::{fit, right};
use crate::display::{exact, local_time, points};
use crate::error::InputError;
use crate::i18n::Lang;
use crate::package::check_package;
use crate::rubric::IndicatorKind;
use crate::session::{
    ConditionVerdict, DeclarationKind, Edit, Expert, MAX_NAME, MeasureStatus, parse_corrected,
    parse_paper_sheet, parse_paper_workbook, parse_points, session_json, summarise,
    valid_expert_id, valid_person_name,
};
use crate::store::{
    NewSession, SessionDb, StoreError, default_session_path, read_session, read_signoffs,
};
use std::fmt::Write;
use std::path::Path;

/// The declaration asked for on the command line.
pub fn declaration(no_conflict: bool, recuse: Option<String>) -> Option<(DeclarationKind, String)> {
    match (no_conflict, recuse) {
        (_, Some(reason)) => Some((DeclarationKind::Recused, reason)),
        (true, None) => Some((DeclarationKind::NoConflict, String::new())),
        (false, None) => None,
    }
}

fn argument_error(flag: &str, message: String) -> CliError {
    CliError::from(InputError {
        file: "command line".to_string(),
        line: None,
        item: Some(flag.to_string()),
        message,
    })
}

fn declaration_text(kind: DeclarationKind, reason: &str, lang: Lang) -> String {
    match (kind, lang) {
        (DeclarationKind::NoConflict, Lang::Zh) => "无利益冲突".to_string(),
        (DeclarationKind::NoConflict, Lang::En) => "no conflict of interest".to_string(),
        (DeclarationKind::Recused, Lang::Zh) => format!("回避（{reason}）"),
        (DeclarationKind::Recused, Lang::En) => format!("recused ({reason})"),
    }
}

/// `session new`.
pub fn new(
    package_dir: &Path,
    rubric_file: Option<&Path>,
    expert_id: &str,
    name: &str,
    session: Option<&Path>,
    declaration: Option<(DeclarationKind, String)>,
    lang: Lang,
) -> Result<String, CliError> {
    if !valid_expert_id(expert_id) {
        return Err(argument_error(
            "--expert",
            format!(
                "found \"{expert_id}\", expected an id of letters, digits, '.', '_' or '-' (it names the session file)"
            ),
        ));
    }
    if !valid_person_name(name) {
        return Err(argument_error(
            "--name",
            format!(
                "found \"{}\", expected the expert's name as printed on the sheet: one line, 1 to {MAX_NAME} characters",
                name.escape_debug()
            ),
        ));
    }
    let source = rubric_source::resolve(rubric_file)?;
    let files = crate::package::read_package_dir(package_dir)?;
    let package =
        crate::package::parse_package(&package_dir.display().to_string(), &files, &source.rubric)?;
    let check = check_package(&source.rubric, &package, None);
    let path = session.map_or_else(
        || default_session_path(&package.manifest.id, expert_id),
        Path::to_path_buf,
    );
    let new = NewSession {
        rubric: &source.rubric,
        rubric_text: &source.text,
        package: &package,
        check: &check,
        files: &files,
        meeting: None,
        expert: Expert {
            id: expert_id.to_string(),
            name: name.trim().to_string(),
        },
        declaration,
    };
    let db = SessionDb::create(&path, new).map_err(|e| match e {
        StoreError::Exists(p) => CliError::from(InputError::file(
            p.display().to_string(),
            "a session file exists already; open it instead, or choose another path with --session",
        )),
        other => CliError::Store(other),
    })?;
    let state = db.state();
    let mut out = match lang {
        Lang::Zh => format!(
            "✓ 已创建评审会话 {}\n专家 {} {} · 申报包 {}（{}）\n",
            path.display(),
            state.expert.id,
            state.expert.name,
            state.package.id,
            state.package.cluster
        ),
        Lang::En => format!(
            "✓ created session {}\nexpert {} {} · package {} ({})\n",
            path.display(),
            state.expert.id,
            state.expert.name,
            state.package.id,
            state.package.cluster
        ),
    };
    match &state.declaration {
        Some(d) => {
            let _ = writeln!(
                out,
                "{}{}",
                lang.pick("回避声明：", "declaration: "),
                declaration_text(d.kind, &d.reason, lang)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "尚未作回避声明：cluster-review session declare {} --no-conflict（或 --recuse 理由）",
                        path.display()
                    ),
                    Lang::En => format!(
                        "no declaration yet: cluster-review session declare {} --no-conflict (or --recuse REASON)",
                        path.display()
                    ),
                }
            );
        }
    }
    Ok(out)
}

/// `session declare`.
pub fn declare(
    file: &Path,
    declaration: Option<(DeclarationKind, String)>,
    lang: Lang,
) -> Result<String, CliError> {
    let Some((kind, reason)) = declaration else {
        return Err(argument_error(
            "--no-conflict",
            "neither --no-conflict nor --recuse was given".to_string(),
        ));
    };
    let mut db = SessionDb::open_for_edits(file)?;
    let at = db.declare(kind, &reason)?;
    Ok(format!(
        "{} {}: {}\n",
        lang.pick("已保存", "saved"),
        local_time(&at),
        declaration_text(kind, &reason, lang)
    ))
}

/// The changes asked for by one `session set`.
#[derive(Debug, Default)]
pub struct Change {
    /// `--indicator`.
    pub indicator: Option<u32>,
    /// `--points`.
    pub points: Option<String>,
    /// `--comment`.
    pub comment: Option<String>,
    /// `--measure`.
    pub measure: Option<String>,
    /// `--status`.
    pub status: Option<String>,
    /// `--note`.
    pub note: Option<String>,
    /// `--corrected`.
    pub corrected: Option<String>,
    /// `--overall`.
    pub overall: Option<String>,
    /// `--condition`.
    pub condition: Option<u32>,
    /// `--verdict`.
    pub verdict: Option<String>,
}

fn edits(rubric: &crate::rubric::Rubric, mut change: Change) -> Result<Vec<Edit>, CliError> {
    let mut edits = Vec::new();
    if let Some(indicator) = change.indicator {
        if let Some(text) = &change.points {
            let points =
                parse_points(text).map_err(|e| argument_error("--points", e.to_string()))?;
            edits.push(Edit::Points { indicator, points });
        }
        if let Some(text) = change.comment {
            edits.push(Edit::Comment { indicator, text });
        }
    }
    if let Some(measure) = change.measure {
        if let Some(text) = &change.status {
            let status = MeasureStatus::parse(text).ok_or_else(|| {
                argument_error("--status", format!("found \"{text}\", expected unchecked, verified, doubtful or missing (未核验, 已核实, 存疑, 缺证明)"))
            })?;
            edits.push(Edit::Status {
                measure: measure.clone(),
                status,
            });
        }
        if let Some(text) = change.note.take() {
            edits.push(Edit::Note {
                measure: measure.clone(),
                text,
            });
        }
        if let Some(text) = &change.corrected {
            let value = parse_corrected(rubric, &measure, text)
                .map_err(|e| argument_error("--corrected", e.to_string()))?;
            edits.push(Edit::Corrected { measure, value });
        }
    }
    if let Some(condition) = change.condition {
        if let Some(text) = &change.verdict {
            let verdict = ConditionVerdict::parse(text).ok_or_else(|| {
                argument_error(
                    "--verdict",
                    format!("found \"{text}\", expected met, largely_met or not_met (符合, 基本符合, 不符合)"),
                )
            })?;
            edits.push(Edit::ConditionVerdict { condition, verdict });
        }
        if let Some(text) = change.note.take() {
            edits.push(Edit::ConditionNote { condition, text });
        }
    }
    if let Some(text) = change.overall {
        edits.push(Edit::Overall { text });
    }
    Ok(edits)
}

/// `session set`.
pub fn set(file: &Path, change: Change, lang: Lang) -> Result<String, CliError> {
    let mut db = SessionDb::open_for_edits(file)?;
    let edits = edits(db.rubric(), change)?;
    let at = db.apply_all(&edits)?;
    let mut out = String::new();
    for edit in &edits {
        let _ = writeln!(
            out,
            "{} {} {}",
            lang.pick("已保存", "saved"),
            local_time(&at),
            edit.what()
        );
    }
    Ok(out)
}

/// `session import`: a CSV sheet, or a workbook (`xlsx`).
pub fn import(file: &Path, sheet: &Path, xlsx: bool, lang: Lang) -> Result<String, CliError> {
    let name = sheet.display().to_string();
    let bytes = crate::files::read_regular(sheet, crate::files::MAX_INPUT_BYTES)
        .map_err(|e| InputError::file(&name, format!("the sheet {e}")))?;
    let mut db = SessionDb::open_for_edits(file)?;
    let edits = if xlsx {
        parse_paper_workbook(&name, &bytes, db.rubric(), db.state())?
    } else {
        parse_paper_sheet(&name, &bytes, db.rubric(), db.state())?
    };
    let at = db.apply_all(&edits)?;
    Ok(match lang {
        Lang::Zh => format!(
            "已保存 {}：从 {} 导入 {} 项\n",
            local_time(&at),
            name,
            edits.len()
        ),
        Lang::En => format!(
            "saved {}: {} changes imported from {}\n",
            local_time(&at),
            edits.len(),
            name
        ),
    })
}

/// `session show`.
pub fn show(file: &Path, json: bool, lang: Lang) -> Result<String, CliError> {
    let (rubric, state) = read_session(file)?;
    let signoffs = read_signoffs(file)?;
    if json {
        let mut document = session_json(&rubric, &state);
        document["signoffs"] = signoffs
            .iter()
            .map(|s| serde_json::json!({"revision": s.revision, "at": s.at, "sheet_sha256": s.sheet_sha256}))
            .collect();
        return Ok(json_text(&document));
    }
    let summary = summarise(&rubric, &state);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} · {} {}",
        lang.pick("评审会话", "session"),
        file.display(),
        lang.pick("版次", "revision"),
        state.revision
    );
    let _ = writeln!(
        out,
        "{} {} {} · {} {} {}",
        lang.pick("专家", "expert"),
        state.expert.id,
        state.expert.name,
        lang.pick("申报包", "package"),
        state.package.id,
        state.package.cluster
    );
    let declaration = state.declaration.as_ref().map_or_else(
        || lang.pick("尚未声明", "not yet made").to_string(),
        |d| declaration_text(d.kind, &d.reason, lang),
    );
    let _ = writeln!(
        out,
        "{}{}",
        lang.pick("回避声明：", "declaration: "),
        declaration
    );
    for signed in &signoffs {
        let _ = writeln!(
            out,
            "{} r{} {} sha256 {}",
            lang.pick("已签署", "signed"),
            signed.revision,
            signed.at,
            signed.sheet_sha256
        );
    }
    let _ = writeln!(out);
    for (indicator, result) in rubric.indicators().zip(&summary.indicators) {
        let shown = result.points.map_or("—".to_string(), points);
        let comment = state
            .scores
            .get(&indicator.id)
            .map(|s| s.comment.replace('\n', " "))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{} {} {} {}  {}",
            right(&indicator.id.to_string(), 2),
            fit(&indicator.short, 24),
            right(&exact(indicator.weight), 3),
            right(&shown, 6),
            comment
        );
        if indicator.kind == IndicatorKind::Quantitative {
            for m in &indicator.measures {
                let a = state.annotations.get(&m.id).cloned().unwrap_or_default();
                let status = match lang {
                    Lang::Zh => a.status.label_zh(),
                    Lang::En => a.status.as_str(),
                };
                let corrected = a
                    .corrected
                    .map(|v| format!(" → {} {}", exact(v), m.unit))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "      {} {}{corrected}  {}",
                    fit(&m.id, 22),
                    fit(status, 10),
                    a.note.replace('\n', " ")
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "\n{} {} / {}（{} {} + {} {}）",
        lang.pick("合计", "total"),
        points(summary.totals.total),
        exact(rubric.total),
        lang.pick("定性", "qualitative"),
        points(summary.qualitative_points),
        lang.pick("定量", "quantitative"),
        points(summary.quantitative_points)
    );
    if !state.overall.is_empty() {
        let _ = writeln!(
            out,
            "{}{}",
            lang.pick("综合评价意见：", "overall opinion: "),
            state.overall
        );
    }
    render_conditions(&mut out, &rubric, &state, lang);
    if !summary.problems.is_empty() {
        let _ = writeln!(
            out,
            "{} ({})",
            lang.pick("签署前须完成", "to do before signing"),
            summary.problems.len()
        );
        for problem in &summary.problems {
            let _ = writeln!(out, "  · {}", problem.message(lang));
        }
    }
    Ok(out)
}

/// `session revise FILE --reason TEXT`: a new revision of a signed session.
pub fn revise(file: &Path, reason: &str, lang: Lang) -> Result<String, CliError> {
    let mut db = SessionDb::open_for_edits(file)?;
    let number = db.revise(reason)?;
    Ok(match lang {
        Lang::Zh => format!(
            "已开始第 {number} 版（原因：{}）；第 {} 版及其评分表仍保留在案。修改后请重新签署。\n",
            reason.trim(),
            number - 1
        ),
        Lang::En => format!(
            "started revision {number} (reason: {}); revision {} and its sheet stay on record. Sign again when done.\n",
            reason.trim(),
            number - 1
        ),
    })
}

/// `session upgrade FILE --package DIR`.
pub fn upgrade(file: &Path, package: &Path, lang: Lang) -> Result<String, CliError> {
    let files = crate::package::read_package_dir(package)?;
    SessionDb::upgrade(file, &files)?;
    Ok(match lang {
        Lang::Zh => format!(
            "✓ 已升级 {}：会话中保存了申报包 {} 的全部文件（数据均由这些文件核算）\n",
            file.display(),
            package.display()
        ),
        Lang::En => format!(
            "✓ upgraded {}: the session keeps the files of the package {} (its figures are derived from them)\n",
            file.display(),
            package.display()
        ),
    })
}

/// The application conditions of an application review: each with the expert's verdict and
/// note, and the program's precheck where there is one (shown as the program's).
fn render_conditions(
    out: &mut String,
    rubric: &crate::rubric::Rubric,
    state: &crate::session::SessionState,
    lang: Lang,
) {
    if !state.reviews_conditions() {
        return;
    }
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            "申报条件（第六部分，立项评审）",
            "application conditions (section 六, application review)"
        )
    );
    let checks = crate::session::prechecks(&state.package, lang);
    for condition in &rubric.conditions {
        let mark = state
            .conditions
            .get(&condition.id)
            .cloned()
            .unwrap_or_default();
        let verdict = mark
            .verdict
            .map_or(lang.pick("未评", "not marked"), |v| v.label(lang));
        let _ = writeln!(
            out,
            "  {} {}  {}",
            condition.label(),
            fit(verdict, 8),
            mark.note.replace('\n', " ")
        );
        if let Some(check) = checks.iter().find(|c| c.condition == condition.id) {
            let mark = if check.passed { "✓" } else { "✗" };
            let _ = writeln!(
                out,
                "      {} {mark} {}",
                lang.pick("程序预检", "program's check"),
                check.text
            );
        }
    }
}
