//! Keys, signed score sheets, revisions and verification through the real binary, checked
//! with OpenSSL 3 the way the bureau would, years later, without our program.

mod common;

use common::{bin, fixture, scored_session};
use predicates::prelude::*;
use rusqlite::Connection;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A session with every blocking problem resolved: all four qualitative indicators scored
/// with opinions, and an overall opinion.
fn ready_session(dir: &Path, expert: &str) -> PathBuf {
    let path = scored_session(
        dir,
        &fixture("packages/demo"),
        expert,
        &[(1, "6"), (2, "6.5"), (3, "3"), (20, "3")],
    );
    bin()
        .args(["session", "set"])
        .arg(&path)
        .args(["--overall", "集群特色鲜明，建议通过。"])
        .assert()
        .success();
    path
}

fn keygen(dir: &Path, id: &str) -> (PathBuf, PathBuf) {
    bin()
        .args(["keygen", "--out"])
        .arg(dir)
        .args(["--id", id])
        .assert()
        .success();
    (
        dir.join(format!("{id}.key.pem")),
        dir.join(format!("{id}.pub.pem")),
    )
}

fn sign(file: &Path, key: &Path) -> PathBuf {
    bin()
        .arg("sign")
        .arg(file)
        .arg("--key")
        .arg(key)
        .assert()
        .success();
    let revision = session_json(file)["revision"].as_u64().expect("revision");
    file.with_file_name(format!(
        "{}.r{revision}.json",
        file.file_stem().and_then(|s| s.to_str()).expect("stem")
    ))
}

fn session_json(file: &Path) -> Value {
    let output = bin()
        .args(["session", "show", "--json"])
        .arg(file)
        .output()
        .expect("run");
    serde_json::from_slice(&output.stdout).expect("json")
}

fn sig(sheet: &Path) -> PathBuf {
    PathBuf::from(format!("{}.sig", sheet.display()))
}

/// `openssl pkeyutl -verify -pubin -inkey PUB -rawin -in SHEET -sigfile SHEET.sig` agrees
/// with `expected` (the bureau's independent check; skipped, and said so, without OpenSSL).
fn openssl_agrees(public: &Path, sheet: &Path, signature: &Path, expected: bool) {
    let Some(mut openssl) = common::tools::openssl() else {
        return;
    };
    let verified = openssl
        .args(["pkeyutl", "-verify", "-pubin", "-inkey"])
        .arg(public)
        .arg("-rawin")
        .arg("-in")
        .arg(sheet)
        .arg("-sigfile")
        .arg(signature)
        .output()
        .expect("openssl runs")
        .status
        .success();
    assert_eq!(verified, expected, "openssl on {}", sheet.display());
}

#[test]
fn keygen_writes_an_owner_only_pkcs8_v1_key_that_openssl_reads_and_never_overwrites() {
    let temp = tempfile::tempdir().expect("temp");
    let (private, public) = keygen(temp.path(), "E01");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&private)
            .expect("key")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "private key mode {mode:o}");
    }
    let text = std::fs::read_to_string(&private).expect("key");
    assert!(text.starts_with("-----BEGIN PRIVATE KEY-----"));
    // OpenSSL derives the same public key from our private key
    if let Some(mut openssl) = common::tools::openssl() {
        let derived = openssl
            .args(["pkey", "-pubout", "-in"])
            .arg(&private)
            .output()
            .expect("openssl runs");
        assert!(
            derived.status.success(),
            "{}",
            String::from_utf8_lossy(&derived.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&derived.stdout),
            std::fs::read_to_string(&public).expect("pub")
        );
    }
    bin()
        .args(["keygen", "--out"])
        .arg(temp.path())
        .args(["--id", "E01"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("never overwritten"));
    assert_eq!(std::fs::read_to_string(&private).expect("key"), text);
}

