//! The command line: clap definitions and dispatch. Each command lives in its own module and
//! only translates between arguments, the pure core and the terminal.

mod package_cmd;
mod rubric_cmd;
mod rubric_source;
mod text;

use crate::error::InputErrors;
use crate::i18n::Lang;
use clap::{Parser, Subcommand};
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
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check or show an evaluation rubric (评价指标体系, TOML).
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Check a submission package (申报材料).
    #[command(subcommand)]
    Package(PackageCommand),
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
}

/// Runs the command line; exit code 0 on success, 1 on invalid input, 2 on usage errors.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang;
    let result = match cli.command {
        Command::Rubric(RubricCommand::Check { file }) => rubric_cmd::check(&file, lang),
        Command::Rubric(RubricCommand::Show { file, json }) => rubric_cmd::show(&file, json, lang),
        Command::Package(PackageCommand::Check { dir, rubric, json }) => {
            package_cmd::check(&dir, rubric.as_deref(), json, lang)
        }
    };
    match result {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(errors) => {
            report(&errors, lang);
            ExitCode::from(1)
        }
    }
}

/// Prints input errors to stderr, one per line.
fn report(errors: &InputErrors, lang: Lang) {
    let label = lang.pick("错误", "error");
    for error in &errors.0 {
        eprintln!("{label}: {error}");
    }
}
