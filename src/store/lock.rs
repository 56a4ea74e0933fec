//! One writer per file (session, combined evaluation, archive). The OS releases the lock when
//! the process ends in any way (even SIGKILL), so a crash never leaves a file locked.
//!
//! - Unix: the lock is an advisory `flock` on the file itself, so every name of the file — a
//!   symbolic link, a hard link in another folder — shares it. `flock` locks are independent of
//!   the `fcntl` locks SQLite takes, so SQLite is not disturbed (our handle stays open until the
//!   connection is closed, so SQLite's own locks are never dropped by our close).
//! - Windows: a lock on the whole file would block SQLite's own reads, so the lock is taken on a
//!   sidecar file `NAME.sqlite.lock` named after the file's real path (hard links, rare on
//!   Windows, are not detected there; the README says so).
//!
//! Beside the file, `NAME.sqlite.lock` holds who has it open (pid and time) for the refusal
//! message. It is opened without following links: a lock file turned into a link to another
//! file is refused, never written through.

use super::error::StoreError;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Holds the write lock of a file until dropped.
#[derive(Debug)]
pub struct SessionLock {
    _file: File,
}

/// The sidecar file of a session file, named after its real path (links resolved).
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

/// Opens the sidecar for reading and writing, creating it, never through a link.
fn open_sidecar(path: &Path) -> Result<File, StoreError> {
    let io = |context: &str, source| StoreError::Io {
        path: path.to_path_buf(),
        context: context.to_string(),
        source,
    };
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file()) {
        return Err(StoreError::Io {
            path: path.to_path_buf(),
            context: "the lock file is a link or not a regular file, expected a plain file written by cluster-review; remove it".into(),
            source: std::io::Error::other("refused"),
        });
    }
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_FLAG_OPEN_REPARSE_POINT: open a link itself, never its target
        options.custom_flags(0x0020_0000);
    }
    let file = options
        .open(path)
        .map_err(|e| io("cannot open the lock file (a link is refused)", e))?;
    let meta = file
        .metadata()
        .map_err(|e| io("cannot read the lock file", e))?;
    if !meta.is_file() {
        return Err(io(
            "the lock file is not a regular file",
            std::io::Error::other("refused"),
        ));
    }
    Ok(file)
}

/// Who holds a lock, as the sidecar says (best effort).
fn holder(sidecar: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut file) = open_sidecar(sidecar) {
        let _ = (&mut file).take(200).read_to_string(&mut text);
    }
    let text = text.trim();
    if text.is_empty() {
        "another process".to_string()
    } else {
        text.to_string()
    }
}

/// `pid 4242 since 2026-12-01T10:00:00Z`.
fn holder_text() -> String {
    format!(
        "pid {} since {}",
        std::process::id(),
        jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .unwrap_or_else(|_| jiff::Timestamp::now())
    )
}

/// Writes who holds the lock into the sidecar (best effort: the lock itself is what matters;
/// but a sidecar that is a link is refused).
#[cfg(unix)]
fn note_holder(sidecar: &Path) -> Result<(), StoreError> {
    let mut file = open_sidecar(sidecar)?;
    // written over the old note, then cut to its length: emptying the file first would free its
    // block only for the write to allocate one again (measured: about 0.15 ms)
    let text = holder_text();
    let _ = file
        .seek(SeekFrom::Start(0))
        .and_then(|_| file.write_all(text.as_bytes()))
        .and_then(|()| file.set_len(text.len() as u64));
    Ok(())
}

impl SessionLock {
    /// Takes the lock of an existing file, or says who holds it.
    pub fn acquire(session: &Path) -> Result<Self, StoreError> {
        #[cfg(unix)]
        {
            let file = crate::files::open_regular(session).map_err(|e| StoreError::Io {
                path: session.to_path_buf(),
                context: "cannot open the file to lock it".into(),
                source: std::io::Error::other(e.to_string()),
            })?;
            Self::take(session, file)
        }
        #[cfg(not(unix))]
        {
            let file = open_sidecar(&lock_path(session))?;
            Self::take(session, file)
        }
    }

    /// Locks a file being built under a temporary name; the lock stays with the file when it is
    /// renamed into place (Unix). Elsewhere the sidecar of the final name is locked.
    pub fn acquire_new(temp: &Path, final_path: &Path) -> Result<Self, StoreError> {
        #[cfg(unix)]
        {
            let file = crate::files::open_regular(temp).map_err(|e| StoreError::Io {
                path: temp.to_path_buf(),
                context: "cannot open the new file to lock it".into(),
                source: std::io::Error::other(e.to_string()),
            })?;
            Self::take(final_path, file)
        }
        #[cfg(not(unix))]
        {
            let _ = temp;
            let file = open_sidecar(&lock_path(final_path))?;
            Self::take(final_path, file)
        }
    }

    fn take(session: &Path, file: File) -> Result<Self, StoreError> {
        let sidecar = lock_path(session);
        #[cfg(not(unix))]
        let mut file = file;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::Locked {
                    path: session.to_path_buf(),
                    holder: holder(&sidecar),
                });
            }
            Err(TryLockError::Error(e)) => {
                return Err(StoreError::Io {
                    path: session.to_path_buf(),
                    context: "cannot lock the file".into(),
                    source: e,
                });
            }
        }
        #[cfg(unix)]
        note_holder(&sidecar)?;
        #[cfg(not(unix))]
        {
            // the locked handle is the sidecar itself: write through it
            let _ = (&sidecar, file.set_len(0), file.seek(SeekFrom::Start(0)));
            let _ = file.write_all(holder_text().as_bytes());
        }
        Ok(Self { _file: file })
    }
}
