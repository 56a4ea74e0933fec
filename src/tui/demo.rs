//! The review state of the embedded demo without a terminal or a file, for the screens'
//! tests and benchmarks.

use super::screens::review::app::{App, PackageView};
use crate::error::InputErrors;
use crate::i18n::Lang;
use crate::package::{DEMO_NAME, check_package, demo_files, parse_package, source_texts};
use crate::rubric;
use crate::session::{Declaration, DeclarationKind, Expert, SessionState};

/// The demo review as a new expert sees it after declaring no conflict.
pub fn demo_app(lang: Lang) -> Result<App, InputErrors> {
    let rubric = rubric::embedded()?;
    let files = demo_files();
    let package = parse_package(DEMO_NAME, &files, &rubric)?;
    let check = check_package(&rubric, &package, None);
    let mut state = SessionState::fresh(
        &rubric,
        &package,
        &check,
        Expert {
            id: "E01".into(),
            name: "示例专家".into(),
        },
    );
    state.declaration = Some(Declaration {
        kind: DeclarationKind::NoConflict,
        reason: String::new(),
        at: "2026-11-28T00:00:00Z".into(),
    });
    let view = PackageView::new(&package.manifest.cluster, &check, source_texts(&files));
    Ok(App::new(rubric, view, state, lang))
}

/// A meeting screen on the demo without a terminal or a file: two clusters (the demo twice,
/// the second as `demo2`), the first with a session ready to sign, the second not started;
/// the meeting has a roster.
pub fn demo_meeting_app(
    lang: Lang,
) -> Result<super::screens::meeting::app::MeetingApp, InputErrors> {
    use super::screens::meeting::app::{ClusterEntry, MeetingApp};
    use crate::session::Edit;
    let rubric = rubric::embedded()?;
    let files = demo_files();
    let package = parse_package(DEMO_NAME, &files, &rubric)?;
    let check = check_package(&rubric, &package, None);
    let mut state = SessionState::fresh(
        &rubric,
        &package,
        &check,
        Expert {
            id: "E01".into(),
            name: "示例专家".into(),
        },
    );
    state.format = 2;
    state.declaration = Some(Declaration {
        kind: DeclarationKind::NoConflict,
        reason: String::new(),
        at: "2026-11-28T00:00:00Z".into(),
    });
    for (indicator, points) in [(1, 6), (2, 6), (3, 3), (20, 3)] {
        state.apply(&Edit::Points {
            indicator,
            points: points.into(),
        });
        state.apply(&Edit::Comment {
            indicator,
            text: "意见".into(),
        });
    }
    state.apply(&Edit::Overall {
        text: "同意。".into(),
    });
    let quantitative: std::collections::BTreeMap<u32, rust_decimal::Decimal> = check
        .indicators
        .iter()
        .map(|i| (i.indicator, i.points))
        .collect();
    let entry = |id: &str, session: Option<SessionState>| {
        let mut entry = ClusterEntry {
            package_id: id.to_string(),
            cluster: package.manifest.cluster.clone(),
            session: None,
            summary: None,
            quantitative: quantitative.clone(),
        };
        entry.set_session(&rubric, session);
        entry
    };
    let clusters = vec![entry("demo", Some(state)), entry("demo2", None)];
    let mut app = MeetingApp::new(
        "示例评审会",
        "2026-11-28",
        crate::meeting::Person {
            id: "E01".into(),
            name: "示例专家".into(),
        },
        rubric.clone(),
        clusters,
        lang,
    );
    app.roster = true;
    Ok(app)
}
