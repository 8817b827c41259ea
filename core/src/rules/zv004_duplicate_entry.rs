//! ZV004 `duplicate-entry`: The same path appears twice in the archive.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV004",
    name: "duplicate-entry",
    severity: Severity::Error,
    summary: "The same path appears twice in the archive",
    help: "Rebuild the package; extraction keeps only the last copy, so what is verified and what is deployed can differ.",
    checks: "Two archive entries with the same normalized path.",
    why: "Extraction silently overwrites the first copy with the second; a checker that reads the first sees different bytes from a deployer that reads the last.",
    example: "`zarf.yaml` stored twice with different content.",
    fix: "Rebuild the package from a clean directory.",
};
