//! The domain rules every edit obeys, whichever screen or command makes it: a declaration
//! first, no scoring after a recusal, nothing after a sign-off, points within `[0, weight]`
//! and on the step, measures and indicators that exist.

use super::edit::Edit;
use super::model::{DeclarationKind, SessionState};
use crate::numbers::parse_number;
use crate::rubric::{IndicatorKind, Rubric};
use rust_decimal::Decimal;

/// Why an edit is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// No conflict-of-interest declaration yet.
    #[error(
        "no conflict-of-interest declaration (回避声明) yet, expected one first: declare no conflict, or recuse with a reason"
    )]
    NotDeclared,
    /// The expert has recused.
    #[error("the expert has recused (回避) from this package and cannot score or annotate it")]
    Recused,
    /// The current revision is signed.
    #[error(
        "the session is signed and read-only; a change needs a new revision with a written reason"
    )]
    Signed,
    /// The indicator is not in the rubric.
    #[error("found indicator {0}, expected one of the rubric's indicators (1–20)")]
    UnknownIndicator(u32),
    /// Points for a computed indicator.
    #[error(
        "indicator {0} is quantitative: its points are computed from the figures, expected points only for qualitative indicators (annotate its measures instead)"
    )]
    NotQualitative(u32),
    /// Points outside the weight.
    #[error(
        "found points {points} for indicator {indicator}, expected points from 0 to its weight {weight}"
    )]
    OutOfRange {
        /// Indicator.
        indicator: u32,
        /// Points given.
        points: Decimal,
        /// Weight.
        weight: Decimal,
    },
    /// Points off the step.
    #[error(
        "found points {points} for indicator {indicator}, expected a multiple of the step {step}"
    )]
    OffStep {
        /// Indicator.
        indicator: u32,
        /// Points given.
        points: Decimal,
        /// Step.
        step: Decimal,
    },
    /// The measure is not in the rubric.
    #[error("found measure \"{0}\", expected a measure id of the rubric")]
    UnknownMeasure(String),
    /// A number that is not one.
    #[error("{0}")]
    NotANumber(String),
    /// A corrected figure that the measure cannot have.
    #[error("found {found} for measure \"{measure}\", expected a figure in {unit} not below 0")]
    BadFigure {
        /// Measure.
        measure: String,
        /// What was given.
        found: String,
        /// The measure's unit.
        unit: String,
    },
    /// Text with a NUL character.
    #[error("the text contains a NUL character, expected plain text")]
    BadText,
    /// Text the archival sheet cannot print.
    #[error("{0}")]
    Unprintable(crate::repertoire::Unprintable),
    /// Text longer than a sheet should carry.
    #[error("the text has {found} characters, expected at most {limit}")]
    TooLong {
        /// Its length in characters.
        found: usize,
        /// The limit.
        limit: usize,
    },
    /// The condition is not in the rubric.
    #[error("found condition {0}, expected one of the rubric's application conditions (1–6)")]
    UnknownCondition(u32),
    /// Conditions are marked only in an application review.
    #[error(
        "the application conditions (申报条件) are marked only in an application review (立项评审); this session's package is for the round {0}"
    )]
    NotAnApplication(String),
    /// A recusal needs a reason.
    #[error("a recusal (回避) needs a reason, expected a short text")]
    RecusalNeedsReason,
    /// A recusal cannot be withdrawn.
    #[error("the expert has recused; a recusal cannot be withdrawn")]
    RecusalFinal,
    /// Signing refused: blocking problems remain (listed).
    #[error("cannot sign yet: {0}; expected every blocking problem resolved first")]
    NotReady(String),
    /// A revision of a session whose current revision is not signed.
    #[error(
        "revision {0} is not signed and can still be changed; expected a signed revision to revise"
    )]
    NotSigned(u32),
    /// A new revision needs a written reason.
    #[error("a new revision needs a written reason (--reason), expected a short text")]
    RevisionNeedsReason,
}

/// Parses points as typed (full-width digits accepted, no `%`).
pub fn parse_points(text: &str) -> Result<Decimal, RuleError> {
    match parse_number(text) {
        Ok(n) if n.percent => Err(RuleError::NotANumber(format!(
            "found \"{}\", expected points without %",
            text.trim()
        ))),
        Ok(n) => Ok(n.value),
        Err(message) => Err(RuleError::NotANumber(message)),
    }
}

/// Parses a corrected figure as typed, like a package figure: empty clears it; a `%` sign only
/// for `%` measures; a negative figure only for `%` measures (growth rates).
pub fn parse_corrected(
    rubric: &Rubric,
    measure: &str,
    text: &str,
) -> Result<Option<Decimal>, RuleError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let unit = rubric
        .measure(measure)
        .map(|(_, m)| m.unit.clone())
        .ok_or_else(|| RuleError::UnknownMeasure(measure.to_string()))?;
    match parse_number(text) {
        Ok(n) if (n.percent || n.value < Decimal::ZERO) && unit != "%" => {
            Err(RuleError::BadFigure {
                measure: measure.to_string(),
                found: text.trim().to_string(),
                unit,
            })
        }
        Ok(n) => Ok(Some(n.value)),
        Err(message) => Err(RuleError::NotANumber(message)),
    }
}

