//! The characters a sheet can carry: what the archival PDF/A sheet can print with a standard
//! Simplified Chinese font (Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, SimSun all
//! cover it). Text that ends up on a sheet — opinions, notes, reasons, names — is checked when
//! it is entered (command line, review screens, paper-sheet import, package manifests), so a
//! sheet that has been signed can always be printed: an emoji is refused at the keyboard, not
//! discovered when the bureau prints the sheet years later.
//!
//! The repertoire (README, "Text on sheets"): line breaks and tabs; printable ASCII; Latin-1
//! letters and signs; Latin Extended-A and the pinyin letters with tone marks; Greek and
//! Cyrillic letters; general punctuation (dashes, quotation marks, ‰, ※); letterlike symbols
//! (℃, №), number forms (Ⅰ, ⅱ), arrows, mathematical operators, enclosed alphanumerics (①, ⑴),
//! box drawing, geometric shapes (■, ○, ◆), ★ ☆; CJK symbols and punctuation (、。《》【】);
//! kana and bopomofo; enclosed CJK letters (㈠); CJK compatibility units (㎡, ㎏); the CJK
//! Unified Ideographs and Extension A; full-width forms (０, Ａ, ￥).

/// Inclusive ranges of the repertoire, in code point order: the blocks named above, each as
/// far as Noto Sans CJK SC covers it (generated from its character map; a test checks every
/// character against the font CI installs).
pub const RANGES: &[(char, char)] = &[
    ('\t', '\n'),
    (' ', '~'),
    ('\u{A0}', '\u{103}'),
    ('\u{110}', '\u{113}'),
    ('\u{11A}', '\u{11B}'),
    ('\u{128}', '\u{12B}'),
    ('\u{143}', '\u{144}'),
    ('\u{147}', '\u{148}'),
    ('\u{14C}', '\u{14F}'),
    ('\u{152}', '\u{153}'),
    ('\u{168}', '\u{16D}'),
    ('\u{1CD}', '\u{1DC}'),
    ('\u{391}', '\u{3A1}'),
    ('\u{3A3}', '\u{3A9}'),
    ('\u{3B1}', '\u{3C9}'),
    ('\u{401}', '\u{401}'),
    ('\u{410}', '\u{44F}'),
    ('\u{451}', '\u{451}'),
    ('\u{2010}', '\u{2016}'),
    ('\u{2018}', '\u{201A}'),
    ('\u{201C}', '\u{201E}'),
    ('\u{2020}', '\u{2022}'),
    ('\u{2025}', '\u{2027}'),
    ('\u{2030}', '\u{2030}'),
    ('\u{2032}', '\u{2033}'),
    ('\u{2035}', '\u{2035}'),
    ('\u{2039}', '\u{203C}'),
    ('\u{2042}', '\u{2042}'),
    ('\u{2047}', '\u{2049}'),
    ('\u{2051}', '\u{2051}'),
    ('\u{2100}', '\u{2100}'),
    ('\u{2103}', '\u{2103}'),
    ('\u{2105}', '\u{2105}'),
    ('\u{2109}', '\u{210A}'),
    ('\u{210F}', '\u{210F}'),
    ('\u{2113}', '\u{2113}'),
    ('\u{2116}', '\u{2116}'),
    ('\u{2121}', '\u{2122}'),
    ('\u{2126}', '\u{2127}'),
    ('\u{212B}', '\u{212B}'),
    ('\u{212E}', '\u{212E}'),
    ('\u{2135}', '\u{2135}'),
    ('\u{213B}', '\u{213B}'),
    ('\u{2160}', '\u{216B}'),
    ('\u{2170}', '\u{217B}'),
    ('\u{2190}', '\u{2199}'),
    ('\u{21B8}', '\u{21B9}'),
    ('\u{21C4}', '\u{21C6}'),
    ('\u{21CB}', '\u{21CC}'),
    ('\u{21D0}', '\u{21D0}'),
    ('\u{21D2}', '\u{21D2}'),
    ('\u{21D4}', '\u{21D4}'),
    ('\u{21E6}', '\u{21E9}'),
    ('\u{21F5}', '\u{21F5}'),
    ('\u{2200}', '\u{2200}'),
    ('\u{2202}', '\u{2203}'),
    ('\u{2205}', '\u{220B}'),
    ('\u{220F}', '\u{220F}'),
    ('\u{2211}', '\u{2213}'),
    ('\u{2215}', '\u{2215}'),
    ('\u{221A}', '\u{221A}'),
    ('\u{221D}', '\u{2220}'),
    ('\u{2223}', '\u{2223}'),
    ('\u{2225}', '\u{222E}'),
    ('\u{2234}', '\u{2237}'),
    ('\u{223D}', '\u{223D}'),
    ('\u{2243}', '\u{2243}'),
    ('\u{2245}', '\u{2245}'),
    ('\u{2248}', '\u{2248}'),
    ('\u{224C}', '\u{224C}'),
    ('\u{2260}', '\u{2262}'),
    ('\u{2264}', '\u{2267}'),
    ('\u{226A}', '\u{226B}'),
    ('\u{226E}', '\u{226F}'),
    ('\u{2272}', '\u{2273}'),
    ('\u{2276}', '\u{2277}'),
    ('\u{2282}', '\u{2287}'),
    ('\u{228A}', '\u{228B}'),
    ('\u{2295}', '\u{2299}'),
    ('\u{22A0}', '\u{22A0}'),
    ('\u{22A5}', '\u{22A5}'),
    ('\u{22BF}', '\u{22BF}'),
    ('\u{22DA}', '\u{22DB}'),
    ('\u{22EF}', '\u{22EF}'),
    ('\u{2460}', '\u{257F}'),
    ('\u{25A0}', '\u{25AB}'),
    ('\u{25B1}', '\u{25B3}'),
    ('\u{25B6}', '\u{25B7}'),
    ('\u{25BC}', '\u{25BD}'),
    ('\u{25C0}', '\u{25C1}'),
    ('\u{25C6}', '\u{25C7}'),
    ('\u{25C9}', '\u{25CC}'),
    ('\u{25CE}', '\u{25D3}'),
    ('\u{25E2}', '\u{25E6}'),
    ('\u{25EF}', '\u{25EF}'),
    ('\u{2605}', '\u{2606}'),
    ('\u{3000}', '\u{303F}'),
    ('\u{3041}', '\u{3096}'),
    ('\u{30A1}', '\u{30FA}'),
    ('\u{3105}', '\u{312F}'),
    ('\u{3200}', '\u{321E}'),
    ('\u{3220}', '\u{332B}'),
    ('\u{332D}', '\u{4DB5}'),
    ('\u{4E00}', '\u{9FEF}'),
    ('\u{FF01}', '\u{FF5E}'),
    ('\u{FFE0}', '\u{FFE6}'),
];

