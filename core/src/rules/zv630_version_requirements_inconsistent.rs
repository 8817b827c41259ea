//! ZV630 `version-requirements-inconsistent`: build.versionRequirements does not declare what the content needs.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV630,
    name: "version-requirements-inconsistent",
    severity: Severity::Warning,
    summary: "build.versionRequirements does not declare what the content needs",
    help: "An older Zarf would deploy this package without noticing it cannot handle it; rebuild it with a current Zarf.",
    checks: "What current Zarf declares when it creates or signs a package must be in `build.versionRequirements` (at that version or later): v0.77.0 for an image index stored whole (`collectVersionRequirements`: the layout holds an index), v0.71.0 for a bundle signature (`zarf.bundle.sig`, `layout/package.go`), v0.68.0 for `imageArchives`, v0.78.0 for `templatedValuesFiles`, v0.65.0 for a chart without a version. Checked for packages built by a Zarf that writes requirements (build.version v0.65.0 or later, or a development build).",
    why: "Zarf refuses to deploy a package whose requirements it does not meet (`requirements.ValidateVersionRequirements`) — but only the requirements written down: without them, an older Zarf deploys a package it misreads (an index digest it cannot push, a signature format it ignores).",
    example: "A package holding a whole image index whose zarf.yaml was edited to drop the v0.77.0 requirement.",
    fix: "Rebuild the package with a current Zarf, which writes the requirements.",
};

/// Content that needs `needs`, with no requirement of that version or later declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRequirementsInconsistent {
    pub what: &'static str,
    pub needs: String,
}

impl Message for VersionRequirementsInconsistent {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "the package holds {}, for which Zarf declares a requirement of {}, but build.versionRequirements has none that high",
            self.what, self.needs
        )
    }
}
