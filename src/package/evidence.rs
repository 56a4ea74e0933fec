//! `evidence/*.md`: narrative material. A file named `NN-….md` belongs to indicator NN
//! (`01-政策文件.md`); other names are general material about the cluster.

use super::files::PackageFiles;
use super::text::decode;
use crate::error::InputError;

/// One evidence document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFile {
    /// Path inside the package (`evidence/01-政策文件.md`).
    pub path: String,
    /// The indicator it belongs to, from the leading number of its name (0 = general).
    pub indicator: Option<u32>,
    /// Its first Markdown heading, or the file name.
    pub title: String,
    /// The text.
    pub text: String,
}

/// Reads every `evidence/*.md`; `prefix` (the package folder) starts file names in errors.
pub fn parse_evidence(
    prefix: &str,
    files: &PackageFiles,
) -> Result<Vec<EvidenceFile>, Vec<InputError>> {
    let mut evidence = Vec::new();
    let mut errors = Vec::new();
    for (path, bytes) in files.in_folder("evidence", "md") {
        match decode(&format!("{prefix}/{path}"), bytes) {
            Ok((text, _)) => {
                let name = path.trim_start_matches("evidence/");
                let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
                let indicator = digits.parse::<u32>().ok().filter(|n| *n > 0);
                let title = text
                    .lines()
                    .find_map(|l| {
                        l.strip_prefix('#')
                            .map(|h| h.trim_start_matches('#').trim().to_string())
                    })
                    .unwrap_or_else(|| name.trim_end_matches(".md").to_string());
                evidence.push(EvidenceFile {
                    path: path.to_string(),
                    indicator,
                    title,
                    text,
                });
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(evidence)
    } else {
        Err(errors)
    }
}
