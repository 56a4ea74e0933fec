//! `chair COMBINED.sqlite`: the chair's screen on a stored combined evaluation.

use super::CliError;
use crate::error::InputError;
use crate::i18n::Lang;
use crate::store::CombinedDb;
use crate::tui::screens::chair::app::ChairApp;
use std::io::IsTerminal;
use std::path::Path;

/// Opens the combined evaluation for the chair's changes and runs the chair's screen.
pub fn run(file: &Path, lang: Lang) -> Result<String, CliError> {
    let db = CombinedDb::open(file)?;
    let combined = db.combined()?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(CliError::from(InputError::file(
            "terminal",
            "the chair's screen needs an interactive terminal, expected one on standard input and output (`merge --format` prints the evaluation without one)",
        )));
    }
    let app = ChairApp::new(
        combined,
        db.chair().clone(),
        &file.display().to_string(),
        lang,
    );
    crate::tui::screens::chair::run(app, db).map_err(|e| {
        CliError::from(InputError::file(
            "terminal",
            format!("the terminal failed: {e}"),
        ))
    })?;
    Ok(String::new())
}
