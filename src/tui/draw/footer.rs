//! The hint bar (from the key map) and the status line.

use crate::columns::{fit, width};
use crate::tui::app::{App, Mode, Status};
use crate::tui::keymap::hint_line;
use crate::tui::labels::labels;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the bottom line.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let l = labels(app.lang);
    let hints = match &app.mode {
        Mode::Normal => hint_line(app.lang),
        Mode::Entry(_) => l.entry_hint.to_string(),
        Mode::Editor(editor) if editor.target == crate::tui::app::EditorTarget::RecusalReason => {
            l.recusal_hint.to_string()
        }
        Mode::Editor(_) => l.editor_hint.to_string(),
        Mode::StatusPicker { .. } => l.picker_hint.to_string(),
        Mode::Viewer(_) => l.viewer_hint.to_string(),
        Mode::Declaration => l.declaration_hint.to_string(),
        Mode::SignOff if crate::tui::update::may_sign(app) => l.signoff_hint.to_string(),
        Mode::Help | Mode::SignOff => l.overlay_hint.to_string(),
        Mode::SignKey(_) => l.sign_key_hint.to_string(),
    };
    let (status, style) = match &app.status {
        Status::Idle => (String::new(), Style::default()),
        Status::Saved(at) => (
            format!("{} {at}", l.saved),
            Style::default().fg(Color::Green),
        ),
        Status::Unsaved => (l.unsaved.to_string(), Style::default().fg(Color::Yellow)),
        Status::Info(text) => (text.clone(), Style::default().fg(Color::Cyan)),
        Status::Error(text) => (text.clone(), Style::default().fg(Color::Red)),
    };
    let total = usize::from(area.width);
    let status = fit(&status, total.saturating_sub(1).min(width(&status)));
    let room = total.saturating_sub(width(&status) + 1);
    let line = Line::from(vec![
        Span::raw(format!(" {}", fit(&hints, room.saturating_sub(1)))),
        Span::styled(status, style),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}
