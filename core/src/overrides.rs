//! Severity overrides (`--deny`, `--warn`, `--allow`, zverify.toml), applied at one place — the
//! report — never inside rules. A flag beats the config file, which beats the rule's default.

use crate::code::Code;
use crate::diag::Severity;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Note,
    /// Drop the rule's findings.
    Allow,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Note => Some(Severity::Note),
            Level::Allow => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Config,
    Flag,
}

/// An override in force, and how many findings it changed (in the report's `overrides`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applied {
    pub code: Code,
    pub level: Level,
    pub source: Source,
    pub findings: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Overrides {
    by_code: BTreeMap<Code, (Level, Source)>,
}

/// Why an override cannot be set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverrideError {
    UnknownCode(String),
    /// One source sets a code to two levels.
    Contradiction {
        code: Code,
        first: Level,
        second: Level,
        source: Source,
    },
}

impl std::fmt::Display for OverrideError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OverrideError::UnknownCode(code) => f.write_str(&unknown_code(code)),
            OverrideError::Contradiction { code, first, second, source } => {
                let by = if *source == Source::Flag { "command line" } else { "config file" };
                let text = format!("{code} is set to both {first:?} and {second:?} by the {by}");
                f.write_str(&text.to_lowercase())
            }
        }
    }
}

impl std::error::Error for OverrideError {}

/// Error text for an unknown code, listing the valid ones.
pub fn unknown_code(code: &str) -> String {
    format!(
        "unknown rule code {code:?}; valid codes: {}",
        Code::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
    )
}

impl Overrides {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one override. A flag replaces a config entry for the same code; two different levels
    /// from the same source for one code are a contradiction.
    pub fn set(&mut self, code: &str, level: Level, source: Source) -> Result<(), OverrideError> {
        let code = Code::parse(code).ok_or_else(|| OverrideError::UnknownCode(code.to_owned()))?;
        match self.by_code.get(&code) {
            Some((old, s)) if *s == source && *old != level => {
                Err(OverrideError::Contradiction { code, first: *old, second: level, source })
            }
            Some((_, s)) if *s > source => Ok(()),
            _ => {
                self.by_code.insert(code, (level, source));
                Ok(())
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    pub fn get(&self, code: Code) -> Option<(Level, Source)> {
        self.by_code.get(&code).copied()
    }

    pub fn iter(&self) -> impl Iterator<Item = (Code, Level, Source)> + '_ {
        self.by_code.iter().map(|(c, (l, s))| (*c, *l, *s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_flag_over_config_over_default() {
        // (config, flag) → effective
        let table = [
            (None, None, None),
            (Some(Level::Warning), None, Some((Level::Warning, Source::Config))),
            (None, Some(Level::Error), Some((Level::Error, Source::Flag))),
            (Some(Level::Allow), Some(Level::Error), Some((Level::Error, Source::Flag))),
            (Some(Level::Error), Some(Level::Allow), Some((Level::Allow, Source::Flag))),
        ];
        for (config, flag, want) in table {
            for flag_first in [false, true] {
                let mut o = Overrides::new();
                let mut apply = |l: Option<Level>, s| l.map(|l| o.set("zv109", l, s).unwrap());
                if flag_first {
                    apply(flag, Source::Flag);
                    apply(config, Source::Config);
                } else {
                    apply(config, Source::Config);
                    apply(flag, Source::Flag);
                }
                assert_eq!(o.get(Code::ZV109), want, "config {config:?} flag {flag:?}");
            }
        }
    }

    #[test]
    fn unknown_and_contradictory() {
        let mut o = Overrides::new();
        let e = o.set("ZV999", Level::Error, Source::Flag).unwrap_err();
        assert_eq!(e, OverrideError::UnknownCode("ZV999".into()));
        let e = e.to_string();
        assert!(e.contains("ZV999") && e.contains("ZV001") && e.contains("ZV106"));
        o.set("ZV109", Level::Error, Source::Flag).unwrap();
        let e = o.set("ZV109", Level::Allow, Source::Flag).unwrap_err();
        assert_eq!(e.to_string(), "zv109 is set to both error and allow by the command line");
        assert!(o.set("ZV109", Level::Error, Source::Flag).is_ok());
    }
}