#[test]
fn a_signed_demo_sheet_verifies_with_openssl_and_verify_and_one_flipped_byte_fails_both() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01");
    let (private, public) = keygen(temp.path(), "E01");
    let sheet = sign(&session, &private);
    openssl_agrees(&public, &sheet, &sig(&sheet), true);
    bin()
        .arg("verify")
        .arg(&sheet)
        .arg("--pub")
        .arg(&public)
        .assert()
        .success()
        .stdout(predicate::str::contains("E01"));

    let document: Value =
        serde_json::from_slice(&std::fs::read(&sheet).expect("sheet")).expect("json");
    assert_eq!(document["expert"]["id"], "E01");
    assert_eq!(document["package"]["id"], "demo");
    assert_eq!(document["indicators"][1]["points"], "6.50");
    assert_eq!(document["overall"], "集群特色鲜明，建议通过。");
    let shown = session_json(&session);
    assert_eq!(document["total"], shown["total"]);
    assert_eq!(document["package"]["digest"], shown["package"]["digest"]);
    assert_eq!(document["rubric"]["sha256"], shown["rubric"]["sha256"]);

    let mut bytes = std::fs::read(&sheet).expect("sheet");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    let tampered = temp.path().join("tampered.json");
    std::fs::write(&tampered, &bytes).expect("write");
    std::fs::copy(sig(&sheet), sig(&tampered)).expect("copy");
    openssl_agrees(&public, &tampered, &sig(&tampered), false);
    bin()
        .arg("verify")
        .arg(&tampered)
        .arg("--pub")
        .arg(&public)
        .assert()
        .code(1);
    // another expert's key does not verify it either
    let (_, other) = keygen(temp.path(), "E02");
    bin()
        .arg("verify")
        .arg(&sheet)
        .arg("--pub")
        .arg(&other)
        .assert()
        .code(1);
}

#[test]
fn a_key_made_by_openssl_signs_in_our_program() {
    if common::tools::on_path("openssl").is_none() {
        common::tools::missing("openssl", "openssl (OpenSSL 3)");
        return;
    }
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01");
    let private = temp.path().join("openssl.key.pem");
    let public = temp.path().join("openssl.pub.pem");
    for args in [
        vec!["genpkey", "-algorithm", "ed25519", "-out"],
        vec!["pkey", "-pubout", "-in"],
    ] {
        let mut command = common::tools::openssl().expect("openssl is on PATH");
        command.args(&args);
        if args[0] == "genpkey" {
            command.arg(&private);
        } else {
            command.arg(&private).arg("-out").arg(&public);
        }
        assert!(command.status().expect("openssl").success());
    }
    let sheet = sign(&session, &private);
    openssl_agrees(&public, &sheet, &sig(&sheet), true);
    bin()
        .arg("verify")
        .arg(&sheet)
        .arg("--pub")
        .arg(&public)
        .assert()
        .success();
}

#[test]
fn signing_is_refused_while_problems_remain_and_the_session_stays_editable() {
    let temp = tempfile::tempdir().expect("temp");
    let session = scored_session(temp.path(), &fixture("packages/demo"), "E01", &[(1, "6")]);
    let (private, _) = keygen(temp.path(), "E01");
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(&private)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("indicator 2 is not scored"))
        .stderr(predicate::str::contains("no overall opinion"));
    assert_eq!(session_json(&session)["signed"], Value::Null);
    assert!(!temp.path().join("demo-E01.r1.json").exists());
    bin()
        .args(["session", "set"])
        .arg(&session)
        .args(["--indicator", "2", "--points", "5"])
        .assert()
        .success();
}

#[test]
fn a_signed_session_is_read_only_and_a_revision_supersedes_it_at_merge() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01");
    let (private, public) = keygen(temp.path(), "E01");
    let first = sign(&session, &private);
    bin()
        .args(["session", "set"])
        .arg(&session)
        .args(["--indicator", "1", "--points", "7"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("signed and read-only"));
    // and through another tool: the triggers refuse it
    let conn = Connection::open(&session).expect("open");
    assert!(
        conn.execute("UPDATE score SET points = '7' WHERE indicator = 1", [])
            .is_err()
    );
    drop(conn);
    bin()
        .args(["session", "revise"])
        .arg(&session)
        .args(["--reason", " "])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("reason"));
    bin()
        .args(["session", "revise"])
        .arg(&session)
        .args(["--reason", "复核材料后调整指标1"])
        .assert()
        .success();
    bin()
        .args(["session", "set"])
        .arg(&session)
        .args(["--indicator", "1", "--points", "7"])
        .assert()
        .success();
    // the new revision is not signed yet: merge refuses it without --allow-unsigned
    bin().arg("merge").arg(&session).assert().code(1);
    let second = sign(&session, &private);
    assert_ne!(first, second);
    for sheet in [&first, &second] {
        openssl_agrees(&public, sheet, &sig(sheet), true);
    }
    let output = bin()
        .arg("merge")
        .arg(&session)
        .args(["--format", "json"])
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let merged: Value = serde_json::from_slice(&output.stdout).expect("json");
    let cluster = &merged["clusters"][0];
    assert_eq!(cluster["experts"][0]["revision"], 2);
    assert_eq!(cluster["indicators"][0]["scores"]["E01"], "7.00");
    // both revisions and both sign-offs stay on record, with the reason in the audit trail
    let conn = Connection::open(&session).expect("open");
    let signoffs: i64 = conn
        .query_row("SELECT COUNT(*) FROM signoff", [], |r| r.get(0))
        .expect("count");
    assert_eq!(signoffs, 2);
    let reason: String = conn
        .query_row("SELECT new FROM audit WHERE what = 'revision'", [], |r| {
            r.get(0)
        })
        .expect("audit");
    assert!(reason.contains("复核材料后调整指标1"), "{reason}");
    drop(conn);
    let shown = session_json(&session);
    let revisions: Vec<u64> = shown["signoffs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["revision"].as_u64())
        .collect();
    assert_eq!(revisions, vec![1, 2]);
    assert_eq!(shown["signed"]["revision"], 2);
    let first_doc: Value =
        serde_json::from_slice(&std::fs::read(&first).expect("sheet")).expect("json");
    assert_eq!(first_doc["indicators"][0]["points"], "6.00");
}

