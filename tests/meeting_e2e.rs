//! The expert's meeting screen end to end on a pseudo-terminal (`common::pty`): the list of the
//! meeting's clusters, a session made by declaring on first opening, Esc back to the list,
//! scores in two clusters, "my scores across clusters" (一览) showing both, Enter from 一览 to a
//! cluster and indicator, a kill that loses nothing shown as saved, and signing every ready
//! cluster at once with the meeting's roster.

mod common;

use common::pty::{Pty, keys, row_text};
use common::{bin, copy_dir, fixture, indicator, show_json};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// A meeting of two clusters (the demo and a copy with another id) and two experts, with a
/// roster of their keys and the chair's.
struct Room {
    temp: tempfile::TempDir,
}

impl Room {
    fn new() -> Self {
        let room = Self {
            temp: tempfile::tempdir().expect("temp"),
        };
        let second = common::second_package(room.path());
        let keys = room.path().join("keys");
        let mut roster = String::new();
        for (id, role) in [("E01", "expert"), ("E02", "expert"), ("C01", "chair")] {
            bin()
                .args(["keygen", "--out"])
                .arg(&keys)
                .args(["--id", id])
                .assert()
                .success();
            roster.push_str(&format!(
                "[[signer]]\nid = \"{id}\"\nrole = \"{role}\"\npublic_key = \"keys/{id}.pub.pem\"\n\n"
            ));
        }
        std::fs::write(room.path().join("roster.toml"), roster).expect("roster");
        let demo = room.path().join("demo");
        copy_dir(&fixture("packages/demo"), &demo);
        bin()
            .args(["meeting", "init"])
            .arg(room.meeting())
            .args([
                "--title",
                "示例评审会",
                "--date",
                "2025-03-18",
                "--chair",
                "C01=王组长",
                "--expert",
                "E01=张三",
                "E02=李四",
                "--roster",
            ])
            .arg(room.path().join("roster.toml"))
            .arg("--package")
            .arg(&demo)
            .arg(&second)
            .assert()
            .success();
        room
    }

    fn path(&self) -> &Path {
        self.temp.path()
    }

    fn meeting(&self) -> PathBuf {
        self.path().join("meeting")
    }

    fn session(&self, package: &str, expert: &str) -> PathBuf {
        self.meeting()
            .join("sessions")
            .join(package)
            .join(format!("{expert}.sqlite"))
    }

    /// The meeting screen of an expert.
    fn screen(&self, expert: &str) -> Pty {
        Pty::spawn(
            &[
                OsStr::new("review"),
                OsStr::new("--meeting"),
                self.meeting().as_os_str(),
                OsStr::new("--expert"),
                OsStr::new(expert),
            ],
            &common::root(),
            &self.path().join("config"),
            (100, 30),
            &[],
        )
    }
}

fn row_with(screen: &vt100::Screen, texts: &[&str]) -> Option<String> {
    let (rows, _) = screen.size();
    (0..rows.get())
        .map(|r| row_text(screen, r))
        .find(|line| texts.iter().all(|t| line.contains(t)))
}

const DEMO: &str = "生物医药创新型产业集群（demo）";
const DEMO2: &str = "新型材料创新型产业集群（demo2）";

