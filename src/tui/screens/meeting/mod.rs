//! The expert's meeting screen (`review --meeting DIR --expert ID`): the meeting's clusters with
//! the expert's progress and total in each; Enter opens a cluster's review screen (the session
//! made when the expert declares, the declaration first), Esc comes back; Tab shows "my scores
//! across clusters" (一览), from which Enter jumps to a cluster and indicator; S signs the
//! selected cluster, A every ready one (confirmed once), with the meeting's roster.
//!
//! On the shared runtime: `update` is pure, and `run` carries out the effects against the
//! meeting folder, holding at most one session open (locked) at a time.

pub mod app;
pub mod draw;
pub mod keymap;
pub mod update;

use crate::display::local_time;
use crate::i18n::Lang;
use crate::meeting::{MeetingDir, MeetingPackage, Person};
use crate::session::Expert;
use crate::store::{NewSession, SessionDb, read_session};
use crate::tui::labels::labels;
use crate::tui::runtime::{Screen, run_screen};
use crate::tui::screens::review::app::{App, PackageView};
use crate::tui::screens::review::update::{Action, Effect};
use app::MeetingApp;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use std::io;
use std::time::Instant;
use update::{MeetingAction, MeetingEffect};

impl Screen for MeetingApp {
    type Action = MeetingAction;
    type Effect = MeetingEffect;

    fn key(&self, key: KeyEvent) -> Option<MeetingAction> {
        update::handle_key(self, key)
    }

    fn paste(&self, text: String) -> Option<MeetingAction> {
        Some(MeetingAction::Paste(text))
    }

    fn tick(&self, now: Instant) -> Option<MeetingAction> {
        Some(MeetingAction::Tick(now))
    }

    fn ended(&self) -> MeetingAction {
        MeetingAction::Ended
    }

    fn no_paste(&self) -> MeetingAction {
        MeetingAction::Notice(labels(self.lang).no_paste.to_string())
    }

    fn update(&mut self, action: MeetingAction) -> Vec<MeetingEffect> {
        update::update(self, action)
    }

    fn draw(&self, frame: &mut Frame) {
        draw::draw(frame, self);
    }

    fn done(&self) -> bool {
        self.quit
    }
}

/// What the runtime works on: the meeting folder, its packages, the expert, and the one
/// session open.
pub struct MeetingRuntime {
    /// The meeting folder.
    pub meeting: MeetingDir,
    /// Its packages, loaded and checked.
    pub packages: Vec<MeetingPackage>,
    /// The expert.
    pub expert: Person,
    /// The language.
    pub lang: Lang,
    /// The session open, with its cluster's index.
    open: Option<(usize, SessionDb)>,
    /// The cluster whose review is open (its session may not exist yet).
    pending: Option<usize>,
}

impl MeetingRuntime {
    /// A runtime with no session open.
    pub fn new(
        meeting: MeetingDir,
        packages: Vec<MeetingPackage>,
        expert: Person,
        lang: Lang,
    ) -> Self {
        Self {
            meeting,
            packages,
            expert,
            lang,
            open: None,
            pending: None,
        }
    }

    fn path(&self, index: usize) -> Option<std::path::PathBuf> {
        self.packages
            .get(index)
            .map(|p| self.meeting.session_path(&p.entry.id, &self.expert.id))
    }

