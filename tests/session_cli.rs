//! Expert sessions through the real binary and real SQLite files on disk.

mod common;

use common::{bin, fixture, indicator, measure, new_session, show_json};
use predicates::prelude::*;
use rusqlite::Connection;
use serde_json::Value;
use std::path::Path;

fn set(path: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    bin().args(["session", "set"]).arg(path).args(args).assert()
}

fn audit_count(path: &Path) -> i64 {
    let conn = Connection::open(path).expect("open");
    conn.query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn what_is_set_is_what_show_returns() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    let opinions = [
        (
            1,
            "6.5",
            "近三年出台专项政策 3 件，把生物医药作为第一产业；资金落实到位。",
        ),
        (2, "7", "设立集群推进专班，\n考核机制健全。"),
        (3, "3", "“揭榜挂帅”做法有特色——成果初显。"),
        (20, "2.5", "联盟运转一般，活动偏少……"),
    ];
    for (id, points, comment) in opinions {
        set(
            &path,
            &[
                "--indicator",
                &id.to_string(),
                "--points",
                points,
                "--comment",
                comment,
            ],
        )
        .success()
        .stdout(predicate::str::contains("已保存"));
    }
    set(
        &path,
        &[
            "--measure",
            "ip_per_100m",
            "--status",
            "doubtful",
            "--note",
            "申报值高于明细表核算值",
            "--corrected",
            "6.35",
        ],
    )
    .success();
    set(&path, &["--measure", "talents", "--status", "已核实"]).success();
    set(&path, &["--overall", "集群发展态势良好，建议通过。"]).success();

    let document = show_json(&path);
    assert_eq!(
        document["expert"],
        serde_json::json!({"id": "E01", "name": "张三"})
    );
    assert_eq!(document["package"]["id"], "demo");
    assert_eq!(document["declaration"]["kind"], "no_conflict");
    for (id, points, comment) in opinions {
        let entry = indicator(&document, id);
        let expected_points = format!("{:.2}", points.parse::<f64>().unwrap_or_default());
        assert_eq!(entry["points"], expected_points.as_str(), "indicator {id}");
        assert_eq!(entry["comment"], comment, "indicator {id}");
        assert_eq!(entry["kind"], "qualitative");
    }
    let ip = measure(&document, "ip_per_100m");
    assert_eq!(
        (
            ip["status"].as_str(),
            ip["note"].as_str(),
            ip["corrected"].as_str()
        ),
        (
            Some("doubtful"),
            Some("申报值高于明细表核算值"),
            Some("6.35")
        )
    );
    assert_eq!(measure(&document, "talents")["status"], "verified");
    assert_eq!(measure(&document, "revenue")["status"], "unchecked");
    assert_eq!(document["overall"], "集群发展态势良好，建议通过。");
    assert_eq!(document["signed"], Value::Null);
    // the total is qualitative (6.5 + 7 + 3 + 2.5 = 19) plus the computed quantitative points
    let total: f64 = document["total"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .unwrap_or_default();
    let quantitative: f64 = document["quantitative_points"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .unwrap_or_default();
    assert_eq!(document["qualitative_points"], "19.00");
    assert!(
        (total - 19.0 - quantitative).abs() < 0.011,
        "{total} vs 19 + {quantitative}"
    );
}

#[test]
fn the_file_is_sound_and_in_rollback_journal_mode() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    set(&path, &["--indicator", "1", "--points", "6.5"]).success();
    // checked by a connection of the test's own, as any other SQLite tool would
    let conn = Connection::open(&path).expect("open");
    let (integrity, journal): (String, String) = conn
        .query_row(
            "SELECT (SELECT integrity_check FROM pragma_integrity_check), (SELECT journal_mode FROM pragma_journal_mode)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("pragmas");
    assert_eq!((integrity.as_str(), journal.as_str()), ("ok", "delete"));
    let (version, app): (i64, i64) = conn.query_row("SELECT (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id)", [], |r| Ok((r.get(0)?, r.get(1)?))).expect("pragmas");
    assert_eq!((version, app), (3, 0x4352_5353));
}

#[test]
fn points_off_the_weight_or_the_step_are_refused_and_nothing_changes() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    set(&path, &["--indicator", "1", "--points", "6.5"]).success();
    let before = show_json(&path);
    let audits = audit_count(&path);
    set(&path, &["--indicator", "1", "--points", "9"])
        .code(1)
        .stderr(predicate::str::contains(
            "found points 9 for indicator 1, expected points from 0 to its weight 8",
        ));
    set(
        &path,
        &[
            "--indicator",
            "1",
            "--points",
            "6.3",
            "--comment",
            "不应保存",
        ],
    )
    .code(1)
    .stderr(predicate::str::contains(
        "expected a multiple of the step 0.5",
    ));
    set(&path, &["--indicator", "4", "--points", "3"])
        .code(1)
        .stderr(predicate::str::contains("indicator 4 is quantitative"));
    set(&path, &["--indicator", "21", "--comment", "x"])
        .code(1)
        .stderr(predicate::str::contains("found indicator 21"));
    set(&path, &["--measure", "nope", "--status", "verified"])
        .code(1)
        .stderr(predicate::str::contains("found measure \"nope\""));
    set(&path, &["--measure", "talents", "--status", "fine"])
        .code(1)
        .stderr(predicate::str::contains("--status: found \"fine\""));
    set(&path, &["--indicator", "1", "--points", "六"])
        .code(1)
        .stderr(predicate::str::contains("--points: found \"六\""));
    assert_eq!(show_json(&path), before);
    assert_eq!(audit_count(&path), audits);
    // full-width digits are points like any other
    set(&path, &["--indicator", "1", "--points", "７.５"]).success();
    assert_eq!(indicator(&show_json(&path), 1)["points"], "7.50");
}

#[test]
fn usage_errors_exit_2() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    set(&path, &["--points", "3"]).code(2);
    set(&path, &["--indicator", "1"]).code(2);
    set(
        &path,
        &["--indicator", "1", "--measure", "talents", "--points", "1"],
    )
    .code(2);
}

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_session() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    let first = cluster_review::store::SessionDb::open(&path).expect("first writer");
    set(&path, &["--indicator", "1", "--points", "6"])
        .code(1)
        .stderr(predicate::str::contains(
            "the session is open for writing in another cluster-review (pid",
        ));
    // a reader is not a writer: show still works
    assert_eq!(show_json(&path)["expert"]["id"], "E01");
    drop(first);
    set(&path, &["--indicator", "1", "--points", "6"]).success();
}

