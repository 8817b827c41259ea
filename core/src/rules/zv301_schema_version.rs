//! ZV301 `schema-version`: `schemaVersion` is not 2.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV301",
    name: "schema-version",
    severity: Severity::Error,
    summary: "`schemaVersion` is not 2",
    help: "OCI and Docker v2 manifests and indexes have `\"schemaVersion\": 2`.",
    checks: "Every manifest and index must carry `schemaVersion` with the integer value 2.",
    why: "Version 1 is the legacy Docker format; other values are not images any runtime reads.",
    example: "`\"schemaVersion\": 3`",
    fix: "Re-pull the image in a current format.",
};
