//! ZV701 `layer-digest-mismatch`: A layer a registry served does not hash to its descriptor's digest.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV701,
    name: "layer-digest-mismatch",
    severity: Severity::Error,
    summary: "A layer a registry served does not hash to its descriptor's digest",
    help: "The registry's copy of this file is damaged or was replaced: publish the package again from a trusted copy.",
    checks: "`zverify check oci://…`: every layer of a published package (one package file each) is hashed as it streams from the registry and compared with the digest in the manifest; so is the manifest's config blob (reported under `registry:config`, though Zarf itself never fetches it).",
    why: "`zarf package deploy oci://…` pulls these layers and refuses a package whose bytes are not what the manifest names; a registry's storage can be damaged or tampered with after the push.",
    example: "The layer titled `zarf.yaml` has digest `sha256:9f2c…` in the manifest, but the registry serves bytes that hash to `sha256:41d0…`.",
    fix: "Re-publish the package (`zarf package publish`) from a copy that verifies, and find out how the registry's copy changed.",
};

/// A served layer's bytes hash to another digest than its descriptor's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerDigestMismatch {
    pub title: String,
    pub expected: String,
    pub computed: String,
}

impl Message for LayerDigestMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let LayerDigestMismatch { title, expected, computed } = self;
        format!("the registry served layer \"{title}\" with bytes that hash to {computed}, not to {expected} as the manifest says")
    }
}