#[test]
fn two_clusters_scored_shown_side_by_side_and_kept_through_a_kill() {
    let room = Room::new();
    let mut pty = room.screen("E01");
    pty.wait_for("the list of the meeting's clusters", |s| {
        row_with(s, &[DEMO, "未开始", "已评 0/20"]).is_some()
            && row_with(s, &[DEMO2, "未开始"]).is_some()
            && s.contents().contains("示例评审会")
    });
    // the first opening asks the declaration before any session exists
    pty.send(keys::ENTER);
    pty.wait_text(&["回避声明"]);
    assert!(!room.session("demo", "E01").exists());
    pty.send("y");
    pty.wait_text(&["已评 0/20", "Esc 集群列表"]);
    assert!(room.session("demo", "E01").exists());
    pty.send(keys::ENTER);
    pty.wait_text(&["打分 · 指标 1"]);
    pty.send("6.5");
    pty.send(keys::ENTER);
    pty.wait_for("indicator 1 saved", |s| {
        s.contents().contains("已保存") && row_with(s, &["1 政策文件", "6.50"]).is_some()
    });
    pty.send(keys::ESC);
    pty.wait_for("back on the list, the progress shown", |s| {
        row_with(s, &[DEMO, "评审中", "已评 1/20"]).is_some()
    });

    // the second cluster: Esc on its declaration goes back without making a session
    pty.send(keys::DOWN);
    pty.send(keys::ENTER);
    pty.wait_text(&["回避声明"]);
    pty.send(keys::ESC);
    pty.wait_for("back on the list", |s| {
        row_with(s, &[DEMO2, "未开始"]).is_some()
    });
    assert!(!room.session("demo2", "E01").exists());
    pty.send(keys::ENTER);
    pty.wait_text(&["回避声明"]);
    pty.send("y");
    pty.wait_text(&["已评 0/20"]);
    pty.send(keys::DOWN);
    pty.send(keys::ENTER);
    pty.wait_text(&["打分 · 指标 2"]);
    pty.send("7");
    pty.send(keys::ENTER);
    pty.wait_for("indicator 2 saved", |s| {
        row_with(s, &["2 工作推进体系", "7.00"]).is_some()
    });
    pty.send(keys::ESC);
    pty.wait_for("the list", |s| row_with(s, &[DEMO2, "已评 1/20"]).is_some());

    // 一览: both clusters' points side by side, the panel's quantitative points below
    pty.send(keys::TAB);
    let screen = pty.wait_text(&["一览", "demo2"]);
    let first = row_with(&screen, &["1 政策文件"]).expect("indicator 1's row");
    let second = row_with(&screen, &["2 工作推进体系"]).expect("indicator 2's row");
    let cells = |line: &str| -> Vec<String> {
        line.split_whitespace()
            // points carry two decimals; the indicator's number does not
            .filter(|w| *w == "—" || (w.contains('.') && w.parse::<f64>().is_ok()))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(cells(&first), ["6.50", "—"], "{first}");
    assert_eq!(cells(&second), ["—", "7.00"], "{second}");
    // the panel's quantitative points of indicator 4 (talents 48 of 150, × 5) in both clusters
    let talents = row_with(&screen, &["4 人才计划人数"]).expect("indicator 4's row");
    assert_eq!(cells(&talents), ["1.60", "1.60"], "{talents}");
    // Enter on indicator 2 of demo2 opens that cluster there
    pty.send(keys::DOWN);
    pty.send(keys::ENTER);
    pty.wait_for("demo2 open at indicator 2", |s| {
        s.contents().contains("新型材料") && row_with(s, &["▸", "2 工作推进体系", "7.00"]).is_some()
    });

    pty.kill_hard();
    let _ = pty.wait_exit();
    assert_eq!(
        indicator(&show_json(&room.session("demo", "E01")), 1)["points"],
        "6.50"
    );
    assert_eq!(
        indicator(&show_json(&room.session("demo2", "E01")), 2)["points"],
        "7.00"
    );

    // reopened: what was shown as saved is there, on the list and in 一览
    let mut again = room.screen("E01");
    again.wait_for("the list as it was", |s| {
        row_with(s, &[DEMO, "已评 1/20"]).is_some() && row_with(s, &[DEMO2, "已评 1/20"]).is_some()
    });
    again.send(keys::TAB);
    let screen = again.wait_text(&["一览"]);
    assert_eq!(
        cells(&row_with(&screen, &["1 政策文件"]).expect("row")),
        ["6.50", "—"]
    );
    assert_eq!(
        cells(&row_with(&screen, &["2 工作推进体系"]).expect("row")),
        ["—", "7.00"]
    );
    again.send(keys::ESC);
    again.send("q");
    assert!(again.wait_exit().success());
}

/// Fills a session of the meeting with the binary: declared, every qualitative indicator
/// scored with an opinion, the overall opinion.
fn ready_session(room: &Room, package: &str, expert: &str) -> PathBuf {
    let path = room.session(package, expert);
    bin()
        .args(["session", "new", "--package"])
        .arg(room.meeting().join("packages").join(package))
        .arg("--rubric")
        .arg(room.meeting().join("rubric.toml"))
        .args([
            "--expert",
            expert,
            "--name",
            "张三",
            "--declare-no-conflict",
            "--session",
        ])
        .arg(&path)
        .assert()
        .success();
    for (indicator, points) in [(1, "6"), (2, "6"), (3, "3"), (20, "3")] {
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
    bin()
        .args(["session", "set"])
        .arg(&path)
        .args(["--overall", "同意。"])
        .assert()
        .success();
    path
}

#[test]
fn every_ready_cluster_is_signed_at_once_with_the_rosters_key() {
    let room = Room::new();
    let demo = ready_session(&room, "demo", "E01");
    let demo2 = ready_session(&room, "demo2", "E01");
    let mut pty = room.screen("E01");
    pty.wait_for("both ready", |s| {
        row_with(s, &[DEMO, "可签署"]).is_some() && row_with(s, &[DEMO2, "可签署"]).is_some()
    });
    pty.send("A");
    pty.wait_text(&["将签署以下 2 个集群的评分表"]);
    pty.send(keys::ENTER);
    pty.wait_text(&["签署 · 私钥"]);
    // another expert's key: refused by the roster, nothing signed
    pty.send(&room.path().join("keys/E02.key.pem").display().to_string());
    pty.send(keys::ENTER);
    pty.wait_text(&["roster"]);
    assert!(show_json(&demo)["signed"].is_null());
    assert!(!room.meeting().join("sessions/demo/E01.r1.json").exists());
    // the expert's own key: both signed, once
    pty.send(&"\x7f".repeat(120));
    pty.send(&room.path().join("keys/E01.key.pem").display().to_string());
    pty.send(keys::ENTER);
    pty.wait_for("both signed", |s| {
        row_with(s, &[DEMO, "已签署 r1"]).is_some()
            && row_with(s, &[DEMO2, "已签署 r1"]).is_some()
            && s.contents().contains("已签署 2 个集群")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
    for path in [&demo, &demo2] {
        assert!(!show_json(path)["signed"].is_null());
    }
    // the sheets name the meeting and verify against the roster
    let sheet = room.meeting().join("sessions/demo2/E01.r1.json");
    bin()
        .arg("verify")
        .arg(&sheet)
        .arg("--roster")
        .arg(room.meeting().join("roster.toml"))
        .assert()
        .success();
    let document: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sheet).expect("sheet")).expect("json");
    assert_eq!(document["meeting"]["title"], "示例评审会");
    let status = bin()
        .args(["meeting", "status", "--json"])
        .arg(room.meeting())
        .output()
        .expect("status");
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).expect("json");
    let signed = status["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .filter(|c| c["expert"] == "E01" && c["state"] == "signed")
        .count();
    assert_eq!(signed, 2);
}
