//! The rubric file as written, with the position of every checked value so that validation
//! errors can name the line. Unknown fields are refused (a typo must not pass unnoticed).

use crate::decimal_text::DecimalText;
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRubric {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub source: String,
    pub total: Spanned<DecimalText>,
    pub panel: Spanned<RawPanel>,
    #[serde(default)]
    pub category: Vec<RawCategory>,
    #[serde(default)]
    pub indicator: Vec<RawIndicator>,
    #[serde(default)]
    pub condition: Vec<RawCondition>,
}

/// An application condition (申报条件, guideline section 六).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCondition {
    pub id: Spanned<u32>,
    pub text: Spanned<String>,
    #[serde(default)]
    pub checklist: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPanel {
    pub aggregate: Spanned<String>,
    pub divergence: Spanned<DecimalText>,
    pub justify_below: Spanned<DecimalText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub id: Spanned<String>,
    pub name: String,
    pub weight: Spanned<DecimalText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: Spanned<u32>,
    pub category: Spanned<String>,
    pub kind: Spanned<String>,
    pub weight: Spanned<DecimalText>,
    pub unit: String,
    pub name: String,
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    pub purpose: String,
    pub definition: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub step: Option<Spanned<DecimalText>>,
    #[serde(default)]
    pub levels: Vec<RawLevel>,
    #[serde(default)]
    pub measure: Vec<RawMeasure>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub name: Spanned<String>,
    pub min: Spanned<DecimalText>,
    pub max: Spanned<DecimalText>,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    pub id: Spanned<String>,
    pub name: String,
    pub unit: Spanned<String>,
    pub share: Spanned<DecimalText>,
    #[serde(default)]
    pub derive: Option<Spanned<String>>,
    #[serde(default)]
    pub note: Option<String>,
    pub scoring: Spanned<RawScoring>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScoring {
    pub method: Spanned<String>,
    #[serde(default)]
    pub direction: Option<Spanned<String>>,
    #[serde(default)]
    pub floor: Option<Spanned<DecimalText>>,
    #[serde(default)]
    pub target: Option<Spanned<DecimalText>>,
    #[serde(default)]
    pub bands: Option<Vec<RawBand>>,
    #[serde(default)]
    pub bureau_default: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    pub at: Spanned<DecimalText>,
    pub fraction: Spanned<DecimalText>,
}