    /// Opens a cluster's session (bound to the meeting's rubric and package, the expert's own),
    /// or prepares a new one in memory until the expert declares.
    fn open(&mut self, index: usize, indicator: Option<u32>) -> MeetingAction {
        self.open = None;
        let (Some(package), Some(path)) = (self.packages.get(index), self.path(index)) else {
            return MeetingAction::Failed(self.lang.pick("没有这个集群", "no such cluster").into());
        };
        let view = PackageView::new(
            &package.package.manifest.cluster,
            &package.check,
            crate::package::source_texts(&package.files),
        );
        let mut app = if std::fs::symlink_metadata(&path).is_ok() {
            let db = match SessionDb::open_bound(
                &path,
                &self.meeting.rubric,
                &package.package,
                &package.files,
            ) {
                Ok(db) => db,
                Err(e) => return MeetingAction::Failed(e.to_string()),
            };
            let owner = &db.state().expert;
            if owner.id != self.expert.id {
                return MeetingAction::Failed(format!(
                    "{}: {}",
                    path.display(),
                    match self.lang {
                        Lang::Zh => format!("属于专家 {}，不是 {}", owner.id, self.expert.id),
                        Lang::En =>
                            format!("belongs to expert {}, not {}", owner.id, self.expert.id),
                    }
                ));
            }
            let app = App::new(db.rubric().clone(), view, db.state().clone(), self.lang);
            self.open = Some((index, db));
            app
        } else {
            let fresh = crate::session::SessionState::fresh(
                &self.meeting.rubric,
                &package.package,
                &package.check,
                Expert {
                    id: self.expert.id.clone(),
                    name: self.expert.name.clone(),
                },
            );
            App::new(self.meeting.rubric.clone(), view, fresh, self.lang)
        };
        app.in_meeting = true;
        app.key_path = crate::tui::config::load().key;
        if let Some(position) = indicator.and_then(|i| app.order.iter().position(|x| *x == i)) {
            app.selected = position;
        }
        MeetingAction::Opened {
            index,
            app: Box::new(app),
        }
    }

    /// Carries out an effect of the open review: an edit, the declaration (which makes a new
    /// session), or signing with the meeting's roster.
    fn review(&mut self, effect: Effect) -> MeetingAction {
        let lang = self.lang;
        let action = match (effect, &mut self.open) {
            (Effect::Save(edits), Some((_, db))) => match db.apply_all(&edits) {
                Ok(at) => saved(db, &at),
                Err(e) => Action::Failed(e.to_string()),
            },
            (Effect::Declare(kind, reason), Some((_, db))) => match db.declare(kind, &reason) {
                Ok(at) => saved(db, &at),
                Err(e) => Action::Failed(e.to_string()),
            },
            (Effect::Declare(kind, reason), None) => self.create(kind, reason),
            (Effect::Sign(key_file), Some((_, db))) => sign_one(db, &key_file, &self.meeting, lang),
            (Effect::Save(_) | Effect::Sign(_), None) => Action::Failed(
                lang.pick("请先作回避声明", "make the declaration first")
                    .to_string(),
            ),
        };
        MeetingAction::Review(action)
    }

    /// Makes the session of the cluster being opened, with the declaration just made.
    fn create(&mut self, kind: crate::session::DeclarationKind, reason: String) -> Action {
        let Some(index) = self.pending_index() else {
            return Action::Failed(self.lang.pick("没有打开的集群", "no cluster open").into());
        };
        let (Some(package), Some(path)) = (self.packages.get(index), self.path(index)) else {
            return Action::Failed(self.lang.pick("没有这个集群", "no such cluster").into());
        };
        let new = NewSession {
            rubric: &self.meeting.rubric,
            rubric_text: &self.meeting.rubric_text,
            package: &package.package,
            check: &package.check,
            files: &package.files,
            meeting: Some(self.meeting.meeting.reference()),
            expert: Expert {
                id: self.expert.id.clone(),
                name: self.expert.name.clone(),
            },
            declaration: Some((kind, reason)),
        };
        match SessionDb::create(&path, new) {
            Ok(db) => {
                let at = db
                    .state()
                    .declaration
                    .as_ref()
                    .map(|d| d.at.clone())
                    .unwrap_or_default();
                let action = saved(&db, &at);
                self.open = Some((index, db));
                action
            }
            Err(e) => Action::Failed(e.to_string()),
        }
    }

    fn pending_index(&self) -> Option<usize> {
        self.pending
    }

