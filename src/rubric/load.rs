//! Reading and validating a rubric file. Every rule of the design (§4) is checked here and
//! every error names the file, the line and the item; all errors are reported at once.

use super::Derivation;
use super::model::{
    Aggregate, Band, Category, Condition, Direction, Indicator, IndicatorKind, Level, Measure,
    Method, PanelRules, Rubric, ScoringRule,
};
use super::raw::{RawCondition, RawIndicator, RawMeasure, RawRubric, RawScoring};
use crate::error::{InputError, InputErrors, line_of, toml_error};
use crate::hashing::sha256_hex;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

/// The name under which the embedded default rubric is reported.
pub const EMBEDDED_NAME: &str = "rubrics/nanjing-2023.toml";

/// The default rubric, compiled into the binary so it works on a fresh machine.
pub const EMBEDDED_TEXT: &str = include_str!("../../rubrics/nanjing-2023.toml");

/// The embedded default rubric (南京市创新型产业集群建设评价指标体系).
pub fn embedded() -> Result<Rubric, InputErrors> {
    parse(EMBEDDED_NAME, EMBEDDED_TEXT.as_bytes())
}

/// Reads and validates a rubric file.
pub fn load_file(path: &Path) -> Result<Rubric, InputErrors> {
    let name = path.display().to_string();
    let bytes = crate::files::read_regular(path, crate::files::MAX_INPUT_BYTES)
        .map_err(|e| InputError::file(&name, format!("the rubric {e}")))?;
    parse(&name, &bytes)
}

/// A rubric read from bytes, parsed and validated once per distinct text in this process
/// (sessions, combined files and merges carry the same rubric hundreds of times): keyed by the
/// SHA-256 of the exact bytes, so the same text always gives the same rubric. A text that does
/// not validate is not kept, and is reported with `file` each time.
///
/// `recorded` is the SHA-256, if any, the file records for the text: when a text of that digest was
/// parsed before and the bytes are the same, it is found by comparing them instead of hashing
/// (a merge reads the same rubric from thousands of files). A wrong or forged record only
/// misses the shortcut: the text is then hashed, and the caller compares its own record with
/// the rubric's `sha256`.
pub fn parse_shared(
    file: &str,
    text: &str,
    recorded: Option<&str>,
) -> Result<SharedRubric, InputErrors> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static PARSED: OnceLock<Mutex<HashMap<String, SharedRubric>>> = OnceLock::new();
    let cache = PARSED.get_or_init(Default::default);
    // the cached text hashed to `recorded`, so equal bytes have that digest too
    if let Some(found) = cache
        .lock()
        .ok()
        .and_then(|c| recorded.and_then(|r| c.get(r).cloned()))
        && *found.text == *text
    {
        return Ok(found);
    }
    let sha = crate::hashing::sha256_hex(text.as_bytes());
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(&sha).cloned()) {
        return Ok(found);
    }
    let shared = SharedRubric {
        rubric: std::sync::Arc::new(parse(file, text.as_bytes())?),
        text: std::sync::Arc::from(text),
    };
    // two readers parsing the same text at once share the first one's rubric
    if let Ok(mut c) = cache.lock() {
        return Ok(c.entry(sha).or_insert(shared).clone());
    }
    Ok(shared)
}

/// A rubric and its exact text, shared by every file that carries them.
#[derive(Debug, Clone)]
pub struct SharedRubric {
    /// The validated rubric.
    pub rubric: std::sync::Arc<Rubric>,
    /// Its exact text.
    pub text: std::sync::Arc<str>,
}

/// Validates a rubric from its bytes; `file` names it in errors. The text the embedded rubric
/// was generated from is not parsed again: it gives the prebuilt rubric (see `prebuilt`).
pub fn parse(file: &str, bytes: &[u8]) -> Result<Rubric, InputErrors> {
    if bytes == super::prebuilt_rubric::TEXT.as_bytes() {
        return Ok(super::prebuilt_rubric::rubric());
    }
    parse_toml(file, bytes)
}

/// Parses and validates the TOML of a rubric.
pub(super) fn parse_toml(file: &str, bytes: &[u8]) -> Result<Rubric, InputErrors> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        InputError::file(
            file,
            format!(
                "found bytes that are not UTF-8 at offset {}, expected a UTF-8 TOML file",
                e.valid_up_to()
            ),
        )
    })?;
    let raw: RawRubric = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let mut checker = Checker {
        file,
        text,
        errors: Vec::new(),
    };
    let rubric = checker.rubric(raw, sha256_hex(bytes));
    if checker.errors.is_empty() {
        Ok(rubric)
    } else {
        Err(InputErrors(checker.errors))
    }
}

