//! ZV710 `registry-digest-not-served`: A registry does not serve a digest the package needs from it.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV710,
    name: "registry-digest-not-served",
    severity: Severity::Error,
    summary: "A registry does not serve a digest the package needs from it",
    help: "The registry no longer holds (or never received) this digest: re-push the image, or re-pin the reference to a digest it serves.",
    checks: "`--against-registry`: for each image pinned by digest, the registry named in its reference must still serve that digest. `--against-registry=HOST`: the registry HOST must serve every manifest digest the package stores (for an index, every child too), in the image's repository path, byte for byte.",
    why: "A pull by a digest the registry does not serve fails: an upstream that deleted or garbage-collected an image breaks a rebuild, and a mirror or cluster registry missing a child manifest breaks a deploy on that platform.",
    example: "`ghcr.io/org/app@sha256:05a8…`: the registry answers 404 MANIFEST_UNKNOWN for that digest.",
    fix: "Push the image (or the package, `zarf package mirror-resources`) to the registry again, or pin a digest the registry serves.",
};

/// A digest the registry answered 404 for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryDigestNotServed {
    pub registry: String,
    pub repository: String,
    pub digest: String,
    /// Why the package needs it: "pinned by …", "stored as …", "child linux/arm64 of …".
    pub role: String,
}

impl Message for RegistryDigestNotServed {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let RegistryDigestNotServed { registry, repository, digest, role } = self;
        format!("registry {registry} does not serve {digest} in repository {repository} ({role})")
    }
}
