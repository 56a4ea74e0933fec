//! The bottom line of both screens: the hint bar (made from the mode's key table) on the left,
//! the status on the right; the status wins the room when both do not fit.

use super::Status;
use crate::columns::{fit, width};
use crate::i18n::Lang;
use crate::tui::labels::labels;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The status as text and its colour.
pub fn status_text(status: &Status, lang: Lang) -> (String, Style) {
    let l = labels(lang);
    match status {
        Status::Idle => (String::new(), Style::default()),
        Status::Saved(at) => (
            format!("{} {at}", l.saved),
            Style::default().fg(Color::Green),
        ),
        Status::Unsaved => (l.unsaved.to_string(), Style::default().fg(Color::Yellow)),
        Status::Info(text) => (text.clone(), Style::default().fg(Color::Cyan)),
        Status::Error(text) => (text.clone(), Style::default().fg(Color::Red)),
    }
}

/// Draws the bottom line.
pub fn draw(frame: &mut Frame, area: Rect, hints: &str, status: &Status, lang: Lang) {
    let (status, style) = status_text(status, lang);
    let total = usize::from(area.width);
    let status = fit(&status, total.saturating_sub(1).min(width(&status)));
    let room = total.saturating_sub(width(&status) + 1);
    let line = Line::from(vec![
        Span::raw(format!(" {}", fit(hints, room.saturating_sub(1)))),
        Span::styled(status, style),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}
