//! The combined evaluation file (`COMBINED.sqlite`): written once by `merge` with every session
//! given, then changed only by the chair's corrections and consensus notes, each in its own
//! durable transaction with an audit entry. The counting itself is always redone from the file
//! (`panel::merge`), so what is shown can never drift from what is stored.

use super::combined_load::{StoredCombined, inputs_digest, load, signature_word};
use super::combined_schema::{
    COMBINED_APPLICATION_ID, COMBINED_FORMAT, LEGACY_COMBINED_FORMAT, combined_migration,
};
use super::error::StoreError;
use super::header::{FileKind, precheck_kind};
use super::lock::SessionLock;
use super::sqlite::{
    NewFile, bytes_column, connect, integrity, migrate, now, sql_error, write_transaction,
};
use crate::display::exact;
use crate::package::PackageFiles;
use crate::panel::{
    ChairInput, Combined, Correction, MergeOptions, MergeRefused, Note, SessionInput, merge,
};
use crate::rubric::Rubric;
use crate::session::{MeetingRef, SignOff};
use crate::sheet::Signer;
use crate::signing::Roster;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A combined evaluation file.
const COMBINED: FileKind = FileKind {
    application_id: COMBINED_APPLICATION_ID,
    format: COMBINED_FORMAT,
    name: "cluster-review combined evaluation",
};

/// Why a chair's change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChairRuleError {
    /// The combined evaluation is signed.
    #[error("the combined evaluation is signed and read-only")]
    Signed,
    /// No such cluster in the file.
    #[error("found package \"{0}\", expected one of the merged clusters")]
    UnknownPackage(String),
    /// No such measure.
    #[error("found measure \"{0}\", expected a measure of the rubric")]
    UnknownMeasure(String),
    /// No such indicator.
    #[error("found indicator {0}, expected one of the rubric's indicators")]
    UnknownIndicator(u32),
    /// A correction needs a reason.
    #[error("a correction needs the reason the panel agreed on")]
    ReasonNeeded,
    /// A text that cannot be kept or printed.
    #[error("{0}")]
    Text(crate::session::RuleError),
}

/// A combined evaluation open for the chair's changes (the lock is held until dropped).
#[derive(Debug)]
pub struct CombinedDb {
    path: PathBuf,
    conn: Connection,
    stored: StoredCombined,
    _lock: SessionLock,
}

impl CombinedDb {
    /// Starts a new combined evaluation at `path` (which must not exist yet), to be filled while
    /// the sessions are read: see `CombinedWriter`.
    pub fn begin(path: &Path) -> Result<CombinedWriter, StoreError> {
        CombinedWriter::begin(path)
    }

