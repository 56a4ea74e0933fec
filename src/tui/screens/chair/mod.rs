//! The chair's screen (`cluster-review chair COMBINED.sqlite`): per cluster the expert ×
//! indicator matrix with flagged cells highlighted, the panel value and method, consensus notes,
//! agreed corrections of quantitative figures with their reasons, and the ranking with the
//! agreement and sensitivity figures. A peer of the expert's screen on the same runtime, key
//! tables and widgets: saves confirmed by their commit, the note saved by itself after a pause,
//! a signed file read-only, the terminal always restored.

pub mod app;
pub mod draw;
pub mod keymap;
pub mod overlays;
pub mod update;

use crate::display::local_time;
use crate::store::CombinedDb;
use crate::tui::labels::labels;
use crate::tui::runtime::{Screen, run_screen};
use app::ChairApp;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use std::io;
use std::time::Instant;
use update::{ChairAction, ChairEffect};

impl Screen for ChairApp {
    type Action = ChairAction;
    type Effect = ChairEffect;

    fn key(&self, key: KeyEvent) -> Option<ChairAction> {
        update::handle_key(self, key)
    }

    fn paste(&self, text: String) -> Option<ChairAction> {
        Some(ChairAction::Paste(text))
    }

    fn tick(&self, now: Instant) -> Option<ChairAction> {
        Some(ChairAction::Tick(now))
    }

    fn ended(&self) -> ChairAction {
        ChairAction::Ended
    }

    fn no_paste(&self) -> ChairAction {
        ChairAction::Notice(labels(self.lang).no_paste.to_string())
    }

    fn update(&mut self, action: ChairAction) -> Vec<ChairEffect> {
        update::update(self, action)
    }

    fn draw(&self, frame: &mut Frame) {
        draw::draw(frame, self);
    }

    fn done(&self) -> bool {
        self.quit
    }
}

/// What signing from the screen needs beyond the screen's state: the roster to check the
/// chair's key and the merged sign-offs against, and the review meeting the sheet names.
#[derive(Debug, Clone, Default)]
pub struct SignContext {
    /// The roster.
    pub roster: Option<crate::signing::Roster>,
    /// The meeting.
    pub meeting: Option<crate::sheet::MeetingRefDoc>,
}

/// Runs the chair's screen on a combined evaluation until the chair quits (or a signal ends
/// it, after saving). A signed file opens read-only.
pub fn run(mut app: ChairApp, mut db: CombinedDb, context: SignContext) -> io::Result<()> {
    app.signed = db.is_signed();
    if app.signed {
        app.status =
            crate::tui::widgets::Status::Info(labels(app.lang).combined_signed.to_string());
    }
    let signer = app.signer.clone();
    let lang = app.lang;
    run_screen(&mut app, |effect| {
        let result = match effect {
            ChairEffect::SetNote {
                package,
                indicator,
                text,
            } => db.set_note(&package, indicator, &text),
            ChairEffect::SetCorrection {
                package,
                measure,
                correction,
            } => db.set_correction(&package, &measure, correction),
            ChairEffect::Sign { key_file } => {
                return sign(&mut db, &key_file, signer.as_ref(), &context, lang);
            }
        };
        match (result, db.combined()) {
            (Ok(at), Ok(combined)) => ChairAction::Saved {
                at: local_time(&at),
                combined: Box::new(combined),
                chair: db.chair().clone(),
            },
            (Err(e), _) => ChairAction::Failed(e.to_string()),
            (Ok(_), Err(refused)) => ChairAction::Failed(refused.to_string()),
        }
    })
}

/// Signs with the key in `key_file` through the compliance gate (the use case `sign` runs),
/// and remembers the key's path.
fn sign(
    db: &mut CombinedDb,
    key_file: &str,
    signer: Option<&app::ChairSigner>,
    context: &SignContext,
    lang: crate::i18n::Lang,
) -> ChairAction {
    let Some(signer) = signer else {
        return ChairAction::Failed(
            lang.pick("未指定签署的组长", "no chair to sign")
                .to_string(),
        );
    };
    if context.meeting.is_some() && context.roster.is_none() {
        return ChairAction::Failed(
            lang.pick(
                "评审会尚无名册（roster.toml）：签署前须放入名册，以核验组长和各专家的公钥",
                "the meeting has no roster (roster.toml) yet: put it in before signing, so the keys of the chair and the experts can be checked",
            )
            .to_string(),
        );
    }
    let key_path = std::path::Path::new(key_file);
    let key = match crate::signing::load_private_key(key_path) {
        Ok(key) => key,
        Err(e) => return ChairAction::Failed(format!("{key_file}: {e}")),
    };
    let how = crate::usecase::CombinedSigning {
        chair: crate::usecase::ChairSigning {
            id: &signer.id,
            name: &signer.name,
        },
        out: None,
        roster: context.roster.as_ref(),
        meeting: context.meeting.as_ref(),
        gate: Some(lang),
    };
    match crate::usecase::sign_open_combined(db, &key, key_path, &how) {
        Ok(signed) => {
            let remembered = std::fs::canonicalize(key_file)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| key_file.to_string());
            // remembering is a convenience: a failure to write the config costs nothing signed
            let _ = crate::tui::config::save(&crate::tui::config::UserConfig { key: remembered });
            ChairAction::Signed {
                sheet: signed.sheet.display().to_string(),
                signed_by: signed_by(&signer.id, &signer.name, &signed.signoff.at, lang),
            }
        }
        Err(e) => ChairAction::Failed(e.to_string()),
    }
}

/// The sign-off in words: who and when.
pub fn signed_by(id: &str, name: &str, at: &str, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::Zh => format!("已签署 · {id} {name} · {at}"),
        crate::i18n::Lang::En => format!("signed · {id} {name} · {at}"),
    }
}
