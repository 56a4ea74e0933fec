//! Width-aware text for terminal columns: CJK characters take two columns, so padding and
//! truncation count display columns, not characters. Used by the command-line reports and
//! the TUI alike.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Pads (or truncates with `…`) to exactly `columns` display columns.
pub fn fit(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        let mut out = text.to_string();
        out.push_str(&" ".repeat(columns - width(text)));
        return out;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > columns {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    used += 1;
    out.push_str(&" ".repeat(columns.saturating_sub(used)));
    out
}

/// Right-aligns within `columns` display columns.
pub fn right(text: &str, columns: usize) -> String {
    format!("{}{text}", " ".repeat(columns.saturating_sub(width(text))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_two_columns() {
        assert_eq!(width("政策环境"), 8);
        assert_eq!(fit("政策", 6), "政策  ");
        assert_eq!(width(&fit("近三年所在区政府或高新园区", 9)), 9);
        assert_eq!(fit("近三年所在区政府", 9), "近三年所…");
        assert_eq!(right("6.50", 6), "  6.50");
    }
}
