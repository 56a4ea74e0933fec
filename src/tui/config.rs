//! What the review screen remembers between runs: the path of the expert's private key, so `S`
//! asks for it once. Kept in the user's config folder (`<config dir>/cluster-review/
//! config.toml`: `~/.config` on Linux, `~/Library/Application Support` on macOS, `%APPDATA%`
//! on Windows). A missing or unreadable file just means nothing is remembered.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

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