    /// Opens a combined evaluation for the chair's changes.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        precheck_kind(path, COMBINED)?;
        let lock = SessionLock::acquire(path)?;
        Self::open_locked(path, lock)
    }

    fn open_locked(path: &Path, lock: SessionLock) -> Result<Self, StoreError> {
        precheck_kind(path, COMBINED)?;
        let conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        integrity(path, &conn)?;
        if format_of(path, &conn)? != COMBINED_FORMAT {
            return Err(StoreError::NotASession {
                path: path.to_path_buf(),
                detail: format!(
                    "was written by an earlier version (format {}): it can be printed (`sheet`), but for changes merge the sessions again with this version",
                    format_of(path, &conn)?
                ),
            });
        }
        let stored = load(path, &conn, COMBINED_FORMAT)?;
        Ok(Self {
            path: path.to_path_buf(),
            conn,
            stored,
            _lock: lock,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The sessions merged.
    pub fn inputs(&self) -> &[SessionInput] {
        &self.stored.inputs
    }

    /// The review meeting it was merged in (`merge --meeting`), named by its sheet.
    pub fn meeting(&self) -> Option<&MeetingRef> {
        self.stored.meeting.as_ref()
    }

    /// Whether the chair has signed it (it is read-only then).
    pub fn is_signed(&self) -> bool {
        self.stored.signed
    }

    /// The chair's corrections and notes.
    pub fn chair(&self) -> &ChairInput {
        &self.stored.chair
    }

    /// How the file was merged.
    pub fn options(&self) -> MergeOptions {
        self.stored.options
    }

    /// The counting, redone from the file.
    pub fn combined(&self) -> Result<Combined, MergeRefused> {
        merge(&self.stored.inputs, self.stored.options, &self.stored.chair)
    }

    fn rubric(&self) -> Option<&Rubric> {
        self.stored.inputs.first().map(|i| &*i.rubric)
    }

    fn check(&self, package_id: &str) -> Result<&Rubric, StoreError> {
        let refuse = |rule| StoreError::Chair {
            path: self.path.clone(),
            rule,
        };
        if self.stored.signed {
            return Err(refuse(ChairRuleError::Signed));
        }
        if !self
            .stored
            .inputs
            .iter()
            .any(|i| i.state.package.id == package_id)
        {
            return Err(refuse(ChairRuleError::UnknownPackage(
                package_id.to_string(),
            )));
        }
        self.rubric()
            .ok_or_else(|| refuse(ChairRuleError::UnknownPackage(package_id.to_string())))
    }

    /// Records (or, with `None`, withdraws) the panel's agreed correction of a figure.
    pub fn set_correction(
        &mut self,
        package_id: &str,
        measure: &str,
        correction: Option<(Decimal, String)>,
    ) -> Result<String, StoreError> {
        let rubric = self.check(package_id)?;
        if rubric.measure(measure).is_none() {
            return Err(StoreError::Chair {
                path: self.path.clone(),
                rule: ChairRuleError::UnknownMeasure(measure.to_string()),
            });
        }
        if let Some((_, reason)) = &correction {
            crate::session::check_text(reason).map_err(|e| StoreError::Chair {
                path: self.path.clone(),
                rule: ChairRuleError::Text(e),
            })?;
        }
        if correction
            .as_ref()
            .is_some_and(|(_, reason)| reason.trim().is_empty())
        {
            return Err(StoreError::Chair {
                path: self.path.clone(),
                rule: ChairRuleError::ReasonNeeded,
            });
        }
        let old = self
            .stored
            .chair
            .corrections
            .iter()
            .find(|c| c.package_id == package_id && c.measure == measure)
            .map(|c| format!("{} ({})", exact(c.value), c.reason));
        let new = correction
            .as_ref()
            .map(|(v, r)| format!("{} ({r})", exact(*v)));
        let at = now();
        let what = format!("correction {package_id} {measure}");
        self.write(|tx, path| {
            let e = sql_error(path, "cannot save the correction");
            match &correction {
                Some((value, reason)) => tx.execute(
                    "INSERT INTO correction (package_id, measure, value, reason, at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(package_id, measure) DO UPDATE SET value = excluded.value, reason = excluded.reason, at = excluded.at",
                    params![package_id, measure, exact(*value), reason.trim(), at],
                ),
                None => tx.execute("DELETE FROM correction WHERE package_id = ?1 AND measure = ?2", params![package_id, measure]),
            }
            .map_err(e)?;
            audit(tx, path, &at, &what, old.as_deref(), new.as_deref())
        })?;
        self.stored
            .chair
            .corrections
            .retain(|c| !(c.package_id == package_id && c.measure == measure));
        if let Some((value, reason)) = correction {
            self.stored.chair.corrections.push(Correction {
                package_id: package_id.to_string(),
                measure: measure.to_string(),
                value,
                reason: reason.trim().to_string(),
            });
        }
        Ok(at)
    }

    /// Records the panel's consensus note on an indicator of a cluster (empty removes it).
    pub fn set_note(
        &mut self,
        package_id: &str,
        indicator: u32,
        text: &str,
    ) -> Result<String, StoreError> {
        let rubric = self.check(package_id)?;
        if rubric.indicator(indicator).is_none() {
            return Err(StoreError::Chair {
                path: self.path.clone(),
                rule: ChairRuleError::UnknownIndicator(indicator),
            });
        }
        crate::session::check_text(text).map_err(|e| StoreError::Chair {
            path: self.path.clone(),
            rule: ChairRuleError::Text(e),
        })?;
        let old = self
            .stored
            .chair
            .notes
            .iter()
            .find(|n| n.package_id == package_id && n.indicator == indicator)
            .map(|n| n.text.clone());
        let at = now();
        let what = format!("note {package_id} {indicator}");
        self.write(|tx, path| {
            let e = sql_error(path, "cannot save the note");
            if text.trim().is_empty() {
                tx.execute("DELETE FROM note WHERE package_id = ?1 AND indicator = ?2", params![package_id, indicator])
            } else {
                tx.execute(
                    "INSERT INTO note (package_id, indicator, text, at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(package_id, indicator) DO UPDATE SET text = excluded.text, at = excluded.at",
                    params![package_id, indicator, text, at],
                )
            }
            .map_err(e)?;
            audit(tx, path, &at, &what, old.as_deref(), Some(text))
        })?;
        self.stored
            .chair
            .notes
            .retain(|n| !(n.package_id == package_id && n.indicator == indicator));
        if !text.trim().is_empty() {
            self.stored.chair.notes.push(Note {
                package_id: package_id.to_string(),
                indicator,
                text: text.to_string(),
            });
        }
        Ok(at)
    }

    /// Records the chair's sign-off (built and signed by `crate::sheet` from this file's
    /// counting) with its audit entry; the file is read-only from then on.
    pub fn record_signoff(&mut self, signoff: &SignOff, signer: &Signer) -> Result<(), StoreError> {
        if self.stored.signed {
            return Err(StoreError::Chair {
                path: self.path.clone(),
                rule: ChairRuleError::Signed,
            });
        }
        let at = now();
        self.write(|tx, path| {
            tx.execute(
                "INSERT INTO signoff (id, signed_at, sheet_sha256, signature, public_key, sheet, signer_id, signer_name)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![signoff.at, signoff.sheet_sha256, signoff.signature, signoff.public_key, signoff.sheet, signer.id, signer.name],
            )
            .map_err(sql_error(path, "cannot record the sign-off"))?;
            audit(tx, path, &at, "signed", None, Some(&format!("{} {} sheet sha256 {}", signer.id, signer.name, signoff.sheet_sha256)))
        })?;
        self.stored.signed = true;
        Ok(())
    }

    fn write(
        &self,
        body: impl FnOnce(&rusqlite::Transaction<'_>, &Path) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        write_transaction(&self.conn, &self.path, body)
    }
}

fn audit(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    at: &str,
    what: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO audit (at, what, old, new) VALUES (?1, ?2, ?3, ?4)",
        params![at, what, old, new],
    )
    .map(|_| ())
    .map_err(sql_error(path, "cannot write the audit entry"))
}

/// Reads a combined evaluation without taking the write lock (also one of the first release's
/// format, for printing).
pub fn read_combined(path: &Path) -> Result<StoredCombined, StoreError> {
    precheck_kind(path, COMBINED)?;
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    integrity(path, &conn)?;
    let format = format_of(path, &conn)?;
    load(path, &conn, format)
}

/// The format of a combined file.
fn format_of(path: &Path, conn: &Connection) -> Result<u32, StoreError> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql_error(path, "cannot read the format"))
}

