//! The chair's sign-off on a large meeting: 30 clusters × 15 experts (in memory), every key on
//! the sign-off screen redraws it, and drawing it computes the agenda (divergent scores,
//! questioned figures, order flips over 435 pairs of clusters × 20 weights) and the gate of
//! Art. 64 (the sums recomputed). Goal: a frame well under 50 ms. Baseline in the same run:
//! a frame of the matrix, which computes neither. Run: `cargo bench --bench meeting_agenda`.

use cluster_review::i18n::Lang;
use cluster_review::package::{check_package, demo_files, parse_package};
use cluster_review::panel::{ChairInput, MergeOptions, SessionInput, Signature, merge};
use cluster_review::rubric;
use cluster_review::session::{
    Declaration, DeclarationKind, Edit, Expert, MeasureStatus, SessionState,
};
use cluster_review::tui::screens::chair::app::{ChairApp, ChairMode, ChairSigner};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rust_decimal::Decimal;
use std::hint::black_box;

const CLUSTERS: usize = 30;
const EXPERTS: usize = 15;

fn inputs() -> Vec<SessionInput> {
    let rubric = rubric::embedded().expect("rubric");
    let mut inputs = Vec::new();
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
            let mut state = SessionState::fresh(
                &rubric,
                &package,
                &check,
                Expert {
                    id: format!("E{e:02}"),
                    name: format!("专家{e}"),
                },
            );
            state.created_at = format!("2026-11-28T00:00:{e:02}Z");
            state.declaration = Some(Declaration {
                kind: DeclarationKind::NoConflict,
                reason: String::new(),
                at: "now".into(),
            });
            let points = |base: usize, most: i64| {
                Decimal::new((((base + c * 7 + e * 3) % 9) * 5 + 30) as i64, 1)
                    .min(Decimal::from(most))
            };
            for (indicator, most) in [(1, 8), (2, 8), (3, 4), (20, 4)] {
                state.apply(&Edit::Points {
                    indicator,
                    points: points(indicator as usize, most),
                });
                state.apply(&Edit::Comment {
                    indicator,
                    text: "意见".into(),
                });
            }
            if e % 5 == 0 {
                state.apply(&Edit::Status {
                    measure: "talents".into(),
                    status: MeasureStatus::Doubtful,
                });
            }
            inputs.push(SessionInput {
                file: format!("c{c:02}-E{e:02}.sqlite"),
                rubric: std::sync::Arc::new(rubric.clone()),
                rubric_text: rubric::EMBEDDED_TEXT.into(),
                state,
                signature: Signature::Unsigned,
            });
        }
    }
    inputs
}

fn frame(app: &ChairApp) -> usize {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|frame| cluster_review::tui::screens::chair::draw::draw(frame, app))
        .expect("draw");
    terminal.backend().buffer().content.len()
}

fn sign_off(c: &mut Criterion) {
    let inputs = inputs();
    let options = MergeOptions {
        method: None,
        allow_unsigned: true,
    };
    let combined = merge(&inputs, options, &ChairInput::default()).expect("merge");
    let items = cluster_review::meeting::agenda(&combined).len();
    println!("{CLUSTERS} clusters × {EXPERTS} experts: {items} agenda items");
    let mut app = ChairApp::new(combined, ChairInput::default(), "combined.sqlite", Lang::Zh);
    app.set_inputs(&inputs);
    app.signer = Some(ChairSigner {
        id: "C01".into(),
        name: "王组长".into(),
    });
    let mut group = c.benchmark_group("chair sign-off");
    group.sample_size(20);
    group.bench_function("baseline: a frame of the matrix (80x24)", |b| {
        app.mode = ChairMode::Matrix;
        b.iter(|| black_box(frame(&app)))
    });
    group.bench_function("a frame of the sign-off: agenda and gate (80x24)", |b| {
        app.mode = ChairMode::SignOff;
        b.iter(|| black_box(frame(&app)))
    });
    group.bench_function("the agenda and the gate alone", |b| {
        b.iter(|| black_box(cluster_review::meeting::gate(&app.combined, Lang::Zh).passes()))
    });
    group.finish();
}

criterion_group!(benches, sign_off);
criterion_main!(benches);
