//! ZV309 `invalid-platform`: A `platform` object is missing `os` or `architecture`.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use super::words::Shape;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV309,
    name: "invalid-platform",
    severity: Severity::Error,
    summary: "A `platform` object is missing `os` or `architecture`",
    help: "A platform needs string `os` and `architecture`; `os.features` and `features` are string arrays.",
    checks: "Every `platform` in an index must have string `architecture` and `os`; `variant`, `os.version` are strings; `os.features` is a string array.",
    why: "Runtimes match platforms on these fields; a malformed platform is never selected or is rejected.",
    example: "`\"platform\": {\"architecture\": \"amd64\"}`",
    fix: "Add the missing field.",
};

/// A platform object of the wrong shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPlatform(pub Shape);

impl Message for InvalidPlatform {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        self.0.to_string()
    }
}
