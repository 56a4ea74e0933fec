//! Durability: a child process makes edits and is killed with SIGKILL at random moments, again
//! and again. Every edit it reported saved must be on disk, the file must stay sound, and a
//! killed writer must never leave the session locked.

#![cfg(unix)]

mod common;

use common::{bin, new_session, show_json};
use rusqlite::Connection;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A small deterministic random source (xorshift), so a failure can be replayed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const INDICATORS: [u32; 4] = [1, 2, 3, 20];

fn edit_command(path: &std::path::Path, i: u32) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("cluster-review"));
    cmd.args(["session", "set"])
        .arg(path)
        .args([
            "--indicator",
            &INDICATORS[i as usize % 4].to_string(),
            "--comment",
            &format!("第{i}次修改：意见内容"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

#[test]
fn edits_reported_saved_survive_sigkill_at_random_moments() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);

    // how long one edit takes here, so that kills land before, during and after the commit
    let mut runs: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let status = edit_command(&path, 0).status().expect("run");
            assert!(status.success());
            start.elapsed()
        })
        .collect();
    runs.sort();
    let typical = runs[2].as_micros() as u64;

    let mut random = Random(0x5eed_cafe_f00d_d00d);
    let (mut reported, mut killed) = (Vec::new(), 0);
    for i in 1..=120u32 {
        let mut child = edit_command(&path, i).spawn().expect("spawn");
        std::thread::sleep(Duration::from_micros(random.next() % (typical + 1)));
        let _ = child.kill(); // SIGKILL; fails harmlessly when the child has already exited
        let output = child.wait_with_output().expect("wait");
        if output.status.signal() == Some(9) {
            killed += 1;
        } else {
            assert!(
                output.status.success(),
                "edit {i} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        if String::from_utf8_lossy(&output.stdout).contains("已保存") {
            reported.push(i);
        }
    }
    assert!(
        killed >= 50,
        "only {killed} of 120 children were killed before finishing"
    );

    // reading recovers any interrupted transaction; then the file must be sound
    let document = show_json(&path);
    let conn = Connection::open(&path).expect("open");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    // the audit keeps only the changed part of a text: replaying it gives every version
    let changes: Vec<(String, Option<i64>, String, String)> = conn
        .prepare("SELECT what, offset, old, new FROM audit WHERE what LIKE 'indicator % comment' ORDER BY seq")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect()
        })
        .expect("audit");
    let mut current: std::collections::BTreeMap<String, String> = Default::default();
    let mut audit: Vec<(String, String)> = Vec::new();
    for (what, offset, removed, inserted) in changes {
        let before = current.get(&what).cloned().unwrap_or_default();
        let change = cluster_review::session::TextChange {
            offset: offset.expect("a text change has its place") as usize,
            removed,
            inserted,
        };
        let after = cluster_review::session::apply_change(&before, &change);
        current.insert(what.clone(), after.clone());
        audit.push((what, after));
    }
    for i in &reported {
        let text = format!("第{i}次修改：意见内容");
        assert!(
            audit.iter().any(|(_, new)| *new == text),
            "edit {i} was reported saved but is not on disk"
        );
    }
    // what the session shows is the last audited comment of each indicator
    for id in INDICATORS {
        let what = format!("indicator {id} comment");
        let last = audit
            .iter()
            .rev()
            .find(|(w, _)| *w == what)
            .map(|(_, new)| new.clone());
        let shown = common::indicator(&document, u64::from(id))["comment"]
            .as_str()
            .map(str::to_string);
        assert_eq!(shown, last, "indicator {id}");
    }
    // no killed writer left the session locked
    bin()
        .args(["session", "set"])
        .arg(&path)
        .args(["--indicator", "1", "--points", "6"])
        .assert()
        .success();
    eprintln!(
        "{killed} of 120 children killed; {} edits reported saved; {} on disk",
        reported.len(),
        audit.len()
    );
}

/// 17.14: `sign` killed at random moments never leaves a session signed without a way to get
/// its sheet: the next `sign` signs it or completes the signing, the sheet verifies, and no
/// temporary file of the killed run survives.
#[test]
fn a_signing_killed_at_random_moments_is_completed_by_the_next_run() {
    let temp = tempfile::tempdir().expect("temp");
    bin()
        .args(["keygen", "--out"])
        .arg(temp.path())
        .args(["--id", "E01"])
        .assert()
        .success();
    let key = temp.path().join("E01.key.pem");
    let ready = |n: u32| {
        let dir = temp.path().join(format!("s{n}"));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = common::scored_session(
            &dir,
            &common::fixture("packages/demo"),
            "E01",
            &[(1, "6"), (2, "6.5"), (3, "3"), (20, "3")],
        );
        bin()
            .args(["session", "set"])
            .arg(&path)
            .args(["--overall", "建议通过。"])
            .assert()
            .success();
        (dir, path)
    };
    let sign = |path: &std::path::Path| {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("cluster-review"));
        cmd.arg("sign")
            .arg(path)
            .arg("--key")
            .arg(&key)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    };
    // how long a signing takes here
    let (_, probe) = ready(0);
    let start = Instant::now();
    assert!(sign(&probe).status().expect("run").success());
    let typical = start.elapsed().as_micros() as u64;
    let mut random = Random(0x51_6e_5e_ed);
    let mut killed = 0;
    for n in 1..=30u32 {
        let (dir, path) = ready(n);
        let mut child = sign(&path).spawn().expect("spawn");
        std::thread::sleep(Duration::from_micros(random.next() % (typical + 1)));
        let _ = child.kill();
        let output = child.wait_with_output().expect("wait");
        if output.status.signal() == Some(9) {
            killed += 1;
        }
        // the next run signs or completes; either way the sheet is there and verifies
        let again = sign(&path).output().expect("run");
        let sheet = dir.join("demo-E01.r1.json");
        if !again.status.success() {
            let stderr = String::from_utf8_lossy(&again.stderr);
            assert!(
                stderr.contains("signed and read-only") && sheet.exists(),
                "run {n}: {stderr}"
            );
        }
        bin()
            .arg("verify")
            .arg(&sheet)
            .arg("--pub")
            .arg(temp.path().join("E01.pub.pem"))
            .assert()
            .success();
        let leftovers: Vec<String> = std::fs::read_dir(&dir)
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".writing") || name.ends_with(".creating"))
            .collect();
        assert!(leftovers.is_empty(), "run {n}: {leftovers:?}");
    }
    assert!(killed >= 10, "only {killed} of 30 signings were killed");
}
