//! ZV202 `duplicate-key`: A JSON object has the same key twice.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV202,
    name: "duplicate-key",
    severity: Severity::Error,
    summary: "A JSON object has the same key twice",
    help: "Parsers disagree on which value wins (Go and serde keep the last); rebuild the document without duplicates.",
    checks: "Every object in every document is scanned for repeated keys in the stored bytes.",
    why: "Duplicate keys let two tools see two different documents behind one digest: one verifies the first value, another deploys the last.",
    example: "`{\"digest\": \"sha256:aaa…\", \"digest\": \"sha256:bbb…\"}`",
    fix: "Rebuild the document with a standard JSON encoder.",
};

/// A key that appears twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
}

impl Message for DuplicateKey {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "the key \"{}\" appears more than once in the same object; parsers disagree on which value counts",
            self.key
        )
    }
}
