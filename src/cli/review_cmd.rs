//! `review` and the no-argument demo: open (or create) a session and run the expert's TUI.

use super::CliError;
use super::rubric_source::{self, RubricSource};
use crate::error::InputError;
use crate::i18n::Lang;
use crate::package::{
    DEMO_NAME, PackageFiles, check_package, demo_files, parse_package, read_package_dir,
    source_texts,
};
use crate::rubric::{self, EMBEDDED_NAME, EMBEDDED_TEXT};
use crate::session::{DeclarationKind, Expert, valid_expert_id};
use crate::store::{NewSession, SessionDb, default_session_path};
use crate::tui::screens::review::app::{App, PackageView};
use std::io::IsTerminal;
use std::path::Path;

/// What `review` was asked to open.
#[derive(Debug)]
pub struct ReviewRequest<'a> {
    /// The package folder (`None`: the embedded demo).
    pub package: Option<&'a Path>,
    /// The rubric file.
    pub rubric: Option<&'a Path>,
    /// The expert's id.
    pub expert: &'a str,
    /// The expert's name (needed to create a session).
    pub name: Option<&'a str>,
    /// The session file.
    pub session: Option<&'a Path>,
    /// Declare no conflict when creating.
    pub declare_no_conflict: bool,
}

/// The demo review: embedded rubric and package, session `sessions/demo/E01.sqlite`.
pub fn demo(lang: Lang) -> Result<String, CliError> {
    let request = ReviewRequest {
        package: None,
        rubric: None,
        expert: "E01",
        name: Some("示例专家"),
        session: None,
        declare_no_conflict: false,
    };
    review(&request, lang)
}

/// Opens the session (creating it when absent) and runs the TUI.
pub fn review(request: &ReviewRequest<'_>, lang: Lang) -> Result<String, CliError> {
    if !valid_expert_id(request.expert) {
        return Err(CliError::from(InputError {
            file: "command line".into(),
            line: None,
            item: Some("--expert".into()),
            message: format!(
                "found \"{}\", expected letters, digits, '.', '_' or '-'",
                request.expert
            ),
        }));
    }
    let (source, files, dir) = match request.package {
        Some(dir) => (
            rubric_source::resolve(request.rubric)?,
            read_package_dir(dir)?,
            dir.display().to_string(),
        ),
        None => {
            let embedded = RubricSource {
                rubric: rubric::embedded()?,
                name: format!("{EMBEDDED_NAME} (embedded)"),
                text: EMBEDDED_TEXT.to_string(),
            };
            (embedded, demo_files(), DEMO_NAME.to_string())
        }
    };
    let (app, db) = open(&source, &files, &dir, request, lang)?;
    crate::tui::screens::review::run(app, db).map_err(|e| {
        CliError::from(InputError::file(
            "terminal",
            format!("the terminal failed: {e}"),
        ))
    })?;
    Ok(String::new())
}

