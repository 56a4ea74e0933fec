//! The combined evaluation file (`COMBINED.sqlite`): written once by `merge` with every session
//! given, then changed only by the chair's corrections and consensus notes, each in its own
//! durable transaction with an audit entry. The counting itself is always redone from the file
//! (`panel::merge`), so what is shown can never drift from what is stored.

use super::combined_schema::{COMBINED_APPLICATION_ID, COMBINED_FORMAT, combined_migration};
use super::error::StoreError;
use super::header::{FileKind, precheck_kind};
use super::lock::SessionLock;
use super::sqlite::{
    bytes_column, connect, create_atomically, integrity, migrate, now, sql_error, write_transaction,
};
use crate::display::exact;
use crate::panel::{
    ChairInput, Combined, Correction, MergeOptions, MergeRefused, Note, SessionInput, Signature,
    merge,
};
use crate::rubric::{self, Aggregate, Rubric};
use crate::session::{
    Annotation, Declaration, DeclarationKind, Expert, Figure, MeasureStatus, PackageRef, Score,
    SessionState, SignOff,
};
use crate::sheet::Signer;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

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
}

/// A combined evaluation open for the chair's changes (the lock is held until dropped).
#[derive(Debug)]
pub struct CombinedDb {
    path: PathBuf,
    conn: Connection,
    inputs: Vec<SessionInput>,
    options: MergeOptions,
    chair: ChairInput,
    signed: bool,
    _lock: SessionLock,
}

fn signature_word(signature: &Signature) -> &'static str {
    match signature {
        Signature::Unsigned => "unsigned",
        Signature::Verified => "verified",
        Signature::NotVerified | Signature::Invalid(_) => "not_verified",
    }
}

impl CombinedDb {
    /// Writes a new combined evaluation of these sessions (which must merge).
    pub fn create(
        path: &Path,
        inputs: &[SessionInput],
        options: MergeOptions,
    ) -> Result<Self, StoreError> {
        let Some(first) = inputs.first() else {
            return Err(StoreError::Binding("no sessions to store".into()));
        };
        let method = options.method.unwrap_or(first.rubric.panel.aggregate);
        let rubric_toml = first.rubric_text.clone();
        let lock = create_atomically(path, "combined evaluation", |temp| {
            let mut conn = connect(
                temp,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.pragma_update(None, "application_id", COMBINED_APPLICATION_ID)
                .map_err(sql_error(temp, "cannot mark the file"))?;
            migrate(temp, &mut conn, COMBINED_FORMAT, combined_migration)?;
            let at = now();
            let tx = conn
                .transaction()
                .map_err(sql_error(temp, "cannot start a transaction"))?;
            let e = sql_error(temp, "cannot write the combined evaluation");
            tx.execute(
                "INSERT INTO combined (id, rubric_id, rubric_sha256, rubric_toml, method, allow_unsigned, created_at, created_by)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![first.rubric.id, first.rubric.sha256, rubric_toml, method.as_str(), options.allow_unsigned, at, concat!("cluster-review ", env!("CARGO_PKG_VERSION"))],
            )
            .map_err(&e)?;
            for input in inputs {
                let s = &input.state;
                let (declaration, reason, declared_at) = s
                    .declaration
                    .as_ref()
                    .map_or((None, String::new(), String::new()), |d| {
                        (Some(d.kind.as_str()), d.reason.clone(), d.at.clone())
                    });
                tx.execute(
                    "INSERT INTO input (file, package_id, package_digest, cluster, park, year, expert_id, expert_name, created_at, revision,
                                        declaration, declaration_reason, overall, signed_at, sheet_sha256, signature,
                                        sheet, sheet_signature, public_key, declared_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
                    params![
                        input.file, s.package.id, s.package.digest, s.package.cluster, s.package.park, s.package.year, s.expert.id, s.expert.name,
                        s.created_at, s.revision, declaration, reason, s.overall, s.signed.as_ref().map(|x| x.at.clone()),
                        s.signed.as_ref().map(|x| x.sheet_sha256.clone()), signature_word(&input.signature),
                        s.signed.as_ref().map(|x| x.sheet.clone()), s.signed.as_ref().map(|x| x.signature.clone()), s.signed.as_ref().map(|x| x.public_key.clone()), declared_at
                    ],
                )
                .map_err(&e)?;
                for (measure, f) in &s.figures {
                    tx.execute(
                        "INSERT INTO input_figure (file, measure, declared, derived, value) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![input.file, measure, f.declared.map(exact), f.derived.map(exact), f.value.map(exact)],
                    )
                    .map_err(&e)?;
                }
                for (indicator, score) in &s.scores {
                    tx.execute(
                        "INSERT INTO input_score (file, indicator, points, comment) VALUES (?1, ?2, ?3, ?4)",
                        params![input.file, indicator, score.points.map(exact), score.comment],
                    )
                    .map_err(&e)?;
                }
                for (measure, a) in &s.annotations {
                    tx.execute(
                        "INSERT INTO input_annotation (file, measure, status, note, corrected) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![input.file, measure, a.status.as_str(), a.note, a.corrected.map(exact)],
                    )
                    .map_err(&e)?;
                }
            }
            tx.execute(
                "INSERT INTO audit (at, what, old, new) VALUES (?1, 'merged', NULL, ?2)",
                params![
                    at,
                    format!("{} sessions, method {}", inputs.len(), method.as_str())
                ],
            )
            .map_err(&e)?;
            tx.commit()
                .map_err(sql_error(temp, "cannot commit the combined evaluation"))
        })?;
        Self::open_locked(path, lock)
    }

    /// Opens a combined evaluation for the chair's changes.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        precheck_kind(path, COMBINED)?;
        let lock = SessionLock::acquire(path)?;
        Self::open_locked(path, lock)
    }

