//! ZV208 `invalid-url`: A descriptor's `urls` entry is not a URI.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV208,
    name: "invalid-url",
    severity: Severity::Error,
    summary: "A descriptor's `urls` entry is not a URI",
    help: "`urls` entries are absolute RFC 3986 URIs such as `https://example.com/blob`.",
    checks: "Each `urls[]` entry must be a string with a scheme and no spaces or control characters.",
    why: "Clients fetch foreign layers from these URLs; a malformed one fails the pull.",
    example: "`\"urls\": [\"not a url\"]`",
    fix: "Fix or remove the URL.",
};

/// A `urls` entry that is not an absolute URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidUrl {
    pub url: String,
}

impl Message for InvalidUrl {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("\"{}\" is not an absolute URI", self.url)
    }
}
