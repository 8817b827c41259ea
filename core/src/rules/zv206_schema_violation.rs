//! ZV206 `schema-violation`: A document does not have the shape its type requires.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use super::words::Shape;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV206,
    name: "schema-violation",
    severity: Severity::Error,
    summary: "A document does not have the shape its type requires",
    help: "A required field is missing or has the wrong JSON type; the message names it.",
    checks: "Required fields and JSON types of the OCI image-spec schemas: descriptors need `mediaType`, `digest`, `size`; manifests need `schemaVersion` and `config`; indexes need `manifests`; annotations are string-to-string maps; platforms have string `os` and `architecture`; `urls` are strings.",
    why: "A document that breaks the schema is rejected or misread by registries and runtimes.",
    example: "A descriptor without `digest`.",
    fix: "Rebuild the document with a conforming tool.",
};

/// A value of the wrong kind, or a missing key, in an index, manifest or descriptor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaViolation(pub Shape);

impl Message for SchemaViolation {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        self.0.to_string()
    }
}
