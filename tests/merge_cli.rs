//! `merge` through the real binary on real session files.

mod common;
mod rational;

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
        ("csv", ",E01 E02 E03 E04 E05\r\n"),
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

/// The names in `dir` that start with `name` (the file itself or a temporary one beside it).
fn beside(dir: &Path, name: &str) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.starts_with(name))
        .collect();
    found.sort();
    found
}

#[test]
fn a_merge_refused_after_sessions_were_stored_leaves_no_file_behind() {
    // the combined file is filled while the sessions are read: a refusal after some (or all)
    // of them were written must leave neither the file, nor its temporary copy, nor its lock
    let temp = tempfile::tempdir().expect("temp");
    let mut files = five_experts(temp.path());
    let combined = temp.path().join("COMBINED.sqlite");
    // refused after every session was read and stored: they are unsigned
    bin()
        .arg("merge")
        .args(&files)
        .arg("--out")
        .arg(&combined)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not signed"));
    assert_eq!(beside(temp.path(), "COMBINED"), Vec::<String>::new());
    // refused while reading: the last file is not a session
    let stray = temp.path().join("notes.sqlite");
    std::fs::write(&stray, "评审笔记，不是会话文件").expect("stray");
    files.push(stray);
    bin()
        .arg("merge")
        .args(&files)
        .args(["--allow-unsigned", "--out"])
        .arg(&combined)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("notes.sqlite"));
    assert_eq!(beside(temp.path(), "COMBINED"), Vec::<String>::new());
    // and the same sessions without the stray file are stored whole
    files.pop();
    bin()
        .arg("merge")
        .args(&files)
        .args(["--allow-unsigned", "--out"])
        .arg(&combined)
        .assert()
        .success();
    // with the lock file every stored file has beside it (who holds it open)
    assert_eq!(
        beside(temp.path(), "COMBINED"),
        ["COMBINED.sqlite", "COMBINED.sqlite.lock"]
    );
    let conn = Connection::open(&combined).expect("open");
    let (inputs, scores): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM input), (SELECT COUNT(*) FROM input_score WHERE points IS NOT NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("counts");
    assert_eq!((inputs, scores), (5, 5));
}

/// A copy of the demo package under another id (same figures, so the same quantitative
/// points), and with `revenue` replaced when given.
fn demo_as(root: &Path, id: &str, revenue: Option<&str>) -> PathBuf {
    let dir = root.join(id);
    common::copy_dir(&fixture("packages/demo"), &dir);
    let manifest = std::fs::read_to_string(dir.join("package.toml"))
        .expect("manifest")
        .replace("id = \"demo\"", &format!("id = \"{id}\""));
    std::fs::write(dir.join("package.toml"), manifest).expect("write");
    if let Some(revenue) = revenue {
        let measures = std::fs::read_to_string(dir.join("measures.csv"))
            .expect("measures")
            .replace("revenue,296.89,", &format!("revenue,{revenue},"));
        std::fs::write(dir.join("measures.csv"), measures).expect("write");
    }
    dir
}

/// Issue 8's panel: 3 clusters × 7 experts. Clusters a and b have mathematically equal totals
/// under every method — qualitative points summing to 121 per expert panel (121/7 under the
/// mean) spread differently over indicators 1, 2, 3 and 20, and the same figures; c has half
/// the revenue. Under the mean the quotients by 7 used to leave a residue that ranked a and b
/// 1 and 2.
fn panel_3x7(root: &Path) -> Vec<PathBuf> {
    let a: [[&str; 7]; 4] = [
        ["8", "7", "8", "8", "8", "8", "7"],
        ["4", "6", "4", "5", "6", "5", "5"],
        ["0", "1", "1", "1", "1", "1", "0"],
        ["4", "4", "4", "4", "3", "4", "4"],
    ];
    let b: [[&str; 7]; 4] = [
        ["7", "7", "6", "5", "6", "7", "7"],
        ["3", "3", "3", "2", "3", "3", "4"],
        ["4", "4", "4", "4", "4", "3", "4"],
        ["4", "4", "4", "4", "4", "4", "4"],
    ];
    let c: [[&str; 7]; 4] = [["5"; 7], ["5"; 7], ["2"; 7], ["2"; 7]];
    let mut files = Vec::new();
    for (id, revenue, scores) in [("a", None, a), ("b", None, b), ("c", Some("148.445"), c)] {
        let package = demo_as(root, id, revenue);
        for e in 0..7 {
            let points: Vec<(u32, &str)> = [1, 2, 3, 20]
                .iter()
                .zip(&scores)
                .map(|(i, row)| (*i, row[e]))
                .collect();
            files.push(scored_session(root, &package, &format!("E{e}"), &points));
        }
    }
    files
}

