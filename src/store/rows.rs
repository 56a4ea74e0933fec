//! Rows that session files and combined files both hold, read one way from either: the review
//! meeting a session belongs to, and its marks on the application conditions (申报条件).

use super::error::StoreError;
use super::sqlite::sql_error;
use crate::session::{ConditionMark, ConditionVerdict, MeetingRef};
use rusqlite::{Connection, OptionalExtension, Params};
use std::collections::BTreeMap;
use std::path::Path;

/// The meeting selected by `sql` (columns `meeting_id, title, date, kind`), if there is one.
pub(super) fn meeting_row<P: Params>(
    conn: &Connection,
    path: &Path,
    sql: &str,
    params: P,
) -> Result<Option<MeetingRef>, StoreError> {
    conn.query_row(sql, params, |r| {
        Ok(MeetingRef {
            id: r.get(0)?,
            title: r.get(1)?,
            date: r.get(2)?,
            kind: r.get(3)?,
        })
    })
    .optional()
    .map_err(sql_error(path, "cannot read the meeting"))
}

/// The condition marks selected by `sql` (columns `id, verdict, note`); a verdict the program
/// does not write is refused with `refuse(word, id)`.
pub(super) fn condition_marks<P: Params>(
    conn: &Connection,
    path: &Path,
    (sql, params): (&str, P),
    refuse: &dyn Fn(&str, u32) -> StoreError,
) -> Result<BTreeMap<u32, ConditionMark>, StoreError> {
    let e = sql_error(path, "cannot read the conditions");
    let mut statement = conn.prepare(sql).map_err(&e)?;
    let rows = statement
        .query_map(params, |r| {
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
        let verdict = verdict
            .map(|word| ConditionVerdict::parse(&word).ok_or_else(|| refuse(&word, id)))
            .transpose()?;
        marks.insert(id, ConditionMark { verdict, note });
    }
    Ok(marks)
}
