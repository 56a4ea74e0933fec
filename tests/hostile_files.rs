//! Files that are not what they claim (issue 17): named pipes and devices where files belong,
//! lock files turned into links, second names of a session, private keys others can read,
//! leftovers of killed runs. Every file argument of every command is tried; none may hang,
//! none may write through a link, none may use an exposed key.

mod common;

#[cfg(unix)]
use common::new_session;
use common::{bin, fixture, scored_session};
use predicates::prelude::*;
use std::path::{Path, PathBuf};
#[cfg(unix)]
use std::time::Duration;

/// A command that must not hang: killed after this long, which fails the test.
#[cfg(unix)]
const PATIENCE: Duration = Duration::from_secs(20);

fn keygen(dir: &Path, id: &str) -> PathBuf {
    bin()
        .args(["keygen", "--out"])
        .arg(dir)
        .args(["--id", id])
        .assert()
        .success();
    dir.join(format!("{id}.key.pem"))
}

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

#[cfg(unix)]
fn fifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: mkfifo with a valid NUL-terminated path and a mode.
    let made = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(made, 0, "mkfifo {}", path.display());
}

/// Every file argument of every command, given a named pipe: each is refused at once (exit 1,
/// saying what it found), none waits for a writer.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_by_every_file_argument_and_nothing_hangs() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    let pipe = dir.join("pipe");
    fifo(&pipe);
    let session = ready_session(dir, "E01");
    let key = keygen(dir, "E01");
    let pub_key = dir.join("E01.pub.pem");
    // a signed sheet, for the verify cases
    let signed = ready_session(&dir.join("signed"), "E01");
    bin()
        .arg("sign")
        .arg(&signed)
        .arg("--key")
        .arg(&key)
        .assert()
        .success();
    let sheet = dir.join("signed").join("demo-E01.r1.json");
    let sheet_s = sheet.to_str().expect("utf-8");
    // a package folder with a pipe inside
    let package = dir.join("pkg");
    common::copy_dir(&fixture("packages/demo"), &package);
    fifo(&package.join("evidence").join("04-pipe.md"));
    let pipe_s = pipe.to_str().expect("utf-8");
    let session_s = session.to_str().expect("utf-8");
    let key_s = key.to_str().expect("utf-8");
    let pub_s = pub_key.to_str().expect("utf-8");
    let package_s = package.to_str().expect("utf-8");
    let archive = dir.join("archive.sqlite");
    let archive_s = archive.to_str().expect("utf-8");
    let cases: Vec<Vec<&str>> = vec![
        vec!["rubric", "check", pipe_s],
        vec!["rubric", "show", pipe_s],
        vec!["package", "check", pipe_s],
        vec!["package", "check", package_s],
        vec![
            "package",
            "check",
            "tests/fixtures/packages/demo",
            "--rubric",
            pipe_s,
        ],
        vec!["session", "show", pipe_s],
        vec!["session", "set", pipe_s, "--overall", "x"],
        vec!["session", "import", session_s, "--csv", pipe_s],
        vec!["session", "import", pipe_s, "--csv", pipe_s],
        vec!["session", "revise", pipe_s, "--reason", "x"],
        vec!["session", "declare", pipe_s, "--no-conflict"],
        vec![
            "session",
            "new",
            "--package",
            package_s,
            "--expert",
            "E09",
            "--name",
            "某",
        ],
        vec!["merge", pipe_s],
        vec!["merge", session_s, "--roster", pipe_s, "--allow-unsigned"],
        vec!["sheet", pipe_s, "--format", "json", "--out", "x.json"],
        vec!["sign", pipe_s, "--key", key_s],
        vec!["sign", session_s, "--key", pipe_s],
        vec!["verify", pipe_s, "--pub", pub_s],
        vec!["verify", sheet_s, "--pub", pipe_s],
        vec!["verify", sheet_s, "--roster", pipe_s],
        vec!["verify", sheet_s, "--pub", pub_s, "--sig", pipe_s],
        vec!["archive", "add", pipe_s, sheet_s],
        vec!["archive", "add", archive_s, pipe_s],
        vec!["archive", "list", pipe_s],
        vec!["archive", "verify", pipe_s],
        vec!["chair", pipe_s],
    ];
    for args in cases {
        bin()
            .current_dir(dir)
            .env("CLUSTER_REVIEW_CONFIG_DIR", dir)
            .args(&args)
            .timeout(PATIENCE)
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains("named pipe").or(predicate::str::contains("not a folder")),
            );
    }
    // the pipe was never written to or replaced
    assert!(std::fs::metadata(&pipe).is_ok_and(|m| !m.is_file()));
}

/// `/dev/zero` never ends: it is refused as a device, not read until memory runs out; a file
/// larger than the limit is refused before it is read.
#[cfg(unix)]
#[test]
fn devices_and_oversized_files_are_refused_before_reading() {
    let temp = tempfile::tempdir().expect("temp");
    let session = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    for args in [
        vec!["rubric", "check", "/dev/zero"],
        vec![
            "session",
            "import",
            session.to_str().expect("utf-8"),
            "--csv",
            "/dev/zero",
        ],
        vec!["verify", "/dev/zero", "--pub", "/dev/zero"],
    ] {
        bin()
            .args(&args)
            .timeout(PATIENCE)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "is a device, expected a regular file",
            ));
    }
    let huge = temp.path().join("huge.csv");
    let file = std::fs::File::create(&huge).expect("create");
    file.set_len(65 * 1024 * 1024).expect("sparse file");
    bin()
        .args(["session", "import"])
        .arg(&session)
        .arg("--csv")
        .arg(&huge)
        .timeout(PATIENCE)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is larger than 67108864 bytes"));
}

