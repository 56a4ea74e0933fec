//! The review screen's state machine: key events in, state and effects out — no terminal, no
//! file. Every key binding of DESIGN §8 is exercised here.

use cluster_review::i18n::Lang;
use cluster_review::rubric::IndicatorKind;
use cluster_review::session::{DeclarationKind, Edit, MeasureStatus};
use cluster_review::tui::app::{App, EditorTarget, Focus, Mode, Status};
use cluster_review::tui::demo::demo_app;
use cluster_review::tui::update::{AUTOSAVE_AFTER, Action, Effect, handle_key, update};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use rust_decimal::Decimal;
use std::time::{Duration, Instant};

fn app() -> App {
    demo_app(Lang::Zh).expect("demo")
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Presses keys; returns every effect they asked for.
fn press(app: &mut App, codes: &[KeyCode]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for code in codes {
        if let Some(action) = handle_key(app, key(*code)) {
            effects.extend(update(app, action));
        }
    }
    effects
}

fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    let codes: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
    press(app, &codes)
}

fn selected_id(app: &App) -> u32 {
    app.indicator().map_or(0, |i| i.id)
}

#[test]
fn indicator_one_is_selected_at_start_and_arrows_or_jk_move() {
    let mut app = app();
    assert_eq!(selected_id(&app), 1);
    assert!(matches!(app.mode, Mode::Normal));
    press(&mut app, &[KeyCode::Down, KeyCode::Char('j')]);
    assert_eq!(selected_id(&app), 3);
    press(&mut app, &[KeyCode::Up]);
    assert_eq!(selected_id(&app), 2);
    press(
        &mut app,
        &[KeyCode::Char('k'), KeyCode::Char('k'), KeyCode::Up],
    );
    assert_eq!(selected_id(&app), 1, "stops at the first");
    press(&mut app, &[KeyCode::Down; 30]);
    assert_eq!(selected_id(&app), 20, "stops at the last");
}

#[test]
fn enter_points_enter_saves_and_esc_cancels() {
    let mut app = app();
    let effects = press(&mut app, &[KeyCode::Enter]);
    assert!(effects.is_empty());
    assert!(matches!(app.mode, Mode::Entry(_)));
    let mut effects = type_text(&mut app, "6.5");
    effects.extend(press(&mut app, &[KeyCode::Enter]));
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::Points {
            indicator: 1,
            points: Decimal::new(65, 1)
        }])]
    );
    assert!(matches!(app.mode, Mode::Normal));
    press(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "3");
    assert!(
        press(&mut app, &[KeyCode::Esc]).is_empty(),
        "Esc cancels without saving"
    );
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn full_width_digits_are_points() {
    let mut app = app();
    press(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "７．５");
    let effects = press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::Points {
            indicator: 1,
            points: Decimal::new(75, 1)
        }])]
    );
}

#[test]
fn points_off_the_weight_or_step_are_refused_in_the_entry() {
    for (typed, message) in [
        ("9", "超出范围"),
        ("6.3", "不在步长上"),
        ("abc", "请输入数字"),
    ] {
        let mut app = app();
        press(&mut app, &[KeyCode::Enter]);
        type_text(&mut app, typed);
        let effects = press(&mut app, &[KeyCode::Enter]);
        assert!(effects.is_empty(), "{typed} must not be saved");
        let Mode::Entry(entry) = &app.mode else {
            panic!("the entry stays open for {typed}")
        };
        assert!(
            entry
                .error
                .as_deref()
                .is_some_and(|e| e.contains(message) && e.contains("原分数未改变")),
            "{:?}",
            entry.error
        );
    }
}

