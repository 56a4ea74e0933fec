//! The review screen's speed: one key event handled plus one frame drawn with the demo at
//! 160×48 (goal: median ≤ 1 ms), and start to first frame — rubric, package, derivations,
//! session file opened, first frame drawn (goal ≤ 50 ms).
//! Run: `cargo bench --bench tui_frame`.

use cluster_review::i18n::Lang;
use cluster_review::package::{DEMO_NAME, check_package, demo_files, parse_package, source_texts};
use cluster_review::rubric;
use cluster_review::session::{DeclarationKind, Expert};
use cluster_review::store::{NewSession, SessionDb};
use cluster_review::tui::demo::demo_app;
use cluster_review::tui::screens::review::app::{App, PackageView};
use cluster_review::tui::screens::review::draw::draw;
use cluster_review::tui::screens::review::update::{handle_key, update};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

fn key_and_frame(c: &mut Criterion) {
    let mut app = demo_app(Lang::Zh).expect("demo");
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    let mut down = true;
    let mut steps = 0;
    c.bench_function("key event + frame, demo at 160x48", |b| {
        b.iter(|| {
            // walk down and back up the whole list, so every indicator's detail is drawn
            steps += 1;
            if steps % 19 == 0 {
                down = !down;
            }
            let code = if down { KeyCode::Down } else { KeyCode::Up };
            if let Some(action) = handle_key(&app, KeyEvent::new(code, KeyModifiers::NONE)) {
                black_box(update(&mut app, action));
            }
            terminal.draw(|frame| draw(frame, &app)).expect("draw");
        })
    });
}

fn start_to_first_frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("E01.sqlite");
    {
        let rubric = rubric::embedded().expect("rubric");
        let files = demo_files();
        let package = parse_package(DEMO_NAME, &files, &rubric).expect("demo");
        let check = check_package(&rubric, &package, None);
        let new = NewSession {
            rubric: &rubric,
            rubric_text: rubric::EMBEDDED_TEXT,
            package: &package,
            check: &check,
            expert: Expert {
                id: "E01".into(),
                name: "示例专家".into(),
            },
            declaration: Some((DeclarationKind::NoConflict, String::new())),
        };
        drop(SessionDb::create(&path, new).expect("session"));
    }
    c.bench_function("start to first frame (demo, existing session)", |b| {
        b.iter(|| {
            let rubric = rubric::embedded().expect("rubric");
            let files = demo_files();
            let package = parse_package(DEMO_NAME, &files, &rubric).expect("demo");
            let check = check_package(&rubric, &package, None);
            let db = SessionDb::open_bound(&path, &rubric, &package).expect("open");
            let view = PackageView::new(&package.manifest.cluster, &check, source_texts(&files));
            let app = App::new(db.rubric().clone(), view, db.state().clone(), Lang::Zh);
            let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
            terminal.draw(|frame| draw(frame, &app)).expect("draw");
            black_box(&terminal);
        })
    });
}

criterion_group!(benches, key_and_frame, start_to_first_frame);
criterion_main!(benches);
