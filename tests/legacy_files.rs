//! What the first release wrote (sheet format 1, session and combined formats 2) still
//! verifies, prints, opens and merges: the bureau must be able to check an archived sheet years
//! later, whatever version of the program it has then. Fixtures: `tests/fixtures/legacy`.

mod common;

use common::{bin, fixture};
use predicates::prelude::*;
use std::path::PathBuf;

/// A fresh copy of the legacy folder (commands may upgrade or lock files).
fn legacy_copy() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path().join("legacy");
    common::copy_dir(&fixture("legacy"), &dir);
    (temp, dir)
}

#[test]
fn sheets_of_the_first_release_verify_against_the_roster() {
    let (_temp, dir) = legacy_copy();
    for sheet in ["E01.r1.json", "E02.r1.json", "panel.r1.json"] {
        bin()
            .current_dir(&dir)
            .args(["verify", sheet, "--roster", "roster.toml"])
            .assert()
            .success()
            .stdout(predicate::str::contains("签名有效"));
    }
}

#[test]
fn sheets_of_the_first_release_print_as_signed() {
    let (_temp, dir) = legacy_copy();
    for (source, format, out) in [
        ("E01.r1.json", "html", "e01.html"),
        ("panel.r1.json", "html", "panel.html"),
        ("panel.r1.json", "csv", "panel.csv"),
        ("E01.sqlite", "json", "again.json"),
        ("panel.sqlite", "csv", "panel2.csv"),
    ] {
        bin()
            .current_dir(&dir)
            .args([
                "sheet",
                source,
                "--format",
                format,
                "--out",
                out,
                "--roster",
                "roster.toml",
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains("已按名册核验"));
    }
    let html = std::fs::read_to_string(dir.join("e01.html")).expect("html");
    assert!(
        html.contains("电子签名 Ed25519"),
        "a verified sheet shows its signature"
    );
    assert!(!html.contains("草稿"), "and is no draft");
    // the sheet written again from the session is the archived one, byte for byte
    assert_eq!(
        std::fs::read(dir.join("again.json")).expect("again"),
        std::fs::read(dir.join("E01.r1.json")).expect("archived")
    );
}

#[test]
fn sessions_of_the_first_release_merge_once_upgraded_with_their_package() {
    let (_temp, dir) = legacy_copy();
    let merge = || {
        let mut command = bin();
        command.current_dir(&dir).args([
            "merge",
            "E01.sqlite",
            "E02.sqlite",
            "--roster",
            "roster.toml",
            "--format",
            "json",
        ]);
        command
    };
    // their stored figures are not bound to the package's files: not counted as they are
    merge()
        .assert()
        .code(1)
        .stderr(predicate::str::contains("session upgrade"));
    // a package that is not the one they were made with is refused
    let (_copy, changed) = common::demo_copy();
    let measures = changed.join("measures.csv");
    let text = std::fs::read_to_string(&measures)
        .expect("read")
        .replace("talents,48,", "talents,200,");
    std::fs::write(&measures, text).expect("write");
    bin()
        .current_dir(&dir)
        .args(["session", "upgrade", "E01.sqlite", "--package"])
        .arg(&changed)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("digest"));
    for session in ["E01.sqlite", "E02.sqlite"] {
        bin()
            .current_dir(&dir)
            .args(["session", "upgrade", session, "--package"])
            .arg(fixture("packages/demo"))
            .assert()
            .success();
    }
    let output = merge().output().expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let experts = &document["clusters"][0]["experts"];
    assert_eq!(experts[0]["verified"], true);
    assert_eq!(experts[1]["verified"], true);
    // four qualitative indicators scored 3 by both
    assert_eq!(document["clusters"][0]["indicators"][0]["panel"], "3.00");
    // the upgraded session still gives back its archived sheet
    bin()
        .current_dir(&dir)
        .args([
            "sheet",
            "E01.sqlite",
            "--format",
            "json",
            "--out",
            "again.json",
        ])
        .assert()
        .success();
    assert_eq!(
        std::fs::read(dir.join("again.json")).expect("again"),
        std::fs::read(dir.join("E01.r1.json")).expect("archived")
    );
}
