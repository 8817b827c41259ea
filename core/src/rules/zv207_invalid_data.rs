//! ZV207 `invalid-data`: A descriptor's embedded `data` does not match it.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV207",
    name: "invalid-data",
    severity: Severity::Error,
    summary: "A descriptor's embedded `data` does not match it",
    help: "`data` must be padded base64 of exactly the bytes the descriptor's digest and size name.",
    checks: "When a descriptor has `data`, it is decoded (standard, padded base64) and its length and digest are compared with `size` and `digest`.",
    why: "Clients may use embedded data instead of fetching the blob; data that disagrees with the digest is content nobody verified.",
    example: "`\"data\": \"aGVsbG8=\"` on a descriptor whose digest is of other bytes.",
    fix: "Re-encode the blob's exact bytes, or drop `data`.",
};