/// The longest name printed on a sheet, in characters.
pub const MAX_NAME: usize = 40;

/// A person's name as printed on sheets: not empty, at most `MAX_NAME` characters, one line
/// without control characters.
pub fn valid_person_name(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty()
        && name.chars().count() <= MAX_NAME
        && !name.chars().any(char::is_control)
        && crate::repertoire::check(name).is_ok()
}

/// Whether an expert id can name a session file: letters, digits, `.`, `_`, `-`.
pub fn valid_expert_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Checks one edit against the rubric and the session as it stands.
pub fn check_edit(rubric: &Rubric, state: &SessionState, edit: &Edit) -> Result<(), RuleError> {
    may_edit(state)?;
    match edit {
        Edit::Points { indicator, points } => {
            let found = rubric
                .indicator(*indicator)
                .ok_or(RuleError::UnknownIndicator(*indicator))?;
            if found.kind != IndicatorKind::Qualitative {
                return Err(RuleError::NotQualitative(*indicator));
            }
            if *points < Decimal::ZERO || *points > found.weight {
                return Err(RuleError::OutOfRange {
                    indicator: *indicator,
                    points: *points,
                    weight: found.weight,
                });
            }
            if let Some(step) = found.step
                && !(*points % step).is_zero()
            {
                return Err(RuleError::OffStep {
                    indicator: *indicator,
                    points: *points,
                    step,
                });
            }
            Ok(())
        }
        Edit::Comment { indicator, text } => {
            rubric
                .indicator(*indicator)
                .ok_or(RuleError::UnknownIndicator(*indicator))?;
            plain(text)
        }
        Edit::Status { measure, .. } => known_measure(rubric, measure),
        Edit::Corrected { measure, value } => {
            let unit = rubric
                .measure(measure)
                .map(|(_, m)| m.unit.clone())
                .ok_or_else(|| RuleError::UnknownMeasure(measure.clone()))?;
            match value {
                Some(v) if *v < Decimal::ZERO && unit != "%" => Err(RuleError::BadFigure {
                    measure: measure.clone(),
                    found: v.to_string(),
                    unit,
                }),
                _ => Ok(()),
            }
        }
        Edit::Note { measure, text } => {
            known_measure(rubric, measure)?;
            plain(text)
        }
        Edit::Overall { text } => plain(text),
        Edit::ConditionVerdict { condition, .. } => {
            application_condition(rubric, state, *condition)
        }
        Edit::ConditionNote { condition, text } => {
            application_condition(rubric, state, *condition)?;
            plain(text)
        }
    }
}

/// A condition of the rubric, in an application review.
fn application_condition(
    rubric: &Rubric,
    state: &SessionState,
    condition: u32,
) -> Result<(), RuleError> {
    rubric
        .condition(condition)
        .ok_or(RuleError::UnknownCondition(condition))?;
    if !state.reviews_conditions() {
        let round = state
            .package
            .round
            .map_or("unknown (a session made before rounds)", |r| r.as_str());
        return Err(RuleError::NotAnApplication(round.to_string()));
    }
    Ok(())
}

/// Checks a new declaration: a recusal needs a reason and is final.
pub fn check_declaration(
    state: &SessionState,
    kind: DeclarationKind,
    reason: &str,
) -> Result<(), RuleError> {
    if state.signed.is_some() {
        return Err(RuleError::Signed);
    }
    if state.recused() {
        return Err(RuleError::RecusalFinal);
    }
    if kind == DeclarationKind::Recused && reason.trim().is_empty() {
        return Err(RuleError::RecusalNeedsReason);
    }
    plain(reason)
}

fn known_measure(rubric: &Rubric, measure: &str) -> Result<(), RuleError> {
    rubric
        .measure(measure)
        .map(|_| ())
        .ok_or_else(|| RuleError::UnknownMeasure(measure.to_string()))
}

/// The longest opinion, note or reason, in characters (a few pages of a printed sheet).
pub const MAX_TEXT: usize = 50_000;

/// Text as it may be entered: no NUL, not longer than `MAX_TEXT`, every character one the
/// archival sheet can print (`crate::repertoire`).
pub fn check_text(text: &str) -> Result<(), RuleError> {
    stored_text(text)?;
    crate::repertoire::check(text).map_err(RuleError::Unprintable)
}

/// Text as a file may hold it: no NUL, not too long (texts entered before the repertoire was
/// checked stay readable).
fn stored_text(text: &str) -> Result<(), RuleError> {
    if text.contains('\0') {
        return Err(RuleError::BadText);
    }
    let found = text.chars().count();
    if found > MAX_TEXT {
        return Err(RuleError::TooLong {
            found,
            limit: MAX_TEXT,
        });
    }
    Ok(())
}

