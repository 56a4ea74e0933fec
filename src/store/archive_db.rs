//! The archive file (`ARCHIVE.sqlite`): entries appended one durable transaction at a time,
//! each chained to the one before; SQLite triggers refuse any update or delete, and
//! `archive verify` catches a change made after dropping them.

use super::error::StoreError;
use super::header::{FileKind, precheck_kind};
use super::lock::SessionLock;
use super::sqlite::{
    bytes_column, connect, create_atomically, integrity, migrate, now, sql_error, write_transaction,
};
use crate::archive::{ArchiveEntry, GENESIS, NewEntry, entry_hash};
use crate::hashing::sha256_hex;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::{Path, PathBuf};

/// `PRAGMA application_id`: "CRAR" (cluster-review archive).
const ARCHIVE_APPLICATION_ID: i32 = 0x4352_4152;
const ARCHIVE_FORMAT: u32 = 1;
const ARCHIVE: FileKind = FileKind {
    application_id: ARCHIVE_APPLICATION_ID,
    format: ARCHIVE_FORMAT,
    name: "cluster-review archive",
};

const FORMAT_1: &str = r#"
CREATE TABLE entry (
    seq           INTEGER PRIMARY KEY CHECK (seq >= 1),
    added_at      TEXT NOT NULL,
    kind          TEXT NOT NULL,
    signer_id     TEXT NOT NULL,
    signer_name   TEXT NOT NULL,
    signed_at     TEXT NOT NULL,
    sheet         BLOB NOT NULL,
    sheet_sha256  TEXT NOT NULL,
    signature     BLOB NOT NULL,
    public_key    TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    entry_hash    TEXT NOT NULL
);
CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry
BEGIN SELECT RAISE(ABORT, 'the archive is append-only'); END;
CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry
BEGIN SELECT RAISE(ABORT, 'the archive is append-only'); END;
"#;

fn archive_migration(from: u32) -> Option<String> {
    (from == 0).then(|| FORMAT_1.to_string())
}

/// An archive open for appending (the lock is held until dropped).
#[derive(Debug)]
pub struct ArchiveDb {
    path: PathBuf,
    conn: Connection,
    _lock: SessionLock,
}

impl ArchiveDb {
    /// Opens an archive for appending, creating an empty one if there is none.
    pub fn open_or_create(path: &Path) -> Result<Self, StoreError> {
        let lock = if path.exists() {
            precheck_kind(path, ARCHIVE)?;
            SessionLock::acquire(path)?
        } else {
            create_atomically(path, "archive", |temp| {
                let mut conn = connect(
                    temp,
                    OpenFlags::SQLITE_OPEN_READ_WRITE
                        | OpenFlags::SQLITE_OPEN_CREATE
                        | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                conn.pragma_update(None, "application_id", ARCHIVE_APPLICATION_ID)
                    .map_err(sql_error(temp, "cannot mark the file"))?;
                migrate(temp, &mut conn, ARCHIVE_FORMAT, archive_migration)
            })?
        };
        let mut conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        integrity(path, &conn)?;
        migrate(path, &mut conn, ARCHIVE_FORMAT, archive_migration)?;
        Ok(Self {
            path: path.to_path_buf(),
            conn,
            _lock: lock,
        })
    }

    /// Every entry in order (under the write lock, to check the chain before appending).
    pub fn entries(&self) -> Result<Vec<ArchiveEntry>, StoreError> {
        entries(&self.path, &self.conn)
    }

    /// Appends entries (already checked by the caller), each chained to the one before, all in
    /// one transaction: all are added or none.
    pub fn append_all(&mut self, new: Vec<NewEntry>) -> Result<Vec<ArchiveEntry>, StoreError> {
        let mut stored = Vec::new();
        write_transaction(&self.conn, &self.path, |tx, path| {
            let e = sql_error(path, "cannot add to the archive");
            let last: Option<(i64, String)> = tx
                .query_row(
                    "SELECT seq, entry_hash FROM entry ORDER BY seq DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(&e)?;
            let (mut seq, mut prev_hash): (i64, String) =
                last.unwrap_or_else(|| (0, GENESIS.to_string()));
            let added_at = now();
            for entry in new {
                seq += 1;
                let hash = entry_hash(seq, &added_at, &entry, &prev_hash);
                let item = ArchiveEntry {
                    seq,
                    added_at: added_at.clone(),
                    sheet_sha256: sha256_hex(&entry.sheet),
                    entry,
                    prev_hash: std::mem::replace(&mut prev_hash, hash.clone()),
                    entry_hash: hash,
                };
                let n = &item.entry;
                tx.execute(
                    "INSERT INTO entry (seq, added_at, kind, signer_id, signer_name, signed_at, sheet, sheet_sha256, signature, public_key, prev_hash, entry_hash)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                    params![item.seq, item.added_at, n.kind, n.signer_id, n.signer_name, n.signed_at, n.sheet, item.sheet_sha256, n.signature, n.public_key, item.prev_hash, item.entry_hash],
                )
                .map_err(&e)?;
                stored.push(item);
            }
            Ok(())
        })?;
        Ok(stored)
    }
}

/// Reads every entry in order, without taking the write lock.
pub fn read_archive(path: &Path) -> Result<Vec<ArchiveEntry>, StoreError> {
    precheck_kind(path, ARCHIVE)?;
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    integrity(path, &conn)?;
    entries(path, &conn)
}

fn entries(path: &Path, conn: &Connection) -> Result<Vec<ArchiveEntry>, StoreError> {
    let e = sql_error(path, "cannot read the archive");
    let mut statement = conn
        .prepare(
            "SELECT seq, added_at, kind, signer_id, signer_name, signed_at, sheet, sheet_sha256, signature, public_key, prev_hash, entry_hash
             FROM entry ORDER BY seq",
        )
        .map_err(&e)?;
    let rows = statement
        .query_map([], |r| {
            Ok(ArchiveEntry {
                seq: r.get(0)?,
                added_at: r.get(1)?,
                entry: NewEntry {
                    kind: r.get(2)?,
                    signer_id: r.get(3)?,
                    signer_name: r.get(4)?,
                    signed_at: r.get(5)?,
                    sheet: bytes_column(r, 6)?,
                    signature: bytes_column(r, 8)?,
                    public_key: r.get(9)?,
                },
                sheet_sha256: r.get(7)?,
                prev_hash: r.get(10)?,
                entry_hash: r.get(11)?,
            })
        })
        .map_err(&e)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(e)
}