/// The chair's sign-off of a combined evaluation and who signed, if signed.
pub fn read_combined_signoff(path: &Path) -> Result<Option<(SignOff, Signer)>, StoreError> {
    precheck_kind(path, COMBINED)?;
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let format = format_of(path, &conn)?;
    if format != COMBINED_FORMAT && format != LEGACY_COMBINED_FORMAT {
        return Err(StoreError::NotASession {
            path: path.to_path_buf(),
            detail: format!("has format {format}, expected {COMBINED_FORMAT}"),
        });
    }
    conn.query_row(
        "SELECT signed_at, sheet_sha256, sheet, signature, public_key, signer_id, signer_name FROM signoff WHERE id = 1",
        [],
        |r| {
            let public_key: String = r.get(4)?;
            Ok((
                SignOff {
                    revision: 1,
                    at: r.get(0)?,
                    sheet_sha256: r.get(1)?,
                    sheet: bytes_column(r, 2)?,
                    signature: bytes_column(r, 3)?,
                    public_key: public_key.clone(),
                },
                Signer {
                    id: r.get(5)?,
                    name: r.get(6)?,
                    public_key,
                },
            ))
        },
    )
    .optional()
    .map_err(sql_error(path, "cannot read the sign-off"))
}

/// What a merge was made from, beyond the sessions: the packages' files by digest, the roster
/// it checked the keys with, and the meeting.
#[derive(Debug, Clone, Copy)]
pub struct MergedFrom<'a> {
    /// The files of every package merged, by digest.
    pub packages: &'a BTreeMap<String, PackageFiles>,
    /// The roster, if the merge had one.
    pub roster: Option<&'a Roster>,
    /// The meeting, for a meeting's merge.
    pub meeting: Option<&'a MeetingRef>,
}