    /// Closes the open session; its state as stored.
    fn close(&mut self) -> MeetingAction {
        let index = self.open.take().map(|(i, _)| i).or(self.pending);
        self.pending = None;
        let Some(index) = index else {
            return MeetingAction::Notice(String::new());
        };
        let session = self
            .path(index)
            .and_then(|p| read_session(&p).ok())
            .map(|(_, s)| Box::new(s));
        MeetingAction::Closed { index, session }
    }

    /// Signs each cluster with the key, the sheet naming the meeting, the key checked against
    /// the meeting's roster.
    fn sign(&mut self, targets: &[usize], key_file: &str) -> MeetingAction {
        self.open = None;
        let mut results = Vec::new();
        for index in targets {
            let Some(path) = self.path(*index) else {
                continue;
            };
            let result =
                SessionDb::open(&path).map_err(|e| e.to_string()).and_then(
                    |mut db| match sign_one(&mut db, key_file, &self.meeting, self.lang) {
                        Action::Signed { sheet, .. } => Ok(sheet),
                        Action::SignedUnwritten { message, .. } | Action::Failed(message) => {
                            Err(message)
                        }
                        _ => Err(String::new()),
                    },
                );
            let session = read_session(&path).ok().map(|(_, s)| Box::new(s));
            results.push((*index, session, result));
        }
        if results.iter().all(|(_, _, r)| r.is_ok()) {
            remember(key_file);
        }
        MeetingAction::Signed(results)
    }

    /// Carries out one effect of the meeting screen.
    pub fn execute(&mut self, effect: MeetingEffect) -> MeetingAction {
        match effect {
            MeetingEffect::Open { index, indicator } => {
                self.pending = Some(index);
                self.open(index, indicator)
            }
            MeetingEffect::Review(effect) => self.review(effect),
            MeetingEffect::Close => self.close(),
            MeetingEffect::Sign { targets, key_file } => self.sign(&targets, &key_file),
        }
    }
}

/// The review's confirmation of a commit.
fn saved(db: &SessionDb, at: &str) -> Action {
    Action::Saved {
        at: local_time(at),
        session: Box::new(db.state().clone()),
    }
}

/// Remembers the key's path for next time (a convenience: failing costs nothing signed).
fn remember(key_file: &str) {
    let remembered = std::fs::canonicalize(key_file)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| key_file.to_string());
    let _ = crate::tui::config::save(&crate::tui::config::UserConfig { key: remembered });
}

/// Signs an open session of the meeting: refused without the meeting's roster; the sheet names
/// the meeting.
fn sign_one(db: &mut SessionDb, key_file: &str, meeting: &MeetingDir, lang: Lang) -> Action {
    let Some(roster) = &meeting.roster else {
        return Action::Failed(format!(
            "{}: {}",
            meeting.roster_path().display(),
            lang.pick(
                "评审会尚无名册：签署前须由组长放入名册，以核验签署人的公钥",
                "the meeting has no roster yet: the chair puts it in before anyone signs, so that the signer's key can be checked",
            )
        ));
    };
    let key_path = std::path::Path::new(key_file);
    let key = match crate::signing::load_private_key(key_path) {
        Ok(key) => key,
        Err(e) => return Action::Failed(format!("{key_file}: {e}")),
    };
    let reference = meeting.meeting.reference();
    match crate::usecase::sign_open_session_in(
        db,
        &key,
        key_path,
        None,
        Some(roster),
        Some(&reference),
    ) {
        Ok(signed) => {
            remember(key_file);
            Action::Signed {
                session: Box::new(db.state().clone()),
                sheet: signed.sheet.display().to_string(),
            }
        }
        Err(e @ crate::usecase::SignError::Unwritten { .. }) => Action::SignedUnwritten {
            session: Box::new(db.state().clone()),
            message: e.to_string(),
        },
        Err(e) => Action::Failed(e.to_string()),
    }
}

/// Runs the meeting screen until the expert quits (or a signal ends it, after saving).
pub fn run(mut app: MeetingApp, mut runtime: MeetingRuntime) -> io::Result<()> {
    run_screen(&mut app, |effect| runtime.execute(effect))
}
