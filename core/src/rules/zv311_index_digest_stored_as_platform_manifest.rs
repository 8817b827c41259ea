//! ZV311 `index-digest-stored-as-platform-manifest`: A reference pins an image index, but the package holds only one platform's manifest.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV311,
    name: "index-digest-stored-as-platform-manifest",
    severity: Severity::Error,
    summary: "A reference pins an image index, but the package holds only one platform's manifest",
    help: "Zarf before v0.33.1 made this shape; v0.33.1 to v0.76.x refuse to create a package from an index digest; v0.77.0 and later store the pinned index whole. Rebuild with Zarf v0.77.0 or later, or pin the platform digest the package holds. A deploy fails at the image push (the registry: \"digest invalid: provided digest did not match uploaded content\").",
    checks: "For an entry whose reference pins `@X`, the entry stores a different digest Y, Y is a platform image manifest (it has a config), and no blob X is stored. This is the shape Zarf before v0.33.1 produced when an image was pinned by its index digest (Zarf #2425, #2394). The message names the platform held and the digest to pin instead; with a zarf.yaml, the help line is tailored to the Zarf version that built the package.",
    why: "Deploying pushes the platform manifest (digest Y) and then pulls by X: the registry answers DIGEST_INVALID / manifest unknown and the deployment fails, though every byte in the package is intact.",
    example: "`base.name: ghcr.io/zarf-dev/zarf/agent:v0.32.6@sha256:05a82656…` on an entry whose digest is the linux/amd64 manifest `sha256:7c1f…`; blob `05a82656…` absent.",
    fix: "Rebuild with Zarf v0.77.0 or later, which stores a pinned index whole with every platform (Zarf v0.33.1 to v0.76.x refuse to create a package from an index digest; Zarf before v0.33.1 made this shape), or change the reference to pin the platform digest (`…@sha256:7c1f…`).",
};

/// Zarf #2425: a reference pins an index digest, but only one platform's manifest is stored.
/// Digests are short; `held` is the platform held ("linux/amd64", or "one platform's").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDigestStoredAsPlatformManifest {
    pub reference: String,
    pub pinned: String,
    pub held: String,
    pub actual: String,
}

impl Message for IndexDigestStoredAsPlatformManifest {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let IndexDigestStoredAsPlatformManifest { reference, pinned, held, actual } = self;
        format!(
            "the reference \"{reference}\" pins {pinned}, but the package holds only the {held} manifest {actual} and no blob {pinned}. This is the image-index-digest problem (Zarf #2425): an image pinned by its index digest was stored as one platform's manifest. Deploying pushes {actual} and tags it as {pinned}: a deploy fails at the image push, where the registry refuses the tag (\"digest invalid: provided digest did not match uploaded content\")"
        )
    }
}
