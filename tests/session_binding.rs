//! A session is bound to the rubric and the package it was made with: opening it with a
//! changed one is refused, saying which and what to do.

mod common;

use cluster_review::package::{load_package, read_package_dir};
use cluster_review::rubric;
use cluster_review::store::{SessionDb, StoreError};
use common::{bin, demo_copy};

#[test]
fn a_changed_package_or_rubric_is_refused_naming_it() {
    let (temp, dir) = demo_copy();
    let path = temp.path().join("E01.sqlite");
    bin()
        .args(["session", "new", "--package"])
        .arg(&dir)
        .args([
            "--expert",
            "E01",
            "--name",
            "张三",
            "--declare-no-conflict",
            "--session",
        ])
        .arg(&path)
        .assert()
        .success();
    let shipped = rubric::embedded().expect("rubric");

    let package = load_package(&dir, &shipped).expect("package");
    let files = read_package_dir(&dir).expect("files");
    let db = SessionDb::open_bound(&path, &shipped, &package, &files)
        .expect("same rubric and package open");
    drop(db);

    let measures = dir.join("measures.csv");
    let text = std::fs::read_to_string(&measures)
        .expect("read")
        .replace("talents,48,", "talents,58,");
    std::fs::write(&measures, text).expect("write");
    let changed = load_package(&dir, &shipped).expect("package");
    let changed_files = read_package_dir(&dir).expect("files");
    match SessionDb::open_bound(&path, &shipped, &changed, &changed_files) {
        Err(StoreError::Binding(message)) => {
            assert!(message.contains("package demo"), "{message}");
            assert!(message.contains(&dir.display().to_string()), "{message}");
            assert!(message.contains("has changed since"), "{message}");
            assert!(message.contains("start a new session"), "{message}");
        }
        other => panic!("expected a binding refusal, got {other:?}"),
    }

    let other_rubric = rubric::parse(
        "other.toml",
        rubric::EMBEDDED_TEXT
            .replace("target = \"150\"", "target = \"100\"")
            .as_bytes(),
    )
    .expect("rubric");
    match SessionDb::open_bound(&path, &other_rubric, &package, &files) {
        Err(StoreError::Binding(message)) => {
            assert!(message.contains("rubric nanjing-icc-2023"), "{message}");
            assert!(message.contains("original rubric"), "{message}");
        }
        other => panic!("expected a binding refusal, got {other:?}"),
    }
}