fn roster(dir: &Path, entries: &[(&str, &Path)]) -> PathBuf {
    let mut text = String::new();
    for (id, key) in entries {
        text.push_str(&format!(
            "[[signer]]\nid = \"{id}\"\nname = \"专家{id}\"\npublic_key = \"{}\"\n",
            key.file_name().and_then(|n| n.to_str()).expect("name")
        ));
    }
    let path = dir.join("roster.toml");
    std::fs::write(&path, text).expect("roster");
    path
}

#[test]
fn merge_checks_every_signature_against_the_roster_and_catches_a_score_changed_after_signing() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01");
    let (private, public) = keygen(temp.path(), "E01");
    let (_, stranger) = keygen(temp.path(), "X");
    let sheet = sign(&session, &private);
    let good = roster(temp.path(), &[("E01", &public)]);
    let output = bin()
        .arg("merge")
        .arg(&session)
        .args(["--format", "json", "--roster"])
        .arg(&good)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let merged: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(merged["clusters"][0]["experts"][0]["verified"], true);
    bin()
        .arg("verify")
        .arg(&sheet)
        .arg("--roster")
        .arg(&good)
        .assert()
        .success();

    let wrong = roster(temp.path(), &[("E01", &stranger)]);
    bin()
        .arg("merge")
        .arg(&session)
        .arg("--roster")
        .arg(&wrong)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not the roster's key"));
    bin()
        .arg("verify")
        .arg(&sheet)
        .arg("--roster")
        .arg(&wrong)
        .assert()
        .code(1);

    // a score changed behind the program's back, the trigger dropped and put back: the score
    // is not what was signed, and the message says which
    common::tamper_covering_tracks(
        &session,
        "score_signed_update",
        "UPDATE score SET points = '8' WHERE indicator = 1",
    );
    bin()
        .arg("merge")
        .arg(&session)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("changed after signing"))
        .stderr(predicate::str::contains(
            "/indicators/0/points: signed \"6.00\"",
        ));
    // and with the trigger left dropped, the file is not one this program wrote
    let conn = Connection::open(&session).expect("open");
    conn.execute_batch("DROP TRIGGER score_signed_update;")
        .expect("drop");
    drop(conn);
    bin()
        .arg("merge")
        .arg(&session)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "trigger \"score_signed_update\" is missing",
        ));
}

