//! ZV008 `archive-end-missing`: The archive ends without its end-of-archive marker.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV008",
    name: "archive-end-missing",
    severity: Severity::Warning,
    summary: "The archive ends without its end-of-archive marker",
    help: "Every entry read was complete, but the archive may have been cut short exactly at an entry boundary; compare its size with the source.",
    checks: "A tar archive ends with two zero blocks. When the stream ends on an entry boundary (or inside the padding after the last entry) without them, every entry read is complete, but entries after the cut would be missing without a trace.",
    why: "A transfer interrupted between two entries leaves an archive that every extractor accepts, minus the entries after the cut: missing files are then reported only if something lists them.",
    example: "A package copied with a tool that stopped at a file boundary.",
    fix: "Compare the size and sha256 of the archive with the source (`zverify digest`).",
};