#[test]
fn quantitative_indicators_are_not_scored_by_hand_but_their_measures_are_checked() {
    let mut app = app();
    press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
    assert_eq!(
        app.indicator().map(|i| i.kind),
        Some(IndicatorKind::Quantitative)
    );
    press(&mut app, &[KeyCode::Enter]);
    assert!(matches!(app.mode, Mode::Normal));
    assert!(matches!(&app.status, Status::Info(text) if text.contains("定量指标")));
    // indicator 5 has two measures: Tab to the detail pane, pick the second, set its status
    press(&mut app, &[KeyCode::Down, KeyCode::Tab, KeyCode::Down]);
    assert_eq!(app.focus, Focus::Detail);
    assert_eq!(app.measure_id().as_deref(), Some("hightech_share"));
    press(&mut app, &[KeyCode::Char('v')]);
    assert!(matches!(&app.mode, Mode::StatusPicker { measure, .. } if measure == "hightech_share"));
    let effects = press(&mut app, &[KeyCode::Char('2')]);
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::Status {
            measure: "hightech_share".into(),
            status: MeasureStatus::Verified
        }])]
    );
    // and the picker works with arrows and Enter
    press(
        &mut app,
        &[KeyCode::Char('v'), KeyCode::Down, KeyCode::Down],
    );
    let effects = press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::Status {
            measure: "hightech_share".into(),
            status: MeasureStatus::Doubtful
        }])]
    );
    // Tab returns to the list; on a qualitative indicator Tab stays there
    press(&mut app, &[KeyCode::Tab]);
    assert_eq!(app.focus, Focus::List);
    press(
        &mut app,
        &[
            KeyCode::Up,
            KeyCode::Up,
            KeyCode::Up,
            KeyCode::Up,
            KeyCode::Tab,
        ],
    );
    assert_eq!((selected_id(&app), app.focus), (1, Focus::List));
}

#[test]
fn notes_and_corrected_figures_of_a_measure() {
    let mut app = app();
    press(&mut app, &[KeyCode::Down; 11]);
    assert_eq!(selected_id(&app), 12);
    press(&mut app, &[KeyCode::Char('x')]);
    type_text(&mut app, "6.35");
    let effects = press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::Corrected {
            measure: "ip_per_100m".into(),
            value: Some(Decimal::new(635, 2))
        }])]
    );
    press(&mut app, &[KeyCode::Char('n')]);
    assert!(
        matches!(&app.mode, Mode::Editor(e) if e.target == EditorTarget::Note("ip_per_100m".into()))
    );
    type_text(&mut app, "申报值偏高");
    let effects = press(&mut app, &[KeyCode::Esc]);
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::Note {
            measure: "ip_per_100m".into(),
            text: "申报值偏高".into()
        }])]
    );
}

#[test]
fn the_comment_editor_keeps_chinese_text_and_saves_on_esc() {
    let mut app = app();
    press(&mut app, &[KeyCode::Down, KeyCode::Char('c')]);
    assert!(matches!(&app.mode, Mode::Editor(e) if e.target == EditorTarget::Comment(2)));
    type_text(&mut app, "推进体系健全，");
    press(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "考核到位。");
    let effects = press(&mut app, &[KeyCode::Esc]);
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::Comment {
            indicator: 2,
            text: "推进体系健全，\n考核到位。".into()
        }])]
    );
    assert!(matches!(app.mode, Mode::Normal));
    // closing an unchanged editor saves nothing
    press(&mut app, &[KeyCode::Char('o')]);
    assert!(press(&mut app, &[KeyCode::Esc]).is_empty());
}

#[test]
fn pasted_text_lands_in_the_editor() {
    let mut app = app();
    press(&mut app, &[KeyCode::Char('o')]);
    update(
        &mut app,
        Action::Paste("集群发展态势良好，\n建议通过。".into()),
    );
    let effects = press(&mut app, &[KeyCode::Esc]);
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::Overall {
            text: "集群发展态势良好，\n建议通过。".into()
        }])]
    );
}

#[test]
fn an_editor_saves_itself_when_typing_pauses_and_before_quitting() {
    let mut app = app();
    press(&mut app, &[KeyCode::Char('c')]);
    type_text(&mut app, "草稿");
    let start = Instant::now();
    assert!(
        update(&mut app, Action::Tick(start)).is_empty(),
        "the pause starts"
    );
    assert!(
        update(&mut app, Action::Tick(start + Duration::from_millis(500))).is_empty(),
        "not yet"
    );
    let effects = update(&mut app, Action::Tick(start + AUTOSAVE_AFTER));
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::Comment {
            indicator: 1,
            text: "草稿".into()
        }])]
    );
    assert!(
        update(&mut app, Action::Tick(start + AUTOSAVE_AFTER * 3)).is_empty(),
        "saved once"
    );
    type_text(&mut app, "二稿");
    let quit = handle_key(
        &app,
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    )
    .expect("Ctrl-C");
    let effects = update(&mut app, quit);
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::Comment {
            indicator: 1,
            text: "草稿二稿".into()
        }])]
    );
    assert!(app.quit);
}

