//! ZV508 `checksums-duplicate`: checksums.txt lists the same path more than once.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV508,
    name: "checksums-duplicate",
    severity: Severity::Error,
    summary: "checksums.txt lists the same path more than once",
    help: "Zarf writes each path once; a repeated line suggests the file was edited by hand. `zarf package deploy` fails when it loads the package (\"file … from checksum missing in layout\": the second line names a file Zarf already checked).",
    checks: "Each path should appear on one line only. (A repeated path with another hash also fails ZV505.)",
    why: "Different tools may honour different lines of a duplicated entry, and today's Zarf refuses to load such a package (checked with the Zarf oracle: a repeated line, even an identical one, fails its integrity check).",
    example: "`images/index.json` listed twice.",
    fix: "Rebuild the package.",
};

/// checksums.txt lists a path twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecksumsDuplicate {
    Line {
        line: usize,
        path: String,
        first: usize,
    },
    /// More such lines than are reported one by one.
    More(super::words::MoreLines),
}

impl Message for ChecksumsDuplicate {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            ChecksumsDuplicate::Line { line, path, first } => {
                format!("line {line} lists \"{path}\" again (first on line {first})")
            }
            ChecksumsDuplicate::More(m) => m.to_string(),
        }
    }
}
