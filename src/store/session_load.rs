//! Reading a session file without trusting it: its tables must be exactly the ones this program
//! creates (no view in place of a table, no dropped audit, no table rebuilt without its keys),
//! every value is checked as strictly as when it was typed, the revisions and sign-offs must
//! follow each other as only the program can make them, and the package's figures are derived
//! again from the package's own files, which must hash to the recorded digest. A figure edited
//! in the file can therefore never reach a merge.

use super::error::StoreError;
use super::schema::{FORMAT_VERSION, LEGACY_FORMAT, migration};
use super::sqlite::{SchemaKind, bytes_column, check_schema, sql_error};
use crate::package::{PackageFiles, check_package, package_digest, parse_package};
use crate::rubric::{self, Rubric};
use crate::session::{
    Annotation, ConditionMark, ConditionVerdict, Declaration, DeclarationKind, Expert, Figure,
    MeasureStatus, MeetingRef, PackageRef, Score, SessionState, SignOff, check_state, figures_of,
};
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;

/// A session as read from its file.
#[derive(Debug, Clone)]
pub struct StoredSession {
    /// The rubric stored in the session.
    pub rubric: Rubric,
    /// Its exact text.
    pub rubric_text: String,
    /// The session.
    pub state: SessionState,
    /// The package's files kept in the session (format 3); `None` in a file of the earlier
    /// format, whose figures were stored, not derived (it must be upgraded before a merge).
    pub files: Option<PackageFiles>,
}

/// Reads a stored decimal (`None` stays `None`), naming what it is in errors.
type ReadDecimal<'a> = dyn Fn(Option<String>, &str) -> Result<Option<Decimal>, StoreError> + 'a;

/// What the tables of a session file are.
const SESSION_SCHEMA: SchemaKind = SchemaKind {
    id: super::schema::APPLICATION_ID,
    name: "a cluster-review session",
    newest: FORMAT_VERSION,
    migration,
};

/// A decimal stored as text, read exactly: a value with more digits than can be held is
/// refused, never rounded.
pub(super) fn exact_decimal(text: &str) -> Option<Decimal> {
    let plain = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    if !plain {
        return None;
    }
    Decimal::from_str_exact(text).ok()
}

