//! Names compared as people read them. The "each once" rules (an enterprise's figures once, a
//! person once, a listed enterprise once) compare names after Unicode normalisation (NFKC:
//! full-width letters, compatibility forms) with the invisible format characters removed
//! (general category Cf: U+200B zero width space, U+200D zero width joiner, U+FEFF byte-order
//! mark, bidirectional controls, …), so that a row repeated with an invisible character in its
//! name is still the same row. A name carrying such characters is reported as a warning.

use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// The format characters (Unicode general category Cf, Unicode 15.1), as ranges.
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// Whether a character is an invisible format character (category Cf).
pub fn is_format(c: char) -> bool {
    let code = c as u32;
    FORMAT
        .iter()
        .any(|(low, high)| (*low..=*high).contains(&code))
}

/// The key a name is compared by: format characters removed, NFKC, surrounding spaces trimmed.
pub fn name_key(name: &str) -> String {
    // most names already are NFKC without format characters (a province-sized merge derives
    // thousands of them): NFKC leaves such a name as it is, so its key is the name trimmed
    if !name.chars().any(is_format)
        && unicode_normalization::is_nfkc_quick(name.chars()) == IsNormalized::Yes
    {
        return name.trim().to_string();
    }
    normalised_key(name)
}

/// The key by the definition: format characters removed, NFKC, trimmed.
fn normalised_key(name: &str) -> String {
    let visible: String = name.chars().filter(|c| !is_format(*c)).collect();
    visible.nfkc().collect::<String>().trim().to_string()
}

/// The format characters a name carries, in order.
pub fn format_characters(name: &str) -> Vec<char> {
    name.chars().filter(|c| is_format(*c)).collect()
}

/// Code points as `U+200B, U+FEFF`.
pub fn code_points(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| format!("U+{:04X}", *c as u32))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_and_compatibility_forms_compare_equal() {
        let plain = "紫金示例药业集团股份有限公司";
        for disguised in [
            "紫金示例药业\u{200B}集团股份有限公司",
            "\u{FEFF}紫金示例药业集团股份有限公司",
            "紫金示例药业集团\u{200D}股份有限公司",
            "紫金示例药业集团股份有限公司\u{2060}",
        ] {
            assert_eq!(name_key(disguised), plain, "{disguised:?}");
            assert_eq!(format_characters(disguised).len(), 1);
        }
        assert_eq!(name_key("ＡＢＣ科技"), "ABC科技");
        assert_eq!(name_key(" 甲 "), "甲");
        assert!(format_characters(plain).is_empty());
        assert_eq!(code_points(&['\u{200B}', '\u{FEFF}']), "U+200B, U+FEFF");
        assert!(!is_format('甲') && !is_format(' ') && is_format('\u{E0041}'));
    }

    /// The shortcut for names already normalised gives the key the definition gives, for names
    /// that take it and names that do not (compatibility forms, combining marks, format
    /// characters, ideographic and full-width spaces).
    #[test]
    fn the_shortcut_gives_the_defined_key() {
        let parts = [
            "紫金",
            "示例",
            "Ａ",
            "a",
            "\u{0301}",
            "e\u{0301}",
            "é",
            "\u{200B}",
            "\u{FEFF}",
            "\u{3000}",
            " ",
            "\u{FF08}",
            "(",
            "ﬁ",
            "①",
            "㈱",
            "\u{F900}",
            "\u{2F00}",
            "ｶ",
            "\u{1100}\u{1161}",
            "Ω",
            "\u{2126}",
            "\u{E0041}",
        ];
        let mut checked = 0;
        for a in parts {
            for b in parts {
                for c in parts {
                    let name = format!("{a}{b}{c}");
                    assert_eq!(name_key(&name), normalised_key(&name), "{name:?}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, parts.len().pow(3));
        // both paths are taken
        assert!(unicode_normalization::is_nfkc_quick("紫金示例".chars()) == IsNormalized::Yes);
        assert!(unicode_normalization::is_nfkc_quick("Ａ".chars()) != IsNormalized::Yes);
    }
}
