//! Merging a large panel as users run it: the real `cluster-review merge FILE… --roster R
//! --format json --out C.sqlite` process on signed session files (every signature verified
//! against the roster, every signed sheet compared with its session, the package figures derived
//! from the files each session keeps, all statistics, the JSON rendered, the combined file
//! written), paired in the same run with a bare baseline: one `sqlite3` process reading every
//! table of the same files (or, where the sqlite3 shell is missing, one rusqlite pass over them,
//! which the output names). Two sizes: 30 clusters × 15 experts = 450 files and 300 × 15 = 4,500.
//! Goals (issue 16): 450 files ≤ 2 × the baseline; 4,500 files ≤ 1.5 s; memory that does not grow
//! with the number of files sharing a rubric. The ratio and peak memory are printed after the
//! criterion figures. Run: `cargo bench --bench merge_panel`. With `MERGE_PANEL_KEEP=DIR` the
//! bench only writes the two panels into `DIR/450` and `DIR/4500` (session files, `roster.toml`
//! and `files.txt`, the files in order) and stops, for profiling the command by hand.

use cluster_review::package::{check_package, demo_files, parse_package};
use cluster_review::rubric;
use cluster_review::session::{DeclarationKind, Edit, Expert};
use cluster_review::signing::{generate, private_key_pem, public_key_pem};
use cluster_review::store::{NewSession, SessionDb};
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const EXPERTS: usize = 15;

/// Writes `clusters × EXPERTS` signed session files and the roster; returns the sessions.
fn panel(dir: &Path, clusters: usize) -> Vec<PathBuf> {
    let rubric = rubric::embedded().expect("rubric");
    let keys: Vec<_> = (0..EXPERTS).map(|_| generate().expect("key")).collect();
    let mut roster = String::new();
    for (e, key) in keys.iter().enumerate() {
        roster.push_str(&format!(
            "[[signer]]\nid = \"E{e:02}\"\nname = \"专家{e}\"\npublic_key = \"\"\"\n{}\"\"\"\n\n",
            public_key_pem(&key.verifying_key()).expect("pem")
        ));
        // the key files are not needed: signing goes through the library's use case
        let _ = private_key_pem(key);
    }
    std::fs::write(dir.join("roster.toml"), roster).expect("roster");
    let mut paths = Vec::new();
    for c in 0..clusters {
        let mut files = demo_files();
        let manifest = String::from_utf8_lossy(files.get("package.toml").unwrap_or_default())
            .replace("id = \"demo\"", &format!("id = \"c{c:03}\""))
            .replace(
                "生物医药创新型产业集群",
                &format!("生物医药{c:03}创新型产业集群"),
            );
        files.0.insert("package.toml".into(), manifest.into_bytes());
        let package = parse_package(&format!("c{c:03}"), &files, &rubric).expect("package");
        let check = check_package(&rubric, &package, None);
        for (e, key) in keys.iter().enumerate() {
            let path = dir.join(format!("c{c:03}-e{e:02}.sqlite"));
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
            let points = |base: usize, weight: i64| {
                Decimal::new((((base + c * 7 + e * 3) % 9) * 5 + 30) as i64, 1)
                    .min(Decimal::from(weight))
            };
            let mut edits = vec![
                Edit::Points {
                    indicator: 1,
                    points: points(1, 8),
                },
                Edit::Points {
                    indicator: 2,
                    points: points(2, 8),
                },
                Edit::Points {
                    indicator: 3,
                    points: points(3, 4),
                },
                Edit::Points {
                    indicator: 20,
                    points: points(4, 4),
                },
                Edit::Overall {
                    text: "集群发展态势良好，建议通过。".into(),
                },
            ];
            for indicator in [1, 2, 3, 20] {
                edits.push(Edit::Comment {
                    indicator,
                    text: "政策体系较完善，推进有力。".into(),
                });
            }
            db.apply_all(&edits).expect("scores");
            cluster_review::usecase::sign_open_session(&mut db, key, Path::new("key"), None, None)
                .expect("sign");
            paths.push(path);
        }
    }
    paths
}

/// The real merge command.
fn merge_command(dir: &Path, paths: &[PathBuf], out: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cluster-review"));
    command
        .current_dir(dir)
        .arg("merge")
        .args(paths)
        .args(["--roster", "roster.toml", "--format", "json", "--out"])
        .arg(out)
        .stdout(std::process::Stdio::null());
    command
}

/// Runs the merge once into a fresh `--out`.
fn run_merge(dir: &Path, paths: &[PathBuf], n: &mut u32) {
    *n += 1;
    let out = dir.join(format!("combined-{n}.sqlite"));
    let status = merge_command(dir, paths, &out).status().expect("merge");
    assert!(status.success(), "merge failed");
    let _ = std::fs::remove_file(out);
}

/// The sqlite3 script reading every table of every file.
fn sqlite3_script(paths: &[PathBuf]) -> String {
    let mut script = String::new();
    for path in paths {
        script.push_str(&format!(".open --readonly '{}'\n", path.display()));
        for table in [
            "session",
            "package_file",
            "declaration",
            "revision",
            "score",
            "annotation",
            "overall",
            "signoff",
            "audit",
        ] {
            script.push_str(&format!("SELECT * FROM {table};\n"));
        }
    }
    script
}

/// The baseline: one `sqlite3` process reading the files, if there is a sqlite3 shell.
fn sqlite3_baseline(script: &str) -> Option<()> {
    use std::io::Write;
    let mut child = Command::new("sqlite3")
        .arg(":memory:")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(script.as_bytes()).ok()?;
    child.wait().ok()?.success().then_some(())
}

