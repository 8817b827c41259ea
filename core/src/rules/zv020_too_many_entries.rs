//! ZV020 `too-many-entries`: The archive has more entries than the limit.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV020,
    name: "too-many-entries",
    severity: Severity::Error,
    summary: "The archive has more entries than the limit",
    help: "Raise the limit with `--max-entries` if the package is legitimate; entries past the limit were not verified.",
    checks: "The number of entries (files, directories, links, other types) against `--max-entries` (default 100000, far above any package Zarf writes). Entries after the limit are not stored or checked.",
    why: "Every entry costs memory until the end of the archive; an archive of millions of empty entries is a denial of service, not a package.",
    example: "A tar of 5 million zero-byte files.",
    fix: "Check where the package came from; raise `--max-entries` only for a known-good package.",
};

/// More entries than `--max-entries`; `first` is the first not verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooManyEntries {
    pub max: u64,
    pub first: String,
}

impl Message for TooManyEntries {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "the archive has more than {} entries (the entry limit); entries from \"{}\" on were not verified",
            self.max, self.first
        )
    }
}
