//! ZV201 `invalid-json`: A document is not valid JSON.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV201",
    name: "invalid-json",
    severity: Severity::Error,
    summary: "A document is not valid JSON",
    help: "The file is damaged or is not what its name or media type says; re-copy or rebuild it.",
    checks: "index.json, oci-layout, and every manifest, index and image config reached from it must parse as UTF-8 JSON (RFC 8259) with a single top-level value.",
    why: "No tool can read a document that does not parse; its blobs are unreachable.",
    example: "A manifest ending in `}}`.",
    fix: "Re-copy the document from its source; never edit manifests by hand (it changes their digest).",
};
