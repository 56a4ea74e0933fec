//! The review screen's speed, as a user meets it: each case is one key event handled by the
//! screen's own `handle_key`/`update` and one whole frame drawn (160×48, the demo), paired with
//! a bare baseline measured in the same run:
//!
//! - browsing: a key moving through the indicators (goal: median ≤ 1 ms);
//! - the opinion editor holding 10,000 characters: one character typed (goal ≤ 1 ms per key);
//!   baseline: a bare `ratatui-textarea` with the same text, one character and one render;
//! - the evidence viewer on the demo: one line scrolled (goal ≤ 1 ms per key); baseline: the
//!   same lines as a plain paragraph;
//! - start to first frame: rubric, package, derivations, session file opened, first frame.
//!
//! After criterion's own report, the medians of each pair are measured again side by side and
//! printed with their ratio. Run: `cargo bench --bench tui_frame`.

use cluster_review::i18n::Lang;
use cluster_review::package::{DEMO_NAME, check_package, demo_files, parse_package, source_texts};
use cluster_review::rubric;
use cluster_review::session::{DeclarationKind, Expert};
use cluster_review::store::{NewSession, SessionDb};
use cluster_review::tui::demo::demo_app;
use cluster_review::tui::screens::review::app::{App, Mode, PackageView};
use cluster_review::tui::screens::review::draw::draw;
use cluster_review::tui::screens::review::update::{Action, handle_key, update};
use criterion::Criterion;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::widgets::Paragraph;
use ratatui_textarea::{TextArea, WrapMode};
use std::hint::black_box;
use std::time::{Duration, Instant};

const SIZE: (u16, u16) = (160, 48);
const OPINION: usize = 10_000;

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("terminal")
}

fn press(app: &mut App, code: KeyCode) {
    if let Some(action) = handle_key(app, KeyEvent::new(code, KeyModifiers::NONE)) {
        black_box(update(app, action));
    }
}

/// A long opinion of fictional text: sentences of Chinese with some Latin and digits.
fn long_opinion() -> String {
    let sentence =
        "集群内企业协同创新机制较为完善，2023 年研发投入增长 12.5%，但公共服务平台建设仍需加强。";
    sentence.chars().cycle().take(OPINION).collect()
}

/// The demo with the opinion editor open on indicator 2, holding a 10,000-character text.
fn editor_app() -> App {
    let mut app = demo_app(Lang::Zh).expect("demo");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('c'));
    update(&mut app, Action::Paste(long_opinion()));
    assert!(matches!(app.mode, Mode::Editor(_)));
    app
}