/// The same reading in this process with rusqlite, where no sqlite3 shell is installed.
fn rusqlite_baseline(paths: &[PathBuf]) {
    for path in paths {
        let conn =
            rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .expect("open");
        for table in [
            "session",
            "package_file",
            "score",
            "annotation",
            "signoff",
            "audit",
        ] {
            let mut statement = conn
                .prepare(&format!("SELECT * FROM {table}"))
                .expect("prepare");
            let columns = statement.column_count();
            let mut rows = statement.query([]).expect("query");
            while let Ok(Some(row)) = rows.next() {
                for i in 0..columns {
                    std::hint::black_box(row.get_ref(i).ok());
                }
            }
        }
    }
}

/// The median of a few whole runs.
fn median(mut run: impl FnMut(), times: usize) -> Duration {
    let mut samples: Vec<Duration> = (0..times)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

/// Peak resident memory of one merge process, in KiB: that child's own resource usage, as
/// `wait4` reports it when reaping it (not the peak over every child so far).
#[cfg(unix)]
fn peak_kib(dir: &Path, paths: &[PathBuf]) -> i64 {
    let out = dir.join("peak.sqlite");
    let _ = std::fs::remove_file(&out);
    let child = merge_command(dir, paths, &out).spawn().expect("merge");
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let mut status = 0;
    // SAFETY: plain data, filled in by wait4
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child with valid pointers; reaps it and reports its own usage
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "merge failed"
    );
    // reaped already: dropping the handle neither waits nor kills
    drop(child);
    let _ = std::fs::remove_file(&out);
    usage.ru_maxrss
}

#[cfg(not(unix))]
fn peak_kib(_: &Path, _: &[PathBuf]) -> i64 {
    0
}

/// Writes the two panels under `dir` for profiling by hand, each with the list of its files.
fn keep_panels(dir: &Path) {
    for (name, clusters) in [("450", 30), ("4500", 300)] {
        let at = dir.join(name);
        std::fs::create_dir_all(&at).expect("panel dir");
        let paths = panel(&at, clusters);
        let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        std::fs::write(at.join("files.txt"), list.join("\n")).expect("files.txt");
        println!(
            "wrote {} signed session files to {}",
            paths.len(),
            at.display()
        );
    }
}

fn merge_benches(c: &mut Criterion) {
    if let Some(dir) = std::env::var_os("MERGE_PANEL_KEEP") {
        keep_panels(Path::new(&dir));
        return;
    }
    let small_dir = tempfile::tempdir().expect("temp");
    let small = panel(small_dir.path(), 30);
    let script = sqlite3_script(&small);
    let have_sqlite3 = sqlite3_baseline(&script).is_some();
    let mut n = 0;
    let mut group = c.benchmark_group("merge");
    group.sample_size(10);
    group.bench_function(
        "450 signed files: cluster-review merge --roster --format json --out",
        |b| b.iter(|| run_merge(small_dir.path(), &small, &mut n)),
    );
    if have_sqlite3 {
        group.bench_function(
            "450 files: baseline, one sqlite3 process reading them",
            |b| b.iter(|| sqlite3_baseline(&script)),
        );
    } else {
        group.bench_function("450 files: baseline, one rusqlite pass reading them", |b| {
            b.iter(|| rusqlite_baseline(&small))
        });
    }
    group.finish();
    let small_peak = peak_kib(small_dir.path(), &small);

    let large_dir = tempfile::tempdir().expect("temp");
    let large = panel(large_dir.path(), 300);
    let ours = median(|| run_merge(small_dir.path(), &small, &mut n), 5);
    let base = if have_sqlite3 {
        median(
            || {
                sqlite3_baseline(&script);
            },
            5,
        )
    } else {
        median(|| rusqlite_baseline(&small), 5)
    };
    // the 4,500-file pair alternates, so that both see the same page cache and load
    let large_script = sqlite3_script(&large);
    let mut big_runs = Vec::new();
    let mut big_base_runs = Vec::new();
    for _ in 0..3 {
        big_runs.push(median(|| run_merge(large_dir.path(), &large, &mut n), 1));
        big_base_runs.push(if have_sqlite3 {
            median(
                || {
                    sqlite3_baseline(&large_script);
                },
                1,
            )
        } else {
            median(|| rusqlite_baseline(&large), 1)
        });
    }
    big_runs.sort();
    big_base_runs.sort();
    let (big, big_base) = (big_runs[1], big_base_runs[1]);
    let large_peak = peak_kib(large_dir.path(), &large);
    println!(
        "\nmerge of 450 signed files: {:.0} ms; baseline ({}): {:.0} ms; ratio {:.2} (goal ≤ 2)",
        ours.as_secs_f64() * 1000.0,
        if have_sqlite3 {
            "one sqlite3 process"
        } else {
            "one rusqlite pass, no sqlite3 shell here"
        },
        base.as_secs_f64() * 1000.0,
        ours.as_secs_f64() / base.as_secs_f64()
    );
    println!(
        "merge of 4,500 signed files: {:.0} ms (goal ≤ 1,500 ms); the same baseline reading them: {:.0} ms; ratio {:.2}",
        big.as_secs_f64() * 1000.0,
        big_base.as_secs_f64() * 1000.0,
        big.as_secs_f64() / big_base.as_secs_f64()
    );
    println!(
        "peak memory of the merge process: {} KiB at 450 files, {} KiB at 4,500 files",
        small_peak, large_peak
    );
}

criterion_group!(benches, merge_benches);
criterion_main!(benches);
