//! Dialogs drawn over the review screen: score and figure entry, the text editor, the status
//! picker, the declaration, and the sign-off summary, on the shared widgets. Editors put the
//! real terminal cursor at the caret, where input methods draw their candidate window.

use crate::columns::{fit, right};
use crate::display::{exact, points};
use crate::i18n::Lang;
use crate::session::MeasureStatus;
use crate::tui::labels::{labels, status_label};
use crate::tui::screens::review::app::{App, Editor, EditorTarget, Entry, EntrySubject};
use crate::tui::screens::review::keymap;
use crate::tui::widgets::{centred, dialog, wrap_lines};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The mode's hint, dimmed, on the last line of a dialog.
fn hint_line(frame: &mut Frame, app: &App, inner: Rect) {
    let hint = Rect {
        y: inner.bottom().saturating_sub(1),
        height: 1,
        ..inner
    };
    frame.render_widget(
        Paragraph::new(fit(&keymap::hint_bar(app), usize::from(hint.width)))
            .style(Style::default().add_modifier(Modifier::DIM)),
        hint,
    );
}

/// The one-line entry of points or a corrected figure.
pub fn entry(frame: &mut Frame, app: &App, entry: &Entry) {
    let l = labels(app.lang);
    let title = match &entry.subject {
        EntrySubject::Points(id) => {
            let indicator = app.rubric.indicator(*id);
            let weight = indicator.map_or("?".to_string(), |i| exact(i.weight));
            let step = indicator
                .and_then(|i| i.step)
                .map_or("?".to_string(), exact);
            let current = app
                .session
                .scores
                .get(id)
                .and_then(|s| s.points)
                .map_or("—".to_string(), points);
            match app.lang {
                Lang::Zh => format!(
                    "{} · 指标 {id}（0–{weight}，步长 {step}）· {} {current}",
                    l.score_title, l.current
                ),
                Lang::En => format!(
                    "{} · indicator {id} (0–{weight}, step {step}) · {} {current}",
                    l.score_title, l.current
                ),
            }
        }
        EntrySubject::Corrected(measure) => {
            let (name, unit) = app
                .rubric
                .measure(measure)
                .map(|(_, m)| (m.name.clone(), m.unit.clone()))
                .unwrap_or_default();
            let current = app
                .session
                .annotations
                .get(measure)
                .and_then(|a| a.corrected)
                .map_or("—".to_string(), exact);
            format!(
                "{} · {name}（{unit}）· {} {current}",
                l.corrected_title, l.current
            )
        }
    };
    let area = centred(frame.area(), 56, 6);
    let inner = dialog(frame, area, &title);
    let input = Rect { height: 1, ..inner };
    frame.render_widget(Paragraph::new(""), input);
    if let Some(error) = &entry.error {
        let row = Rect {
            y: inner.y + 1,
            height: 2,
            ..inner
        };
        let lines = wrap_lines(
            vec![Line::from(error.clone()).style(Style::default().fg(Color::Red))],
            row.width,
        );
        frame.render_widget(Paragraph::new(lines), row);
    }
    hint_line(frame, app, inner);
    entry.input.draw(frame, input, !entry.pending);
}

/// The multi-line editor of an opinion, a note or the overall opinion.
pub fn editor(frame: &mut Frame, app: &App, editor: &Editor) {
    let l = labels(app.lang);
    let title = match &editor.target {
        EditorTarget::Comment(id) => {
            let name = app
                .rubric
                .indicator(*id)
                .map(|i| i.short.clone())
                .unwrap_or_default();
            format!("{} · {id} {name}", l.comment_title)
        }
        EditorTarget::Note(measure) => {
            let name = app
                .rubric
                .measure(measure)
                .map_or(measure.clone(), |(_, m)| m.name.clone());
            format!("{} · {name}", l.note_title)
        }
        EditorTarget::Overall => l.overall_title.to_string(),
        EditorTarget::ConditionNote(id) => {
            let label = app
                .rubric
                .condition(*id)
                .map(crate::rubric::Condition::label)
                .unwrap_or_default();
            format!("{} · {label}", l.condition_note_title)
        }
        EditorTarget::RecusalReason => l.recusal_reason.to_string(),
    };
    let screen = frame.area();
    let area = centred(screen, screen.width * 3 / 4, screen.height * 3 / 5);
    let inner = dialog(frame, area, &title);
    let text = Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    hint_line(frame, app, inner);
    editor.input.draw(
        frame,
        text,
        editor.input.pending.is_none() || !editor.input.closing,
    );
}

