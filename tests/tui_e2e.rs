//! End-to-end tests of the real binary in a real terminal: tmux runs `cluster-review`,
//! `send-keys` types, `capture-pane` reads the screen. CI installs tmux; without it these tests
//! fail rather than pass silently.

#![cfg(unix)]

mod common;

use common::{indicator, show_json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

/// A tmux server of our own (its own socket, no user configuration) with one window.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, width: u16, height: u16, command: &str) -> Self {
        let tmux = Self {
            socket: format!("cluster-review-test-{name}-{}", std::process::id()),
        };
        let status = tmux
            .command()
            .args([
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                command,
            ])
            .status()
            .expect("tmux must be installed (CI installs it)");
        assert!(status.success(), "tmux new-session failed");
        tmux
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-L", &self.socket, "-f", "/dev/null"]);
        cmd
    }

    /// Sends keys by their tmux names (`Enter`, `Down`, `Escape`, `q`).
    fn keys(&self, keys: &[&str]) {
        for key in keys {
            let status = self
                .command()
                .args(["send-keys", "-t", "t", key])
                .status()
                .expect("send-keys");
            assert!(status.success());
            // a pause between keys, so that Escape followed by a letter is not read as Alt+letter
            std::thread::sleep(Duration::from_millis(120));
        }
    }

    /// Types text literally (Chinese included).
    fn text(&self, text: &str) {
        let status = self
            .command()
            .args(["send-keys", "-t", "t", "-l", text])
            .status()
            .expect("send-keys");
        assert!(status.success());
        std::thread::sleep(Duration::from_millis(200));
    }

    fn capture(&self) -> String {
        let output = self
            .command()
            .args(["capture-pane", "-p", "-t", "t"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until the screen satisfies `ready`; returns it.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if ready(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn pane_pid(&self) -> u32 {
        let output = self
            .command()
            .args(["display-message", "-p", "-t", "t", "#{pane_pid}"])
            .output()
            .expect("pid");
        String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .expect("a pid")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self
            .command()
            .arg("kill-server")
            .stderr(std::process::Stdio::null())
            .status();
    }
}

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("cluster-review")
}

fn review_command(session: &Path, extra: &str) -> String {
    format!(
        "cd {} && exec {} review --package tests/fixtures/packages/demo --expert E01 --session {} {extra}",
        common::root().display(),
        binary().display(),
        session.display()
    )
}

fn kill9(pid: u32) {
    let status = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

#[test]
fn scores_and_a_chinese_comment_survive_sigkill() {
    let temp = tempfile::tempdir().expect("temp");
    let session = temp.path().join("E01.sqlite");
    let tmux = Tmux::start(
        "survive",
        100,
        30,
        &review_command(&session, "--name 张三 --declare-no-conflict"),
    );
    tmux.wait_for("the review screen", |s| {
        s.contains("政策文件") && s.contains("已评 0/20")
    });

    tmux.keys(&["Enter"]);
    tmux.wait_for("the score entry", |s| s.contains("打分 · 指标 1"));
    tmux.text("6.5");
    tmux.keys(&["Enter"]);
    tmux.wait_for("indicator 1 saved", |s| {
        s.contains("已保存")
            && s.lines()
                .any(|l| l.contains("1 政策文件") && l.contains("6.50"))
    });

    tmux.keys(&["Down", "Enter"]);
    tmux.wait_for("the score entry", |s| s.contains("打分 · 指标 2"));
    tmux.text("7");
    tmux.keys(&["Enter"]);
    tmux.wait_for("indicator 2 saved", |s| {
        s.lines()
            .any(|l| l.contains("2 工作推进体系") && l.contains("7.00"))
    });

    tmux.keys(&["c"]);
    tmux.wait_for("the opinion editor", |s| s.contains("评审意见 · 2"));
    tmux.text("推进体系健全，设立集群推进专班。");
    tmux.keys(&["Escape"]);
    tmux.wait_for("the opinion saved and shown", |s| {
        !s.contains("评审意见 · 2") && s.contains("推进体系健全，设立集群推进专班。")
    });

    kill9(tmux.pane_pid());
    let document = show_json(&session);
    assert_eq!(indicator(&document, 1)["points"], "6.50");
    assert_eq!(indicator(&document, 2)["points"], "7.00");
    assert_eq!(
        indicator(&document, 2)["comment"],
        "推进体系健全，设立集群推进专班。"
    );

    // reopened, the screen shows everything it had shown as saved
    let again = Tmux::start("reopen", 100, 30, &review_command(&session, ""));
    let screen = again.wait_for("the reopened session", |s| s.contains("政策文件"));
    assert!(
        screen
            .lines()
            .any(|l| l.contains("1 政策文件") && l.contains("6.50")),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains("2 工作推进体系") && l.contains("7.00")),
        "{screen}"
    );
}

#[test]
fn points_above_the_weight_are_refused_on_screen_and_not_stored() {
    let temp = tempfile::tempdir().expect("temp");
    let session = temp.path().join("E01.sqlite");
    let tmux = Tmux::start(
        "refuse",
        100,
        30,
        &review_command(&session, "--name 张三 --declare-no-conflict"),
    );
    tmux.wait_for("the review screen", |s| s.contains("政策文件"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the score entry", |s| s.contains("打分 · 指标 1"));
    tmux.text("9");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the refusal", |s| {
        s.contains("超出范围") && s.contains("原分数未改变")
    });
    tmux.keys(&["Escape"]);
    tmux.wait_for("the entry closed", |s| !s.contains("超出范围"));
    tmux.keys(&["q"]);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        indicator(&show_json(&session), 1)["points"],
        serde_json::Value::Null
    );
}

/// The display columns at which `│` stands in a line.
fn bar_columns(line: &str) -> Vec<usize> {
    let mut columns = Vec::new();
    let mut column = 0;
    for c in line.chars() {
        if c == '│' {
            columns.push(column);
        }
        column += UnicodeWidthStr::width(c.to_string().as_str());
    }
    columns
}

#[test]
fn borders_stand_in_the_same_column_on_every_line_with_cjk_text() {
    let temp = tempfile::tempdir().expect("temp");
    let session = temp.path().join("E01.sqlite");
    for (width, height) in [(80u16, 24u16), (123, 37)] {
        let tmux = Tmux::start(
            &format!("borders{width}"),
            width,
            height,
            &review_command(&session, "--name 张三 --declare-no-conflict"),
        );
        tmux.wait_for("the review screen", |s| s.contains("政策文件"));
        // a quantitative indicator with long CJK text in the detail pane
        tmux.keys(&[
            "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Down",
            "Tab",
        ]);
        let screen = tmux.wait_for("indicator 12", |s| s.contains("ip_per_100m"));
        let lines: Vec<&str> = screen.lines().collect();
        let body = &lines[1..usize::from(height) - 2];
        let separator = bar_columns(body[0])
            .get(1)
            .copied()
            .expect("a separator on the first body line");
        for line in body {
            let bars = bar_columns(line);
            assert_eq!(bars.first(), Some(&0), "left border: {line}");
            assert!(
                bars.contains(&separator),
                "separator not at column {separator}: {line}"
            );
            assert_eq!(
                bars.last(),
                Some(&(usize::from(width) - 1)),
                "right border: {line}"
            );
        }
        // the joints of the separator with the bottom border
        let bottom = lines[usize::from(height) - 2];
        let joint = bottom
            .chars()
            .scan(0, |col, c| {
                let at = *col;
                *col += UnicodeWidthStr::width(c.to_string().as_str());
                Some((at, c))
            })
            .find(|(_, c)| *c == '┴');
        assert_eq!(joint.map(|(at, _)| at), Some(separator), "{bottom}");
        tmux.keys(&["q"]);
    }
}

#[test]
fn the_terminal_is_restored_after_q() {
    let temp = tempfile::tempdir().expect("temp");
    let session = temp.path().join("E01.sqlite");
    let tmux = Tmux::start("restore", 100, 30, "exec sh");
    tmux.text(&format!(
        "{}; echo EXITED-$?\n",
        review_command(&session, "--name 张三 --declare-no-conflict").replacen("exec ", "", 1)
    ));
    tmux.wait_for("the review screen", |s| s.contains("政策文件"));
    tmux.keys(&["q"]);
    tmux.wait_for("the shell again", |s| {
        s.contains("EXITED-0") && !s.contains("政策文件")
    });
    // raw mode is off again: the line discipline is canonical and echoes
    tmux.text("stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | sort | tr '\\n' ' '; echo STTY-$((40+2))\n");
    let screen = tmux.wait_for("stty", |s| s.contains("STTY-42"));
    let modes = screen
        .lines()
        .find(|l| l.contains("STTY-42"))
        .unwrap_or_default();
    assert!(modes.contains("echo icanon"), "{modes}");
    assert!(
        !modes.contains("-icanon") && !modes.contains("-echo"),
        "{modes}"
    );
}

#[test]
fn a_new_session_starts_with_the_declaration_then_scores() {
    let temp = tempfile::tempdir().expect("temp");
    let session = temp.path().join("E01.sqlite");
    let tmux = Tmux::start("declare", 100, 30, &review_command(&session, "--name 张三"));
    tmux.wait_for("the declaration", |s| {
        s.contains("回避声明") && s.contains("利益冲突")
    });
    tmux.keys(&["Enter"]);
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        tmux.capture().contains("回避声明"),
        "Enter alone does not declare"
    );
    tmux.keys(&["y"]);
    tmux.wait_for("the review screen", |s| {
        !s.contains("利益冲突") && s.contains("已保存")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the score entry", |s| s.contains("打分 · 指标 1"));
    tmux.text("6.5");
    tmux.keys(&["Enter"]);
    tmux.wait_for("indicator 1 saved", |s| {
        s.lines()
            .any(|l| l.contains("1 政策文件") && l.contains("6.50"))
    });
    tmux.keys(&["q"]);
    let document = show_json(&session);
    assert_eq!(document["declaration"]["kind"], "no_conflict");
    assert_eq!(indicator(&document, 1)["points"], "6.50");
}

#[test]
fn the_chair_writes_a_consensus_note_and_a_correction_that_persist() {
    let temp = tempfile::tempdir().expect("temp");
    let demo = common::fixture("packages/demo");
    let files: Vec<std::path::PathBuf> = ["8", "7", "6", "5", "1"]
        .iter()
        .enumerate()
        .map(|(i, p)| {
            common::scored_session(temp.path(), &demo, &format!("E0{}", i + 1), &[(1, p)])
        })
        .collect();
    let combined = temp.path().join("panel.sqlite");
    common::bin()
        .arg("merge")
        .args(&files)
        .args(["--allow-unsigned", "--out"])
        .arg(&combined)
        .assert()
        .success();
    let tmux = Tmux::start(
        "chair",
        100,
        30,
        &format!("exec {} chair {}", binary().display(), combined.display()),
    );
    tmux.wait_for("the matrix", |s| {
        s.contains("评审汇总") && s.contains("E05") && s.contains("偏离")
    });
    tmux.keys(&["c"]);
    tmux.wait_for("the note editor", |s| s.contains("合议意见 · 1"));
    tmux.text("组内讨论后一致认为政策支持到位");
    tmux.keys(&["Escape"]);
    tmux.wait_for("the note saved", |s| {
        s.contains("已保存") && s.contains("组内讨论后一致认为政策支持到位")
    });
    tmux.keys(&["j", "j", "j", "j", "j", "j", "j", "m", "x"]);
    tmux.wait_for("the correction entry", |s| {
        s.contains("合议更正值 · revenue_growth")
    });
    tmux.text("12");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the reason editor", |s| s.contains("更正理由"));
    tmux.text("按统计年报核定");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the correction shown", |s| {
        s.contains("更正 12 (按统计年报核定)")
    });
    tmux.keys(&["q"]);
    std::thread::sleep(Duration::from_millis(300));
    let conn = rusqlite::Connection::open(&combined).expect("open");
    let note: String = conn
        .query_row(
            "SELECT text FROM note WHERE package_id = 'demo' AND indicator = 1",
            [],
            |r| r.get(0),
        )
        .expect("note");
    let (value, reason): (String, String) = conn
        .query_row(
            "SELECT value, reason FROM correction WHERE measure = 'revenue_growth'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("correction");
    let audits: i64 = conn
        .query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))
        .expect("audit");
    assert_eq!(
        (note.as_str(), value.as_str(), reason.as_str(), audits),
        ("组内讨论后一致认为政策支持到位", "12", "按统计年报核定", 3)
    );
}

