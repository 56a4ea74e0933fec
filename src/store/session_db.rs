//! A session file open for writing: created atomically, opened only after its header looks
//! right, locked against a second writer, checked against the rubric and package it is bound
//! to, and changed one fully synced transaction (with its audit entry) per edit.

use super::error::StoreError;
use super::header::precheck;
use super::lock::SessionLock;
use super::schema::{APPLICATION_ID, FORMAT_VERSION, LEGACY_FORMAT, migration};
use super::session_load::{Depth, StoredSession, load, read_signoffs as signoffs};
use super::sqlite::{
    connect, create_atomically, integrity, migrate, now, reading, sql_error, write_transaction,
};
use crate::display::exact;
use crate::i18n::Lang;
use crate::package::{Package, PackageCheck, PackageFiles, package_digest};
use crate::rubric::Rubric;
use crate::session::{
    Declaration, DeclarationKind, Edit, Expert, MeetingRef, SessionState, SignOff,
    check_declaration, check_edit, text_change,
};
use crate::session::{RuleError, summarise};
use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};
use std::path::{Path, PathBuf};

/// What a new session is made of.
#[derive(Debug)]
pub struct NewSession<'a> {
    /// The rubric.
    pub rubric: &'a Rubric,
    /// Its exact text (kept in the session so the file is self-contained).
    pub rubric_text: &'a str,
    /// The package.
    pub package: &'a Package,
    /// The package's figures as checked (`check_package`).
    pub check: &'a PackageCheck,
    /// The package's files (kept in the session, which derives its figures from them).
    pub files: &'a PackageFiles,
    /// The meeting the session belongs to, if any.
    pub meeting: Option<MeetingRef>,
    /// The expert.
    pub expert: Expert,
    /// The declaration, if made at creation: kind and reason.
    pub declaration: Option<(DeclarationKind, String)>,
}

/// `sessions/<package-id>/<expert-id>.sqlite`.
pub fn default_session_path(package_id: &str, expert_id: &str) -> PathBuf {
    Path::new("sessions")
        .join(package_id)
        .join(format!("{expert_id}.sqlite"))
}

/// A session open for writing (the lock is held until it is dropped).
#[derive(Debug)]
pub struct SessionDb {
    path: PathBuf,
    conn: Connection,
    /// Shared with every other reader of the same rubric text in this process (not copied).
    rubric: std::sync::Arc<Rubric>,
    state: SessionState,
    /// SQLite's `data_version` when `state` was loaded: a change means another connection (the
    /// sqlite3 shell, say) committed, and the state is reloaded before the next edit.
    data_version: i64,
    /// How much of the file the state holds.
    depth: Depth,
    _lock: SessionLock,
}

fn data_version(path: &Path, conn: &Connection) -> Result<i64, StoreError> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
        .map_err(sql_error(path, "cannot read the data version"))
}

impl SessionDb {
    /// Creates a new session file; it appears complete or not at all.
    pub fn create(path: &Path, new: NewSession<'_>) -> Result<Self, StoreError> {
        if path.exists() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        if let Some((kind, reason)) = &new.declaration {
            let fresh = SessionState::fresh(new.rubric, new.package, new.check, new.expert.clone());
            check_declaration(&fresh, *kind, reason).map_err(|rule| StoreError::Rule {
                path: path.to_path_buf(),
                rule,
            })?;
        }
        let lock = create_atomically(path, "session", |temp| write_new(temp, &new))?;
        Self::open_locked(path, lock, Depth::Full)
    }

