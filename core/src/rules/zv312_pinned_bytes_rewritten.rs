//! ZV312 `pinned-bytes-rewritten`: The document stored under a pinned digest was re-encoded: same JSON, other bytes.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV312,
    name: "pinned-bytes-rewritten",
    severity: Severity::Error,
    summary: "The document stored under a pinned digest was re-encoded: same JSON, other bytes",
    help: "Copy the manifest or index byte for byte (skopeo copy --all, oras copy, crane copy); never parse and re-serialize it. A deploy fails at the image push when the registry or the pin checks the bytes.",
    checks: "For a reference that pins `@X` where a blob named X is stored but its bytes hash to something else while still being valid JSON of a manifest or index: the document was rewritten (whitespace, key order, escaping) on its way into the package.",
    why: "A registry computes the digest of the bytes it receives, so a re-encoded manifest gets another digest and the pull by X fails; every layer can be intact and the image is still undeployable.",
    example: "The Zarf agent index pretty-printed after download: same JSON value, digest no longer `05a82656…`.",
    fix: "Re-pull the image with a tool that copies manifests byte for byte and rebuild the package.",
};

/// A pinned document stored under its name, but re-encoded. `pinned` is the short digest, `kind`
/// "image index" or "image manifest".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinnedBytesRewritten {
    pub reference: String,
    pub pinned: String,
    pub kind: &'static str,
}

impl Message for PinnedBytesRewritten {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let PinnedBytesRewritten { reference, pinned, kind } = self;
        format!(
            "the reference \"{reference}\" pins {pinned}, and the package stores an {kind} under that name, but its bytes were rewritten: they are valid JSON yet hash to another digest (re-encoding — other whitespace, key order or escaping — changes the digest). A registry will compute the new digest, and the pull by {pinned} will fail"
        )
    }
}
