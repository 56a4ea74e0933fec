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

/// Characters that must not begin a line in Chinese typesetting (避头点).
const NO_LINE_START: &str = "，。、；：？！）》」』】〕…—%,.;:?!)]}";

/// Wraps text to `columns` display columns: anywhere between CJK characters, at spaces in
/// Latin text where one is near, never starting a line with closing punctuation (the character
/// before moves down with it). Existing line breaks are kept.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(2);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line: Vec<char> = Vec::new();
        let mut used = 0;
        for c in paragraph.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > columns && !line.is_empty() {
                let carry = break_point(&line, c);
                let rest: Vec<char> = line.split_off(carry);
                out.push(line.iter().collect::<String>().trim_end().to_string());
                line = rest.into_iter().skip_while(|c| *c == ' ').collect();
                used = line.iter().map(|c| c.width().unwrap_or(0)).sum();
            }
            line.push(c);
            used += w;
        }
        out.push(line.into_iter().collect());
    }
    out
}

/// Where to break `line` before `next` is added: at the end, at a near space inside a Latin
/// word, or one character earlier when `next` may not start a line.
fn break_point(line: &[char], next: char) -> usize {
    let end = line.len();
    let inside_word =
        next.is_ascii_alphanumeric() && line.last().is_some_and(|c| c.is_ascii_alphanumeric());
    if inside_word
        && let Some(space) = line
            .iter()
            .rposition(|c| *c == ' ')
            .filter(|p| end - p <= 16)
    {
        return space + 1;
    }
    if NO_LINE_START.contains(next) && end > 1 {
        return end - 1;
    }
    end
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

    #[test]
    fn wraps_cjk_anywhere_latin_at_spaces_and_keeps_punctuation_off_line_starts() {
        assert_eq!(
            wrap("反映地方对集群发展的重视程度", 10),
            ["反映地方对", "集群发展的", "重视程度"]
        );
        assert_eq!(wrap("甲乙丙丁，戊", 8), ["甲乙丙", "丁，戊"]);
        assert_eq!(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(wrap("一\n二", 10), ["一", "二"]);
        for line in wrap(
            "指近三年所在地区政府或高新园区出台的支持集群发展的相关政策文件，特别是把集群作为高新区第一产业发展的政策文件。",
            21,
        ) {
            assert!(width(&line) <= 21, "{line}");
            assert!(!line.starts_with('，') && !line.starts_with('。'), "{line}");
        }
    }
}