    /// Opens an existing session for writing. A session of the earlier format (without its
    /// package's files) must be upgraded first (`upgrade`, or `open_bound` with the package).
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        precheck(path)?;
        let lock = SessionLock::acquire(path)?;
        Self::open_locked(path, lock, Depth::Full)
    }

    /// Opens a session only to change it (`session set`, `declare`, `import`, `revise`): the
    /// package's figures are not derived (the state's `figures` are empty), which a command
    /// that only saves does not need. Showing, signing and merging read the session whole.
    pub fn open_for_edits(path: &Path) -> Result<Self, StoreError> {
        precheck(path)?;
        let lock = SessionLock::acquire(path)?;
        Self::open_locked(path, lock, Depth::Edits)
    }

    /// Opens a session for writing, refusing it when the rubric or package differs from the
    /// one it was made with; a session of the earlier format is upgraded with these files.
    pub fn open_bound(
        path: &Path,
        rubric: &Rubric,
        package: &Package,
        files: &PackageFiles,
    ) -> Result<Self, StoreError> {
        precheck(path)?;
        let lock = SessionLock::acquire(path)?;
        if file_format(path)? <= LEGACY_FORMAT {
            upgrade_locked(path, files)?;
        }
        let db = Self::open_locked(path, lock, Depth::Full)?;
        check_binding(path, &db.state, rubric, package)?;
        Ok(db)
    }

    /// Upgrades a session of the earlier format: the package's files it was made with (they must
    /// hash to the digest the session recorded) are put into it, and its stored figures dropped.
    pub fn upgrade(path: &Path, files: &PackageFiles) -> Result<(), StoreError> {
        precheck(path)?;
        let _lock = SessionLock::acquire(path)?;
        upgrade_locked(path, files)
    }

    fn open_locked(path: &Path, lock: SessionLock, depth: Depth) -> Result<Self, StoreError> {
        precheck(path)?;
        let mut conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        integrity(path, &conn)?;
        migrate(path, &mut conn, LEGACY_FORMAT, migration)?;
        let (loaded, data_version) = reading(&conn, path, || {
            if format_of(path, &conn)? == LEGACY_FORMAT {
                return Err(StoreError::Legacy(path.to_path_buf()));
            }
            Ok((
                load(path, &conn, FORMAT_VERSION, depth)?,
                data_version(path, &conn)?,
            ))
        })?;
        Ok(Self {
            path: path.to_path_buf(),
            conn,
            rubric: loaded.rubric,
            state: loaded.state,
            data_version,
            depth,
            _lock: lock,
        })
    }

    /// The connection's `synchronous` level and journal mode, for checks of durability.
    pub fn pragmas(&self) -> Result<(i64, String), StoreError> {
        let e = sql_error(&self.path, "cannot read the pragmas");
        let synchronous = self
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .map_err(&e)?;
        let journal = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .map_err(&e)?;
        Ok((synchronous, journal))
    }

    /// The session's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The rubric the session was made with (stored in the file).
    pub fn rubric(&self) -> &Rubric {
        &self.rubric
    }

    /// The session as committed.
    pub fn state(&self) -> &SessionState {
        &self.state
    }

    /// Applies one edit in its own transaction; returns the commit time once it is on disk.
    pub fn apply(&mut self, edit: &Edit) -> Result<String, StoreError> {
        self.apply_all(std::slice::from_ref(edit))
    }

    /// Applies edits all together in one transaction, or none of them.
    pub fn apply_all(&mut self, edits: &[Edit]) -> Result<String, StoreError> {
        self.refresh()?;
        let mut next = self.state.clone();
        for edit in edits {
            check_edit(&self.rubric, &next, edit).map_err(|rule| StoreError::Rule {
                path: self.path.clone(),
                rule,
            })?;
            next.apply(edit);
        }
        let at = now();
        let result = self.write(|tx, path| {
            let mut before = self.state.clone();
            for edit in edits {
                write_edit(tx, path, &before, edit, &at)?;
                before.apply(edit);
            }
            Ok(())
        });
        self.settle(result, next)?;
        Ok(at)
    }

    /// Records the conflict-of-interest declaration (a recusal needs a reason and is final).
    pub fn declare(&mut self, kind: DeclarationKind, reason: &str) -> Result<String, StoreError> {
        self.refresh()?;
        check_declaration(&self.state, kind, reason).map_err(|rule| StoreError::Rule {
            path: self.path.clone(),
            rule,
        })?;
        let at = now();
        let old = self
            .state
            .declaration
            .as_ref()
            .map(|d| d.kind.as_str().to_string());
        let revision = self.state.revision;
        let result = self.write(|tx, path| {
            tx.execute(
                "INSERT INTO declaration (id, kind, reason, declared_at) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, reason = excluded.reason, declared_at = excluded.declared_at",
                params![kind.as_str(), reason, at],
            )
            .map_err(sql_error(path, "cannot record the declaration"))?;
            audit(tx, path, &at, revision, "declaration", old.as_deref(), Some(format!("{} {}", kind.as_str(), reason).trim()))
        });
        let mut next = self.state.clone();
        next.declaration = Some(Declaration {
            kind,
            reason: reason.to_string(),
            at: at.clone(),
        });
        self.settle(result, next)?;
        Ok(at)
    }

    /// Whether the current revision may be signed: not signed yet, and nothing blocking (a
    /// recused expert signs the recusal: nothing blocks it).
    pub fn ready_to_sign(&mut self) -> Result<(), StoreError> {
        self.refresh()?;
        let rule = |rule| StoreError::Rule {
            path: self.path.clone(),
            rule,
        };
        if self.state.signed.is_some() {
            return Err(rule(RuleError::Signed));
        }
        if self.state.declaration.is_none() {
            return Err(rule(RuleError::NotDeclared));
        }
        let problems = summarise(&self.rubric, &self.state).problems;
        if !problems.is_empty() {
            let listed: Vec<String> = problems.iter().map(|p| p.message(Lang::En)).collect();
            return Err(rule(RuleError::NotReady(listed.join("; "))));
        }
        Ok(())
    }

    /// Records that the session belongs to this review meeting, before it is signed there: a
    /// session made outside any meeting names the meeting it is first signed in. A session
    /// belongs to one meeting at most, fixed once recorded: one of another meeting is refused.
    /// Audited; refused when the current revision is signed or not ready to sign.
    pub fn join_meeting(&mut self, meeting: &MeetingRef) -> Result<(), StoreError> {
        self.ready_to_sign()?;
        match &self.state.meeting {
            Some(ours) if ours == meeting => return Ok(()),
            Some(ours) => {
                return Err(StoreError::Binding(format!(
                    "{}: belongs to review meeting {} ({} {}), not to {} ({} {}); nothing was signed",
                    self.path.display(),
                    ours.id,
                    ours.date,
                    ours.title,
                    meeting.id,
                    meeting.date,
                    meeting.title
                )));
            }
            None => {}
        }
        let revision = self.state.revision;
        let result = self.write(|tx, path| {
            tx.execute(
                "INSERT INTO meeting (id, meeting_id, title, date, kind) VALUES (1, ?1, ?2, ?3, ?4)",
                params![meeting.id, meeting.title, meeting.date, meeting.kind],
            )
            .map_err(sql_error(path, "cannot record the meeting"))?;
            audit(tx, path, &now(), revision, "meeting", None, Some(&meeting.id))
        });
        let mut next = self.state.clone();
        next.meeting = Some(meeting.clone());
        self.settle(result, next)
    }

    /// Records a sign-off of the current revision (built and signed by `crate::sheet` from
    /// `signed_state`) with its audit entry; the revision is read-only from then on. Refused
    /// if the session changed since the sheet was built, or cannot be signed.
    pub fn record_signoff(
        &mut self,
        signoff: &SignOff,
        signed_state: &SessionState,
    ) -> Result<(), StoreError> {
        self.ready_to_sign()?;
        if &self.state != signed_state || signoff.revision != self.state.revision {
            return Err(StoreError::Binding(format!(
                "{}: the session changed while the sheet was being signed; nothing was signed, sign again",
                self.path.display()
            )));
        }
        let at = signoff.at.clone();
        let result = self.write(|tx, path| {
            tx.execute(
                "INSERT INTO signoff (revision, signed_at, sheet_sha256, signature, public_key, sheet) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![signoff.revision, signoff.at, signoff.sheet_sha256, signoff.signature, signoff.public_key, signoff.sheet],
            )
            .map_err(sql_error(path, "cannot record the sign-off"))?;
            audit(tx, path, &now(), signoff.revision, "signed", None, Some(&format!("sheet sha256 {} at {at}", signoff.sheet_sha256)))
        });
        let mut next = self.state.clone();
        next.signed = Some(signoff.clone());
        self.settle(result, next)
    }

    /// Starts a new revision of a signed session, with a written reason; the earlier revision
    /// and its sheet stay on record. Returns the new revision's number.
    pub fn revise(&mut self, reason: &str) -> Result<u32, StoreError> {
        self.refresh()?;
        let rule = |rule| StoreError::Rule {
            path: self.path.clone(),
            rule,
        };
        if self.state.signed.is_none() {
            return Err(rule(RuleError::NotSigned(self.state.revision)));
        }
        if reason.trim().is_empty() {
            return Err(rule(RuleError::RevisionNeedsReason));
        }
        if reason.contains('\0') {
            return Err(rule(RuleError::BadText));
        }
        let at = now();
        let number = self.state.revision + 1;
        let result = self.write(|tx, path| {
            tx.execute(
                "INSERT INTO revision (number, reason, started_at) VALUES (?1, ?2, ?3)",
                params![number, reason.trim(), at],
            )
            .map_err(sql_error(path, "cannot start the new revision"))?;
            audit(
                tx,
                path,
                &at,
                number,
                "revision",
                Some(&(number - 1).to_string()),
                Some(&format!("{number} {}", reason.trim())),
            )
        });
        let mut next = self.state.clone();
        next.revision = number;
        next.signed = None;
        self.settle(result, next)?;
        Ok(number)
    }

    /// Every sign-off on record, oldest first (earlier revisions' sheets included).
    pub fn signoffs(&self) -> Result<Vec<SignOff>, StoreError> {
        signoffs(&self.path, &self.conn)
    }

    /// Reloads the state if another connection has committed since it was loaded.
    fn refresh(&mut self) -> Result<(), StoreError> {
        let version = data_version(&self.path, &self.conn)?;
        if version != self.data_version {
            self.state = load(&self.path, &self.conn, FORMAT_VERSION, self.depth)?.state;
            self.data_version = version;
        }
        Ok(())
    }

    fn write(
        &self,
        body: impl FnOnce(&rusqlite::Transaction<'_>, &Path) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        write_transaction(&self.conn, &self.path, body)
    }

    /// Keeps the new state after a commit; after a failure, reloads what is on disk.
    fn settle(
        &mut self,
        result: Result<(), StoreError>,
        next: SessionState,
    ) -> Result<(), StoreError> {
        match result {
            Ok(()) => {
                self.state = next;
                Ok(())
            }
            Err(e) => {
                if let Ok(loaded) = load(&self.path, &self.conn, FORMAT_VERSION, self.depth) {
                    self.state = loaded.state;
                }
                Err(e)
            }
        }
    }
}

