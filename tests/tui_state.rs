//! The review screen's state machine: key events in, state and effects out — no terminal, no
//! file. Every key binding of DESIGN §8 is exercised here. `commit` plays the runtime's part:
//! it applies the effects to the session in memory and reports them saved.

use cluster_review::i18n::Lang;
use cluster_review::rubric::IndicatorKind;
use cluster_review::session::{Declaration, DeclarationKind, Edit, MeasureStatus};
use cluster_review::tui::demo::demo_app;
use cluster_review::tui::screens::review::app::{App, EditorTarget, Focus, Mode, Status};
use cluster_review::tui::screens::review::update::{
    AUTOSAVE_AFTER, Action, Effect, handle_key, update,
};
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

fn ctrl_c(app: &mut App) -> Vec<Effect> {
    let action = handle_key(
        app,
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    )
    .expect("Ctrl-C");
    update(app, action)
}

/// What the runtime does with effects: the edits are applied to the session in memory and
/// reported saved (the store itself is tested elsewhere).
fn commit(app: &mut App, effects: Vec<Effect>) {
    for effect in effects {
        let mut session = app.session.clone();
        match effect {
            Effect::Save(edits) => edits.iter().for_each(|e| session.apply(e)),
            Effect::Declare(kind, reason) => {
                session.declaration = Some(Declaration {
                    kind,
                    reason,
                    at: "now".into(),
                })
            }
            Effect::Sign(_) => panic!("signing is carried out by the runtime, not by commit"),
        }
        update(
            app,
            Action::Saved {
                at: "10:00:00".into(),
                session: Box::new(session),
            },
        );
    }
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
fn enter_points_enter_saves_and_the_entry_closes_when_the_commit_returns() {
    let mut app = app();
    assert!(press(&mut app, &[KeyCode::Enter]).is_empty());
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
    assert!(
        matches!(app.mode, Mode::Entry(_)),
        "the entry waits for the commit"
    );
    commit(&mut app, effects);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.status, Status::Saved("10:00:00".into()));
    // re-scoring starts from an empty entry: typing 7 gives 7, not "6.57"
    press(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "7");
    assert_eq!(
        press(&mut app, &[KeyCode::Enter]),
        [Effect::Save(vec![Edit::Points {
            indicator: 1,
            points: Decimal::new(7, 0)
        }])]
    );
    // Esc cancels without saving
    let mut app = self::app();
    press(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "3");
    assert!(press(&mut app, &[KeyCode::Esc]).is_empty());
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn full_width_digits_and_an_ideographic_point_are_points() {
    for typed in ["７．５", "7。5"] {
        let mut app = app();
        press(&mut app, &[KeyCode::Enter]);
        type_text(&mut app, typed);
        let effects = press(&mut app, &[KeyCode::Enter]);
        assert_eq!(
            effects,
            [Effect::Save(vec![Edit::Points {
                indicator: 1,
                points: Decimal::new(75, 1)
            }])],
            "{typed}"
        );
    }
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
    commit(&mut app, effects);
    // the picker works with arrows and Enter
    press(&mut app, &[KeyCode::Char('v'), KeyCode::Down]);
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
    commit(&mut app, effects);
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
    // a corrected count cannot carry a % sign
    let mut app = self::app();
    press(
        &mut app,
        &[
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Char('x'),
        ],
    );
    type_text(&mut app, "12%");
    assert!(press(&mut app, &[KeyCode::Enter]).is_empty());
    let error = |app: &App| match &app.mode {
        Mode::Entry(entry) => entry.error.clone().unwrap_or_default(),
        _ => String::new(),
    };
    // the real cause is named, and nothing is said about points
    assert!(error(&app).contains("不能带 %"), "{}", error(&app));
    assert!(!error(&app).contains("分数"), "{}", error(&app));
    for _ in 0..3 {
        press(&mut app, &[KeyCode::Backspace]);
    }
    type_text(&mut app, "2000000000000000");
    assert!(press(&mut app, &[KeyCode::Enter]).is_empty());
    assert!(error(&app).contains("10^15"), "{}", error(&app));
    assert!(!error(&app).contains("分数"), "{}", error(&app));
}

#[test]
fn the_comment_editor_keeps_chinese_text_and_saves_on_esc() {
    let mut app = app();
    press(&mut app, &[KeyCode::Down, KeyCode::Char('c')]);
    assert!(matches!(&app.mode, Mode::Editor(e) if e.target == EditorTarget::Comment(2)));
    type_text(&mut app, "推进体系健全，");
    press(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "考核到位。");
    assert_eq!(app.status, Status::Unsaved);
    let effects = press(&mut app, &[KeyCode::Esc]);
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::Comment {
            indicator: 2,
            text: "推进体系健全，\n考核到位。".into()
        }])]
    );
    assert!(
        matches!(app.mode, Mode::Editor(_)),
        "the editor closes only when the commit returns"
    );
    commit(&mut app, effects);
    assert!(matches!(app.mode, Mode::Normal));
    // closing an unchanged editor saves nothing
    press(&mut app, &[KeyCode::Char('o')]);
    assert!(press(&mut app, &[KeyCode::Esc]).is_empty());
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn pasted_text_lands_in_the_editor_with_carriage_returns_as_line_breaks() {
    let mut app = app();
    press(&mut app, &[KeyCode::Char('o')]);
    update(
        &mut app,
        Action::Paste("集群发展态势良好，\r建议通过。\r\n附议。".into()),
    );
    let effects = press(&mut app, &[KeyCode::Esc]);
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::Overall {
            text: "集群发展态势良好，\n建议通过。\n附议。".into()
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
    commit(&mut app, effects);
    assert_eq!(app.status, Status::Saved("10:00:00".into()));
    assert!(
        update(&mut app, Action::Tick(start + AUTOSAVE_AFTER * 3)).is_empty(),
        "saved once"
    );
    type_text(&mut app, "二稿");
    assert_eq!(
        app.status,
        Status::Unsaved,
        "after more typing the status line no longer says saved"
    );
    let effects = ctrl_c(&mut app);
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::Comment {
            indicator: 1,
            text: "草稿二稿".into()
        }])]
    );
    assert!(!app.quit, "quitting waits for the last save");
    commit(&mut app, effects);
    assert!(app.quit);
}

