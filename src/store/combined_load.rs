//! Reading a combined evaluation without trusting it: the schema must be the program's own;
//! every stored word is one the program writes (a method or signature word it does not know is
//! an error, never a default); the figures are derived from the packages' files (bound to their
//! digests); the list of merged sessions must match its recorded digest; and every merged
//! expert's sign-off is verified again from the sheet the file keeps — with the roster the
//! merge used — so that `UPDATE input SET signature = 'verified'` or a changed score makes the
//! file refused, not signed by the chair.

use super::combined_schema::{
    COMBINED_APPLICATION_ID, COMBINED_FORMAT, LEGACY_COMBINED_FORMAT, PRE_CONDITIONS_FORMAT,
    combined_migration,
};
use super::error::StoreError;
use super::sqlite::{SchemaKind, bytes_column, check_schema, sql_error};
use crate::hashing::sha256_hex;
use crate::package::{PackageFiles, check_package, package_digest, parse_package};
use crate::panel::{ChairInput, Correction, MergeOptions, Note, SessionInput, Signature};
use crate::rubric::{self, Aggregate, Rubric};
use crate::session::{
    Annotation, ConditionMark, Declaration, DeclarationKind, Expert, Figure, MeasureStatus,
    MeetingRef, PackageRef, Score, SessionState, SignOff, figures_of,
};
use crate::sheet::{SignoffCheck, check_session_signoff};
use crate::signing::{Roster, parse_roster_text};
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;

/// The tables of a combined evaluation.
pub(super) const COMBINED_SCHEMA: SchemaKind = SchemaKind {
    id: COMBINED_APPLICATION_ID,
    name: "a cluster-review combined evaluation",
    newest: COMBINED_FORMAT,
    migration: combined_migration,
    digests: &[
        (
            1,
            "cbdd8db0cdf8c3fab5b38c0889ad4e9ee56db08d9c215c0aa12f15c6aea4e23a",
        ),
        (
            2,
            "b16ca08b5e5b765bc475b50fd16d2f28b6158871452fafe4e0a8b18867a238d1",
        ),
        (
            3,
            "a0a3cb6231a1732fd7e01b0133fe2751ba5adaab9c02d7268cd7b7d865ff6b67",
        ),
        (
            4,
            "c9a6b68e8307935fbffa9d514bba8978341718388b8c9be3be212bdde40a169f",
        ),
    ],
};

/// A combined evaluation as read from its file.
#[derive(Debug, Clone)]
pub struct StoredCombined {
    /// Every session given to the merge.
    pub inputs: Vec<SessionInput>,
    /// How it was merged.
    pub options: MergeOptions,
    /// The chair's corrections and notes.
    pub chair: ChairInput,
    /// Whether the chair has signed.
    pub signed: bool,
    /// The roster the merge checked the experts' keys with, if one was given.
    pub roster: Option<Roster>,
    /// The meeting, for a meeting's combined evaluation.
    pub meeting: Option<MeetingRef>,
    /// The file is of the first release's format (printing its sheet only).
    pub legacy: bool,
}

/// The word stored for a merged session's signature.
pub(super) fn signature_word(signature: &Signature) -> &'static str {
    match signature {
        Signature::Unsigned => "unsigned",
        Signature::Verified => "verified",
        Signature::NotVerified | Signature::Invalid(_) => "not_verified",
    }
}

/// The digest of the list of merged sessions (README, "The combined evaluation file").
pub(super) fn inputs_digest(inputs: &[SessionInput]) -> String {
    let mut lines: Vec<String> = inputs
        .iter()
        .map(|i| {
            format!(
                "{}\t{}\t{}\t{}\t{}\t{}\n",
                i.file,
                i.state.package.id,
                i.state.expert.id,
                i.state.revision,
                i.state
                    .signed
                    .as_ref()
                    .map_or("-", |s| s.sheet_sha256.as_str()),
                signature_word(&i.signature)
            )
        })
        .collect();
    lines.sort();
    sha256_hex(lines.concat().as_bytes())
}

/// Reads the whole file of `format`.
pub(super) fn load(
    path: &Path,
    conn: &Connection,
    format: u32,
) -> Result<StoredCombined, StoreError> {
    super::sqlite::reading(conn, path, || load_in_one_read(path, conn, format))
}