fn plain(text: &str) -> Result<(), RuleError> {
    check_text(text)
}

/// Checks a session read from a file against the rubric: every stored value must be one the
/// program could have written (a file edited behind its back is refused, not trusted).
pub fn check_state(rubric: &Rubric, state: &SessionState) -> Result<(), String> {
    let limit = crate::numbers::MAX_MAGNITUDE;
    let text = |what: &str, text: &str| {
        stored_text(text).map_err(|e| format!("holds {what} that no edit could have stored ({e})"))
    };
    let time = |what: &str, at: &str| {
        crate::timestamp::parse(at)
            .map(|_| ())
            .map_err(|e| format!("holds {what} {e}"))
    };
    if !valid_expert_id(&state.expert.id) {
        return Err(format!(
            "holds the expert id \"{}\", expected letters, digits, . _ -",
            state.expert.id.escape_debug()
        ));
    }
    let name = state.expert.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(format!(
            "holds the expert name \"{}\", expected one line of at most {MAX_NAME} characters",
            state.expert.name.escape_debug()
        ));
    }
    if !valid_expert_id(&state.package.id) {
        return Err(format!(
            "holds the package id \"{}\", expected letters, digits, . _ -",
            state.package.id.escape_debug()
        ));
    }
    time("the creation time", &state.created_at)?;
    if let Some(d) = &state.declaration {
        time("the declaration time", &d.at)?;
        text("a declaration reason", &d.reason)?;
        if d.kind == DeclarationKind::Recused && d.reason.trim().is_empty() {
            return Err(
                "holds a recusal without a reason, which no declaration could have stored".into(),
            );
        }
    }
    if state.revision < 1 {
        return Err("holds no revision, expected revision 1 from creation".into());
    }
    if let Some(signed) = &state.signed {
        time("the signing time", &signed.at)?;
        if signed.revision != state.revision || signed.signature.len() != 64 {
            return Err("holds a sign-off that does not belong to the current revision or has no 64-byte signature".into());
        }
    }
    text("an overall opinion", &state.overall)?;
    for (id, score) in &state.scores {
        let indicator = rubric.indicator(*id).ok_or_else(|| {
            format!("holds a score for indicator {id}, which the rubric does not have")
        })?;
        text(&format!("an opinion on indicator {id}"), &score.comment)?;
        if let Some(points) = score.points {
            let edit = Edit::Points {
                indicator: *id,
                points,
            };
            if indicator.kind != IndicatorKind::Qualitative
                || points < Decimal::ZERO
                || points > indicator.weight
                || indicator.step.is_some_and(|s| !(points % s).is_zero())
            {
                return Err(format!(
                    "holds {} for indicator {id} ({}), which no edit could have stored",
                    points,
                    edit.what()
                ));
            }
        }
    }
    for (measure, annotation) in &state.annotations {
        if rubric.measure(measure).is_none() {
            return Err(format!(
                "holds a check of measure \"{measure}\", which the rubric does not have"
            ));
        }
        let unit = rubric.measure(measure).map(|(_, m)| m.unit.as_str());
        if annotation
            .corrected
            .is_some_and(|v| v.abs() > limit || (v < Decimal::ZERO && unit != Some("%")))
        {
            return Err(format!(
                "holds an impossible corrected figure for measure \"{measure}\" (negative, or beyond 10^15)"
            ));
        }
        text(
            &format!("a note on measure \"{measure}\""),
            &annotation.note,
        )?;
    }
    for (measure, figure) in state.figures.iter() {
        if rubric.measure(measure).is_none() {
            return Err(format!(
                "holds a figure of measure \"{measure}\", which the rubric does not have"
            ));
        }
        if [figure.declared, figure.value]
            .into_iter()
            .flatten()
            .any(|v| v.abs() > limit)
        {
            return Err(format!(
                "holds an impossible figure for measure \"{measure}\""
            ));
        }
    }
    for (id, mark) in &state.conditions {
        if rubric.condition(*id).is_none() {
            return Err(format!(
                "holds a verdict on condition {id}, which the rubric does not have"
            ));
        }
        if !state.reviews_conditions() {
            return Err(format!(
                "holds a verdict on condition {id} outside an application review, which no edit could have stored"
            ));
        }
        text(&format!("a note on condition {id}"), &mark.note)?;
    }
    Ok(())
}

/// Whether the session may be changed at all: declared, not recused, not signed.
pub fn may_edit(state: &SessionState) -> Result<(), RuleError> {
    if state.signed.is_some() {
        return Err(RuleError::Signed);
    }
    match &state.declaration {
        None => Err(RuleError::NotDeclared),
        Some(d) if d.kind == DeclarationKind::Recused => Err(RuleError::Recused),
        Some(_) => Ok(()),
    }
}
