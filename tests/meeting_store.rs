//! A session belongs to one review meeting at most: the meeting it was made in, or the one it
//! is first signed in. Through the library's store on a real file.

use cluster_review::package::{check_package, load_package, read_package_dir};
use cluster_review::rubric;
use cluster_review::session::{DeclarationKind, Edit, Expert, MeetingRef};
use cluster_review::store::{NewSession, SessionDb};
use std::path::Path;

fn meeting(id: &str) -> MeetingRef {
    MeetingRef {
        id: id.into(),
        title: format!("{id} 评审会（示例）"),
        date: "2025-03-18".into(),
        kind: "performance".into(),
    }
}

/// A session ready to sign, made in `made_in` (or outside any meeting).
fn ready(path: &Path, made_in: Option<MeetingRef>) -> SessionDb {
    let rubric = rubric::embedded().expect("rubric");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packages/demo");
    let package = load_package(&demo, &rubric).expect("demo");
    let files = read_package_dir(&demo).expect("files");
    let check = check_package(&rubric, &package, None);
    let mut db = SessionDb::create(
        path,
        NewSession {
            rubric: &rubric,
            rubric_text: rubric::EMBEDDED_TEXT,
            package: &package,
            check: &check,
            files: &files,
            meeting: made_in,
            expert: Expert {
                id: "E01".into(),
                name: "专家E01".into(),
            },
            declaration: Some((DeclarationKind::NoConflict, String::new())),
        },
    )
    .expect("session");
    for (indicator, points) in [(1, "6"), (2, "6"), (3, "3"), (20, "3")] {
        db.apply(&Edit::Points {
            indicator,
            points: points.parse().expect("points"),
        })
        .expect("points");
        db.apply(&Edit::Comment {
            indicator,
            text: "意见".into(),
        })
        .expect("comment");
    }
    db.apply(&Edit::Overall {
        text: "同意。".into(),
    })
    .expect("overall");
    db
}

#[test]
fn a_session_joins_one_meeting_and_is_refused_by_another() {
    let temp = tempfile::tempdir().expect("temp");
    // made outside: the first meeting it is signed in is recorded, once
    let path = temp.path().join("outside.sqlite");
    let mut db = ready(&path, None);
    assert_eq!(db.state().meeting, None);
    db.join_meeting(&meeting("m1")).expect("joins");
    db.join_meeting(&meeting("m1"))
        .expect("the same meeting again changes nothing");
    drop(db);
    let reopened = SessionDb::open(&path).expect("open");
    assert_eq!(reopened.state().meeting, Some(meeting("m1")));
    let conn = rusqlite::Connection::open(&path).expect("open");
    let audited: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE what = 'meeting' AND new = 'm1'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 1, "recorded once, audited once");
    drop(conn);
    let mut reopened = reopened;
    let refused = reopened
        .join_meeting(&meeting("m2"))
        .expect_err("another meeting");
    let message = refused.to_string();
    assert!(
        message.contains("m1") && message.contains("m2") && message.contains("nothing was signed"),
        "{message}"
    );
    drop(reopened);
    assert_eq!(
        SessionDb::open(&path).expect("open").state().meeting,
        Some(meeting("m1")),
        "nothing changed"
    );

    // made in a meeting: another is refused too
    let made_in = temp.path().join("made-in.sqlite");
    let mut db = ready(&made_in, Some(meeting("m1")));
    assert!(db.join_meeting(&meeting("m2")).is_err());
    assert_eq!(db.state().meeting, Some(meeting("m1")));
}
