//! The key map is the truth for every mode of both screens. For each mode (in the states that
//! change what applies): every key the hint bar shows does what its hint says; every key that
//! changes anything is in the mode's table (and so in the help), its name written there; and the
//! help overlay shows every line of every table at 80×24, in both languages, by scrolling.

mod common;

use cluster_review::i18n::Lang;
use cluster_review::panel::{ChairInput, Note, merge};
use cluster_review::session::{Declaration, DeclarationKind, Edit, MeasureStatus, SignOff};
use cluster_review::tui::demo::{demo_app, demo_meeting_app};
use cluster_review::tui::keymap::{HelpLine, Press, Table};
use cluster_review::tui::screens::chair::app::{ChairApp, ChairMode, ChairSigner};
use cluster_review::tui::screens::chair::keymap::{self as chair_keys, ChairCommand};
use cluster_review::tui::screens::chair::update::{self as chair_update, ChairEffect};
use cluster_review::tui::screens::meeting::app::{MeetingApp, MeetingMode};
use cluster_review::tui::screens::meeting::keymap::{self as meeting_keys, MeetingCommand};
use cluster_review::tui::screens::meeting::update::{self as meeting_update, MeetingEffect};
use cluster_review::tui::screens::review::app::{App, EditorTarget, EntrySubject, Mode};
use cluster_review::tui::screens::review::keymap::{self as review_keys, Command};
use cluster_review::tui::screens::review::update::{Effect, handle_key, update};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

// ---------- the review screen ----------

fn press(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    handle_key(app, key).map_or_else(Vec::new, |a| update(app, a))
}

