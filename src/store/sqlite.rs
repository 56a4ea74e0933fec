//! What every cluster-review SQLite file shares: the durability settings, the integrity check,
//! migrations, atomic creation, timestamps, error context.

use super::error::StoreError;
use super::lock::SessionLock;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};

/// Now, as RFC 3339 UTC with milliseconds.
pub(super) fn now() -> String {
    crate::timestamp::now_utc()
}

/// Wraps an SQLite error with the file and what was being done.
pub(super) fn sql_error(path: &Path, context: &str) -> impl Fn(rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    let context = context.to_string();
    move |source| StoreError::Sqlite {
        path: path.clone(),
        context: context.clone(),
        source,
    }
}

/// Opens a connection with the durability settings of every session.
pub(super) fn connect(path: &Path, flags: OpenFlags) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(path, flags)
        .map_err(sql_error(path, "cannot open the session"))?;
    conn.busy_timeout(std::time::Duration::from_secs(2))
        .map_err(sql_error(path, "cannot set the busy timeout"))?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(|e| StoreError::NotASession {
            path: path.to_path_buf(),
            detail: format!("SQLite cannot read it ({e})"),
        })?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(StoreError::NotASession {
            path: path.to_path_buf(),
            detail: format!("journal mode is {mode}, expected delete"),
        });
    }
    // EXTRA: FULL, and the folder is synced when the rollback journal is deleted — the moment a
    // transaction commits in DELETE mode — so a commit survives a power cut, not only a crash
    conn.execute_batch("PRAGMA synchronous = EXTRA; PRAGMA foreign_keys = ON;")
        .map_err(sql_error(path, "cannot set the durability pragmas"))?;
    Ok(conn)
}

/// Runs SQLite's quick check: a damaged file is refused before anything is written to it.
pub(super) fn integrity(path: &Path, conn: &Connection) -> Result<(), StoreError> {
    let result: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| StoreError::NotASession {
            path: path.to_path_buf(),
            detail: format!("SQLite cannot read it ({e})"),
        })?;
    if result == "ok" {
        Ok(())
    } else {
        Err(StoreError::NotASession {
            path: path.to_path_buf(),
            detail: format!("is damaged ({result})"),
        })
    }
}

/// Runs `body` in one read transaction: its statements see one state of the file, and SQLite
/// takes and checks its shared lock once instead of once per statement (four locking calls and
/// three file checks each; a session is read in some twenty statements). Inside a transaction
/// already, `body` just runs.
pub(super) fn reading<T>(
    conn: &Connection,
    path: &Path,
    body: impl FnOnce() -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    if !conn.is_autocommit() {
        return body();
    }
    conn.execute_batch("BEGIN DEFERRED")
        .map_err(sql_error(path, "cannot start reading"))?;
    let result = body();
    // nothing was written: ending the transaction only lets go of the shared lock
    let ended = conn.execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
    let value = result?;
    ended.map_err(sql_error(path, "cannot finish reading"))?;
    Ok(value)
}

/// Runs `body` in one IMMEDIATE transaction (the write lock taken at once) and commits it;
/// an error rolls everything back.
pub(super) fn write_transaction(
    conn: &Connection,
    path: &Path,
    body: impl FnOnce(&rusqlite::Transaction<'_>, &Path) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
        .map_err(sql_error(path, "cannot start a transaction"))?;
    body(&tx, path)?;
    tx.commit().map_err(sql_error(path, "cannot commit"))
}

/// Brings an older file up to the current format, in one transaction.
pub(super) fn migrate(
    path: &Path,
    conn: &mut Connection,
    current: u32,
    migration: fn(u32) -> Option<String>,
) -> Result<(), StoreError> {
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql_error(path, "cannot read the format"))?;
    if version >= current {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Exclusive)
        .map_err(sql_error(path, "cannot start the upgrade"))?;
    for from in version..current {
        let sql = migration(from).ok_or_else(|| StoreError::NotASession {
            path: path.to_path_buf(),
            detail: format!("has format {from}, which cannot be upgraded"),
        })?;
        tx.execute_batch(&sql).map_err(sql_error(
            path,
            &format!("cannot upgrade from format {from}"),
        ))?;
    }
    tx.pragma_update(None, "user_version", current)
        .map_err(sql_error(path, "cannot record the format"))?;
    tx.commit()
        .map_err(sql_error(path, "cannot commit the upgrade"))
}

