//! `merge` through the real binary on real session files.

mod common;

use common::{bin, fixture, scored_session, second_package};
use predicates::prelude::*;
use rusqlite::Connection;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn merge_json(files: &[PathBuf], extra: &[&str]) -> Value {
    let output = bin()
        .arg("merge")
        .args(files)
        .args(["--allow-unsigned", "--format", "json"])
        .args(extra)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("json")
}

fn five_experts(dir: &Path) -> Vec<PathBuf> {
    let demo = fixture("packages/demo");
    ["8", "7", "6", "5", "1"]
        .iter()
        .enumerate()
        .map(|(i, p)| scored_session(dir, &demo, &format!("E0{}", i + 1), &[(1, p)]))
        .collect()
}

fn indicator(document: &Value, cluster: usize, id: u64) -> &Value {
    document["clusters"][cluster]["indicators"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["id"] == id)
        .expect("indicator")
}

#[test]
fn five_experts_give_the_panel_value_by_each_method_and_the_outlier_is_flagged() {
    let temp = tempfile::tempdir().expect("temp");
    let files = five_experts(temp.path());
    for (method, panel) in [("trimmed", "6.00"), ("mean", "5.40"), ("median", "6.00")] {
        let document = merge_json(&files, &["--method", method]);
        assert_eq!(document["method"], method);
        let first = indicator(&document, 0, 1);
        assert_eq!(first["panel"], panel, "{method}");
        assert_eq!(first["scores"]["E05"], "1.00");
        let divergent: Vec<&str> = first["flags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["code"] == "divergent")
            .filter_map(|f| f["expert"].as_str())
            .collect();
        assert!(divergent.contains(&"E05"), "{divergent:?}");
        assert!(
            !divergent.contains(&"E03"),
            "6 is within 30% of the mean 5.4"
        );
    }
    // without --method, the rubric's [panel] aggregate = "trimmed"
    let output = bin()
        .arg("merge")
        .args(&files)
        .args(["--allow-unsigned", "--format", "json"])
        .output()
        .expect("run");
    let document: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(document["method"], "trimmed");
}

#[test]
fn a_session_made_against_a_changed_package_is_refused_naming_it() {
    let temp = tempfile::tempdir().expect("temp");
    let demo = temp.path().join("demo");
    common::copy_dir(&fixture("packages/demo"), &demo);
    let before = scored_session(temp.path(), &demo, "E01", &[(1, "6")]);
    std::fs::write(demo.join("evidence").join("99-补充材料.md"), "# 补充材料\n")
        .expect("change the package");
    let after = temp.path().join("after.sqlite");
    bin()
        .args(["session", "new", "--package"])
        .arg(&demo)
        .args([
            "--expert",
            "E02",
            "--name",
            "李四",
            "--declare-no-conflict",
            "--session",
        ])
        .arg(&after)
        .assert()
        .success();
    bin()
        .arg("merge")
        .arg(&before)
        .arg(&after)
        .arg("--allow-unsigned")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "sessions of package demo were made against different contents of the package",
        ))
        .stderr(predicate::str::contains(before.display().to_string()))
        .stderr(predicate::str::contains(after.display().to_string()));
}

#[test]
fn unsigned_sessions_need_allow_unsigned_and_are_marked_in_every_output() {
    let temp = tempfile::tempdir().expect("temp");
    let files = five_experts(temp.path());
    bin()
        .arg("merge")
        .args(&files)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not signed"))
        .stderr(predicate::str::contains("--allow-unsigned"));
    let document = merge_json(&files, &[]);
    assert_eq!(document["unsigned"].as_array().map(Vec::len), Some(5));
    assert!(
        document["clusters"][0]["experts"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|e| e["signed"] == false)
    );
    for (format, mark) in [
        ("table", "5 份未签署"),
        ("md", "5 份未签署"),
        ("csv", ",E01 E02 E03 E04 E05\n"),
    ] {
        let output = bin()
            .arg("merge")
            .args(&files)
            .args(["--allow-unsigned", "--format", format])
            .output()
            .expect("run");
        assert!(
            String::from_utf8_lossy(&output.stdout).contains(mark),
            "{format}"
        );
    }
}

