//! Dialogs over a screen: a bordered box whose area is cleared fully first, so that nothing of
//! the screen behind shows through its edges (a wide CJK character cut by an edge is blanked).

use crate::columns::width;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::{Block, Clear};

/// Clears `area` for a dialog. A wide (CJK) character cut by the dialog's left or right edge
/// is blanked, so no half character is left for the terminal to misdraw.
pub fn clear(frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
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

/// Draws a dialog box with a title over a cleared area; returns the area inside the border.
pub fn dialog(frame: &mut Frame, area: Rect, title: &str) -> Rect {
    clear(frame, area);
    let block = Block::bordered()
        .title(format!(" {title} "))
        .border_style(Style::default().fg(Color::Cyan));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
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
