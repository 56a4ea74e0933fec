//! One writer per session: an OS file lock on a sidecar file `NAME.sqlite.lock`. The OS
//! releases it when the process ends in any way (even SIGKILL), so a crash never leaves a
//! session locked. The sidecar holds who has it open, for the refusal message; the session
//! file itself stays a plain SQLite file (SQLite's own locks are not disturbed).

use super::error::StoreError;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Holds the write lock of a session until dropped.
#[derive(Debug)]
pub struct SessionLock {
    _file: File,
}

/// The lock file of a session file, named after its real path (links resolved), so that two
/// names of one file share one lock.
pub fn lock_path(session: &Path) -> PathBuf {
    let real = std::fs::canonicalize(session).unwrap_or_else(|_| {
        // a file being created: resolve its folder
        let folder = session
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = session
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        std::fs::canonicalize(folder)
            .map(|f| f.join(name))
            .unwrap_or_else(|_| session.to_path_buf())
    });
    let mut name = real
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".lock");
    real.with_file_name(name)
}

impl SessionLock {
    /// Takes the lock, or says who holds it.
    pub fn acquire(session: &Path) -> Result<Self, StoreError> {
        let path = lock_path(session);
        let io = |context: &str, source| StoreError::Io {
            path: path.clone(),
            context: context.to_string(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| io("cannot open the lock file", e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(StoreError::Locked {
                    path: session.to_path_buf(),
                    holder: if holder.is_empty() {
                        "another process".to_string()
                    } else {
                        holder.to_string()
                    },
                });
            }
            Err(TryLockError::Error(e)) => return Err(io("cannot lock the lock file", e)),
        }
        let who = format!(
            "pid {} since {}",
            std::process::id(),
            jiff::Timestamp::now()
                .round(jiff::Unit::Second)
                .unwrap_or_else(|_| jiff::Timestamp::now())
        );
        // Best effort: the lock itself is what matters; the text only improves the message.
        let _ = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(who.as_bytes()));
        Ok(Self { _file: file })
    }
}
