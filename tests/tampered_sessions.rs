//! Nothing changed behind the program's back counts (issue 17): a session file edited with
//! another tool — figures, recusals, ids, revisions, tables, sign-offs — is refused by every
//! command that reads it, and a merge never counts what the expert did not sign.

mod common;

use common::{bin, fixture, scored_session, tamper_covering_tracks};
use predicates::prelude::*;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

fn keygen(dir: &Path, id: &str) -> PathBuf {
    bin()
        .args(["keygen", "--out"])
        .arg(dir)
        .args(["--id", id])
        .assert()
        .success();
    dir.join(format!("{id}.key.pem"))
}

/// A signed session of expert `id` on the demo.
fn signed_session(dir: &Path, id: &str) -> PathBuf {
    let path = scored_session(
        dir,
        &fixture("packages/demo"),
        id,
        &[(1, "6"), (2, "6.5"), (3, "3"), (20, "3")],
    );
    bin()
        .args(["session", "set"])
        .arg(&path)
        .args(["--overall", "集群特色鲜明，建议通过。"])
        .assert()
        .success();
    bin()
        .arg("sign")
        .arg(&path)
        .arg("--key")
        .arg(keygen(dir, id))
        .assert()
        .success();
    path
}

fn merge(files: &[&Path]) -> assert_cmd::assert::Assert {
    bin().arg("merge").args(files).assert()
}

/// The 17.1 attack: a package figure edited inside one session (its package files, since the
/// session keeps them) and signed — merge refuses it instead of counting 200 talents.
#[test]
fn a_package_figure_edited_inside_a_session_is_refused_by_merge() {
    let temp = tempfile::tempdir().expect("temp");
    let e01 = scored_session(
        temp.path(),
        &fixture("packages/demo"),
        "E01",
        &[(1, "6"), (2, "6.5"), (3, "3"), (20, "3")],
    );
    tamper_covering_tracks(
        &e01,
        "package_file_no_update",
        "UPDATE package_file SET content = CAST(replace(CAST(content AS TEXT), 'talents,48,', 'talents,200,') AS BLOB) WHERE path = 'measures.csv'",
    );
    let refused = |cmd: &mut assert_cmd::Command| {
        cmd.current_dir(temp.path())
            .assert()
            .code(1)
            .stderr(predicate::str::contains("holds package files whose digest"));
    };
    refused(bin().arg("merge").arg(&e01).arg("--allow-unsigned"));
    refused(bin().args(["session", "show"]).arg(&e01));
    refused(
        bin()
            .arg("sheet")
            .arg(&e01)
            .args(["--format", "json", "--out", "x.json"]),
    );
}

/// 17.2: a signed session turned into a recusal afterwards is not quietly excluded; an unsigned
/// recusal is refused at merge unless unsigned sessions are allowed (then it is marked).
#[test]
fn a_recusal_is_a_signed_statement() {
    let temp = tempfile::tempdir().expect("temp");
    let e01 = signed_session(temp.path(), "E01");
    let e02 = signed_session(temp.path(), "E02");
    tamper_covering_tracks(
        &e02,
        "declaration_signed_update",
        "UPDATE declaration SET kind = 'recused', reason = '事后回避'",
    );
    merge(&[&e01, &e02])
        .code(1)
        .stderr(predicate::str::contains("changed after signing"));
    // an honest recusal, not signed
    let r = temp.path().join("R.sqlite");
    bin()
        .args([
            "session",
            "new",
            "--package",
            "tests/fixtures/packages/demo",
        ])
        .args([
            "--expert",
            "E03",
            "--name",
            "王五",
            "--recuse",
            "亲属任职",
            "--session",
        ])
        .arg(&r)
        .assert()
        .success();
    merge(&[&e01, &r]).code(1).stderr(predicate::str::contains(
        "the recusal (回避) of expert E03 is not signed",
    ));
    bin()
        .arg("merge")
        .arg(&e01)
        .arg(&r)
        .args(["--allow-unsigned", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"reason\": \"recused\""))
        .stdout(predicate::str::contains(r.display().to_string()));
    // signed, it takes the expert out
    bin()
        .arg("sign")
        .arg(&r)
        .arg("--key")
        .arg(keygen(temp.path(), "E03"))
        .assert()
        .success();
    merge(&[&e01, &r]).success();
}

