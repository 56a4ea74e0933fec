//! CJK-aware wrapping of styled lines (never wider than the area — ratatui's own wrapping can
//! overflow by a column), and the screen as text for tests and snapshots.

use crate::columns::{width, wrap};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Wraps one styled line to a width with `columns::wrap`, keeping each span's style.
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