/// Collects validation errors with their lines.
struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    errors: Vec<InputError>,
}

impl Checker<'_> {
    fn error(&mut self, span: Range<usize>, item: impl Into<String>, message: impl Into<String>) {
        let line = line_of(self.text, span.start);
        self.errors
            .push(InputError::at(self.file, line, item, message));
    }

    fn positive(&mut self, value: Decimal, span: Range<usize>, item: &str, field: &str) {
        if value <= Decimal::ZERO {
            self.error(
                span,
                item,
                format!("{field} is {value}, expected more than 0"),
            );
        }
    }

    fn rubric(&mut self, raw: RawRubric, sha256: String) -> Rubric {
        if raw.id.get_ref().trim().is_empty() {
            self.error(
                raw.id.span(),
                "rubric",
                "id is empty, expected a name such as \"nanjing-icc-2023\"",
            );
        }
        let total = raw.total.get_ref().0;
        self.positive(total, raw.total.span(), "rubric", "total");
        let panel = self.panel(&raw);

        let mut category_ids = BTreeSet::new();
        for category in &raw.category {
            let id = category.id.get_ref();
            let item = format!("category \"{id}\"");
            if !category_ids.insert(id.clone()) {
                self.error(
                    category.id.span(),
                    &item,
                    "the id is used twice, expected unique category ids",
                );
            }
            self.positive(
                category.weight.get_ref().0,
                category.weight.span(),
                &item,
                "weight",
            );
        }
        if raw.category.is_empty() {
            self.error(
                raw.total.span(),
                "rubric",
                "has no [[category]], expected at least one",
            );
        }
        let category_sum: Decimal = raw.category.iter().map(|c| c.weight.get_ref().0).sum();
        if !raw.category.is_empty() && category_sum != total {
            self.error(
                raw.total.span(),
                "categories",
                format!(
                    "category weights add up to {}, expected the total {total}",
                    category_sum.normalize()
                ),
            );
        }

        let mut indicator_ids = BTreeSet::new();
        let mut measure_ids = BTreeSet::new();
        let mut by_category: BTreeMap<String, Vec<Indicator>> = BTreeMap::new();
        // weights as written, so that an indicator refused for another reason does not also
        // make its category's sum look wrong
        let mut written: BTreeMap<String, Vec<(u32, Decimal)>> = BTreeMap::new();
        for raw_indicator in &raw.indicator {
            written
                .entry(raw_indicator.category.get_ref().clone())
                .or_default()
                .push((
                    *raw_indicator.id.get_ref(),
                    raw_indicator.weight.get_ref().0,
                ));
        }
        for raw_indicator in raw.indicator {
            let id = *raw_indicator.id.get_ref();
            let item = format!("indicator {id}");
            if !indicator_ids.insert(id) {
                self.error(
                    raw_indicator.id.span(),
                    &item,
                    "the id is used twice, expected unique indicator ids",
                );
            }
            let category = raw_indicator.category.get_ref().clone();
            if !category_ids.contains(&category) {
                self.error(
                    raw_indicator.category.span(),
                    &item,
                    format!(
                        "category \"{category}\" is not defined, expected one of: {}",
                        category_ids.iter().cloned().collect::<Vec<_>>().join(", ")
                    ),
                );
            }
            if let Some(indicator) = self.indicator(raw_indicator, &item, &mut measure_ids) {
                by_category.entry(category).or_default().push(indicator);
            }
        }

        let mut categories = Vec::new();
        for raw_category in raw.category {
            let id = raw_category.id.get_ref().clone();
            let indicators = by_category.remove(&id).unwrap_or_default();
            let weights = written.remove(&id).unwrap_or_default();
            let weight = raw_category.weight.get_ref().0;
            let item = format!("category \"{id}\"");
            if weights.is_empty() {
                self.error(
                    raw_category.id.span(),
                    &item,
                    "has no indicators, expected at least one",
                );
            } else {
                let sum: Decimal = weights.iter().map(|(_, w)| *w).sum::<Decimal>().normalize();
                if sum != weight {
                    let ids: Vec<String> = weights.iter().map(|(i, _)| i.to_string()).collect();
                    self.error(
                        raw_category.weight.span(),
                        &item,
                        format!(
                            "indicator weights ({}) add up to {sum}, expected the category weight {weight}",
                            ids.join(", ")
                        ),
                    );
                }
            }
            categories.push(Category {
                id,
                name: raw_category.name,
                weight,
                indicators,
            });
        }

        let conditions = self.conditions(&raw.condition);
        Rubric {
            id: raw.id.into_inner(),
            title: raw.title,
            source: raw.source,
            total,
            panel,
            categories,
            conditions,
            sha256,
        }
    }

    /// The application conditions: ids unique and from 1, text not empty, checklist parts
    /// not empty.
    fn conditions(&mut self, raw: &[RawCondition]) -> Vec<Condition> {
        let mut conditions: Vec<Condition> = Vec::new();
        for condition in raw {
            let id = *condition.id.get_ref();
            let item = format!("condition {id}");
            if !(1..=6).contains(&id) {
                self.error(
                    condition.id.span(),
                    &item,
                    format!("id is {id}, expected a number from 1 to 6 (the six conditions of section 六; （一） is 1)"),
                );
            }
            if conditions.iter().any(|c| c.id == id) {
                self.error(
                    condition.id.span(),
                    &item,
                    "the id is used twice, expected unique condition ids",
                );
            }
            if condition.text.get_ref().trim().is_empty() {
                self.error(
                    condition.text.span(),
                    &item,
                    "text is empty, expected the condition's text from the guideline",
                );
            }
            if condition
                .checklist
                .iter()
                .any(|part| part.trim().is_empty())
            {
                self.error(
                    condition.text.span(),
                    &item,
                    "a checklist part is empty, expected each part's text",
                );
            }
            conditions.push(Condition {
                id,
                text: condition.text.get_ref().trim().to_string(),
                checklist: condition
                    .checklist
                    .iter()
                    .map(|p| p.trim().to_string())
                    .collect(),
            });
        }
        conditions
    }

    fn panel(&mut self, raw: &RawRubric) -> PanelRules {
        let panel = raw.panel.get_ref();
        let aggregate = match panel.aggregate.get_ref().as_str() {
            "trimmed" => Aggregate::Trimmed,
            "mean" => Aggregate::Mean,
            "median" => Aggregate::Median,
            other => {
                self.error(
                    panel.aggregate.span(),
                    "panel",
                    format!("aggregate is \"{other}\", expected trimmed, mean or median"),
                );
                Aggregate::Trimmed
            }
        };
        let divergence = panel.divergence.get_ref().0;
        self.positive(divergence, panel.divergence.span(), "panel", "divergence");
        let justify_below = panel.justify_below.get_ref().0;
        if justify_below < Decimal::ZERO || justify_below > Decimal::ONE {
            self.error(
                panel.justify_below.span(),
                "panel",
                format!("justify_below is {justify_below}, expected a fraction from 0 to 1"),
            );
        }
        PanelRules {
            aggregate,
            divergence,
            justify_below,
        }
    }

    fn indicator(
        &mut self,
        raw: RawIndicator,
        item: &str,
        measure_ids: &mut BTreeSet<String>,
    ) -> Option<Indicator> {
        let weight = raw.weight.get_ref().0;
        self.positive(weight, raw.weight.span(), item, "weight");
        let kind = match raw.kind.get_ref().as_str() {
            "qualitative" => IndicatorKind::Qualitative,
            "quantitative" => IndicatorKind::Quantitative,
            other => {
                self.error(
                    raw.kind.span(),
                    item,
                    format!("kind is \"{other}\", expected qualitative or quantitative"),
                );
                return None;
            }
        };
        let id_span = raw.id.span();
        let (step, levels, measures) = match kind {
            IndicatorKind::Qualitative => {
                if let Some(m) = raw.measure.first() {
                    self.error(m.id.span(), item, "a qualitative indicator has a [[indicator.measure]], expected none (experts score it)");
                }
                let step = self.step(&raw, weight, item);
                let levels = self.levels(&raw, weight, step, item);
                (step, levels, Vec::new())
            }
            IndicatorKind::Quantitative => {
                if let Some(step) = &raw.step {
                    self.error(step.span(), item, "a quantitative indicator has a step, expected none (its points are computed)");
                }
                if let Some(level) = raw.levels.first() {
                    self.error(
                        level.name.span(),
                        item,
                        "a quantitative indicator has levels, expected none",
                    );
                }
                let measures = self.measures(raw.measure, id_span.clone(), item, measure_ids);
                (None, Vec::new(), measures)
            }
        };
        let short = raw
            .short
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| raw.name.clone());
        Some(Indicator {
            id: raw.id.into_inner(),
            category: raw.category.into_inner(),
            kind,
            weight,
            unit: raw.unit,
            name: raw.name,
            short,
            purpose: raw.purpose,
            definition: raw.definition,
            note: raw.note.filter(|n| !n.trim().is_empty()),
            step,
            levels,
            measures,
        })
    }

    /// The step of a qualitative indicator; `None` (with an error) when missing or not positive.
    fn step(&mut self, raw: &RawIndicator, weight: Decimal, item: &str) -> Option<Decimal> {
        let Some(step) = &raw.step else {
            self.error(
                raw.id.span(),
                item,
                "a qualitative indicator has no step, expected e.g. step = \"0.5\"",
            );
            return None;
        };
        let value = step.get_ref().0;
        if value <= Decimal::ZERO {
            self.error(
                step.span(),
                item,
                format!("step is {value}, expected more than 0"),
            );
            return None;
        }
        if !(weight % value).is_zero() {
            self.error(step.span(), item, format!("the weight {weight} is not a multiple of the step {value}, expected full marks to be reachable"));
        }
        Some(value)
    }

    fn levels(
        &mut self,
        raw: &RawIndicator,
        weight: Decimal,
        step: Option<Decimal>,
        item: &str,
    ) -> Vec<Level> {
        if raw.levels.is_empty() {
            self.error(raw.id.span(), item, "a qualitative indicator has no levels, expected descriptors such as 优/良/中/差 with point ranges");
        }
        let mut levels: Vec<Level> = Vec::new();
        for level in &raw.levels {
            let (min, max) = (level.min.get_ref().0, level.max.get_ref().0);
            let level_item = format!("{item} level \"{}\"", level.name.get_ref());
            if min > max {
                self.error(
                    level.min.span(),
                    &level_item,
                    format!("min {min} is above max {max}, expected min ≤ max"),
                );
            }
            if min < Decimal::ZERO || max > weight {
                self.error(level.min.span(), &level_item, format!("range {min}–{max} leaves [0, {weight}], expected it inside the indicator's weight"));
            }
            if let Some(step) = step
                && (!(min % step).is_zero() || !(max % step).is_zero())
            {
                self.error(
                    level.min.span(),
                    &level_item,
                    format!(
                        "range {min}–{max} is off the step {step}, expected multiples of {step}"
                    ),
                );
            }
            if levels.iter().any(|l| l.name == *level.name.get_ref()) {
                self.error(
                    level.name.span(),
                    &level_item,
                    "the level name is used twice, expected unique level names",
                );
            }
            levels.push(Level {
                name: level.name.get_ref().clone(),
                min,
                max,
                text: level.text.clone(),
            });
        }
        let mut sorted: Vec<(&Level, Range<usize>)> = levels
            .iter()
            .zip(raw.levels.iter().map(|l| l.min.span()))
            .collect();
        sorted.sort_by_key(|(level, _)| level.min);
        for pair in sorted.windows(2) {
            if let [(low, _), (high, span)] = pair
                && high.min <= low.max
            {
                self.error(span.clone(), item, format!("levels \"{}\" ({}–{}) and \"{}\" ({}–{}) overlap, expected disjoint ranges", low.name, low.min, low.max, high.name, high.min, high.max));
            }
        }
        levels
    }

    fn measures(
        &mut self,
        raw: Vec<RawMeasure>,
        id_span: Range<usize>,
        item: &str,
        measure_ids: &mut BTreeSet<String>,
    ) -> Vec<Measure> {
        if raw.is_empty() {
            self.error(
                id_span.clone(),
                item,
                "a quantitative indicator has no [[indicator.measure]], expected at least one",
            );
            return Vec::new();
        }
        let share_sum: Decimal = raw
            .iter()
            .map(|m| m.share.get_ref().0)
            .sum::<Decimal>()
            .normalize();
        if share_sum != Decimal::ONE {
            let ids: Vec<&str> = raw.iter().map(|m| m.id.get_ref().as_str()).collect();
            self.error(
                id_span,
                item,
                format!(
                    "measure shares ({}) add up to {share_sum}, expected 1",
                    ids.join(", ")
                ),
            );
        }
        let mut measures = Vec::new();
        for m in raw {
            let id = m.id.get_ref().clone();
            let measure_item = format!("{item} measure \"{id}\"");
            let valid_id = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !valid_id {
                self.error(m.id.span(), &measure_item, "the id is not made of letters, digits, _ or -, expected an id such as \"revenue\"");
            }
            if !measure_ids.insert(id.clone()) {
                self.error(
                    m.id.span(),
                    &measure_item,
                    "the id is used twice, expected measure ids unique in the rubric",
                );
            }
            self.positive(m.share.get_ref().0, m.share.span(), &measure_item, "share");
            let derive = m.derive.as_ref().and_then(|key| {
                let found = Derivation::from_key(key.get_ref());
                match found {
                    None => {
                        let known: Vec<&str> = Derivation::ALL.iter().map(|d| d.key()).collect();
                        self.error(key.span(), &measure_item, format!("derive is \"{}\", expected one of: {}", key.get_ref(), known.join(", ")));
                    }
                    Some(d) if d.unit() != m.unit.get_ref() => {
                        self.error(m.unit.span(), &measure_item, format!("unit is \"{}\" but derive \"{}\" yields {}, expected the same unit", m.unit.get_ref(), d.key(), d.unit()));
                    }
                    Some(_) => {}
                }
                found
            });
            let scoring = self.scoring(m.scoring.get_ref(), &measure_item);
            measures.push(Measure {
                id,
                name: m.name,
                unit: m.unit.into_inner(),
                share: m.share.get_ref().0,
                derive,
                note: m.note.filter(|n| !n.trim().is_empty()),
                scoring,
            });
        }
        measures
    }

    fn scoring(&mut self, raw: &RawScoring, item: &str) -> ScoringRule {
        let method_span = raw.method.span();
        let direction = match raw.direction.as_ref().map(|d| d.get_ref().as_str()) {
            None | Some("higher") => Direction::Higher,
            Some("lower") => Direction::Lower,
            Some(other) => {
                let span = raw
                    .direction
                    .as_ref()
                    .map_or(method_span.clone(), |d| d.span());
                self.error(
                    span,
                    item,
                    format!("direction is \"{other}\", expected higher or lower"),
                );
                Direction::Higher
            }
        };
        let method = match raw.method.get_ref().as_str() {
            "linear" => {
                let (floor, target) = self.floor_target(raw, direction, item);
                Method::Linear { floor, target }
            }
            "cohort" => {
                let (floor, target) = self.floor_target(raw, direction, item);
                Method::Cohort { floor, target }
            }
            "efficacy" => {
                let (floor, target) = self.floor_target(raw, direction, item);
                Method::Efficacy { floor, target }
            }
            "bands" => Method::Bands(self.bands(raw, direction, item)),
            other => {
                self.error(
                    method_span,
                    item,
                    format!(
                        "scoring method is \"{other}\", expected linear, bands, cohort or efficacy"
                    ),
                );
                Method::Linear {
                    floor: Decimal::ZERO,
                    target: Decimal::ONE,
                }
            }
        };
        ScoringRule {
            method,
            direction,
            bureau_default: raw.bureau_default,
        }
    }

    fn floor_target(
        &mut self,
        raw: &RawScoring,
        direction: Direction,
        item: &str,
    ) -> (Decimal, Decimal) {
        let method = raw.method.get_ref();
        if raw.bands.is_some() {
            self.error(
                raw.method.span(),
                item,
                format!("{method} scoring has bands, expected floor and target only"),
            );
        }
        let (Some(floor), Some(target)) = (&raw.floor, &raw.target) else {
            self.error(raw.method.span(), item, format!("{method} scoring needs both floor and target, expected e.g. floor = \"0\", target = \"100\""));
            return (Decimal::ZERO, Decimal::ONE);
        };
        let (f, t) = (floor.get_ref().0, target.get_ref().0);
        match direction {
            Direction::Higher if t <= f => self.error(target.span(), item, format!("target {t} is not above floor {f}, expected target > floor (or direction = \"lower\")")),
            Direction::Lower if t >= f => self.error(target.span(), item, format!("target {t} is not below floor {f}, expected target < floor with direction = \"lower\"")),
            _ => {}
        }
        (f, t)
    }

    fn bands(&mut self, raw: &RawScoring, direction: Direction, item: &str) -> Vec<Band> {
        if raw.floor.is_some() || raw.target.is_some() {
            self.error(
                raw.method.span(),
                item,
                "bands scoring has floor or target, expected bands only",
            );
        }
        let Some(raw_bands) = raw.bands.as_ref().filter(|b| !b.is_empty()) else {
            self.error(raw.method.span(), item, "bands scoring has no bands, expected e.g. bands = [{ at = \"1\", fraction = \"0.5\" }]");
            return Vec::new();
        };
        let mut bands: Vec<Band> = Vec::new();
        for band in raw_bands {
            let (at, fraction) = (band.at.get_ref().0, band.fraction.get_ref().0);
            if fraction < Decimal::ZERO || fraction > Decimal::ONE {
                self.error(
                    band.fraction.span(),
                    item,
                    format!(
                        "band fraction {fraction} is outside 0–1, expected a fraction of the share"
                    ),
                );
            }
            if let Some(previous) = bands.last() {
                if at <= previous.at {
                    self.error(band.at.span(), item, format!("band at {at} does not rise above the previous {}, expected thresholds in ascending order", previous.at));
                }
                let monotone = match direction {
                    Direction::Higher => fraction >= previous.fraction,
                    Direction::Lower => fraction <= previous.fraction,
                };
                if !monotone {
                    self.error(band.fraction.span(), item, format!("band fraction {fraction} after {} makes a better figure earn less, expected fractions that follow the direction", previous.fraction));
                }
            }
            bands.push(Band { at, fraction });
        }
        bands
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_are_numbered_one_to_six_once_with_text() {
        let rubric = embedded().map_err(|e| e.to_string()).expect("embedded");
        assert_eq!(rubric.conditions.len(), 6);
        assert_eq!(rubric.condition(4).map(|c| c.checklist.len()), Some(8));
        assert_eq!(
            rubric.condition(6).map(crate::rubric::Condition::label),
            Some("（六）".into())
        );
        let bad = format!(
            "{EMBEDDED_TEXT}\n[[condition]]\nid = 7\ntext = \"x\"\n\n[[condition]]\nid = 2\ntext = \" \"\nchecklist = [\"\"]\n"
        );
        let errors = parse("r.toml", bad.as_bytes()).expect_err("invalid").0;
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 4, "{messages:?}");
        assert!(messages[0].contains("condition 7") && messages[0].contains("from 1 to 6"));
        assert!(messages[1].contains("condition 2") && messages[1].contains("used twice"));
        assert!(messages[2].contains("text is empty"));
        assert!(messages[3].contains("checklist part is empty"));
        assert!(errors.iter().all(|e| e.line.is_some()));
    }

    #[test]
    fn embedded_rubric_is_valid_and_complete() {
        let rubric = embedded().map_err(|e| e.to_string());
        let Ok(rubric) = rubric else {
            panic!("embedded rubric invalid: {rubric:?}");
        };
        assert_eq!(rubric.indicators().count(), 20);
        assert_eq!(rubric.sha256.len(), 64);
    }

    #[test]
    fn a_recorded_digest_is_a_shortcut_only_for_the_same_bytes() {
        let first = parse_shared("a.toml", EMBEDDED_TEXT, None).expect("embedded");
        let recorded = first.rubric.sha256.clone();
        // the same bytes under their own digest: the rubric parsed before
        let again = parse_shared("b.toml", EMBEDDED_TEXT, Some(&recorded)).expect("again");
        assert!(std::sync::Arc::ptr_eq(&first.rubric, &again.rubric));
        // other bytes claiming that digest are hashed and parsed as what they are
        let changed = EMBEDDED_TEXT.replacen("title = \"", "title = \"（改）", 1);
        assert_ne!(changed, EMBEDDED_TEXT);
        let other = parse_shared("c.toml", &changed, Some(&recorded)).expect("changed");
        assert_eq!(
            other.rubric.sha256,
            crate::hashing::sha256_hex(changed.as_bytes())
        );
        assert_ne!(other.rubric.sha256, recorded);
        assert_eq!(&*other.text, changed.as_str());
    }
}
