//! ZV502 `checksums-missing`: The package has no checksums.txt.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV502,
    name: "checksums-missing",
    severity: Severity::Error,
    summary: "The package has no checksums.txt",
    help:
        "Zarf v0.25.1 and later always write checksums.txt; its absence means files were removed. Rebuild the package. `zarf package deploy` fails when it loads the package (\"stat …/checksums.txt: no such file or directory\").",
    checks: "A Zarf package built by v0.25.1 or later (per `build.version`) must contain `checksums.txt`.",
    why: "Without it, `zarf package deploy` refuses the package and nothing vouches for the files that are not images.",
    example: "A package built by Zarf v0.48.0 with checksums.txt deleted.",
    fix: "Rebuild the package.",
};

/// No checksums.txt in a package built by a Zarf that always writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecksumsMissing {
    /// build.version, if any.
    pub zarf_version: Option<String>,
}

impl Message for ChecksumsMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "checksums.txt is missing, but this package was built by Zarf {}, which always writes it",
            self.zarf_version.as_deref().unwrap_or("?")
        )
    }
}
