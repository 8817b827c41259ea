//! ZV203 `invalid-digest`: A digest is malformed.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV203",
    name: "invalid-digest",
    severity: Severity::Error,
    summary: "A digest is malformed",
    help: "A digest is `algorithm:encoded`, e.g. `sha256:` followed by 64 lowercase hex characters.",
    checks: "`digest` fields, `diff_ids` and digest pins in references must match `^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$`; sha256 needs 64 and sha512 128 lowercase hex characters.",
    why: "A malformed digest can never verify, and uppercase or odd encodings are rejected by registries.",
    example: "`\"digest\": \"sha256:5B0BCABD…\"` (uppercase) or `\"sha256:abc\"` (too short).",
    fix: "Use the lowercase digest exactly as the registry reports it.",
};