#[test]
fn declarations_recusals_duplicates_and_revisions() {
    let temp = tempfile::tempdir().expect("temp");
    let demo = fixture("packages/demo");
    let a = scored_session(temp.path(), &demo, "E01", &[(1, "6")]);
    let b = scored_session(temp.path(), &demo, "E02", &[(1, "7")]);
    // no declaration: refused
    let undeclared = temp.path().join("undeclared.sqlite");
    bin()
        .args(["session", "new", "--package"])
        .arg(&demo)
        .args(["--expert", "E03", "--name", "王五", "--session"])
        .arg(&undeclared)
        .assert()
        .success();
    bin()
        .arg("merge")
        .arg(&a)
        .arg(&undeclared)
        .arg("--allow-unsigned")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "undeclared.sqlite: expert E03 has made no conflict-of-interest declaration",
        ));
    // a recusal is excluded and listed
    let recused = temp.path().join("recused.sqlite");
    bin()
        .args(["session", "new", "--package"])
        .arg(&demo)
        .args([
            "--expert",
            "E04",
            "--name",
            "赵六",
            "--recuse",
            "亲属任职",
            "--session",
        ])
        .arg(&recused)
        .assert()
        .success();
    let document = merge_json(&[a.clone(), b.clone(), recused.clone()], &[]);
    assert_eq!(document["excluded"][0]["reason"], "recused");
    assert_eq!(document["excluded"][0]["detail"], "亲属任职");
    assert_eq!(
        document["clusters"][0]["experts"].as_array().map(Vec::len),
        Some(2)
    );
    // a second, different session of the same expert: refused
    let other = scored_session(&temp.path().join("x"), &demo, "E01", &[(1, "2")]);
    bin()
        .arg("merge")
        .arg(&a)
        .arg(&other)
        .arg("--allow-unsigned")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "two sessions of expert E01 for package demo",
        ));
    // the same file copied: counted once
    let copy = temp.path().join("copy.sqlite");
    std::fs::copy(&a, &copy).expect("copy");
    let document = merge_json(&[a.clone(), copy.clone()], &[]);
    assert_eq!(document["excluded"][0]["reason"], "duplicate");
    // a later revision of the same session supersedes an earlier copy
    let conn = Connection::open(&a).expect("open");
    // without a sign-off of revision 1, no revision 2 can start (and never without a reason)
    assert!(
        conn.execute(
            "INSERT INTO revision (number, reason, started_at) VALUES (2, '更正笔误', 'now')",
            []
        )
        .is_err()
    );
    conn.execute("INSERT INTO signoff (revision, signed_at, sheet_sha256, signature, public_key) VALUES (1, 'now', 'ab', x'00', 'pem')", []).expect("sign-off");
    assert!(
        conn.execute(
            "INSERT INTO revision (number, reason, started_at) VALUES (2, ' ', 'now')",
            []
        )
        .is_err()
    );
    conn.execute("INSERT INTO revision (number, reason, started_at) VALUES (2, '更正笔误', '2026-11-28T01:00:00Z')", []).expect("revise");
    drop(conn);
    let document = merge_json(&[copy.clone(), a.clone()], &[]);
    assert_eq!(document["excluded"][0]["reason"], "superseded");
    assert_eq!(document["excluded"][0]["file"], copy.display().to_string());
    assert_eq!(document["clusters"][0]["experts"][0]["revision"], 2);
}