#[test]
fn garbage_and_truncated_files_get_a_clear_error_and_stay_untouched() {
    let temp = tempfile::tempdir().expect("temp");
    let good = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    let bytes = std::fs::read(&good).expect("read");
    let garbage = temp.path().join("garbage.sqlite");
    std::fs::write(&garbage, "这不是数据库 not a database at all, just some text that is long enough to pass the header length check......").expect("write");
    let truncated = temp.path().join("truncated.sqlite");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    let foreign = temp.path().join("foreign.sqlite");
    Connection::open(&foreign)
        .and_then(|c| c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);"))
        .expect("foreign db");
    for (file, message) in [
        (&garbage, "starts with bytes E8 BF 99"),
        (&truncated, "is truncated"),
        (&foreign, "expected a cluster-review session"),
    ] {
        let before = std::fs::read(file).expect("read");
        for args in [
            vec!["show"],
            vec!["set", "--indicator", "1", "--points", "6"],
        ] {
            let mut cmd = bin();
            cmd.arg("session").arg(args[0]).arg(file).args(&args[1..]);
            cmd.assert()
                .code(1)
                .stderr(predicate::str::contains(message))
                .stderr(predicate::str::contains("left untouched"));
        }
        assert_eq!(
            std::fs::read(file).expect("read"),
            before,
            "{} was changed",
            file.display()
        );
    }
    bin()
        .args(["session", "show"])
        .arg(temp.path().join("absent.sqlite"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no such session file"));
}

#[test]
fn a_session_of_a_newer_format_is_refused() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    Connection::open(&path)
        .and_then(|c| c.execute_batch("PRAGMA user_version = 7;"))
        .expect("bump");
    set(&path, &["--indicator", "1", "--points", "6"])
        .code(1)
        .stderr(predicate::str::contains(
            "has format 7, this program reads up to format 3",
        ));
}

#[test]
fn creating_over_an_existing_session_is_refused() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    bin()
        .args([
            "session",
            "new",
            "--package",
            "tests/fixtures/packages/demo",
            "--expert",
            "E01",
            "--name",
            "李四",
            "--session",
        ])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a session file exists already"));
    assert_eq!(show_json(&path)["expert"]["name"], "张三");
    bin()
        .args([
            "session",
            "new",
            "--package",
            "tests/fixtures/packages/demo",
            "--expert",
            "../x",
            "--name",
            "李四",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--expert"));
    bin()
        .args([
            "session",
            "new",
            "--package",
            "tests/fixtures/packages/broken/bad-number",
            "--expert",
            "E9",
            "--name",
            "李四",
            "--session",
        ])
        .arg(temp.path().join("x.sqlite"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("measures.csv:3"));
    assert!(!temp.path().join("x.sqlite").exists());
}

#[test]
fn the_default_path_is_sessions_package_expert() {
    let temp = tempfile::tempdir().expect("temp");
    let package = fixture("packages/demo");
    bin()
        .current_dir(temp.path())
        .args(["session", "new", "--package"])
        .arg(&package)
        .args(["--expert", "E07", "--name", "王五", "--declare-no-conflict"])
        .assert()
        .success();
    let path = temp.path().join("sessions").join("demo").join("E07.sqlite");
    assert_eq!(show_json(&path)["expert"]["id"], "E07");
}

#[test]
fn a_declaration_comes_first_and_a_recused_expert_cannot_score() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &[]);
    assert_eq!(show_json(&path)["declaration"], Value::Null);
    set(&path, &["--indicator", "1", "--points", "6"])
        .code(1)
        .stderr(predicate::str::contains(
            "no conflict-of-interest declaration",
        ));
    bin()
        .args(["session", "declare"])
        .arg(&path)
        .args(["--recuse", ""])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs a reason"));
    bin()
        .args(["session", "declare"])
        .arg(&path)
        .args(["--recuse", "本人曾任该园区顾问"])
        .assert()
        .success();
    set(&path, &["--indicator", "1", "--points", "6"])
        .code(1)
        .stderr(predicate::str::contains("has recused"));
    bin()
        .args(["session", "declare"])
        .arg(&path)
        .arg("--no-conflict")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot be withdrawn"));
    let document = show_json(&path);
    assert_eq!(document["declaration"]["kind"], "recused");
    assert_eq!(document["declaration"]["reason"], "本人曾任该园区顾问");
    let recused = temp.path().join("R.sqlite");
    bin()
        .args([
            "session",
            "new",
            "--package",
            "tests/fixtures/packages/demo",
            "--expert",
            "R",
            "--name",
            "赵六",
            "--recuse",
            "亲属任职",
            "--session",
        ])
        .arg(&recused)
        .assert()
        .success();
    set(&recused, &["--overall", "x"])
        .code(1)
        .stderr(predicate::str::contains("has recused"));
}

#[test]
fn a_signed_session_is_read_only_here_and_through_another_sqlite_connection() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    for (id, points) in [(1, "6"), (2, "6"), (3, "3"), (20, "3")] {
        set(
            &path,
            &[
                "--indicator",
                &id.to_string(),
                "--points",
                points,
                "--comment",
                "签署前",
            ],
        )
        .success();
    }
    set(&path, &["--overall", "建议通过。"]).success();
    bin()
        .args(["keygen", "--out"])
        .arg(temp.path())
        .args(["--id", "E01"])
        .assert()
        .success();
    bin()
        .arg("sign")
        .arg(&path)
        .arg("--key")
        .arg(temp.path().join("E01.key.pem"))
        .assert()
        .success();
    set(&path, &["--indicator", "1", "--points", "7"])
        .code(1)
        .stderr(predicate::str::contains("signed and read-only"));
    // another tool (a second SQLite connection, not our program) is refused by the triggers
    let other = Connection::open(&path).expect("open");
    let refused = other
        .execute_batch("UPDATE score SET points = '8' WHERE indicator = 1;")
        .expect_err("a score changed after signing");
    assert!(
        refused
            .to_string()
            .contains("the session is signed and read-only"),
        "{refused}"
    );
    for sql in [
        "DELETE FROM audit;",
        "UPDATE audit SET new = 'x';",
        "DELETE FROM signoff;",
        "UPDATE session SET expert_name = 'x';",
        "DELETE FROM package_file;",
        "UPDATE package_file SET content = x'00';",
    ] {
        assert!(other.execute_batch(sql).is_err(), "{sql} was allowed");
    }
    drop(other);
    let document = show_json(&path);
    assert_eq!(indicator(&document, 1)["points"], "6.00");
    assert_eq!(document["signed"]["revision"], 1);
}

