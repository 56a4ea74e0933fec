//! Which rubric a command uses: the `--rubric` file, else `rubrics/nanjing-2023.toml` in the
//! current folder, else the copy embedded in the binary (so a fresh machine works).

use crate::error::{InputError, InputErrors};
use crate::rubric::{self, EMBEDDED_NAME, EMBEDDED_TEXT, Rubric};
use std::path::Path;

/// A rubric with where it came from and its exact text.
#[derive(Debug)]
pub struct RubricSource {
    /// The validated rubric.
    pub rubric: Rubric,
    /// Where it came from, for reports.
    pub name: String,
    /// Its exact text (sessions keep a copy).
    pub text: String,
}

/// Loads the rubric a command should use.
pub fn resolve(explicit: Option<&Path>) -> Result<RubricSource, InputErrors> {
    let from_file = |path: &Path| -> Result<RubricSource, InputErrors> {
        let name = path.display().to_string();
        let bytes = crate::files::read_regular(path, crate::files::MAX_INPUT_BYTES)
            .map_err(|e| InputError::file(&name, format!("the rubric {e}")))?;
        let rubric = rubric::parse(&name, &bytes)?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Ok(RubricSource { rubric, name, text })
    };
    match explicit {
        Some(path) => from_file(path),
        None if Path::new(EMBEDDED_NAME).is_file() => from_file(Path::new(EMBEDDED_NAME)),
        None => Ok(RubricSource {
            rubric: rubric::embedded()?,
            name: format!("{EMBEDDED_NAME} (embedded)"),
            text: EMBEDDED_TEXT.to_string(),
        }),
    }
}
