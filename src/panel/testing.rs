//! Panels built in memory for the unit tests of the panel statistics: sessions of the embedded
//! demo package (fictional sample data), renamed per cluster, with chosen qualitative points.

use super::input::{SessionInput, Signature};
use crate::package::{DEMO_NAME, check_package, demo_files, parse_package};
use crate::rubric;
use crate::session::{Declaration, DeclarationKind, Edit, Expert, SessionState};
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn base() -> &'static (crate::rubric::Rubric, SessionState) {
    static BASE: OnceLock<(crate::rubric::Rubric, SessionState)> = OnceLock::new();
    BASE.get_or_init(|| {
        let rubric = rubric::embedded().expect("embedded rubric");
        let package = parse_package(DEMO_NAME, &demo_files(), &rubric).expect("demo package");
        let check = check_package(&rubric, &package, None);
        let state = SessionState::fresh(
            &rubric,
            &package,
            &check,
            Expert {
                id: String::new(),
                name: String::new(),
            },
        );
        (rubric, state)
    })
}

/// An unsigned session of `expert` on cluster `package` (the demo's figures) with these
/// qualitative points and a comment on each.
pub(crate) fn session(package: &str, expert: &str, scores: &[(u32, Decimal)]) -> SessionInput {
    let (rubric, state) = base();
    let mut state = state.clone();
    state.package.id = package.to_string();
    state.package.cluster = format!("南京紫金示例高新园区{package}创新型产业集群");
    state.expert = Expert {
        id: expert.to_string(),
        name: format!("专家{expert}"),
    };
    state.created_at = format!("2026-11-28T00:00:00Z {package} {expert}");
    state.declaration = Some(Declaration {
        kind: DeclarationKind::NoConflict,
        reason: String::new(),
        at: "2026-11-28T00:00:00Z".into(),
    });
    for (indicator, points) in scores {
        state.apply(&Edit::Points {
            indicator: *indicator,
            points: *points,
        });
        state.apply(&Edit::Comment {
            indicator: *indicator,
            text: "意见".into(),
        });
    }
    SessionInput {
        file: format!("{package}-{expert}.sqlite"),
        rubric: std::sync::Arc::new(rubric.clone()),
        rubric_text: rubric::EMBEDDED_TEXT.into(),
        state,
        signature: Signature::Unsigned,
    }
}

/// A session in which `expert` recused from cluster `package`.
pub(crate) fn recused(package: &str, expert: &str) -> SessionInput {
    let mut input = session(package, expert, &[]);
    input.state.declaration = Some(Declaration {
        kind: DeclarationKind::Recused,
        reason: "本单位申报".into(),
        at: "2026-11-28T00:00:00Z".into(),
    });
    input
}

/// A decimal from text.
pub(crate) fn d(text: &str) -> Decimal {
    text.parse().expect("decimal")
}
