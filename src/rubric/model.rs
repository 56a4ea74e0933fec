//! The validated rubric. Every value here has passed the checks in `load`, so scoring code can
//! rely on shares adding up to one, targets differing from floors, and so on.

use super::Derivation;
use rust_decimal::Decimal;

/// A whole evaluation system.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    /// Stable id, e.g. `nanjing-icc-2023`.
    pub id: String,
    /// Title shown on screens and sheets.
    pub title: String,
    /// Where the rubric comes from (the guideline's name).
    pub source: String,
    /// Sum of the category weights (100).
    pub total: Decimal,
    /// How the chair's merge aggregates experts' scores.
    pub panel: PanelRules,
    /// Categories in file order, each with its indicators.
    pub categories: Vec<Category>,
    /// The application conditions (申报条件, section 六) experts mark in an application review,
    /// in file order; empty in a rubric without them.
    pub conditions: Vec<Condition>,
    /// SHA-256 (hex) of the rubric file's exact bytes; sessions are bound to it.
    pub sha256: String,
}

/// An application condition (申报条件) of section 六, verbatim from the guideline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// Its number in section 六 (1 for （一）).
    pub id: u32,
    /// The condition's text, verbatim.
    pub text: String,
    /// Its parts to check one by one (the sub-clauses of （四）), verbatim; empty otherwise.
    pub checklist: Vec<String>,
}

impl Condition {
    /// The number as the guideline writes it: `（一）` … `（十）`.
    pub fn label(&self) -> String {
        const DIGITS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
        let digit = usize::try_from(self.id)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|n| DIGITS.get(n));
        match digit {
            Some(d) => format!("（{d}）"),
            None => format!("（{}）", self.id),
        }
    }
}

/// The rubric's rules for merging the experts' scores.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelRules {
    /// Default aggregation method.
    pub aggregate: Aggregate,
    /// Relative deviation from the panel mean above which an expert's score is flagged.
    pub divergence: Decimal,
    /// Fraction of the weight below which a qualitative score needs a written reason.
    pub justify_below: Decimal,
}

/// How experts' scores become one panel value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregate {
    /// Drop one highest and one lowest with five or more experts, then the mean.
    Trimmed,
    /// Arithmetic mean.
    Mean,
    /// Median.
    Median,
}

impl Aggregate {
    /// The word used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Trimmed => "trimmed",
            Self::Mean => "mean",
            Self::Median => "median",
        }
    }
}

/// A first-level indicator (一级指标).
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// Stable id (`policy`).
    pub id: String,
    /// Name (`政策环境`).
    pub name: String,
    /// Weight; the indicators' weights add up to it.
    pub weight: Decimal,
    /// Its second-level indicators in file order.
    pub indicators: Vec<Indicator>,
}

/// Whether experts score an indicator by judgement or it is computed from figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorKind {
    /// Scored by each expert with a written opinion (定性).
    Qualitative,
    /// Computed from the park's figures (定量).
    Quantitative,
}

impl IndicatorKind {
    /// The word used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Qualitative => "qualitative",
            Self::Quantitative => "quantitative",
        }
    }
}

/// A second-level indicator (二级指标).
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Number as in the guideline (1–20).
    pub id: u32,
    /// Id of its category.
    pub category: String,
    /// Qualitative or quantitative.
    pub kind: IndicatorKind,
    /// Maximum points.
    pub weight: Decimal,
    /// Unit as in the guideline (`家、%`).
    pub unit: String,
    /// Full name, verbatim.
    pub name: String,
    /// Short name for narrow screens.
    pub short: String,
    /// Purpose (反映……), verbatim; empty when the guideline gives none.
    pub purpose: String,
    /// Definition (指……), verbatim.
    pub definition: String,
    /// The guideline's own inconsistencies, shown to experts.
    pub note: Option<String>,
    /// Step of qualitative points (0.5).
    pub step: Option<Decimal>,
    /// Level descriptors (优/良/中/差) of a qualitative indicator.
    pub levels: Vec<Level>,
    /// Measures of a quantitative indicator; their shares add up to one.
    pub measures: Vec<Measure>,
}