fn open(
    source: &RubricSource,
    files: &PackageFiles,
    dir: &str,
    request: &ReviewRequest<'_>,
    lang: Lang,
) -> Result<(App, SessionDb), CliError> {
    let package = parse_package(dir, files, &source.rubric)?;
    let check = check_package(&source.rubric, &package, None);
    let path = request.session.map_or_else(
        || default_session_path(&package.manifest.id, request.expert),
        Path::to_path_buf,
    );
    let needs_terminal = || -> Result<(), CliError> {
        if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
            return Ok(());
        }
        Err(CliError::from(InputError::file(
            "terminal",
            "the review screen needs an interactive terminal, expected one on standard input and output (see `cluster-review --help` for the commands)",
        )))
    };
    let db = if path.exists() {
        let mut db = SessionDb::open_bound(&path, &source.rubric, &package, files)?;
        let owner = db.state().expert.clone();
        let other_name = request.name.is_some_and(|n| n.trim() != owner.name);
        if owner.id != request.expert || other_name {
            return Err(CliError::from(InputError {
                file: path.display().to_string(),
                line: None,
                item: Some("--expert".into()),
                message: format!(
                    "the session belongs to expert {} {}, not to {} {}; open your own session (or give --session for it)",
                    owner.id,
                    owner.name,
                    request.expert,
                    request.name.unwrap_or("")
                ),
            }));
        }
        needs_terminal()?;
        if request.declare_no_conflict && db.state().declaration.is_none() {
            db.declare(DeclarationKind::NoConflict, "")?;
        }
        db
    } else {
        let Some(name) = request
            .name
            .filter(|n| crate::session::valid_person_name(n))
        else {
            return Err(CliError::from(InputError {
                file: "command line".into(),
                line: None,
                item: Some("--name".into()),
                message: format!(
                    "is missing or not a name, expected the expert's name (one line, 1 to {} characters) to create the new session {}",
                    crate::session::MAX_NAME,
                    path.display()
                ),
            }));
        };
        needs_terminal()?;
        let declaration = request
            .declare_no_conflict
            .then(|| (DeclarationKind::NoConflict, String::new()));
        let new = NewSession {
            rubric: &source.rubric,
            rubric_text: &source.text,
            package: &package,
            check: &check,
            files,
            meeting: None,
            expert: Expert {
                id: request.expert.to_string(),
                name: name.trim().to_string(),
            },
            declaration,
        };
        SessionDb::create(&path, new)?
    };
    let view = PackageView::new(&package.manifest.cluster, &check, source_texts(files));
    let mut app = App::new(db.rubric().clone(), view, db.state().clone(), lang);
    app.key_path = crate::tui::config::load().key;
    Ok((app, db))
}

/// `review --meeting DIR --expert ID`: the expert's meeting screen on the meeting's clusters.
pub fn review_meeting(dir: &Path, expert: &str, lang: Lang) -> Result<String, CliError> {
    use crate::meeting::MeetingDir;
    use crate::tui::screens::meeting::app::{ClusterEntry, MeetingApp};
    use crate::tui::screens::meeting::{MeetingRuntime, run};
    let meeting = MeetingDir::open(dir, lang)?;
    let person = meeting.expert(expert, lang)?.clone();
    let packages = meeting.packages(lang)?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(CliError::from(InputError::file(
            "terminal",
            "the meeting screen needs an interactive terminal, expected one on standard input and output (`meeting status` prints the matrix without one)",
        )));
    }
    // the panel's quantitative points: cohort measures scored against the meeting's clusters
    let values: Vec<std::collections::BTreeMap<String, rust_decimal::Decimal>> = packages
        .iter()
        .map(|p| {
            p.check
                .indicators
                .iter()
                .flat_map(|i| &i.measures)
                .filter_map(|m| m.score.value.map(|v| (m.measure.clone(), v)))
                .collect()
        })
        .collect();
    let best = crate::scoring::cohort_best(&meeting.rubric, values.iter());
    let mut problems = Vec::new();
    let clusters = packages
        .iter()
        .map(|p| {
            let panel = check_package(&meeting.rubric, &p.package, Some(&best));
            let mut entry = ClusterEntry {
                package_id: p.entry.id.clone(),
                cluster: p.package.manifest.cluster.clone(),
                session: None,
                summary: None,
                quantitative: panel
                    .indicators
                    .iter()
                    .map(|i| (i.indicator, i.points))
                    .collect(),
            };
            let path = meeting.session_path(&p.entry.id, expert);
            if std::fs::symlink_metadata(&path).is_ok() {
                match crate::store::read_session(&path) {
                    Ok((_, state)) => entry.set_session(&meeting.rubric, Some(state)),
                    Err(e) => problems.push(e.to_string()),
                }
            }
            entry
        })
        .collect();
    let m = &meeting.meeting;
    let mut app = MeetingApp::new(
        &m.title,
        &m.date,
        person.clone(),
        meeting.rubric.clone(),
        clusters,
        lang,
    );
    app.roster = meeting.roster.is_some();
    app.key_path = crate::tui::config::load().key;
    if !problems.is_empty() {
        app.status = crate::tui::widgets::Status::Error(problems.join("; "));
    }
    run(app, MeetingRuntime::new(meeting, packages, person, lang)).map_err(|e| {
        CliError::from(InputError::file(
            "terminal",
            format!("the terminal failed: {e}"),
        ))
    })?;
    Ok(String::new())
}
