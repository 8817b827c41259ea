//! ZV021 `entry-name-too-long`: An entry's name is longer than the limit.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use crate::path::TooLong;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV021,
    name: "entry-name-too-long",
    severity: Severity::Error,
    summary: "An entry's name is longer than the limit",
    help: "Raise the limit with `--max-name-length` if the name is legitimate; a component over 255 bytes cannot be extracted at all.",
    checks: "Entry names longer than `--max-name-length` bytes (default 1024; Zarf's own names are under 200), and names with a component longer than 255 bytes, which Linux file systems refuse (Zarf's extraction fails). The entry is not verified.",
    why: "Names are kept in memory until the end of the archive; very long names are a denial of service, and over-long components make extraction fail.",
    example: "A PAX `path` record of 900 KB.",
    fix: "Rebuild the package with shorter names.",
};

/// An entry name too long to verify or extract. `noun` is what the entry is ("entry",
/// "directory entry", "link").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryNameTooLong {
    pub noun: &'static str,
    pub name: String,
    pub why: TooLong,
}

impl Message for EntryNameTooLong {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("the {} \"{}\" was not verified: {}", self.noun, self.name, self.why)
    }
}
