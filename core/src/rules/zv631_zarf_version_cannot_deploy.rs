//! ZV631 `zarf-version-cannot-deploy`: the Zarf version the check was asked about cannot deploy this package.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV631,
    name: "zarf-version-cannot-deploy",
    severity: Severity::Error,
    summary: "The Zarf version asked about cannot deploy this package (build.versionRequirements)",
    help: "Deploy with a Zarf at least as new as the highest requirement listed, or rebuild the package for the Zarf you have.",
    checks: "Asked about a Zarf version (the CLI's `--zarf-version vX.Y.Z`): every entry of `build.versionRequirements` must be met by it, compared as Zarf compares them (`requirements.ValidateVersionRequirements`: semantic versions, a pre-release before its release, a development build `unset…` meets all). A requirement Zarf cannot parse fails every version, as it does in Zarf.",
    why: "`zarf package deploy` refuses a package whose requirements the running Zarf does not meet, after the package was carried across the air gap. Knowing before it is carried saves the trip.",
    example: "A package holding an image index stored whole (requirement v0.77.0), asked about v0.76.0.",
    fix: "Use a newer Zarf at the destination, or rebuild the package with the Zarf that will deploy it.",
};

/// The Zarf version asked about, and why it cannot deploy the package (each unmet requirement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZarfVersionCannotDeploy {
    pub why: String,
}

impl Message for ZarfVersionCannotDeploy {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("zarf package deploy refuses the package at load: {}", self.why)
    }
}