/// Whether a character is in the repertoire.
pub fn printable(c: char) -> bool {
    RANGES
        .binary_search_by(|(low, high)| {
            if c < *low {
                std::cmp::Ordering::Greater
            } else if c > *high {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// A character outside the repertoire, where it stands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "found {shown} (U+{code:04X}) at character {position}, expected text the archival sheet can print (Chinese, Latin letters, digits and common signs; see the README, \"Text on sheets\")",
    code = u32::from(*character)
)]
pub struct Unprintable {
    /// The character.
    pub character: char,
    /// How it is shown in the message (control characters by name).
    pub shown: String,
    /// Its place in the text, from 1, counted in characters.
    pub position: usize,
}

/// Characters that show nothing: controls, spaces other than the plain one, and format
/// characters (zero-width space and joiners, direction marks, the byte-order mark, tags).
pub fn invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{E0000}'..='\u{E007F}')
}

/// The first character of `text` the sheet cannot print, if any. (`\r` is accepted: line
/// breaks are stored as `\n` by every caller.)
pub fn check(text: &str) -> Result<(), Unprintable> {
    match text
        .chars()
        .enumerate()
        .find(|(_, c)| *c != '\r' && !printable(*c))
    {
        None => Ok(()),
        Some((index, character)) => Err(Unprintable {
            character,
            shown: if invisible(character) {
                "an invisible character".to_string()
            } else {
                format!("\"{character}\"")
            },
            position: index + 1,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ranges_are_sorted_and_disjoint() {
        for pair in RANGES.windows(2) {
            if let [(a_low, a_high), (b_low, _)] = pair {
                assert!(a_low <= a_high && a_high < b_low, "{pair:?}");
            }
        }
    }

    #[test]
    fn chinese_opinions_pass_and_emoji_and_invisible_characters_do_not() {
        assert_eq!(
            check("近三年出台专项政策三件（含资金5,000万元），增幅12.5%；①②；℃；ā"),
            Ok(())
        );
        assert_eq!(check("第一行\n第二行\t制表"), Ok(()));
        let emoji = check("很好😀").expect_err("emoji");
        assert_eq!(emoji.character, '😀');
        assert_eq!(emoji.position, 3);
        assert!(emoji.to_string().contains("U+1F600"), "{emoji}");
        let zwsp = check("企业\u{200B}A").expect_err("zero-width space");
        assert!(zwsp.to_string().contains("U+200B"));
        assert!(zwsp.to_string().contains("an invisible character"));
        assert!(check("\u{202E}abc").is_err(), "bidi override");
        assert!(check("\u{E000}").is_err(), "private use");
        assert!(check("\u{20000}").is_err(), "outside the fonts' ideographs");
    }
}
