//! The round (轮次) a package is submitted for (guideline 七(三)): a cluster is reviewed when it
//! applies (立项评审), checked at mid-term (中期检查), evaluated yearly (年度绩效评价) and
//! accepted at the end of its cycle (验收). `package.toml` names it in `round`; without it a
//! package is for the yearly evaluation, what the rubric (评价指标体系) is mainly for.

/// A review round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Round {
    /// 立项评审: the application; the experts also mark the six conditions of section 六.
    Application,
    /// 中期检查.
    Midterm,
    /// 年度绩效评价 (the default). A meeting's kind `performance` is this round.
    #[default]
    Annual,
    /// 验收.
    Acceptance,
}

impl Round {
    /// Every round, in the order of a construction cycle.
    pub const ALL: [Round; 4] = [
        Self::Application,
        Self::Midterm,
        Self::Annual,
        Self::Acceptance,
    ];

    /// The word used in `package.toml`, JSON and sheets.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Application => "application",
            Self::Midterm => "midterm",
            Self::Annual => "annual",
            Self::Acceptance => "acceptance",
        }
    }

    /// The Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Application => "立项评审",
            Self::Midterm => "中期检查",
            Self::Annual => "年度绩效评价",
            Self::Acceptance => "验收",
        }
    }

    /// The name in a language.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::Zh => self.label_zh(),
            crate::i18n::Lang::En => self.as_str(),
        }
    }

    /// Parses the word; a meeting's kind `performance` (绩效评价) is the round `annual`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "performance" => Some(Self::Annual),
            word => Self::ALL.into_iter().find(|r| r.as_str() == word),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_read_back_and_performance_is_the_yearly_round() {
        for round in Round::ALL {
            assert_eq!(Round::parse(round.as_str()), Some(round));
        }
        assert_eq!(Round::parse("performance"), Some(Round::Annual));
        assert_eq!(Round::parse(" midterm "), Some(Round::Midterm));
        assert_eq!(Round::parse("yearly"), None);
        assert_eq!(Round::default(), Round::Annual);
    }
}
