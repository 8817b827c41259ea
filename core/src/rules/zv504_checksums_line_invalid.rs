//! ZV504 `checksums-line-invalid`: A checksums.txt line is not `<sha256 hex> <relative path>`.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV504,
    name: "checksums-line-invalid",
    severity: Severity::Error,
    summary: "A checksums.txt line is not `<sha256 hex> <relative path>`",
    help: "Each line is 64 lowercase hex characters, one space, and a relative `/`-separated path without `..`. A line Zarf cannot split into a digest and a path, or whose path names no file: `zarf package deploy` fails when it loads the package (\"invalid checksum line: …\"); a `..` that stays inside is resolved.",
    checks: "Every non-empty line must split on one space into exactly two fields: a lowercase 64-hex sha256 and a relative path (no leading `/`, no `..`, no backslash, no carriage return).",
    why: "Zarf rejects such a file at deploy time; a path with `..` would point outside the package.",
    example: "`ABCDEF… images/index.json` (uppercase) or `<hex>  zarf.yaml` (two spaces).",
    fix: "Rebuild the package; do not edit checksums.txt by hand.",
};

/// A line of checksums.txt that is not `<sha256> <path>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecksumsLineInvalid {
    Line {
        line: usize,
        why: crate::zarf::checksums::LineError,
    },
    /// More such lines than are reported one by one.
    More(super::words::MoreLines),
}

impl Message for ChecksumsLineInvalid {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            ChecksumsLineInvalid::Line { line, why } => format!("line {line} {why}"),
            ChecksumsLineInvalid::More(m) => m.to_string(),
        }
    }
}
