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
