//! `chair COMBINED.sqlite [--signer ID --name NAME]` and `chair --meeting DIR`: the chair's
//! screen on a stored combined evaluation (a meeting's: with its chair, roster and title).

use super::CliError;
use crate::error::InputError;
use crate::i18n::Lang;
use crate::meeting::MeetingDir;
use crate::session::{valid_expert_id, valid_person_name};
use crate::store::{CombinedDb, read_combined_signoff};
use crate::tui::screens::chair::app::{ChairApp, ChairSigner};
use crate::tui::screens::chair::{SignContext, signed_by};
use std::io::IsTerminal;
use std::path::Path;

/// Opens the combined evaluation for the chair's changes and runs the chair's screen; with
/// `signer` (id, name) the chair can sign from it.
pub fn run(file: &Path, signer: Option<(&str, &str)>, lang: Lang) -> Result<String, CliError> {
    if let Some((id, name)) = signer
        && (!valid_expert_id(id) || !valid_person_name(name))
    {
        return Err(CliError::from(InputError::file(
            "--signer",
            format!(
                "found \"{id}\" / \"{name}\", expected an id of letters, digits, . _ - and a name"
            ),
        )));
    }
    let signer = signer.map(|(id, name)| ChairSigner {
        id: id.to_string(),
        name: name.trim().to_string(),
    });
    screen(file, signer, SignContext::default(), None, lang)
}

/// `chair --meeting DIR`: the meeting's combined evaluation, its sessions checked to be the
/// meeting's, signed by the meeting's chair through the compliance gate.
pub fn run_meeting(dir: &Path, lang: Lang) -> Result<String, CliError> {
    let meeting = MeetingDir::open(dir, lang)?;
    let file = meeting.combined_path();
    if std::fs::symlink_metadata(&file).is_err() {
        return Err(CliError::from(InputError::file(
            file.display().to_string(),
            match lang {
                Lang::Zh => format!(
                    "尚不存在：先合并评审会的会话（cluster-review merge --meeting {}）",
                    dir.display()
                ),
                Lang::En => format!(
                    "does not exist yet: merge the meeting's sessions first (cluster-review merge --meeting {})",
                    dir.display()
                ),
            },
        )));
    }
    let m = &meeting.meeting;
    let signer = ChairSigner {
        id: m.chair.id.clone(),
        name: m.chair.name.clone(),
    };
    let context = SignContext {
        roster: meeting.roster.clone(),
        meeting: Some(m.reference()),
    };
    let title = format!("{}（{}）", m.title, m.date);
    screen_checked(
        &file,
        Some(signer),
        context,
        Some(title),
        Some(&meeting),
        lang,
    )
}

fn screen(
    file: &Path,
    signer: Option<ChairSigner>,
    context: SignContext,
    meeting: Option<String>,
    lang: Lang,
) -> Result<String, CliError> {
    screen_checked(file, signer, context, meeting, None, lang)
}

fn screen_checked(
    file: &Path,
    signer: Option<ChairSigner>,
    context: SignContext,
    title: Option<String>,
    meeting: Option<&MeetingDir>,
    lang: Lang,
) -> Result<String, CliError> {
    let db = CombinedDb::open(file)?;
    if let Some(meeting) = meeting {
        for input in db.inputs() {
            let path = Path::new(&input.file);
            super::meeting_cmd::check_meeting_session(meeting, path, &input.state, lang)?;
        }
    }
    let combined = db.combined()?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(CliError::from(InputError::file(
            "terminal",
            "the chair's screen needs an interactive terminal, expected one on standard input and output (`merge --format` prints the evaluation without one)",
        )));
    }
    let mut app = ChairApp::new(
        combined,
        db.chair().clone(),
        &file.display().to_string(),
        lang,
    );
    app.set_inputs(db.inputs());
    app.signer = signer;
    app.meeting = title;
    app.key_path = crate::tui::config::load().key;
    if db.is_signed()
        && let Ok(Some((signoff, signer))) = read_combined_signoff(file)
    {
        app.signed_by = Some(signed_by(&signer.id, &signer.name, &signoff.at, lang));
    }
    crate::tui::screens::chair::run(app, db, context).map_err(|e| {
        CliError::from(InputError::file(
            "terminal",
            format!("the terminal failed: {e}"),
        ))
    })?;
    Ok(String::new())
}