/// The exact points of every cluster on every indicator of a `merge --format json` document,
/// re-computed: qualitative panel values from the experts' points by the method, quantitative
/// points from the figures scored and the rubric's rules (cohort against the merge's best).
fn exact_points(document: &Value, rubric: &Value) -> Vec<(String, Vec<(u64, rational::Q)>)> {
    use rational::{Q, int, q, qv};
    let rules = rational::rubric_measures(rubric);
    let method = document["method"].as_str().expect("method");
    let clusters = document["clusters"].as_array().expect("clusters");
    let figure = |c: &Value, id: &str| -> Option<Q> {
        c["indicators"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|i| i["measures"].as_array().into_iter().flatten())
            .find(|m| m["id"] == id)
            .and_then(|m| m["value"].as_str().map(q))
    };
    clusters
        .iter()
        .map(|c| {
            let points = c["indicators"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|i| {
                    let id = i["id"].as_u64().expect("id");
                    let value = if i["kind"] == "qualitative" {
                        let mut s: Vec<Q> = i["scores"]
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|(_, p)| qv(p))
                            .collect();
                        s.sort();
                        let mean = |v: &[Q]| {
                            v.iter().cloned().fold(int(0), |a, b| a + b) / int(v.len() as i64)
                        };
                        match method {
                            "mean" => mean(&s),
                            "trimmed" if s.len() >= 5 => mean(&s[1..s.len() - 1]),
                            "trimmed" => mean(&s),
                            _ if s.len() % 2 == 1 => s[s.len() / 2].clone(),
                            _ => mean(&s[s.len() / 2 - 1..=s.len() / 2]),
                        }
                    } else {
                        i["measures"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|m| {
                                let mid = m["id"].as_str().expect("id");
                                let (weight, share, scoring) = rules.get(mid).expect("rule");
                                let Some(x) = figure(c, mid) else {
                                    return int(0);
                                };
                                let scoring_method = scoring["method"].as_str().expect("method");
                                let best = (scoring_method == "cohort").then(|| {
                                    let all = clusters.iter().filter_map(|o| figure(o, mid));
                                    if scoring["direction"] == "lower" {
                                        all.filter(|v| *v > int(0)).min().expect("best")
                                    } else {
                                        all.max().expect("best")
                                    }
                                });
                                weight
                                    * share
                                    * rational::fraction(scoring, scoring_method, &x, best.as_ref())
                            })
                            .fold(int(0), |a, b| a + b)
                    };
                    (id, value)
                })
                .collect();
            (c["package_id"].as_str().expect("id").to_string(), points)
        })
        .collect()
}

fn rubric_json() -> Value {
    let output = bin()
        .args(["rubric", "show"])
        .arg(common::rubric_path())
        .arg("--json")
        .output()
        .expect("run");
    serde_json::from_slice(&output.stdout).expect("json")
}

/// The clusters' totals with indicator `k`'s weight moved by the relative change `d` (the other
/// weights rescaled so that the total stays): each indicator's points scale with its weight.
fn totals_at(
    points: &[(String, Vec<(u64, rational::Q)>)],
    weights: &[(u64, rational::Q)],
    k: u64,
    d: &rational::Q,
) -> Vec<rational::Q> {
    use rational::int;
    let total = weights.iter().fold(int(0), |a, (_, w)| a + w);
    let wk = weights
        .iter()
        .find(|(i, _)| *i == k)
        .map(|(_, w)| w.clone())
        .expect("weight");
    let moved = &wk * (int(1) + d);
    let scale = (&total - &moved) / (&total - &wk);
    points
        .iter()
        .map(|(_, row)| {
            row.iter().fold(int(0), |a, (i, p)| {
                if *i == k {
                    a + p * (int(1) + d)
                } else {
                    a + p * &scale
                }
            })
        })
        .collect()
}

