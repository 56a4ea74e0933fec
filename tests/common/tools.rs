//! External verifiers (OpenSSL, poppler's `pdftotext`/`pdftoppm`, Java with PDFBox Preflight,
//! a CJK font): the bureau's independent checks of our keys, signatures and PDFs.
//!
//! A fresh machine has none of them, and `cargo test` must pass there: a check whose tool is
//! missing is skipped, and says so in one line per tool and test binary, written straight to the
//! process's standard error (libtest captures `eprintln!` of passing tests, not writes to the
//! stream itself), so a plain `cargo test` shows it. With `CLUSTER_REVIEW_REQUIRE_TOOLS=1` (set
//! by `.ci/run`) a missing tool fails the test instead.
//!
//! Every check that ran, and every one skipped, is appended to
//! `$CARGO_TARGET_TMPDIR/external-checks.tsv` (`tool<TAB>ran|skipped<TAB>test binary`);
//! `.ci/run` empties it before `cargo test` and prints the tally after.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The variable under which a missing tool fails instead of skipping.
pub const REQUIRE: &str = "CLUSTER_REVIEW_REQUIRE_TOOLS";

/// Whether missing tools fail (CI) rather than skip.
pub fn required() -> bool {
    std::env::var_os(REQUIRE).is_some_and(|v| !v.is_empty() && v != "0")
}

/// The tools already said to be missing in this test binary.
static ANNOUNCED: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());

/// The file every external check is recorded in.
pub fn ledger() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("external-checks.tsv")
}

fn binary_name() -> String {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|s| s.split('-').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

fn record(tool: &str, outcome: &str) {
    let line = format!("{tool}\t{outcome}\t{}\n", binary_name());
    // appends of one short line are atomic enough for parallel tests; a lost line only
    // miscounts the tally, never a result
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(ledger())
    {
        let _ = file.write_all(line.as_bytes());
    }
}

/// A tool is missing: fail under `CLUSTER_REVIEW_REQUIRE_TOOLS`, else say so once and skip.
pub fn missing(tool: &'static str, install: &str) {
    record(tool, "skipped");
    assert!(
        !required(),
        "{REQUIRE} is set but {tool} is missing (install {install})"
    );
    let first = ANNOUNCED.lock().map(|mut s| s.insert(tool)).unwrap_or(true);
    if first {
        let _ = std::io::stderr().write_all(
            format!(
                "note: {tool} not found: the checks against it in {} are skipped and pass (install {install}; {REQUIRE}=1 makes this fail)\n",
                binary_name()
            )
            .as_bytes(),
        );
    }
}

/// Records that a check against `tool` ran.
pub fn ran(tool: &'static str) {
    record(tool, "ran");
}

/// The executable `name` on `PATH`, if there is one.
pub fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        let candidates = [dir.join(name), dir.join(format!("{name}.exe"))];
        candidates.into_iter().find(|c| c.is_file())
    })
}

/// A command running the external `tool` (found on `PATH`), recorded as a check that ran;
/// `None` (and the notice) when the tool is missing.
pub fn command(tool: &'static str, install: &str) -> Option<Command> {
    match on_path(tool) {
        Some(path) => {
            ran(tool);
            Some(Command::new(path))
        }
        None => {
            missing(tool, install);
            None
        }
    }
}

/// `openssl` for the interoperability checks.
pub fn openssl() -> Option<Command> {
    command("openssl", "openssl (OpenSSL 3)")
}

/// Whether every file exists (jars of a Java tool).
pub fn all_exist(files: &[PathBuf]) -> bool {
    files.iter().all(|f| Path::new(f).is_file())
}