/// Loads the rubric, the package's files and the whole state of a session of `format` (the
/// current one, or the earlier one for reading), refusing anything no edit could have written.
pub(super) fn load(
    path: &Path,
    conn: &Connection,
    format: u32,
) -> Result<StoredSession, StoreError> {
    if format != FORMAT_VERSION && format != LEGACY_FORMAT {
        return Err(StoreError::NotASession {
            path: path.to_path_buf(),
            detail: format!(
                "has format {format}, expected {FORMAT_VERSION}; open it once for writing to upgrade it"
            ),
        });
    }
    check_schema(path, conn, SESSION_SCHEMA, format)?;
    let e = sql_error(path, "cannot read the session");
    let damaged = |detail: String| StoreError::NotASession {
        path: path.to_path_buf(),
        detail: format!("{detail}: was it edited outside cluster-review?"),
    };
    let decimal = |text: Option<String>, what: &str| -> Result<Option<Decimal>, StoreError> {
        text.map(|t| {
            exact_decimal(&t).ok_or_else(|| {
                damaged(format!(
                    "holds \"{}\" as {what}, expected an exact decimal",
                    crate::numbers::clipped(&t)
                ))
            })
        })
        .transpose()
    };

    let header = conn
        .query_row(
            "SELECT rubric_id, rubric_sha256, rubric_toml, package_id, package_digest, cluster, park, year,
                    expert_id, expert_name, created_at FROM session WHERE id = 1",
            [],
            |r| {
                Ok((
                    (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                    PackageRef { id: r.get(3)?, digest: r.get(4)?, cluster: r.get(5)?, park: r.get(6)?, year: r.get(7)?, round: None, direction: None },
                    Expert { id: r.get(8)?, name: r.get(9)? },
                    r.get::<_, String>(10)?,
                ))
            },
        )
        .optional()
        .map_err(&e)?
        .ok_or_else(|| damaged("has no session header, expected one written at creation".into()))?;
    let ((rubric_id, rubric_sha256, rubric_toml), package, expert, created_at) = header;
    let rubric = rubric::parse(
        &format!("{} (rubric stored in the session)", path.display()),
        rubric_toml.as_bytes(),
    )
    .map_err(|errors| damaged(format!("holds a rubric that does not validate: {errors}")))?;
    if rubric.sha256 != rubric_sha256 || rubric.id != rubric_id {
        return Err(damaged(format!(
            "holds a rubric whose sha256 {} differs from the recorded {rubric_sha256}",
            rubric.sha256
        )));
    }

    let declaration = conn
        .query_row(
            "SELECT kind, reason, declared_at FROM declaration WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()
        .map_err(&e)?
        .map(|(kind, reason, at)| {
            DeclarationKind::parse(&kind)
                .map(|kind| Declaration { kind, reason, at })
                .ok_or_else(|| damaged(format!("holds the declaration \"{kind}\"")))
        })
        .transpose()?;

    // revisions 1, 2, … without a gap; each one after the first started after a sign-off
    let revisions: Vec<(u32, String, String)> = {
        let mut statement = conn
            .prepare("SELECT number, reason, started_at FROM revision ORDER BY number")
            .map_err(&e)?;
        let rows = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(&e)?;
        rows.collect::<Result<_, _>>().map_err(&e)?
    };
    if revisions.is_empty() {
        return Err(damaged(
            "has no revision, expected revision 1 from its creation".into(),
        ));
    }
    for (n, (number, reason, at)) in revisions.iter().enumerate() {
        if *number as usize != n + 1 {
            return Err(damaged(format!(
                "holds revision {number} where revision {} belongs",
                n + 1
            )));
        }
        crate::timestamp::parse(at)
            .map_err(|bad| damaged(format!("holds revision {number} started at {bad}")))?;
        if (*number == 1 && reason != "initial") || reason.trim().is_empty() {
            return Err(damaged(format!(
                "holds revision {number} without the reason it needs"
            )));
        }
    }
    let revision = revisions.len() as u32;

    let signoffs = read_signoffs(path, conn)?;
    for signoff in &signoffs {
        if signoff.revision == 0 || signoff.revision > revision {
            return Err(damaged(format!(
                "holds a sign-off of revision {}, which the session does not have",
                signoff.revision
            )));
        }
    }
    for number in 1..revision {
        if !signoffs.iter().any(|s| s.revision == number) {
            return Err(damaged(format!(
                "holds revision {} although revision {number} was never signed",
                number + 1
            )));
        }
    }
    let signed = signoffs.into_iter().find(|s| s.revision == revision);

    let mut scores = BTreeMap::new();
    {
        let mut statement = conn
            .prepare("SELECT indicator, points, comment FROM score")
            .map_err(&e)?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, u32>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(&e)?;
        for row in rows {
            let (indicator, points, comment) = row.map_err(&e)?;
            let points = decimal(points, "points")?;
            scores.insert(indicator, Score { points, comment });
        }
    }

    let mut annotations = BTreeMap::new();
    {
        let mut statement = conn
            .prepare("SELECT measure, status, note, corrected FROM annotation")
            .map_err(&e)?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .map_err(&e)?;
        for row in rows {
            let (measure, status, note, corrected) = row.map_err(&e)?;
            let status = MeasureStatus::parse(&status).ok_or_else(|| {
                damaged(format!(
                    "holds the status \"{}\"",
                    crate::numbers::clipped(&status)
                ))
            })?;
            let corrected = decimal(corrected, "a corrected figure")?;
            annotations.insert(
                measure,
                Annotation {
                    status,
                    note,
                    corrected,
                },
            );
        }
    }

    let overall: String = conn
        .query_row("SELECT text FROM overall WHERE id = 1", [], |r| r.get(0))
        .optional()
        .map_err(&e)?
        .unwrap_or_default();

    let (figures, files, meeting, conditions, manifest_facts) = if format == LEGACY_FORMAT {
        (
            legacy_figures(conn, path, &decimal)?,
            None,
            None,
            BTreeMap::new(),
            None,
        )
    } else {
        let files = package_files(conn, path)?;
        let digest = package_digest(&files);
        if digest != package.digest {
            return Err(damaged(format!(
                "holds package files whose digest {digest} differs from the recorded {}",
                package.digest
            )));
        }
        let parsed = parse_package(
            &format!("{} (package kept in the session)", path.display()),
            &files,
            &rubric,
        )
        .map_err(|errors| damaged(format!("holds a package that does not check: {errors}")))?;
        let m = &parsed.manifest;
        if (m.id.as_str(), m.cluster.as_str(), m.park.as_str(), m.year)
            != (
                package.id.as_str(),
                package.cluster.as_str(),
                package.park.as_str(),
                package.year,
            )
        {
            return Err(damaged(
                "holds a package whose manifest differs from the session header".into(),
            ));
        }
        let figures = figures_of(&check_package(&rubric, &parsed, None));
        (
            figures,
            Some(files),
            meeting(conn, path)?,
            conditions(conn, path)?,
            Some((m.round, m.direction.clone())),
        )
    };

    // the round and direction are the kept manifest's (format 3); unknown in the earlier format
    let mut package = package;
    if let Some((round, direction)) = manifest_facts {
        package.round = Some(round);
        package.direction = Some(direction);
    }
    let state = SessionState {
        format,
        created_at,
        rubric_id,
        rubric_sha256,
        package,
        expert,
        declaration,
        revision,
        scores,
        annotations,
        figures,
        overall,
        signed,
        meeting,
        conditions,
    };
    check_state(&rubric, &state).map_err(damaged)?;
    Ok(StoredSession {
        rubric,
        rubric_text: rubric_toml,
        state,
        files,
    })
}

/// The figures a session of the earlier format stored (not derived again: such a file is read
/// for printing and verifying only, and upgraded before a merge).
fn legacy_figures(
    conn: &Connection,
    path: &Path,
    decimal: &ReadDecimal<'_>,
) -> Result<BTreeMap<String, Figure>, StoreError> {
    let e = sql_error(path, "cannot read the figures");
    let mut figures = BTreeMap::new();
    let mut statement = conn
        .prepare("SELECT measure, declared, derived, value FROM figure")
        .map_err(&e)?;
    let rows = statement
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .map_err(&e)?;
    for row in rows {
        let (measure, declared, derived, value) = row.map_err(&e)?;
        figures.insert(
            measure,
            Figure {
                declared: decimal(declared, "a figure")?,
                derived: decimal(derived, "a figure")?,
                value: decimal(value, "a figure")?,
            },
        );
    }
    Ok(figures)
}

/// The package's files kept in the session.
pub(super) fn package_files(conn: &Connection, path: &Path) -> Result<PackageFiles, StoreError> {
    let e = sql_error(path, "cannot read the package files");
    let mut statement = conn
        .prepare("SELECT path, content FROM package_file ORDER BY path")
        .map_err(&e)?;
    let rows = statement
        .query_map([], |r| Ok((r.get::<_, String>(0)?, bytes_column(r, 1)?)))
        .map_err(&e)?;
    let files = rows.collect::<Result<BTreeMap<_, _>, _>>().map_err(&e)?;
    Ok(PackageFiles(files))
}

fn meeting(conn: &Connection, path: &Path) -> Result<Option<MeetingRef>, StoreError> {
    conn.query_row(
        "SELECT meeting_id, title, date, kind FROM meeting WHERE id = 1",
        [],
        |r| {
            Ok(MeetingRef {
                id: r.get(0)?,
                title: r.get(1)?,
                date: r.get(2)?,
                kind: r.get(3)?,
            })
        },
    )
    .optional()
    .map_err(sql_error(path, "cannot read the meeting"))
}

fn conditions(conn: &Connection, path: &Path) -> Result<BTreeMap<u32, ConditionMark>, StoreError> {
    let e = sql_error(path, "cannot read the conditions");
    let mut statement = conn
        .prepare("SELECT id, verdict, note FROM condition ORDER BY id")
        .map_err(&e)?;
    let rows = statement
        .query_map([], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .map_err(&e)?;
    let mut marks = BTreeMap::new();
    for row in rows {
        let (id, verdict, note) = row.map_err(&e)?;
        let verdict = match verdict {
            None => None,
            Some(word) => Some(ConditionVerdict::parse(&word).ok_or_else(|| StoreError::NotASession {
                path: path.to_path_buf(),
                detail: format!("holds the verdict \"{word}\" on condition {id}: was it edited outside cluster-review?"),
            })?),
        };
        marks.insert(id, ConditionMark { verdict, note });
    }
    Ok(marks)
}

/// Every sign-off in a session file, oldest first.
pub(super) fn read_signoffs(path: &Path, conn: &Connection) -> Result<Vec<SignOff>, StoreError> {
    let e = sql_error(path, "cannot read the sign-offs");
    let mut statement = conn
        .prepare("SELECT revision, signed_at, sheet_sha256, sheet, signature, public_key FROM signoff ORDER BY revision")
        .map_err(&e)?;
    let rows = statement
        .query_map([], |r| {
            Ok(SignOff {
                revision: r.get(0)?,
                at: r.get(1)?,
                sheet_sha256: r.get(2)?,
                sheet: bytes_column(r, 3)?,
                signature: bytes_column(r, 4)?,
                public_key: r.get(5)?,
            })
        })
        .map_err(&e)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(e)
}
