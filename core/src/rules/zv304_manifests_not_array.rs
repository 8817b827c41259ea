//! ZV304 `manifests-not-array`: An index's `manifests` is null or not an array.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV304,
    name: "manifests-not-array",
    severity: Severity::Error,
    summary: "An index's `manifests` is null or not an array",
    help: "`manifests` must be an array; use `[]` for an empty index.",
    checks: "`manifests` in an image index (and in `index.json`) must be a JSON array.",
    why: "Go tools write `null` for a nil slice; strict clients reject it and lenient ones see an empty index.",
    example: "`{\"schemaVersion\": 2, \"manifests\": null}`",
    fix: "Write `\"manifests\": []`.",
};

/// `manifests` is not an array (the JSON kind found).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestsNotArray {
    pub found: &'static str,
}

impl Message for ManifestsNotArray {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("\"manifests\" must be an array, found {}", self.found)
    }
}
