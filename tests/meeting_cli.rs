//! The review meeting (评审会, DESIGN §11) through the real binary, as a chair runs it: init
//! with three clusters and five experts (one recusal), the sessions filled by `session`
//! commands in the meeting's sessions folder with the status matrix checked at each stage, the
//! export/collect round trip (a tampered file refused, a later revision taken, a conflicting
//! session refused), `merge --meeting`, and the chair signing on the chair's screen (a pty)
//! after resolving the agenda — without naming a session file anywhere but in the checks.

mod common;
mod rational;

use common::pty::{Pty, keys};
use common::{bin, copy_dir, fixture};
use rational::{Q, half_up, int, q};
use serde_json::Value;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

const EXPERTS: [&str; 5] = ["E01", "E02", "E03", "E04", "E05"];
const PACKAGES: [&str; 3] = ["demo", "demo2", "demo3"];

/// A copy of the demo package with another id, direction (and so cluster name) and revenue.
fn package(root: &Path, id: &str, direction: &str, revenue: &str) -> PathBuf {
    let dir = root.join("packages-in").join(id);
    copy_dir(&fixture("packages/demo"), &dir);
    let manifest = std::fs::read_to_string(dir.join("package.toml"))
        .expect("manifest")
        .replace("id = \"demo\"", &format!("id = \"{id}\""))
        .replace(
            "direction = \"生物医药\"",
            &format!("direction = \"{direction}\""),
        )
        .replace(
            "南京紫金示例高新园区生物医药创新型产业集群",
            &format!("南京紫金示例高新园区{direction}创新型产业集群"),
        );
    std::fs::write(dir.join("package.toml"), manifest).expect("write");
    let measures = std::fs::read_to_string(dir.join("measures.csv"))
        .expect("measures")
        .replace("revenue,296.89,", &format!("revenue,{revenue},"));
    std::fs::write(dir.join("measures.csv"), measures).expect("write");
    dir
}

/// The room: three packages, keys of five experts and the chair, a roster.
struct Room {
    temp: tempfile::TempDir,
}

impl Room {
    fn new() -> Self {
        let room = Self {
            temp: tempfile::tempdir().expect("temp"),
        };
        package(room.path(), "demo", "生物医药", "296.89");
        package(room.path(), "demo2", "新型材料", "148.445");
        package(room.path(), "demo3", "集成电路", "90");
        let keys = room.path().join("keys");
        let mut roster = String::new();
        for (id, role) in EXPERTS
            .iter()
            .map(|e| (*e, "expert"))
            .chain([("C01", "chair")])
        {
            bin()
                .args(["keygen", "--out"])
                .arg(&keys)
                .args(["--id", id])
                .assert()
                .success();
            roster.push_str(&format!(
                "[[signer]]\nid = \"{id}\"\nname = \"{}\"\nrole = \"{role}\"\npublic_key = \"keys/{id}.pub.pem\"\n\n",
                name(id)
            ));
        }
        std::fs::write(room.path().join("roster.toml"), roster).expect("roster");
        room
    }

    fn path(&self) -> &Path {
        self.temp.path()
    }

    fn meeting(&self) -> PathBuf {
        self.path().join("2025-绩效评价会")
    }

    fn key(&self, id: &str) -> PathBuf {
        self.path().join("keys").join(format!("{id}.key.pem"))
    }

    /// `meeting init` of the three packages and five experts.
    fn init(&self, dir: &Path) -> assert_cmd::assert::Assert {
        let mut command = bin();
        command
            .args(["meeting", "init"])
            .arg(dir)
            .args([
                "--id",
                "nj-2025-perf",
                "--title",
                "2025 年度创新型产业集群绩效评价会（示例）",
                "--date",
                "2025-03-18",
                "--place",
                "示例会议室",
                "--kind",
                "performance",
                "--rubric",
                "rubrics/nanjing-2023.toml",
                "--chair",
                "C01=王组长",
                "--roster",
            ])
            .arg(self.path().join("roster.toml"))
            .arg("--package");
        for id in PACKAGES {
            command.arg(self.path().join("packages-in").join(id));
        }
        command.arg("--expert");
        for id in EXPERTS {
            command.arg(format!("{id}={}", name(id)));
        }
        command.assert()
    }
}

fn name(id: &str) -> String {
    match id {
        "C01" => "王组长".to_string(),
        other => format!("专家{other}"),
    }
}

fn session_path(meeting: &Path, package: &str, expert: &str) -> PathBuf {
    meeting
        .join("sessions")
        .join(package)
        .join(format!("{expert}.sqlite"))
}

/// `session new` in the meeting's sessions folder, with the meeting's rubric and package.
fn new_session(meeting: &Path, package: &str, expert: &str, declaration: &[&str]) -> PathBuf {
    let path = session_path(meeting, package, expert);
    bin()
        .args(["session", "new", "--package"])
        .arg(meeting.join("packages").join(package))
        .arg("--rubric")
        .arg(meeting.join("rubric.toml"))
        .args(["--expert", expert, "--name", &name(expert), "--session"])
        .arg(&path)
        .args(declaration)
        .assert()
        .success();
    path
}