/// One step of each case: a key handled and a frame drawn.
struct Cases {
    browse: (App, Terminal<TestBackend>, usize),
    editor: (App, Terminal<TestBackend>, usize),
    bare_editor: (TextArea<'static>, Terminal<TestBackend>, usize),
    viewer: (App, Terminal<TestBackend>, usize),
    bare_viewer: (Vec<String>, Terminal<TestBackend>, usize),
}

impl Cases {
    fn new() -> Self {
        let mut viewer = demo_app(Lang::Zh).expect("demo");
        press(&mut viewer, KeyCode::Char('e'));
        let text = match &viewer.mode {
            Mode::Viewer(v) => viewer
                .package
                .sources
                .get(v.file)
                .map(|s| s.text.lines().map(str::to_string).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let mut area = TextArea::new(vec![long_opinion()]);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Self {
            browse: (demo_app(Lang::Zh).expect("demo"), terminal(), 0),
            editor: (editor_app(), terminal(), 0),
            bare_editor: (area, terminal(), 0),
            viewer: (viewer, terminal(), 0),
            bare_viewer: (text, terminal(), 0),
        }
    }

    fn browse(&mut self) {
        let (app, terminal, step) = &mut self.browse;
        // walk down and back up the whole list, so every indicator's detail is drawn
        *step += 1;
        let code = if (*step / 19) % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        press(app, code);
        terminal.draw(|frame| draw(frame, app)).expect("draw");
    }

    fn editor(&mut self) {
        let (app, terminal, step) = &mut self.editor;
        // type and delete in turn, so the text stays 10,000 characters long
        *step += 1;
        let code = if *step % 2 == 0 {
            KeyCode::Backspace
        } else {
            KeyCode::Char('意')
        };
        press(app, code);
        terminal.draw(|frame| draw(frame, app)).expect("draw");
    }

    fn bare_editor(&mut self) {
        let (area, terminal, step) = &mut self.bare_editor;
        *step += 1;
        if *step % 2 == 0 {
            area.delete_char();
        } else {
            area.insert_char('意');
        }
        terminal
            .draw(|frame| {
                let rect = frame.area();
                let inner = ratatui::layout::Rect {
                    x: rect.width / 8,
                    y: rect.height / 5,
                    width: rect.width * 3 / 4,
                    height: rect.height * 3 / 5,
                };
                frame.render_widget(&*area, inner);
            })
            .expect("draw");
    }

    fn viewer(&mut self) {
        let (app, terminal, step) = &mut self.viewer;
        *step += 1;
        let code = if (*step / 30) % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        press(app, code);
        terminal.draw(|frame| draw(frame, app)).expect("draw");
    }

    fn bare_viewer(&mut self) {
        let (lines, terminal, step) = &mut self.bare_viewer;
        *step += 1;
        let scroll = if (*step / 30) % 2 == 0 {
            *step % 30
        } else {
            30 - *step % 30
        };
        terminal
            .draw(|frame| {
                let shown: Vec<ratatui::text::Line> = lines
                    .iter()
                    .skip(scroll)
                    .take(usize::from(SIZE.1))
                    .map(|l| ratatui::text::Line::from(l.as_str()))
                    .collect();
                frame.render_widget(Paragraph::new(shown), frame.area());
            })
            .expect("draw");
    }
}

fn start_to_first_frame(path: &std::path::Path) {
    let rubric = rubric::embedded().expect("rubric");
    let files = demo_files();
    let package = parse_package(DEMO_NAME, &files, &rubric).expect("demo");
    let check = check_package(&rubric, &package, None);
    let db = SessionDb::open_bound(path, &rubric, &package, &files).expect("open");
    let view = PackageView::new(&package.manifest.cluster, &check, source_texts(&files));
    let app = App::new(db.rubric().clone(), view, db.state().clone(), Lang::Zh);
    let mut terminal = terminal();
    terminal.draw(|frame| draw(frame, &app)).expect("draw");
    black_box(&terminal);
}

fn session_file(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("E01.sqlite");
    let rubric = rubric::embedded().expect("rubric");
    let files = demo_files();
    let package = parse_package(DEMO_NAME, &files, &rubric).expect("demo");
    let check = check_package(&rubric, &package, None);
    let new = NewSession {
        rubric: &rubric,
        rubric_text: rubric::EMBEDDED_TEXT,
        package: &package,
        check: &check,
        files: &files,
        meeting: None,
        expert: Expert {
            id: "E01".into(),
            name: "示例专家".into(),
        },
        declaration: Some((DeclarationKind::NoConflict, String::new())),
    };
    drop(SessionDb::create(&path, new).expect("session"));
    path
}

/// The median and the maximum of `runs` timed calls.
fn timed(runs: usize, mut step: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            step();
            start.elapsed()
        })
        .collect();
    times.sort();
    (
        times.get(runs / 2).copied().unwrap_or_default(),
        times.last().copied().unwrap_or_default(),
    )
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let mut cases = Cases::new();
    criterion.bench_function("browse: key + frame, demo 160x48", |b| {
        b.iter(|| cases.browse())
    });
    criterion.bench_function("opinion editor, 10,000 chars: key + frame", |b| {
        b.iter(|| cases.editor())
    });
    criterion.bench_function("baseline: bare textarea, 10,000 chars: key + render", |b| {
        b.iter(|| cases.bare_editor())
    });
    criterion.bench_function("evidence viewer, demo: key + frame", |b| {
        b.iter(|| cases.viewer())
    });
    criterion.bench_function(
        "baseline: plain paragraph of the same file: scroll + render",
        |b| b.iter(|| cases.bare_viewer()),
    );
    let dir = tempfile::tempdir().expect("temp");
    let path = session_file(dir.path());
    criterion.bench_function("start to first frame (demo, existing session)", |b| {
        b.iter(|| start_to_first_frame(&path))
    });
    criterion.final_summary();

    // the pairs side by side, in the same run
    let runs = 2_000;
    println!("\nside by side ({runs} runs each; median, max; µs per key + frame):");
    let (browse, browse_max) = timed(runs, || cases.browse());
    println!(
        "  browsing                      {:8.1} (max {:8.1})   goal ≤ 1000",
        micros(browse),
        micros(browse_max)
    );
    let (editor, editor_max) = timed(runs, || cases.editor());
    let (bare, bare_max) = timed(runs, || cases.bare_editor());
    println!(
        "  opinion editor, 10,000 chars  {:8.1} (max {:8.1})   goal ≤ 1000; bare textarea {:.1} (max {:.1}); ratio {:.2}",
        micros(editor),
        micros(editor_max),
        micros(bare),
        micros(bare_max),
        micros(editor) / micros(bare)
    );
    let (viewer, viewer_max) = timed(runs, || cases.viewer());
    let (plain, plain_max) = timed(runs, || cases.bare_viewer());
    println!(
        "  evidence viewer, demo         {:8.1} (max {:8.1})   goal ≤ 1000; plain paragraph {:.1} (max {:.1}); ratio {:.2}",
        micros(viewer),
        micros(viewer_max),
        micros(plain),
        micros(plain_max),
        micros(viewer) / micros(plain)
    );
}