#[test]
fn every_edit_is_audited_with_old_and_new_values() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    set(&path, &["--indicator", "2", "--points", "5"]).success();
    set(&path, &["--indicator", "2", "--points", "6.5"]).success();
    let conn = Connection::open(&path).expect("open");
    let rows: Vec<(String, Option<String>, Option<String>)> = conn
        .prepare("SELECT what, old, new FROM audit WHERE what LIKE 'indicator%' ORDER BY seq")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect()
        })
        .expect("audit");
    assert_eq!(
        rows,
        [
            (
                "indicator 2 points".to_string(),
                None,
                Some("5".to_string())
            ),
            (
                "indicator 2 points".to_string(),
                Some("5".to_string()),
                Some("6.5".to_string())
            )
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_second_name_for_the_same_file_shares_its_lock() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    let link = temp.path().join("link.sqlite");
    std::os::unix::fs::symlink(&path, &link).expect("symlink");
    let first = cluster_review::store::SessionDb::open(&path).expect("first writer");
    set(&link, &["--indicator", "1", "--points", "6"])
        .code(1)
        .stderr(predicate::str::contains(
            "open for writing in another cluster-review",
        ));
    drop(first);
    set(&link, &["--indicator", "1", "--points", "6"]).success();
}

#[test]
fn a_session_edited_behind_the_programs_back_is_refused_not_trusted() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    set(&path, &["--indicator", "1", "--points", "6"]).success();
    Connection::open(&path)
        .and_then(|c| c.execute("UPDATE score SET points = '100' WHERE indicator = 1", []))
        .expect("tamper");
    bin()
        .args(["session", "show"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("holds 100 for indicator 1"))
        .stderr(predicate::str::contains("edited outside cluster-review"));
    Connection::open(&path)
        .and_then(|c| {
            c.execute(
                "UPDATE score SET points = '9999999999999999999999999999' WHERE indicator = 1",
                [],
            )
        })
        .expect("tamper");
    bin()
        .args(["session", "show"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("edited outside cluster-review"));
}

#[test]
fn durability_settings_are_those_of_the_design() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    let db = cluster_review::store::SessionDb::open(&path).expect("open");
    let (synchronous, journal): (i64, String) = db.pragmas().expect("pragmas");
    assert_eq!(
        (synchronous, journal.as_str()),
        (3, "delete"),
        "synchronous = EXTRA (3), journal_mode = DELETE"
    );
}

#[test]
fn a_recusal_without_a_reason_is_refused_at_creation_too() {
    let temp = tempfile::tempdir().expect("temp");
    bin()
        .args([
            "session",
            "new",
            "--package",
            "tests/fixtures/packages/demo",
            "--expert",
            "E01",
            "--name",
            "张三",
            "--recuse",
            "  ",
            "--session",
        ])
        .arg(temp.path().join("r.sqlite"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs a reason"));
    assert!(!temp.path().join("r.sqlite").exists());
}

#[test]
fn review_refuses_another_experts_session() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    bin()
        .args([
            "review",
            "--package",
            "tests/fixtures/packages/demo",
            "--expert",
            "E99",
            "--name",
            "李四",
            "--session",
        ])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the session belongs to expert E01 张三, not to E99 李四",
        ));
}

