//! `merge`: read the experts' session files, check and count them, print the combined
//! evaluation, and store it for the chair (`--out COMBINED.sqlite`), or write it as an Excel
//! workbook (`--format xlsx --out FILE.xlsx`: `--out` names the workbook then, by its
//! extension; the SQLite file is stored by another `merge --out COMBINED.sqlite`).

use super::CliError;
use super::files::{WriteMode, refuse_existing, write_file};
use crate::error::InputError;
use crate::i18n::Lang;
use crate::package::PackageFiles;
use crate::panel::render::{
    combined_csv, combined_json_text, combined_markdown, combined_table, combined_xlsx,
};
use crate::panel::{ChairInput, Combined, MergeOptions, SessionInput, Signature, merge};
use crate::rubric::Aggregate;
use crate::sheet::{SignoffCheck, check_session_signoff};
use crate::signing::{Roster, parse_roster};
use crate::store::{CombinedDb, CombinedWriter, MergedFrom, StoreError, read_session_file};
use clap::ValueEnum;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Output formats of `merge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MergeFormat {
    /// Aligned tables for the terminal.
    Table,
    /// JSON (decimals as strings).
    Json,
    /// CSV, UTF-8 with BOM (opens in Excel with Chinese intact).
    Csv,
    /// Markdown.
    Md,
    /// An Excel workbook, written to `--out FILE.xlsx` (ranking, one sheet per cluster).
    Xlsx,
}

/// Whether a path names a workbook (`.xlsx`, any letter case).
fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Checks that `--format` and `--out` go together: `--format xlsx` writes `--out FILE.xlsx`,
/// and an `.xlsx` `--out` is written only as a workbook. The message is a usage error.
pub fn check_out(format: MergeFormat, out: Option<&Path>) -> Result<(), String> {
    match (format, out) {
        (MergeFormat::Xlsx, None) => {
            Err("--format xlsx writes a workbook: name it with --out FILE.xlsx".to_string())
        }
        (MergeFormat::Xlsx, Some(path)) if !is_workbook(path) => Err(format!(
            "--format xlsx writes a workbook: --out {} must end in .xlsx (the combined evaluation for the chair is stored by another merge with --out COMBINED.sqlite)",
            path.display()
        )),
        (MergeFormat::Xlsx, Some(_)) => Ok(()),
        (_, Some(path)) if is_workbook(path) => Err(format!(
            "--out {} names a workbook: add --format xlsx (the combined evaluation for the chair is stored as SQLite, --out COMBINED.sqlite)",
            path.display()
        )),
        _ => Ok(()),
    }
}

/// Aggregation methods on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// Drop one highest and one lowest with five or more experts, then the mean.
    Trimmed,
    /// The mean.
    Mean,
    /// The median.
    Median,
}

impl From<MethodArg> for Aggregate {
    fn from(method: MethodArg) -> Self {
        match method {
            MethodArg::Trimmed => Self::Trimmed,
            MethodArg::Mean => Self::Mean,
            MethodArg::Median => Self::Median,
        }
    }
}

/// Reads session files as merge inputs, checking each sign-off: the signature over the stored
/// sheet, the sheet against the session's scores, and (with a roster) the signer's key. With a
/// `store`, each session is written to the combined evaluation as soon as it is checked. A
/// signed sheet's bytes are not kept in the inputs returned (their hash, signature and key are):
/// once checked (and stored) nothing in a merge reads them again, and at some 17 KB a session
/// they would be most of a province-sized merge's memory.
pub fn read_inputs(
    files: &[PathBuf],
    roster: Option<&Roster>,
    store: Option<&Mutex<CombinedWriter>>,
) -> Result<(Vec<SessionInput>, BTreeMap<String, PackageFiles>), CliError> {
    // the files are read and checked on every core: each one is independent
    let workers = std::thread::available_parallelism()
        .map(std::num::NonZeroUsize::get)
        .unwrap_or(1)
        .clamp(1, 8);
    let chunk = files.len().div_ceil(workers).max(1);
    // a package's files are kept once per worker (every expert's session holds a copy): the
    // memory of a merge grows with the packages, not with the sessions
    type Read = Result<(SessionInput, Option<PackageFiles>), CliError>;
    let read: Vec<Read> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut seen = std::collections::HashSet::new();
                    let mut results = Vec::with_capacity(part.len());
                    for path in part {
                        let result = read_input(path, roster).and_then(|(mut input, files)| {
                            if let Some(store) = store {
                                store.lock().map_err(|_| store_failed())?.add(&input)?;
                            }
                            if let Some(signed) = &mut input.state.signed {
                                signed.sheet = Vec::new();
                            }
                            let first = seen.insert(input.state.package.digest.clone());
                            Ok((input, first.then_some(files)))
                        });
                        // the first refusal ends this worker's part: the merge stops there
                        let failed = result.is_err();
                        results.push(result);
                        if failed {
                            break;
                        }
                    }
                    results
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Err(CliError::from(InputError::file(
                        "merge",
                        "a worker reading the sessions failed",
                    )))]
                })
            })
            .collect()
    });
    let mut inputs = Vec::with_capacity(read.len());
    let mut packages = BTreeMap::new();
    for result in read {
        let (input, package_files) = result?;
        if let Some(package_files) = package_files {
            packages
                .entry(input.state.package.digest.clone())
                .or_insert(package_files);
        }
        inputs.push(input);
    }
    Ok((inputs, packages))
}

/// Reads one session file as a merge input, checking its sign-off.
fn read_input(
    path: &Path,
    roster: Option<&Roster>,
) -> Result<(SessionInput, PackageFiles), CliError> {
    let stored = read_session_file(path)?;
    // figures count only as derived from the package's own files, bound to its digest
    let Some(package_files) = stored.files else {
        return Err(CliError::Store(StoreError::Legacy(path.to_path_buf())));
    };
    let (rubric, rubric_text, state) = (stored.rubric, stored.rubric_text, stored.state);
    let signature = match check_session_signoff(&rubric, &state, roster) {
        Ok(SignoffCheck::Unsigned) => Signature::Unsigned,
        Ok(SignoffCheck::Intact) => Signature::NotVerified,
        Ok(SignoffCheck::Verified) => Signature::Verified,
        Err(why) => Signature::Invalid(why),
    };
    Ok((
        SessionInput {
            file: path.display().to_string(),
            rubric,
            rubric_text,
            state,
            signature,
        },
        package_files,
    ))
}

/// The options of `merge`.
#[derive(Debug, Clone, Copy)]
pub struct MergeRequest<'a> {
    /// Aggregation method.
    pub method: Option<MethodArg>,
    /// Where to store the combined evaluation.
    pub out: Option<&'a Path>,
    /// Output format.
    pub format: MergeFormat,
    /// Count unsigned sessions.
    pub allow_unsigned: bool,
    /// Roster to verify signers against.
    pub roster: Option<&'a Path>,
}

/// `merge FILE... [--method] [--out] [--format] [--allow-unsigned] [--roster]`.
pub fn run(files: &[PathBuf], request: &MergeRequest<'_>, lang: Lang) -> Result<String, CliError> {
    let MergeRequest {
        method,
        out,
        format,
        allow_unsigned,
        roster,
    } = *request;
    if let Some(path) = out {
        refuse_existing(
            path,
            "the file is never overwritten; choose another --out for the combined evaluation",
        )?;
    }
    let workbook = out.filter(|_| format == MergeFormat::Xlsx);
    let roster = roster.map(parse_roster).transpose()?;
    // the combined evaluation is filled while the sessions are read (a workbook is not stored)
    let store = out
        .filter(|_| workbook.is_none())
        .map(CombinedDb::begin)
        .transpose()?
        .map(Mutex::new);
    let (inputs, packages) = read_inputs(files, roster.as_ref(), store.as_ref())?;
    let options = MergeOptions {
        method: method.map(Aggregate::from),
        allow_unsigned,
    };
    let combined = merge(&inputs, options, &ChairInput::default())?;
    if let Some(path) = workbook {
        let bytes = combined_xlsx(&combined, lang).map_err(|e| {
            CliError::from(InputError::file(
                path.display().to_string(),
                format!("cannot make the workbook: {e}"),
            ))
        })?;
        write_file(path, &bytes, WriteMode::New)?;
        return Ok(match lang {
            Lang::Zh => format!(
                "已写入 {}：排名和 {} 个集群的评分表\n",
                path.display(),
                combined.clusters.len()
            ),
            Lang::En => format!(
                "wrote {}: the ranking and {} cluster sheets\n",
                path.display(),
                combined.clusters.len()
            ),
        });
    }
    let merged = MergedFrom {
        packages: &packages,
        roster: roster.as_ref(),
        meeting: None,
    };
    // a workbook was written above and returned: what is left prints text
    store_while_rendering(store.map(|store| (store, merged)), &inputs, options, || {
        rendered(&combined, format, lang)
    })
}

/// The combined evaluation printed in a text format (not `Xlsx`, which is written to a file).
fn rendered(combined: &Combined, format: MergeFormat, lang: Lang) -> String {
    match format {
        MergeFormat::Table => combined_table(combined, lang),
        MergeFormat::Json => combined_json_text(combined),
        MergeFormat::Md => combined_markdown(combined, lang),
        MergeFormat::Csv => String::from_utf8_lossy(&combined_csv(combined, lang)).into_owned(),
        MergeFormat::Xlsx => String::new(),
    }
}

/// The error when a reading thread panicked while holding the combined evaluation (its lock is
/// poisoned, and what it stored cannot be trusted).
fn store_failed() -> CliError {
    CliError::from(InputError::file(
        "merge",
        "storing the combined evaluation failed",
    ))
}

/// Completes the combined evaluation (when asked to) while the output is rendered: the two only
/// read what was counted, and for a province-sized merge each takes a good part of a second.
/// The output is returned only once the file is in place; a failed store returns its error and
/// nothing is printed.
fn store_while_rendering(
    store: Option<(Mutex<CombinedWriter>, MergedFrom<'_>)>,
    inputs: &[SessionInput],
    options: MergeOptions,
    render: impl FnOnce() -> String,
) -> Result<String, CliError> {
    std::thread::scope(|scope| {
        let storing = store.map(|(store, merged)| {
            scope.spawn(move || {
                let store = store.into_inner().map_err(|_| store_failed())?;
                store
                    .finish(inputs, options, merged)
                    .map_err(CliError::Store)
            })
        });
        let text = render();
        if let Some(storing) = storing {
            storing.join().unwrap_or_else(|_| {
                Err(CliError::from(InputError::file(
                    "merge",
                    "storing the combined evaluation failed",
                )))
            })?;
        }
        Ok(text)
    })
}

/// `merge --meeting DIR [--method] [--format] [--allow-unsigned]`: exactly the meeting's
/// sessions, always with the meeting's roster, written to `DIR/combined.sqlite` (which must not
/// exist yet); `--out FILE.xlsx` with `--format xlsx` writes the workbook as well.
pub fn run_meeting(dir: &Path, request: &MergeRequest<'_>, lang: Lang) -> Result<String, CliError> {
    let meeting = crate::meeting::MeetingDir::open(dir, lang)?;
    let combined_path = meeting.combined_path();
    if std::fs::symlink_metadata(&combined_path).is_ok() {
        return Err(CliError::from(InputError::file(
            combined_path.display().to_string(),
            lang.pick(
                "已存在：评审会已合并过（从不覆盖）；用 chair --meeting 打开它，或将其移走后重新合并",
                "exists already: the meeting was merged (nothing is overwritten); open it with chair --meeting, or move it away to merge again",
            ),
        )));
    }
    let workbook = request.out.filter(|_| request.format == MergeFormat::Xlsx);
    if let Some(path) = workbook {
        refuse_existing(path, "choose another name (files are never overwritten)")?;
    }
    let files = super::meeting_cmd::merge_files(&meeting, request.allow_unsigned, lang)?;
    let store = Mutex::new(CombinedDb::begin(&combined_path)?);
    let (inputs, packages) = read_inputs(&files, meeting.roster.as_ref(), Some(&store))?;
    let options = MergeOptions {
        method: request.method.map(Aggregate::from),
        allow_unsigned: request.allow_unsigned,
    };
    let combined = merge(&inputs, options, &ChairInput::default())?;
    let reference = meeting.meeting.reference();
    let merged = MergedFrom {
        packages: &packages,
        roster: meeting.roster.as_ref(),
        meeting: Some(&reference),
    };
    let text = store_while_rendering(Some((store, merged)), &inputs, options, || {
        rendered(&combined, request.format, lang)
    })?;
    if let Some(path) = workbook {
        let bytes = combined_xlsx(&combined, lang).map_err(|e| {
            CliError::from(InputError::file(
                path.display().to_string(),
                format!("cannot make the workbook: {e}"),
            ))
        })?;
        write_file(path, &bytes, WriteMode::New)?;
    }
    let recused = combined.excluded.len();
    let counted = inputs.len() - recused;
    let written = match lang {
        Lang::Zh => format!(
            "已写入 {}：评审会 {} 的 {counted} 份会话（另 {recused} 份回避）；组长用 cluster-review chair --meeting {} 打开\n",
            combined_path.display(),
            meeting.meeting.id,
            dir.display()
        ),
        Lang::En => format!(
            "wrote {}: {counted} sessions of meeting {} ({recused} more recused); the chair opens it with cluster-review chair --meeting {}\n",
            combined_path.display(),
            meeting.meeting.id,
            dir.display()
        ),
    };
    Ok(match request.format {
        MergeFormat::Table => format!("{text}{written}"),
        MergeFormat::Xlsx => written,
        // the other formats print the document alone, as a file to keep
        MergeFormat::Json | MergeFormat::Md | MergeFormat::Csv => text,
    })
}