/// A combined evaluation being written while the sessions are read: each session's rows go in
/// as soon as it is read and checked (`add`), so that its signed sheet — some 17 KB a session,
/// 76 MB in a merge of 4,500 — need not be kept until every file is read; `finish` writes what
/// only the whole merge knows and puts the file in place. Until then it is a temporary file
/// beside `path` (`NAME.XXXXXX.creating`), removed when the writer is dropped: a merge refused
/// or failed half-way leaves nothing. It is not kept open afterwards: whoever changes it opens
/// it (and every open reads and checks it whole).
#[derive(Debug)]
pub struct CombinedWriter {
    // declared first: the connection is closed before the temporary file is removed or renamed
    conn: Connection,
    file: NewFile,
    at: String,
    added: usize,
}

/// The rows of one session in a combined evaluation.
const INPUT_ROW: &str = "INSERT INTO input (file, package_id, package_digest, cluster, park, year, expert_id, expert_name, created_at, revision,
                                        declaration, declaration_reason, overall, signed_at, sheet_sha256, signature,
                                        sheet, sheet_signature, public_key, declared_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";
const SCORE_ROW: &str =
    "INSERT INTO input_score (file, indicator, points, comment) VALUES (?1, ?2, ?3, ?4)";
const ANNOTATION_ROW: &str = "INSERT INTO input_annotation (file, measure, status, note, corrected) VALUES (?1, ?2, ?3, ?4, ?5)";
const CONDITION_ROW: &str =
    "INSERT INTO input_condition (file, id, verdict, note) VALUES (?1, ?2, ?3, ?4)";
const MEETING_ROW: &str =
    "INSERT INTO input_meeting (file, meeting_id, title, date, kind) VALUES (?1, ?2, ?3, ?4, ?5)";

