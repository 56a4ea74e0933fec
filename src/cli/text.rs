//! Width-aware text for terminal tables: CJK characters take two columns, so padding and
//! truncation count display columns, not characters.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A JSON document as the commands print it: pretty, with a final newline.
pub fn json_text(document: &serde_json::Value) -> String {
    // serialising a `Value` cannot fail (its keys are strings)
    let mut out = serde_json::to_string_pretty(document).unwrap_or_default();
    out.push('\n');
    out
}

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
