//! The chair's screen: its state machine (keys in, state and effects out) and snapshots of it
//! on ratatui's TestBackend, on a combined evaluation of fictional sessions built in memory.

mod common;

use cluster_review::i18n::Lang;
use cluster_review::panel::{ChairInput, Correction, Note, merge};
use cluster_review::tui::screens::chair::app::{ChairApp, ChairMode};
use cluster_review::tui::screens::chair::update::{ChairAction, ChairEffect, handle_key, update};
use cluster_review::tui::screens::review::app::Status;
use cluster_review::tui::screens::review::draw::screen_text;
use common::panel::{OPTIONS, inputs};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rust_decimal::Decimal;

fn app() -> ChairApp {
    let combined = merge(&inputs(), OPTIONS, &ChairInput::default()).expect("merge");
    ChairApp::new(combined, ChairInput::default(), "panel.sqlite", Lang::Zh)
}

fn press(app: &mut ChairApp, codes: &[KeyCode]) -> Vec<ChairEffect> {
    let mut effects = Vec::new();
    for code in codes {
        if let Some(action) = handle_key(app, KeyEvent::new(*code, KeyModifiers::NONE)) {
            effects.extend(update(app, action));
        }
    }
    effects
}

fn type_text(app: &mut ChairApp, text: &str) {
    let codes: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
    press(app, &codes);
}

/// Plays the runtime: applies the effects to the chair's input, recounts, reports saved.
fn commit(app: &mut ChairApp, effects: Vec<ChairEffect>) {
    for effect in effects {
        let mut chair = app.chair.clone();
        match effect {
            ChairEffect::SetNote {
                package,
                indicator,
                text,
            } => {
                chair
                    .notes
                    .retain(|n| !(n.package_id == package && n.indicator == indicator));
                chair.notes.push(Note {
                    package_id: package,
                    indicator,
                    text,
                });
            }
            ChairEffect::SetCorrection {
                package,
                measure,
                correction,
            } => {
                chair
                    .corrections
                    .retain(|c| !(c.package_id == package && c.measure == measure));
                if let Some((value, reason)) = correction {
                    chair.corrections.push(Correction {
                        package_id: package,
                        measure,
                        value,
                        reason,
                    });
                }
            }
            // signing is played by the tests of the meeting's chair (tests/meeting_cli.rs)
            ChairEffect::Sign { .. } => continue,
        }
        let combined = merge(&inputs(), OPTIONS, &chair).expect("merge");
        update(
            app,
            ChairAction::Saved {
                at: "10:00:00".into(),
                combined: Box::new(combined),
                chair,
            },
        );
    }
}

#[test]
fn a_consensus_note_is_saved_on_esc_and_shown() {
    let mut app = app();
    press(&mut app, &[KeyCode::Char('c')]);
    assert!(matches!(app.mode, ChairMode::Note(_)));
    type_text(&mut app, "组内一致认为政策支持到位");
    assert_eq!(app.status, Status::Unsaved);
    let effects = press(&mut app, &[KeyCode::Esc]);
    assert_eq!(
        effects,
        [ChairEffect::SetNote {
            package: "demo".into(),
            indicator: 1,
            text: "组内一致认为政策支持到位".into()
        }]
    );
    assert!(
        matches!(app.mode, ChairMode::Note(_)),
        "closes when the commit returns"
    );
    commit(&mut app, effects);
    assert!(matches!(app.mode, ChairMode::Matrix));
    assert_eq!(
        app.result().and_then(|r| r.note.clone()).as_deref(),
        Some("组内一致认为政策支持到位")
    );
}

#[test]
fn a_correction_needs_a_figure_of_the_measure_and_a_reason_and_recounts() {
    let mut app = app();
    press(&mut app, &[KeyCode::Char('x')]);
    assert!(
        matches!(app.mode, ChairMode::Matrix),
        "indicator 1 is qualitative: nothing to correct"
    );
    assert!(matches!(&app.status, Status::Info(_)));
    press(&mut app, &[KeyCode::Down; 7]);
    assert_eq!(app.result().map(|r| r.id), Some(8));
    press(&mut app, &[KeyCode::Char('m'), KeyCode::Char('x')]);
    assert_eq!(app.measure_id().as_deref(), Some("revenue_growth"));
    type_text(&mut app, "12%");
    press(&mut app, &[KeyCode::Enter]);
    assert!(
        matches!(app.mode, ChairMode::CorrectionReason { .. }),
        "a % figure for a % measure is fine"
    );
    assert!(
        press(&mut app, &[KeyCode::Enter]).is_empty(),
        "a reason is required"
    );
    type_text(&mut app, "按统计年报核定");
    let effects = press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        effects,
        [ChairEffect::SetCorrection {
            package: "demo".into(),
            measure: "revenue_growth".into(),
            correction: Some((Decimal::from(12), "按统计年报核定".into()))
        }]
    );
    let before = app.result().and_then(|r| r.panel);
    commit(&mut app, effects);
    assert!(matches!(app.mode, ChairMode::Matrix));
    let measure = app
        .result()
        .and_then(|r| {
            r.measures
                .iter()
                .find(|m| m.id == "revenue_growth")
                .cloned()
        })
        .expect("measure");
    assert_eq!(measure.value, Some(Decimal::from(12)));
    assert_ne!(
        app.result().and_then(|r| r.panel),
        before,
        "the indicator is re-scored from the agreed figure"
    );
    // a figure the measure cannot have is refused in the entry
    press(&mut app, &[KeyCode::Char('m'), KeyCode::Char('x')]);
    assert_eq!(app.measure_id().as_deref(), Some("revenue"));
    type_text(&mut app, "-5");
    press(&mut app, &[KeyCode::Enter]);
    assert!(matches!(
        &app.mode,
        ChairMode::CorrectionValue { error: Some(_), .. }
    ));
}

