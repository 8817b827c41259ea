//! ZV207 `invalid-data`: A descriptor's embedded `data` does not match it.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV207,
    name: "invalid-data",
    severity: Severity::Error,
    summary: "A descriptor's embedded `data` does not match it",
    help: "`data` must be padded base64 of exactly the bytes the descriptor's digest and size name.",
    checks: "When a descriptor has `data`, it is decoded (standard, padded base64) and its length and digest are compared with `size` and `digest`.",
    why: "Clients may use embedded data instead of fetching the blob; data that disagrees with the digest is content nobody verified.",
    example: "`\"data\": \"aGVsbG8=\"` on a descriptor whose digest is of other bytes.",
    fix: "Re-encode the blob's exact bytes, or drop `data`.",
};

/// A descriptor's embedded `data` that does not match it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidData {
    /// Not padded standard base64 (the decoder's reason).
    NotBase64 {
        error: String,
    },
    SizeMismatch {
        decoded: usize,
        size: u64,
    },
    /// `got` and `digest` are short digests.
    DigestMismatch {
        got: String,
        digest: String,
    },
}

impl Message for InvalidData {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            InvalidData::NotBase64 { error } => format!("\"data\" is not padded standard base64: {error}"),
            InvalidData::SizeMismatch { decoded, size } => {
                format!("\"data\" decodes to {decoded} bytes but size says {size}")
            }
            InvalidData::DigestMismatch { got, digest } => {
                format!("\"data\" hashes to {got} but the descriptor's digest is {digest}")
            }
        }
    }
}