#[test]
fn a_failed_save_keeps_the_editor_and_its_text_and_blocks_quitting() {
    let mut app = app();
    press(&mut app, &[KeyCode::Char('c')]);
    type_text(&mut app, "不能丢的意见");
    assert_eq!(press(&mut app, &[KeyCode::Esc]).len(), 1);
    update(&mut app, Action::Failed("database is locked".into()));
    let Mode::Editor(editor) = &app.mode else {
        panic!("the editor stays open")
    };
    assert_eq!(editor.text(), "不能丢的意见");
    assert_eq!(app.status, Status::Error("database is locked".into()));
    assert_eq!(ctrl_c(&mut app).len(), 1, "quitting tries to save again");
    update(&mut app, Action::Failed("still locked".into()));
    assert!(!app.quit, "never quit over unsaved text");
    assert!(matches!(app.mode, Mode::Editor(_)));
}

#[test]
fn key_releases_are_ignored_everywhere() {
    let mut app = app();
    let release = |code| KeyEvent {
        kind: KeyEventKind::Release,
        ..key(code)
    };
    assert!(handle_key(&app, release(KeyCode::Down)).is_none());
    assert!(handle_key(&app, key(KeyCode::Down)).is_some());
    press(&mut app, &[KeyCode::Char('c')]);
    assert!(handle_key(&app, release(KeyCode::Char('x'))).is_none());
}

