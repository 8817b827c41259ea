//! ZV620 `sbom-missing`: sboms.tar lacks an SBOM Zarf writes.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV620,
    name: "sbom-missing",
    severity: Severity::Error,
    summary: "sboms.tar lacks an SBOM Zarf writes",
    help: "The package's SBOMs do not cover what it deploys; rebuild the package.",
    checks: "When the package has `sboms.tar`, it must hold what Zarf's `generateSBOM` (`src/pkg/packager/assemble/sbom.go`) writes: for every image of zarf.yaml whose manifest has only container layers, `<id>.json` and `sbom-viewer-<id>.html`, where `<id>` is the normalized reference (with `-<os>-<arch>[-<variant>]` per platform for an image index) with every character outside `[a-zA-Z0-9.-]` replaced by `_`; for every component with files or data injections, `zarf-component-<name>.json` and its viewer.",
    why: "An SBOM that is missing is an image or file set whose contents nobody can audit before the deploy, in a package that claims to have SBOMs.",
    example: "`docker.io_library_alpine_3.20.json` removed from `sboms.tar`.",
    fix: "Rebuild the package (without `--skip-sbom`).",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SbomMissing {
    pub what: String,
    pub expected: String,
}

impl Message for SbomMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("sboms.tar has no \"{}\", the SBOM Zarf writes for {}", self.expected, self.what)
    }
}