#[test]
fn printable_and_csv_sheets_carry_every_indicator_the_signature_line_and_the_sha256() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01");
    let (private, _) = keygen(temp.path(), "E01");
    bin()
        .args(["session", "set"])
        .arg(&session)
        .args(["--indicator", "3", "--comment", "做法<新颖>&可推广"])
        .assert()
        .success();
    let sheet = sign(&session, &private);
    let bytes = std::fs::read(&sheet).expect("sheet");
    let sha256 = cluster_review::hashing::sha256_hex(&bytes);
    let html_path = temp.path().join("sheet.html");
    bin()
        .arg("sheet")
        .arg(&session)
        .args(["--format", "html", "--out"])
        .arg(&html_path)
        .assert()
        .success();
    let html = std::fs::read_to_string(&html_path).expect("html");
    let rubric = cluster_review::rubric::parse(
        "rubric",
        &std::fs::read(common::rubric_path()).expect("rubric"),
    )
    .expect("rubric");
    for indicator in rubric.indicators() {
        assert!(html.contains(&indicator.name), "{} missing", indicator.name);
    }
    for text in [
        "专家签字",
        "日期",
        &sha256,
        "集群特色鲜明",
        "做法&lt;新颖&gt;&amp;可推广",
        "6.50",
    ] {
        assert!(html.contains(text), "{text} missing from the HTML sheet");
    }
    assert!(!html.contains("<新颖>"));

    let csv_path = temp.path().join("sheet.csv");
    bin()
        .arg("sheet")
        .arg(&session)
        .args(["--format", "csv", "--out"])
        .arg(&csv_path)
        .assert()
        .success();
    let csv = std::fs::read(&csv_path).expect("csv");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8_lossy(&csv);
    assert!(text.contains("demo,E01,2,"), "{text}");
    assert!(text.lines().any(|l| l.contains(",6.50,")));

    // the JSON export of a signed session is the signed sheet, byte for byte, with its signature
    let again = temp.path().join("again.json");
    bin()
        .arg("sheet")
        .arg(&session)
        .args(["--format", "json", "--out"])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(std::fs::read(&again).expect("again"), bytes);
    assert_eq!(
        std::fs::read(sig(&again)).expect("sig"),
        std::fs::read(sig(&sheet)).expect("sig")
    );
}

#[test]
fn the_chair_signs_the_combined_evaluation_which_openssl_verifies_and_which_then_is_read_only() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01");
    let (private, _) = keygen(temp.path(), "E01");
    sign(&session, &private);
    let combined = temp.path().join("combined.sqlite");
    bin()
        .arg("merge")
        .arg(&session)
        .arg("--out")
        .arg(&combined)
        .assert()
        .success();
    let (chair_key, chair_pub) = keygen(temp.path(), "C01");
    bin()
        .arg("sign")
        .arg(&combined)
        .arg("--key")
        .arg(&chair_key)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--signer"));
    let sheet = temp.path().join("combined-sheet.json");
    bin()
        .arg("sign")
        .arg(&combined)
        .arg("--key")
        .arg(&chair_key)
        .args(["--signer", "C01", "--name", "王组长", "--out"])
        .arg(&sheet)
        .assert()
        .success();
    openssl_agrees(&chair_pub, &sheet, &sig(&sheet), true);
    let document: Value =
        serde_json::from_slice(&std::fs::read(&sheet).expect("sheet")).expect("json");
    assert_eq!(document["signer"]["id"], "C01");
    assert_eq!(
        document["evaluation"]["clusters"][0]["indicators"][0]["scores"]["E01"],
        "6.00"
    );
    let mut db = cluster_review::store::CombinedDb::open(&combined).expect("open");
    assert!(db.set_note("demo", 1, "共识").is_err());
    drop(db);
    bin()
        .arg("sign")
        .arg(&combined)
        .arg("--key")
        .arg(&chair_key)
        .args(["--signer", "C01", "--name", "王组长"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("signed and read-only"));
}

#[test]
fn no_file_is_ever_overwritten_by_a_sheet_and_a_refused_target_signs_nothing() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01");
    let (private, _) = keygen(temp.path(), "E01");
    let other = temp.path().join("other.txt");
    std::fs::write(&other, "keep me").expect("write");
    for target in [&session, &other, &private] {
        bin()
            .arg("sign")
            .arg(&session)
            .arg("--key")
            .arg(&private)
            .arg("--out")
            .arg(target)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("never overwritten"));
    }
    assert_eq!(std::fs::read_to_string(&other).expect("other"), "keep me");
    assert_eq!(
        session_json(&session)["signed"],
        Value::Null,
        "nothing signed"
    );
    let sheet = sign(&session, &private);

    // `sheet` refuses its own input and existing files unless --force
    for target in [&session, &sheet] {
        bin()
            .arg("sheet")
            .arg(&sheet)
            .args(["--format", "json", "--out"])
            .arg(target)
            .assert()
            .code(1);
    }
    let html = temp.path().join("E01.html");
    let write_html = |force: bool| {
        let mut command = bin();
        command
            .arg("sheet")
            .arg(&session)
            .args(["--format", "html", "--out"])
            .arg(&html);
        if force {
            command.arg("--force");
        }
        command.assert()
    };
    write_html(false).success();
    write_html(false)
        .code(1)
        .stderr(predicate::str::contains("give --force to replace it"));
    write_html(true).success();
    assert!(session_json(&session)["signed"].is_object());
}

