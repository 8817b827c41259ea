//! ZV202 `duplicate-key`: A JSON object has the same key twice.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV202",
    name: "duplicate-key",
    severity: Severity::Error,
    summary: "A JSON object has the same key twice",
    help: "Parsers disagree on which value wins (Go and serde keep the last); rebuild the document without duplicates.",
    checks: "Every object in every document is scanned for repeated keys in the stored bytes.",
    why: "Duplicate keys let two tools see two different documents behind one digest: one verifies the first value, another deploys the last.",
    example: "`{\"digest\": \"sha256:aaa…\", \"digest\": \"sha256:bbb…\"}`",
    fix: "Rebuild the document with a standard JSON encoder.",
};
