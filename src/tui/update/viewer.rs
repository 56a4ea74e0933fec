//! Keys in the evidence viewer: scroll, switch files, search.

use crate::tui::app::{App, Mode, Viewer};
use crossterm::event::{KeyCode, KeyEvent};

pub(super) fn key(app: &App, mut viewer: Viewer, key: KeyEvent) -> Mode {
    let sources = app.package.sources.len().max(1);
    let lines = app
        .package
        .sources
        .get(viewer.file)
        .map_or(0, |s| s.text.lines().count());
    if let Some(mut search) = viewer.search.take() {
        match key.code {
            KeyCode::Esc => {}
            KeyCode::Enter => {
                viewer.query = search.lines().concat();
                find_next(app, &mut viewer, 0);
            }
            _ => {
                search.input(key);
                viewer.search = Some(search);
            }
        }
        return Mode::Viewer(viewer);
    }
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => return Mode::Normal,
        KeyCode::Down | KeyCode::Char('j') => {
            viewer.scroll = (viewer.scroll + 1).min(lines.saturating_sub(1))
        }
        KeyCode::Up | KeyCode::Char('k') => viewer.scroll = viewer.scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => {
            viewer.scroll = (viewer.scroll + 15).min(lines.saturating_sub(1))
        }
        KeyCode::PageUp => viewer.scroll = viewer.scroll.saturating_sub(15),
        KeyCode::Right | KeyCode::Tab | KeyCode::Char('l') => {
            viewer.file = (viewer.file + 1) % sources;
            viewer.scroll = 0;
        }
        KeyCode::Left | KeyCode::BackTab | KeyCode::Char('h') => {
            viewer.file = (viewer.file + sources - 1) % sources;
            viewer.scroll = 0;
        }
        KeyCode::Char('/') => viewer.search = Some(search_line()),
        KeyCode::Char('n') => find_next(app, &mut viewer, 1),
        _ => {}
    }
    Mode::Viewer(viewer)
}

/// An empty one-line text area for the viewer's search.
fn search_line() -> ratatui_textarea::TextArea<'static> {
    let mut area = ratatui_textarea::TextArea::default();
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.set_cursor_style(ratatui::style::Style::default());
    area
}

/// Moves the viewer to the next line (from `scroll + skip`) containing the query.
fn find_next(app: &App, viewer: &mut Viewer, skip: usize) {
    let Some(source) = app.package.sources.get(viewer.file) else {
        return;
    };
    if viewer.query.is_empty() {
        return;
    }
    let query = viewer.query.to_lowercase();
    let found = source
        .text
        .lines()
        .enumerate()
        .skip(viewer.scroll + skip)
        .find(|(_, line)| line.to_lowercase().contains(&query));
    viewer.not_found = found.is_none();
    if let Some((line, _)) = found {
        viewer.scroll = line;
    }
}
