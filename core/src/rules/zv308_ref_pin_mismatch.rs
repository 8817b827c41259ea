//! ZV308 `ref-pin-mismatch`: A reference pins a digest that is not the descriptor's digest.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV308,
    name: "ref-pin-mismatch",
    severity: Severity::Error,
    summary: "A reference pins a digest that is not the descriptor's digest",
    help: "The entry's reference says `@<digest>` but the entry stores a different digest; deploying it will fail. Rebuild the package. A deploy fails at the image push.",
    checks: "For every index entry whose `org.opencontainers.image.ref.name` or `org.opencontainers.image.base.name` annotation ends in `@<digest>`, the descriptor's `digest` must be that digest.",
    why: "Deployment pushes the stored manifest and then pulls by the pinned digest: the registry computes another digest and the pull fails (DIGEST_INVALID, Zarf #2425, #2394). This is the shape of an image index pinned by digest but stored as one platform's manifest.",
    example: "`base.name: ghcr.io/org/agent:v1@sha256:05a8…` on an entry whose digest is `sha256:7c1f…`.",
    fix: "Pin the digest that is stored, or rebuild the package so that the pinned content is stored byte for byte.",
};

/// A reference pins one digest, the entry stores another. Digests are short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefPinMismatch {
    pub reference: String,
    pub pinned: String,
    pub actual: String,
    /// Whether a blob of the pinned digest is in the package.
    pub pinned_stored: bool,
}

impl Message for RefPinMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let RefPinMismatch { reference, pinned, actual, pinned_stored } = self;
        let stored = if *pinned_stored {
            format!("; the pinned blob {pinned} is in the package, but this entry does not point at it")
        } else {
            format!("; no blob {pinned} is stored")
        };
        format!(
            "the reference \"{reference}\" pins {pinned} but this entry stores {actual}{stored}. Deploying it will fail: the registry computes {actual} and the pull by {pinned} finds nothing"
        )
    }
}
