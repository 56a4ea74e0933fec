//! Snapshots of the review screen on ratatui's TestBackend with the demo data (Chinese), at
//! 80×24 and 160×48. A change of layout shows up as a snapshot diff to review.

use cluster_review::i18n::Lang;
use cluster_review::tui::demo::demo_app;
use cluster_review::tui::screens::review::app::{App, Status};
use cluster_review::tui::screens::review::draw::{draw, screen_text};
use cluster_review::tui::screens::review::update::{handle_key, update};
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
    // the message says what to do, in the screen's language (a double-clicked .exe opens a
    // console of its own size)
    let zh = demo_app(Lang::Zh).expect("demo");
    insta::assert_snapshot!("too_small_zh_60x20", text(&screen(&zh, 60, 20)));
}

/// The left and right edges of `rect` are vertical box lines on every inner row: no text ran
/// over a border (wide characters and wrapping included).
fn assert_edges(terminal: &Terminal<TestBackend>, rect: ratatui::layout::Rect, what: &str) {
    let buffer = terminal.backend().buffer();
    for y in rect.top() + 1..rect.bottom().saturating_sub(1) {
        for x in [rect.left(), rect.right() - 1] {
            let symbol = buffer
                .cell((x, y))
                .map(|c| c.symbol().to_string())
                .unwrap_or_default();
            assert!(
                ["│", "┤", "├"].contains(&symbol.as_str()),
                "{what}: border cell ({x}, {y}) holds {symbol:?}\n{}",
                text(terminal)
            );
        }
    }
}

#[test]
fn borders_hold_on_every_screen_at_every_size() {
    use ratatui::layout::Rect;
    for (width, height) in [(80u16, 24u16), (100, 30), (123, 37), (160, 48)] {
        let main = Rect::new(0, 0, width, height - 1);
        let viewer = Rect::new(2, 1, width - 4, height - 2);
        let mut screens: Vec<(String, Vec<KeyCode>, Option<Rect>)> = (0..20u16)
            .map(|i| {
                (
                    format!("indicator {}", i + 1),
                    vec![KeyCode::Down; usize::from(i)],
                    None,
                )
            })
            .collect();
        screens.push((
            "detail of 7".into(),
            [
                vec![KeyCode::Down; 6],
                vec![KeyCode::Tab, KeyCode::Down, KeyCode::Down, KeyCode::Down],
            ]
            .concat(),
            None,
        ));
        screens.push(("help".into(), vec![KeyCode::Char('?')], None));
        screens.push(("sign-off".into(), vec![KeyCode::Char('S')], None));
        screens.push(("opinion editor".into(), vec![KeyCode::Char('c')], None));
        for file in 0..18usize {
            screens.push((
                format!("evidence file {file}"),
                [vec![KeyCode::Char('e')], vec![KeyCode::Right; file]].concat(),
                Some(viewer),
            ));
        }
        for (what, keys, popup) in screens {
            let mut app = demo_app(Lang::Zh).expect("demo");
            press(&mut app, &keys);
            if what == "opinion editor" {
                type_text(
                    &mut app,
                    &"推进体系健全，设立集群推进专班，培育方案、专项资金和考核机制齐备。".repeat(6),
                );
            }
            let terminal = screen(&app, width, height);
            assert_edges(&terminal, main, &format!("{what} at {width}x{height}"));
            if let Some(rect) = popup {
                assert_edges(&terminal, rect, &format!("{what} at {width}x{height}"));
            }
        }
    }
}

#[test]
fn the_key_entry_of_a_finished_sign_off_with_the_cursor_after_the_remembered_path() {
    use cluster_review::session::Edit;
    let mut app = demo_app(Lang::Zh).expect("demo");
    let mut session = app.session.clone();
    for (indicator, points) in [(1, "6"), (2, "6"), (3, "3"), (20, "3")] {
        session.apply(&Edit::Points {
            indicator,
            points: points.parse().expect("points"),
        });
        session.apply(&Edit::Comment {
            indicator,
            text: "意见".into(),
        });
    }
    session.apply(&Edit::Overall {
        text: "同意。".into(),
    });
    app.set_session(session);
    app.key_path = "/home/zhang/keys/E01.key.pem".into();
    press(&mut app, &[KeyCode::Char('S')]);
    insta::assert_snapshot!("signoff_ready_80x24", text(&screen(&app, 80, 24)));
    press(&mut app, &[KeyCode::Enter]);
    let mut terminal = screen(&app, 80, 24);
    insta::assert_snapshot!("sign_key_80x24", text(&terminal));
    let cursor = terminal.get_cursor_position().expect("cursor");
    let buffer = terminal.backend().buffer().clone();
    let before = buffer
        .cell((cursor.x.saturating_sub(1), cursor.y))
        .map(|c| c.symbol().to_string())
        .unwrap_or_default();
    assert_eq!(before, "m", "cursor after \".pem\" at {cursor:?}");
}

#[test]
fn a_dialog_over_cjk_text_clears_every_cell_under_it_and_keeps_its_borders_whole() {
    for (width, height) in [(80u16, 24u16), (101, 31)] {
        let mut app = demo_app(Lang::Zh).expect("demo");
        press(&mut app, &[KeyCode::Down; 11]);
        press(&mut app, &[KeyCode::Char('c')]);
        let terminal = screen(&app, width, height);
        let buffer = terminal.backend().buffer();
        // the editor's box: its top-left corner is the first ┌ of the screen after row 0
        let (left, top) = (0..height)
            .skip(1)
            .find_map(|y| {
                (0..width)
                    .find(|x| buffer.cell((*x, y)).is_some_and(|c| c.symbol() == "┌"))
                    .map(|x| (x, y))
            })
            .expect("the dialog");
        let right = (left + 1..width)
            .find(|x| buffer.cell((*x, top)).is_some_and(|c| c.symbol() == "┐"))
            .expect("its right corner");
        let bottom = (top + 1..height)
            .find(|y| buffer.cell((left, *y)).is_some_and(|c| c.symbol() == "└"))
            .expect("its bottom");
        for y in top + 1..bottom {
            for x in [left, right] {
                assert_eq!(
                    buffer.cell((x, y)).map(|c| c.symbol()),
                    Some("│"),
                    "{width}×{height}: border at ({x},{y})\n{}",
                    text(&terminal)
                );
            }
            // no wide character of the screen behind runs into the box
            let before = buffer
                .cell((left - 1, y))
                .map(|c| c.symbol())
                .unwrap_or(" ");
            assert!(
                unicode_width::UnicodeWidthStr::width(before) <= 1,
                "{width}×{height}: {before:?} straddles the left edge at row {y}"
            );
            // nor does one of the dialog's own run over its right border
            let last = buffer
                .cell((right - 1, y))
                .map(|c| c.symbol())
                .unwrap_or(" ");
            assert!(
                unicode_width::UnicodeWidthStr::width(last) <= 1,
                "{width}×{height}: {last:?} runs over the right edge at row {y}"
            );
        }
    }
}
