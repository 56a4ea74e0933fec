//! Drawing: functions of the state (`&App`) to a frame, with no I/O. The screen is one box with
//! the indicator list on the left and the detail pane on the right, a hint bar below, and
//! dialogs on top.

mod detail;
mod footer;
mod popups;
mod tree;
mod viewer;

use super::app::{App, Mode};
use super::labels::labels;
use crate::columns::{fit, width, wrap};
use crate::display::{exact, points};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::text::Span;
use ratatui::widgets::{Block, Paragraph};

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
    footer::draw(frame, app, footer);
    match &app.mode {
        Mode::Normal => {}
        Mode::Entry(entry) => popups::entry(frame, app, entry),
        Mode::Editor(editor) => popups::editor(frame, app, editor),
        Mode::StatusPicker { measure, selected } => popups::picker(frame, app, measure, *selected),
        Mode::Help => popups::help(frame, app),
        Mode::Viewer(state) => viewer::draw(frame, app, state),
        Mode::Declaration => popups::declaration(frame, app),
        Mode::SignOff => popups::signoff(frame, app),
        Mode::SignKey(entry) => popups::sign_key(frame, app, entry),
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

/// Clears `area` for a dialog. A wide (CJK) character cut by the dialog's left or right edge
/// is blanked, so no half character is left for the terminal to misdraw.
pub fn clear_for_dialog(frame: &mut Frame, area: Rect) {
    frame.render_widget(ratatui::widgets::Clear, area);
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(x) = area.x.checked_sub(1)
            && let Some(cell) = buffer.cell_mut((x, y))
            && width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
        if let Some(cell) = buffer.cell_mut((area.right(), y))
            && cell.symbol().is_empty()
        {
            cell.set_symbol(" ");
        }
    }
}

/// The screen as text, one line per row, wide characters once: for tests and snapshots.
pub fn screen_text(buffer: &ratatui::buffer::Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut skip = 0;
        let mut line = String::new();
        for x in area.left()..area.right() {
            let symbol = buffer.cell((x, y)).map(|c| c.symbol()).unwrap_or(" ");
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(symbol);
            skip = width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Wraps one styled line to a width with `columns::wrap` (CJK-aware, never wider than the
/// area — ratatui's own wrapping can overflow by a column), keeping each span's style.
pub fn wrap_line(line: Line<'static>, columns: usize) -> Vec<Line<'static>> {
    let plain: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if width(&plain) <= columns {
        return vec![line];
    }
    // the style of every character, so that wrapped pieces keep their spans' styles
    let styles: Vec<Style> = line
        .spans
        .iter()
        .flat_map(|s| std::iter::repeat_n(line.style.patch(s.style), s.content.chars().count()))
        .collect();
    let mut position = 0;
    let mut out = Vec::new();
    let chars: Vec<char> = plain.chars().collect();
    for piece in wrap(&plain, columns) {
        // find the piece in the original text (wrapping only drops spaces at breaks)
        while chars.get(position).is_some_and(|c| *c == ' ') && !piece.starts_with(' ') {
            position += 1;
        }
        let mut spans: Vec<Span<'static>> = Vec::new();
        for c in piece.chars() {
            let style = styles.get(position).copied().unwrap_or_default();
            match spans.last_mut() {
                Some(last) if last.style == style => last.content.to_mut().push(c),
                _ => spans.push(Span::styled(c.to_string(), style)),
            }
            position += 1;
        }
        out.push(Line::from(spans));
    }
    out
}

/// Wraps every line to a width.
pub fn wrap_lines(lines: Vec<Line<'static>>, columns: u16) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .flat_map(|line| wrap_line(line, usize::from(columns)))
        .collect()
}

/// A centred rectangle of at most `width` × `height` inside `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}
