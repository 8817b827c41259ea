//! ZV201 `invalid-json`: A document is not valid JSON.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV201,
    name: "invalid-json",
    severity: Severity::Error,
    summary: "A document is not valid JSON",
    help: "The file is damaged or is not what its name or media type says; re-copy or rebuild it.",
    checks: "index.json, oci-layout, and every manifest, index and image config reached from it must parse as UTF-8 JSON (RFC 8259) with a single top-level value.",
    why: "No tool can read a document that does not parse; its blobs are unreachable.",
    example: "A manifest ending in `}}`.",
    fix: "Re-copy the document from its source; never edit manifests by hand (it changes their digest).",
};

/// A document that is not valid JSON, or not a JSON object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidJson {
    /// The parser's error.
    Parse { what: String, error: crate::json::ParseError },
    /// Its first non-blank byte (shown) is not `{`.
    NotAnObject { what: String, first: String },
}

impl Message for InvalidJson {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            InvalidJson::Parse { what, error } => format!("{what} is not valid JSON: {error}"),
            InvalidJson::NotAnObject { what, first } => {
                format!("{what} is not a JSON document: its first non-blank byte is {first}, not '{{'")
            }
        }
    }
}
