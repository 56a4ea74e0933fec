//! Checking a package from its workbook (`package.xlsx`: unzip, parse the sheets' XML, read
//! every cell by the number rule) against the same package as CSV files, the baseline, in the
//! same run: what `package check` and `review` pay for a park that filled the workbook.
//! Run: `cargo bench --bench workbook_package`.

use cluster_review::package::{PackageFiles, demo_files, parse_package};
use cluster_review::rubric;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// The demo package with its figures and tables in the openpyxl-written workbook.
fn workbook_demo() -> PackageFiles {
    let mut files = demo_files();
    files
        .0
        .retain(|path, _| path != "measures.csv" && !path.starts_with("tables/"));
    files.0.insert(
        "package.xlsx".into(),
        include_bytes!("../tests/fixtures/workbooks/demo-package.xlsx").to_vec(),
    );
    files
}

fn bench(c: &mut Criterion) {
    let rubric = rubric::embedded().expect("rubric");
    let csv = demo_files();
    let workbook = workbook_demo();
    let mut group = c.benchmark_group("package check (demo)");
    group.bench_function("CSV files (baseline)", |b| {
        b.iter(|| parse_package("demo", black_box(&csv), &rubric).expect("valid"))
    });
    group.bench_function("package.xlsx", |b| {
        b.iter(|| parse_package("demo", black_box(&workbook), &rubric).expect("valid"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