#[test]
fn quitting_saves_an_open_note_first_and_failures_keep_it() {
    let mut app = app();
    press(&mut app, &[KeyCode::Char('c')]);
    type_text(&mut app, "未完的意见");
    let quit = handle_key(
        &app,
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    )
    .expect("Ctrl-C");
    let effects = update(&mut app, quit);
    assert_eq!(effects.len(), 1);
    update(&mut app, ChairAction::Failed("locked".into()));
    assert!(!app.quit);
    assert!(matches!(app.mode, ChairMode::Note(_)));
    let quit = handle_key(
        &app,
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    )
    .expect("Ctrl-C");
    let effects = update(&mut app, quit);
    assert_eq!(
        effects.len(),
        1,
        "the second Ctrl-C tries the save once more"
    );
    assert!(app.quit, "and quits whatever its outcome");
    commit(&mut app, effects);
    assert!(app.quit);
}

fn ctrl_c(app: &mut ChairApp) -> Vec<ChairEffect> {
    let quit = handle_key(
        app,
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    )
    .expect("Ctrl-C");
    update(app, quit)
}

#[test]
fn a_signed_combined_file_opens_no_editor_and_ctrl_c_quits() {
    let mut app = app();
    app.signed = true;
    press(&mut app, &[KeyCode::Char('c')]);
    assert!(matches!(app.mode, ChairMode::Matrix), "no note editor");
    assert!(matches!(&app.status, Status::Error(m) if m.contains("已签署")));
    press(&mut app, &[KeyCode::Down; 7]);
    press(&mut app, &[KeyCode::Char('x')]);
    assert!(matches!(app.mode, ChairMode::Matrix), "no correction entry");
    assert!(ctrl_c(&mut app).is_empty());
    assert!(app.quit);
}

#[test]
fn the_note_saves_itself_when_typing_pauses() {
    let mut app = app();
    press(&mut app, &[KeyCode::Char('c')]);
    type_text(&mut app, "自动保存的合议意见");
    let start = std::time::Instant::now();
    assert!(update(&mut app, ChairAction::Tick(start)).is_empty());
    assert!(
        update(
            &mut app,
            ChairAction::Tick(start + cluster_review::tui::widgets::AUTOSAVE_AFTER / 2)
        )
        .is_empty()
    );
    let effects = update(
        &mut app,
        ChairAction::Tick(start + cluster_review::tui::widgets::AUTOSAVE_AFTER),
    );
    assert_eq!(
        effects,
        [ChairEffect::SetNote {
            package: "demo".into(),
            indicator: 1,
            text: "自动保存的合议意见".into()
        }]
    );
    commit(&mut app, effects);
    assert!(
        matches!(app.mode, ChairMode::Note(_)),
        "an autosave leaves the editor open"
    );
    assert_eq!(app.status, Status::Saved("10:00:00".into()));
}

#[test]
fn a_typed_correction_reason_is_saved_with_its_figure_on_quit() {
    let mut app = app();
    press(&mut app, &[KeyCode::Down; 7]);
    press(&mut app, &[KeyCode::Char('m'), KeyCode::Char('x')]);
    type_text(&mut app, "12");
    press(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "按统计年报核定");
    let effects = ctrl_c(&mut app);
    assert_eq!(
        effects,
        [ChairEffect::SetCorrection {
            package: "demo".into(),
            measure: "revenue_growth".into(),
            correction: Some((Decimal::from(12), "按统计年报核定".into()))
        }]
    );
    assert!(!app.quit, "quits when the commit returns");
    commit(&mut app, effects);
    assert!(app.quit);
}

#[test]
fn the_chinese_chair_screen_names_the_method_and_the_measures_in_chinese() {
    let mut app = app();
    press(&mut app, &[KeyCode::Down; 7]);
    press(&mut app, &[KeyCode::Char('m')]);
    let matrix = screen(&app, 160, 48);
    press(&mut app, &[KeyCode::Char('x')]);
    let entry = screen(&app, 160, 48);
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('r')]);
    let ranking = screen(&app, 160, 48);
    for text in [&matrix, &entry, &ranking] {
        for english in ["trimmed", "revenue_growth", "method"] {
            assert!(!text.contains(english), "{english}:\n{text}");
        }
    }
    assert!(matrix.contains("去掉最高最低分后平均"), "{matrix}");
    assert!(matrix.contains("营业收入较上年度增长幅度"), "{matrix}");
}

#[test]
fn clusters_experts_ranking_and_help() {
    let mut app = app();
    press(&mut app, &[KeyCode::Tab]);
    assert_eq!(app.cluster, 0, "one cluster: Tab stays");
    press(&mut app, &[KeyCode::Right, KeyCode::Right]);
    assert_eq!(app.expert_offset, 2);
    press(&mut app, &[KeyCode::Left]);
    assert_eq!(app.expert_offset, 1);
    press(&mut app, &[KeyCode::Char('r')]);
    assert!(matches!(app.mode, ChairMode::Ranking { .. }));
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('?')]);
    assert!(matches!(app.mode, ChairMode::Help { .. }));
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('q')]);
    assert!(app.quit);
}

fn screen(app: &ChairApp, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| cluster_review::tui::screens::chair::draw::draw(frame, app))
        .expect("draw");
    screen_text(terminal.backend().buffer())
}

#[test]
fn snapshots_of_the_matrix_and_the_ranking() {
    let mut app = app();
    insta::assert_snapshot!("chair_matrix_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("chair_matrix_160x48", screen(&app, 160, 48));
    press(&mut app, &[KeyCode::Char('r')]);
    insta::assert_snapshot!("chair_ranking_80x24", screen(&app, 80, 24));
}
