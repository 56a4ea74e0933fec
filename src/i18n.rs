//! The user's language. Chinese is the default; `--lang en` switches to English. Domain terms
//! from the guideline (indicator names, 分中心…) stay Chinese in both.

use clap::ValueEnum;

/// A user interface language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// 中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }
}
