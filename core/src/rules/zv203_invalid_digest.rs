//! ZV203 `invalid-digest`: A digest is malformed.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use crate::digest::DigestError;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV203,
    name: "invalid-digest",
    severity: Severity::Error,
    summary: "A digest is malformed",
    help: "A digest is `algorithm:encoded`, e.g. `sha256:` followed by 64 lowercase hex characters. In a descriptor Zarf's push follows, a deploy fails at the image push.",
    checks: "`digest` fields, `diff_ids` and digest pins in references must match `^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$`; sha256 needs 64 and sha512 128 lowercase hex characters.",
    why: "A malformed digest can never verify, and uppercase or odd encodings are rejected by registries.",
    example: "`\"digest\": \"sha256:5B0BCABD…\"` (uppercase) or `\"sha256:abc\"` (too short).",
    fix: "Use the lowercase digest exactly as the registry reports it.",
};

/// A digest that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidDigest {
    /// A descriptor's `digest`.
    Descriptor { value: String, error: DigestError },
    /// The digest an image reference pins.
    Pin { reference: String, pin: String, error: DigestError },
}

impl Message for InvalidDigest {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            InvalidDigest::Descriptor { value, error } => format!("digest \"{value}\" is invalid: {error}"),
            InvalidDigest::Pin { reference, pin, error } => {
                format!("the reference \"{reference}\" pins \"{pin}\", which {error}")
            }
        }
    }
}
