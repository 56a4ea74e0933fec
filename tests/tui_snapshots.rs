//! Snapshots of the review screen on ratatui's TestBackend with the demo data (Chinese), at
//! 80×24 and 160×48. A change of layout shows up as a snapshot diff to review.

use cluster_review::i18n::Lang;
use cluster_review::tui::app::{App, Status};
use cluster_review::tui::demo::demo_app;
use cluster_review::tui::draw::{draw, screen_text};
use cluster_review::tui::update::{handle_key, update};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|frame| draw(frame, app)).expect("draw");
    terminal
}

fn text(terminal: &Terminal<TestBackend>) -> String {
    screen_text(terminal.backend().buffer())
}

fn press(app: &mut App, codes: &[KeyCode]) {
    for code in codes {
        if let Some(action) = handle_key(app, KeyEvent::new(*code, KeyModifiers::NONE)) {
            let _ = update(app, action);
        }
    }
}

fn type_text(app: &mut App, text: &str) {
    let codes: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
    press(app, &codes);
}

#[test]
fn start_screen() {
    let app = demo_app(Lang::Zh).expect("demo");
    insta::assert_snapshot!("start_80x24", text(&screen(&app, 80, 24)));
    insta::assert_snapshot!("start_160x48", text(&screen(&app, 160, 48)));
}

#[test]
fn a_quantitative_indicator_with_a_measure_picked() {
    let mut app = demo_app(Lang::Zh).expect("demo");
    press(&mut app, &[KeyCode::Down; 11]);
    press(&mut app, &[KeyCode::Tab]);
    insta::assert_snapshot!("indicator_12_80x24", text(&screen(&app, 80, 24)));
    insta::assert_snapshot!("indicator_12_160x48", text(&screen(&app, 160, 48)));
}

#[test]
fn a_refused_score() {
    let mut app = demo_app(Lang::Zh).expect("demo");
    press(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "9");
    press(&mut app, &[KeyCode::Enter]);
    insta::assert_snapshot!("refused_score_80x24", text(&screen(&app, 80, 24)));
}

#[test]
fn the_opinion_editor_with_chinese_text_and_the_cursor_at_the_caret() {
    let mut app = demo_app(Lang::Zh).expect("demo");
    press(&mut app, &[KeyCode::Down, KeyCode::Char('c')]);
    type_text(
        &mut app,
        "推进体系健全，设立集群推进专班，培育方案、专项资金和考核机制齐备，运转有效。",
    );
    let mut terminal = screen(&app, 80, 24);
    insta::assert_snapshot!("editor_80x24", text(&terminal));
    // the real cursor stands right after the last character typed
    let cursor = terminal.get_cursor_position().expect("cursor");
    let buffer = terminal.backend().buffer().clone();
    let before = buffer
        .cell((cursor.x.saturating_sub(2), cursor.y))
        .map(|c| c.symbol().to_string())
        .unwrap_or_default();
    assert_eq!(before, "。", "cursor at {cursor:?}");
}

#[test]
fn help_signoff_and_status_line() {
    let mut app = demo_app(Lang::Zh).expect("demo");
    app.status = Status::Saved("10:32:15".into());
    press(&mut app, &[KeyCode::Char('?')]);
    insta::assert_snapshot!("help_160x48", text(&screen(&app, 160, 48)));
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('S')]);
    insta::assert_snapshot!("signoff_80x24", text(&screen(&app, 80, 24)));
}

#[test]
fn english_and_too_small() {
    let app = demo_app(Lang::En).expect("demo");
    insta::assert_snapshot!("start_en_80x24", text(&screen(&app, 80, 24)));
    insta::assert_snapshot!("too_small_79x24", text(&screen(&app, 79, 24)));
}
