//! The bureau's archive through the real binary: append-only, chained, and a change made
//! behind the program's back (a second SQLite connection, as any other tool) is named by entry.

mod common;

use common::{bin, fixture, scored_session};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

/// Signs a ready session of `expert` with a new key; returns the sheet.
fn signed_sheet(dir: &Path, package: &Path, expert: &str) -> PathBuf {
    let session = scored_session(
        dir,
        package,
        expert,
        &[(1, "6"), (2, "6"), (3, "3"), (20, "3")],
    );
    bin()
        .args(["session", "set"])
        .arg(&session)
        .args(["--overall", "同意。"])
        .assert()
        .success();
    bin()
        .args(["keygen", "--id", expert, "--out"])
        .arg(dir)
        .assert()
        .success();
    let sheet = dir.join(format!("{expert}-sheet.json"));
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(dir.join(format!("{expert}.key.pem")))
        .arg("--out")
        .arg(&sheet)
        .assert()
        .success();
    sheet
}

/// Runs SQL on the archive through a connection of the test's own: a change made with another
/// tool, behind the program's back.
fn behind_the_back(archive: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(archive).expect("open");
    conn.execute_batch(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn three_sheets(dir: &Path) -> Vec<PathBuf> {
    let demo = fixture("packages/demo");
    let other = common::second_package(dir);
    vec![
        signed_sheet(dir, &demo, "E01"),
        signed_sheet(dir, &demo, "E02"),
        signed_sheet(dir, &other, "E03"),
    ]
}

fn archive_with(dir: &Path, sheets: &[PathBuf]) -> PathBuf {
    let archive = dir.join("archive.sqlite");
    bin()
        .args(["archive", "add"])
        .arg(&archive)
        .args(sheets)
        .assert()
        .success();
    archive
}

#[test]
fn an_honest_archive_verifies_and_lists_by_cluster_expert_and_year() {
    let temp = tempfile::tempdir().expect("temp");
    let sheets = three_sheets(temp.path());
    let archive = archive_with(temp.path(), &sheets);
    bin()
        .args(["archive", "verify"])
        .arg(&archive)
        .assert()
        .success()
        .stdout(predicate::str::contains("档案完好： 3 个条目"));
    let list = |args: &[&str]| -> serde_json::Value {
        let output = bin()
            .args(["archive", "list"])
            .arg(&archive)
            .arg("--json")
            .args(args)
            .output()
            .expect("run");
        assert!(output.status.success());
        serde_json::from_slice(&output.stdout).expect("json")
    };
    let seqs = |v: &serde_json::Value| -> Vec<i64> {
        v["entries"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["seq"].as_i64())
            .collect()
    };
    assert_eq!(seqs(&list(&[])), vec![1, 2, 3]);
    assert_eq!(seqs(&list(&["--expert", "E02"])), vec![2]);
    assert_eq!(seqs(&list(&["--cluster", "生物医药"])), vec![1, 2]);
    assert_eq!(seqs(&list(&["--year", "2025"])), vec![1, 2, 3]);
    assert_eq!(seqs(&list(&["--year", "2019"])), Vec::<i64>::new());
    let all = list(&[]);
    assert_eq!(all["entries"][0]["signer"]["id"], "E01");
    assert_eq!(
        all["entries"][0]["sheet_sha256"],
        cluster_review::hashing::sha256_hex(&std::fs::read(&sheets[0]).expect("sheet"))
    );
}

#[test]
fn an_entry_edited_with_another_tool_fails_verify_at_that_entry() {
    let temp = tempfile::tempdir().expect("temp");
    let sheets = three_sheets(temp.path());
    let archive = archive_with(temp.path(), &sheets);
    // the triggers refuse an honest attempt
    let refused = rusqlite::Connection::open(&archive)
        .expect("open")
        .execute_batch("UPDATE entry SET signer_name = 'x' WHERE seq = 2");
    assert!(refused.is_err());
    // dropping them first, a score in entry 2's sheet is changed
    behind_the_back(
        &archive,
        "DROP TRIGGER entry_no_update; UPDATE entry SET sheet = CAST(replace(CAST(sheet AS TEXT), '\"6.00\"', '\"8.00\"') AS BLOB) WHERE seq = 2;",
    );
    bin()
        .args(["archive", "verify"])
        .arg(&archive)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("entry 2:"));
}

#[test]
fn a_removed_entry_or_a_rewritten_hash_breaks_the_chain_there() {
    let temp = tempfile::tempdir().expect("temp");
    let sheets = three_sheets(temp.path());
    let archive = archive_with(temp.path(), &sheets);
    let copy = temp.path().join("copy.sqlite");
    std::fs::copy(&archive, &copy).expect("copy");
    behind_the_back(
        &archive,
        "DROP TRIGGER entry_no_delete; DELETE FROM entry WHERE seq = 2;",
    );
    bin()
        .args(["archive", "verify"])
        .arg(&archive)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("entry 3:"));
    // rewriting entry 2 with a fresh, self-consistent hash still breaks entry 3's link
    behind_the_back(
        &copy,
        "DROP TRIGGER entry_no_update; UPDATE entry SET entry_hash = 'ab' || substr(entry_hash, 3) WHERE seq = 2;",
    );
    bin()
        .args(["archive", "verify"])
        .arg(&copy)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("entry 2:"));
}

#[test]
fn a_sheet_that_does_not_verify_is_refused_and_nothing_is_added() {
    let temp = tempfile::tempdir().expect("temp");
    let sheets = three_sheets(temp.path());
    let archive = archive_with(temp.path(), &sheets[..1]);
    let mut bytes = std::fs::read(&sheets[1]).expect("sheet");
    let last = bytes.len() - 3;
    bytes[last] ^= 0x01;
    std::fs::write(&sheets[1], bytes).expect("write");
    bin()
        .args(["archive", "add"])
        .arg(&archive)
        .arg(&sheets[2])
        .arg(&sheets[1])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing was added"));
    // the same sheet twice in one call, or one already archived, is refused too
    bin()
        .args(["archive", "add"])
        .arg(&archive)
        .arg(&sheets[2])
        .arg(&sheets[2])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing was added"));
    bin()
        .args(["archive", "add"])
        .arg(&archive)
        .arg(&sheets[0])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("entry 1"));
    let output = bin()
        .args(["archive", "list", "--json"])
        .arg(&archive)
        .output()
        .expect("run");
    let listed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(listed["entries"].as_array().map(Vec::len), Some(1));
}

/// 17.15: the time an entry was added is part of its record: garbage, or a time before the
/// entry preceding it, breaks `verify` at that entry even when the hash was made to match.
#[test]
fn added_times_are_checked_in_order() {
    let temp = tempfile::tempdir().expect("temp");
    let sheets = three_sheets(temp.path());
    let archive = archive_with(temp.path(), &sheets);
    for (n, added_at) in ["yesterday", "2001-01-01T00:00:00.000Z"]
        .into_iter()
        .enumerate()
    {
        let copy = temp.path().join(format!("copy{n}.sqlite"));
        std::fs::copy(&archive, &copy).expect("copy");
        let conn = rusqlite::Connection::open(&copy).expect("open");
        conn.execute_batch("DROP TRIGGER entry_no_update;")
            .expect("drop");
        conn.execute("UPDATE entry SET added_at = ?1 WHERE seq = 2", [added_at])
            .expect("set");
        drop(conn);
        bin()
            .args(["archive", "verify"])
            .arg(&copy)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("entry 2:"))
            .stderr(predicate::str::contains("added"));
    }
}