#[test]
fn q_quits_and_help_and_signoff_open_and_close() {
    let mut app = app();
    press(&mut app, &[KeyCode::Char('?')]);
    assert!(matches!(app.mode, Mode::Help { .. }));
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
fn a_new_session_asks_for_the_declaration_first_and_only_y_declares() {
    let undeclared = || {
        let app = app();
        let mut session = app.session;
        session.declaration = None;
        App::new(app.rubric, app.package, session, Lang::Zh)
    };
    let mut app = undeclared();
    assert!(matches!(app.mode, Mode::Declaration));
    assert!(
        press(&mut app, &[KeyCode::Enter]).is_empty(),
        "a stray Enter does not declare"
    );
    let effects = press(&mut app, &[KeyCode::Char('y')]);
    assert_eq!(
        effects,
        [Effect::Declare(DeclarationKind::NoConflict, String::new())]
    );
    assert!(
        matches!(app.mode, Mode::Declaration),
        "until the commit returns"
    );
    commit(&mut app, effects);
    assert!(matches!(app.mode, Mode::Normal));

    let mut app = undeclared();
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
    update(&mut app, Action::Failed("disk full".into()));
    assert!(
        matches!(&app.mode, Mode::Editor(e) if e.target == EditorTarget::RecusalReason),
        "a failed declaration keeps the reason"
    );
    let effects = press(&mut app, &[KeyCode::Enter]);
    commit(&mut app, effects);
    assert!(matches!(app.mode, Mode::Normal));
    assert!(app.session.recused());
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

/// A demo session with every blocking problem resolved.
fn ready_app() -> App {
    let mut app = app();
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
    app
}

#[test]
fn enter_on_the_signoff_signs_only_when_nothing_blocks_and_asks_for_the_remembered_key() {
    // with work left, Enter just closes the summary
    let mut app = app();
    press(&mut app, &[KeyCode::Char('S'), KeyCode::Enter]);
    assert!(matches!(app.mode, Mode::Normal));

    let mut app = ready_app();
    app.key_path = "/keys/E01.key.pem".into();
    press(&mut app, &[KeyCode::Char('S')]);
    assert!(app.summary.problems.is_empty());
    press(&mut app, &[KeyCode::Enter]);
    let Mode::SignKey(entry) = &app.mode else {
        panic!("expected the key entry, found {:?}", app.mode);
    };
    assert_eq!(entry.text(), "/keys/E01.key.pem");
    // Esc goes back to the summary without signing
    assert!(press(&mut app, &[KeyCode::Esc]).is_empty());
    assert!(matches!(app.mode, Mode::SignOff));
    press(&mut app, &[KeyCode::Enter]);
    let effects = press(&mut app, &[KeyCode::Enter]);
    assert_eq!(effects, vec![Effect::Sign("/keys/E01.key.pem".into())]);
    // keys while signing is in flight do nothing
    assert!(press(&mut app, &[KeyCode::Enter, KeyCode::Char('x')]).is_empty());

    // a failure (wrong key file) is shown in the entry, which stays open to correct the path
    update(&mut app, Action::Failed("no such file".into()));
    let Mode::SignKey(entry) = &app.mode else {
        panic!("expected the key entry");
    };
    assert_eq!(entry.error.as_deref(), Some("no such file"));
    assert!(!entry.pending);

    // the runtime reports the signed session: the summary shows it, edits are refused
    let mut signed = app.session.clone();
    signed.signed = Some(cluster_review::session::SignOff {
        revision: 1,
        at: "2026-11-28T10:00:00Z".into(),
        sheet_sha256: "ab".repeat(32),
        sheet: Vec::new(),
        signature: Vec::new(),
        public_key: String::new(),
    });
    update(
        &mut app,
        Action::Signed {
            session: Box::new(signed),
            sheet: "sessions/demo/E01.r1.json".into(),
        },
    );
    assert!(matches!(app.mode, Mode::SignOff));
    assert!(matches!(&app.status, Status::Info(text) if text.contains("E01.r1.json")));
    press(&mut app, &[KeyCode::Enter]);
    assert!(
        matches!(app.mode, Mode::Normal),
        "a signed session is not signed twice"
    );
    assert!(
        press(
            &mut app,
            &[KeyCode::Enter, KeyCode::Char('7'), KeyCode::Enter]
        )
        .is_empty()
    );
}

fn screen_of(app: &App, width: u16, height: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("terminal");
    terminal
        .draw(|frame| cluster_review::tui::screens::review::draw::draw(frame, app))
        .expect("draw");
    cluster_review::tui::widgets::screen_text(terminal.backend().buffer())
}

#[test]
fn a_quantitative_opinion_and_the_overall_opinion_are_shown_also_once_signed() {
    let mut app = ready_app();
    let mut session = app.session.clone();
    session.apply(&Edit::Comment {
        indicator: 5,
        text: "高企数据与名单一致。".into(),
    });
    session.signed = Some(cluster_review::session::SignOff {
        revision: 1,
        at: "2026-11-28T00:00:00.000Z".into(),
        sheet_sha256: "ab".into(),
        sheet: Vec::new(),
        signature: Vec::new(),
        public_key: String::new(),
    });
    app.set_session(session);
    press(&mut app, &[KeyCode::Down; 4]);
    assert_eq!(selected_id(&app), 5);
    assert!(screen_of(&app, 160, 48).contains("高企数据与名单一致。"));
    press(&mut app, &[KeyCode::Char('S')]);
    let screen = screen_of(&app, 100, 30);
    assert!(
        screen.contains("综合评价意见") && screen.contains("同意"),
        "{screen}"
    );
}

#[test]
fn a_terminal_without_bracketed_paste_is_told_on_the_status_line() {
    let mut app = app();
    let notice = cluster_review::tui::labels::labels(Lang::Zh).no_paste;
    update(&mut app, Action::Notice(notice.to_string()));
    assert_eq!(app.status, Status::Info(notice.to_string()));
    assert!(screen_of(&app, 100, 30).contains("不支持括号粘贴"));
}

#[test]
fn ctrl_c_after_a_failed_save_tries_once_more_and_quits_whatever_happens() {
    let mut app = app();
    press(&mut app, &[KeyCode::Char('c')]);
    type_text(&mut app, "要保存的意见");
    assert_eq!(ctrl_c(&mut app).len(), 1);
    update(&mut app, Action::Failed("database is locked".into()));
    assert!(!app.quit);
    assert!(matches!(&app.status, Status::Error(m) if m.contains("再按 Ctrl-C")));
    let effects = ctrl_c(&mut app);
    assert_eq!(effects.len(), 1, "the save is tried once more");
    assert!(app.quit, "and the program ends whatever its outcome");
    // a signal ends at once too, after sending the save
    let mut app = self::app();
    press(&mut app, &[KeyCode::Char('c')]);
    type_text(&mut app, "信号前");
    let effects = update(&mut app, Action::Ended);
    assert!(app.quit);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Save(edits)] if matches!(edits.as_slice(), [Edit::Comment { text, .. }] if text == "信号前")
    ));
}

#[test]
fn the_chinese_screen_has_no_english_words_in_its_hints_and_titles() {
    let mut app = app();
    let mut screens = vec![screen_of(&app, 100, 30)];
    press(&mut app, &[KeyCode::Down; 11]);
    press(&mut app, &[KeyCode::Tab]);
    screens.push(screen_of(&app, 100, 30));
    press(&mut app, &[KeyCode::Char('x')]);
    screens.push(screen_of(&app, 100, 30));
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('n')]);
    screens.push(screen_of(&app, 100, 30));
    // (a measure's id stays beside its name in the detail pane: the command line uses it)
    for screen in screens {
        for english in ["overall", "trimmed", "measure", "opinion", "check"] {
            assert!(!screen.contains(english), "{english}:\n{screen}");
        }
    }
}