#[test]
fn equal_exact_totals_share_a_rank_under_every_method_and_reported_swaps_are_real() {
    use num_traits::Signed;
    use rational::{Q, half_up, int, q};
    let temp = tempfile::tempdir().expect("temp");
    let files = panel_3x7(temp.path());
    let rubric = rubric_json();
    let weights: Vec<(u64, Q)> = rubric["categories"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["indicators"].as_array().into_iter().flatten())
        .map(|i| (i["id"].as_u64().expect("id"), rational::qv(&i["weight"])))
        .collect();
    for method in ["mean", "trimmed", "median"] {
        let document = merge_json(&files, &["--method", method]);
        let ranks: Vec<(String, u64, String)> = document["clusters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                (
                    c["package_id"].as_str().unwrap_or_default().to_string(),
                    c["rank"].as_u64().unwrap_or_default(),
                    c["total"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        assert_eq!(ranks[0].1, 1, "{method}: {ranks:?}");
        assert_eq!(
            ranks[1].1, 1,
            "{method}: equal totals share a rank: {ranks:?}"
        );
        assert_eq!(
            ranks[2],
            ("c".to_string(), 3, ranks[2].2.clone()),
            "{method}"
        );
        // the totals, independently
        let points = exact_points(&document, &rubric);
        let exact: Vec<Q> = points
            .iter()
            .map(|(_, row)| row.iter().fold(int(0), |a, (_, p)| a + p))
            .collect();
        assert_eq!(exact[0], exact[1], "{method}: a and b are equal exactly");
        for ((_, _, shown), value) in ranks.iter().zip(&exact) {
            assert_eq!(shown, &half_up(value, 2), "{method}");
        }
        // a tie is broken by nearly every perturbation: with shared ranks it is not "unchanged"
        assert_eq!(
            document["sensitivity"]["stable_share"], "0.0000",
            "{method}"
        );
        let ids: Vec<&str> = points.iter().map(|(id, _)| id.as_str()).collect();
        let mut reported = 0;
        for swap in document["sensitivity"]["swaps"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let k = swap["indicator"].as_u64().expect("indicator");
            // the smallest strict reversal, found independently by trying every pair
            let mut smallest: Option<Q> = None;
            let totals_now = totals_at(&points, &weights, k, &int(0));
            let wk = weights
                .iter()
                .find(|(i, _)| *i == k)
                .map(|(_, w)| w.clone())
                .expect("w");
            let (low, high) = (int(-1), int(100) / &wk - int(1));
            for x in 0..3 {
                for y in 0..3 {
                    if totals_now[x] <= totals_now[y] {
                        continue;
                    }
                    // diff(d) is linear: diff(0) + d·(diff(1) − diff(0))
                    let at = |d: &Q| {
                        let t = totals_at(&points, &weights, k, d);
                        &t[x] - &t[y]
                    };
                    let (d0, d1) = (at(&int(0)), at(&int(1)));
                    if d1 == d0 {
                        continue;
                    }
                    let d = -&d0 / (&d1 - &d0);
                    if d > low && d < high && smallest.as_ref().is_none_or(|s| d.abs() < s.abs()) {
                        smallest = Some(d);
                    }
                }
            }
            match (&smallest, swap["change"].as_str()) {
                (None, None) => {
                    assert_eq!(swap["clusters"], Value::Null);
                    continue;
                }
                (Some(d), Some(text)) => {
                    let change = q(text);
                    assert!(
                        (&change - d).abs() <= d.abs() / int(1000),
                        "{method} indicator {k}: {text} vs {d}"
                    );
                }
                other => panic!("{method} indicator {k}: {other:?}"),
            }
            reported += 1;
            let change = q(swap["change"].as_str().expect("change"));
            let pair: Vec<usize> = swap["clusters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|id| ids.iter().position(|i| Some(*i) == id.as_str()))
                .collect();
            let (upper, lower) = (pair[0], pair[1]);
            let beyond = totals_at(&points, &weights, k, &(&change * q("1.01")));
            let short = totals_at(&points, &weights, k, &(&change * q("0.99")));
            assert!(
                beyond[upper] < beyond[lower],
                "{method} {k}: 1.01 × the change reverses them"
            );
            assert!(
                short[upper] > short[lower],
                "{method} {k}: 0.99 × the change does not"
            );
            let moved = &wk * (int(1) + &change * q("1.01"));
            assert!(moved >= int(0) && moved <= int(100), "feasible weights");
        }
        assert!(
            reported > 0,
            "{method}: c can overtake a or b on some weight"
        );
    }
}

/// Where one cluster earns at least as large a fraction of every weight as the other, no
/// feasible weight change reverses them: every swap is `null` and the table says so.
#[test]
fn no_swap_within_feasible_weights_is_null_and_said_so() {
    let temp = tempfile::tempdir().expect("temp");
    let demo = fixture("packages/demo");
    let demo2 = second_package(temp.path());
    let files = vec![
        scored_session(
            temp.path(),
            &demo,
            "E01",
            &[(1, "6"), (2, "6"), (3, "3"), (20, "3")],
        ),
        scored_session(
            temp.path(),
            &demo2,
            "E01",
            &[(1, "6"), (2, "6"), (3, "3"), (20, "3")],
        ),
    ];
    let document = merge_json(&files, &[]);
    let swaps = document["sensitivity"]["swaps"].as_array().expect("swaps");
    assert_eq!(swaps.len(), 20);
    for swap in swaps {
        assert_eq!(swap["change"], Value::Null, "{swap}");
        assert_eq!(swap["clusters"], Value::Null, "{swap}");
    }
    let output = bin()
        .arg("merge")
        .args(&files)
        .args(["--allow-unsigned"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("在可行权重内"), "{text}");
}

/// Krippendorff's interval alpha by its pairwise definition, independently of the program's
/// coincidence-matrix computation: `1 − D_o / D_e` with `D_o = Σ_u Σ_{i≠j in u} (v_i − v_j)² /
/// (m_u − 1) / n` and `D_e = Σ_{i≠j over all pairable values} (v_i − v_j)² / (n (n − 1))`.
fn interval_alpha(units: &[Vec<f64>]) -> f64 {
    let pairable: Vec<&Vec<f64>> = units.iter().filter(|u| u.len() >= 2).collect();
    let all: Vec<f64> = pairable.iter().flat_map(|u| u.iter().copied()).collect();
    let n = all.len() as f64;
    let mut observed = 0.0;
    for unit in &pairable {
        let mut sum = 0.0;
        for (i, a) in unit.iter().enumerate() {
            for (j, b) in unit.iter().enumerate() {
                if i != j {
                    sum += (a - b).powi(2);
                }
            }
        }
        observed += sum / (unit.len() as f64 - 1.0);
    }
    observed /= n;
    let mut expected = 0.0;
    for (i, a) in all.iter().enumerate() {
        for (j, b) in all.iter().enumerate() {
            if i != j {
                expected += (a - b).powi(2);
            }
        }
    }
    expected /= n * (n - 1.0);
    1.0 - observed / expected
}

/// Issue 11's realistic panel: 3 clusters × 5 experts, E05 recused from cluster b. Alpha is
/// computed with the missing cell (and agrees with an independent computation from the
/// experts' exact totals to 1e-6); ICC and W use the complete block (E01–E04 × all three
/// clusters) and name E05 as left out; leniency and rank acceptability are there.
#[test]
fn a_recusal_leaves_alpha_defined_and_icc_on_the_complete_block() {
    use rational::{Q, int};
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    let scores: [(&str, Option<&str>, [&str; 5]); 3] = [
        ("a", None, ["7", "6.5", "7.5", "6", "8"]),
        ("b", None, ["5", "6", "4.5", "5.5", "7"]),
        ("c", Some("148.445"), ["6", "5", "6.5", "4", "5"]),
    ];
    let mut files = Vec::new();
    for (id, revenue, points) in scores {
        let package = demo_as(root, id, revenue);
        for (e, p) in points.iter().enumerate() {
            let expert = format!("E0{}", e + 1);
            if id == "b" && expert == "E05" {
                let path = root.join("b-E05.sqlite");
                bin()
                    .args(["session", "new", "--package"])
                    .arg(&package)
                    .args([
                        "--expert",
                        "E05",
                        "--name",
                        "专家E05",
                        "--recuse",
                        "本单位申报",
                        "--session",
                    ])
                    .arg(&path)
                    .assert()
                    .success();
                files.push(path);
                continue;
            }
            let second = if e % 2 == 0 { "6" } else { "7" };
            files.push(scored_session(
                root,
                &package,
                &expert,
                &[(1, p), (2, second), (3, "3"), (20, "3")],
            ));
        }
    }
    let document = merge_json(&files, &["--method", "mean"]);
    let agreement = &document["agreement"];
    // ICC and W on the complete block, naming what it leaves out
    assert!(agreement["icc"]["ICC1"].is_string(), "{agreement}");
    assert!(agreement["kendall_w"].is_string(), "{agreement}");
    assert_eq!(
        agreement["complete_block"]["left_out_experts"],
        serde_json::json!(["E05"])
    );
    assert_eq!(
        agreement["complete_block"]["left_out_clusters"],
        serde_json::json!([])
    );
    assert_eq!(
        (
            agreement["clusters"].as_u64(),
            agreement["experts"].as_u64()
        ),
        (Some(3), Some(4))
    );
    // alpha from the experts' exact totals: their qualitative points plus the cluster's
    // quantitative points, re-computed independently
    let rubric = rubric_json();
    let points = exact_points(&document, &rubric);
    let mut units: Vec<Vec<f64>> = Vec::new();
    for (cluster, (_, row)) in document["clusters"]
        .as_array()
        .expect("clusters")
        .iter()
        .zip(&points)
    {
        let quantitative = cluster["indicators"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|i| i["kind"] == "quantitative")
            .map(|i| i["id"].as_u64().expect("id"))
            .fold(int(0), |a, id| {
                a + row
                    .iter()
                    .find(|(i, _)| *i == id)
                    .map(|(_, p)| p.clone())
                    .unwrap_or_default()
            });
        let mut unit = Vec::new();
        for expert in cluster["experts"].as_array().into_iter().flatten() {
            let id = expert["id"].as_str().expect("id");
            let qualitative = cluster["indicators"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| i["scores"][id].as_str())
                .fold(int(0), |a, p| a + rational::q(p));
            let total: Q = qualitative + &quantitative;
            assert_eq!(expert["total"], rational::half_up(&total, 2));
            unit.push(num_traits::ToPrimitive::to_f64(&total).expect("f64"));
        }
        units.push(unit);
    }
    assert_eq!(units.iter().map(Vec::len).sum::<usize>(), 14);
    let expected = interval_alpha(&units);
    let alpha = &agreement["krippendorff_alpha"];
    let reported: f64 = alpha["interval"]
        .as_str()
        .expect("alpha")
        .parse()
        .expect("number");
    assert!(
        (reported - expected).abs() < 5e-5 + 1e-6,
        "{reported} vs {expected}"
    );
    assert_eq!(alpha["values"], 14);
    assert!(alpha["ordinal"].is_string());
    let per_indicator: Vec<u64> = alpha["indicators"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["indicator"].as_u64())
        .collect();
    assert_eq!(per_indicator, [1, 2, 3, 20]);
    // leniency of every expert, and rank acceptability summing to one per cluster
    let experts = document["experts"].as_array().expect("experts");
    assert_eq!(experts.len(), 5);
    assert_eq!(
        experts[4]["leniency"]["scores"], 8,
        "E05 scored 4 indicators in 2 clusters"
    );
    let robustness = &document["robustness"];
    assert_eq!(robustness["draws"], 2000);
    for cluster in robustness["clusters"].as_array().into_iter().flatten() {
        let sum: f64 = cluster["acceptability"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str()?.parse::<f64>().ok())
            .sum();
        assert!((sum - 1.0).abs() < 1e-3, "{cluster}");
    }
    assert_eq!(document["correction_ledger"], serde_json::json!([]));
}

/// Divergence deviations are half-up with four decimals: five experts 4.5, 4.5, 3, 2, 2 (mean
/// 3.2) deviate by 1.3/3.2 = 0.40625 → "0.4063" (not the half-even "0.4062") and 1.2/3.2 =
/// 0.375 → "0.3750" (not "0.375").
#[test]
fn divergence_deviations_are_half_up_with_four_decimals() {
    let temp = tempfile::tempdir().expect("temp");
    let demo = fixture("packages/demo");
    let files: Vec<PathBuf> = ["4.5", "4.5", "3", "2", "2"]
        .iter()
        .enumerate()
        .map(|(i, p)| scored_session(temp.path(), &demo, &format!("E0{}", i + 1), &[(1, p)]))
        .collect();
    let document = merge_json(&files, &["--method", "mean"]);
    let deviations: Vec<(String, String)> = indicator(&document, 0, 1)["flags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["code"] == "divergent")
        .map(|f| {
            (
                f["expert"].as_str().unwrap_or_default().to_string(),
                f["deviation"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        deviations,
        [
            ("E01".to_string(), "0.4063".to_string()),
            ("E02".to_string(), "0.4063".to_string()),
            ("E04".to_string(), "0.3750".to_string()),
            ("E05".to_string(), "0.3750".to_string()),
        ]
    );
}
