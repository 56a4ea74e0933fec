//! End-to-end tests of the real binary on a pseudo-terminal (`common::pty`: portable-pty and a
//! vt100 emulator, no tmux): keys typed as a terminal sends them, the screen read back with its
//! colours, attributes and cursor, the file checked afterwards through the binary or a second
//! SQLite connection. Signals are Unix-only and behind `cfg(unix)`.

mod common;

use common::pty::{Pty, find_col, find_row, keys, row_text};
use common::{indicator, show_json};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// A test's folder: the session files and the config folder of the program under test.
struct Place {
    temp: tempfile::TempDir,
}

impl Place {
    fn new() -> Self {
        Self {
            temp: tempfile::tempdir().expect("temp"),
        }
    }

    fn path(&self) -> &Path {
        self.temp.path()
    }

    fn config(&self) -> PathBuf {
        self.temp.path().join("config")
    }

    fn session(&self) -> PathBuf {
        self.temp.path().join("E01.sqlite")
    }

    /// `review` of the demo fixture on the session, at a size, with more arguments.
    fn review(&self, size: (u16, u16), extra: &[&str]) -> Pty {
        let session = self.session();
        let mut args: Vec<&OsStr> = [
            "review",
            "--package",
            "tests/fixtures/packages/demo",
            "--expert",
            "E01",
            "--session",
        ]
        .iter()
        .map(OsStr::new)
        .collect();
        args.push(session.as_os_str());
        args.extend(extra.iter().map(OsStr::new));
        Pty::spawn(&args, &common::root(), &self.config(), size, &[])
    }

    /// The chair's screen on a combined file.
    fn chair(&self, file: &Path, size: (u16, u16)) -> Pty {
        Pty::spawn(
            &[OsStr::new("chair"), file.as_os_str()],
            &common::root(),
            &self.config(),
            size,
            &[],
        )
    }
}

/// The review screen of a new session (declared no conflict), ready for keys.
fn started(place: &Place) -> Pty {
    let pty = place.review((100, 30), &["--name", "张三", "--declare-no-conflict"]);
    pty.wait_text(&["政策文件", "已评 0/20"]);
    pty
}

fn row_with(screen: &vt100::Screen, texts: &[&str]) -> Option<String> {
    let (rows, _) = screen.size();
    (0..rows.get())
        .map(|r| row_text(screen, r))
        .find(|line| texts.iter().all(|t| line.contains(t)))
}

#[test]
fn scores_and_a_chinese_comment_survive_a_kill() {
    let place = Place::new();
    let mut pty = started(&place);
    pty.send(keys::ENTER);
    pty.wait_text(&["打分 · 指标 1"]);
    pty.send("6.5");
    pty.send(keys::ENTER);
    pty.wait_for("indicator 1 saved", |s| {
        s.contents().contains("已保存") && row_with(s, &["1 政策文件", "6.50"]).is_some()
    });
    pty.keys(&[keys::DOWN, keys::ENTER]);
    pty.wait_text(&["打分 · 指标 2"]);
    pty.send("7");
    pty.send(keys::ENTER);
    pty.wait_for("indicator 2 saved", |s| {
        row_with(s, &["2 工作推进体系", "7.00"]).is_some()
    });
    pty.send("c");
    pty.wait_text(&["评审意见 · 2"]);
    pty.send("推进体系健全，设立集群推进专班。");
    pty.send(keys::ESC);
    pty.wait_for("the opinion saved and shown", |s| {
        let text = s.contents();
        !text.contains("评审意见 · 2") && text.contains("推进体系健全，设立集群推进专班。")
    });

    pty.kill_hard();
    let _ = pty.wait_exit();
    let document = show_json(&place.session());
    assert_eq!(indicator(&document, 1)["points"], "6.50");
    assert_eq!(indicator(&document, 2)["points"], "7.00");
    assert_eq!(
        indicator(&document, 2)["comment"],
        "推进体系健全，设立集群推进专班。"
    );

    // reopened, the screen shows everything it had shown as saved
    let again = place.review((100, 30), &[]);
    again.wait_for("the reopened session", |s| {
        row_with(s, &["1 政策文件", "6.50"]).is_some()
            && row_with(s, &["2 工作推进体系", "7.00"]).is_some()
    });
}