fn keys(app: &mut App, codes: &[KeyCode]) {
    for code in codes {
        press(app, KeyEvent::new(*code, KeyModifiers::NONE));
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

/// The demo with every blocking problem resolved, in memory.
fn ready() -> App {
    let mut app = demo_app(Lang::Zh).expect("demo");
    let mut session = app.session.clone();
    for (indicator, points) in [(1, 6), (2, 6), (3, 3), (20, 3)] {
        session.apply(&Edit::Points {
            indicator,
            points: points.into(),
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
    app
}

/// The review screen's states: each mode, and the states that change what applies in it.
/// A named state, made afresh for every key pressed in it.
type State<T> = (&'static str, fn() -> T);

fn review_states() -> Vec<State<App>> {
    vec![
        ("normal, qualitative", || demo_app(Lang::Zh).expect("demo")),
        ("normal, quantitative in the list", || {
            let mut app = demo_app(Lang::Zh).expect("demo");
            keys(&mut app, &[KeyCode::Down; 3]);
            app
        }),
        ("normal, a measure picked", || {
            let mut app = demo_app(Lang::Zh).expect("demo");
            keys(
                &mut app,
                &[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Tab],
            );
            app
        }),
        ("normal, signed", || {
            let mut app = ready();
            let mut session = app.session.clone();
            session.signed = Some(SignOff {
                revision: 1,
                at: "2026-11-28T00:00:00.000Z".into(),
                sheet_sha256: "ab".into(),
                sheet: Vec::new(),
                signature: Vec::new(),
                public_key: String::new(),
            });
            app.set_session(session);
            app
        }),
        ("entry", || {
            let mut app = demo_app(Lang::Zh).expect("demo");
            keys(&mut app, &[KeyCode::Enter]);
            typed(&mut app, "6");
            app
        }),
        ("editor", || {
            let mut app = demo_app(Lang::Zh).expect("demo");
            keys(&mut app, &[KeyCode::Char('c')]);
            typed(&mut app, "意见");
            app
        }),
        ("picker", || {
            let mut app = demo_app(Lang::Zh).expect("demo");
            keys(
                &mut app,
                &[
                    KeyCode::Down,
                    KeyCode::Down,
                    KeyCode::Down,
                    KeyCode::Tab,
                    KeyCode::Char('v'),
                ],
            );
            app
        }),
        ("viewer", || {
            let mut app = demo_app(Lang::Zh).expect("demo");
            keys(&mut app, &[KeyCode::Char('e')]);
            app
        }),
        ("viewer after a search", || {
            let mut app = demo_app(Lang::Zh).expect("demo");
            keys(&mut app, &[KeyCode::Char('e'), KeyCode::Char('/')]);
            typed(&mut app, "政策");
            keys(&mut app, &[KeyCode::Enter]);
            app
        }),
        ("search", || {
            let mut app = demo_app(Lang::Zh).expect("demo");
            keys(&mut app, &[KeyCode::Char('e'), KeyCode::Char('/')]);
            typed(&mut app, "政策");
            app
        }),
        ("declaration", || {
            let mut app = demo_app(Lang::Zh).expect("demo");
            let mut session = app.session.clone();
            session.declaration = None;
            app.set_session(session);
            app.mode = Mode::Declaration;
            app
        }),
        ("recusal reason", || {
            let mut app = demo_app(Lang::Zh).expect("demo");
            let mut session = app.session.clone();
            session.declaration = None;
            app.set_session(session);
            app.mode = Mode::Declaration;
            keys(&mut app, &[KeyCode::Char('r')]);
            typed(&mut app, "亲属任职");
            app
        }),
        ("sign-off, problems left", || {
            let mut app = demo_app(Lang::Zh).expect("demo");
            keys(&mut app, &[KeyCode::Char('S')]);
            app
        }),
        ("sign-off, ready", || {
            let mut app = ready();
            keys(&mut app, &[KeyCode::Char('S')]);
            app
        }),
        ("key entry", || {
            let mut app = ready();
            keys(&mut app, &[KeyCode::Char('S'), KeyCode::Enter]);
            typed(&mut app, "/keys/E01.key.pem");
            app
        }),
        ("help", || {
            let mut app = demo_app(Lang::Zh).expect("demo");
            keys(&mut app, &[KeyCode::Char('?')]);
            app
        }),
    ]
}

/// A key event for a press.
fn event(press: &Press) -> KeyEvent {
    KeyEvent::new(press.code, press.modifiers)
}

/// Whether a command did what its hint says, from the state before and after.
fn review_did(command: Command, before: &App, after: &App, effects: &[Effect]) -> bool {
    let save = |check: &dyn Fn(&Edit) -> bool| {
        effects
            .iter()
            .any(|e| matches!(e, Effect::Save(edits) if edits.iter().any(check)))
    };
    match (&before.mode, command) {
        (Mode::Normal, Command::Next) => {
            after.selected == before.selected + 1 || after.measure == before.measure + 1
        }
        (Mode::Normal, Command::Score) => {
            matches!(&after.mode, Mode::Entry(e) if e.subject == EntrySubject::Points(1))
        }
        (Mode::Normal, Command::ToggleFocus) => after.focus != before.focus,
        (Mode::Normal, Command::Verify) => matches!(after.mode, Mode::StatusPicker { .. }),
        (Mode::Normal, Command::Note) => {
            matches!(&after.mode, Mode::Editor(e) if matches!(e.target, EditorTarget::Note(_)))
        }
        (Mode::Normal, Command::Correct) => matches!(
            &after.mode,
            Mode::Entry(e) if matches!(e.subject, EntrySubject::Corrected(_))
        ),
        (Mode::Normal, Command::Comment) => matches!(
            &after.mode,
            Mode::Editor(e) if matches!(e.target, EditorTarget::Comment(_))
        ),
        (Mode::Normal, Command::Evidence) => matches!(after.mode, Mode::Viewer(_)),
        (Mode::Normal, Command::Overall) => {
            matches!(&after.mode, Mode::Editor(e) if e.target == EditorTarget::Overall)
        }
        (Mode::Normal, Command::SignOff) => matches!(after.mode, Mode::SignOff),
        (Mode::Normal, Command::Help) => matches!(after.mode, Mode::Help { .. }),
        (_, Command::Quit) => after.quit || !effects.is_empty(),
        (Mode::Entry(_), Command::Confirm) => save(&|e| matches!(e, Edit::Points { .. })),
        (Mode::Entry(_), Command::Cancel) => matches!(after.mode, Mode::Normal),
        (Mode::Editor(e), Command::Close) if e.target != EditorTarget::RecusalReason => {
            save(&|e| matches!(e, Edit::Comment { text, .. } if text == "意见"))
        }
        (Mode::Editor(_), Command::Confirm) => effects
            .iter()
            .any(|e| matches!(e, Effect::Declare(DeclarationKind::Recused, r) if r == "亲属任职")),
        (Mode::Editor(_), Command::Cancel) => matches!(after.mode, Mode::Declaration),
        (Mode::StatusPicker { selected, .. }, Command::Next) => {
            matches!(after.mode, Mode::StatusPicker { selected: s, .. } if s != *selected)
        }
        (Mode::StatusPicker { .. }, Command::Confirm) => {
            save(&|e| matches!(e, Edit::Status { .. }))
        }
        (Mode::StatusPicker { .. }, Command::Pick(0)) => save(
            &|e| matches!(e, Edit::Status { status, .. } if *status == MeasureStatus::Unchecked),
        ),
        (Mode::StatusPicker { .. }, Command::Cancel) => {
            matches!(after.mode, Mode::Normal) && effects.is_empty()
        }
        (Mode::Viewer(v), Command::Next) => {
            matches!(&after.mode, Mode::Viewer(w) if w.scroll == v.scroll + 1)
        }
        (Mode::Viewer(v), Command::NextFile) => {
            matches!(&after.mode, Mode::Viewer(w) if w.file != v.file)
        }
        (Mode::Viewer(_), Command::Search) => {
            matches!(&after.mode, Mode::Viewer(w) if w.search.is_some())
        }
        (Mode::Viewer(v), Command::FindNext) => matches!(
            &after.mode,
            Mode::Viewer(w) if w.scroll > v.scroll || w.not_found
        ),
        (Mode::Viewer(v), Command::Confirm) if v.search.is_some() => matches!(
            &after.mode,
            Mode::Viewer(w) if w.search.is_none() && w.query == "政策"
        ),
        (Mode::Viewer(v), Command::Cancel) if v.search.is_some() => {
            matches!(&after.mode, Mode::Viewer(w) if w.search.is_none() && w.query.is_empty())
        }
        (Mode::Viewer(_), Command::Close) => matches!(after.mode, Mode::Normal),
        (Mode::Declaration, Command::NoConflict) => effects
            .iter()
            .any(|e| matches!(e, Effect::Declare(DeclarationKind::NoConflict, _))),
        (Mode::Declaration, Command::Recuse) => matches!(
            &after.mode,
            Mode::Editor(e) if e.target == EditorTarget::RecusalReason
        ),
        (Mode::SignOff, Command::Confirm) => matches!(after.mode, Mode::SignKey(_)),
        (Mode::SignOff, Command::Close) => matches!(after.mode, Mode::Normal),
        (Mode::SignKey(_), Command::Confirm) => effects
            .iter()
            .any(|e| matches!(e, Effect::Sign(path) if path == "/keys/E01.key.pem")),
        (Mode::SignKey(_), Command::Cancel) => matches!(after.mode, Mode::SignOff),
        (Mode::Help { .. }, Command::Next) => {
            matches!(after.mode, Mode::Help { scroll } if scroll == 1)
        }
        (Mode::Help { .. }, Command::Close) => matches!(after.mode, Mode::Normal),
        _ => false,
    }
}

#[test]
fn every_hinted_key_of_the_review_screen_does_what_its_hint_says() {
    for (name, state) in review_states() {
        let app = state();
        let table = review_keys::table(&app);
        let hinted = table.hinted(&app);
        assert!(!hinted.is_empty(), "{name}: nothing hinted");
        let bar = review_keys::hint_bar(&app);
        for binding in hinted {
            for press in binding.presses {
                let mut after = state();
                let effects = self::press(&mut after, event(press));
                assert!(
                    review_did(binding.command, &app, &after, &effects),
                    "{name}: {:?} ({}) hinted in \"{bar}\" did not do it; now {:?}, effects {effects:?}",
                    press,
                    binding.label(Lang::Zh),
                    after.mode
                );
            }
        }
        // Ctrl-C quits in every mode (after saving an open editor)
        let mut after = state();
        let effects = self::press(
            &mut after,
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        );
        assert!(after.quit || !effects.is_empty(), "{name}: Ctrl-C");
        assert!(
            !matches!(&after.mode, Mode::Editor(e) if e.text().ends_with('c')),
            "{name}: Ctrl-C typed a c"
        );
    }
}

#[test]
fn context_decides_what_is_hinted() {
    let states = review_states();
    let hint = |name: &str| {
        let (_, state) = states.iter().find(|(n, _)| *n == name).expect("state");
        review_keys::hint_bar(&state())
    };
    let qualitative = hint("normal, qualitative");
    assert!(qualitative.contains("Enter 打分") && !qualitative.contains("v 核验"));
    let list = hint("normal, quantitative in the list");
    assert!(!list.contains("Enter 打分") && !list.contains("v 核验") && list.contains("Tab"));
    let measure = hint("normal, a measure picked");
    for shown in ["v 核验", "n 批注", "x 更正"] {
        assert!(measure.contains(shown), "{measure}");
    }
    let signed = hint("normal, signed");
    for hidden in ["Enter 打分", "c 意见", "o 综合意见"] {
        assert!(!signed.contains(hidden), "{signed}");
    }
    assert!(!hint("sign-off, problems left").contains("Enter 签署"));
    assert!(hint("sign-off, ready").contains("Enter 签署"));
    assert!(!hint("viewer").contains("n 下一个"));
    assert!(hint("viewer after a search").contains("n 下一个"));
}

/// Every key a user might press: characters (a CJK one too), the named keys, chords.
fn universe() -> Vec<KeyEvent> {
    let mut keys = Vec::new();
    for c in (' '..='~').chain(['意', '７']) {
        keys.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    for c in 'a'..='z' {
        keys.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        keys.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
    }
    for code in [
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Insert,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::F(1),
        KeyCode::F(5),
        KeyCode::F(12),
    ] {
        keys.push(KeyEvent::new(code, KeyModifiers::NONE));
        keys.push(KeyEvent::new(code, KeyModifiers::SHIFT));
        keys.push(KeyEvent::new(code, KeyModifiers::CONTROL));
    }
    keys
}

/// Keys a text input edits with (documented as such under every mode that has a text).
fn edits_text(key: &KeyEvent) -> bool {
    !key.modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        && matches!(
            key.code,
            KeyCode::Char(_)
                | KeyCode::Backspace
                | KeyCode::Delete
                | KeyCode::Left
                | KeyCode::Right
                | KeyCode::Up
                | KeyCode::Down
                | KeyCode::Home
                | KeyCode::End
                | KeyCode::Enter
        )
}

/// How a press is written in the help's keys column.
fn written(press: &Press) -> String {
    let name = match press.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Down => "↓".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::PageUp => "PgUp".into(),
        other => format!("{other:?}"),
    };
    if press.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", name.to_uppercase())
    } else {
        name
    }
}

/// Every press of a table is named in its binding's keys column.
fn assert_presses_written<S, C>(table: &Table<S, C>) {
    for binding in table.bindings {
        for press in binding.presses {
            let name = written(press);
            assert!(
                binding.keys.split(' ').any(|k| k == name),
                "{}: {name} is handled but its help says \"{}\"",
                table.zh,
                binding.keys
            );
        }
    }
}

/// What a key can change on the review screen (the session changes only through effects).
fn fingerprint(app: &App) -> String {
    format!(
        "{:?}|{:?}|{}|{}|{:?}|{}|{}",
        app.mode, app.status, app.selected, app.measure, app.focus, app.detail_scroll, app.quit
    )
}

#[test]
fn no_key_the_review_screen_handles_is_missing_from_its_help() {
    for table in review_keys::ALL {
        assert_presses_written(table);
    }
    for (name, state) in review_states() {
        let app = state();
        let table = review_keys::table(&app);
        let before = fingerprint(&app);
        for key in universe() {
            let mut after = state();
            let effects = press(&mut after, key);
            let changed = !effects.is_empty() || fingerprint(&after) != before;
            if !changed {
                continue;
            }
            let bound = review_keys::GLOBAL.find(&key).is_some() || table.find(&key).is_some();
            assert!(
                bound || (table.text && edits_text(&key)),
                "{name}: {key:?} changes the screen but is not in the mode's keys"
            );
        }
    }
}

// ---------- the chair's screen ----------

fn chair_app() -> ChairApp {
    let combined = merge(
        &common::panel::inputs(),
        common::panel::OPTIONS,
        &ChairInput::default(),
    )
    .expect("merge");
    ChairApp::new(combined, ChairInput::default(), "panel.sqlite", Lang::Zh)
}

fn chair_press(app: &mut ChairApp, key: KeyEvent) -> Vec<ChairEffect> {
    chair_update::handle_key(app, key).map_or_else(Vec::new, |a| chair_update::update(app, a))
}

fn chair_keys_pressed(app: &mut ChairApp, codes: &[KeyCode]) {
    for code in codes {
        chair_press(app, KeyEvent::new(*code, KeyModifiers::NONE));
    }
}

fn chair_typed(app: &mut ChairApp, text: &str) {
    for c in text.chars() {
        chair_press(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn chair_states() -> Vec<State<ChairApp>> {
    vec![
        ("matrix, qualitative", chair_app),
        ("matrix, quantitative", || {
            let mut app = chair_app();
            chair_keys_pressed(&mut app, &[KeyCode::Down; 7]);
            app
        }),
        ("matrix, signed", || {
            let mut app = chair_app();
            app.signed = true;
            chair_keys_pressed(&mut app, &[KeyCode::Down; 7]);
            app
        }),
        ("note", || {
            let mut app = chair_app();
            chair_keys_pressed(&mut app, &[KeyCode::Char('c')]);
            chair_typed(&mut app, "合议");
            app
        }),
        ("correction value", || {
            let mut app = chair_app();
            chair_keys_pressed(&mut app, &[KeyCode::Down; 7]);
            chair_keys_pressed(&mut app, &[KeyCode::Char('x')]);
            chair_typed(&mut app, "12");
            app
        }),
        ("correction reason", || {
            let mut app = chair_app();
            chair_keys_pressed(&mut app, &[KeyCode::Down; 7]);
            chair_keys_pressed(&mut app, &[KeyCode::Char('x')]);
            chair_typed(&mut app, "12");
            chair_keys_pressed(&mut app, &[KeyCode::Enter]);
            chair_typed(&mut app, "按年报");
            app
        }),
        ("ranking", || {
            let mut app = chair_app();
            chair_keys_pressed(&mut app, &[KeyCode::Char('r')]);
            app
        }),
        ("help", || {
            let mut app = chair_app();
            chair_keys_pressed(&mut app, &[KeyCode::Char('?')]);
            app
        }),
        ("agenda", || {
            let mut app = chair_app();
            chair_keys_pressed(&mut app, &[KeyCode::Char('a')]);
            app
        }),
        ("opinions", || {
            let mut app = chair_app();
            chair_keys_pressed(&mut app, &[KeyCode::Char('o')]);
            app
        }),
        ("sign-off, items open", || {
            let mut app = chair_app();
            app.signer = Some(chair_signer());
            chair_keys_pressed(&mut app, &[KeyCode::Char('S')]);
            app
        }),
        ("sign-off, the gate passes", || {
            let mut app = settled_chair_app();
            chair_keys_pressed(&mut app, &[KeyCode::Char('S')]);
            app
        }),
        ("chair's key entry", || {
            let mut app = settled_chair_app();
            chair_keys_pressed(&mut app, &[KeyCode::Char('S'), KeyCode::Enter]);
            chair_typed(&mut app, "/keys/C01.key.pem");
            app
        }),
    ]
}

fn chair_signer() -> ChairSigner {
    ChairSigner {
        id: "C01".into(),
        name: "王组长".into(),
    }
}

/// The chair's screen with the only agenda item (indicator 1's divergent scores) settled by a
/// consensus note, and a chair to sign.
fn settled_chair_app() -> ChairApp {
    let chair = ChairInput {
        corrections: Vec::new(),
        notes: vec![Note {
            package_id: "demo".into(),
            indicator: 1,
            text: "合议：维持".into(),
        }],
    };
    let combined = merge(&common::panel::inputs(), common::panel::OPTIONS, &chair).expect("merge");
    let mut app = ChairApp::new(combined, chair, "panel.sqlite", Lang::Zh);
    app.signer = Some(chair_signer());
    app
}

fn chair_did(
    command: ChairCommand,
    before: &ChairApp,
    after: &ChairApp,
    effects: &[ChairEffect],
) -> bool {
    match (&before.mode, command) {
        (ChairMode::Matrix, ChairCommand::Next) => after.indicator == before.indicator + 1,
        (ChairMode::Matrix, ChairCommand::NextMeasure) => after.measure != before.measure,
        (ChairMode::Matrix, ChairCommand::Note) => matches!(after.mode, ChairMode::Note(_)),
        (ChairMode::Matrix, ChairCommand::Correct) => {
            matches!(after.mode, ChairMode::CorrectionValue { .. })
        }
        (ChairMode::Matrix, ChairCommand::Ranking) => {
            matches!(after.mode, ChairMode::Ranking { .. })
        }
        (ChairMode::Matrix, ChairCommand::Help) => matches!(after.mode, ChairMode::Help { .. }),
        (_, ChairCommand::Quit) => after.quit || !effects.is_empty(),
        (ChairMode::Note(_), ChairCommand::Close) => effects
            .iter()
            .any(|e| matches!(e, ChairEffect::SetNote { text, .. } if text == "合议")),
        (ChairMode::CorrectionValue { .. }, ChairCommand::Confirm) => {
            matches!(after.mode, ChairMode::CorrectionReason { .. })
        }
        (ChairMode::CorrectionValue { .. }, ChairCommand::Cancel) => {
            matches!(after.mode, ChairMode::Matrix) && effects.is_empty()
        }
        (ChairMode::CorrectionReason { .. }, ChairCommand::Confirm | ChairCommand::Close) => {
            effects.iter().any(|e| {
                matches!(e, ChairEffect::SetCorrection { correction: Some((v, r)), .. }
                    if *v == 12.into() && r == "按年报")
            })
        }
        (ChairMode::Ranking { .. } | ChairMode::Help { .. }, ChairCommand::Next) => matches!(
            after.mode,
            ChairMode::Ranking { scroll: 1 } | ChairMode::Help { scroll: 1 }
        ),
        (ChairMode::Ranking { .. } | ChairMode::Help { .. }, ChairCommand::Close) => {
            matches!(after.mode, ChairMode::Matrix)
        }
        (ChairMode::Matrix, ChairCommand::Agenda) => matches!(after.mode, ChairMode::Agenda { .. }),
        (ChairMode::Matrix, ChairCommand::Opinions) => {
            matches!(after.mode, ChairMode::Opinions { .. })
        }
        (ChairMode::Matrix, ChairCommand::SignOff) => matches!(after.mode, ChairMode::SignOff),
        (ChairMode::Agenda { selected }, ChairCommand::Next) => {
            matches!(after.mode, ChairMode::Agenda { selected: s } if s > *selected)
                || cluster_review::meeting::agenda(&before.combined).len() <= selected + 1
        }
        // Enter on an item shows its cluster and indicator in the matrix
        (ChairMode::Agenda { selected }, ChairCommand::Confirm) => {
            let items = cluster_review::meeting::agenda(&before.combined);
            let item = &items[*selected];
            matches!(after.mode, ChairMode::Matrix)
                && after.cluster().map(|c| c.package.id.as_str()) == Some(item.package_id.as_str())
                && after.result().map(|r| r.id) == Some(item.indicator)
        }
        (
            ChairMode::Agenda { .. } | ChairMode::Opinions { .. } | ChairMode::SignOff,
            ChairCommand::Close,
        ) => {
            matches!(after.mode, ChairMode::Matrix)
        }
        (ChairMode::Opinions { .. }, ChairCommand::Next) => {
            matches!(after.mode, ChairMode::Opinions { scroll: 1 })
        }
        (ChairMode::SignOff, ChairCommand::Agenda) => {
            matches!(after.mode, ChairMode::Agenda { .. })
        }
        (ChairMode::SignOff, ChairCommand::Confirm) => {
            matches!(after.mode, ChairMode::SignKey { .. })
        }
        (ChairMode::SignKey { .. }, ChairCommand::Confirm) => effects.iter().any(
            |e| matches!(e, ChairEffect::Sign { key_file } if key_file == "/keys/C01.key.pem"),
        ),
        (ChairMode::SignKey { .. }, ChairCommand::Cancel) => {
            matches!(after.mode, ChairMode::SignOff)
        }
        _ => false,
    }
}

#[test]
fn every_hinted_key_of_the_chairs_screen_does_what_its_hint_says() {
    for (name, state) in chair_states() {
        let app = state();
        let table = chair_keys::table(&app);
        let hinted = table.hinted(&app);
        assert!(!hinted.is_empty(), "{name}: nothing hinted");
        for binding in hinted {
            for press in binding.presses {
                let mut after = state();
                let effects = chair_press(&mut after, event(press));
                assert!(
                    chair_did(binding.command, &app, &after, &effects),
                    "{name}: {press:?} ({}) did not do it; now {:?}, effects {effects:?}",
                    binding.label(Lang::Zh),
                    after.mode
                );
            }
        }
        let mut after = state();
        let effects = chair_press(
            &mut after,
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        );
        assert!(after.quit || !effects.is_empty(), "{name}: Ctrl-C");
    }
    let signed = chair_keys::hint_bar(&chair_states()[2].1());
    assert!(
        !signed.contains("c 合议意见") && !signed.contains("x 更正"),
        "{signed}"
    );
}

/// What a key can change on the chair's screen.
fn chair_fingerprint(app: &ChairApp) -> String {
    format!(
        "{:?}|{:?}|{}|{}|{}|{}|{}",
        app.mode, app.status, app.cluster, app.indicator, app.measure, app.expert_offset, app.quit
    )
}

#[test]
fn no_key_the_chairs_screen_handles_is_missing_from_its_help() {
    for table in chair_keys::ALL {
        assert_presses_written(table);
    }
    for (name, state) in chair_states() {
        let app = state();
        let table = chair_keys::table(&app);
        let before = chair_fingerprint(&app);
        for key in universe() {
            let mut after = state();
            let effects = chair_press(&mut after, key);
            if effects.is_empty() && chair_fingerprint(&after) == before {
                continue;
            }
            let bound = chair_keys::GLOBAL.find(&key).is_some() || table.find(&key).is_some();
            assert!(
                bound || (table.text && edits_text(&key)),
                "{name}: {key:?} changes the screen but is not in the mode's keys"
            );
        }
    }
}

// ---------- the meeting screen ----------

fn meeting_app() -> MeetingApp {
    demo_meeting_app(Lang::Zh).expect("demo meeting")
}

fn meeting_press(app: &mut MeetingApp, key: KeyEvent) -> Vec<MeetingEffect> {
    meeting_update::handle_key(app, key).map_or_else(Vec::new, |a| meeting_update::update(app, a))
}

fn meeting_keys_pressed(app: &mut MeetingApp, codes: &[KeyCode]) {
    for code in codes {
        meeting_press(app, KeyEvent::new(*code, KeyModifiers::NONE));
    }
}

fn meeting_states() -> Vec<State<MeetingApp>> {
    vec![
        ("list, the selected cluster ready", meeting_app),
        ("list, the selected cluster not started", || {
            let mut app = meeting_app();
            meeting_keys_pressed(&mut app, &[KeyCode::Down]);
            app
        }),
        ("一览", || {
            let mut app = meeting_app();
            meeting_keys_pressed(&mut app, &[KeyCode::Tab]);
            app
        }),
        ("sign confirm", || {
            let mut app = meeting_app();
            meeting_keys_pressed(&mut app, &[KeyCode::Char('A')]);
            app
        }),
        ("meeting key entry", || {
            let mut app = meeting_app();
            meeting_keys_pressed(&mut app, &[KeyCode::Char('A'), KeyCode::Enter]);
            for c in "/keys/E01.key.pem".chars() {
                meeting_press(
                    &mut app,
                    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
                );
            }
            app
        }),
        ("meeting help", || {
            let mut app = meeting_app();
            meeting_keys_pressed(&mut app, &[KeyCode::Char('?')]);
            app
        }),
    ]
}

fn meeting_did(
    command: MeetingCommand,
    before: &MeetingApp,
    after: &MeetingApp,
    effects: &[MeetingEffect],
) -> bool {
    let overview = |m: &MeetingMode| match m {
        MeetingMode::Overview { row, column } => Some((*row, *column)),
        _ => None,
    };
    match (&before.mode, command) {
        // down moves to the next cluster (the last stays selected)
        (MeetingMode::List, MeetingCommand::Next) => {
            after.selected == (before.selected + 1).min(before.clusters.len() - 1)
        }
        (MeetingMode::List, MeetingCommand::Open) => effects.iter().any(|e| {
            matches!(e, MeetingEffect::Open { index, indicator: None } if *index == before.selected)
        }),
        (MeetingMode::List, MeetingCommand::Overview) => overview(&after.mode).is_some(),
        (MeetingMode::List, MeetingCommand::SignSelected) => matches!(
            &after.mode,
            MeetingMode::SignConfirm { targets } if *targets == vec![before.selected]
        ),
        (MeetingMode::List, MeetingCommand::SignReady) => matches!(
            &after.mode,
            MeetingMode::SignConfirm { targets } if *targets == before.ready()
        ),
        (MeetingMode::List, MeetingCommand::Help) => matches!(after.mode, MeetingMode::Help { .. }),
        (_, MeetingCommand::Quit) => after.quit,
        (MeetingMode::Overview { row, .. }, MeetingCommand::Next) => {
            overview(&after.mode).is_some_and(|(r, _)| r == row + 1)
        }
        (MeetingMode::Overview { column, .. }, MeetingCommand::Right) => {
            overview(&after.mode).is_some_and(|(_, c)| c == column + 1)
        }
        // Enter jumps to that cluster and indicator (the first row: indicator 1)
        (MeetingMode::Overview { column, .. }, MeetingCommand::Open) => effects.iter().any(|e| {
            matches!(e, MeetingEffect::Open { index, indicator: Some(1) } if index == column)
        }),
        (MeetingMode::Overview { .. }, MeetingCommand::Close) => {
            matches!(after.mode, MeetingMode::List)
        }
        (MeetingMode::SignConfirm { .. }, MeetingCommand::Confirm) => {
            matches!(after.mode, MeetingMode::SignKey { .. })
        }
        (MeetingMode::SignConfirm { .. }, MeetingCommand::Cancel) => {
            matches!(after.mode, MeetingMode::List)
        }
        (MeetingMode::SignKey { .. }, MeetingCommand::Confirm) => effects.iter().any(|e| {
            matches!(e, MeetingEffect::Sign { targets, key_file }
                if key_file == "/keys/E01.key.pem" && *targets == vec![0])
        }),
        (MeetingMode::SignKey { .. }, MeetingCommand::Cancel) => {
            matches!(after.mode, MeetingMode::SignConfirm { .. })
        }
        (MeetingMode::Help { .. }, MeetingCommand::Next) => {
            matches!(after.mode, MeetingMode::Help { scroll: 1 })
        }
        (MeetingMode::Help { .. }, MeetingCommand::Close) => matches!(after.mode, MeetingMode::List),
        _ => false,
    }
}

#[test]
fn every_hinted_key_of_the_meeting_screen_does_what_its_hint_says() {
    for (name, state) in meeting_states() {
        let app = state();
        let table = meeting_keys::table(&app).expect("a table of the meeting screen");
        let hinted = table.hinted(&app);
        assert!(!hinted.is_empty(), "{name}: nothing hinted");
        let bar = meeting_keys::hint_bar(&app);
        for binding in hinted {
            for press in binding.presses {
                let mut after = state();
                let effects = meeting_press(&mut after, event(press));
                assert!(
                    meeting_did(binding.command, &app, &after, &effects),
                    "{name}: {press:?} ({}) hinted in \"{bar}\" did not do it; effects {effects:?}",
                    binding.label(Lang::Zh),
                );
            }
        }
        let mut after = state();
        meeting_press(
            &mut after,
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        );
        assert!(after.quit, "{name}: Ctrl-C");
    }
    let hint = |name: &str| {
        let states = meeting_states();
        let (_, state) = states.iter().find(|(n, _)| *n == name).expect("state");
        meeting_keys::hint_bar(&state())
    };
    // S signs only a ready cluster; A while any is ready
    let ready = hint("list, the selected cluster ready");
    assert!(
        ready.contains("S 签署") && ready.contains("A 全部签署"),
        "{ready}"
    );
    let not_started = hint("list, the selected cluster not started");
    assert!(
        !not_started.contains("S 签署") && not_started.contains("A 全部签署"),
        "{not_started}"
    );
}

/// What a key can change on the meeting screen.
fn meeting_fingerprint(app: &MeetingApp) -> String {
    format!(
        "{:?}|{:?}|{}|{:?}|{}",
        app.mode, app.status, app.selected, app.open, app.quit
    )
}

#[test]
fn no_key_the_meeting_screen_handles_is_missing_from_its_help() {
    for table in meeting_keys::ALL {
        assert_presses_written(table);
    }
    for (name, state) in meeting_states() {
        let app = state();
        let table = meeting_keys::table(&app).expect("a table");
        let before = meeting_fingerprint(&app);
        for key in universe() {
            let mut after = state();
            let effects = meeting_press(&mut after, key);
            if effects.is_empty() && meeting_fingerprint(&after) == before {
                continue;
            }
            let bound = meeting_keys::GLOBAL.find(&key).is_some() || table.find(&key).is_some();
            assert!(
                bound || (table.text && edits_text(&key)),
                "{name}: {key:?} changes the screen but is not in the mode's keys"
            );
        }
    }
}

/// In a meeting, Esc on the review's list or on the declaration of a new session goes back to
/// the meeting's clusters (the declaration's Esc quits outside a meeting, as before), and the
/// review's hint bar and help say so.
#[test]
fn esc_in_a_clusters_review_goes_back_to_the_meetings_list() {
    let mut app = meeting_app();
    let mut review = demo_app(Lang::Zh).expect("demo");
    review.in_meeting = true;
    assert!(review_keys::hint_bar(&review).contains("Esc 集群列表"));
    meeting_update::update(
        &mut app,
        meeting_update::MeetingAction::Opened {
            index: 0,
            app: Box::new(review),
        },
    );
    assert!(matches!(app.mode, MeetingMode::Review(_)));
    // keys go to the review screen: Down selects indicator 2 there
    meeting_keys_pressed(&mut app, &[KeyCode::Down]);
    let MeetingMode::Review(inner) = &app.mode else {
        panic!("review");
    };
    assert_eq!(inner.selected, 1);
    let effects = meeting_press(&mut app, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(matches!(app.mode, MeetingMode::List), "{:?}", app.mode);
    assert_eq!(effects, vec![MeetingEffect::Close]);
    assert!(!app.quit);

    // the declaration of a new session: Esc is back, nothing declared
    let mut review = demo_app(Lang::Zh).expect("demo");
    let mut session = review.session.clone();
    session.declaration = None;
    review.set_session(session);
    review.mode = Mode::Declaration;
    review.in_meeting = true;
    meeting_update::update(
        &mut app,
        meeting_update::MeetingAction::Opened {
            index: 1,
            app: Box::new(review),
        },
    );
    let effects = meeting_press(&mut app, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(effects, vec![MeetingEffect::Close]);
    assert!(matches!(app.mode, MeetingMode::List) && !app.quit);
    // outside a meeting the declaration's Esc still quits
    let mut alone = demo_app(Lang::Zh).expect("demo");
    alone.mode = Mode::Declaration;
    press(&mut alone, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(alone.quit);
    // q in the review quits the whole meeting screen
    let mut review = demo_app(Lang::Zh).expect("demo");
    review.in_meeting = true;
    meeting_update::update(
        &mut app,
        meeting_update::MeetingAction::Opened {
            index: 0,
            app: Box::new(review),
        },
    );
    meeting_press(
        &mut app,
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE),
    );
    assert!(app.quit);
}

// ---------- the help overlay ----------

/// The text inside the help box, row by row, at every scroll position until the end.
fn help_pages(draw: &dyn Fn(&mut ratatui::Frame, usize)) -> Vec<String> {
    let mut pages = Vec::new();
    for scroll in 0..200 {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        terminal.draw(|frame| draw(frame, scroll)).expect("draw");
        let buffer = terminal.backend().buffer().clone();
        let text = cluster_review::tui::widgets::screen_text(&buffer);
        // the box: from its title row to its bottom border, between its side borders
        let rows: Vec<&str> = text.lines().collect();
        let top = rows
            .iter()
            .position(|r| r.contains("按键说明") || r.contains(" Keys "))
            .expect("the help box");
        let left = buffer
            .content
            .iter()
            .skip(usize::from(buffer.area.width) * top)
            .position(|c| c.symbol() == "┌")
            .expect("corner");
        let mut page = String::new();
        for y in top + 1..usize::from(buffer.area.height) {
            let first = buffer.cell((
                u16::try_from(left).expect("x"),
                u16::try_from(y).expect("y"),
            ));
            if first.is_some_and(|c| c.symbol() == "└") {
                break;
            }
            let mut row = String::new();
            for x in left + 1..left + 77 {
                if let Some(cell) =
                    buffer.cell((u16::try_from(x).expect("x"), u16::try_from(y).expect("y")))
                {
                    if cell.symbol() == "│" && x == left + 75 {
                        break;
                    }
                    row.push_str(cell.symbol());
                }
            }
            page.push_str(&row);
            page.push('\n');
        }
        let done = pages.last() == Some(&page);
        if done {
            break;
        }
        pages.push(page);
    }
    pages
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_help_complete(lines: &[HelpLine], pages: &[String], what: &str) {
    assert!(pages.len() > 1, "{what}: the help scrolls at 80×24");
    let seen = squeeze(&pages.concat());
    for line in lines {
        let (HelpLine::Section(text) | HelpLine::Keys(_, text)) = line;
        assert!(
            seen.contains(&squeeze(text)),
            "{what}: \"{text}\" is never shown at 80×24"
        );
        if let HelpLine::Keys(keys, _) = line {
            assert!(seen.contains(&squeeze(keys)), "{what}: keys \"{keys}\" cut");
        }
    }
}

#[test]
fn the_help_shows_every_binding_at_80x24_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let pages = help_pages(&|frame, scroll| {
            let mut app = demo_app(lang).expect("demo");
            app.mode = Mode::Help { scroll };
            cluster_review::tui::screens::review::draw::draw(frame, &app);
        });
        assert_help_complete(
            &review_keys::help(lang),
            &pages,
            &format!("review {lang:?}"),
        );
        let pages = help_pages(&|frame, scroll| {
            let mut app = chair_app();
            app.lang = lang;
            app.mode = ChairMode::Help { scroll };
            cluster_review::tui::screens::chair::draw::draw(frame, &app);
        });
        assert_help_complete(&chair_keys::help(lang), &pages, &format!("chair {lang:?}"));
        let pages = help_pages(&|frame, scroll| {
            let mut app = meeting_app();
            app.lang = lang;
            app.mode = MeetingMode::Help { scroll };
            cluster_review::tui::screens::meeting::draw::draw(frame, &app);
        });
        assert_help_complete(
            &meeting_keys::help(lang),
            &pages,
            &format!("meeting {lang:?}"),
        );
    }
    // the declaration's quit is in the help too (it ends a new session's screen)
    let mut app = demo_app(Lang::Zh).expect("demo");
    app.mode = Mode::Declaration;
    let mut session = app.session.clone();
    session.declaration = None::<Declaration>;
    app.set_session(session);
    assert!(
        press(
            &mut app,
            KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)
        )
        .is_empty()
            && app.quit
    );
}
