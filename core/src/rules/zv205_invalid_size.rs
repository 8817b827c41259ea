//! ZV205 `invalid-size`: A descriptor's `size` is missing, negative, fractional or not a number.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV205",
    name: "invalid-size",
    severity: Severity::Error,
    summary: "A descriptor's `size` is missing, negative, fractional or not a number",
    help: "`size` is the blob's length in bytes: a non-negative integer that fits in int64.",
    checks: "Every descriptor must have `size`, a JSON integer in 0..=2^63-1.",
    why: "Clients use `size` to bound reads; a negative or non-integer size breaks them or is an attempt to confuse them.",
    example: "`\"size\": -7682` or `\"size\": \"7682\"`.",
    fix: "Rebuild the document with the blob's real size.",
};
