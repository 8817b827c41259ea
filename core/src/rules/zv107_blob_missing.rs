//! ZV107 `blob-missing`: A descriptor points at a blob that is not in the layout.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV107",
    name: "blob-missing",
    severity: Severity::Error,
    summary: "A descriptor points at a blob that is not in the layout",
    help: "Re-copy or rebuild the package so that every referenced blob is present.",
    checks: "For every descriptor reached from `index.json` (child manifests and indexes, configs, layers, subjects), whatever its media type, the blob `blobs/<alg>/<hex>` must exist. In a Zarf package there is no exception: Zarf pushes each image with oras, which copies subjects too and skips non-distributable (foreign) layers, after which the registry refuses the manifest (\"manifest blob unknown\", observed with real Zarf and a distribution registry). In a bare image layout, subjects (referrers may be stored apart from what they refer to) and foreign layers may be absent, as the image-spec allows.",
    why: "An image with a missing blob cannot be pushed (registries answer MANIFEST_BLOB_UNKNOWN) or run.",
    example: "A manifest's second layer `sha256:c3f1…` has no file under `blobs/sha256/`.",
    fix: "Re-pull the image into the package; check whether the copy was interrupted.",
};
