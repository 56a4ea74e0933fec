//! Helpers shared by the integration tests: the real binary, fixture paths, package copies.

#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The crate's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture path under `tests/fixtures`.
pub fn fixture(relative: &str) -> PathBuf {
    root().join("tests").join("fixtures").join(relative)
}

/// The shipped rubric.
pub fn rubric_path() -> PathBuf {
    root().join("rubrics").join("nanjing-2023.toml")
}

/// The real `cluster-review` binary, run from the crate root.
pub fn bin() -> Command {
    let mut cmd = Command::cargo_bin("cluster-review").expect("binary built");
    cmd.current_dir(root());
    cmd
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A copy of the demo package in a fresh temporary folder (kept alive by the returned guard).
pub fn demo_copy() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("demo");
    copy_dir(&fixture("packages/demo"), &dir);
    (temp, dir)
}

/// Runs `package check DIR --json` and returns the document, asserting success.
pub fn check_json(dir: &Path) -> Value {
    let output = bin()
        .args(["package", "check"])
        .arg(dir)
        .arg("--json")
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "package check failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("json")
}

/// The measure entry `id` of a `package check --json` document.
pub fn measure<'a>(document: &'a Value, id: &str) -> &'a Value {
    document["indicators"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|i| i["measures"].as_array().into_iter().flatten())
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("measure {id} not in the document"))
}

/// A decimal carried as a JSON string.
pub fn dec(value: &Value) -> rust_decimal::Decimal {
    value
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a decimal string: {value}"))
}

/// Creates a session on the demo package in `dir` with the binary and returns its path.
pub fn new_session(dir: &Path, expert: &str, declaration: &[&str]) -> PathBuf {
    let path = dir.join(format!("{expert}.sqlite"));
    bin()
        .args([
            "session",
            "new",
            "--package",
            "tests/fixtures/packages/demo",
            "--expert",
            expert,
            "--name",
            "张三",
            "--session",
        ])
        .arg(&path)
        .args(declaration)
        .assert()
        .success();
    path
}

/// Runs `session show FILE --json`.
pub fn show_json(path: &Path) -> Value {
    let output = bin()
        .args(["session", "show"])
        .arg(path)
        .arg("--json")
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "session show failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("json")
}

/// The entry of indicator `id` in a `session show --json` document.
pub fn indicator(document: &Value, id: u64) -> &Value {
    document["indicators"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("indicator {id}"))
}

/// A second fictional package: a copy of the demo with another id, cluster and revenue.
pub fn second_package(root: &Path) -> PathBuf {
    let dir = root.join("demo2");
    copy_dir(&fixture("packages/demo"), &dir);
    let manifest = std::fs::read_to_string(dir.join("package.toml"))
        .expect("manifest")
        .replace("id = \"demo\"", "id = \"demo2\"")
        .replace("direction = \"生物医药\"", "direction = \"新型材料\"")
        .replace(
            "南京紫金示例高新园区生物医药创新型产业集群",
            "南京紫金示例高新园区新型材料创新型产业集群",
        );
    std::fs::write(dir.join("package.toml"), manifest).expect("write");
    let measures = std::fs::read_to_string(dir.join("measures.csv"))
        .expect("measures")
        .replace("revenue,296.89,", "revenue,148.445,");
    std::fs::write(dir.join("measures.csv"), measures).expect("write");
    dir
}

/// Creates a session with the binary and scores qualitative indicators: `(indicator, points)`.
pub fn scored_session(dir: &Path, package: &Path, expert: &str, scores: &[(u32, &str)]) -> PathBuf {
    let name = package.file_name().and_then(|n| n.to_str()).unwrap_or("p");
    let path = dir.join(format!("{name}-{expert}.sqlite"));
    bin()
        .args(["session", "new", "--package"])
        .arg(package)
        .args([
            "--expert",
            expert,
            "--name",
            &format!("专家{expert}"),
            "--declare-no-conflict",
            "--session",
        ])
        .arg(&path)
        .assert()
        .success();
    for (indicator, points) in scores {
        bin()
            .args(["session", "set"])
            .arg(&path)
            .args([
                "--indicator",
                &indicator.to_string(),
                "--points",
                points,
                "--comment",
                "意见",
            ])
            .assert()
            .success();
    }
    path
}

pub mod panel;
pub mod pty;
pub mod tools;

/// Changes a file "behind the program's back" as a careful attacker would: the trigger that
/// protects `table` is dropped, `sql` is run through a second SQLite connection, and the trigger
/// is put back exactly as it was, so the file's schema looks untouched.
pub fn tamper_covering_tracks(path: &Path, trigger: &str, sql: &str) {
    let conn = rusqlite::Connection::open(path).expect("open");
    let definition: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
            [trigger],
            |r| r.get(0),
        )
        .expect("the trigger exists");
    conn.execute_batch(&format!("DROP TRIGGER {trigger}; {sql}; {definition};"))
        .expect("tamper");
}