fn load_in_one_read(
    path: &Path,
    conn: &Connection,
    format: u32,
) -> Result<StoredCombined, StoreError> {
    if format != COMBINED_FORMAT
        && format != LEGACY_COMBINED_FORMAT
        && format != PRE_CONDITIONS_FORMAT
    {
        return Err(StoreError::NotASession {
            path: path.to_path_buf(),
            detail: format!("has format {format}, expected {COMBINED_FORMAT}"),
        });
    }
    check_schema(path, conn, COMBINED_SCHEMA, format)?;
    let legacy = format == LEGACY_COMBINED_FORMAT;
    let e = sql_error(path, "cannot read the combined evaluation");
    let damaged = |detail: String| StoreError::NotASession {
        path: path.to_path_buf(),
        detail: format!("{detail}: was it edited outside cluster-review?"),
    };
    let decimal = |text: Option<String>| -> Result<Option<Decimal>, StoreError> {
        text.map(|t| {
            super::session_load::exact_decimal(&t).ok_or_else(|| {
                damaged(format!(
                    "holds \"{}\" where an exact decimal belongs",
                    crate::numbers::clipped(&t)
                ))
            })
        })
        .transpose()
    };
    let header_sql = if legacy {
        "SELECT rubric_toml, method, allow_unsigned, NULL, '', NULL, NULL, NULL, NULL FROM combined WHERE id = 1"
    } else {
        "SELECT rubric_toml, method, allow_unsigned, roster, inputs_sha256, meeting_id, meeting_title, meeting_date, meeting_kind FROM combined WHERE id = 1"
    };
    type Header = (
        String,
        String,
        bool,
        Option<String>,
        String,
        [Option<String>; 4],
    );
    let (rubric_toml, method, allow_unsigned, roster_text, recorded_inputs, meeting): Header = conn
        .query_row(header_sql, [], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?],
            ))
        })
        .optional()
        .map_err(&e)?
        .ok_or_else(|| damaged("has no header, expected one written by merge".into()))?;
    let shared = rubric::parse_shared(
        &format!("{} (rubric stored in the file)", path.display()),
        &rubric_toml,
        None,
    )
    .map_err(|errors| damaged(format!("holds a rubric that does not validate: {errors}")))?;
    let rubric = &*shared.rubric;
    let method = match method.as_str() {
        "trimmed" => Aggregate::Trimmed,
        "mean" => Aggregate::Mean,
        "median" => Aggregate::Median,
        other => return Err(damaged(format!("holds the method \"{other}\""))),
    };
    let roster = roster_text
        .map(|text| {
            parse_roster_text(
                &format!("{} (roster kept in the file)", path.display()),
                &text,
                Path::new("."),
            )
            .map_err(|err| damaged(format!("holds a roster that does not read: {err}")))
        })
        .transpose()?;
    let meeting = match meeting {
        [Some(id), Some(title), Some(date), Some(kind)] => Some(MeetingRef {
            id,
            title,
            date,
            kind,
        }),
        [None, None, None, None] => None,
        _ => return Err(damaged("holds half a meeting reference".into())),
    };
    let packages = if legacy {
        BTreeMap::new()
    } else {
        package_figures(path, conn, rubric)?
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
                (r.get::<_, String>(8)?, r.get::<_, u32>(9)?),
                (
                    r.get::<_, Option<String>>(10)?,
                    r.get::<_, String>(11)?,
                    r.get::<_, String>(19)?,
                ),
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
            ))
        })
        .map_err(&e)?;
    let mut inputs = Vec::new();
    for row in rows {
        let (
            file,
            package,
            expert,
            (created_at, revision),
            (declaration, reason, declared_at),
            overall,
            (signed_at, sheet_sha256),
            signature,
            (sheet, sheet_signature, public_key),
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
        let scores = input_scores(path, conn, &file, &decimal)?;
        let annotations = input_annotations(path, conn, &file, &decimal, &damaged)?;
        let (conditions, meeting) = if format >= 4 {
            (
                input_conditions(path, conn, &file, &damaged)?,
                input_meeting(path, conn, &file)?,
            )
        } else {
            (BTreeMap::new(), None)
        };
        let mut package = package;
        let figures = if legacy {
            legacy_figures(path, conn, &file, &decimal)?
        } else {
            let (figures, (round, direction)) =
                packages.get(&package.digest).cloned().ok_or_else(|| {
                    damaged(format!(
                        "holds no package files for {} (digest {}) merged from {file}",
                        package.id, package.digest
                    ))
                })?;
            package.round = Some(round);
            package.direction = Some(direction);
            figures
        };
        let signed = signed_at.map(|at| SignOff {
            revision,
            at,
            sheet_sha256: sheet_sha256.unwrap_or_default(),
            sheet: sheet.unwrap_or_default(),
            signature: sheet_signature.unwrap_or_default(),
            public_key: public_key.unwrap_or_default(),
        });
        let stored_word = match signature.as_str() {
            "verified" => Signature::Verified,
            "not_verified" => Signature::NotVerified,
            "unsigned" => Signature::Unsigned,
            other => {
                return Err(damaged(format!(
                    "holds the signature word \"{other}\" for {file}"
                )));
            }
        };
        let state = SessionState {
            format: 0,
            created_at,
            rubric_id: rubric.id.clone(),
            rubric_sha256: rubric.sha256.clone(),
            package,
            expert,
            declaration,
            revision,
            scores,
            annotations,
            figures: std::sync::Arc::new(figures),
            overall,
            signed,
            meeting,
            conditions,
        };
        let signature = if legacy {
            stored_word
        } else {
            verified_again(
                rubric,
                &state,
                roster.as_ref(),
                &file,
                &stored_word,
                allow_unsigned,
            )
            .map_err(damaged)?
        };
        inputs.push(SessionInput {
            file,
            rubric: std::sync::Arc::clone(&shared.rubric),
            rubric_text: std::sync::Arc::clone(&shared.text),
            state,
            signature,
        });
    }
    if !legacy && inputs_digest(&inputs) != recorded_inputs {
        return Err(damaged(
            "holds a list of merged sessions that differs from the one recorded at the merge (a session was removed, added or changed)".into(),
        ));
    }

    let mut corrections = Vec::new();
    let mut s = conn
        .prepare("SELECT package_id, measure, value, reason FROM correction ORDER BY package_id, measure")
        .map_err(&e)?;
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
        if rubric.measure(&measure).is_none() || reason.trim().is_empty() {
            return Err(damaged(format!(
                "holds a correction of \"{measure}\" no chair could have made"
            )));
        }
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
    Ok(StoredCombined {
        inputs,
        options: MergeOptions {
            method: Some(method),
            allow_unsigned,
        },
        chair: ChairInput { corrections, notes },
        signed,
        roster,
        meeting,
        legacy,
    })
}

