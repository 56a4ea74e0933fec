//! The `cluster-review` binary: parse the command line and dispatch; nothing else lives here.

use std::process::ExitCode;

// mimalloc: a merge reads thousands of files on every core, and each allocates and frees many
// small values (rows, strings, exact fractions); the system allocator spends a fifth of the
// merge on them
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cluster_review::cli::run()
}