impl CombinedWriter {
    fn begin(path: &Path) -> Result<Self, StoreError> {
        let file = NewFile::begin(path, "combined evaluation")?;
        let temp = file.temp();
        let mut conn = connect(
            temp,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.pragma_update(None, "application_id", COMBINED_APPLICATION_ID)
            .map_err(sql_error(temp, "cannot mark the file"))?;
        migrate(temp, &mut conn, COMBINED_FORMAT, combined_migration)?;
        // one transaction for the whole file: nothing is durable before `finish` commits it
        conn.execute_batch("BEGIN IMMEDIATE")
            .map_err(sql_error(temp, "cannot start a transaction"))?;
        Ok(Self {
            conn,
            file,
            at: now(),
            added: 0,
        })
    }

    /// Writes one session's rows (its signed sheet among them); the statements are prepared
    /// once and cached for the thousands of rows of a merge.
    pub fn add(&mut self, input: &SessionInput) -> Result<(), StoreError> {
        let e = sql_error(self.file.temp(), "cannot write the combined evaluation");
        let conn = &self.conn;
        let s = &input.state;
        let (declaration, reason, declared_at) = s
            .declaration
            .as_ref()
            .map_or((None, String::new(), String::new()), |d| {
                (Some(d.kind.as_str()), d.reason.clone(), d.at.clone())
            });
        let signed = s.signed.as_ref();
        conn.prepare_cached(INPUT_ROW)
            .and_then(|mut row| {
                row.execute(params![
                    input.file,
                    s.package.id,
                    s.package.digest,
                    s.package.cluster,
                    s.package.park,
                    s.package.year,
                    s.expert.id,
                    s.expert.name,
                    s.created_at,
                    s.revision,
                    declaration,
                    reason,
                    s.overall,
                    signed.map(|x| &x.at),
                    signed.map(|x| &x.sheet_sha256),
                    signature_word(&input.signature),
                    signed.map(|x| &x.sheet),
                    signed.map(|x| &x.signature),
                    signed.map(|x| &x.public_key),
                    declared_at
                ])
            })
            .map_err(&e)?;
        let mut score_row = conn.prepare_cached(SCORE_ROW).map_err(&e)?;
        for (indicator, score) in &s.scores {
            score_row
                .execute(params![
                    input.file,
                    indicator,
                    score.points.map(exact),
                    score.comment
                ])
                .map_err(&e)?;
        }
        let mut annotation_row = conn.prepare_cached(ANNOTATION_ROW).map_err(&e)?;
        for (measure, a) in &s.annotations {
            annotation_row
                .execute(params![
                    input.file,
                    measure,
                    a.status.as_str(),
                    a.note,
                    a.corrected.map(exact)
                ])
                .map_err(&e)?;
        }
        let mut condition_row = conn.prepare_cached(CONDITION_ROW).map_err(&e)?;
        for (id, mark) in &s.conditions {
            condition_row
                .execute(params![
                    input.file,
                    id,
                    mark.verdict.map(|v| v.as_str()),
                    mark.note
                ])
                .map_err(&e)?;
        }
        if let Some(m) = &s.meeting {
            conn.prepare_cached(MEETING_ROW)
                .and_then(|mut row| row.execute(params![input.file, m.id, m.title, m.date, m.kind]))
                .map_err(&e)?;
        }
        self.added += 1;
        Ok(())
    }

    /// Completes the file with what the whole merge fixes — the rubric and method, the
    /// packages' files, the roster, the meeting, the digest of the inputs — and puts it in
    /// place. `inputs` are the sessions added, every one of them (which must merge).
    pub fn finish(
        self,
        inputs: &[SessionInput],
        options: MergeOptions,
        merged: MergedFrom<'_>,
    ) -> Result<(), StoreError> {
        let Some(first) = inputs.first() else {
            return Err(StoreError::Binding("no sessions to store".into()));
        };
        if self.added != inputs.len() {
            return Err(StoreError::Binding(format!(
                "{} sessions were stored but {} merged; nothing was stored",
                self.added,
                inputs.len()
            )));
        }
        for input in inputs {
            if !merged.packages.contains_key(&input.state.package.digest) {
                return Err(StoreError::Binding(format!(
                    "{}: the files of package {} are not at hand; nothing was stored",
                    input.file, input.state.package.id
                )));
            }
        }
        let Self { conn, file, at, .. } = self;
        let temp = file.temp().to_path_buf();
        let temp = temp.as_path();
        let method = options.method.unwrap_or(first.rubric.panel.aggregate);
        let e = sql_error(temp, "cannot write the combined evaluation");
        conn.execute(
            "INSERT INTO combined (id, rubric_id, rubric_sha256, rubric_toml, method, allow_unsigned, created_at, created_by,
                                   roster, inputs_sha256, meeting_id, meeting_title, meeting_date, meeting_kind)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![first.rubric.id, first.rubric.sha256, &*first.rubric_text, method.as_str(), options.allow_unsigned, at, concat!("cluster-review ", env!("CARGO_PKG_VERSION")),
                    merged.roster.map(Roster::to_toml), inputs_digest(inputs),
                    merged.meeting.map(|m| m.id.clone()), merged.meeting.map(|m| m.title.clone()), merged.meeting.map(|m| m.date.clone()), merged.meeting.map(|m| m.kind.clone())],
        )
        .map_err(&e)?;
        let mut package_file = conn
            .prepare("INSERT INTO package_file (digest, path, content) VALUES (?1, ?2, ?3)")
            .map_err(&e)?;
        for (digest, files) in merged.packages {
            for (name, content) in &files.0 {
                package_file
                    .execute(params![digest, name, content])
                    .map_err(&e)?;
            }
        }
        drop(package_file);
        conn.execute(
            "INSERT INTO audit (at, what, old, new) VALUES (?1, 'merged', NULL, ?2)",
            params![
                at,
                format!("{} sessions, method {}", inputs.len(), method.as_str())
            ],
        )
        .map_err(&e)?;
        conn.execute_batch("COMMIT")
            .map_err(sql_error(temp, "cannot commit the combined evaluation"))?;
        conn.close()
            .map_err(|(_, err)| sql_error(temp, "cannot close the combined evaluation")(err))?;
        file.persist()?;
        Ok(())
    }
}
