//! Reading a package folder into memory once: everything else (parsing, the digest) works on
//! these bytes, so the digest describes exactly what was checked.

use crate::error::InputError;
use std::collections::BTreeMap;
use std::path::Path;

/// A package's files: relative path with `/` separators → content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageFiles(pub BTreeMap<String, Vec<u8>>);

impl PackageFiles {
    /// The content of a file, if present.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.0.get(path).map(Vec::as_slice)
    }

    /// Files directly inside a folder with an extension, e.g. (`tables`, `csv`).
    pub fn in_folder<'a>(
        &'a self,
        folder: &'a str,
        extension: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a [u8])> + 'a {
        self.0.iter().filter_map(move |(path, bytes)| {
            let rest = path.strip_prefix(folder)?.strip_prefix('/')?;
            let is_direct = !rest.contains('/');
            let matches = Path::new(rest)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(extension));
            (is_direct && matches).then_some((path.as_str(), bytes.as_slice()))
        })
    }
}

/// Names that operating systems drop into folders by themselves; skipped, like names starting
/// with `.` (`.DS_Store`, `.git`, WPS's `.~package.xlsx`) and Office's lock files of open
/// documents (`~$package.xlsx`), so that copying a package between systems, or checking it
/// while the workbook is open in Excel, keeps its digest.
const SYSTEM_FILES: [&str; 2] = ["thumbs.db", "desktop.ini"];

/// The most a package may hold in all (sessions keep a copy of the package): 128 MiB.
pub const MAX_PACKAGE_BYTES: u64 = 128 * 1024 * 1024;
/// The prefix of the lock file Excel and Word keep beside an open document.
const OFFICE_LOCK_PREFIX: &str = "~$";

/// Reads every regular file under `dir`, recursively, skipping system files. A symbolic link
/// is refused: the digest must cover only what is inside the package.
pub fn read_package_dir(dir: &Path) -> Result<PackageFiles, InputError> {
    let shown = dir.display().to_string();
    if !dir.is_dir() {
        return Err(InputError::file(
            &shown,
            "is not a folder, expected a submission package folder",
        ));
    }
    let mut files = BTreeMap::new();
    walk(dir, "", &mut files)?;
    Ok(PackageFiles(files))
}

fn walk(dir: &Path, prefix: &str, files: &mut BTreeMap<String, Vec<u8>>) -> Result<(), InputError> {
    let unreadable = |e: std::io::Error| {
        InputError::file(
            dir.display().to_string(),
            format!("cannot read the folder: {e}"),
        )
    };
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            return Err(InputError::file(
                entry.path().display().to_string(),
                "the file name is not valid Unicode, expected a UTF-8 name",
            ));
        };
        if name.starts_with('.')
            || name.starts_with(OFFICE_LOCK_PREFIX)
            || SYSTEM_FILES.contains(&name.to_ascii_lowercase().as_str())
        {
            continue;
        }
        let relative = if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}/{name}")
        };
        let path = entry.path();
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(InputError::file(
                path.display().to_string(),
                "is a symbolic link, expected the file itself inside the package",
            ));
        }
        if path.is_dir() {
            walk(&path, &relative, files)?;
        } else {
            let bytes = crate::files::read_regular(&path, crate::files::MAX_INPUT_BYTES)
                .map_err(|e| InputError::file(path.display().to_string(), e.to_string()))?;
            let total: u64 =
                files.values().map(|b| b.len() as u64).sum::<u64>() + bytes.len() as u64;
            if total > MAX_PACKAGE_BYTES {
                return Err(InputError::file(
                    dir.display().to_string(),
                    format!(
                        "the package holds more than {MAX_PACKAGE_BYTES} bytes, expected a submission package (is it the right folder?)"
                    ),
                ));
            }
            files.insert(relative, bytes);
        }
    }
    Ok(())
}