    fn open_locked(path: &Path, lock: SessionLock) -> Result<Self, StoreError> {
        precheck_kind(path, COMBINED)?;
        let mut conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        integrity(path, &conn)?;
        migrate(path, &mut conn, COMBINED_FORMAT, combined_migration)?;
        let (inputs, options, chair, signed) = load(path, &conn)?;
        Ok(Self {
            path: path.to_path_buf(),
            conn,
            inputs,
            options,
            chair,
            signed,
            _lock: lock,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The sessions merged.
    pub fn inputs(&self) -> &[SessionInput] {
        &self.inputs
    }

    /// Whether the chair has signed it (it is read-only then).
    pub fn is_signed(&self) -> bool {
        self.signed
    }

    /// The chair's corrections and notes.
    pub fn chair(&self) -> &ChairInput {
        &self.chair
    }

    /// How the file was merged.
    pub fn options(&self) -> MergeOptions {
        self.options
    }

    /// The counting, redone from the file.
    pub fn combined(&self) -> Result<Combined, MergeRefused> {
        merge(&self.inputs, self.options, &self.chair)
    }

    fn rubric(&self) -> Option<&Rubric> {
        self.inputs.first().map(|i| &i.rubric)
    }

    fn check(&self, package_id: &str) -> Result<&Rubric, StoreError> {
        let refuse = |rule| StoreError::Chair {
            path: self.path.clone(),
            rule,
        };
        if self.signed {
            return Err(refuse(ChairRuleError::Signed));
        }
        if !self.inputs.iter().any(|i| i.state.package.id == package_id) {
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
        self.chair
            .corrections
            .retain(|c| !(c.package_id == package_id && c.measure == measure));
        if let Some((value, reason)) = correction {
            self.chair.corrections.push(Correction {
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
        let old = self
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
        self.chair
            .notes
            .retain(|n| !(n.package_id == package_id && n.indicator == indicator));
        if !text.trim().is_empty() {
            self.chair.notes.push(Note {
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
        if self.signed {
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
        self.signed = true;
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

/// Reads a combined evaluation without taking the write lock.
pub fn read_combined(
    path: &Path,
) -> Result<(Vec<SessionInput>, MergeOptions, ChairInput), StoreError> {
    precheck_kind(path, COMBINED)?;
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    integrity(path, &conn)?;
    check_format(path, &conn)?;
    let (inputs, options, chair, _) = load(path, &conn)?;
    Ok((inputs, options, chair))
}

/// The chair's sign-off of a combined evaluation and who signed, if signed.
pub fn read_combined_signoff(path: &Path) -> Result<Option<(SignOff, Signer)>, StoreError> {
    precheck_kind(path, COMBINED)?;
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    check_format(path, &conn)?;
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

/// Refuses a file of an older format for reading (opening it for writing upgrades it).
fn check_format(path: &Path, conn: &Connection) -> Result<(), StoreError> {
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql_error(path, "cannot read the format"))?;
    if version == COMBINED_FORMAT {
        Ok(())
    } else {
        Err(StoreError::NotASession {
            path: path.to_path_buf(),
            detail: format!(
                "has format {version}, expected {COMBINED_FORMAT}; open it once with `cluster-review chair` to upgrade it"
            ),
        })
    }
}

type Loaded = (Vec<SessionInput>, MergeOptions, ChairInput, bool);

fn load(path: &Path, conn: &Connection) -> Result<Loaded, StoreError> {
    let e = sql_error(path, "cannot read the combined evaluation");
    let damaged = |detail: String| StoreError::NotASession {
        path: path.to_path_buf(),
        detail,
    };
    let decimal = |text: Option<String>| -> Result<Option<Decimal>, StoreError> {
        text.map(|t| {
            Decimal::from_str(&t)
                .map_err(|_| damaged(format!("holds \"{t}\" where a decimal belongs")))
        })
        .transpose()
    };
    let (rubric_toml, method, allow_unsigned): (String, String, bool) = conn
        .query_row(
            "SELECT rubric_toml, method, allow_unsigned FROM combined WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(&e)?
        .ok_or_else(|| damaged("has no header, expected one written by merge".into()))?;
    let rubric = rubric::parse(
        &format!("{} (rubric stored in the file)", path.display()),
        rubric_toml.as_bytes(),
    )
    .map_err(|errors| damaged(format!("holds a rubric that does not validate: {errors}")))?;
    let method = match method.as_str() {
        "mean" => Aggregate::Mean,
        "median" => Aggregate::Median,
        _ => Aggregate::Trimmed,
    };

    let mut statement = conn
        .prepare(
            "SELECT file, package_id, package_digest, cluster, park, year, expert_id, expert_name, created_at, revision,
                    declaration, declaration_reason, overall, signed_at, sheet_sha256, signature,
                    sheet, sheet_signature, public_key, declared_at FROM input ORDER BY file",
        )
        .map_err(&e)?;
    let rows = statement
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                PackageRef {
                    id: r.get(1)?,
                    digest: r.get(2)?,
                    cluster: r.get(3)?,
                    park: r.get(4)?,
                    year: r.get(5)?,
                    round: None,
                    direction: None,
                },
                Expert {
                    id: r.get(6)?,
                    name: r.get(7)?,
                },
                r.get::<_, String>(8)?,
                r.get::<_, u32>(9)?,
                (r.get::<_, Option<String>>(10)?, r.get::<_, String>(11)?),
                r.get::<_, String>(12)?,
                (
                    r.get::<_, Option<String>>(13)?,
                    r.get::<_, Option<String>>(14)?,
                ),
                r.get::<_, String>(15)?,
                (
                    r.get::<_, Option<Vec<u8>>>(16)?,
                    r.get::<_, Option<Vec<u8>>>(17)?,
                    r.get::<_, Option<String>>(18)?,
                ),
                r.get::<_, String>(19)?,
            ))
        })
        .map_err(&e)?;
    let mut inputs = Vec::new();
    for row in rows {
        let (
            file,
            package,
            expert,
            created_at,
            revision,
            (declaration, reason),
            overall,
            (signed_at, sheet),
            signature,
            (sheet_bytes, sheet_signature, public_key),
            declared_at,
        ) = row.map_err(&e)?;
        let declaration = declaration
            .map(|kind| {
                DeclarationKind::parse(&kind)
                    .map(|kind| Declaration {
                        kind,
                        reason: reason.clone(),
                        at: declared_at.clone(),
                    })
                    .ok_or_else(|| damaged(format!("holds the declaration \"{kind}\"")))
            })
            .transpose()?;
        let mut scores = BTreeMap::new();
        let mut s = conn
            .prepare("SELECT indicator, points, comment FROM input_score WHERE file = ?1")
            .map_err(&e)?;
        for row in s
            .query_map([&file], |r| {
                Ok((
                    r.get::<_, u32>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(&e)?
        {
            let (indicator, points, comment) = row.map_err(&e)?;
            scores.insert(
                indicator,
                Score {
                    points: decimal(points)?,
                    comment,
                },
            );
        }
        let mut annotations = BTreeMap::new();
        let mut s = conn
            .prepare(
                "SELECT measure, status, note, corrected FROM input_annotation WHERE file = ?1",
            )
            .map_err(&e)?;
        for row in s
            .query_map([&file], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .map_err(&e)?
        {
            let (measure, status, note, corrected) = row.map_err(&e)?;
            let status = MeasureStatus::parse(&status)
                .ok_or_else(|| damaged(format!("holds the status \"{status}\"")))?;
            annotations.insert(
                measure,
                Annotation {
                    status,
                    note,
                    corrected: decimal(corrected)?,
                },
            );
        }
        let mut figures = BTreeMap::new();
        let mut s = conn
            .prepare("SELECT measure, declared, derived, value FROM input_figure WHERE file = ?1")
            .map_err(&e)?;
        for row in s
            .query_map([&file], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .map_err(&e)?
        {
            let (measure, declared, derived, value) = row.map_err(&e)?;
            figures.insert(
                measure,
                Figure {
                    declared: decimal(declared)?,
                    derived: decimal(derived)?,
                    value: decimal(value)?,
                },
            );
        }
        let signed = signed_at.map(|at| SignOff {
            revision,
            at,
            sheet_sha256: sheet.unwrap_or_default(),
            sheet: sheet_bytes.unwrap_or_default(),
            signature: sheet_signature.unwrap_or_default(),
            public_key: public_key.unwrap_or_default(),
        });
        let signature = match signature.as_str() {
            "verified" => Signature::Verified,
            "not_verified" => Signature::NotVerified,
            _ => Signature::Unsigned,
        };
        let state = SessionState {
            format: COMBINED_FORMAT,
            created_at,
            rubric_id: rubric.id.clone(),
            rubric_sha256: rubric.sha256.clone(),
            package,
            expert,
            declaration,
            revision,
            scores,
            annotations,
            figures,
            overall,
            signed,
        };
        inputs.push(SessionInput {
            file,
            rubric: rubric.clone(),
            rubric_text: rubric_toml.clone(),
            state,
            signature,
        });
    }

    let mut corrections = Vec::new();
    let mut s = conn.prepare("SELECT package_id, measure, value, reason FROM correction ORDER BY package_id, measure").map_err(&e)?;
    for row in s
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .map_err(&e)?
    {
        let (package_id, measure, value, reason) = row.map_err(&e)?;
        let value = decimal(Some(value))?.unwrap_or_default();
        corrections.push(Correction {
            package_id,
            measure,
            value,
            reason,
        });
    }
    let mut notes = Vec::new();
    let mut s = conn
        .prepare("SELECT package_id, indicator, text FROM note ORDER BY package_id, indicator")
        .map_err(&e)?;
    for row in s
        .query_map([], |r| {
            Ok(Note {
                package_id: r.get(0)?,
                indicator: r.get(1)?,
                text: r.get(2)?,
            })
        })
        .map_err(&e)?
    {
        notes.push(row.map_err(&e)?);
    }
    let signed: bool = conn
        .query_row("SELECT EXISTS (SELECT 1 FROM signoff)", [], |r| r.get(0))
        .map_err(&e)?;
    Ok((
        inputs,
        MergeOptions {
            method: Some(method),
            allow_unsigned,
        },
        ChairInput { corrections, notes },
        signed,
    ))
}
