//! ZV305 `empty-layers`: An image manifest has no layers.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV305,
    name: "empty-layers",
    severity: Severity::Warning,
    summary: "An image manifest has no layers",
    help: "An image with no layers has no filesystem; check that the manifest is complete.",
    checks: "A manifest whose config is an image config (OCI or Docker) and whose `layers` array is empty. Artifacts (other config types, such as referrers with the empty config) may have no layers.",
    why: "The image spec recommends at least one layer for images; an empty list often means a broken build.",
    example: "`\"layers\": []` with an OCI image config.",
    fix: "Rebuild the image.",
};

/// An image manifest with no layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmptyLayers;

impl Message for EmptyLayers {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        "this image manifest has no layers, so the image has no filesystem".into()
    }
}