/// A merged session's signature, verified again from the sheet the file keeps (with the
/// roster the merge used); it must stand as the merge recorded it.
fn verified_again(
    rubric: &Rubric,
    state: &SessionState,
    roster: Option<&Roster>,
    file: &str,
    stored: &Signature,
    allow_unsigned: bool,
) -> Result<Signature, String> {
    let now = match check_session_signoff(rubric, state, roster) {
        Ok(SignoffCheck::Unsigned) => Signature::Unsigned,
        Ok(SignoffCheck::Intact) => Signature::NotVerified,
        Ok(SignoffCheck::Verified) => Signature::Verified,
        Err(why) => {
            return Err(format!(
                "holds the session {file}, which no longer verifies ({why})"
            ));
        }
    };
    if &now != stored {
        return Err(format!(
            "records the session {file} as {}, but it checks as {}",
            signature_word(stored),
            signature_word(&now)
        ));
    }
    if now == Signature::Unsigned && !allow_unsigned {
        return Err(format!(
            "holds the unsigned session {file}, though unsigned sessions were not allowed"
        ));
    }
    Ok(now)
}

/// A kept package's figures, and the round and direction its manifest names.
type PackageFacts = (BTreeMap<String, Figure>, (crate::package::Round, String));

/// The figures of every package the file keeps, derived from its files, by digest, with the
/// round and direction of its manifest.
fn package_figures(
    path: &Path,
    conn: &Connection,
    rubric: &Rubric,
) -> Result<BTreeMap<String, PackageFacts>, StoreError> {
    let e = sql_error(path, "cannot read the package files");
    let mut by_digest: BTreeMap<String, PackageFiles> = BTreeMap::new();
    let mut statement = conn
        .prepare("SELECT digest, path, content FROM package_file ORDER BY digest, path")
        .map_err(&e)?;
    let rows = statement
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                bytes_column(r, 2)?,
            ))
        })
        .map_err(&e)?;
    for row in rows {
        let (digest, file, content) = row.map_err(&e)?;
        by_digest.entry(digest).or_default().0.insert(file, content);
    }
    let mut figures = BTreeMap::new();
    for (digest, files) in by_digest {
        let damaged = |detail: String| StoreError::NotASession {
            path: path.to_path_buf(),
            detail: format!("{detail}: was it edited outside cluster-review?"),
        };
        if package_digest(&files) != digest {
            return Err(damaged(format!(
                "holds package files that do not hash to their digest {digest}"
            )));
        }
        let package = parse_package(
            &format!("{} (package {digest:.12}…)", path.display()),
            &files,
            rubric,
        )
        .map_err(|errors| damaged(format!("holds a package that does not check: {errors}")))?;
        let facts = (package.manifest.round, package.manifest.direction.clone());
        figures.insert(
            digest,
            (figures_of(&check_package(rubric, &package, None)), facts),
        );
    }
    Ok(figures)
}

