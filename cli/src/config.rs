//! `zverify.toml`: the same severity overrides as the flags, plus `fail-on`.
//!
//! ```toml
//! fail-on = "warning"
//! deny = ["ZV109"]      # make these errors
//! warn = ["ZV305"]      # make these warnings
//! allow = ["ZV511"]     # drop these findings
//! ```

use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "zverify.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub fail_on: Option<String>,
    #[serde(default)]
    pub deny: Vec<String>,
    #[serde(default)]
    pub warn: Vec<String>,
    #[serde(default)]
    pub allow: Vec<String>,
}

/// Load `--config PATH`, or `zverify.toml` in the working directory if there is one.
pub fn load(explicit: Option<&Path>) -> Result<(Option<PathBuf>, Config), String> {
    let path = match explicit {
        Some(p) => p.to_owned(),
        None => {
            let p = PathBuf::from(FILE_NAME);
            if !p.is_file() {
                return Ok((None, Config::default()));
            }
            p
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let config: Config = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((Some(path), config))
}
