//! The help overlay of both screens: every mode's key table (from `keymap::help_lines`),
//! wrapped to the box and scrolled, so that nothing is cut at 80×24 in either language.

use super::dialog::{centred, dialog};
use super::wrap::wrap_line;
use crate::columns::{fit, width};
use crate::i18n::Lang;
use crate::tui::keymap::HelpLine;
use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Width of the keys column.
const KEYS: usize = 14;

/// The help lines as styled lines wrapped to `columns` (a label too long continues under its
/// own column).
pub fn styled(lines: &[HelpLine], columns: u16) -> Vec<Line<'static>> {
    let columns = usize::from(columns);
    let mut out = Vec::new();
    for line in lines {
        match line {
            HelpLine::Section(name) => {
                if !out.is_empty() {
                    out.push(Line::default());
                }
                out.push(
                    Line::from(format!(" {name}"))
                        .style(Style::default().add_modifier(Modifier::BOLD)),
                );
            }
            HelpLine::Keys(keys, label) => {
                // keys wider than their column take a line of their own
                let keys_width = KEYS.min(columns.saturating_sub(4));
                let label_width = columns.saturating_sub(keys_width + 3).max(1);
                let mut label_lines = wrap_line(Line::from(label.clone()), label_width).into_iter();
                let key_text = if width(keys) > keys_width {
                    out.push(Line::from(format!("  {keys}")));
                    String::new()
                } else {
                    keys.clone()
                };
                let first = label_lines.next().unwrap_or_default();
                let mut spans = vec![Span::styled(
                    format!("  {} ", fit(&key_text, keys_width)),
                    Style::default().add_modifier(Modifier::BOLD),
                )];
                spans.extend(first.spans);
                out.push(Line::from(spans));
                for rest in label_lines {
                    let mut spans = vec![Span::raw(" ".repeat(keys_width + 3))];
                    spans.extend(rest.spans);
                    out.push(Line::from(spans));
                }
            }
        }
    }
    out
}

/// The greatest useful scroll of the help at this screen size.
pub fn max_scroll(lines: &[HelpLine], screen: ratatui::layout::Rect) -> usize {
    let area = area(screen);
    let inner_width = area.width.saturating_sub(2);
    let inner_height = usize::from(area.height.saturating_sub(3));
    styled(lines, inner_width)
        .len()
        .saturating_sub(inner_height)
}

fn area(screen: ratatui::layout::Rect) -> ratatui::layout::Rect {
    // inside the screen's box, above its bottom border and the hint bar
    centred(screen, 76, screen.height.saturating_sub(4))
}

/// Draws the help over the screen, from line `scroll` (clamped), with where one is.
pub fn draw(frame: &mut Frame, lines: &[HelpLine], scroll: usize, title: &str, lang: Lang) {
    let area = area(frame.area());
    let inner = dialog(frame, area, title);
    let body = ratatui::layout::Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let all = styled(lines, body.width);
    let height = usize::from(body.height);
    let last = all.len().saturating_sub(height);
    let scroll = scroll.min(last);
    let shown: Vec<Line> = all.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(shown), body);
    let position = if last == 0 {
        lang.pick("Esc 关闭", "Esc close").to_string()
    } else {
        match lang {
            Lang::Zh => format!(
                "↑↓ PgUp PgDn 滚动（第 {} 行起，共 {} 行）· Esc 关闭",
                scroll + 1,
                last + height
            ),
            Lang::En => format!(
                "↑↓ PgUp PgDn scroll (from line {} of {}) · Esc close",
                scroll + 1,
                last + height
            ),
        }
    };
    let footer = ratatui::layout::Rect {
        y: inner.bottom().saturating_sub(1),
        height: 1,
        ..inner
    };
    frame.render_widget(
        Paragraph::new(fit(&position, usize::from(footer.width)))
            .style(Style::default().add_modifier(Modifier::DIM)),
        footer,
    );
}
