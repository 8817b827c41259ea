//! ZV503 `checksums-missing-legacy`: The package has no checksums.txt (expected for Zarf before v0.25.1).

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV503,
    name: "checksums-missing-legacy",
    severity: Severity::Error,
    summary: "The package has no checksums.txt (expected for Zarf before v0.25.1)",
    help: "Packages built before Zarf v0.25.1 carry no checksums; today's Zarf refuses to load such a package, and zverify could verify only its image blobs. `zarf package deploy` fails when it loads the package.",
    checks: "A Zarf package without `checksums.txt` whose `build.version` is older than v0.25.1 (or unknown).",
    why: "Files outside the image layout (components, SBOMs) cannot be checked for such packages, and current Zarf refuses to load a package without checksums.txt (checked with Zarf main 2026-08: `stat …/checksums.txt: no such file or directory`). What zverify cannot verify is an error, not a pass: the code stays separate from ZV502 so that a user who accepts old packages knowingly can `--allow ZV503`.",
    example: "A package built by Zarf v0.24.0.",
    fix: "Rebuild with a current Zarf to get file checksums.",
};

/// No checksums.txt in a package of a Zarf from before checksums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecksumsMissingLegacy {
    /// build.version, if any.
    pub zarf_version: Option<String>,
}

impl Message for ChecksumsMissingLegacy {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "no checksums.txt; expected for a package built by Zarf {} (before v0.25.1); files outside the image layout were not verified",
            self.zarf_version.as_deref().unwrap_or("of unknown version")
        )
    }
}