/// Refuses a session whose rubric or package is not the one given.
pub fn check_binding(
    path: &Path,
    state: &SessionState,
    rubric: &Rubric,
    package: &Package,
) -> Result<(), StoreError> {
    if state.rubric_sha256 != rubric.sha256 {
        return Err(StoreError::Binding(format!(
            "{}: the session was made with rubric {} (sha256 {}), but the rubric given has sha256 {}; open it with the original rubric file, or start a new session for the changed rubric",
            path.display(),
            state.rubric_id,
            state.rubric_sha256,
            rubric.sha256
        )));
    }
    if state.package.digest != package.digest {
        return Err(StoreError::Binding(format!(
            "{}: the session was made with package {} (digest {}), but the package in {} now has digest {}: it has changed since; restore the original package files, or start a new session for the changed package",
            path.display(),
            state.package.id,
            state.package.digest,
            package.dir,
            package.digest
        )));
    }
    Ok(())
}

/// The format of a session file (`PRAGMA user_version`).
fn format_of(path: &Path, conn: &Connection) -> Result<u32, StoreError> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql_error(path, "cannot read the format"))
}

/// The format of a session file, read without writing to it.
fn file_format(path: &Path) -> Result<u32, StoreError> {
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    format_of(path, &conn)
}

/// Upgrades a session of format 1 or 2 to the current format, with its package's files, in one
/// transaction (the caller holds the write lock).
fn upgrade_locked(path: &Path, files: &PackageFiles) -> Result<(), StoreError> {
    let mut conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    integrity(path, &conn)?;
    migrate(path, &mut conn, LEGACY_FORMAT, migration)?;
    match format_of(path, &conn)? {
        LEGACY_FORMAT => {}
        FORMAT_VERSION => return Ok(()),
        other => {
            return Err(StoreError::NotASession {
                path: path.to_path_buf(),
                detail: format!("has format {other}, which cannot be upgraded"),
            });
        }
    }
    let legacy = load(path, &conn, LEGACY_FORMAT, Depth::Full)?;
    let digest = package_digest(files);
    if digest != legacy.state.package.digest {
        return Err(StoreError::Binding(format!(
            "{}: the session was made with package {} (digest {}), but the files given have digest {digest}; give the package exactly as it was when the session was made",
            path.display(),
            legacy.state.package.id,
            legacy.state.package.digest
        )));
    }
    let e = sql_error(path, "cannot upgrade the session");
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Exclusive)
        .map_err(&e)?;
    let sql = migration(LEGACY_FORMAT).unwrap_or_default();
    tx.execute_batch(&sql).map_err(&e)?;
    for (file, content) in &files.0 {
        tx.execute(
            "INSERT INTO package_file (path, content) VALUES (?1, ?2)",
            params![file, content],
        )
        .map_err(&e)?;
    }
    tx.pragma_update(None, "user_version", FORMAT_VERSION)
        .map_err(&e)?;
    tx.commit().map_err(e)?;
    // the upgraded file must read as one written by this version
    load(path, &conn, FORMAT_VERSION, Depth::Full).map(|_| ())
}