/// Creates a file under a temporary name beside it and puts it in place once complete — never
/// over another file — holding the file's write lock throughout; returns the lock. What a
/// killed run left behind (`NAME.XXXXXX.creating`, unlocked) is removed first.
pub(super) fn create_atomically(
    path: &Path,
    what: &str,
    build: impl FnOnce(&Path) -> Result<(), StoreError>,
) -> Result<SessionLock, StoreError> {
    let new = NewFile::begin(path, what)?;
    build(new.temp())?;
    new.persist()
}

/// A file being built under a temporary name beside its final path (see `create_atomically`),
/// for a writer that fills it over a longer run (a merge storing each session as it is read).
/// Dropped without `persist`, it leaves nothing: the temporary file is removed, and so is the
/// lock file it noted itself in beside the final name (removed while still locked, so that no
/// other writer's lock is taken away).
#[derive(Debug)]
pub(super) struct NewFile {
    // `None` once put in place
    temp: Option<tempfile::TempPath>,
    lock: Option<SessionLock>,
    path: PathBuf,
    what: String,
}

impl NewFile {
    /// Refuses an existing `path`, makes its folder, and creates the locked temporary file.
    pub(super) fn begin(path: &Path, what: &str) -> Result<Self, StoreError> {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                path: parent.to_path_buf(),
                context: "cannot create the folder".into(),
                source,
            })?;
        }
        let temp = crate::files::temp_beside(path, crate::files::CREATING, false)
            .map_err(|source| StoreError::Io {
                path: path.to_path_buf(),
                context: format!("cannot create the new {what}"),
                source,
            })?
            .into_temp_path();
        let mut new = Self {
            temp: Some(temp),
            lock: None,
            path: path.to_path_buf(),
            what: what.to_string(),
        };
        let temp = new.temp();
        let lock = SessionLock::acquire_new(temp, path)?;
        crate::files::remove_stale_temps(path, crate::files::CREATING, Some(temp));
        new.lock = Some(lock);
        Ok(new)
    }

    /// The temporary file to build (every connection to it closed before `persist`).
    pub(super) fn temp(&self) -> &Path {
        self.temp.as_deref().unwrap_or(&self.path)
    }

    /// Puts the complete file in place (never over another file); returns its lock.
    pub(super) fn persist(mut self) -> Result<SessionLock, StoreError> {
        let (Some(temp), Some(lock)) = (self.temp.take(), self.lock.take()) else {
            return Err(StoreError::Binding(format!(
                "the new {} was already put in place",
                self.what
            )));
        };
        let path = self.path.clone();
        if let Err(e) = temp.persist_noclobber(&path) {
            // put back, so that dropping `self` removes the temporary file and the lock note
            self.temp = Some(e.path);
            self.lock = Some(lock);
            return Err(if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::Exists(path)
            } else {
                StoreError::Io {
                    path,
                    context: format!("cannot put the new {} in place", self.what),
                    source: e.error,
                }
            });
        }
        crate::files::sync_folder(&path);
        Ok(lock)
    }
}

impl Drop for NewFile {
    fn drop(&mut self) {
        let Some(temp) = self.temp.take() else {
            return;
        };
        drop(temp);
        if let Some(lock) = self.lock.take() {
            if std::fs::symlink_metadata(&self.path).is_err() {
                let _ = std::fs::remove_file(super::lock::lock_path(&self.path));
            }
            drop(lock);
        }
    }
}

/// A column read as bytes whether SQLite holds it as a blob or as text (a value edited with
/// the sqlite3 shell often turns into text; it must still be read, to be found wrong).
pub(super) fn bytes_column(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Vec<u8>> {
    use rusqlite::types::ValueRef;
    match row.get_ref(index)? {
        ValueRef::Blob(b) | ValueRef::Text(b) => Ok(b.to_vec()),
        ValueRef::Null => Ok(Vec::new()),
        ValueRef::Integer(i) => Ok(i.to_string().into_bytes()),
        ValueRef::Real(f) => Ok(f.to_string().into_bytes()),
    }
}

/// One entry of `sqlite_master`: type, name, table, SQL.
type SchemaEntry = (String, String, String, Option<String>);

/// A kind of file and how its schema is made, for checking a file's schema against it.
#[derive(Debug, Clone, Copy)]
pub(super) struct SchemaKind {
    /// The application id (tells the kinds apart in the cache).
    pub id: i32,
    /// How users call it.
    pub name: &'static str,
    /// The newest format.
    pub newest: u32,
    /// Its migrations.
    pub migration: fn(u32) -> Option<String>,
    /// The SHA-256 of the schema each format has (`schema_digest`), so a file is checked
    /// without running the migrations; a unit test keeps these equal to what they make.
    pub digests: &'static [(u32, &'static str)],
}

