//! ZV012 `tar-name-records-conflict`: An entry's name or link comes from conflicting or dangling extension headers.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use super::words::TarEntryAt;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV012,
    name: "tar-name-records-conflict",
    severity: Severity::Error,
    summary: "An entry's name or link comes from conflicting or dangling extension headers",
    help: "Rebuild the package; readers pick different names for this entry.",
    checks: "A GNU long name (`L`) together with a PAX `path`, a GNU long link (`K`) together with a PAX `linkpath`, several `L`, `K` or PAX `x` headers before one entry, or such headers with no entry after them (before a global header or the end of the archive).",
    why: "Go applies only the last PAX header and lets a GNU long name override PAX `path`; other readers merge the headers or give PAX precedence. The entry then has one name for zverify and another for Zarf.",
    example: "A PAX header with `path=zarf.yaml` followed by a GNU long-name header `evil.yaml` and then the entry.",
    fix: "Rebuild the package with one tar writer and one format.",
};

/// Extension headers (PAX, GNU long name/link) that readers apply differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TarNameRecordsConflict {
    /// Extension headers with no entry after them: `records` describes them ("1 PAX header(s)"),
    /// `before` what follows instead ("the end of the archive").
    Dangling { records: String, before: &'static str },
    /// An entry whose name comes from conflicting records.
    Entry { at: TarEntryAt, conflicts: Vec<RecordConflict> },
}

/// One way an entry's name records conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordConflict {
    PaxHeaders(u32),
    LongNames(u32),
    LongLinks(u32),
    LongNameAndPaxPath,
    LongLinkAndPaxLinkpath,
}

impl std::fmt::Display for RecordConflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordConflict::PaxHeaders(n) => write!(f, "{n} PAX headers (Go applies only the last)"),
            RecordConflict::LongNames(n) => write!(f, "{n} GNU long-name headers"),
            RecordConflict::LongLinks(n) => write!(f, "{n} GNU long-link headers"),
            RecordConflict::LongNameAndPaxPath => {
                f.write_str("a GNU long name and a PAX `path` (Go takes the long name, others the PAX path)")
            }
            RecordConflict::LongLinkAndPaxLinkpath => {
                f.write_str("a GNU long link and a PAX `linkpath` (Go takes the long link)")
            }
        }
    }
}

impl Message for TarNameRecordsConflict {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            TarNameRecordsConflict::Dangling { records, before } => format!(
                "{records} come right before {before}, with no entry to apply to; Go drops them, other readers may apply them to what follows"
            ),
            TarNameRecordsConflict::Entry { at, conflicts } => {
                let list: Vec<String> = conflicts.iter().map(ToString::to_string).collect();
                format!("{at}: its name comes from {}", list.join(" and "))
            }
        }
    }
}