#[test]
fn a_session_of_an_earlier_format_is_upgraded_with_its_package() {
    let temp = tempfile::tempdir().expect("temp");
    let path = temp.path().join("E01.sqlite");
    // a session the first release wrote (format 2), made format 1: no sheet column
    std::fs::copy(common::fixture("legacy/E01.sqlite"), &path).expect("copy");
    Connection::open(&path)
        .and_then(|c| {
            c.execute_batch(
                "DROP TRIGGER signoff_no_delete; DELETE FROM signoff;
                 ALTER TABLE signoff DROP COLUMN sheet;
                 CREATE TRIGGER signoff_no_delete BEFORE DELETE ON signoff\nBEGIN SELECT RAISE(ABORT, 'sign-offs are append-only'); END;
                 PRAGMA user_version = 1;",
            )
        })
        .expect("downgrade");
    bin()
        .args(["session", "show"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "open it once for writing to upgrade it",
        ));
    set(&path, &["--indicator", "2", "--points", "5"])
        .code(1)
        .stderr(predicate::str::contains(
            "session upgrade FILE --package DIR",
        ));
    bin()
        .args(["session", "upgrade"])
        .arg(&path)
        .args(["--package", "tests/fixtures/packages/demo"])
        .assert()
        .success();
    set(&path, &["--indicator", "2", "--points", "5"]).success();
    let conn = Connection::open(&path).expect("open");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 3);
    let files: i64 = conn
        .query_row("SELECT count(*) FROM package_file", [], |r| r.get(0))
        .expect("files");
    assert!(files > 10, "the package's files are kept: {files}");
    drop(conn);
    let shown = common::show_json(&path);
    assert_eq!(common::indicator(&shown, 1)["points"], "3.00");
    assert_eq!(common::indicator(&shown, 2)["points"], "5.00");
}

