//! The expert's score sheet (评审专家评分表) built from a session: everything the expert
//! declared, scored, annotated and wrote, the package and rubric it was scored against, the
//! totals, the time and the signer. Built the same way every time from the same session.

use super::Signing;
use super::model::{
    ConditionDoc, DeclarationDoc, EXPERT_SHEET, ExpertCategoryDoc, ExpertIndicatorDoc,
    ExpertMeasureDoc, ExpertSheet, PackageRefDoc, PersonDoc, RubricRef, SHEET_FORMAT,
    SessionRefDoc, SignerDoc,
};
use crate::display::{exact, points};
use crate::rubric::{IndicatorKind, Rubric};
use crate::session::{IndicatorSummary, SessionState, SessionSummary, summarise};

/// The sheet of this session; `signing` is `None` for an unsigned draft.
pub fn expert_sheet(rubric: &Rubric, state: &SessionState, signing: Signing<'_>) -> ExpertSheet {
    build(rubric, state, Some(&summarise(rubric, state)), signing)
}

/// The sheet with only what the expert stated (the figures the program computes from it left
/// blank): what a signed sheet is compared with, made without counting anything.
pub(super) fn stated_sheet(
    rubric: &Rubric,
    state: &SessionState,
    signing: Signing<'_>,
) -> ExpertSheet {
    build(rubric, state, None, signing)
}

fn build(
    rubric: &Rubric,
    state: &SessionState,
    summary: Option<&SessionSummary>,
    signing: Signing<'_>,
) -> ExpertSheet {
    let no_results: Vec<IndicatorSummary> = Vec::new();
    let results = summary.map_or(&no_results, |s| &s.indicators);
    let indicators = rubric
        .categories
        .iter()
        .flat_map(|c| c.indicators.iter().map(move |i| (c, i)))
        .enumerate()
        .map(|(n, (category, indicator))| {
            let result = results.get(n);
            let score = state.scores.get(&indicator.id);
            let measures = indicator
                .measures
                .iter()
                .enumerate()
                .map(|(n, m)| {
                    let annotation = state.annotations.get(&m.id).cloned().unwrap_or_default();
                    let figure = state.figures.get(&m.id);
                    let scored = result.and_then(|r| r.measures.get(n));
                    let counted = summary.is_some();
                    ExpertMeasureDoc {
                        id: m.id.clone(),
                        name: m.name.clone(),
                        unit: m.unit.clone(),
                        declared: figure
                            .and_then(|f| f.declared)
                            .filter(|_| counted)
                            .map(exact),
                        derived: figure
                            .and_then(|f| f.derived)
                            .filter(|_| counted)
                            .map(exact),
                        value: scored.and_then(|s| s.value).map(exact),
                        points: scored.map(|s| points(s.points)),
                        status: annotation.status.as_str().to_string(),
                        note: annotation.note,
                        corrected: annotation.corrected.map(exact),
                    }
                })
                .collect();
            ExpertIndicatorDoc {
                id: indicator.id,
                name: indicator.name.clone(),
                category: category.id.clone(),
                kind: indicator.kind.as_str().to_string(),
                weight: exact(indicator.weight),
                points: match result {
                    Some(r) => r.points.map(points),
                    // without counting: the expert's own points of a qualitative indicator
                    None if indicator.kind == IndicatorKind::Qualitative => {
                        score.and_then(|s| s.points).map(points)
                    }
                    None => None,
                },
                comment: score.map(|s| s.comment.clone()).unwrap_or_default(),
                measures,
            }
        })
        .collect();
    let categories = rubric
        .categories
        .iter()
        .map(|c| ExpertCategoryDoc {
            id: c.id.clone(),
            name: c.name.clone(),
            weight: exact(c.weight),
            points: summary.and_then(|s| {
                s.totals
                    .categories
                    .iter()
                    .find(|t| t.category == c.id)
                    .map(|t| points(t.points))
            }),
        })
        .collect();
    ExpertSheet {
        sheet: EXPERT_SHEET.to_string(),
        sheet_format: SHEET_FORMAT,
        rubric: RubricRef {
            id: state.rubric_id.clone(),
            sha256: state.rubric_sha256.clone(),
        },
        package: PackageRefDoc {
            id: state.package.id.clone(),
            digest: state.package.digest.clone(),
            cluster: state.package.cluster.clone(),
            park: state.package.park.clone(),
            year: state.package.year,
            round: state.package.round.map(|r| r.as_str().to_string()),
        },
        expert: PersonDoc {
            id: state.expert.id.clone(),
            name: state.expert.name.clone(),
        },
        session: SessionRefDoc {
            created_at: state.created_at.clone(),
            revision: state.revision,
        },
        meeting: state.meeting.clone(),
        declaration: state.declaration.as_ref().map(|d| DeclarationDoc {
            kind: d.kind.as_str().to_string(),
            reason: d.reason.clone(),
            at: d.at.clone(),
        }),
        indicators,
        categories,
        conditions: conditions(rubric, state),
        qualitative_points: summary
            .map(|s| points(s.qualitative_points))
            .unwrap_or_default(),
        quantitative_points: summary
            .map(|s| points(s.quantitative_points))
            .unwrap_or_default(),
        total: summary.map(|s| points(s.totals.total)).unwrap_or_default(),
        overall: state.overall.clone(),
        signed_at: signing.map(|(at, _)| at.to_string()),
        signer: signing.map(|(_, signer)| SignerDoc {
            id: signer.id.clone(),
            name: signer.name.clone(),
            public_key: signer.public_key.clone(),
        }),
    }
}

/// The application conditions in rubric order, in an application review (unmarked ones
/// `null`, for a draft); none otherwise.
fn conditions(rubric: &Rubric, state: &SessionState) -> Vec<ConditionDoc> {
    if !state.reviews_conditions() {
        return Vec::new();
    }
    rubric
        .conditions
        .iter()
        .map(|c| {
            let mark = state.conditions.get(&c.id).cloned().unwrap_or_default();
            ConditionDoc {
                id: c.id,
                verdict: mark.verdict.map(|v| v.as_str().to_string()),
                note: mark.note,
            }
        })
        .collect()
}
