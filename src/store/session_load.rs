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
    Annotation, ConditionMark, Declaration, DeclarationKind, Expert, Figure, MeasureStatus,
    MeetingRef, PackageRef, Score, SessionState, SignOff, check_state, figures_of,
};
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// A session as read from its file.
#[derive(Debug, Clone)]
pub struct StoredSession {
    /// The rubric stored in the session (parsed once per distinct text in a process).
    pub rubric: Arc<Rubric>,
    /// Its exact text.
    pub rubric_text: Arc<str>,
    /// The session.
    pub state: SessionState,
    /// The package's files kept in the session (format 3); `None` in a file of the earlier
    /// format, whose figures were stored, not derived (it must be upgraded before a merge).
    pub files: Option<PackageFiles>,
}

/// Reads a stored decimal (`None` stays `None`), naming what it is in errors.
type ReadDecimal<'a> = dyn Fn(Option<String>, &str) -> Result<Option<Decimal>, StoreError> + 'a;

/// What the tables of a session file are.
pub(super) const SESSION_SCHEMA: SchemaKind = SchemaKind {
    id: super::schema::APPLICATION_ID,
    name: "a cluster-review session",
    newest: FORMAT_VERSION,
    migration,
    digests: &[
        (
            1,
            "5c0898a1a81167e276bb3b6d6c66e9c509a6300189367aa883565809329636a3",
        ),
        (
            2,
            "9c18024105e3b2c95a0cf5d62591d41a28bce05f695f7489639ed1e32a8ed86b",
        ),
        (
            3,
            "63668d9de68cd0b5acd0e8bb250fa2612847f09d7a8ce1e016d77444e416f4cf",
        ),
    ],
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

/// How much of a session to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Everything, the package's figures derived from its files (to show, sign, merge).
    Full,
    /// What edits need: no package files and no figures (`session set` and the like do not
    /// show or count figures; whoever does reads the session whole, and checks its package).
    Edits,
}

/// Loads the rubric, the package's files and the whole state of a session of `format` (the
/// current one, or the earlier one for reading), refusing anything no edit could have written.
pub(super) fn load(
    path: &Path,
    conn: &Connection,
    format: u32,
    depth: Depth,
) -> Result<StoredSession, StoreError> {
    super::sqlite::reading(conn, path, || load_in_one_read(path, conn, format, depth))
}