/// A schema's digest: SHA-256 over `type<TAB>name<TAB>table<TAB>sql<LF>` of every entry.
fn schema_digest(schema: &[SchemaEntry]) -> String {
    let mut text = String::new();
    for (kind, name, table, sql) in schema {
        text.push_str(&format!(
            "{kind}\t{name}\t{table}\t{}\n",
            sql.as_deref().unwrap_or("")
        ));
    }
    crate::hashing::sha256_hex(text.as_bytes())
}

/// The digest of the schema the migrations make for a format (for the tests that keep the
/// recorded digests true).
#[cfg(test)]
pub(super) fn made_schema_digest(kind: SchemaKind, format: u32) -> Option<String> {
    expected_schema(kind, format).map(|s| schema_digest(&s))
}

/// The schema of a file: every object but SQLite's own bookkeeping, sorted.
fn schema_of(conn: &Connection) -> rusqlite::Result<Vec<SchemaEntry>> {
    let mut statement = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> 'sqlite_sequence' ORDER BY type, name",
    )?;
    let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    rows.collect()
}

/// The schema this program creates for a kind and format, made once by running its own
/// migrations on an empty database.
fn expected_schema(kind: SchemaKind, format: u32) -> Option<Vec<SchemaEntry>> {
    type Cache = std::sync::Mutex<std::collections::BTreeMap<(i32, u32), Vec<SchemaEntry>>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache
        .lock()
        .ok()
        .and_then(|c| c.get(&(kind.id, format)).cloned())
    {
        return Some(found);
    }
    let conn = Connection::open_in_memory().ok()?;
    for from in 0..format.min(kind.newest) {
        conn.execute_batch(&(kind.migration)(from)?).ok()?;
    }
    let schema = schema_of(&conn).ok()?;
    if let Ok(mut c) = cache.lock() {
        c.insert((kind.id, format), schema.clone());
    }
    Some(schema)
}

/// Refuses a file whose tables, indexes or triggers are not exactly those its format has (a
/// view in place of a table, a dropped audit or trigger, a table rebuilt without its keys).
pub(super) fn check_schema(
    path: &Path,
    conn: &Connection,
    kind: SchemaKind,
    format: u32,
) -> Result<(), StoreError> {
    let found = schema_of(conn).map_err(sql_error(path, "cannot read the schema"))?;
    let recorded = kind
        .digests
        .iter()
        .find(|(f, _)| *f == format)
        .map(|(_, d)| *d);
    if recorded.is_some_and(|d| d == schema_digest(&found)) {
        return Ok(());
    }
    // not the recorded schema: the migrations are run to say what differs
    let expected = expected_schema(kind, format).ok_or_else(|| StoreError::NotASession {
        path: path.to_path_buf(),
        detail: format!("has format {format}, which this program does not know"),
    })?;
    if found == expected {
        return Ok(());
    }
    let missing = expected.iter().find(|e| !found.contains(e));
    let extra = found.iter().find(|f| !expected.contains(f));
    let detail = match (missing, extra) {
        (Some((what, name, ..)), _) => format!("its {what} \"{name}\" is missing or changed"),
        (None, Some((what, name, ..))) => format!("it has a {what} \"{name}\" of its own"),
        (None, None) => "its schema is not one this program writes".to_string(),
    };
    Err(StoreError::NotASession {
        path: path.to_path_buf(),
        detail: format!(
            "{detail}, expected the tables of {} (format {format}): was it edited outside cluster-review?",
            kind.name
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The recorded digests are those of the schemas the migrations make, for every format
    /// each kind of file can have.
    #[test]
    fn the_recorded_schema_digests_are_what_the_migrations_make() {
        for kind in [
            super::super::session_load::SESSION_SCHEMA,
            super::super::combined_load::COMBINED_SCHEMA,
        ] {
            for format in 1..=kind.newest {
                let made = made_schema_digest(kind, format).expect("schema");
                println!("{} format {format}: {made}", kind.name);
                let recorded = kind
                    .digests
                    .iter()
                    .find(|(f, _)| *f == format)
                    .map(|(_, d)| *d);
                assert_eq!(
                    recorded,
                    Some(made.as_str()),
                    "{} format {format}",
                    kind.name
                );
            }
        }
    }
}