#[test]
fn a_forged_or_broken_sheet_is_never_printed_as_signed() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01");
    let (private, _) = keygen(temp.path(), "E01");
    let sheet = sign(&session, &private);
    std::fs::write(sig(&sheet), [0u8; 64]).expect("forge");
    bin()
        .arg("sheet")
        .arg(&sheet)
        .args(["--format", "html", "--out"])
        .arg(temp.path().join("forged.html"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("does not verify"));
    assert!(!temp.path().join("forged.html").exists());
    // a session whose stored sheet no longer matches its scores is refused too
    common::tamper_covering_tracks(
        &session,
        "overall_signed_update",
        "UPDATE overall SET text = '改过的意见'",
    );
    bin()
        .arg("sheet")
        .arg(&session)
        .args(["--format", "html", "--out"])
        .arg(temp.path().join("tampered.html"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("changed after signing"));
}

#[test]
fn a_recusal_is_a_statement_the_expert_signs() {
    let temp = tempfile::tempdir().expect("temp");
    let session = common::new_session(
        temp.path(),
        "E01",
        &["--recuse", "本人曾参与该集群申报材料编制"],
    );
    let (private, _) = keygen(temp.path(), "E01");
    let sheet = sign(&session, &private);
    let document: Value =
        serde_json::from_slice(&std::fs::read(&sheet).expect("sheet")).expect("json");
    assert_eq!(document["declaration"]["kind"], "recused");
    assert_eq!(
        document["declaration"]["reason"],
        "本人曾参与该集群申报材料编制"
    );
    assert!(
        document["indicators"]
            .as_array()
            .expect("indicators")
            .iter()
            .all(|i| i["kind"] == "quantitative" || i["points"].is_null()),
        "a recused expert scores nothing"
    );
}

#[test]
fn the_roster_says_who_signs_what_and_an_expert_key_cannot_sign_as_chair() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01");
    let (private, public) = keygen(temp.path(), "E01");
    let expert_sheet = sign(&session, &private);
    let combined = temp.path().join("combined.sqlite");
    bin()
        .arg("merge")
        .arg(&session)
        .arg("--out")
        .arg(&combined)
        .assert()
        .success();
    // the expert's own key used to sign the combined evaluation, as "chair" E01
    let chair_sheet = temp.path().join("combined.json");
    bin()
        .arg("sign")
        .arg(&combined)
        .arg("--key")
        .arg(&private)
        .args(["--signer", "E01", "--name", "张三", "--out"])
        .arg(&chair_sheet)
        .assert()
        .success();
    let roster_path = temp.path().join("roster.toml");
    std::fs::write(
        &roster_path,
        "[[signer]]\nid = \"E01\"\nname = \"张三\"\npublic_key = \"E01.pub.pem\"\n",
    )
    .expect("roster");
    let verify = |sheet: &Path| {
        bin()
            .arg("verify")
            .arg(sheet)
            .arg("--roster")
            .arg(&roster_path)
            .assert()
    };
    verify(&expert_sheet).success();
    verify(&chair_sheet)
        .code(1)
        .stderr(predicate::str::contains("needs a chair signer"));
    bin()
        .args(["archive", "add"])
        .arg(temp.path().join("archive.sqlite"))
        .arg(&chair_sheet)
        .arg("--roster")
        .arg(&roster_path)
        .assert()
        .code(1);
    // one key for two signers is refused
    std::fs::write(
        &roster_path,
        format!(
            "[[signer]]\nid = \"E01\"\npublic_key = \"E01.pub.pem\"\n[[signer]]\nid = \"C01\"\nrole = \"chair\"\npublic_key = \"{}\"\n",
            public.file_name().and_then(|n| n.to_str()).expect("name")
        ),
    )
    .expect("roster");
    verify(&expert_sheet)
        .code(1)
        .stderr(predicate::str::contains("same public key"));
}

