//! ZV107 `blob-missing`: A descriptor points at a blob that is not in the layout.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV107",
    name: "blob-missing",
    severity: Severity::Error,
    summary: "A descriptor points at a blob that is not in the layout",
    help: "Re-copy or rebuild the package so that every referenced blob is present.",
    checks: "For every descriptor reached from `index.json` (child manifests and indexes, configs, layers), the blob `blobs/<alg>/<hex>` must exist. `subject` references and non-distributable (foreign) layers are exempt.",
    why: "An image with a missing blob cannot be pushed (registries answer MANIFEST_BLOB_UNKNOWN) or run.",
    example: "A manifest's second layer `sha256:c3f1…` has no file under `blobs/sha256/`.",
    fix: "Re-pull the image into the package; check whether the copy was interrupted.",
};