fn set(path: &Path, args: &[&str]) {
    bin()
        .args(["session", "set"])
        .arg(path)
        .args(args)
        .assert()
        .success();
}

/// The qualitative points of each cluster by expert (indicators 1, 2, 3, 20): clusters far
/// apart (no order flips within ±10% of a weight), experts close, except E05 on demo's
/// indicator 1 (2 where the others give 6 to 7: divergent).
fn points(package: &str, expert: &str) -> [&'static str; 4] {
    match (package, expert) {
        ("demo", "E01") => ["6", "7", "3.5", "3.5"],
        ("demo", "E02") => ["6.5", "7", "3.5", "3.5"],
        ("demo", "E03") => ["7", "7", "3.5", "3.5"],
        ("demo", "E04") => ["6", "7", "3.5", "3.5"],
        ("demo", _) => ["2", "7", "3.5", "3.5"],
        ("demo2", _) => ["5", "5", "2.5", "2.5"],
        _ => ["3", "3", "1.5", "1.5"],
    }
}

const QUALITATIVE: [u32; 4] = [1, 2, 3, 20];

/// Scores every qualitative indicator with an opinion, and the overall opinion.
fn fill(path: &Path, package: &str, expert: &str) {
    for (indicator, points) in QUALITATIVE.iter().zip(points(package, expert)) {
        set(
            path,
            &[
                "--indicator",
                &indicator.to_string(),
                "--points",
                points,
                "--comment",
                &format!("{expert} 对指标 {indicator} 的意见"),
            ],
        );
    }
    set(path, &["--overall", "同意推荐。"]);
}

fn sign(path: &Path, key: &Path) -> assert_cmd::assert::Assert {
    bin().arg("sign").arg(path).arg("--key").arg(key).assert()
}

fn status(meeting: &Path) -> Value {
    let output = bin()
        .args(["meeting", "status"])
        .arg(meeting)
        .arg("--json")
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("json")
}

fn cell<'a>(status: &'a Value, expert: &str, package: &str) -> &'a Value {
    status["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .find(|c| c["expert"] == expert && c["package_id"] == package)
        .unwrap_or_else(|| panic!("cell {expert} × {package}"))
}

fn codes(cell: &Value) -> Vec<String> {
    cell["blocking"]
        .as_array()
        .expect("blocking")
        .iter()
        .map(|b| b["code"].as_str().expect("code").to_string())
        .collect()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// Every file under a folder, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    fn walk(dir: &Path, prefix: &str, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{prefix}{name}");
            if entry.path().is_dir() {
                walk(&entry.path(), &format!("{rel}/"), found);
            } else {
                found.push(rel);
            }
        }
    }
    walk(dir, "", &mut found);
    found.sort();
    found
}

