//! ZV205 `invalid-size`: A descriptor's `size` is missing, negative, fractional or not a number.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV205,
    name: "invalid-size",
    severity: Severity::Error,
    summary: "A descriptor's `size` is missing, negative, fractional or not a number",
    help: "`size` is the blob's length in bytes: a non-negative integer that fits in int64.",
    checks: "Every descriptor must have `size`, a JSON integer in 0..=2^63-1.",
    why: "Clients use `size` to bound reads; a negative or non-integer size breaks them or is an attempt to confuse them.",
    example: "`\"size\": -7682` or `\"size\": \"7682\"`.",
    fix: "Rebuild the document with the blob's real size.",
};

/// A descriptor's `size`, missing or not an int64 Go reads.
#[derive(Debug, Clone, PartialEq)]
pub enum InvalidSize {
    Missing,
    Negative(i64),
    OverInt64(u64),
    NotInteger(f64),
    /// Not a number at all: the JSON kind found.
    Kind(&'static str),
}

impl Message for InvalidSize {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            InvalidSize::Missing => "descriptor has no \"size\"".into(),
            InvalidSize::Negative(i) => format!("size {i} is negative"),
            InvalidSize::OverInt64(u) => format!("size {u} does not fit in int64"),
            InvalidSize::NotInteger(f) => format!("size {f} is not an integer"),
            InvalidSize::Kind(k) => format!("size must be an integer, found {k}"),
        }
    }
}