/// 17.15: a long opinion changed a little at a time is audited as the changed part only, so
/// the audit does not grow by the whole text at every save; replaying it gives the text back.
#[test]
fn a_long_opinion_is_audited_as_its_changes() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    let mut text = "集群政策体系完整，".repeat(4000);
    set(&path, &["--indicator", "1", "--comment", &text]).success();
    for n in 0..5 {
        text.push_str(&format!("补充{n}"));
        set(&path, &["--indicator", "1", "--comment", &text]).success();
    }
    let conn = Connection::open(&path).expect("open");
    let (audited, entries): (i64, i64) = conn
        .query_row(
            "SELECT sum(length(coalesce(old, '')) + length(coalesce(new, ''))), count(*) FROM audit WHERE what = 'indicator 1 comment'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("audit");
    let length = text.chars().count() as i64;
    assert_eq!(entries, 6);
    assert!(
        audited < length + 100,
        "{audited} characters audited for a {length}-character text edited 6 times"
    );
    assert_eq!(
        common::indicator(&show_json(&path), 1)["comment"],
        text.as_str()
    );
}

/// 10.8: a character the archival sheet cannot print is refused where it is entered — on the
/// command line and in a paper sheet — naming it and its code point; nothing is saved.
#[test]
fn unprintable_characters_are_refused_where_they_are_entered() {
    let temp = tempfile::tempdir().expect("temp");
    let path = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    set(&path, &["--overall", "很好👍"])
        .code(1)
        .stderr(predicate::str::contains("U+1F44D"))
        .stderr(predicate::str::contains("nothing was changed"));
    let sheet = temp.path().join("sheet.csv");
    std::fs::write(
        &sheet,
        "类型,编号,得分,核验,更正值,意见\n指标,1,6,,,政策\u{200B}完善\n",
    )
    .expect("sheet");
    bin()
        .args(["session", "import"])
        .arg(&path)
        .arg("--csv")
        .arg(&sheet)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("U+200B"));
    assert!(common::indicator(&show_json(&path), 1)["points"].is_null());
    bin()
        .args([
            "session",
            "new",
            "--package",
            "tests/fixtures/packages/demo",
        ])
        .args(["--expert", "E02", "--name", "张三😀", "--session"])
        .arg(temp.path().join("E02.sqlite"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--name"));
}
