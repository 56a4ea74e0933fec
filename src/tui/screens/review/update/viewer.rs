//! Commands in the evidence viewer: scroll, switch files, search.

use super::super::keymap::Command;
use crate::tui::screens::review::app::{App, Mode, Viewer};
use crate::tui::widgets::TextInput;

pub(super) fn command(app: &App, mut viewer: Viewer, command: Command) -> Mode {
    let sources = app.package.sources.len().max(1);
    let lines = app
        .package
        .sources
        .get(viewer.file)
        .map_or(0, |s| s.text.lines().count());
    if let Some(search) = viewer.search.take() {
        match command {
            Command::Confirm => {
                viewer.query = search.text();
                find_next(app, &mut viewer, 0);
            }
            Command::Cancel => {}
            _ => viewer.search = Some(search),
        }
        return Mode::Viewer(viewer);
    }
    match command {
        Command::Close => return Mode::Normal,
        Command::Next => viewer.scroll = (viewer.scroll + 1).min(lines.saturating_sub(1)),
        Command::Prev => viewer.scroll = viewer.scroll.saturating_sub(1),
        Command::PageDown => viewer.scroll = (viewer.scroll + 15).min(lines.saturating_sub(1)),
        Command::PageUp => viewer.scroll = viewer.scroll.saturating_sub(15),
        Command::NextFile => {
            viewer.file = (viewer.file + 1) % sources;
            viewer.scroll = 0;
        }
        Command::PrevFile => {
            viewer.file = (viewer.file + sources - 1) % sources;
            viewer.scroll = 0;
        }
        Command::Search => viewer.search = Some(TextInput::line("")),
        Command::FindNext => find_next(app, &mut viewer, 1),
        _ => {}
    }
    Mode::Viewer(viewer)
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