/// The chair's copy of the meeting folder: everything but the sessions.
fn chair_copy(meeting: &Path, to: &Path) {
    copy_dir(meeting, to);
    for package in PACKAGES {
        let folder = to.join("sessions").join(package);
        std::fs::remove_dir_all(&folder).expect("clear");
        std::fs::create_dir_all(&folder).expect("folder");
    }
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_whole_meeting_from_init_to_the_chairs_signature() {
    let room = Room::new();
    let meeting = room.meeting();
    let made = room.init(&meeting).success();
    assert!(stdout(&made).contains("nj-2025-perf"), "{}", stdout(&made));
    let toml = std::fs::read_to_string(meeting.join("meeting.toml")).expect("meeting.toml");
    for field in [
        "id = \"nj-2025-perf\"",
        "date = \"2025-03-18\"",
        "place = \"示例会议室\"",
        "kind = \"performance\"",
        "[chair]",
        "[[experts]]",
        "[[packages]]",
        "dir = \"packages/demo3\"",
    ] {
        assert!(toml.contains(field), "{field} in {toml}");
    }
    // the packages' digests as `package check` computes them for the originals
    for id in PACKAGES {
        let check = common::check_json(&room.path().join("packages-in").join(id));
        let digest = check["digest"].as_str().expect("digest");
        assert!(
            toml.contains(&format!("digest = \"{digest}\"")),
            "{id} {digest}"
        );
    }
    // the roster is kept with its keys written in: no key files needed beside it
    let roster = std::fs::read_to_string(meeting.join("roster.toml")).expect("roster");
    assert!(roster.contains("-----BEGIN PUBLIC KEY-----") && !roster.contains("keys/"));

    // stage 0: nothing yet
    let s = status(&meeting);
    assert_eq!(s["meeting"]["id"], "nj-2025-perf");
    assert_eq!(s["meeting"]["kind"], "performance");
    assert_eq!(s["meeting"]["date"], "2025-03-18");
    assert_eq!(s["experts"].as_array().map(Vec::len), Some(5));
    assert_eq!(s["packages"].as_array().map(Vec::len), Some(3));
    assert_eq!(s["cells"].as_array().map(Vec::len), Some(15));
    assert_eq!(s["complete"], false);
    let first = cell(&s, "E01", "demo");
    assert_eq!(first["state"], "none");
    assert_eq!(
        (first["scored"].clone(), first["of"].clone()),
        (0.into(), 20.into())
    );
    assert!(first["revision"].is_null());
    assert_eq!(codes(first), ["no_session"]);
    let expected = session_path(&meeting, "demo", "E01");
    assert!(
        first["blocking"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains(&expected.display().to_string())),
        "{first}"
    );

    // stage 1: a session without a declaration, one declared, one in progress, one ready
    let undeclared = new_session(&meeting, "demo", "E01", &[]);
    let s = status(&meeting);
    assert_eq!(cell(&s, "E01", "demo")["state"], "none");
    assert_eq!(cell(&s, "E01", "demo")["revision"], 1);
    assert!(codes(cell(&s, "E01", "demo")).contains(&"not_declared".to_string()));
    bin()
        .args(["session", "declare"])
        .arg(&undeclared)
        .arg("--no-conflict")
        .assert()
        .success();
    let s = status(&meeting);
    let declared = cell(&s, "E01", "demo");
    assert_eq!(declared["state"], "declared");
    let blocking = codes(declared);
    // each of the four qualitative indicators unscored, with no opinion, and no overall opinion
    assert_eq!(blocking.iter().filter(|c| *c == "unscored").count(), 4);
    assert_eq!(
        blocking.iter().filter(|c| *c == "missing_opinion").count(),
        4
    );
    assert!(blocking.contains(&"missing_overall".to_string()));
    set(
        &undeclared,
        &["--indicator", "1", "--points", "6", "--comment", "意见"],
    );
    set(&undeclared, &["--indicator", "2", "--points", "7"]);
    let s = status(&meeting);
    let progress = cell(&s, "E01", "demo");
    assert_eq!(progress["state"], "in_progress");
    // scored counts indicators done: the two scored (no measure checked yet)
    assert_eq!(progress["scored"], 2);
    assert_eq!(progress["of"], 20);
    fill(&undeclared, "demo", "E01");
    let s = status(&meeting);
    assert_eq!(cell(&s, "E01", "demo")["state"], "ready");
    assert_eq!(codes(cell(&s, "E01", "demo")), ["unsigned"]);

    // missing cells: merge --meeting lists them, naming their files, and writes nothing
    let refused = bin()
        .args(["merge", "--meeting"])
        .arg(&meeting)
        .assert()
        .code(1);
    let message = stderr(&refused);
    assert!(message.contains("尚缺 15 格"), "{message}");
    assert!(
        message.contains(&session_path(&meeting, "demo3", "E04").display().to_string()),
        "{message}"
    );
    assert!(!meeting.join("combined.sqlite").exists());

    // stage 2: every session; E05 recuses from demo3; the figures of talents in demo2 disputed
    for package in PACKAGES {
        for expert in EXPERTS {
            if (package, expert) == ("demo", "E01") {
                continue;
            }
            if (package, expert) == ("demo3", "E05") {
                new_session(
                    &meeting,
                    package,
                    expert,
                    &["--recuse", "亲属在集群内企业任职"],
                );
                continue;
            }
            let path = new_session(&meeting, package, expert, &["--declare-no-conflict"]);
            fill(&path, package, expert);
        }
    }
    let demo2_e01 = session_path(&meeting, "demo2", "E01");
    set(
        &demo2_e01,
        &[
            "--measure",
            "talents",
            "--status",
            "doubtful",
            "--corrected",
            "40",
            "--note",
            "名单中 8 人已离职",
        ],
    );
    set(
        &session_path(&meeting, "demo2", "E02"),
        &["--measure", "talents", "--status", "verified"],
    );
    let s = status(&meeting);
    assert_eq!(cell(&s, "E05", "demo3")["state"], "recused");
    assert!(codes(cell(&s, "E05", "demo3")).is_empty());
    assert_eq!(cell(&s, "E03", "demo2")["state"], "ready");
    assert_eq!(s["complete"], false);

    // signing in the meeting: the roster's key only, before anything is written
    let wrong = sign(&session_path(&meeting, "demo", "E02"), &room.key("E03")).code(1);
    assert!(stderr(&wrong).contains("roster"), "{}", stderr(&wrong));
    assert!(!meeting.join("sessions/demo/E02.r1.json").exists());
    for package in PACKAGES {
        for expert in EXPERTS {
            sign(&session_path(&meeting, package, expert), &room.key(expert)).success();
        }
    }
    let s = status(&meeting);
    for c in s["cells"].as_array().expect("cells") {
        assert!(c["state"] == "signed" || c["state"] == "recused", "{c}");
        assert!(codes(c).is_empty(), "{c}");
    }
    assert_eq!(cell(&s, "E02", "demo")["revision"], 1);
    assert_eq!(s["complete"], true);
    // the sheets name the meeting
    let sheet: Value = serde_json::from_slice(
        &std::fs::read(meeting.join("sessions/demo/E02.r1.json")).expect("sheet"),
    )
    .expect("json");
    assert_eq!(sheet["meeting"]["id"], "nj-2025-perf");
    assert_eq!(sheet["meeting"]["kind"], "performance");
    let printed = stdout(
        &bin()
            .args(["meeting", "status"])
            .arg(&meeting)
            .assert()
            .success(),
    );
    assert!(
        printed.contains("已签 r1") && printed.contains("回避") && printed.contains("完成：是"),
        "{printed}"
    );

    // export: every expert to a stick of their own, the receipt signed
    let usb = room.path().join("usb");
    for expert in EXPERTS {
        bin()
            .args(["meeting", "export"])
            .arg(&meeting)
            .args(["--expert", expert, "--to"])
            .arg(usb.join(expert))
            .arg("--key")
            .arg(room.key(expert))
            .assert()
            .success();
    }
    let receipt_bytes = std::fs::read(usb.join("E01/E01.receipt.json")).expect("receipt");
    let receipt: Value = serde_json::from_slice(&receipt_bytes).expect("json");
    assert_eq!(receipt["meeting"]["id"], "nj-2025-perf");
    let listed: Vec<String> = receipt["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().expect("path");
            let bytes = std::fs::read(usb.join("E01").join(path)).expect("exported");
            assert_eq!(f["sha256"], sha256(&bytes), "{path}");
            assert_eq!(f["bytes"], bytes.len());
            path.to_string()
        })
        .collect();
    for package in PACKAGES {
        assert!(listed.contains(&format!("sessions/{package}/E01.sqlite")));
        assert!(listed.contains(&format!("sessions/{package}/E01.r1.json")));
        assert!(listed.contains(&format!("sessions/{package}/E01.r1.json.sig")));
    }
    // the receipt's signature verifies with E01's public key (checked here, independently)
    let public = std::fs::read_to_string(room.path().join("keys/E01.pub.pem")).expect("pub");
    use ed25519_dalek::pkcs8::DecodePublicKey;
    let key = ed25519_dalek::VerifyingKey::from_public_key_pem(&public).expect("key");
    let signature = std::fs::read(usb.join("E01/E01.receipt.json.sig")).expect("sig");
    let signature = ed25519_dalek::Signature::from_slice(&signature).expect("64 bytes");
    key.verify_strict(&receipt_bytes, &signature)
        .expect("the receipt's signature");

    // collect: a tampered file refuses the whole collection, naming it; nothing is copied
    let chair = room.path().join("chair-laptop");
    chair_copy(&meeting, &chair);
    let tampered = usb.join("E01-tampered");
    copy_dir(&usb.join("E01"), &tampered);
    let victim = tampered.join("sessions/demo2/E01.sqlite");
    let mut bytes = std::fs::read(&victim).expect("session");
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    std::fs::write(&victim, bytes).expect("tamper");
    let refused = bin()
        .args(["meeting", "collect"])
        .arg(&chair)
        .arg(&tampered)
        .arg(usb.join("E02"))
        .assert()
        .code(1);
    let message = stderr(&refused);
    assert!(message.contains(&victim.display().to_string()), "{message}");
    assert!(message.contains("SHA-256"), "{message}");
    // the session files and sheets (not the lock files that sit beside sessions once opened)
    let sessions = |dir: &Path| -> Vec<String> {
        files(&dir.join("sessions"))
            .into_iter()
            .filter(|f| !f.ends_with(".lock"))
            .collect()
    };
    assert!(sessions(&chair).is_empty(), "{:?}", sessions(&chair));

    let mut command = bin();
    command.args(["meeting", "collect"]).arg(&chair);
    for expert in EXPERTS {
        command.arg(usb.join(expert));
    }
    let collected = command.assert().success();
    assert!(
        stdout(&collected).contains("新增"),
        "{}",
        stdout(&collected)
    );
    assert_eq!(sessions(&chair), sessions(&meeting));
    assert_eq!(status(&chair)["complete"], true);
    // collecting the same again changes nothing
    let again = bin()
        .args(["meeting", "collect"])
        .arg(&chair)
        .arg(usb.join("E02"))
        .assert()
        .success();
    assert!(!stdout(&again).contains("新增") && stdout(&again).contains("相同"));

    // a later revision is taken over the earlier one
    let e03 = session_path(&meeting, "demo", "E03");
    bin()
        .args(["session", "revise"])
        .arg(&e03)
        .args(["--reason", "复核后调整指标 2"])
        .assert()
        .success();
    set(&e03, &["--indicator", "2", "--points", "6.5"]);
    sign(&e03, &room.key("E03")).success();
    bin()
        .args(["meeting", "export"])
        .arg(&meeting)
        .args(["--expert", "E03", "--to"])
        .arg(usb.join("E03-r2"))
        .assert()
        .success();
    let taken = bin()
        .args(["meeting", "collect"])
        .arg(&chair)
        .arg(usb.join("E03-r2"))
        .assert()
        .success();
    assert!(
        stdout(&taken).contains("sessions/demo/E03.sqlite  更新（第 1 版已签署 → 第 2 版已签署）"),
        "{}",
        stdout(&taken)
    );
    assert_eq!(cell(&status(&chair), "E03", "demo")["revision"], 2);
    // the earlier export offered again: the later copy stays
    let kept = bin()
        .args(["meeting", "collect"])
        .arg(&chair)
        .arg(usb.join("E03"))
        .assert()
        .success();
    assert!(stdout(&kept).contains("保留"), "{}", stdout(&kept));
    assert_eq!(cell(&status(&chair), "E03", "demo")["revision"], 2);

    // another session of E04 for demo, made on another laptop: refused, both paths named
    let laptop = room.path().join("laptop-2");
    chair_copy(&meeting, &laptop);
    let other = new_session(&laptop, "demo", "E04", &["--declare-no-conflict"]);
    fill(&other, "demo", "E04");
    bin()
        .args(["meeting", "export"])
        .arg(&laptop)
        .args(["--expert", "E04", "--to"])
        .arg(usb.join("E04-other"))
        .assert()
        .success();
    let before = std::fs::read(session_path(&chair, "demo", "E04")).expect("session");
    let conflict = bin()
        .args(["meeting", "collect"])
        .arg(&chair)
        .arg(usb.join("E04-other"))
        .assert()
        .code(1);
    let message = stderr(&conflict);
    assert!(
        message.contains(
            &usb.join("E04-other/sessions/demo/E04.sqlite")
                .display()
                .to_string()
        ) && message.contains(&session_path(&chair, "demo", "E04").display().to_string())
            && message.contains("两个不同会话"),
        "{message}"
    );
    assert_eq!(
        std::fs::read(session_path(&chair, "demo", "E04")).expect("session"),
        before
    );

    // merge --meeting refuses a session that is not the meeting's, naming it
    let stray = session_path(&chair, "demo", "E99");
    std::fs::copy(session_path(&chair, "demo", "E01"), &stray).expect("stray");
    let refused = bin()
        .args(["merge", "--meeting"])
        .arg(&chair)
        .assert()
        .code(1);
    assert!(
        stderr(&refused).contains(&stray.display().to_string()),
        "{}",
        stderr(&refused)
    );
    std::fs::remove_file(&stray).expect("remove");
    let swapped = room.path().join("swapped");
    copy_dir(&chair, &swapped);
    std::fs::copy(
        session_path(&chair, "demo2", "E02"),
        session_path(&swapped, "demo", "E02"),
    )
    .expect("swap");
    let refused = bin()
        .args(["merge", "--meeting"])
        .arg(&swapped)
        .assert()
        .code(1);
    let message = stderr(&refused);
    assert!(
        message.contains(&session_path(&swapped, "demo", "E02").display().to_string())
            && message.contains("demo2"),
        "{message}"
    );
    assert!(!swapped.join("combined.sqlite").exists());

    // merge --meeting: exactly the meeting's sessions, with its roster
    let merged = bin()
        .args(["merge", "--meeting"])
        .arg(&chair)
        .args(["--format", "json"])
        .assert()
        .success();
    let combined: Value = serde_json::from_slice(&merged.get_output().stdout).expect("json");
    let cluster = |id: &str| {
        combined["clusters"]
            .as_array()
            .expect("clusters")
            .iter()
            .find(|c| c["package_id"] == id)
            .unwrap_or_else(|| panic!("cluster {id}"))
            .clone()
    };
    let experts = |id: &str| cluster(id)["experts"].as_array().map(Vec::len);
    assert_eq!(
        (experts("demo"), experts("demo2"), experts("demo3")),
        (Some(5), Some(5), Some(4))
    );
    for e in cluster("demo")["experts"].as_array().expect("experts") {
        assert_eq!(e["verified"], true, "{e}");
    }
    let excluded = combined["excluded"].as_array().expect("excluded");
    assert_eq!(excluded.len(), 1);
    assert_eq!(
        (excluded[0]["expert"].clone(), excluded[0]["reason"].clone()),
        ("E05".into(), "recused".into())
    );
    // the panel value of demo's indicator 1, trimmed: drop 7 and 2, mean of 6, 6.5, 6
    let indicator_1 = &cluster("demo")["indicators"][0];
    let trimmed: Q = (int(6) + q("6.5") + int(6)) / int(3);
    assert_eq!(indicator_1["panel"], half_up(&trimmed, 2));
    assert!(chair.join("combined.sqlite").is_file());
    let again = bin()
        .args(["merge", "--meeting"])
        .arg(&chair)
        .assert()
        .code(1);
    assert!(
        stderr(&again).contains("combined.sqlite"),
        "{}",
        stderr(&again)
    );

    // the chair cannot sign past the agenda: both open items named, by points at stake
    let refused = sign(&chair.join("combined.sqlite"), &room.key("C01")).code(1);
    let message = stderr(&refused);
    // divergent: demo's indicator 1, spread 7 − 2 = 5; the dispute on talents: 5 × 48/150
    // against 5 × 40/150, 4/15 of a point
    let stake: Q = int(5) * int(48) / int(150) - int(5) * int(40) / int(150);
    let divergent = message
        .find("极差 5.00 分")
        .unwrap_or_else(|| panic!("the divergent item in {message}"));
    let disputed = message
        .find(&format!("涉及 {} 分", half_up(&stake, 2)))
        .unwrap_or_else(|| panic!("the disputed figure in {message}"));
    assert!(
        divergent < disputed,
        "ordered by points at stake: {message}"
    );
    assert!(message.contains("2 项待处理"), "{message}");
    assert!(!chair.join("combined.r1.json").exists());

    // the chair's screen: the agenda, Enter to each item, a note, a correction, then signing
    let config = room.path().join("config");
    let mut pty = Pty::spawn(
        &[
            OsStr::new("chair"),
            OsStr::new("--meeting"),
            chair.as_os_str(),
        ],
        &common::root(),
        &config,
        (110, 32),
        &[],
    );
    pty.wait_text(&["2025 年度创新型产业集群绩效评价会（示例）", "a 议程"]);
    // signing is refused up front while items are open, naming them
    pty.send("S");
    pty.wait_text(&["议程：尚有 2 项待议", "拒绝签署", "✗ （4）评分畸高、畸低"]);
    pty.send(keys::ENTER);
    pty.wait_text(&["拒绝签署，尚有 2 项待处理"]);
    assert!(!pty.screen().contents().contains("签署 · 私钥"));
    pty.send(keys::ESC);
    pty.send("a");
    pty.wait_text(&["议程 · 2 项待议"]);
    pty.send(keys::ENTER);
    pty.wait_text(&["1 近三年所在区政府"]);
    pty.send("c");
    pty.wait_text(&["合议意见 · 1 政策文件"]);
    pty.send("E05 的低分理由已在会上说明，组内合议维持各专家评分。");
    pty.send(keys::ESC);
    pty.wait_text(&["已保存"]);
    pty.send("a");
    pty.wait_text(&["议程 · 1 项待议"]);
    pty.send(keys::ENTER);
    pty.wait_text(&["国家、省和市级人才计划人才数 · 申报 48 人"]);
    pty.send("x");
    pty.wait_text(&["合议更正值"]);
    pty.send("40");
    pty.send(keys::ENTER);
    pty.wait_text(&["更正理由"]);
    pty.send("按人才办在职名单核定");
    pty.send(keys::ENTER);
    pty.wait_text(&["更正 40 (按人才办在职名单核定)"]);
    pty.send("S");
    pty.wait_text(&["核查通过", "分值汇总计算错误", "评分畸高、畸低"]);
    pty.send(keys::ENTER);
    pty.wait_text(&["签署 · 私钥"]);
    pty.send(&room.key("C01").display().to_string());
    pty.send(keys::ENTER);
    pty.wait_text(&["已签署"]);
    pty.send(keys::ESC);
    pty.send("q");
    let _ = pty.wait_exit();

    // the combined sheet: signed by the roster's chair, naming the meeting, the resolutions in it
    let sheet_path = chair.join("combined.r1.json");
    bin()
        .arg("verify")
        .arg(&sheet_path)
        .arg("--roster")
        .arg(chair.join("roster.toml"))
        .assert()
        .success();
    let sheet: Value =
        serde_json::from_slice(&std::fs::read(&sheet_path).expect("sheet")).expect("json");
    assert_eq!(sheet["meeting"]["id"], "nj-2025-perf");
    assert_eq!(sheet["signer"]["id"], "C01");
    let inputs = sheet["inputs"].as_array().expect("inputs");
    assert_eq!(inputs.len(), 15);
    let demo2 = sheet["evaluation"]["clusters"]
        .as_array()
        .expect("clusters")
        .iter()
        .find(|c| c["package_id"] == "demo2")
        .expect("demo2");
    let talents = &demo2["indicators"][3]["measures"][0];
    assert_eq!(talents["id"], "talents");
    assert_eq!(talents["correction"]["value"], "40");
    // read-only now: a second signing is refused
    let twice = sign(&chair.join("combined.sqlite"), &room.key("C01")).code(1);
    assert!(stderr(&twice).contains("signed"), "{}", stderr(&twice));
}

