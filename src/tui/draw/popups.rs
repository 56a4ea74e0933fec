//! Dialogs drawn over the review screen: score and figure entry, the text editor, the status
//! picker, help, the declaration, and the sign-off summary. Editors put the real terminal
//! cursor at the caret, where input methods draw their candidate window.

use super::centred;
use crate::columns::{fit, right};
use crate::display::{exact, points};
use crate::i18n::Lang;
use crate::session::MeasureStatus;
use crate::tui::app::{App, Editor, EditorTarget, Entry, EntrySubject};
use crate::tui::keymap::BINDINGS;
use crate::tui::labels::{labels, status_label};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use ratatui_textarea::TextArea;

/// Draws a text area and puts the terminal cursor at its caret.
fn text_area(frame: &mut Frame, area: &TextArea<'static>, rect: Rect) {
    frame.render_widget(area, rect);
    let cursor = area.screen_cursor();
    let (top, left) = area.scroll_offset();
    let row = u16::try_from(cursor.row)
        .unwrap_or(u16::MAX)
        .saturating_sub(top);
    let col = u16::try_from(cursor.col)
        .unwrap_or(u16::MAX)
        .saturating_sub(left);
    let x = (rect.x + col).min(rect.right().saturating_sub(1));
    let y = (rect.y + row).min(rect.bottom().saturating_sub(1));
    frame.set_cursor_position(Position { x, y });
}

fn dialog(frame: &mut Frame, area: Rect, title: &str) -> Rect {
    super::clear_for_dialog(frame, area);
    let block = Block::bordered()
        .title(format!(" {title} "))
        .border_style(Style::default().fg(Color::Cyan));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
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
            let unit = app
                .rubric
                .measure(measure)
                .map(|(_, m)| m.unit.clone())
                .unwrap_or_default();
            let current = app
                .session
                .annotations
                .get(measure)
                .and_then(|a| a.corrected)
                .map_or("—".to_string(), exact);
            format!(
                "{} · {measure} ({unit}) · {} {current}",
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
        let lines = super::wrap_lines(
            vec![Line::from(error.clone()).style(Style::default().fg(Color::Red))],
            row.width,
        );
        frame.render_widget(Paragraph::new(lines), row);
    }
    let hint = Rect {
        y: inner.bottom().saturating_sub(1),
        height: 1,
        ..inner
    };
    frame.render_widget(
        Paragraph::new(l.entry_hint).style(Style::default().add_modifier(Modifier::DIM)),
        hint,
    );
    text_area(frame, &entry.area, input);
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
        EditorTarget::Note(measure) => format!("{} · {measure}", l.note_title),
        EditorTarget::Overall => l.overall_title.to_string(),
        EditorTarget::RecusalReason => l.recusal_reason.to_string(),
    };
    let screen = frame.area();
    let area = centred(screen, screen.width * 3 / 4, screen.height * 3 / 5);
    let inner = dialog(frame, area, &title);
    let text = Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let hint = Rect {
        y: inner.bottom().saturating_sub(1),
        height: 1,
        ..inner
    };
    frame.render_widget(
        Paragraph::new(l.editor_hint).style(Style::default().add_modifier(Modifier::DIM)),
        hint,
    );
    text_area(frame, &editor.area, text);
}

/// The status picker of a measure.
pub fn picker(frame: &mut Frame, app: &App, measure: &str, selected: usize) {
    let l = labels(app.lang);
    let area = centred(frame.area(), 40, 8);
    let inner = dialog(frame, area, &format!("{} · {measure}", l.status_title));
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

/// Every binding of the key map, and the keys of the dialogs.
pub fn help(frame: &mut Frame, app: &App) {
    let l = labels(app.lang);
    let mut lines: Vec<Line> = BINDINGS
        .iter()
        .filter(|b| !b.codes.is_empty())
        .map(|b| Line::from(format!(" {} {}", fit(b.keys, 10), b.label(app.lang))))
        .collect();
    lines.push(Line::from(format!(" {} {}", fit("Ctrl-C", 10), l.ctrl_c)));
    lines.push(Line::default());
    for hint in [
        l.declaration_hint,
        l.entry_hint,
        l.editor_hint,
        l.picker_hint,
        l.picker_keys,
        l.viewer_hint,
    ] {
        lines.push(
            Line::from(format!(" {hint}")).style(Style::default().add_modifier(Modifier::DIM)),
        );
    }
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = centred(frame.area(), 64, height);
    let inner = dialog(frame, area, l.help_title);
    frame.render_widget(Paragraph::new(super::wrap_lines(lines, inner.width)), inner);
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
    frame.render_widget(Paragraph::new(super::wrap_lines(lines, inner.width)), inner);
}

/// The key-path entry of the sign-off, with the real cursor at the caret.
pub fn sign_key(frame: &mut Frame, app: &App, entry: &crate::tui::app::KeyEntry) {
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
        Paragraph::new(super::wrap_lines(
            vec![Line::from(l.sign_key_prompt)],
            prompt.width,
        )),
        prompt,
    );
    if entry.pending {
        frame.render_widget(&entry.area, input);
    } else {
        text_area(frame, &entry.area, input);
    }
    let (text, style) = match (&entry.error, entry.pending) {
        (_, true) => (l.signing.to_string(), Style::default().fg(Color::Cyan)),
        (Some(error), false) => (error.clone(), Style::default().fg(Color::Red)),
        (None, false) => (String::new(), Style::default()),
    };
    frame.render_widget(
        Paragraph::new(super::wrap_lines(
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
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = centred(frame.area(), 70, height);
    let inner = dialog(frame, area, l.signoff_title);
    frame.render_widget(Paragraph::new(super::wrap_lines(lines, inner.width)), inner);
}