/// The review meeting a merged session belongs to (format 4), if any.
fn input_meeting(
    path: &Path,
    conn: &Connection,
    file: &str,
) -> Result<Option<crate::session::MeetingRef>, StoreError> {
    super::rows::meeting_row(
        conn,
        path,
        "SELECT meeting_id, title, date, kind FROM input_meeting WHERE file = ?1",
        [file],
    )
}

/// A merged session's verdicts on the application conditions (format 4).
fn input_conditions(
    path: &Path,
    conn: &Connection,
    file: &str,
    damaged: &dyn Fn(String) -> StoreError,
) -> Result<BTreeMap<u32, ConditionMark>, StoreError> {
    super::rows::condition_marks(
        conn,
        path,
        (
            "SELECT id, verdict, note FROM input_condition WHERE file = ?1",
            [file],
        ),
        &|word, id| {
            damaged(format!(
                "holds the verdict \"{word}\" on condition {id} for {file}"
            ))
        },
    )
}

type ReadDecimal<'a> = dyn Fn(Option<String>) -> Result<Option<Decimal>, StoreError> + 'a;

fn input_scores(
    path: &Path,
    conn: &Connection,
    file: &str,
    decimal: &ReadDecimal<'_>,
) -> Result<BTreeMap<u32, Score>, StoreError> {
    let e = sql_error(path, "cannot read the merged scores");
    let mut scores = BTreeMap::new();
    let mut s = conn
        .prepare("SELECT indicator, points, comment FROM input_score WHERE file = ?1")
        .map_err(&e)?;
    for row in s
        .query_map([file], |r| {
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
    Ok(scores)
}

fn input_annotations(
    path: &Path,
    conn: &Connection,
    file: &str,
    decimal: &ReadDecimal<'_>,
    damaged: &dyn Fn(String) -> StoreError,
) -> Result<BTreeMap<String, Annotation>, StoreError> {
    let e = sql_error(path, "cannot read the merged checks");
    let mut annotations = BTreeMap::new();
    let mut s = conn
        .prepare("SELECT measure, status, note, corrected FROM input_annotation WHERE file = ?1")
        .map_err(&e)?;
    for row in s
        .query_map([file], |r| {
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
    Ok(annotations)
}

/// The figures the first release stored per merged session (printing only).
fn legacy_figures(
    path: &Path,
    conn: &Connection,
    file: &str,
    decimal: &ReadDecimal<'_>,
) -> Result<BTreeMap<String, Figure>, StoreError> {
    let e = sql_error(path, "cannot read the merged figures");
    let mut figures = BTreeMap::new();
    let mut s = conn
        .prepare("SELECT measure, declared, derived, value FROM input_figure WHERE file = ?1")
        .map_err(&e)?;
    for row in s
        .query_map([file], |r| {
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
    Ok(figures)
}
