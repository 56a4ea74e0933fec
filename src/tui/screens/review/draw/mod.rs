//! Drawing: functions of the state (`&App`) to a frame, with no I/O. The screen is one box with
//! the indicator list on the left and the detail pane on the right, a hint bar below, and
//! dialogs on top.

mod detail;
mod popups;
mod tree;
mod viewer;

use super::app::{App, Mode};
use super::keymap;
use crate::columns::{fit, width};
use crate::display::{exact, points};
use crate::tui::labels::labels;
use crate::tui::widgets::{footer, help};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

pub use crate::tui::widgets::screen_text;

/// The smallest terminal the layout is made for.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let text = format!(
            "{} ({}×{})",
            labels(app.lang).too_small,
            area.width,
            area.height
        );
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let [main, footer] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let block = Block::bordered().title(title(app, main.width));
    let inner = block.inner(main);
    frame.render_widget(block, main);
    let left_width = (inner.width * 2 / 5).max(38);
    let [left, separator, right] = Layout::horizontal([
        Constraint::Length(left_width),
        Constraint::Length(1),
        Constraint::Min(10),
    ])
    .areas(inner);
    tree::draw(frame, app, left);
    draw_separator(frame, main, separator);
    detail::draw(frame, app, right);
    footer::draw(frame, footer, &keymap::hint_bar(app), &app.status, app.lang);
    match &app.mode {
        Mode::Normal => {}
        Mode::Entry(entry) => popups::entry(frame, app, entry),
        Mode::Editor(editor) => popups::editor(frame, app, editor),
        Mode::StatusPicker { measure, selected } => popups::picker(frame, app, measure, *selected),
        Mode::Help { scroll } => help::draw(
            frame,
            &keymap::help(app.lang),
            *scroll,
            labels(app.lang).help_title,
            app.lang,
        ),
        Mode::Viewer(state) => viewer::draw(frame, app, state),
        Mode::Declaration => popups::declaration(frame, app),
        Mode::SignOff => popups::signoff(frame, app),
        Mode::SignKey(entry) => popups::sign_key(frame, app, entry),
        Mode::Conditions { selected } => popups::conditions(frame, app, *selected),
    }
}

/// The vertical line between the panes, joined to the box's top and bottom borders.
fn draw_separator(frame: &mut Frame, main: Rect, separator: Rect) {
    let buffer = frame.buffer_mut();
    for y in separator.top()..separator.bottom() {
        if let Some(cell) = buffer.cell_mut((separator.x, y)) {
            cell.set_symbol("│");
        }
    }
    // join the box's borders where they are plain border (the title may run across the top)
    for (y, joint) in [(main.top(), "┬"), (main.bottom().saturating_sub(1), "┴")] {
        if let Some(cell) = buffer.cell_mut((separator.x, y))
            && cell.symbol() == "─"
        {
            cell.set_symbol(joint);
        }
    }
}

/// The box's title: program, expert, cluster on the left; progress and total on the right.
fn title(app: &App, box_width: u16) -> Line<'static> {
    let l = labels(app.lang);
    let (done, all) = app.summary.done;
    let right = if app.session.recused() {
        format!(" {} ", l.recused_banner)
    } else {
        format!(
            " {} {}/{} │ {}/{} ",
            l.scored,
            done,
            all,
            points(app.summary.totals.total),
            exact(app.rubric.total)
        )
    };
    let room = usize::from(box_width).saturating_sub(width(&right) + 4);
    let left = format!(
        " {} │ {} {} │ {} ",
        l.title, l.expert, app.session.expert.name, app.package.cluster
    );
    let left = fit(&left, room);
    Line::from(format!("{left}{right}")).style(Style::default().add_modifier(Modifier::BOLD))
}