#[test]
fn two_clusters_three_experts_give_rank_cohort_agreement_and_sensitivity() {
    let temp = tempfile::tempdir().expect("temp");
    let demo = fixture("packages/demo");
    let demo2 = second_package(temp.path());
    let mut files = Vec::new();
    for (expert, big, small) in [
        ("E01", "7", "4"),
        ("E02", "6.5", "5"),
        ("E03", "7.5", "3.5"),
    ] {
        files.push(scored_session(
            temp.path(),
            &demo,
            expert,
            &[(1, big), (2, big), (3, "3"), (20, "3")],
        ));
        files.push(scored_session(
            temp.path(),
            &demo2,
            expert,
            &[(1, small), (2, small), (3, "2"), (20, "2")],
        ));
    }
    let document = merge_json(&files, &[]);
    let clusters = document["clusters"].as_array().expect("clusters");
    assert_eq!(clusters.len(), 2);
    assert_eq!(
        (
            clusters[0]["package_id"].as_str(),
            clusters[0]["rank"].as_u64()
        ),
        (Some("demo"), Some(1))
    );
    assert_eq!(
        (
            clusters[1]["package_id"].as_str(),
            clusters[1]["rank"].as_u64()
        ),
        (Some("demo2"), Some(2))
    );
    // cohort: revenue of the larger cluster earns the full share (3.5 of 7), the half-size one half of it
    let revenue = |c: usize| {
        indicator(&document, c, 8)["measures"][0]["points"]
            .as_str()
            .map(str::to_string)
    };
    assert_eq!(revenue(0).as_deref(), Some("3.50"));
    assert_eq!(revenue(1).as_deref(), Some("1.75"));
    let icc = &document["agreement"]["icc"];
    for form in ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"] {
        assert!(
            icc[form]
                .as_str()
                .and_then(|v| v.parse::<f64>().ok())
                .is_some(),
            "{form}: {icc}"
        );
    }
    // the experts rank the two clusters alike: perfect concordance
    assert_eq!(document["agreement"]["kendall_w"], "1.0000");
    let swaps = document["sensitivity"]["swaps"].as_array().expect("swaps");
    assert_eq!(swaps.len(), 20);
    assert!(document["sensitivity"]["stable_share"].as_str().is_some());
}

#[test]
fn an_incomplete_design_gives_null_statistics_with_a_reason() {
    let temp = tempfile::tempdir().expect("temp");
    let demo = fixture("packages/demo");
    let demo2 = second_package(temp.path());
    let files = vec![
        scored_session(temp.path(), &demo, "E01", &[(1, "6")]),
        scored_session(temp.path(), &demo, "E02", &[(1, "7")]),
        scored_session(temp.path(), &demo2, "E01", &[(1, "5")]),
    ];
    let document = merge_json(&files, &[]);
    assert_eq!(document["agreement"]["icc"], Value::Null);
    assert!(
        document["agreement"]["icc_reason"]
            .as_str()
            .unwrap_or("")
            .contains("expert E02 has no counted session for cluster demo2")
    );
    assert_eq!(document["agreement"]["kendall_w"], Value::Null);
}

#[test]
fn csv_has_a_bom_and_markdown_a_table_and_out_stores_the_evaluation() {
    let temp = tempfile::tempdir().expect("temp");
    let files = five_experts(temp.path());
    let output = bin()
        .arg("merge")
        .args(&files)
        .args(["--allow-unsigned", "--format", "csv"])
        .output()
        .expect("run");
    assert!(
        output.stdout.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 BOM for Excel"
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("rank,package_id,cluster,indicator,weight,E01,E02,E03,E04,E05,panel,spread,flags,unsigned"), "{text}");
    assert!(
        text.contains("1 政策文件,8,8.00,7.00,6.00,5.00,1.00,6.00,7.00"),
        "{text}"
    );
    let output = bin()
        .arg("merge")
        .args(&files)
        .args(["--allow-unsigned", "--format", "md"])
        .output()
        .expect("run");
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("| 1 政策文件 | 8 | 8.00 | 7.00 | 6.00 | 5.00 | 1.00 | 6.00 | 7.00 |")
    );

    let combined = temp.path().join("COMBINED.sqlite");
    bin()
        .arg("merge")
        .args(&files)
        .args(["--allow-unsigned", "--out"])
        .arg(&combined)
        .assert()
        .success();
    let conn = Connection::open(&combined).expect("open");
    let inputs: i64 = conn
        .query_row("SELECT COUNT(*) FROM input", [], |r| r.get(0))
        .expect("inputs");
    let audit: String = conn
        .query_row("SELECT what FROM audit ORDER BY seq LIMIT 1", [], |r| {
            r.get(0)
        })
        .expect("audit");
    assert_eq!((inputs, audit.as_str()), (5, "merged"));
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    bin()
        .arg("merge")
        .args(&files)
        .args(["--allow-unsigned", "--out"])
        .arg(&combined)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("exists already"));
    let tampered = conn.execute(
        "UPDATE input_score SET points = '8' WHERE indicator = 1",
        [],
    );
    assert!(tampered.is_err(), "the merged sessions are fixed");
}
