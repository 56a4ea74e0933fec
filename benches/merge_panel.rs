//! Merging a large panel: 30 clusters × 15 experts = 450 session files read from disk,
//! checked and counted, with the panel statistics (Krippendorff's alpha, ICC and W on the
//! complete block, leniency, 1,000 sensitivity perturbations, 2,000 rank-acceptability draws
//! with leave-one-expert-out). Goal ≤ 1 s. Baseline in the same run: reading the 450 files
//! alone. Run: `cargo bench --bench merge_panel`.

use cluster_review::package::{check_package, demo_files, parse_package};
use cluster_review::panel::{ChairInput, MergeOptions, SessionInput, Signature, merge};
use cluster_review::rubric;
use cluster_review::session::{DeclarationKind, Edit, Expert};
use cluster_review::store::{NewSession, SessionDb, read_session_file};
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::hint::black_box;
use std::path::PathBuf;

const CLUSTERS: usize = 30;
const EXPERTS: usize = 15;

/// Writes the 450 session files; returns their paths.
fn panel(dir: &std::path::Path) -> Vec<PathBuf> {
    let rubric = rubric::embedded().expect("rubric");
    let mut paths = Vec::new();
    for c in 0..CLUSTERS {
        let mut files = demo_files();
        let manifest = String::from_utf8_lossy(files.get("package.toml").unwrap_or_default())
            .replace("id = \"demo\"", &format!("id = \"c{c:02}\""))
            .replace(
                "生物医药创新型产业集群",
                &format!("生物医药{c:02}创新型产业集群"),
            );
        files.0.insert("package.toml".into(), manifest.into_bytes());
        let package = parse_package(&format!("c{c:02}"), &files, &rubric).expect("package");
        let check = check_package(&rubric, &package, None);
        for e in 0..EXPERTS {
            let path = dir.join(format!("c{c:02}-e{e:02}.sqlite"));
            let new = NewSession {
                rubric: &rubric,
                rubric_text: rubric::EMBEDDED_TEXT,
                package: &package,
                check: &check,
                files: &files,
                meeting: None,
                expert: Expert {
                    id: format!("E{e:02}"),
                    name: format!("专家{e}"),
                },
                declaration: Some((DeclarationKind::NoConflict, String::new())),
            };
            let mut db = SessionDb::create(&path, new).expect("session");
            let points = |base: i64| {
                Decimal::new(((base + (c * 7 + e * 3) as i64) % 9) * 5 + 40, 1)
                    .min(Decimal::from(8))
            };
            let edits = vec![
                Edit::Points {
                    indicator: 1,
                    points: points(1),
                },
                Edit::Points {
                    indicator: 2,
                    points: points(2),
                },
                Edit::Points {
                    indicator: 3,
                    points: points(3).min(Decimal::from(4)),
                },
                Edit::Points {
                    indicator: 20,
                    points: points(4).min(Decimal::from(4)),
                },
                Edit::Comment {
                    indicator: 1,
                    text: "政策体系较完善".into(),
                },
            ];
            db.apply_all(&edits).expect("scores");
            paths.push(path);
        }
    }
    paths
}

fn merge_450(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp");
    let paths = panel(dir.path());
    let mut group = c.benchmark_group("merge");
    group.sample_size(10);
    group.bench_function("baseline: read the 450 session files only", |b| {
        b.iter(|| {
            let read: usize = paths
                .iter()
                .map(|path| {
                    read_session_file(path)
                        .map(|s| s.rubric_text.len())
                        .expect("read")
                })
                .sum();
            black_box(read);
        })
    });
    group.bench_function("450 session files (30 clusters x 15 experts)", |b| {
        b.iter(|| {
            let inputs: Vec<SessionInput> = paths
                .iter()
                .map(|path| {
                    let stored = read_session_file(path).expect("read");
                    let (rubric, rubric_text, state) =
                        (stored.rubric, stored.rubric_text, stored.state);
                    SessionInput {
                        file: path.display().to_string(),
                        rubric,
                        rubric_text,
                        state,
                        signature: Signature::NotVerified,
                    }
                })
                .collect();
            let combined = merge(
                &inputs,
                MergeOptions {
                    method: None,
                    allow_unsigned: true,
                },
                &ChairInput::default(),
            )
            .expect("merge");
            black_box(combined.clusters.len());
        })
    });
    group.finish();
}

criterion_group!(benches, merge_450);
criterion_main!(benches);
