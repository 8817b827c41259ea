//! ZV621 `sbom-mismatch`: An SBOM does not describe the image it is named for.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV621,
    name: "sbom-mismatch",
    severity: Severity::Error,
    summary: "An SBOM does not describe the image it is named for",
    help: "The SBOM was written for other bytes than the image the package carries; rebuild the package.",
    checks: "Each image SBOM is Syft JSON whose `source.metadata.imageID` is the image's config digest and whose `source.metadata.layers` digests are the `rootfs.diff_ids` of the image config (the uncompressed layers), in order.",
    why: "An SBOM of another image (an older build, or a swapped one) makes an audit of the package describe software it does not deploy.",
    example: "The image rebuilt and repackaged, the old SBOM kept.",
    fix: "Rebuild the package so that the SBOMs are generated from the images it carries.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SbomMismatch {
    pub image: String,
    pub why: String,
}

impl Message for SbomMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("the SBOM of {} does not describe it: {}", self.image, self.why)
    }
}