#[test]
fn key_releases_are_ignored() {
    let app = app();
    let release = KeyEvent {
        kind: KeyEventKind::Release,
        ..key(KeyCode::Down)
    };
    assert!(handle_key(&app, release).is_none());
    assert!(handle_key(&app, key(KeyCode::Down)).is_some());
}

#[test]
fn q_quits_and_help_and_signoff_open_and_close() {
    let mut app = app();
    press(&mut app, &[KeyCode::Char('?')]);
    assert!(matches!(app.mode, Mode::Help));
    press(&mut app, &[KeyCode::Esc]);
    assert!(matches!(app.mode, Mode::Normal));
    press(&mut app, &[KeyCode::Char('S')]);
    assert!(matches!(app.mode, Mode::SignOff));
    assert!(
        !app.summary.problems.is_empty(),
        "a new session has work left"
    );
    press(&mut app, &[KeyCode::Esc]);
    assert!(!app.quit);
    press(&mut app, &[KeyCode::Char('q')]);
    assert!(app.quit);
}

#[test]
fn a_saved_action_updates_the_session_and_the_status_line() {
    let mut app = app();
    let mut session = app.session.clone();
    session.scores.entry(1).or_default().points = Some(Decimal::new(7, 0));
    update(
        &mut app,
        Action::Saved {
            at: "10:32:15".into(),
            session: Box::new(session),
        },
    );
    assert_eq!(app.status, Status::Saved("10:32:15".into()));
    assert_eq!(app.summary.qualitative_points, Decimal::new(7, 0));
    update(&mut app, Action::Failed("disk full".into()));
    assert_eq!(app.status, Status::Error("disk full".into()));
}

#[test]
fn a_new_session_asks_for_the_declaration_first() {
    let mut app = app();
    app.session.declaration = None;
    let mut app = App::new(app.rubric, app.package, app.session, Lang::Zh);
    assert!(matches!(app.mode, Mode::Declaration));
    let effects = press(&mut app, &[KeyCode::Char('y')]);
    assert_eq!(
        effects,
        [Effect::Declare(DeclarationKind::NoConflict, String::new())]
    );

    let mut app = App::new(
        app.rubric,
        app.package,
        {
            let mut s = app.session;
            s.declaration = None;
            s
        },
        Lang::Zh,
    );
    press(&mut app, &[KeyCode::Char('r')]);
    assert!(
        press(&mut app, &[KeyCode::Enter]).is_empty(),
        "a recusal needs a reason"
    );
    type_text(&mut app, "曾任该园区顾问");
    let effects = press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        effects,
        [Effect::Declare(
            DeclarationKind::Recused,
            "曾任该园区顾问".into()
        )]
    );
}

#[test]
fn a_recused_expert_cannot_open_any_editor() {
    let mut app = app();
    if let Some(d) = app.session.declaration.as_mut() {
        d.kind = DeclarationKind::Recused;
    }
    for code in [KeyCode::Enter, KeyCode::Char('c'), KeyCode::Char('o')] {
        press(&mut app, &[code]);
        assert!(matches!(app.mode, Mode::Normal), "{code:?}");
        assert!(matches!(&app.status, Status::Error(text) if text.contains("回避")));
    }
}

#[test]
fn the_evidence_viewer_opens_on_the_indicators_file_and_searches() {
    let mut app = app();
    press(&mut app, &[KeyCode::Char('e')]);
    let Mode::Viewer(viewer) = &app.mode else {
        panic!("viewer")
    };
    assert!(
        app.package.sources[viewer.file]
            .path
            .starts_with("evidence/01")
    );
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "宁紫示管");
    press(&mut app, &[KeyCode::Enter]);
    let Mode::Viewer(viewer) = &app.mode else {
        panic!("viewer")
    };
    let line = app.package.sources[viewer.file]
        .text
        .lines()
        .nth(viewer.scroll)
        .unwrap_or_default();
    assert!(line.contains("宁紫示管"), "{line}");
    assert!(!viewer.not_found);
    press(&mut app, &[KeyCode::Right]);
    let Mode::Viewer(viewer) = &app.mode else {
        panic!("viewer")
    };
    assert_eq!(
        (viewer.file, viewer.scroll),
        (2, 0),
        "→ shows the next file from its top"
    );
    press(&mut app, &[KeyCode::Esc]);
    assert!(matches!(app.mode, Mode::Normal));
}
