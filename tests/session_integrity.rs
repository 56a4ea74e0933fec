//! A damaged session is refused before anything is written to it: every opening for writing
//! runs SQLite's quick check over the whole file, so damage is found even in a table the edit
//! does not touch. The damage is made as a disk would make it: bytes of one b-tree page
//! overwritten.

mod common;

use cluster_review::store::{SessionDb, StoreError};
use common::{bin, new_session};
use rusqlite::Connection;
use std::path::Path;

/// Overwrites the cell count of the root page of `table` with 0xFFFF, a count no page can hold.
fn damage_root_page(path: &Path, table: &str) {
    let (page_size, root): (i64, i64) = {
        let conn = Connection::open(path).expect("open");
        let size = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .expect("page size");
        let root = conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .expect("root page");
        (size, root)
    };
    assert!(root > 1, "{table} has its own root page");
    let mut bytes = std::fs::read(path).expect("read");
    let header = usize::try_from((root - 1) * page_size).expect("offset");
    // b-tree page header: type (1 byte), first freeblock (2), number of cells (2)
    bytes[header + 3] = 0xFF;
    bytes[header + 4] = 0xFF;
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn an_edit_refuses_a_session_whose_scores_are_damaged_and_writes_nothing() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    bin()
        .args(["session", "set"])
        .arg(&path)
        .args(["--indicator", "1", "--points", "6"])
        .assert()
        .success();
    damage_root_page(&path, "score");
    let before = std::fs::read(&path).expect("read");
    let output = bin()
        .args(["--lang", "en", "session", "set"])
        .arg(&path)
        .args(["--indicator", "2", "--points", "5"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is damaged"), "{stderr}");
    assert!(stderr.contains("E01.sqlite"), "names the file: {stderr}");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "nothing written"
    );
}

#[test]
fn damage_in_a_table_an_edit_does_not_touch_is_found_all_the_same() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    // the package's files: an edit of a score neither writes nor needs most of them
    damage_root_page(&path, "package_file");
    let before = std::fs::read(&path).expect("read");
    for (how, opened) in [
        ("whole", SessionDb::open(&path).map(drop)),
        ("for an edit", SessionDb::open_for_edits(&path).map(drop)),
    ] {
        let error = opened.expect_err("refused");
        assert!(
            matches!(error, StoreError::NotASession { .. })
                && error.to_string().contains("is damaged"),
            "opened {how}: refused by the quick check, not by a statement that happened to read the page: {error:?}"
        );
    }
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "nothing written"
    );
}