/// The status picker of a measure.
pub fn picker(frame: &mut Frame, app: &App, measure: &str, selected: usize) {
    let l = labels(app.lang);
    let area = centred(frame.area(), 40, 8);
    let name = app
        .rubric
        .measure(measure)
        .map_or(measure.to_string(), |(_, m)| m.name.clone());
    let inner = dialog(frame, area, &format!("{} · {name}", l.status_title));
    let lines: Vec<Line> = MeasureStatus::ALL
        .iter()
        .enumerate()
        .map(|(i, status)| {
            let line = Line::from(format!(" {} {}", i + 1, status_label(*status, app.lang)));
            if i == selected {
                line.style(Style::default().add_modifier(Modifier::REVERSED))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The conflict-of-interest declaration asked on a new session.
pub fn declaration(frame: &mut Frame, app: &App) {
    let l = labels(app.lang);
    let area = centred(frame.area(), 64, 9);
    let inner = dialog(frame, area, l.declaration_title);
    let lines = vec![
        Line::from(format!(
            "{} · {}",
            app.session.expert.name, app.package.cluster
        )),
        Line::default(),
        Line::from(l.declaration_text),
        Line::default(),
        Line::from(l.declare_no_conflict),
        Line::from(l.declare_recuse),
    ];
    frame.render_widget(Paragraph::new(wrap_lines(lines, inner.width)), inner);
}

/// The key-path entry of the sign-off, with the real cursor at the caret.
pub fn sign_key(frame: &mut Frame, app: &App, entry: &crate::tui::screens::review::app::KeyEntry) {
    let l = labels(app.lang);
    let area = centred(frame.area(), 70, 8);
    let inner = dialog(frame, area, l.sign_key_title);
    let [prompt, input, message] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(2),
        ratatui::layout::Constraint::Length(1),
        ratatui::layout::Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(wrap_lines(
            vec![Line::from(l.sign_key_prompt)],
            prompt.width,
        )),
        prompt,
    );
    entry.input.draw(frame, input, !entry.pending);
    let (text, style) = match (&entry.error, entry.pending) {
        (_, true) => (l.signing.to_string(), Style::default().fg(Color::Cyan)),
        (Some(error), false) => (error.clone(), Style::default().fg(Color::Red)),
        (None, false) => (String::new(), Style::default()),
    };
    frame.render_widget(
        Paragraph::new(wrap_lines(
            vec![Line::from(text).style(style)],
            message.width,
        )),
        message,
    );
}

/// The sign-off summary: subtotals, total, progress, and what blocks signing.
pub fn signoff(frame: &mut Frame, app: &App) {
    let l = labels(app.lang);
    let mut lines = Vec::new();
    for (category, total) in app
        .rubric
        .categories
        .iter()
        .zip(&app.summary.totals.categories)
    {
        lines.push(Line::from(format!(
            " {} {} / {}",
            fit(&category.name, 20),
            right(&points(total.points), 7),
            exact(category.weight)
        )));
    }
    lines.push(
        Line::from(format!(
            " {} {} / {}",
            fit(l.total, 20),
            right(&points(app.summary.totals.total), 7),
            exact(app.rubric.total)
        ))
        .style(Style::default().add_modifier(Modifier::BOLD)),
    );
    let (scored, qualitative) = app.summary.scored;
    let (checked, measures) = app.summary.checked;
    lines.push(Line::from(format!(
        " {} {scored}/{qualitative} · {} {checked}/{measures}",
        l.qualitative_scored, l.measures_checked
    )));
    lines.push(Line::default());
    if let Some(signed) = &app.session.signed {
        lines.push(
            Line::from(format!(" {}", l.signoff_signed)).style(Style::default().fg(Color::Green)),
        );
        lines.push(Line::from(format!(
            " r{} · {} · SHA-256 {}",
            signed.revision,
            crate::display::local_time(&signed.at),
            signed.sheet_sha256
        )));
    } else if app.session.recused() {
        lines.push(
            Line::from(format!(" {}", l.signoff_recused)).style(Style::default().fg(Color::Yellow)),
        );
    } else if app.summary.problems.is_empty() {
        lines.push(
            Line::from(format!(" {}", l.signoff_ready)).style(Style::default().fg(Color::Green)),
        );
    } else {
        lines.push(
            Line::from(format!(
                " {} ({})",
                l.signoff_problems,
                app.summary.problems.len()
            ))
            .style(Style::default().fg(Color::Yellow)),
        );
        lines.extend(
            app.summary
                .problems
                .iter()
                .map(|p| Line::from(format!("  · {}", p.message(app.lang)))),
        );
    }
    // the overall opinion last: it may be long, and what blocks signing must stay in view
    lines.push(Line::default());
    lines.push(
        Line::from(format!(" {}", l.overall_title))
            .style(Style::default().add_modifier(Modifier::DIM)),
    );
    if app.session.overall.trim().is_empty() {
        lines.push(
            Line::from(format!("  {}", l.no_overall)).style(Style::default().fg(Color::DarkGray)),
        );
    } else {
        lines.extend(
            app.session
                .overall
                .lines()
                .map(|t| Line::from(format!("  {t}"))),
        );
    }
    let inner_width = 68;
    let lines = wrap_lines(lines, inner_width);
    // inside the screen's box: the box's own borders stay visible
    let room = frame.area().height.saturating_sub(3);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(room);
    let area = centred(frame.area(), 70, height);
    let inner = dialog(frame, area, l.signoff_title);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The application conditions: one line each with the expert's verdict, then the highlighted
/// condition in full — its text, its checklist, the program's own check (shown as such) and
/// the expert's note.
pub fn conditions(frame: &mut Frame, app: &App, selected: usize) {
    let l = labels(app.lang);
    let checks = crate::session::prechecks(&app.session.package, app.lang);
    let screen = frame.area();
    let width = screen.width.saturating_sub(6).min(96);
    let inner_width = width.saturating_sub(2);
    let mut lines = Vec::new();
    for (index, condition) in app.rubric.conditions.iter().enumerate() {
        let mark = app.session.conditions.get(&condition.id);
        let verdict = mark
            .and_then(|m| m.verdict)
            .map_or(l.not_marked, |v| v.label(app.lang));
        let style = match mark.and_then(|m| m.verdict) {
            None => Style::default().fg(Color::Yellow),
            Some(crate::session::ConditionVerdict::Met) => Style::default().fg(Color::Green),
            Some(_) => Style::default().fg(Color::Red),
        };
        let pre = if checks.iter().any(|c| c.condition == condition.id) {
            format!(" · {}", l.precheck)
        } else {
            String::new()
        };
        // one line each, whatever the language: the text is cut to the room left
        let head = format!(" {} {}  ", condition.label(), fit(verdict, 10));
        let room = usize::from(inner_width)
            .saturating_sub(crate::columns::width(&head) + crate::columns::width(&pre) + 1);
        let line = Line::from(format!("{head}{}{pre}", fit(&condition.text, room))).style(style);
        lines.push(if index == selected {
            line.style(style.add_modifier(Modifier::REVERSED))
        } else {
            line
        });
    }
    lines.push(Line::default());
    if let Some(condition) = app.rubric.conditions.get(selected) {
        lines.push(Line::from(format!(
            "{}{}",
            condition.label(),
            condition.text
        )));
        if !condition.checklist.is_empty() {
            // one wrapped paragraph, so that the whole checklist fits at 80×24
            let parts: Vec<String> = condition
                .checklist
                .iter()
                .map(|part| format!("□ {part}"))
                .collect();
            lines.push(Line::from(format!(
                " {}：{}",
                l.checklist,
                parts.join("  ")
            )));
        }
        if let Some(check) = checks.iter().find(|c| c.condition == condition.id) {
            let mark = if check.passed { "✓" } else { "✗" };
            let colour = if check.passed {
                Color::Cyan
            } else {
                Color::Red
            };
            lines.push(
                Line::from(format!(" {} {mark} {}", l.precheck, check.text))
                    .style(Style::default().fg(colour)),
            );
        }
        let note = app
            .session
            .conditions
            .get(&condition.id)
            .map(|m| m.note.clone())
            .unwrap_or_default();
        if !note.trim().is_empty() {
            lines.push(Line::from(format!(" {}：", l.condition_note_title)));
            lines.extend(note.lines().map(|t| Line::from(format!("  {t}"))));
        }
    }
    let lines = wrap_lines(lines, inner_width);
    let room = screen.height.saturating_sub(3);
    // the lines and the hint below them
    let height = u16::try_from(lines.len() + 3).unwrap_or(u16::MAX).min(room);
    let area = centred(screen, width, height);
    let inner = dialog(frame, area, l.conditions_title);
    let text = Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), text);
    hint_line(frame, app, inner);
}
