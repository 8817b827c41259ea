//! ZV622 `sbom-unexpected-entry`: sboms.tar holds something Zarf does not write.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV622,
    name: "sbom-unexpected-entry",
    severity: Severity::Warning,
    summary: "sboms.tar holds something Zarf does not write",
    help: "Content nobody accounts for was added to the SBOMs; remove it or rebuild the package.",
    checks: "Every file of `sboms.tar` must be one Zarf writes (`ZV620`'s names), or `compare.html` (written by Zarf up to v0.48's SBOM viewer).",
    why: "SBOMs are read by people and tools auditing the package: an extra document describes nothing the package deploys. (Zarf does not deploy `sboms.tar`, so this is a warning.)",
    example: "`sboms.tar` with an SBOM for an image the package no longer carries.",
    fix: "Rebuild the package.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SbomUnexpectedEntry {
    pub entry: String,
}

impl Message for SbomUnexpectedEntry {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("\"{}\" is not an SBOM or viewer Zarf writes for this package", self.entry)
    }
}
