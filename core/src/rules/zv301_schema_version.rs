//! ZV301 `schema-version`: `schemaVersion` is not 2.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV301,
    name: "schema-version",
    severity: Severity::Error,
    summary: "`schemaVersion` is not 2",
    help: "OCI and Docker v2 manifests and indexes have `\"schemaVersion\": 2`.",
    checks: "Every manifest and index must carry `schemaVersion` with the integer value 2.",
    why: "Version 1 is the legacy Docker format; other values are not images any runtime reads.",
    example: "`\"schemaVersion\": 3`",
    fix: "Re-pull the image in a current format.",
};

/// `schemaVersion` missing or not 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaVersion {
    Missing,
    /// What was found instead, described (`3`, `the string "2"`, `null`).
    Wrong(String),
}

impl Message for SchemaVersion {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            SchemaVersion::Missing => "\"schemaVersion\" is missing; it must be 2".into(),
            SchemaVersion::Wrong(found) => format!("\"schemaVersion\" must be the integer 2, found {found}"),
        }
    }
}