#[test]
fn the_chair_cannot_sign_over_a_merged_session_changed_behind_the_programs_back() {
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01");
    let (private, _) = keygen(temp.path(), "E01");
    sign(&session, &private);
    let combined = temp.path().join("combined.sqlite");
    bin()
        .arg("merge")
        .arg(&session)
        .arg("--out")
        .arg(&combined)
        .assert()
        .success();
    let pristine = temp.path().join("pristine.sqlite");
    std::fs::copy(&combined, &pristine).expect("copy");
    let (chair_key, _) = keygen(temp.path(), "C01");
    let chair_signs = |file: &Path| {
        let mut command = bin();
        command
            .arg("sign")
            .arg(file)
            .arg("--key")
            .arg(&chair_key)
            .args(["--signer", "C01", "--name", "王组长"]);
        command.assert()
    };
    let fresh = |name: &str| {
        let copy = temp.path().join(name);
        std::fs::copy(&pristine, &copy).expect("copy");
        copy
    };
    // a score of a merged session changed, the trigger put back
    let changed = fresh("changed.sqlite");
    common::tamper_covering_tracks(
        &changed,
        "input_score_update",
        "UPDATE input_score SET points = '8' WHERE indicator = 1",
    );
    chair_signs(&changed)
        .code(1)
        .stderr(predicate::str::contains("no longer verifies"));
    // a session claimed to be checked against a roster that never was
    let claimed = fresh("claimed.sqlite");
    common::tamper_covering_tracks(
        &claimed,
        "input_update",
        "UPDATE input SET signature = 'verified'",
    );
    chair_signs(&claimed)
        .code(1)
        .stderr(predicate::str::contains("records the session"))
        .stderr(predicate::str::contains("but it checks as not_verified"));
    // an expert's session taken out of the evaluation
    let removed = fresh("removed.sqlite");
    let conn = Connection::open(&removed).expect("open");
    let definitions: Vec<String> = conn
        .prepare(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'input%delete'",
        )
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("triggers");
    conn.execute_batch(
        "DROP TRIGGER input_delete; DROP TRIGGER input_score_delete; DROP TRIGGER input_annotation_delete;
         DROP TRIGGER input_condition_delete; DROP TRIGGER input_meeting_delete;
         DELETE FROM input_score; DELETE FROM input_annotation; DELETE FROM input_condition;
         DELETE FROM input_meeting; DELETE FROM input;",
    )
    .expect("remove");
    for definition in definitions {
        conn.execute_batch(&format!("{definition};"))
            .expect("restore");
    }
    drop(conn);
    chair_signs(&removed)
        .code(1)
        .stderr(predicate::str::contains("list of merged sessions"));
    // untouched, the chair signs
    chair_signs(&pristine).success();
}

/// A signing killed between putting the sheet and its signature in place left one of the two:
/// the next `sign` writes the missing one (the same bytes as recorded) instead of refusing the
/// signed session; a file holding other bytes is never replaced.
#[test]
fn a_signing_that_left_only_one_of_its_two_files_is_completed() {
    let temp = tempfile::tempdir().expect("temp");
    let (key, public) = keygen(temp.path(), "E01");
    for missing in ["signature", "sheet"] {
        let dir = temp.path().join(missing);
        std::fs::create_dir_all(&dir).expect("dir");
        let session = ready_session(&dir, "E01");
        let sheet = sign(&session, &key);
        let (gone, kept) = match missing {
            "signature" => (sig(&sheet), sheet.clone()),
            _ => (sheet.clone(), sig(&sheet)),
        };
        let bytes = std::fs::read(&gone).expect("read");
        std::fs::remove_file(&gone).expect("remove");
        bin()
            .arg("sign")
            .arg(&session)
            .arg("--key")
            .arg(&key)
            .assert()
            .success();
        assert_eq!(
            std::fs::read(&gone).expect("written again"),
            bytes,
            "{missing}"
        );
        assert!(kept.exists());
        bin()
            .arg("verify")
            .arg(&sheet)
            .arg("--pub")
            .arg(&public)
            .assert()
            .success();
        // both in place: signing again is refused as before
        bin()
            .arg("sign")
            .arg(&session)
            .arg("--key")
            .arg(&key)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("read-only"));
        // a file with other bytes in the place of the missing one is left alone
        std::fs::write(&gone, b"not ours").expect("write");
        std::fs::remove_file(&kept).expect("remove");
        bin()
            .arg("sign")
            .arg(&session)
            .arg("--key")
            .arg(&key)
            .assert()
            .code(1);
        assert_eq!(std::fs::read(&gone).expect("read"), b"not ours");
    }
}