/// Reads a session without taking the write lock (for `session show`, `sheet`, `merge`). A
/// session of the earlier format is read too (its `files` are `None`). Reading every table
/// whole, it relies on SQLite's own checks of the pages it reads (a damaged page is an error);
/// the full `quick_check` runs on every open for writing.
pub fn read_session_file(path: &Path) -> Result<StoredSession, StoreError> {
    precheck(path)?;
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    reading(&conn, path, || {
        let format = format_of(path, &conn)?;
        load(path, &conn, format, Depth::Full)
    })
}

/// Reads a session without taking the write lock.
pub fn read_session(path: &Path) -> Result<(Rubric, SessionState), StoreError> {
    read_session_file(path).map(|s| (Rubric::clone(&s.rubric), s.state))
}

fn write_new(temp: &Path, new: &NewSession<'_>) -> Result<(), StoreError> {
    let mut conn = connect(
        temp,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(sql_error(temp, "cannot mark the file"))?;
    migrate(temp, &mut conn, FORMAT_VERSION, migration)?;
    let at = now();
    let manifest = &new.package.manifest;
    let tx = conn
        .transaction()
        .map_err(sql_error(temp, "cannot start a transaction"))?;
    let e = sql_error(temp, "cannot write the new session");
    tx.execute(
        "INSERT INTO session (id, rubric_id, rubric_sha256, rubric_toml, package_id, package_digest, cluster, park, year,
                              expert_id, expert_name, created_at, created_by)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            new.rubric.id, new.rubric.sha256, new.rubric_text, manifest.id, new.package.digest, manifest.cluster, manifest.park,
            manifest.year, new.expert.id, new.expert.name, at, concat!("cluster-review ", env!("CARGO_PKG_VERSION"))
        ],
    )
    .map_err(&e)?;
    if package_digest(new.files) != new.package.digest {
        return Err(StoreError::Binding(format!(
            "{}: the package's files do not match its digest; nothing was created",
            temp.display()
        )));
    }
    for (file, content) in &new.files.0 {
        tx.execute(
            "INSERT INTO package_file (path, content) VALUES (?1, ?2)",
            params![file, content],
        )
        .map_err(&e)?;
    }
    if let Some(m) = &new.meeting {
        tx.execute(
            "INSERT INTO meeting (id, meeting_id, title, date, kind) VALUES (1, ?1, ?2, ?3, ?4)",
            params![m.id, m.title, m.date, m.kind],
        )
        .map_err(&e)?;
    }
    tx.execute(
        "INSERT INTO revision (number, reason, started_at) VALUES (1, 'initial', ?1)",
        params![at],
    )
    .map_err(&e)?;
    audit(
        &tx,
        temp,
        &at,
        1,
        "session created",
        None,
        Some(&format!("{} {}", new.expert.id, new.expert.name)),
    )?;
    if let Some((kind, reason)) = &new.declaration {
        tx.execute(
            "INSERT INTO declaration (id, kind, reason, declared_at) VALUES (1, ?1, ?2, ?3)",
            params![kind.as_str(), reason, at],
        )
        .map_err(&e)?;
        audit(
            &tx,
            temp,
            &at,
            1,
            "declaration",
            None,
            Some(format!("{} {}", kind.as_str(), reason).trim()),
        )?;
    }
    tx.commit()
        .map_err(sql_error(temp, "cannot commit the new session"))
}

