//! ZV045 `entry-unreadable`: A file or directory of the input could not be read.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV045,
    name: "entry-unreadable",
    severity: Severity::Error,
    summary: "A file or directory of the input could not be read",
    help: "zverify did not inspect this entry, so it cannot vouch for the package: fix the permissions and check again.",
    checks: "Every entry of an unpacked package directory is listed, stat-ed and read. An entry that cannot be listed, stat-ed or opened is reported by name (a name that is not UTF-8 is ZV018).",
    why: "A verifier that silently drops what it cannot read passes packages it never looked at. Zarf would still extract and deploy the file; zverify must not call the package verified.",
    example: "`images/blobs/sha256/5b0b…` with mode 000, checked by a user other than its owner.",
    fix: "Make every file readable by the user running zverify (or check the archive instead of the unpacked tree).",
};

/// An entry the reader could not read (`why`: the reader's error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryUnreadable {
    pub path: String,
    pub why: String,
}

impl Message for EntryUnreadable {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("\"{}\" was not inspected: {}", self.path.escape_debug(), self.why)
    }
}
