//! ZV005 `document-not-inspected`: A JSON document was too large to inspect.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV005",
    name: "document-not-inspected",
    severity: Severity::Warning,
    summary: "A JSON document was too large to inspect",
    help: "Its digest and size were still verified; raise the document cap if this document is legitimate.",
    checks: "Metadata documents (index.json, manifests, configs) are kept in memory up to a per-document cap (4 MiB by default) and a total cap. A document over the cap is hashed but not parsed, so the blobs it references cannot be walked.",
    why: "Registries accept manifests of about 4 MB; a larger document is unusual and cannot be pushed to most registries.",
    example: "A 20 MiB image config.",
    fix: "Check why the document is so large; raise the cap if it is legitimate.",
};
