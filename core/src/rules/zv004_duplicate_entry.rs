//! ZV004 `duplicate-entry`: The same path appears twice in the archive.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV004,
    name: "duplicate-entry",
    severity: Severity::Error,
    summary: "The same path appears twice in the archive",
    help: "Rebuild the package; extraction keeps only the last copy, so what is verified and what is deployed can differ. When the copies differ, what Zarf extracts is a mix of both or the last one, and `zarf package deploy` then usually fails when it loads the package (a checksum or zarf.yaml error).",
    checks: "Two archive entries with the same normalized path.",
    why: "Extraction silently overwrites the first copy with the second; a checker that reads the first sees different bytes from a deployer that reads the last.",
    example: "`zarf.yaml` stored twice with different content.",
    fix: "Rebuild the package from a clean directory.",
};

/// An entry stored more than once. `size` is the last copy's, `earlier` the longest an earlier
/// copy left on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateEntry {
    pub path: String,
    pub size: u64,
    pub earlier: u64,
}

impl Message for DuplicateEntry {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let DuplicateEntry { path, size, earlier } = self;
        let what = if earlier > size {
            format!(
                "a file of {earlier} bytes that matches neither copy: the last copy's {size} bytes, then the last {} bytes of what earlier copies wrote",
                earlier - size
            )
        } else {
            format!("the last copy's {size} bytes (no earlier copy was longer)")
        };
        format!(
            "\"{path}\" appears more than once in the archive; zverify verified the last copy, and Zarf, which writes each copy over the previous one without truncating it, would leave {what}"
        )
    }
}