#[test]
fn s_signs_a_finished_session_with_the_key_asked_for_once_and_remembered() {
    let temp = tempfile::tempdir().expect("temp");
    let session = temp.path().join("E01.sqlite");
    let bin = |args: &[&str]| {
        let status = Command::new(binary())
            .current_dir(common::root())
            .args(args)
            .status()
            .expect("run");
        assert!(status.success(), "{args:?}");
    };
    let path = session.to_str().expect("utf-8 path");
    bin(&[
        "session",
        "new",
        "--package",
        "tests/fixtures/packages/demo",
        "--expert",
        "E01",
        "--name",
        "张三",
        "--declare-no-conflict",
        "--session",
        path,
    ]);
    for (indicator, points) in [("1", "6"), ("2", "6"), ("3", "3"), ("20", "3")] {
        bin(&[
            "session",
            "set",
            path,
            "--indicator",
            indicator,
            "--points",
            points,
            "--comment",
            "意见",
        ]);
    }
    bin(&["session", "set", path, "--overall", "同意推荐。"]);
    let keys = temp.path().join("keys");
    bin(&[
        "keygen",
        "--out",
        keys.to_str().expect("utf-8"),
        "--id",
        "E01",
    ]);
    let key = keys.join("E01.key.pem");
    let config = temp.path().join("config");
    let command = format!(
        "export CLUSTER_REVIEW_CONFIG_DIR={}; {}",
        config.display(),
        review_command(&session, "")
    );
    let tmux = Tmux::start("sign", 100, 30, &command);
    tmux.wait_for("the review screen", |s| s.contains("政策文件"));
    tmux.keys(&["S"]);
    tmux.wait_for("the sign-off, ready", |s| s.contains("按 Enter 签署"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the key entry", |s| s.contains("签署 · 私钥"));
    tmux.text(key.to_str().expect("utf-8"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the signed sign-off", |s| {
        s.contains("已签署，本版只读") && s.contains("E01.r1.json")
    });
    tmux.keys(&["Escape", "q"]);
    drop(tmux);

    let sheet = temp.path().join("E01.r1.json");
    let status = Command::new("openssl")
        .args(["pkeyutl", "-verify", "-pubin", "-inkey"])
        .arg(keys.join("E01.pub.pem"))
        .arg("-rawin")
        .arg("-in")
        .arg(&sheet)
        .arg("-sigfile")
        .arg(temp.path().join("E01.r1.json.sig"))
        .status()
        .expect("openssl");
    assert!(
        status.success(),
        "openssl verifies the sheet signed on screen"
    );
    assert!(show_json(&session)["signed"]["sheet_sha256"].is_string());
    let remembered = std::fs::read_to_string(config.join("config.toml")).expect("config");
    let canonical = std::fs::canonicalize(&key).expect("key");
    assert!(
        remembered.contains(&canonical.display().to_string()),
        "{remembered}"
    );
}