/// A folder where a session belongs is named as a folder, not "4096 bytes long".
#[test]
fn a_folder_given_as_a_session_is_named_a_folder() {
    let temp = tempfile::tempdir().expect("temp");
    bin()
        .arg("merge")
        .arg(temp.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "is a folder, expected a regular file",
        ))
        .stderr(predicate::str::contains("bytes long").not());
}

/// The lock file beside a session turned into a link to another file: the next writer refuses
/// it and the other file stays exactly as it was.
#[cfg(unix)]
#[test]
fn a_lock_file_turned_into_a_link_is_never_written_through() {
    let temp = tempfile::tempdir().expect("temp");
    let session = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    let victim = temp.path().join("victim.txt");
    std::fs::write(&victim, "precious").expect("write");
    let lock = temp.path().join("E01.sqlite.lock");
    let _ = std::fs::remove_file(&lock);
    std::os::unix::fs::symlink(&victim, &lock).expect("symlink");
    bin()
        .args(["session", "set"])
        .arg(&session)
        .args(["--indicator", "1", "--points", "6"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("lock file"));
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
    assert!(
        common::show_json(&session)["indicators"][0]["points"].is_null(),
        "nothing was saved through the refused lock"
    );
}

/// The lock file's note names the last writer alone: a longer note left by an earlier one is
/// cut to the new note's length, not left trailing after it.
#[cfg(unix)]
#[test]
fn the_lock_note_names_only_the_last_writer() {
    let temp = tempfile::tempdir().expect("temp");
    let session = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    let lock = temp.path().join("E01.sqlite.lock");
    std::fs::write(
        &lock,
        "pid 1 since 2020-01-01T00:00:00Z, followed by a much longer leftover of an earlier writer",
    )
    .expect("write");
    bin()
        .args(["session", "set"])
        .arg(&session)
        .args(["--indicator", "1", "--points", "6"])
        .assert()
        .success();
    let note = std::fs::read_to_string(&lock).expect("read");
    assert!(
        note.starts_with("pid ") && note.ends_with('Z') && !note.contains("leftover"),
        "{note:?}"
    );
    assert!(!note.contains("2020-01-01"), "{note:?}");
}

/// A hard link is a second name of the same file: while one name is open for writing, the
/// other is refused too.
#[cfg(unix)]
#[test]
fn a_hard_link_does_not_bypass_the_one_writer_lock() {
    let temp = tempfile::tempdir().expect("temp");
    let session = new_session(temp.path(), "E01", &["--declare-no-conflict"]);
    let other_folder = temp.path().join("elsewhere");
    std::fs::create_dir_all(&other_folder).expect("folder");
    let second = other_folder.join("copy.sqlite");
    std::fs::hard_link(&session, &second).expect("hard link");
    // this test process holds the session open for writing through its first name
    let held = cluster_review::store::SessionDb::open(&session).expect("open");
    bin()
        .args(["session", "set"])
        .arg(&second)
        .args(["--indicator", "1", "--points", "6"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("open for writing in another"));
    drop(held);
    // released: the other name can be written now. (Other tests of this binary start child
    // processes in parallel; a child that has not yet replaced itself with its program still
    // shares this process's open files for a moment, so the release is awaited briefly.)
    let released = (0..100).any(|_| {
        let done = bin()
            .args(["session", "set"])
            .arg(&second)
            .args(["--indicator", "1", "--points", "6"])
            .output()
            .expect("run")
            .status
            .success();
        if !done {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        done
    });
    assert!(released, "the lock was not released with the session");
}

/// A private key others can read is refused, as ssh refuses it, with how to fix it; nothing is
/// signed.
#[cfg(unix)]
#[test]
fn a_private_key_readable_by_others_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let temp = tempfile::tempdir().expect("temp");
    let session = ready_session(temp.path(), "E01");
    let key = keygen(temp.path(), "E01");
    for mode in [0o644, 0o640, 0o666, 0o604] {
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(mode)).expect("chmod");
        bin()
            .arg("sign")
            .arg(&session)
            .arg("--key")
            .arg(&key)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("readable by others"))
            .stderr(predicate::str::contains("chmod 600"));
        assert!(
            common::show_json(&session)["signed"].is_null(),
            "mode {mode:o}"
        );
    }
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(&key)
        .assert()
        .success();
}

/// What a killed `session new` or `sign` leaves behind (temporary files nobody holds) is gone
/// after the next run; a file being written by a live process (locked) is left alone.
#[test]
fn leftovers_of_killed_runs_do_not_survive_the_next_run() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    // scored_session names the file <package>-<expert>.sqlite
    let stale_new = dir.join("demo-E01.sqlite.k1LLed.creating");
    std::fs::write(&stale_new, b"half a session").expect("write");
    let stale_journal = dir.join("demo-E01.sqlite.k1LLed.creating-journal");
    std::fs::write(&stale_journal, b"journal").expect("write");
    std::fs::write(dir.join("demo-E01.sqlite.creating"), b"older name").expect("write");
    let session = ready_session(dir, "E01");
    assert!(!stale_new.exists(), "stale .creating removed");
    assert!(!stale_journal.exists(), "its journal too");
    assert!(!dir.join("demo-E01.sqlite.creating").exists());
    let key = keygen(dir, "E01");
    let stale_sheet = dir.join("demo-E01.r1.json.4242.writing");
    std::fs::write(&stale_sheet, b"half a sheet").expect("write");
    let live = dir.join("demo-E01.r1.json.live00.writing");
    let live_file = std::fs::File::create(&live).expect("create");
    live_file.try_lock().expect("lock");
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(&key)
        .assert()
        .success();
    assert!(!stale_sheet.exists(), "stale .writing removed");
    assert!(live.exists(), "a file another process holds is left alone");
    drop(live_file);
}
