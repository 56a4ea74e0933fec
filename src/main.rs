//! The `cluster-review` binary: parse the command line and dispatch; nothing else lives here.

use std::process::ExitCode;

fn main() -> ExitCode {
    cluster_review::cli::run()
}