/// A level descriptor with its range of points.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    /// 优, 良, 中 or 差.
    pub name: String,
    /// Lowest points of the level.
    pub min: Decimal,
    /// Highest points of the level.
    pub max: Decimal,
    /// What a cluster at this level looks like.
    pub text: String,
}

/// One figure that a quantitative indicator asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Id used in `measures.csv` (`revenue`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Unit of the figure (`亿元`).
    pub unit: String,
    /// Share of the indicator's weight.
    pub share: Decimal,
    /// How the figure is derived from the package's detail tables, if it can be.
    pub derive: Option<Derivation>,
    /// Remarks shown to experts.
    pub note: Option<String>,
    /// How the figure becomes a fraction of the share.
    pub scoring: ScoringRule,
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Larger figures are better.
    Higher,
    /// Smaller figures are better (ranks).
    Lower,
}

impl Direction {
    /// The word used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Higher => "higher",
            Self::Lower => "lower",
        }
    }
}

/// A measure's scoring rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoringRule {
    /// The method and its parameters.
    pub method: Method,
    /// Which way is better.
    pub direction: Direction,
    /// The parameters are defaults for the bureau (市科技局) to set.
    pub bureau_default: bool,
}

/// Scoring methods.
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    /// `floor` earns nothing, `target` the full share, linear between, clamped.
    Linear {
        /// The figure that earns nothing.
        floor: Decimal,
        /// The figure that earns the full share.
        target: Decimal,
    },
    /// Thresholds to fractions.
    Bands(Vec<Band>),
    /// Value ÷ best value among the clusters merged together; `floor`/`target` are the linear
    /// fallback when there is no cohort (one package alone).
    Cohort {
        /// Fallback floor.
        floor: Decimal,
        /// Fallback target.
        target: Decimal,
    },
    /// 功效系数法: (60 + 40 × clamp((x − floor) ÷ (target − floor), 0, 1)) ÷ 100 — 0.6 at or
    /// beyond the floor (不允许值), 1 at or beyond the target (满意值), linear between.
    Efficacy {
        /// 不允许值: the figure that earns 60%.
        floor: Decimal,
        /// 满意值: the figure that earns the full share.
        target: Decimal,
    },
}

impl Method {
    /// The word used in files and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Linear { .. } => "linear",
            Self::Bands(_) => "bands",
            Self::Cohort { .. } => "cohort",
            Self::Efficacy { .. } => "efficacy",
        }
    }
}

/// One threshold of a `bands` rule. With direction `higher`, a value at or above `at` earns
/// `fraction`; with `lower`, a value at or below it does.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Threshold.
    pub at: Decimal,
    /// Fraction of the measure's share earned (0–1).
    pub fraction: Decimal,
}

impl Rubric {
    /// All indicators in file order.
    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.categories.iter().flat_map(|c| c.indicators.iter())
    }

    /// The indicator with this number.
    pub fn indicator(&self, id: u32) -> Option<&Indicator> {
        self.indicators().find(|i| i.id == id)
    }

    /// The measure with this id and the indicator it belongs to.
    pub fn measure(&self, id: &str) -> Option<(&Indicator, &Measure)> {
        self.indicators()
            .flat_map(|i| i.measures.iter().map(move |m| (i, m)))
            .find(|(_, m)| m.id == id)
    }

    /// The application condition with this number.
    pub fn condition(&self, id: u32) -> Option<&Condition> {
        self.conditions.iter().find(|c| c.id == id)
    }

    /// All measures in file order.
    pub fn measures(&self) -> impl Iterator<Item = &Measure> {
        self.indicators().flat_map(|i| i.measures.iter())
    }
}
