//! ZV307 `platform-mismatch`: An index entry's `platform` disagrees with the image's config.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV307,
    name: "platform-mismatch",
    severity: Severity::Warning,
    summary: "An index entry's `platform` disagrees with the image's config",
    help: "The index says one platform and the image config another; clients will pull the wrong image for a node.",
    checks: "For an index entry with `platform`, the child image's config `os`, `architecture` and `variant` must match it.",
    why: "Runtimes choose an image by the index platform; a wrong label runs an image on hardware that cannot execute it.",
    example: "Entry `platform: {os: linux, architecture: arm64}`, config `\"architecture\": \"amd64\"`.",
    fix: "Rebuild the index from the images' configs.",
};

/// An index entry's platform against the child's config (each as `os/arch[/variant]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformMismatch {
    pub index: String,
    pub config: String,
}

impl Message for PlatformMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("the index says this image is for {} but its config says {}", self.index, self.config)
    }
}
