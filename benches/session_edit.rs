//! One durable session edit (check, transaction with the change and its audit entry, fsync'd
//! commit) against a bare rusqlite single-row insert with the same pragmas on the same disk.
//! Goal: the edit costs at most 1.5× the bare insert. Run: `cargo bench --bench session_edit`.

use cluster_review::package::{check_package, load_package};
use cluster_review::rubric;
use cluster_review::session::{DeclarationKind, Edit, Expert};
use cluster_review::store::{NewSession, SessionDb};
use criterion::{Criterion, criterion_group, criterion_main};
use rusqlite::Connection;
use std::hint::black_box;
use std::path::Path;

fn durable_edit(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let rubric = rubric::embedded().expect("rubric");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packages/demo");
    let package = load_package(&demo, &rubric).expect("demo");
    let files = cluster_review::package::read_package_dir(&demo).expect("files");
    let check = check_package(&rubric, &package, None);
    let new = NewSession {
        rubric: &rubric,
        rubric_text: rubric::EMBEDDED_TEXT,
        package: &package,
        check: &check,
        files: &files,
        meeting: None,
        expert: Expert {
            id: "B01".into(),
            name: "基准".into(),
        },
        declaration: Some((DeclarationKind::NoConflict, String::new())),
    };
    let mut db = SessionDb::create(&dir.path().join("B01.sqlite"), new).expect("session");
    let mut n = 0u64;
    c.bench_function("session edit (durable, audited)", |b| {
        b.iter(|| {
            n += 1;
            let edit = Edit::Comment {
                indicator: 1,
                text: format!("意见第 {n} 稿"),
            };
            black_box(db.apply(&edit).expect("saved"));
        })
    });

    let conn = Connection::open(dir.path().join("bare.sqlite")).expect("bare");
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA synchronous = EXTRA; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);").expect("schema");
    let mut m = 0u64;
    c.bench_function("bare rusqlite insert (same pragmas)", |b| {
        b.iter(|| {
            m += 1;
            black_box(
                conn.execute("INSERT INTO t (v) VALUES (?1)", [format!("意见第 {m} 稿")])
                    .expect("insert"),
            );
        })
    });
}

criterion_group!(benches, durable_edit);
criterion_main!(benches);
