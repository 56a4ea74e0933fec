//! The edits an expert can make, one at a time; each is one transaction and one audit entry.

use rust_decimal::Decimal;

/// The expert's verdict on a declared figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MeasureStatus {
    /// Not yet checked.
    #[default]
    Unchecked,
    /// Checked against the evidence and correct (已核实).
    Verified,
    /// Doubtful (存疑).
    Doubtful,
    /// Evidence missing (缺证明).
    Missing,
}

impl MeasureStatus {
    /// Every status.
    pub const ALL: [MeasureStatus; 4] = [
        Self::Unchecked,
        Self::Verified,
        Self::Doubtful,
        Self::Missing,
    ];

    /// The word stored and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unchecked => "unchecked",
            Self::Verified => "verified",
            Self::Doubtful => "doubtful",
            Self::Missing => "missing",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Unchecked => "未核验",
            Self::Verified => "已核实",
            Self::Doubtful => "存疑",
            Self::Missing => "缺证明",
        }
    }

    /// Parses the English word or the Chinese label.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text) || s.label_zh() == text)
    }
}

/// One change to a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Points for a qualitative indicator.
    Points {
        /// Indicator number.
        indicator: u32,
        /// Points.
        points: Decimal,
    },
    /// The opinion or comment on an indicator.
    Comment {
        /// Indicator number.
        indicator: u32,
        /// Text.
        text: String,
    },
    /// The status of a measure.
    Status {
        /// Measure id.
        measure: String,
        /// Status.
        status: MeasureStatus,
    },
    /// The note on a measure.
    Note {
        /// Measure id.
        measure: String,
        /// Text.
        text: String,
    },
    /// The corrected figure of a measure (`None` clears it).
    Corrected {
        /// Measure id.
        measure: String,
        /// Figure.
        value: Option<Decimal>,
    },
    /// The overall opinion.
    Overall {
        /// Text.
        text: String,
    },
    /// The verdict on an application condition (申报条件, section 六) in an application review.
    ConditionVerdict {
        /// Condition number (1–6).
        condition: u32,
        /// 符合, 基本符合 or 不符合.
        verdict: super::model::ConditionVerdict,
    },
    /// The note on an application condition.
    ConditionNote {
        /// Condition number (1–6).
        condition: u32,
        /// Text.
        text: String,
    },
}

impl Edit {
    /// What the edit changes, as written in the audit table (`indicator 1 points`).
    pub fn what(&self) -> String {
        match self {
            Self::Points { indicator, .. } => format!("indicator {indicator} points"),
            Self::Comment { indicator, .. } => format!("indicator {indicator} comment"),
            Self::Status { measure, .. } => format!("measure {measure} status"),
            Self::Note { measure, .. } => format!("measure {measure} note"),
            Self::Corrected { measure, .. } => format!("measure {measure} corrected"),
            Self::Overall { .. } => "overall".to_string(),
            Self::ConditionVerdict { condition, .. } => format!("condition {condition} verdict"),
            Self::ConditionNote { condition, .. } => format!("condition {condition} note"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_in_both_languages() {
        for s in MeasureStatus::ALL {
            assert_eq!(MeasureStatus::parse(s.as_str()), Some(s));
            assert_eq!(MeasureStatus::parse(s.label_zh()), Some(s));
        }
        assert_eq!(
            MeasureStatus::parse("Verified"),
            Some(MeasureStatus::Verified)
        );
        assert_eq!(MeasureStatus::parse("ok"), None);
    }
}
