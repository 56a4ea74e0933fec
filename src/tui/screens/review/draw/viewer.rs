//! The evidence viewer: the package's Markdown evidence and CSV tables, scrollable and
//! searchable.

use crate::columns::fit;
use crate::tui::labels::labels;
use crate::tui::screens::review::app::{App, Viewer};
use crate::tui::screens::review::keymap;
use crate::tui::widgets::{centred, clear, wrap_lines};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

/// Draws the viewer over the review screen.
pub fn draw(frame: &mut Frame, app: &App, viewer: &Viewer) {
    let l = labels(app.lang);
    let screen = frame.area();
    let area = centred(
        screen,
        screen.width.saturating_sub(4),
        screen.height.saturating_sub(2),
    );
    clear(frame, area);
    let total = app.package.sources.len();
    let current = app
        .package
        .sources
        .get(viewer.file)
        .map_or("", |s| s.path.as_str());
    // the file shown is always in the title, whatever the width
    let block = Block::bordered()
        .title(format!(
            " {} · {current} ({}/{total}) ",
            l.evidence_title,
            viewer.file + 1
        ))
        .border_style(Style::default().fg(Color::Cyan));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [list, text_area, search] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    // the other files, starting from the one shown
    let names: Vec<&str> = app
        .package
        .sources
        .iter()
        .map(|s| s.path.as_str())
        .cycle()
        .skip(viewer.file)
        .take(total)
        .collect();
    frame.render_widget(
        Paragraph::new(fit(&names.join("  "), usize::from(list.width)))
            .style(Style::default().add_modifier(Modifier::DIM)),
        list,
    );
    let text = app
        .package
        .sources
        .get(viewer.file)
        .map(|s| s.text.as_str())
        .unwrap_or_default();
    let query = viewer.query.to_lowercase();
    let lines: Vec<Line> = text
        .lines()
        .skip(viewer.scroll)
        .take(usize::from(text_area.height) * 2)
        .map(|line| {
            let found = !query.is_empty() && line.to_lowercase().contains(&query);
            let styled = Line::from(line.to_string());
            if found {
                styled.style(Style::default().fg(Color::Yellow))
            } else {
                styled
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(wrap_lines(lines, text_area.width)),
        text_area,
    );
    match &viewer.search {
        Some(search_area) => {
            let prompt = format!("{}: ", l.search);
            let width = u16::try_from(crate::columns::width(&prompt)).unwrap_or(0);
            frame.render_widget(Paragraph::new(prompt), search);
            let input = Rect {
                x: search.x + width,
                width: search.width.saturating_sub(width),
                ..search
            };
            search_area.draw(frame, input, true);
        }
        None if viewer.not_found => {
            frame.render_widget(
                Paragraph::new(format!("{}: {} — {}", l.search, viewer.query, l.no_match))
                    .style(Style::default().fg(Color::Red)),
                search,
            );
        }
        None => frame.render_widget(
            Paragraph::new(fit(&keymap::hint_bar(app), usize::from(search.width)))
                .style(Style::default().add_modifier(Modifier::DIM)),
            search,
        ),
    }
}
