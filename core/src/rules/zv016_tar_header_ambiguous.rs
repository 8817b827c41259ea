//! ZV016 `tar-header-ambiguous`: A tar header reads differently in different tar formats or readers.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use super::words::TarEntryAt;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV016,
    name: "tar-header-ambiguous",
    severity: Severity::Error,
    summary: "A tar header reads differently in different tar formats or readers",
    help: "Rebuild the package with a standard tar writer; this header's name depends on how it is read.",
    checks: "Magic and version fields that do not pair (`ustar\\0` without version `00`, `ustar ` without version ` \\0`), a STAR trailer whose 131-byte prefix differs from the 155-byte ustar prefix, a GNU header whose time fields Go cannot parse (Go then joins the ustar prefix to the name), and PAX `path`, `linkpath` or `size` records with an empty value (Go keeps the header's value, POSIX deletes it).",
    why: "Which prefix field a header has, and whether it is used, follows from its magic; readers that detect formats differently join different prefixes, so one entry has two names.",
    example: "A header with magic `ustar\\0`, version `xx` and a prefix: Go names it `prefix/name`, the Rust `tar` crate `name`.",
    fix: "Rebuild the package with GNU tar, bsdtar, Go or Zarf.",
};

/// A tar header that readers read differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TarHeaderAmbiguous {
    pub at: TarEntryAt,
    pub why: Ambiguity,
}

/// What makes the header ambiguous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ambiguity {
    /// An empty PAX record for `key` (path, linkpath or size).
    EmptyPax { key: String },
    /// The name prefix: Go reads `go`, other readers `other`, because of the header's magic and
    /// version (each shown lossily).
    Prefix { magic: String, version: String, go: String, other: String },
}

impl std::fmt::Display for Ambiguity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ambiguity::EmptyPax { key } => {
                write!(f, "its PAX `{key}` record is empty: Go keeps the header's value, POSIX readers delete it")
            }
            Ambiguity::Prefix { magic, version, go, other } => write!(
                f,
                "its magic {magic:?} and version {version:?} make Go read the name prefix \"{}\" where other readers read \"{}\"",
                go.escape_debug(),
                other.escape_debug()
            ),
        }
    }
}

impl Message for TarHeaderAmbiguous {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("{}: {}", self.at, self.why)
    }
}
