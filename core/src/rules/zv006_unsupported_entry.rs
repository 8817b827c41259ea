//! ZV006 `unsupported-entry`: The archive contains an entry type zverify does not read.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV006",
    name: "unsupported-entry",
    severity: Severity::Note,
    summary: "The archive contains an entry type zverify does not read",
    help: "Device files, FIFOs and other special entries have no place in a package; they were skipped.",
    checks: "Tar entries that are neither regular files, directories, links nor metadata (PAX/GNU long names).",
    why: "Such entries are never written by Zarf or OCI tools; their presence suggests the archive was assembled by hand.",
    example: "A character device entry `dev/null` inside a package.",
    fix: "Rebuild the package from regular files only.",
};
