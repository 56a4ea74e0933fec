//! Which rubric a command uses: the `--rubric` file, else `rubrics/nanjing-2023.toml` in the
//! current folder, else the copy embedded in the binary (so a fresh machine works).

use crate::error::InputErrors;
use crate::rubric::{self, EMBEDDED_NAME, Rubric};
use std::path::Path;

/// Loads the rubric a command should use and says where it came from.
pub fn resolve(explicit: Option<&Path>) -> Result<(Rubric, String), InputErrors> {
    match explicit {
        Some(path) => Ok((rubric::load_file(path)?, path.display().to_string())),
        None if Path::new(EMBEDDED_NAME).is_file() => Ok((
            rubric::load_file(Path::new(EMBEDDED_NAME))?,
            EMBEDDED_NAME.to_string(),
        )),
        None => Ok((rubric::embedded()?, format!("{EMBEDDED_NAME} (embedded)"))),
    }
}