/// 17.4: every value read from a file is checked as strictly as when it was typed, and the
/// schema is checked, not assumed. Each edit below is refused by `session show` (and so by
/// every command that reads sessions), saying it was edited outside the program.
#[test]
fn every_stored_value_and_the_schema_are_checked() {
    let temp = tempfile::tempdir().expect("temp");
    let base = scored_session(
        temp.path(),
        &fixture("packages/demo"),
        "E01",
        &[(1, "6"), (2, "6.5")],
    );
    bin()
        .args(["session", "set"])
        .arg(&base)
        .args(["--measure", "revenue", "--corrected", "300"])
        .assert()
        .success();
    let cases: Vec<(&str, &str)> = vec![
        (
            "UPDATE annotation SET corrected = '-5' WHERE measure = 'revenue'",
            "impossible corrected figure",
        ),
        (
            "DROP TRIGGER session_no_update; UPDATE session SET expert_id = '../../evil'; CREATE TRIGGER session_no_update BEFORE UPDATE ON session\nBEGIN SELECT RAISE(ABORT, 'the session header is fixed at creation'); END",
            "expert id",
        ),
        (
            "DROP TRIGGER revision_no_delete; DELETE FROM revision; CREATE TRIGGER revision_no_delete BEFORE DELETE ON revision\nBEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END",
            "has no revision",
        ),
        (
            "UPDATE score SET points = '6.000000000000000000000000000001' WHERE indicator = 1",
            "expected an exact decimal",
        ),
        (
            "CREATE TABLE score2 AS SELECT * FROM score; DROP TABLE score; ALTER TABLE score2 RENAME TO score; INSERT INTO score SELECT * FROM score",
            "is missing or changed",
        ),
        (
            "DROP TABLE overall; CREATE VIEW overall AS SELECT 1 AS id, 'x' AS text, '' AS updated_at",
            "overall",
        ),
        ("DROP TABLE audit", "\"audit\" is missing"),
        (
            "INSERT INTO signoff (revision, signed_at, sheet_sha256, signature, public_key, sheet) VALUES (1, '2026-11-28T00:00:00.000Z', 'ab', x'00', 'pem', x'')",
            "sign-off",
        ),
        (
            "UPDATE declaration SET reason = '', kind = 'recused'",
            "recusal without a reason",
        ),
    ];
    for (n, (sql, expected)) in cases.iter().enumerate() {
        let copy = temp.path().join(format!("case{n}.sqlite"));
        std::fs::copy(&base, &copy).expect("copy");
        let conn = Connection::open(&copy).expect("open");
        if let Err(e) = conn.execute_batch(sql) {
            panic!("case {n} could not be prepared: {e}");
        }
        drop(conn);
        bin()
            .args(["session", "show"])
            .arg(&copy)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(*expected))
            .stderr(predicate::str::contains("edited outside cluster-review"));
    }
}

/// 10.10: with a roster, a key that is not the roster's key of the session's expert is refused
/// before anything is written; the mismatch is said as such.
#[test]
fn sign_with_a_roster_refuses_another_experts_key() {
    let temp = tempfile::tempdir().expect("temp");
    let session = scored_session(
        temp.path(),
        &fixture("packages/demo"),
        "E07",
        &[(1, "6"), (2, "6.5"), (3, "3"), (20, "3")],
    );
    bin()
        .args(["session", "set"])
        .arg(&session)
        .args(["--overall", "建议通过。"])
        .assert()
        .success();
    let e01 = keygen(temp.path(), "E01");
    let _e07 = keygen(temp.path(), "E07");
    let roster = temp.path().join("roster.toml");
    std::fs::write(
        &roster,
        "[[signer]]\nid = \"E01\"\npublic_key = \"E01.pub.pem\"\n\n[[signer]]\nid = \"E07\"\npublic_key = \"E07.pub.pem\"\n",
    )
    .expect("roster");
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(&e01)
        .arg("--roster")
        .arg(&roster)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "is not the roster's key of \"E07\"",
        ))
        .stderr(predicate::str::contains("nothing was signed"));
    assert!(common::show_json(&session)["signed"].is_null());
    assert!(
        !temp.path().join("demo-E07.r1.json").exists(),
        "no sheet written"
    );
    // signed without a roster (with E01's key), the sheet is marked as not checked against a
    // roster; checked against the roster afterwards, the mismatch is named as such
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(&e01)
        .assert()
        .success();
    bin()
        .args(["sheet"])
        .arg(&session)
        .args(["--format", "html", "--out"])
        .arg(temp.path().join("s.html"))
        .assert()
        .success()
        .stdout(predicate::str::contains("未按名册核验"));
    let html = std::fs::read_to_string(temp.path().join("s.html")).expect("html");
    assert!(
        html.contains("签名有效，但未按名册核验签署人公钥"),
        "{html}"
    );
    bin()
        .arg("merge")
        .arg(&session)
        .arg("--roster")
        .arg(&roster)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not the roster's key for \"E07\""))
        .stderr(predicate::str::contains("changed after signing").not());
}
