//! ZV505 `checksum-mismatch`: A file's sha256 differs from checksums.txt.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV505,
    name: "checksum-mismatch",
    severity: Severity::Error,
    summary: "A file's sha256 differs from checksums.txt",
    help: "The file changed after the package was built; re-copy the package from a trusted source. `zarf package deploy` fails when it loads the package (\"expected sha256 of … to be …, found …\").",
    checks: "Every file listed in checksums.txt is hashed as it streams; the result must equal the listed sha256.",
    why: "This is how Zarf detects damaged or tampered files before deploying them.",
    example: "`components/app.tar` listed with `7d4c…` but hashing to `9f86…`.",
    fix: "Re-copy the package; if the source copy also fails, rebuild it.",
};

/// A file whose sha256 is not the one checksums.txt lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecksumMismatch {
    /// Hex sha256 of the stored bytes.
    pub actual: String,
    pub line: usize,
    /// Hex sha256 on the line.
    pub listed: String,
}

impl Message for ChecksumMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("this file hashes to sha256:{}, but checksums.txt line {} says {}", self.actual, self.line, self.listed)
    }
}
