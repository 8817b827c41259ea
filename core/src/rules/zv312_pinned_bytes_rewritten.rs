//! ZV312 `pinned-bytes-rewritten`: The document stored under a pinned digest was re-encoded: same JSON, other bytes.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV312",
    name: "pinned-bytes-rewritten",
    severity: Severity::Error,
    summary: "The document stored under a pinned digest was re-encoded: same JSON, other bytes",
    help: "Copy the manifest or index byte for byte (skopeo copy --all, oras copy, crane copy); never parse and re-serialize it.",
    checks: "For a reference that pins `@X` where a blob named X is stored but its bytes hash to something else while still being valid JSON of a manifest or index: the document was rewritten (whitespace, key order, escaping) on its way into the package.",
    why: "A registry computes the digest of the bytes it receives, so a re-encoded manifest gets another digest and the pull by X fails; every layer can be intact and the image is still undeployable.",
    example: "The Zarf agent index pretty-printed after download: same JSON value, digest no longer `05a82656…`.",
    fix: "Re-pull the image with a tool that copies manifests byte for byte and rebuild the package.",
};