#[test]
fn init_refuses_a_bad_package_and_writes_nothing() {
    let room = Room::new();
    let meeting = room.meeting();
    let broken = fixture("packages/broken/bad-number");
    let refused = bin()
        .args(["meeting", "init"])
        .arg(&meeting)
        .args([
            "--title",
            "T",
            "--date",
            "2025-03-18",
            "--chair",
            "C01=王组长",
            "--package",
        ])
        .arg(room.path().join("packages-in/demo"))
        .arg(&broken)
        .args(["--expert", "E01=张三"])
        .assert()
        .code(1);
    let message = stderr(&refused);
    assert!(message.contains("bad-number"), "{message}");
    assert!(!meeting.exists());
    // nothing else either: no staging folder left beside it
    let left: Vec<String> = files(room.path())
        .into_iter()
        .filter(|f| f.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // the same package twice, a bad date, a kind that is not one, an expert missing on the roster
    let demo = room.path().join("packages-in/demo");
    let refused = bin()
        .args(["meeting", "init"])
        .arg(&meeting)
        .args([
            "--title",
            "T",
            "--date",
            "2025-02-30",
            "--chair",
            "C01=王组长",
            "--package",
        ])
        .arg(&demo)
        .arg(&demo)
        .args(["--expert", "E01=张三", "E09=赵九", "--roster"])
        .arg(room.path().join("roster.toml"))
        .assert()
        .code(1);
    let message = stderr(&refused);
    for expected in ["2025-02-30", "唯一标识", "E09"] {
        assert!(message.contains(expected), "{expected} in {message}");
    }
    assert!(!meeting.exists());
    let refused = bin()
        .args(["meeting", "init"])
        .arg(&meeting)
        .args([
            "--title",
            "T",
            "--date",
            "2025-03-18",
            "--kind",
            "annual",
            "--chair",
            "C01=王",
            "--package",
        ])
        .arg(&demo)
        .args(["--expert", "E01=张三"])
        .assert()
        .code(1);
    assert!(stderr(&refused).contains("annual"));
    // a folder with something in it
    std::fs::create_dir_all(&meeting).expect("folder");
    std::fs::write(meeting.join("notes.txt"), "x").expect("write");
    let refused = room.init(&meeting).code(1);
    assert!(stderr(&refused).contains("不为空"), "{}", stderr(&refused));
    assert_eq!(files(&meeting), ["notes.txt"]);
}

#[test]
fn a_changed_package_or_rubric_in_the_meeting_folder_is_refused() {
    let room = Room::new();
    let meeting = room.meeting();
    room.init(&meeting).success();
    let measures = meeting.join("packages/demo2/measures.csv");
    let text = std::fs::read_to_string(&measures).expect("measures");
    std::fs::write(&measures, text.replace("talents,48,", "talents,148,")).expect("write");
    let refused = bin()
        .args(["meeting", "status"])
        .arg(&meeting)
        .assert()
        .code(1);
    let message = stderr(&refused);
    assert!(
        message.contains("packages/demo2") && message.contains("改动"),
        "{message}"
    );
    std::fs::write(&measures, text).expect("restore");
    bin()
        .args(["meeting", "status"])
        .arg(&meeting)
        .assert()
        .success();
    let rubric = meeting.join("rubric.toml");
    let text = std::fs::read_to_string(&rubric).expect("rubric");
    std::fs::write(&rubric, format!("{text}\n# changed\n")).expect("write");
    let refused = bin()
        .args(["meeting", "status", "--lang", "en"])
        .arg(&meeting)
        .assert()
        .code(1);
    assert!(
        stderr(&refused).contains("the meeting's rubric was changed"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn export_refuses_a_key_not_on_the_roster_and_a_session_open_for_writing() {
    let room = Room::new();
    let meeting = room.meeting();
    room.init(&meeting).success();
    let path = new_session(&meeting, "demo", "E01", &["--declare-no-conflict"]);
    let out = room.path().join("usb");
    let refused = bin()
        .args(["meeting", "export"])
        .arg(&meeting)
        .args(["--expert", "E01", "--to"])
        .arg(&out)
        .arg("--key")
        .arg(room.key("E02"))
        .assert()
        .code(1);
    assert!(stderr(&refused).contains("名册"), "{}", stderr(&refused));
    assert!(!out.exists());
    // the review screen holds the session: the export waits for it to close
    let open = cluster_review::store::SessionDb::open(&path).expect("open");
    let refused = bin()
        .args(["meeting", "export"])
        .arg(&meeting)
        .args(["--expert", "E01", "--to"])
        .arg(&out)
        .assert()
        .code(1);
    assert!(
        stderr(&refused).contains(&path.display().to_string()),
        "{}",
        stderr(&refused)
    );
    assert!(!out.exists());
    drop(open);
    let done = bin()
        .args(["meeting", "export"])
        .arg(&meeting)
        .args(["--expert", "E01", "--to"])
        .arg(&out)
        .assert()
        .success();
    assert!(stdout(&done).contains("未签名"), "{}", stdout(&done));
    assert_eq!(
        files(&out),
        ["E01.receipt.json", "sessions/demo/E01.sqlite"]
    );
    // an expert who is not on the meeting's list
    let refused = bin()
        .args(["meeting", "export"])
        .arg(&meeting)
        .args(["--expert", "E09", "--to"])
        .arg(room.path().join("usb-9"))
        .assert()
        .code(1);
    assert!(
        stderr(&refused).contains("E01、E02"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn collect_refuses_an_export_of_another_meeting_and_unlisted_files() {
    let room = Room::new();
    let meeting = room.meeting();
    room.init(&meeting).success();
    let other = room.path().join("other-meeting");
    let mut command = bin();
    command
        .args(["meeting", "init"])
        .arg(&other)
        .args([
            "--title",
            "另一次评审会",
            "--date",
            "2025-04-01",
            "--chair",
            "C01=王组长",
            "--package",
        ])
        .arg(room.path().join("packages-in/demo"))
        .args(["--expert", "E01=专家E01"]);
    command.assert().success();
    new_session(&other, "demo", "E01", &["--declare-no-conflict"]);
    let out = room.path().join("usb-other");
    bin()
        .args(["meeting", "export"])
        .arg(&other)
        .args(["--expert", "E01", "--to"])
        .arg(&out)
        .assert()
        .success();
    let refused = bin()
        .args(["meeting", "collect"])
        .arg(&meeting)
        .arg(&out)
        .assert()
        .code(1);
    let message = stderr(&refused);
    assert!(
        message.contains("other-meeting") && message.contains("不是本次评审会"),
        "{message}"
    );
    // a file slipped into an export that its receipt does not list
    let own = room.path().join("usb-own");
    new_session(&meeting, "demo", "E02", &["--declare-no-conflict"]);
    bin()
        .args(["meeting", "export"])
        .arg(&meeting)
        .args(["--expert", "E02", "--to"])
        .arg(&own)
        .assert()
        .success();
    let chair = room.path().join("chair");
    chair_copy(&meeting, &chair);
    std::fs::copy(
        session_path(&meeting, "demo", "E02"),
        own.join("sessions/demo/E03.sqlite"),
    )
    .expect("slip");
    let refused = bin()
        .args(["meeting", "collect"])
        .arg(&chair)
        .arg(&own)
        .assert()
        .code(1);
    assert!(
        stderr(&refused).contains(&own.join("sessions/demo/E03.sqlite").display().to_string()),
        "{}",
        stderr(&refused)
    );
    assert!(files(&chair.join("sessions")).is_empty());
}

#[test]
fn a_session_signed_outside_the_meeting_is_not_counted_and_signing_needs_the_roster() {
    let room = Room::new();
    // a meeting without a roster yet: scoring works, signing in it is refused, nothing written
    let meeting = room.meeting();
    let mut command = bin();
    command
        .args(["meeting", "init"])
        .arg(&meeting)
        .args([
            "--title",
            "示例评审会",
            "--date",
            "2025-03-18",
            "--chair",
            "C01=王组长",
            "--package",
        ])
        .arg(room.path().join("packages-in/demo"))
        .args(["--expert", "E01=专家E01"]);
    command.assert().success();
    let path = new_session(&meeting, "demo", "E01", &["--declare-no-conflict"]);
    fill(&path, "demo", "E01");
    let refused = sign(&path, &room.key("E01")).code(1);
    let message = stderr(&refused);
    assert!(
        message.contains(&meeting.join("roster.toml").display().to_string())
            && message.contains("名册"),
        "{message}"
    );
    assert!(!meeting.join("sessions/demo/E01.r1.json").exists());
    assert_eq!(cell(&status(&meeting), "E01", "demo")["state"], "ready");

    // the same session made and signed outside the meeting, then put in its place
    let outside = room.path().join("outside/E01.sqlite");
    bin()
        .args(["session", "new", "--package"])
        .arg(meeting.join("packages/demo"))
        .arg("--rubric")
        .arg(meeting.join("rubric.toml"))
        .args([
            "--expert",
            "E01",
            "--name",
            "专家E01",
            "--declare-no-conflict",
            "--session",
        ])
        .arg(&outside)
        .assert()
        .success();
    fill(&outside, "demo", "E01");
    sign(&outside, &room.key("E01")).success();
    std::fs::copy(room.path().join("roster.toml"), meeting.join("roster.toml")).expect("roster");
    let roster = std::fs::read_to_string(meeting.join("roster.toml"))
        .expect("roster")
        .replace("keys/", &format!("{}/", room.path().join("keys").display()));
    std::fs::write(meeting.join("roster.toml"), roster).expect("roster");
    std::fs::remove_file(&path).expect("remove");
    std::fs::copy(&outside, &path).expect("copy");
    let s = status(&meeting);
    let c = cell(&s, "E01", "demo");
    assert_eq!(c["state"], "signed");
    assert_eq!(codes(c), ["sheet_outside_meeting"]);
    assert_eq!(s["complete"], false);
    let refused = bin()
        .args(["merge", "--meeting"])
        .arg(&meeting)
        .assert()
        .code(1);
    let message = stderr(&refused);
    assert!(
        message.contains(&path.display().to_string()) && message.contains("不是在本次评审会中签署"),
        "{message}"
    );
    assert!(!meeting.join("combined.sqlite").exists());
    // a new revision signed in the meeting names it: counted
    bin()
        .args(["session", "revise"])
        .arg(&path)
        .args(["--reason", "在评审会中重新签署"])
        .assert()
        .success();
    sign(&path, &room.key("E01")).success();
    assert_eq!(status(&meeting)["complete"], true);
    // the session recorded the meeting it was signed in (audited), and its sheet names it
    let conn = rusqlite::Connection::open(&path).expect("open");
    let recorded: (String, String) = conn
        .query_row("SELECT meeting_id, title FROM meeting", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("the meeting is recorded");
    let ours: Value = serde_json::from_slice(
        &std::fs::read(meeting.join("sessions/demo/E01.r2.json")).expect("sheet"),
    )
    .expect("json");
    assert_eq!(ours["meeting"]["id"], recorded.0.as_str());
    assert_eq!(ours["meeting"]["title"], "示例评审会");
    let audited: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE what = 'meeting' AND new = ?1",
            [&recorded.0],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 1);
    drop(conn);
    bin()
        .args(["merge", "--meeting"])
        .arg(&meeting)
        .assert()
        .success();
    // the meeting a sheet names is the one the session keeps: renamed behind the program's
    // back, the signed sheet no longer stands
    let moved = room.path().join("moved.sqlite");
    std::fs::copy(&path, &moved).expect("copy");
    common::tamper_covering_tracks(
        &moved,
        "meeting_no_update",
        "UPDATE meeting SET title = '另一次评审会'",
    );
    let refused = bin().args(["merge"]).arg(&moved).assert().code(1);
    assert!(
        stderr(&refused).contains("/meeting"),
        "{}",
        stderr(&refused)
    );
}
