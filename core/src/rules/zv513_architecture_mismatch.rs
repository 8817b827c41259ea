//! ZV513 `architecture-mismatch`: An image's platform differs from the package architecture.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV513,
    name: "architecture-mismatch",
    severity: Severity::Warning,
    summary: "An image's platform differs from the package architecture",
    help: "The image will not run on the package's nodes; rebuild it for the package architecture.",
    checks: "For each single-platform image, the platform (index entry or image config) must match `metadata.architecture`. Indexes stored whole (multi-platform by design) are exempt.",
    why: "An arm64 image in an amd64 package deploys and then fails with `exec format error`.",
    example: "An amd64 package holding `linux/arm64` busybox.",
    fix: "Rebuild the package with `--architecture` matching the images, or pick images for that architecture.",
};

/// An image for another architecture than the package's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchitectureMismatch {
    /// The image's platform, `os/arch[/variant]`.
    pub platform: String,
    pub want: String,
}

impl Message for ArchitectureMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("this image is for {}, but the package architecture is {}", self.platform, self.want)
    }
}
