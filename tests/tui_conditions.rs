//! The application conditions (申报条件, guideline 六) on the expert's review screen: keys in,
//! state and effects out (no terminal), and the dialog as drawn at 80×24 in both languages.

use cluster_review::i18n::Lang;
use cluster_review::package::Round;
use cluster_review::session::{ConditionVerdict, Edit};
use cluster_review::tui::demo::demo_app;
use cluster_review::tui::screens::review::app::{App, EditorTarget, Mode, Status};
use cluster_review::tui::screens::review::draw::{draw, screen_text};
use cluster_review::tui::screens::review::keymap::hint_bar;
use cluster_review::tui::screens::review::update::{Action, Effect, handle_key, update};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The demo as an application review.
fn application(lang: Lang) -> App {
    let mut app = demo_app(lang).expect("demo");
    let mut session = app.session.clone();
    session.package.round = Some(Round::Application);
    app.set_session(session);
    app
}

fn press(app: &mut App, codes: &[KeyCode]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for code in codes {
        if let Some(action) = handle_key(app, KeyEvent::new(*code, KeyModifiers::NONE)) {
            effects.extend(update(app, action));
        }
    }
    effects
}

/// Plays the runtime: applies the saved edits and reports them committed.
fn commit(app: &mut App, effects: Vec<Effect>) {
    for effect in effects {
        if let Effect::Save(edits) = effect {
            let mut session = app.session.clone();
            edits.iter().for_each(|e| session.apply(e));
            update(
                app,
                Action::Saved {
                    at: "10:00:00".into(),
                    session: Box::new(session),
                },
            );
        }
    }
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|frame| draw(frame, app)).expect("draw");
    screen_text(terminal.backend().buffer())
}

#[test]
fn a_opens_the_conditions_only_in_an_application_review() {
    let mut annual = demo_app(Lang::Zh).expect("demo");
    assert!(!hint_bar(&annual).contains("申报条件"));
    press(&mut annual, &[KeyCode::Char('a')]);
    assert!(matches!(annual.mode, Mode::Normal));
    assert!(matches!(&annual.status, Status::Info(t) if t.contains("立项评审")));
    let mut app = application(Lang::Zh);
    assert!(hint_bar(&app).contains("a 申报条件"), "{}", hint_bar(&app));
    press(&mut app, &[KeyCode::Char('a')]);
    assert!(matches!(app.mode, Mode::Conditions { selected: 0 }));
}

#[test]
fn each_condition_is_marked_and_noted_and_signing_waits_for_all_six() {
    let mut app = application(Lang::Zh);
    let unmarked = |app: &App| {
        app.summary
            .problems
            .iter()
            .filter(|p| p.message(Lang::En).contains("is not marked"))
            .count()
    };
    assert_eq!(unmarked(&app), 6);
    press(&mut app, &[KeyCode::Char('a'), KeyCode::Down]);
    assert!(matches!(app.mode, Mode::Conditions { selected: 1 }));
    let effects = press(&mut app, &[KeyCode::Char('2')]);
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::ConditionVerdict {
            condition: 2,
            verdict: ConditionVerdict::LargelyMet
        }])]
    );
    commit(&mut app, effects);
    assert!(
        matches!(app.mode, Mode::Conditions { selected: 1 }),
        "stays to mark the next"
    );
    // 基本符合 owes a note: the note editor, and Esc comes back to the conditions
    let owed = app.summary.problems.iter().any(|p| {
        p.message(Lang::En)
            .contains("condition 2 is marked largely met")
    });
    assert!(owed);
    press(&mut app, &[KeyCode::Char('n')]);
    assert!(matches!(&app.mode, Mode::Editor(e) if e.target == EditorTarget::ConditionNote(2)));
    let typed: Vec<KeyCode> = "规划论证不足".chars().map(KeyCode::Char).collect();
    press(&mut app, &typed);
    let effects = press(&mut app, &[KeyCode::Esc]);
    assert_eq!(
        effects,
        [Effect::Save(vec![Edit::ConditionNote {
            condition: 2,
            text: "规划论证不足".into()
        }])]
    );
    commit(&mut app, effects);
    assert!(
        matches!(app.mode, Mode::Conditions { selected: 1 }),
        "back from the note: {:?}",
        app.mode
    );
    for code in [KeyCode::Up, KeyCode::Char('1')] {
        let effects = press(&mut app, &[code]);
        commit(&mut app, effects);
    }
    for _ in 2..6 {
        let effects = press(
            &mut app,
            &[KeyCode::Down, KeyCode::Down, KeyCode::Char('1')],
        );
        commit(&mut app, effects);
        press(&mut app, &[KeyCode::Up]);
    }
    let verdicts: Vec<Option<ConditionVerdict>> = (1..=6)
        .map(|id| app.session.conditions.get(&id).and_then(|m| m.verdict))
        .collect();
    assert!(verdicts.iter().all(Option::is_some), "{verdicts:?}");
    assert!(
        !app.summary
            .problems
            .iter()
            .any(|p| p.message(Lang::En).contains("condition"))
    );
    press(&mut app, &[KeyCode::Esc]);
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn a_signed_session_shows_the_conditions_but_marks_nothing() {
    let mut app = application(Lang::Zh);
    let mut session = app.session.clone();
    session.signed = Some(cluster_review::session::SignOff {
        revision: 1,
        at: "2026-11-28T00:00:00.000Z".into(),
        sheet_sha256: "ab".into(),
        sheet: Vec::new(),
        signature: Vec::new(),
        public_key: String::new(),
    });
    app.set_session(session);
    press(&mut app, &[KeyCode::Char('a')]);
    assert!(matches!(app.mode, Mode::Conditions { .. }));
    assert!(!hint_bar(&app).contains("1–3"));
    assert!(press(&mut app, &[KeyCode::Char('1'), KeyCode::Char('n')]).is_empty());
    assert!(matches!(app.mode, Mode::Conditions { .. }));
}

/// The dialog at 80×24: every condition with its verdict, the selected one in full with the
/// program's own check marked as such; （四） with its checklist.
#[test]
fn the_conditions_dialog_fits_80_by_24_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let mut app = application(lang);
        press(&mut app, &[KeyCode::Char('a')]);
        let effects = press(&mut app, &[KeyCode::Char('1')]);
        commit(&mut app, effects);
        let first = screen(&app);
        for label in ["（一）", "（二）", "（六）"] {
            assert!(first.contains(label), "{lang:?}:\n{first}");
        }
        let precheck = match lang {
            Lang::Zh => "程序预检 ✓",
            Lang::En => "program's check ✓",
        };
        assert!(first.contains(precheck), "{lang:?}:\n{first}");
        assert!(
            first.contains("生物医药"),
            "the direction checked:\n{first}"
        );
        press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
        let four = screen(&app);
        // every part of the checklist is on the screen (wrapped lines joined)
        let joined: String = four
            .lines()
            .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
            .collect();
        for part in [
            "□ 集群的相关企业",
            "□ 园区管委会绘制完成产业链全景表",
            "□ 可培育为行业龙头企业",
        ] {
            assert!(
                joined.replace(' ', "").contains(&part.replace(' ', "")),
                "{lang:?}: {part}\n{four}"
            );
        }
        if lang == Lang::Zh {
            insta::assert_snapshot!("conditions_four_80x24", four);
        }
    }
}