#[test]
fn nine_on_indicator_one_is_refused_in_red_and_not_stored() {
    let place = Place::new();
    let mut pty = started(&place);
    pty.send(keys::ENTER);
    pty.wait_text(&["打分 · 指标 1"]);
    pty.send("9");
    pty.send(keys::ENTER);
    let screen = pty.wait_text(&["超出范围"]);
    let row = find_row(&screen, "超出范围").expect("the refusal");
    let col = find_col(&screen, row, "超出范围").expect("column");
    let cell = screen.cell(row, col).expect("cell");
    assert_eq!(cell.fgcolor(), vt100::Color::Idx(1), "the refusal is red");
    pty.send(keys::ESC);
    pty.wait_for("the entry closed", |s| !s.contents().contains("超出范围"));
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert_eq!(
        indicator(&show_json(&place.session()), 1)["points"],
        serde_json::Value::Null
    );
}

/// The columns of the cells holding `│` in a row of the emulated screen.
fn bars(screen: &vt100::Screen, row: u16) -> Vec<u16> {
    let (_, cols) = screen.size();
    (0..cols.get())
        .filter(|c| {
            screen
                .cell(row, *c)
                .is_some_and(|cell| cell.contents() == "│")
        })
        .collect()
}

#[test]
fn borders_stand_in_the_same_column_on_every_line_with_cjk_text() {
    let place = Place::new();
    for (width, height) in [(80u16, 24u16), (123, 37)] {
        let mut pty = place.review(
            (width, height),
            &["--name", "张三", "--declare-no-conflict"],
        );
        pty.wait_text(&["政策文件"]);
        // a quantitative indicator with long CJK text in the detail pane
        pty.keys(&[keys::DOWN; 11]);
        pty.send(keys::TAB);
        let screen = pty.wait_text(&["ip_per_100m"]);
        let separator = *bars(&screen, 1).get(1).expect("a separator on row 1");
        for row in 1..height - 2 {
            let bars = bars(&screen, row);
            let line = row_text(&screen, row);
            assert_eq!(bars.first(), Some(&0), "left border: {line}");
            assert!(
                bars.contains(&separator),
                "separator not at {separator}: {line}"
            );
            assert_eq!(bars.last(), Some(&(width - 1)), "right border: {line}");
        }
        let bottom = height - 2;
        assert_eq!(
            screen
                .cell(bottom, separator)
                .map(|c| c.contents().to_string()),
            Some("┴".to_string()),
            "{}",
            row_text(&screen, bottom)
        );
        pty.send("q");
        assert!(pty.wait_exit().success());
    }
}

/// The terminal as a shell gets it back: main screen, cursor shown, no bracketed paste, and
/// (Unix) the line discipline canonical with echo.
fn assert_restored(pty: &Pty) {
    let screen = pty.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is still hidden");
    assert!(!screen.bracketed_paste(), "bracketed paste is still on");
    assert!(
        !screen.contents().contains("政策文件"),
        "the review screen is still shown:\n{}",
        screen.contents()
    );
    #[cfg(unix)]
    assert_eq!(pty.line_modes(), (true, true), "raw mode is still on");
}

#[test]
fn the_terminal_is_restored_after_q_and_after_ctrl_c() {
    for quit in ["q", keys::CTRL_C] {
        let place = Place::new();
        let mut pty = started(&place);
        let screen = pty.screen();
        assert!(screen.alternate_screen() && screen.bracketed_paste());
        #[cfg(unix)]
        assert_eq!(pty.line_modes(), (false, false), "raw mode while running");
        pty.send(quit);
        let status = pty.wait_exit();
        assert!(status.success(), "{quit:?}: {status:?}");
        assert_restored(&pty);
    }
}

