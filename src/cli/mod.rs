//! The command line: clap definitions and dispatch. Each command lives in its own module and
//! only translates between arguments, the core and the terminal.

mod archive_cmd;
mod chair_cmd;
mod console;
mod files;
mod history_cmd;
mod json_out;
mod keygen_cmd;
mod meeting_cmd;
mod merge_cmd;
mod package_cmd;
mod pdf_font;
mod review_cmd;
mod rubric_cmd;
mod rubric_source;
mod session_cmd;
mod sheet_cmd;
mod sign_cmd;
mod template_cmd;
mod verify_cmd;

use crate::error::InputErrors;
use crate::i18n::Lang;
use crate::store::StoreError;
use clap::{ArgGroup, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Evaluate Nanjing's innovative industrial clusters (创新型产业集群) against the city's
/// weighted 20-indicator rubric — exactly, offline, keyboard only.
#[derive(Debug, Parser)]
#[command(name = "cluster-review", version, about, long_about = None)]
pub struct Cli {
    /// Language of the output: zh (中文, default) or en.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    pub lang: Lang,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Open the expert's review screen (TUI) on a package, creating the session if needed.
    Review {
        /// The package folder.
        #[arg(long, required_unless_present = "meeting")]
        package: Option<PathBuf>,
        /// The review meeting: the expert's list of the meeting's clusters (Enter opens one).
        #[arg(long, value_name = "DIR", conflicts_with_all = ["package", "rubric", "name", "session", "declare_no_conflict"])]
        meeting: Option<PathBuf>,
        /// Rubric file [default: rubrics/nanjing-2023.toml, else the embedded copy].
        #[arg(long)]
        rubric: Option<PathBuf>,
        /// The expert's id (letters, digits, . _ -).
        #[arg(long)]
        expert: String,
        /// The expert's name (needed when the session is new).
        #[arg(long)]
        name: Option<String>,
        /// Session file [default: sessions/<package-id>/<expert-id>.sqlite].
        #[arg(long)]
        session: Option<PathBuf>,
        /// On a new session, declare no conflict of interest instead of being asked.
        #[arg(long)]
        declare_no_conflict: bool,
    },
    /// Check or show an evaluation rubric (评价指标体系, TOML).
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Check a submission package (申报材料).
    #[command(subcommand)]
    Package(PackageCommand),
    /// Create, edit, import and show an expert's session file (评审会话, SQLite).
    #[command(subcommand)]
    Session(SessionCommand),
    /// Merge the experts' session files of one or many clusters into the combined evaluation.
    Merge {
        /// Session files (.sqlite), of one or many clusters.
        #[arg(required_unless_present = "meeting", conflicts_with = "meeting")]
        files: Vec<PathBuf>,
        /// Merge exactly the sessions of this review meeting (with its roster) into
        /// DIR/combined.sqlite.
        #[arg(long, value_name = "DIR", conflicts_with = "roster")]
        meeting: Option<PathBuf>,
        /// Aggregation of the experts' points [default: the rubric's, trimmed].
        #[arg(long, value_enum)]
        method: Option<merge_cmd::MethodArg>,
        /// Store the combined evaluation for the chair (must not exist yet); with
        /// --format xlsx, the workbook to write instead (FILE.xlsx, must not exist yet).
        #[arg(long, value_name = "COMBINED.sqlite|FILE.xlsx")]
        out: Option<PathBuf>,
        /// Output format (xlsx: a workbook written to --out FILE.xlsx).
        #[arg(long, value_enum, default_value = "table")]
        format: merge_cmd::MergeFormat,
        /// Count unsigned sessions too (they are marked as unsigned in every output).
        #[arg(long)]
        allow_unsigned: bool,
        /// Check every signature against this roster of public keys (see the README).
        #[arg(long, value_name = "ROSTER.toml")]
        roster: Option<PathBuf>,
    },
    /// Make an Ed25519 key pair: DIR/ID.key.pem (PKCS#8 v1, owner-only) and DIR/ID.pub.pem.
    Keygen {
        /// Folder for the two files.
        #[arg(long)]
        out: PathBuf,
        /// The expert's (or chair's) id.
        #[arg(long)]
        id: String,
    },
    /// Sign a session (expert) or a combined evaluation (chair): writes NAME.json and
    /// NAME.json.sig, and the file becomes read-only.
    Sign {
        /// The session or combined evaluation file.
        file: PathBuf,
        /// The signer's private key (PEM, from `keygen` or `openssl genpkey -algorithm ed25519`).
        #[arg(long, value_name = "KEY.pem")]
        key: PathBuf,
        /// Where to write the sheet [default: beside FILE, <stem>.r<revision>.json].
        #[arg(long, value_name = "SHEET.json")]
        out: Option<PathBuf>,
        /// The chair's id (signing a combined evaluation).
        #[arg(long)]
        signer: Option<String>,
        /// The chair's name (signing a combined evaluation).
        #[arg(long)]
        name: Option<String>,
        /// Refuse a key that is not this roster's key of the signer (before anything is written).
        #[arg(long, value_name = "ROSTER.toml")]
        roster: Option<PathBuf>,
    },
    /// Write the score sheet of a session, combined evaluation or sheet file as JSON, CSV,
    /// printable HTML or archival PDF/A-1b. Unsigned files give a draft marked as such.
    Sheet {
        /// A session, combined evaluation, or sheet (.json).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum)]
        format: sheet_cmd::SheetFormat,
        /// The file to write (never the file the sheet is made from).
        #[arg(long)]
        out: PathBuf,
        /// Replace the file (and its .sig) if it exists and is a sheet of the same kind.
        #[arg(long)]
        force: bool,
        /// Check the signer's key against this roster (else only the key the sheet names).
        #[arg(long, value_name = "ROSTER.toml")]
        roster: Option<PathBuf>,
        /// The CJK font to embed in a PDF [default: the first of Noto Sans CJK SC, Source Han
        /// Sans, WenQuanYi, Microsoft YaHei, SimSun, PingFang SC … found on the system].
        #[arg(long, value_name = "FONT.ttf|otf|ttc")]
        font: Option<PathBuf>,
    },
    /// Verify a signed sheet (signature in SHEET.sig) with a public key or the roster.
    #[command(group(ArgGroup::new("key").args(["public", "roster"]).required(true)))]
    Verify {
        /// The sheet (.json).
        sheet: PathBuf,
        /// The signer's public key (SPKI PEM).
        #[arg(long = "pub", value_name = "PUB.pem")]
        public: Option<PathBuf>,
        /// A roster mapping ids to public keys.
        #[arg(long, value_name = "ROSTER.toml")]
        roster: Option<PathBuf>,
        /// The signature file [default: SHEET.sig].
        #[arg(long, value_name = "SHEET.json.sig")]
        sig: Option<PathBuf>,
    },
    /// The bureau's tamper-evident archive of signed sheets.
    #[command(subcommand)]
    Archive(ArchiveCommand),
    /// Open the chair's screen on a stored combined evaluation: the matrix, consensus notes,
    /// agreed corrections, ranking and agreement.
    Chair {
        /// The combined evaluation written by `merge --out`.
        #[arg(required_unless_present = "meeting", conflicts_with = "meeting")]
        file: Option<PathBuf>,
        /// The review meeting whose combined evaluation (DIR/combined.sqlite) to open; the
        /// chair, roster and meeting come from the folder.
        #[arg(long, value_name = "DIR")]
        meeting: Option<PathBuf>,
        /// The chair's id, to sign from the screen (a meeting names its chair).
        #[arg(long, conflicts_with = "meeting", requires = "name")]
        signer: Option<String>,
        /// The chair's name, to sign from the screen.
        #[arg(long, conflicts_with = "meeting", requires = "signer")]
        name: Option<String>,
    },
    /// The review meeting (评审会): one panel, several clusters, one folder that binds them.
    #[command(subcommand)]
    Meeting(MeetingCommand),
}

#[derive(Debug, Subcommand)]
enum MeetingCommand {
    /// Build a meeting folder: the rubric and packages copied in and checked (a bad package
    /// refuses the whole folder), digests, experts, chair, date, place, kind, roster.
    Init {
        /// The new meeting folder (must not exist, or be empty).
        dir: PathBuf,
        /// The meeting's id [default: the folder's name, if it is an id].
        #[arg(long)]
        id: Option<String>,
        /// Title (会议名称).
        #[arg(long)]
        title: String,
        /// Date of the sitting, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// Place.
        #[arg(long)]
        place: Option<String>,
        /// application | midterm | performance | acceptance [default: performance].
        #[arg(long)]
        kind: Option<String>,
        /// Rubric file [default: rubrics/nanjing-2023.toml, else the embedded copy].
        #[arg(long)]
        rubric: Option<PathBuf>,
        /// The package folders (one or more).
        #[arg(long = "package", value_name = "PKG", required = true, num_args = 1..)]
        packages: Vec<PathBuf>,
        /// The experts, ID=NAME (one or more).
        #[arg(long = "expert", value_name = "ID=NAME", required = true, num_args = 1..)]
        experts: Vec<String>,
        /// The chair (评审组长), ID=NAME.
        #[arg(long, value_name = "ID=NAME")]
        chair: String,
        /// The roster of the experts' and chair's public keys (may come later, before signing).
        #[arg(long, value_name = "ROSTER.toml")]
        roster: Option<PathBuf>,
    },
    /// The expert × cluster matrix: none, declared, in progress n of 20, ready, signed rN,
    /// recused — and what blocks each cell.
    Status {
        /// The meeting folder.
        dir: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write an expert's sessions and signed sheets to a folder (a USB stick) with a receipt
    /// ID.receipt.json (SHA-256 of every file), signed with --key as ID.receipt.json.sig.
    Export {
        /// The meeting folder.
        dir: PathBuf,
        /// The expert.
        #[arg(long)]
        expert: String,
        /// The export folder (must not exist, or be empty).
        #[arg(long)]
        to: PathBuf,
        /// The expert's private key, to sign the receipt.
        #[arg(long, value_name = "KEY.pem")]
        key: Option<PathBuf>,
    },
    /// Take experts' exports into the meeting: receipts, hashes and bindings checked, a later
    /// revision over an earlier one; all or nothing.
    Collect {
        /// The meeting folder.
        dir: PathBuf,
        /// Export folders.
        #[arg(required = true)]
        from: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum ArchiveCommand {
    /// Verify sheets (and their SHEET.sig) and append them; all or none.
    Add {
        /// The archive (created if missing).
        archive: PathBuf,
        /// Signed sheets (.json).
        #[arg(required = true)]
        sheets: Vec<PathBuf>,
        /// Also check each signer's key against this roster.
        #[arg(long, value_name = "ROSTER.toml")]
        roster: Option<PathBuf>,
    },
    /// List the entries, optionally filtered.
    List {
        /// The archive.
        archive: PathBuf,
        /// Cluster name or package id contains this text.
        #[arg(long)]
        cluster: Option<String>,
        /// Signed by this expert (or chair) id.
        #[arg(long)]
        expert: Option<String>,
        /// Of this year.
        #[arg(long)]
        year: Option<i64>,
        /// Print JSON (same as --format json).
        #[arg(long)]
        json: bool,
        /// Output format (xlsx: a workbook written to --out FILE.xlsx).
        #[arg(long, value_enum, default_value = "table")]
        format: archive_cmd::ListFormat,
        /// The workbook to write with --format xlsx (must not exist yet).
        #[arg(long, value_name = "FILE.xlsx")]
        out: Option<PathBuf>,
    },
    /// One cluster's evaluations over the rounds (七(三)) and the figures restated between them.
    #[command(group(ArgGroup::new("which").required(true).args(["package_id", "cluster"])))]
    History {
        /// The archive.
        archive: PathBuf,
        /// The cluster of this package id.
        #[arg(long)]
        package_id: Option<String>,
        /// The cluster whose name contains this text (exactly one must match).
        #[arg(long)]
        cluster: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Re-check every signature and the whole hash chain; names the first broken entry.
    Verify {
        /// The archive.
        archive: PathBuf,
        /// Also check each signer's key against this roster.
        #[arg(long, value_name = "ROSTER.toml")]
        roster: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum RubricCommand {
    /// Validate a rubric file; exit 1 with every problem (file, line, item) if invalid.
    Check {
        /// The rubric TOML file.
        file: PathBuf,
    },
    /// Print a rubric's categories and indicators.
    Show {
        /// The rubric TOML file.
        file: PathBuf,
        /// Print JSON (decimals as strings) instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum PackageCommand {
    /// Validate a package, derive figures from its detail tables and score its quantitative
    /// indicators; exit 1 with every problem if invalid.
    Check {
        /// The package folder (package.toml, measures.csv, tables/, evidence/).
        dir: PathBuf,
        /// Rubric file [default: rubrics/nanjing-2023.toml, else the embedded copy].
        #[arg(long)]
        rubric: Option<PathBuf>,
        /// Print JSON (decimals as strings) instead of a report.
        #[arg(long)]
        json: bool,
    },
    /// Write an empty package for a park to fill into DIR (a new or empty folder):
    /// package.toml with comments, every measure with its unit, every table with its Chinese
    /// headers — CSV files, or one workbook package.xlsx with drop-down lists (--xlsx).
    Template {
        /// The new package folder.
        dir: PathBuf,
        /// Rubric whose measures are listed [default: rubrics/nanjing-2023.toml, else the embedded copy].
        #[arg(long)]
        rubric: Option<PathBuf>,
        /// One workbook package.xlsx instead of measures.csv and tables/*.csv.
        #[arg(long)]
        xlsx: bool,
    },
}

#[derive(Debug, Subcommand)]
enum SessionCommand {
    /// Create a session for an expert and a package [default file: sessions/<package-id>/<expert-id>.sqlite].
    #[command(group(ArgGroup::new("declaration").args(["declare_no_conflict", "recuse"])))]
    New {
        /// The package folder.
        #[arg(long)]
        package: PathBuf,
        /// Rubric file [default: rubrics/nanjing-2023.toml, else the embedded copy].
        #[arg(long)]
        rubric: Option<PathBuf>,
        /// The expert's id (letters, digits, . _ -), unique on the panel.
        #[arg(long)]
        expert: String,
        /// The expert's name, as printed on the sheet.
        #[arg(long)]
        name: String,
        /// Session file [default: sessions/<package-id>/<expert-id>.sqlite].
        #[arg(long)]
        session: Option<PathBuf>,
        /// Declare no conflict of interest with this package (无利益冲突).
        #[arg(long)]
        declare_no_conflict: bool,
        /// Recuse (回避) from this package, giving the reason.
        #[arg(long, value_name = "REASON")]
        recuse: Option<String>,
    },
    /// Make the conflict-of-interest declaration of an existing session.
    #[command(group(ArgGroup::new("declaration").args(["no_conflict", "recuse"]).required(true)))]
    Declare {
        /// The session file.
        file: PathBuf,
        /// No conflict of interest.
        #[arg(long)]
        no_conflict: bool,
        /// Recuse, giving the reason.
        #[arg(long, value_name = "REASON")]
        recuse: Option<String>,
    },
    /// Change a session: points and comment of an indicator, status/note/corrected figure of a
    /// measure, the overall opinion, or an application condition. Several changes of one call are saved together.
    #[command(group(ArgGroup::new("target").args(["indicator", "measure", "overall", "condition"]).required(true)))]
    #[command(group(ArgGroup::new("indicator_change").args(["points", "comment"]).multiple(true)))]
    #[command(group(ArgGroup::new("measure_change").args(["status", "note", "corrected"]).multiple(true)))]
    #[command(group(ArgGroup::new("condition_change").args(["verdict", "note"]).multiple(true)))]
    #[command(group(ArgGroup::new("note_of").args(["measure", "condition"])))]
    Set {
        /// The session file.
        file: PathBuf,
        /// Indicator number (1–20).
        #[arg(long, requires = "indicator_change")]
        indicator: Option<u32>,
        /// Points for a qualitative indicator (within [0, weight], on the step).
        #[arg(long, requires = "indicator")]
        points: Option<String>,
        /// Opinion or comment on the indicator.
        #[arg(long, requires = "indicator")]
        comment: Option<String>,
        /// Measure id (see `rubric show`).
        #[arg(long, requires = "measure_change")]
        measure: Option<String>,
        /// unchecked | verified | doubtful | missing (or 未核验, 已核实, 存疑, 缺证明).
        #[arg(long, requires = "measure")]
        status: Option<String>,
        /// Note on the measure (with --measure) or the condition (with --condition).
        #[arg(long, requires = "note_of")]
        note: Option<String>,
        /// The corrected figure ("" clears it).
        #[arg(long, requires = "measure")]
        corrected: Option<String>,
        /// The overall opinion (综合评价意见).
        #[arg(long)]
        overall: Option<String>,
        /// Application condition (申报条件, 1–6), in an application review.
        #[arg(long, requires = "condition_change", conflicts_with = "measure")]
        condition: Option<u32>,
        /// met | largely_met | not_met (or 符合, 基本符合, 不符合).
        #[arg(long, requires = "condition")]
        verdict: Option<String>,
    },
    /// Import a paper score sheet typed in as CSV (UTF-8 or GB18030) or filled in Excel
    /// (.xlsx, its first worksheet): all rows or none.
    #[command(group(ArgGroup::new("sheet").args(["csv", "xlsx"]).required(true)))]
    Import {
        /// The session file.
        file: PathBuf,
        /// The CSV sheet (columns kind,id,points,status,corrected,text; see the README).
        #[arg(long, value_name = "SHEET.csv")]
        csv: Option<PathBuf>,
        /// The sheet as a workbook (from `session template --out SHEET.xlsx`, say).
        #[arg(long, value_name = "SHEET.xlsx")]
        xlsx: Option<PathBuf>,
    },
    /// Write the paper score sheet an expert fills by hand or in Excel: rows for the
    /// qualitative indicators, every measure and the overall opinion, in the columns of
    /// `session import` (a workbook for .xlsx, else CSV).
    Template {
        /// The sheet to write (SHEET.xlsx or SHEET.csv; never overwritten).
        #[arg(long, value_name = "SHEET.xlsx|SHEET.csv")]
        out: PathBuf,
        /// Rubric [default: rubrics/nanjing-2023.toml, else the embedded copy].
        #[arg(long)]
        rubric: Option<PathBuf>,
    },
    /// Upgrade a session made by an earlier version: the package it was made with is kept in it
    /// from then on (its files must match the digest the session recorded).
    Upgrade {
        /// The session file.
        file: PathBuf,
        /// The package folder the session was made with.
        #[arg(long)]
        package: PathBuf,
    },
    /// Start a new revision of a signed session, with the reason; the signed revision and its
    /// sheet stay on record, and signing the new one supersedes it at merge.
    Revise {
        /// The session file.
        file: PathBuf,
        /// Why the signed sheet is being changed.
        #[arg(long)]
        reason: String,
    },
    /// Show a session (also while another process has it open).
    Show {
        /// The session file.
        file: PathBuf,
        /// Print JSON (decimals as strings) instead of a report.
        #[arg(long)]
        json: bool,
    },
}

/// Why a command failed (exit code 1).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Invalid input files.
    #[error("{0}")]
    Input(#[from] InputErrors),
    /// A session file cannot be used or an edit was refused.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The sessions cannot be merged.
    #[error("{0}")]
    Merge(#[from] crate::panel::MergeRefused),
}

impl From<crate::error::InputError> for CliError {
    fn from(error: crate::error::InputError) -> Self {
        Self::Input(InputErrors::one(error))
    }
}

/// Runs the command line; exit code 0 on success, 1 on invalid input, 2 on usage errors.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang;
    let demo = cli.command.is_none();
    let result = match cli.command {
        None => review_cmd::demo(lang),
        Some(command) => command_result(command, lang),
    };
    match result {
        Ok(output) => emit(&output),
        Err(error) => {
            report(&error, lang);
            // a double-clicked demo's console closes at exit: let the message be read
            if demo {
                console::pause_if_own_console(lang);
            }
            ExitCode::from(1)
        }
    }
}

fn command_result(command: Command, lang: Lang) -> Result<String, CliError> {
    match command {
        Command::Review {
            meeting: Some(dir),
            expert,
            ..
        } => review_cmd::review_meeting(&dir, &expert, lang),
        Command::Review {
            package,
            rubric,
            expert,
            name,
            session,
            declare_no_conflict,
            meeting: None,
        } => {
            let request = review_cmd::ReviewRequest {
                package: package.as_deref(),
                rubric: rubric.as_deref(),
                expert: &expert,
                name: name.as_deref(),
                session: session.as_deref(),
                declare_no_conflict,
            };
            review_cmd::review(&request, lang)
        }
        Command::Rubric(RubricCommand::Check { file }) => rubric_cmd::check(&file, lang),
        Command::Rubric(RubricCommand::Show { file, json }) => rubric_cmd::show(&file, json, lang),
        Command::Package(PackageCommand::Check { dir, rubric, json }) => {
            package_cmd::check(&dir, rubric.as_deref(), json, lang)
        }
        Command::Package(PackageCommand::Template { dir, rubric, xlsx }) => {
            template_cmd::package(&dir, rubric.as_deref(), xlsx, lang)
        }
        Command::Session(command) => session(command, lang),
        Command::Chair {
            file,
            meeting,
            signer,
            name,
        } => match (meeting, file) {
            (Some(dir), _) => chair_cmd::run_meeting(&dir, lang),
            (None, Some(file)) => {
                chair_cmd::run(&file, signer.as_deref().zip(name.as_deref()), lang)
            }
            // clap requires one of the two
            (None, None) => Err(CliError::from(crate::error::InputError::file(
                "chair",
                "expected COMBINED.sqlite or --meeting DIR",
            ))),
        },
        Command::Meeting(command) => meeting(command, lang),
        Command::Merge {
            files,
            meeting: Some(dir),
            method,
            out,
            format,
            allow_unsigned,
            roster: _,
        } => {
            usage_check(merge_cmd::check_out(format, out.as_deref()));
            if format != merge_cmd::MergeFormat::Xlsx && out.is_some() {
                usage_check(Err(
                    "--meeting writes DIR/combined.sqlite: --out only names a workbook (--format xlsx --out FILE.xlsx)".to_string(),
                ));
            }
            let _ = files;
            merge_cmd::run_meeting(
                &dir,
                &merge_cmd::MergeRequest {
                    method,
                    out: out.as_deref(),
                    format,
                    allow_unsigned,
                    roster: None,
                },
                lang,
            )
        }
        Command::Merge {
            files,
            meeting: None,
            method,
            out,
            format,
            allow_unsigned,
            roster,
        } => {
            usage_check(merge_cmd::check_out(format, out.as_deref()));
            merge_cmd::run(
                &files,
                &merge_cmd::MergeRequest {
                    method,
                    out: out.as_deref(),
                    format,
                    allow_unsigned,
                    roster: roster.as_deref(),
                },
                lang,
            )
        }
        Command::Keygen { out, id } => keygen_cmd::run(&out, &id, lang),
        Command::Sign {
            file,
            key,
            out,
            signer,
            name,
            roster,
        } => sign_cmd::run(
            &file,
            &key,
            out.as_deref(),
            sign_cmd::ChairSigner {
                id: signer.as_deref(),
                name: name.as_deref(),
            },
            roster.as_deref(),
            lang,
        ),
        Command::Sheet {
            file,
            format,
            out,
            force,
            roster,
            font,
        } => sheet_cmd::run(
            &file,
            format,
            &out,
            sheet_cmd::Options {
                force,
                font: font.as_deref(),
                roster: roster.as_deref(),
            },
            lang,
        ),
        Command::Verify {
            sheet,
            public,
            roster,
            sig,
        } => {
            let source = match (&public, &roster) {
                (Some(path), _) => verify_cmd::KeySource::Pub(path),
                (None, Some(path)) => verify_cmd::KeySource::Roster(path),
                // clap requires one of the two
                (None, None) => {
                    return Err(CliError::from(crate::error::InputError::file(
                        "--pub",
                        "expected --pub PUB.pem or --roster ROSTER.toml",
                    )));
                }
            };
            verify_cmd::run(&sheet, sig.as_deref(), source, lang)
        }
        Command::Archive(ArchiveCommand::Add {
            archive,
            sheets,
            roster,
        }) => archive_cmd::add(&archive, &sheets, roster.as_deref(), lang),
        Command::Archive(ArchiveCommand::List {
            archive,
            cluster,
            expert,
            year,
            json,
            format,
            out,
        }) => {
            let format = if json {
                archive_cmd::ListFormat::Json
            } else {
                format
            };
            usage_check(archive_cmd::check_out(format, out.as_deref()));
            archive_cmd::list(
                &archive,
                &archive_cmd::Filter {
                    cluster,
                    expert,
                    year,
                },
                format,
                out.as_deref(),
                lang,
            )
        }
        Command::Archive(ArchiveCommand::History {
            archive,
            package_id,
            cluster,
            json,
        }) => {
            let pick = match (package_id, cluster) {
                (Some(id), _) => crate::archive::ClusterPick::PackageId(id),
                (None, Some(text)) => crate::archive::ClusterPick::Name(text),
                // clap requires one of the two
                (None, None) => crate::archive::ClusterPick::Name(String::new()),
            };
            history_cmd::run(&archive, &pick, json, lang)
        }
        Command::Archive(ArchiveCommand::Verify { archive, roster }) => {
            archive_cmd::verify(&archive, roster.as_deref(), lang)
        }
    }
}

/// Ends with a usage error (exit 2, like clap's own) when options do not go together.
fn usage_check(check: Result<(), String>) {
    if let Err(message) = check {
        use clap::CommandFactory;
        Cli::command()
            .error(clap::error::ErrorKind::ArgumentConflict, message)
            .exit();
    }
}

/// Writes a command's output. A reader that stops early (`| head`) is not an error; any other
/// failure to write is (exit 1).
fn emit(output: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

fn meeting(command: MeetingCommand, lang: Lang) -> Result<String, CliError> {
    match command {
        MeetingCommand::Init {
            dir,
            id,
            title,
            date,
            place,
            kind,
            rubric,
            packages,
            experts,
            chair,
            roster,
        } => meeting_cmd::init_cmd(
            &meeting_cmd::InitArgs {
                dir: &dir,
                id: id.as_deref(),
                title: &title,
                date: &date,
                place: place.as_deref(),
                kind: kind.as_deref(),
                rubric: rubric.as_deref(),
                packages: &packages,
                experts: &experts,
                chair: &chair,
                roster: roster.as_deref(),
            },
            lang,
        ),
        MeetingCommand::Status { dir, json } => meeting_cmd::status_cmd(&dir, json, lang),
        MeetingCommand::Export {
            dir,
            expert,
            to,
            key,
        } => meeting_cmd::export_cmd(&dir, &expert, &to, key.as_deref(), lang),
        MeetingCommand::Collect { dir, from } => meeting_cmd::collect_cmd(&dir, &from, lang),
    }
}

fn session(command: SessionCommand, lang: Lang) -> Result<String, CliError> {
    match command {
        SessionCommand::New {
            package,
            rubric,
            expert,
            name,
            session,
            declare_no_conflict,
            recuse,
        } => {
            let declaration = session_cmd::declaration(declare_no_conflict, recuse);
            session_cmd::new(
                &package,
                rubric.as_deref(),
                &expert,
                &name,
                session.as_deref(),
                declaration,
                lang,
            )
        }
        SessionCommand::Declare {
            file,
            no_conflict,
            recuse,
        } => {
            let declaration = session_cmd::declaration(no_conflict, recuse);
            session_cmd::declare(&file, declaration, lang)
        }
        SessionCommand::Set {
            file,
            indicator,
            points,
            comment,
            measure,
            status,
            note,
            corrected,
            overall,
            condition,
            verdict,
        } => {
            let change = session_cmd::Change {
                condition,
                verdict,
                indicator,
                points,
                comment,
                measure,
                status,
                note,
                corrected,
                overall,
            };
            session_cmd::set(&file, change, lang)
        }
        SessionCommand::Import { file, csv, xlsx } => match (csv, xlsx) {
            (_, Some(sheet)) => session_cmd::import(&file, &sheet, true, lang),
            (Some(sheet), None) => session_cmd::import(&file, &sheet, false, lang),
            // clap requires one of the two
            (None, None) => Err(CliError::from(crate::error::InputError::file(
                "--csv",
                "expected --csv SHEET.csv or --xlsx SHEET.xlsx",
            ))),
        },
        SessionCommand::Template { out, rubric } => {
            template_cmd::session(&out, rubric.as_deref(), lang)
        }
        SessionCommand::Revise { file, reason } => session_cmd::revise(&file, &reason, lang),
        SessionCommand::Upgrade { file, package } => session_cmd::upgrade(&file, &package, lang),
        SessionCommand::Show { file, json } => session_cmd::show(&file, json, lang),
    }
}

/// Prints errors to stderr, one per line.
fn report(error: &CliError, lang: Lang) {
    let label = lang.pick("错误", "error");
    let mut stderr = std::io::stderr().lock();
    // nothing more can be done if stderr itself is gone
    let _ = match error {
        CliError::Input(errors) => errors
            .0
            .iter()
            .try_for_each(|e| writeln!(stderr, "{label}: {e}")),
        CliError::Store(error) => writeln!(stderr, "{label}: {error}"),
        CliError::Merge(refused) => refused
            .0
            .iter()
            .try_for_each(|p| writeln!(stderr, "{label}: {p}")),
    };
}
