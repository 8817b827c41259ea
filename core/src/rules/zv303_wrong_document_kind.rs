//! ZV303 `wrong-document-kind`: A manifest holds `manifests`, or an index holds `config`/`layers`.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV303",
    name: "wrong-document-kind",
    severity: Severity::Error,
    summary: "A manifest holds `manifests`, or an index holds `config`/`layers`",
    help: "A document must be either a manifest or an index, never both; rebuild it.",
    checks: "A manifest must not contain `manifests`; an index must not contain `config` or `layers` (also checked when the descriptor's media type disagrees with the body).",
    why: "Ambiguous documents were used to make containerd and other clients read different content than the registry verified (GHSA-77vh-xpmg-72qh).",
    example: "An image index that also has a `layers` array.",
    fix: "Rebuild the document with a conforming tool.",
};