fn load_in_one_read(
    path: &Path,
    conn: &Connection,
    format: u32,
    depth: Depth,
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
    let shared = rubric::parse_shared(
        &format!("{} (rubric stored in the session)", path.display()),
        &rubric_toml,
        Some(&rubric_sha256),
    )
    .map_err(|errors| damaged(format!("holds a rubric that does not validate: {errors}")))?;
    let rubric = &*shared.rubric;
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

    let (figures, files, meeting, conditions, manifest_facts) = if depth == Depth::Edits
        && format != LEGACY_FORMAT
    {
        (
            Default::default(),
            None,
            meeting(conn, path)?,
            conditions(conn, path)?,
            Some(kept_manifest_facts(conn, path)?),
        )
    } else if format == LEGACY_FORMAT {
        (
            Arc::new(legacy_figures(conn, path, &decimal)?),
            None,
            None,
            BTreeMap::new(),
            None,
        )
    } else {
        let files = package_files(conn, path)?;
        let digest = digest_of(&files, &package.digest);
        if digest != package.digest {
            return Err(damaged(format!(
                "holds package files whose digest {digest} differs from the recorded {}",
                package.digest
            )));
        }
        let derived = derived_package(path, &files, &digest, rubric)
            .map_err(|errors| damaged(format!("holds a package that does not check: {errors}")))?;
        let (id, cluster, park, year) = &derived.manifest.0;
        if (id.as_str(), cluster.as_str(), park.as_str(), *year)
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
        let figures = Arc::clone(&derived.figures);
        (
            figures,
            Some(files),
            meeting(conn, path)?,
            conditions(conn, path)?,
            Some(derived.manifest.1.clone()),
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
    check_state(rubric, &state).map_err(damaged)?;
    Ok(StoredSession {
        rubric: shared.rubric,
        rubric_text: shared.text,
        state,
        files,
    })
}

/// What a package's files give: its manifest's identity (id, cluster, park, year) and the figures
/// derived from them.
#[derive(Debug)]
struct DerivedPackage {
    /// id, cluster, park and year (compared with the session header), then round and direction
    manifest: (
        (String, String, String, i32),
        (crate::package::Round, String),
    ),
    figures: Arc<BTreeMap<String, Figure>>,
}

/// The digest of a package's files. A merge reads the same package from every expert's
/// session: files whose digest matched their session's record are kept under it (once per
/// digest in a process), and files equal to the ones kept under the recorded digest have that
/// digest without being hashed again. Files that differ, or a record no file had, are hashed.
fn digest_of(files: &PackageFiles, recorded: &str) -> String {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static HASHED: OnceLock<Mutex<HashMap<String, PackageFiles>>> = OnceLock::new();
    let cache = HASHED.get_or_init(Default::default);
    if cache
        .lock()
        .is_ok_and(|c| c.get(recorded).is_some_and(|kept| kept == files))
    {
        return recorded.to_string();
    }
    let digest = package_digest(files);
    // only a digest the session records is worth keeping: the next expert's copy is compared
    if digest == recorded
        && let Ok(mut c) = cache.lock()
    {
        c.entry(digest.clone()).or_insert_with(|| files.clone());
    }
    digest
}

/// The package derived from its files, once per (rubric, package digest) in a process: a merge
/// reads the same package from every expert's session. The caller computes the digest of every
/// file it reads; only the parsing and derivation, which that digest fixes, are shared.
fn derived_package(
    path: &Path,
    files: &PackageFiles,
    digest: &str,
    rubric: &Rubric,
) -> Result<Arc<DerivedPackage>, crate::error::InputErrors> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Cache = Mutex<HashMap<(String, String), Arc<DerivedPackage>>>;
    static DERIVED: OnceLock<Cache> = OnceLock::new();
    let cache = DERIVED.get_or_init(Default::default);
    let key = (rubric.sha256.clone(), digest.to_string());
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(found);
    }
    let parsed = parse_package(
        &format!("{} (package kept in the session)", path.display()),
        files,
        rubric,
    )?;
    let m = &parsed.manifest;
    let derived = Arc::new(DerivedPackage {
        manifest: (
            (m.id.clone(), m.cluster.clone(), m.park.clone(), m.year),
            (m.round, m.direction.clone()),
        ),
        figures: Arc::new(figures_of(&check_package(rubric, &parsed, None))),
    });
    if let Ok(mut c) = cache.lock() {
        c.insert(key, Arc::clone(&derived));
    }
    Ok(derived)
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

/// The round and direction of the kept manifest, read without deriving the package: an edit
/// needs them (the application conditions are marked only in an application review) but not
/// the figures.
fn kept_manifest_facts(
    conn: &Connection,
    path: &Path,
) -> Result<(crate::package::Round, String), StoreError> {
    let file = format!(
        "{} (package kept in the session)/package.toml",
        path.display()
    );
    let bytes: Vec<u8> = conn
        .query_row(
            "SELECT content FROM package_file WHERE path = 'package.toml'",
            [],
            |r| bytes_column(r, 0),
        )
        .optional()
        .map_err(sql_error(path, "cannot read the package files"))?
        .ok_or_else(|| StoreError::NotASession {
            path: path.to_path_buf(),
            detail: "holds a package without its manifest (package.toml): was it edited outside cluster-review?".into(),
        })?;
    let damaged = |detail: String| StoreError::NotASession {
        path: path.to_path_buf(),
        detail: format!("{detail}: was it edited outside cluster-review?"),
    };
    let (text, _) = crate::package::decode(&file, &bytes)
        .map_err(|e| damaged(format!("holds a package that does not check: {e}")))?;
    let manifest = crate::package::parse_manifest(&file, &text).map_err(|errors| {
        damaged(format!(
            "holds a package that does not check: {}",
            crate::error::InputErrors(errors)
        ))
    })?;
    Ok((manifest.round, manifest.direction))
}

fn meeting(conn: &Connection, path: &Path) -> Result<Option<MeetingRef>, StoreError> {
    super::rows::meeting_row(
        conn,
        path,
        "SELECT meeting_id, title, date, kind FROM meeting WHERE id = 1",
        [],
    )
}

fn conditions(conn: &Connection, path: &Path) -> Result<BTreeMap<u32, ConditionMark>, StoreError> {
    super::rows::condition_marks(
        conn,
        path,
        ("SELECT id, verdict, note FROM condition ORDER BY id", []),
        &|word, id| StoreError::NotASession {
            path: path.to_path_buf(),
            detail: format!(
                "holds the verdict \"{word}\" on condition {id}: was it edited outside cluster-review?"
            ),
        },
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn files(content: &str) -> PackageFiles {
        PackageFiles(BTreeMap::from([(
            "manifest.toml".to_string(),
            content.as_bytes().to_vec(),
        )]))
    }

    #[test]
    fn a_kept_package_is_matched_by_its_bytes_and_a_changed_copy_is_hashed() {
        let honest = files("id = \"digest-of-test\"\n");
        let recorded = package_digest(&honest);
        assert_eq!(digest_of(&honest, &recorded), recorded);
        // a second, equal copy (compared with the kept one) has the recorded digest
        assert_eq!(digest_of(&honest.clone(), &recorded), recorded);
        // a copy changed by one byte under the same record gets its own digest
        let changed = files("id = \"digest-of-tesT\"\n");
        let digest = digest_of(&changed, &recorded);
        assert_eq!(digest, package_digest(&changed));
        assert_ne!(digest, recorded);
        // a record that no file had is not trusted either
        assert_eq!(digest_of(&changed, "0000"), package_digest(&changed));
    }
}