#[test]
fn a_new_session_starts_with_the_declaration_then_scores() {
    let place = Place::new();
    let mut pty = place.review((100, 30), &["--name", "张三"]);
    pty.wait_text(&["回避声明", "利益冲突"]);
    pty.send(keys::ENTER);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        pty.screen().contents().contains("回避声明"),
        "Enter alone does not declare"
    );
    pty.send("y");
    pty.wait_for("the review screen", |s| {
        let text = s.contents();
        !text.contains("利益冲突") && text.contains("已保存")
    });
    pty.send(keys::ENTER);
    pty.wait_text(&["打分 · 指标 1"]);
    pty.send("6.5");
    pty.send(keys::ENTER);
    pty.wait_for("indicator 1 saved", |s| {
        row_with(s, &["1 政策文件", "6.50"]).is_some()
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
    let document = show_json(&place.session());
    assert_eq!(document["declaration"]["kind"], "no_conflict");
    assert_eq!(indicator(&document, 1)["points"], "6.50");
}

#[test]
fn the_selected_row_is_reversed_and_the_cursor_stands_at_the_editor_caret() {
    let place = Place::new();
    let mut pty = started(&place);
    let screen = pty.screen();
    let row = find_row(&screen, "1 政策文件").expect("indicator 1");
    let col = find_col(&screen, row, "政策文件").expect("column");
    assert!(screen.cell(row, col).expect("cell").inverse(), "selected");
    let other = find_row(&screen, "2 工作推进体系").expect("indicator 2");
    let col2 = find_col(&screen, other, "工作推进体系").expect("column");
    assert!(!screen.cell(other, col2).expect("cell").inverse());

    pty.keys(&[keys::DOWN, "c"]);
    pty.wait_text(&["评审意见 · 2"]);
    pty.send("推进体系健全，运转有效。");
    let screen = pty.wait_text(&["运转有效。"]);
    assert!(!screen.hide_cursor(), "the cursor is shown in the editor");
    let (row, col) = screen.cursor_position();
    let before = screen.cell(row, col - 2).map(|c| c.contents().to_string());
    assert_eq!(before.as_deref(), Some("。"), "cursor at {row},{col}");
    // a paste lands at the caret, line breaks kept
    pty.send(&keys::paste("\r第二行"));
    let screen = pty.wait_text(&["第二行"]);
    let (row2, _) = screen.cursor_position();
    assert_eq!(row2, row + 1, "the pasted line break moved the caret down");
    pty.send(keys::ESC);
    pty.wait_for("saved", |s| !s.contents().contains("评审意见 · 2"));
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert_eq!(
        indicator(&show_json(&place.session()), 2)["comment"],
        "推进体系健全，运转有效。\n第二行"
    );
}

#[test]
fn frames_are_drawn_as_synchronized_updates() {
    let place = Place::new();
    let mut pty = started(&place);
    pty.send(keys::DOWN);
    pty.wait_for("indicator 2 selected", |s| {
        s.contents().contains("工作推进体系")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
    let raw = String::from_utf8_lossy(&pty.raw()).into_owned();
    let begins = raw.matches("\x1b[?2026h").count();
    let ends = raw.matches("\x1b[?2026l").count();
    assert!(begins >= 2, "frames begin a synchronized update: {begins}");
    assert_eq!(begins, ends, "every synchronized update is ended");
}

/// Five experts score indicator 1 (E05 far off), merged unsigned into a combined file.
fn combined_file(dir: &Path) -> PathBuf {
    let demo = common::fixture("packages/demo");
    let files: Vec<PathBuf> = ["8", "7", "6", "5", "1"]
        .iter()
        .enumerate()
        .map(|(i, p)| common::scored_session(dir, &demo, &format!("E0{}", i + 1), &[(1, p)]))
        .collect();
    let combined = dir.join("panel.sqlite");
    common::bin()
        .arg("merge")
        .args(&files)
        .args(["--allow-unsigned", "--out"])
        .arg(&combined)
        .assert()
        .success();
    combined
}

#[test]
fn the_chairs_matrix_shows_the_divergent_cell_in_red_and_the_selected_row_reversed() {
    let place = Place::new();
    let combined = combined_file(place.path());
    let mut pty = place.chair(&combined, (100, 30));
    let screen = pty.wait_text(&["评审汇总", "E05", "偏离"]);
    let header = find_row(&screen, "E05").expect("the header");
    let e05 = find_col(&screen, header, "E05").expect("E05's column");
    let row = find_row(&screen, " 1 政策文件").expect("indicator 1's row");
    // the cell right-aligned under the expert's id: "1.00" ends where "E05" ends
    let cell = screen.cell(row, e05 + 2).expect("E05's cell");
    assert_eq!(cell.contents(), "0", "{}", row_text(&screen, row));
    assert_eq!(cell.fgcolor(), vt100::Color::Idx(1), "divergent is red");
    assert!(cell.bold());
    assert!(cell.inverse(), "indicator 1 is the selected row");
    let e03 = find_col(&screen, header, "E03").expect("E03's column");
    let calm = screen.cell(row, e03 + 2).expect("E03's cell");
    assert_eq!(calm.contents(), "0", "{}", row_text(&screen, row));
    assert_eq!(
        calm.fgcolor(),
        vt100::Color::Default,
        "E03 (6, near the mean) is not flagged"
    );
    pty.send(keys::DOWN);
    let screen = pty.wait_for("indicator 2 selected", |s| {
        find_row(s, " 1 政策文件").is_some_and(|r| s.cell(r, e05 + 2).is_some_and(|c| !c.inverse()))
    });
    let row2 = find_row(&screen, " 2 工作推进").expect("indicator 2's row");
    assert!(screen.cell(row2, 2).expect("cell").inverse());
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn the_chair_writes_a_consensus_note_and_a_correction_that_persist() {
    let place = Place::new();
    let combined = combined_file(place.path());
    let mut pty = place.chair(&combined, (100, 30));
    pty.wait_text(&["评审汇总", "E05"]);
    pty.send("c");
    pty.wait_text(&["合议意见 · 1"]);
    pty.send("组内讨论后一致认为政策支持到位");
    pty.send(keys::ESC);
    pty.wait_for("the note saved", |s| {
        let text = s.contents();
        text.contains("已保存") && text.contains("组内讨论后一致认为政策支持到位")
    });
    pty.keys(&["j", "j", "j", "j", "j", "j", "j", "m", "x"]);
    pty.wait_text(&["合议更正值 · 营业收入较上年度增长幅度"]);
    pty.send("12");
    pty.send(keys::ENTER);
    pty.wait_text(&["更正理由"]);
    pty.send("按统计年报核定");
    pty.send(keys::ENTER);
    pty.wait_text(&["更正 12 (按统计年报核定)"]);
    pty.send("q");
    assert!(pty.wait_exit().success());
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

/// A finished session: the four qualitative indicators scored with opinions, an overall
/// opinion.
fn ready_session(place: &Place) -> PathBuf {
    let session = common::new_session(place.path(), "E01", &["--declare-no-conflict"]);
    for (indicator, points) in [("1", "6"), ("2", "6"), ("3", "3"), ("20", "3")] {
        common::bin()
            .args(["session", "set"])
            .arg(&session)
            .args([
                "--indicator",
                indicator,
                "--points",
                points,
                "--comment",
                "意见",
            ])
            .assert()
            .success();
    }
    common::bin()
        .args(["session", "set"])
        .arg(&session)
        .args(["--overall", "同意推荐。"])
        .assert()
        .success();
    session
}

fn keygen(dir: &Path, id: &str) -> PathBuf {
    common::bin()
        .args(["keygen", "--out"])
        .arg(dir)
        .args(["--id", id])
        .assert()
        .success();
    dir.join(format!("{id}.key.pem"))
}

#[test]
fn a_signed_combined_file_refuses_the_chairs_editors_and_ctrl_c_quits() {
    let place = Place::new();
    let session = ready_session(&place);
    let keys_dir = place.path().join("keys");
    let expert_key = keygen(&keys_dir, "E01");
    common::bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(&expert_key)
        .assert()
        .success();
    let combined = place.path().join("combined.sqlite");
    common::bin()
        .arg("merge")
        .arg(&session)
        .arg("--out")
        .arg(&combined)
        .assert()
        .success();
    let chair_key = keygen(&keys_dir, "C01");
    common::bin()
        .arg("sign")
        .arg(&combined)
        .arg("--key")
        .arg(&chair_key)
        .args(["--signer", "C01", "--name", "王组长"])
        .assert()
        .success();
    let mut pty = place.chair(&combined, (100, 30));
    let screen = pty.wait_text(&["评审汇总"]);
    assert!(
        !screen.contents().contains("c 合议意见"),
        "no editor is hinted on a signed file:\n{}",
        screen.contents()
    );
    pty.send("c");
    pty.wait_text(&["已签署"]);
    assert!(
        !pty.screen().contents().contains("合议意见 · 1"),
        "the note editor did not open"
    );
    pty.keys(&["j", "j", "j", "j", "j", "j", "j", "x"]);
    pty.wait_text(&["已签署"]);
    assert!(!pty.screen().contents().contains("合议更正值"));
    pty.send(keys::CTRL_C);
    assert!(pty.wait_exit().success());
    assert_restored_chair(&pty);
}

fn assert_restored_chair(pty: &Pty) {
    let screen = pty.screen();
    assert!(!screen.alternate_screen() && !screen.hide_cursor());
    #[cfg(unix)]
    assert_eq!(pty.line_modes(), (true, true));
}

#[test]
fn s_signs_a_finished_session_with_the_key_asked_for_once_and_remembered() {
    let place = Place::new();
    let session = ready_session(&place);
    let keys_dir = place.path().join("keys");
    let key = keygen(&keys_dir, "E01");
    let mut pty = place.review((100, 30), &[]);
    pty.wait_text(&["政策文件"]);
    pty.send("S");
    pty.wait_text(&["按 Enter 签署"]);
    pty.send(keys::ENTER);
    pty.wait_text(&["签署 · 私钥"]);
    pty.send(key.to_str().expect("utf-8"));
    pty.send(keys::ENTER);
    pty.wait_text(&["已签署，本版只读", "E01.r1.json"]);
    pty.keys(&[keys::ESC, "q"]);
    assert!(pty.wait_exit().success());

    let sheet = place.path().join("E01.r1.json");
    assert!(show_json(&session)["signed"]["sheet_sha256"].is_string());
    let remembered = std::fs::read_to_string(place.config().join("config.toml")).expect("config");
    let canonical = std::fs::canonicalize(&key).expect("key");
    assert!(
        remembered.contains(&canonical.display().to_string()),
        "{remembered}"
    );
    // the bureau's independent check of the signature made on screen
    if let Some(mut openssl) = common::tools::openssl() {
        let status = openssl
            .args(["pkeyutl", "-verify", "-pubin", "-inkey"])
            .arg(keys_dir.join("E01.pub.pem"))
            .arg("-rawin")
            .arg("-in")
            .arg(&sheet)
            .arg("-sigfile")
            .arg(place.path().join("E01.r1.json.sig"))
            .output()
            .expect("openssl");
        assert!(
            status.status.success(),
            "openssl verifies the sheet signed on screen: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    // and ours, which needs no tool
    common::bin()
        .arg("verify")
        .arg("--pub")
        .arg(keys_dir.join("E01.pub.pem"))
        .arg(&sheet)
        .assert()
        .success();
}

#[test]
fn a_quantitative_opinion_and_the_overall_opinion_are_shown_and_readable_once_signed() {
    let place = Place::new();
    let session = ready_session(&place);
    common::bin()
        .args(["session", "set"])
        .arg(&session)
        .args([
            "--indicator",
            "5",
            "--comment",
            "营收增长数据与统计年报一致。",
        ])
        .assert()
        .success();
    let key = keygen(&place.path().join("keys"), "E01");
    common::bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(&key)
        .assert()
        .success();
    let mut pty = place.review((100, 30), &[]);
    pty.wait_text(&["政策文件"]);
    pty.keys(&[keys::DOWN; 4]);
    pty.wait_text(&["营收增长数据与统计年报一致。"]);
    pty.send("S");
    pty.wait_text(&["同意推荐。"]);
    pty.keys(&[keys::ESC, "q"]);
    assert!(pty.wait_exit().success());
}

/// Signals: the open editor's text is saved, the terminal restored, the exit non-zero.
#[cfg(unix)]
#[test]
fn sigterm_sighup_sigint_and_sigquit_save_the_editor_and_restore_the_terminal() {
    for (signal, name) in [
        (libc::SIGTERM, "SIGTERM"),
        (libc::SIGHUP, "SIGHUP"),
        (libc::SIGINT, "SIGINT"),
        (libc::SIGQUIT, "SIGQUIT"),
    ] {
        let place = Place::new();
        let mut pty = started(&place);
        pty.send("c");
        pty.wait_text(&["评审意见 · 1"]);
        // typed, and signalled before the autosave pause is over
        pty.send(&format!("收到{name}前写下的意见"));
        pty.wait_text(&[&format!("收到{name}前写下的意见")]);
        pty.signal(signal);
        let status = pty.wait_exit();
        assert!(!status.success(), "{name}: exit {status:?}");
        assert_restored(&pty);
        assert_eq!(
            indicator(&show_json(&place.session()), 1)["comment"],
            format!("收到{name}前写下的意见"),
            "{name}"
        );
    }
}

/// The chair's screen saves an open note and restores the terminal on SIGTERM too, and keeps
/// a typed correction reason.
#[cfg(unix)]
#[test]
fn the_chairs_screen_saves_on_sigterm_and_keeps_a_typed_correction_reason_on_quit() {
    let place = Place::new();
    let combined = combined_file(place.path());
    let mut pty = place.chair(&combined, (100, 30));
    pty.wait_text(&["评审汇总"]);
    pty.send("c");
    pty.wait_text(&["合议意见 · 1"]);
    pty.send("信号前的合议意见");
    pty.wait_text(&["信号前的合议意见"]);
    pty.signal(libc::SIGTERM);
    assert!(!pty.wait_exit().success());
    assert_restored_chair(&pty);
    let conn = rusqlite::Connection::open(&combined).expect("open");
    let note: String = conn
        .query_row("SELECT text FROM note WHERE indicator = 1", [], |r| {
            r.get(0)
        })
        .expect("note saved on SIGTERM");
    assert_eq!(note, "信号前的合议意见");
    drop(conn);

    // a correction's reason typed and then q: the correction is saved with it
    let mut pty = place.chair(&combined, (100, 30));
    pty.wait_text(&["评审汇总"]);
    pty.keys(&["j", "j", "j", "j", "j", "j", "j", "m", "x"]);
    pty.wait_text(&["合议更正值 · 营业收入较上年度增长幅度"]);
    pty.send("12");
    pty.send(keys::ENTER);
    pty.wait_text(&["更正理由"]);
    pty.send("按统计年报核定");
    pty.wait_text(&["按统计年报核定"]);
    pty.send(keys::CTRL_C);
    assert!(pty.wait_exit().success());
    let conn = rusqlite::Connection::open(&combined).expect("open");
    let reason: String = conn
        .query_row(
            "SELECT reason FROM correction WHERE measure = 'revenue_growth'",
            [],
            |r| r.get(0),
        )
        .expect("the correction saved on quit");
    assert_eq!(reason, "按统计年报核定");
}
