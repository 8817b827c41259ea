//! ZV107 `blob-missing`: A descriptor points at a blob that is not in the layout.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV107,
    name: "blob-missing",
    severity: Severity::Error,
    summary: "A descriptor points at a blob that is not in the layout",
    help: "Re-copy or rebuild the package so that every referenced blob is present. Where checksums.txt does not list the blob (else ZV506 says so), a deploy fails at the image push (\"failed to perform Fetch on source: … not found\").",
    checks: "For every descriptor reached from `index.json` (child manifests and indexes, configs, layers, subjects), whatever its media type, the blob `blobs/<alg>/<hex>` must exist. In a Zarf package there is no exception: Zarf pushes each image with oras, which copies subjects too and skips non-distributable (foreign) layers, after which the registry refuses the manifest (\"manifest blob unknown\", observed with real Zarf and a distribution registry). In a bare image layout, subjects (referrers may be stored apart from what they refer to) and foreign layers may be absent, as the image-spec allows.",
    why: "An image with a missing blob cannot be pushed (registries answer MANIFEST_BLOB_UNKNOWN) or run.",
    example: "A manifest's second layer `sha256:c3f1…` has no file under `blobs/sha256/`.",
    fix: "Re-pull the image into the package; check whether the copy was interrupted.",
};

/// A descriptor whose blob is not stored. `kind` is what the blob is ("layer", "config",
/// "manifest", …), `digest` its short digest, `path` where it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobMissing {
    /// A child of a stored index, for `platform`.
    IndexChild { platform: String, kind: &'static str, digest: String, path: String },
    /// Any other descriptor.
    Descriptor { kind: &'static str, digest: String, path: String },
}

impl Message for BlobMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            BlobMissing::IndexChild { platform, kind, digest, path } => format!(
                "the {platform} {kind} of this index ({digest}, {path}) is not in the package; a registry refuses to push an index whose children are missing (MANIFEST_BLOB_UNKNOWN)"
            ),
            BlobMissing::Descriptor { kind, digest, path } => {
                format!("the {kind} {digest} ({path}) is not in the package")
            }
        }
    }
}