fn audit(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    at: &str,
    revision: u32,
    what: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<(), StoreError> {
    audit_at(tx, path, (at, revision, what), None, old, new)
}

/// An audit entry; for a text, `offset` is where the change starts (in characters) and `old`
/// and `new` are only the part removed and the part put in.
fn audit_at(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    (at, revision, what): (&str, u32, &str),
    offset: Option<usize>,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO audit (at, revision, what, old, new, offset) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .and_then(|mut statement| {
        statement.execute(params![
            at,
            revision,
            what,
            old,
            new,
            offset.map(|o| o as i64)
        ])
    })
    .map(|_| ())
    .map_err(sql_error(path, "cannot write the audit entry"))
}

/// Writes one edit and its audit entry; `before` is the state the edit changes.
fn write_edit(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    before: &SessionState,
    edit: &Edit,
    at: &str,
) -> Result<(), StoreError> {
    let e = sql_error(path, "cannot save the edit");
    let score = |i: &u32| before.scores.get(i).cloned().unwrap_or_default();
    let annotation = |m: &String| before.annotations.get(m).cloned().unwrap_or_default();
    let (old, new): (Option<String>, Option<String>) = match edit {
        Edit::Points { indicator, points } => {
            tx.prepare_cached(
                "INSERT INTO score (indicator, points, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(indicator) DO UPDATE SET points = excluded.points, updated_at = excluded.updated_at",
            )
            .and_then(|mut statement| statement.execute(params![indicator, exact(*points), at]))
            .map_err(&e)?;
            (score(indicator).points.map(exact), Some(exact(*points)))
        }
        Edit::Comment { indicator, text } => {
            tx.prepare_cached(
                "INSERT INTO score (indicator, comment, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(indicator) DO UPDATE SET comment = excluded.comment, updated_at = excluded.updated_at",
            )
            .and_then(|mut statement| statement.execute(params![indicator, text, at]))
            .map_err(&e)?;
            (Some(score(indicator).comment), Some(text.clone()))
        }
        Edit::Status { measure, status } => {
            tx.prepare_cached(
                "INSERT INTO annotation (measure, status, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(measure) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
            )
            .and_then(|mut statement| statement.execute(params![measure, status.as_str(), at]))
            .map_err(&e)?;
            (
                Some(annotation(measure).status.as_str().to_string()),
                Some(status.as_str().to_string()),
            )
        }
        Edit::Note { measure, text } => {
            tx.prepare_cached(
                "INSERT INTO annotation (measure, note, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(measure) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at",
            )
            .and_then(|mut statement| statement.execute(params![measure, text, at]))
            .map_err(&e)?;
            (Some(annotation(measure).note), Some(text.clone()))
        }
        Edit::Corrected { measure, value } => {
            tx.prepare_cached(
                "INSERT INTO annotation (measure, corrected, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(measure) DO UPDATE SET corrected = excluded.corrected, updated_at = excluded.updated_at",
            )
            .and_then(|mut statement| statement.execute(params![measure, value.map(exact), at]))
            .map_err(&e)?;
            (annotation(measure).corrected.map(exact), value.map(exact))
        }
        Edit::Overall { text } => {
            tx.prepare_cached(
                "INSERT INTO overall (id, text, updated_at) VALUES (1, ?1, ?2)
                 ON CONFLICT(id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
            )
            .and_then(|mut statement| statement.execute(params![text, at]))
            .map_err(&e)?;
            (Some(before.overall.clone()), Some(text.clone()))
        }
        Edit::ConditionVerdict { condition, verdict } => {
            tx.prepare_cached(
                "INSERT INTO condition (id, verdict, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET verdict = excluded.verdict, updated_at = excluded.updated_at",
            )
            .and_then(|mut statement| statement.execute(params![condition, verdict.as_str(), at]))
            .map_err(&e)?;
            let old = before.conditions.get(condition).and_then(|m| m.verdict);
            (
                old.map(|v| v.as_str().to_string()),
                Some(verdict.as_str().to_string()),
            )
        }
        Edit::ConditionNote { condition, text } => {
            tx.prepare_cached(
                "INSERT INTO condition (id, note, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at",
            )
            .and_then(|mut statement| statement.execute(params![condition, text, at]))
            .map_err(&e)?;
            let old = before.conditions.get(condition).map(|m| m.note.clone());
            (Some(old.unwrap_or_default()), Some(text.clone()))
        }
    };
    let what = edit.what();
    let key = (at, before.revision, what.as_str());
    match edit {
        // texts are audited as the part that changed, so a long opinion keeps the file small
        Edit::Comment { .. }
        | Edit::Note { .. }
        | Edit::Overall { .. }
        | Edit::ConditionNote { .. } => {
            let change = text_change(old.as_deref().unwrap_or(""), new.as_deref().unwrap_or(""));
            audit_at(
                tx,
                path,
                key,
                Some(change.offset),
                Some(&change.removed),
                Some(&change.inserted),
            )
        }
        _ => audit_at(tx, path, key, None, old.as_deref(), new.as_deref()),
    }
}

/// Reads every sign-off of a session without taking the write lock.
pub fn read_signoffs(path: &Path) -> Result<Vec<SignOff>, StoreError> {
    precheck(path)?;
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    signoffs(path, &conn)
}
