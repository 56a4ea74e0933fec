//! The evaluation rubric (评价指标体系): categories, weighted indicators, their measures and
//! scoring rules, read from a TOML file and validated so that every later figure can trust it.

mod derivation;
mod json;
mod load;
mod model;
#[cfg(test)]
mod prebuilt;
/// The embedded rubric, built without parsing its TOML (generated and checked by `prebuilt`).
mod prebuilt_rubric;
mod raw;

pub use derivation::Derivation;
pub use json::rubric_json;
pub use load::{
    EMBEDDED_NAME, EMBEDDED_TEXT, SharedRubric, embedded, load_file, parse, parse_shared,
};
pub use model::{
    Aggregate, Band, Category, Condition, Direction, Indicator, IndicatorKind, Level, Measure,
    Method, PanelRules, Rubric, ScoringRule,
};
