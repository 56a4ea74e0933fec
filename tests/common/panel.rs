//! A combined evaluation built in memory for the chair's screen tests: five fictional experts
//! on the demo package.

#![allow(dead_code)]

use cluster_review::package::{DEMO_NAME, check_package, demo_files, parse_package};
use cluster_review::panel::{MergeOptions, SessionInput, Signature};
use cluster_review::rubric;
use cluster_review::session::{Declaration, DeclarationKind, Edit, Expert, SessionState};

/// Five experts scoring the demo's indicator 1 with 8, 7, 6, 5, 1.
pub fn inputs() -> Vec<SessionInput> {
    let rubric = rubric::embedded().expect("rubric");
    let files = demo_files();
    let package = parse_package(DEMO_NAME, &files, &rubric).expect("demo");
    let check = check_package(&rubric, &package, None);
    ["8", "7", "6", "5", "1"]
        .iter()
        .enumerate()
        .map(|(i, points)| {
            let mut state = SessionState::fresh(
                &rubric,
                &package,
                &check,
                Expert {
                    id: format!("E0{}", i + 1),
                    name: format!("专家{}", i + 1),
                },
            );
            state.created_at = format!("2026-11-28T00:00:0{i}Z");
            state.declaration = Some(Declaration {
                kind: DeclarationKind::NoConflict,
                reason: String::new(),
                at: "now".into(),
            });
            state.apply(&Edit::Points {
                indicator: 1,
                points: points.parse().expect("points"),
            });
            state.apply(&Edit::Comment {
                indicator: 1,
                text: "意见".into(),
            });
            SessionInput {
                file: format!("E0{}.sqlite", i + 1),
                rubric: std::sync::Arc::new(rubric.clone()),
                rubric_text: rubric::EMBEDDED_TEXT.into(),
                state,
                signature: Signature::Unsigned,
            }
        })
        .collect()
}

/// Unsigned sessions are counted.
pub const OPTIONS: MergeOptions = MergeOptions {
    method: None,
    allow_unsigned: true,
};
