//! What the review screen remembers between runs: the path of the expert's private key, so `S`
//! asks for it once. Kept in the user's config folder (`<config dir>/cluster-review/
//! config.toml`: `~/.config` on Linux, `~/Library/Application Support` on macOS, `%APPDATA%`
//! on Windows). A missing or unreadable file just means nothing is remembered.
//!
//! The key's path is remembered as the expert would type it: absolute (so it holds from any
//! working folder), links not resolved, and never in Windows' verbatim form `\\?\C:\…` that
//! `canonicalize` gives there (an expert would not recognise it, and some tools refuse it).

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The remembered settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserConfig {
    /// The private key used to sign last time.
    #[serde(default)]
    pub key: String,
}

/// The config file, if the platform has a config folder; `CLUSTER_REVIEW_CONFIG_DIR` puts it
/// elsewhere (tests, portable installs).
pub fn config_file() -> Option<PathBuf> {
    std::env::var_os("CLUSTER_REVIEW_CONFIG_DIR")
        .map(PathBuf::from)
        .or_else(|| dirs::config_dir().map(|dir| dir.join("cluster-review")))
        .map(|dir| dir.join("config.toml"))
}

/// The remembered settings (defaults when there are none).
pub fn load() -> UserConfig {
    config_file()
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| toml::from_str(&text).ok())
        .unwrap_or_default()
}

/// Remembers the settings.
pub fn save(config: &UserConfig) -> std::io::Result<()> {
    let Some(path) = config_file() else {
        return Ok(());
    };
    let text = toml::to_string(config).map_err(std::io::Error::other)?;
    crate::files::write_atomically(&path, text.as_bytes(), crate::files::WriteMode::Replace)
}

/// The longest path Windows opens without the verbatim prefix (MAX_PATH less the final NUL).
const MAX_PLAIN_PATH: usize = 259;

/// A Windows path without its verbatim prefix where the plain form means the same file:
/// `\\?\C:\keys\E01.key.pem` → `C:\keys\E01.key.pem`, `\\?\UNC\server\share\k.pem` →
/// `\\server\share\k.pem`. Other forms (`\\?\Volume{…}\`, device paths), paths too long for
/// the plain form, and every path without the prefix are kept as they are. Pure text, so it
/// is tested on every platform.
pub fn without_verbatim_prefix(path: &str) -> String {
    let plain = if let Some(rest) = path.strip_prefix(r"\\?\UNC\") {
        Some(format!(r"\\{rest}"))
    } else if let Some(rest) = path.strip_prefix(r"\\?\") {
        let mut chars = rest.chars();
        let drive = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.next() == Some(':')
            && matches!(chars.next(), Some('\\') | None);
        drive.then(|| rest.to_string())
    } else {
        None
    };
    match plain {
        // a `.` or `..` part, or a trailing dot or space, means something else without the prefix
        Some(plain)
            if plain.chars().count() <= MAX_PLAIN_PATH
                && !plain
                    .split('\\')
                    .skip(1)
                    .any(|part| part == "." || part == ".." || part.ends_with(['.', ' '])) =>
        {
            plain
        }
        _ => path.to_string(),
    }
}

/// The text a key path is remembered as: absolute (made so without touching links), without
/// a verbatim prefix.
pub fn remembered_path(given: &Path) -> String {
    let absolute = std::path::absolute(given).unwrap_or_else(|_| given.to_path_buf());
    without_verbatim_prefix(&absolute.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_verbatim_paths_are_remembered_plain() {
        for (verbatim, plain) in [
            (
                r"\\?\C:\Users\张三\keys\E01.key.pem",
                r"C:\Users\张三\keys\E01.key.pem",
            ),
            (r"\\?\d:\k.pem", r"d:\k.pem"),
            (r"\\?\C:\", r"C:\"),
            (
                r"\\?\UNC\server\share\keys\E01.key.pem",
                r"\\server\share\keys\E01.key.pem",
            ),
        ] {
            assert_eq!(without_verbatim_prefix(verbatim), plain);
        }
        for kept in [
            r"C:\keys\E01.key.pem",
            r"\\server\share\k.pem",
            r"\\?\Volume{b75e2c83-0000-0000-0000-602f00000000}\k.pem",
            r"\\?\GLOBALROOT\Device\HarddiskVolume2\k.pem",
            r"\\?\C:\keys\trailing.",
            r"\\?\C:\keys\..\k.pem",
            r"\\?\CC:\k.pem",
            "/home/expert/keys/E01.key.pem",
            "keys/E01.key.pem",
            "",
        ] {
            assert_eq!(without_verbatim_prefix(kept), kept);
        }
        let long = format!(r"\\?\C:\{}", "a".repeat(300));
        assert_eq!(
            without_verbatim_prefix(&long),
            long,
            "only the verbatim form opens it"
        );
    }

    #[test]
    fn a_relative_key_path_is_remembered_absolute_and_as_typed() {
        let remembered = remembered_path(Path::new("keys/E01.key.pem"));
        assert!(Path::new(&remembered).is_absolute(), "{remembered}");
        assert!(remembered.ends_with("E01.key.pem"));
        assert!(!remembered.starts_with(r"\\?\"));
        let cwd = std::env::current_dir().expect("cwd");
        assert_eq!(Path::new(&remembered), cwd.join("keys").join("E01.key.pem"));
    }

    /// A key reached through a link is remembered by the name the expert used, not the link's
    /// target (`canonicalize` would resolve it).
    #[cfg(unix)]
    #[test]
    fn a_key_behind_a_link_is_remembered_by_its_own_name() {
        let temp = tempfile::tempdir().expect("temp");
        let real = temp.path().join("real.key.pem");
        std::fs::write(&real, b"key").expect("write");
        let link = temp.path().join("E01.key.pem");
        std::os::unix::fs::symlink(&real, &link).expect("link");
        assert_eq!(remembered_path(&link), link.display().to_string());
    }

    /// On Windows itself: `canonicalize` gives the verbatim form, and the plain form names the
    /// same file.
    #[cfg(windows)]
    #[test]
    fn the_plain_form_opens_the_file_canonicalize_names() {
        let temp = tempfile::tempdir().expect("temp");
        let key = temp.path().join("E01.key.pem");
        std::fs::write(&key, b"key").expect("write");
        let verbatim = std::fs::canonicalize(&key).expect("canonicalize");
        assert!(verbatim.display().to_string().starts_with(r"\\?\"));
        let plain = without_verbatim_prefix(&verbatim.display().to_string());
        assert!(!plain.starts_with(r"\\?\"));
        assert_eq!(std::fs::read(&plain).expect("read"), b"key");
        assert_eq!(remembered_path(&key), plain);
    }
}
