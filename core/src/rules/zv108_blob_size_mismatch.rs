//! ZV108 `blob-size-mismatch`: A descriptor's `size` differs from the blob's length.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV108,
    name: "blob-size-mismatch",
    severity: Severity::Error,
    summary: "A descriptor's `size` differs from the blob's length",
    help: "Sizes are checked before digests: the blob or the descriptor was changed. Re-copy or rebuild the package. Where checksums.txt vouches for the bytes (else ZV505 says so), a deploy fails at the image push (the registry refuses the blob or the transfer breaks).",
    checks: "For every descriptor that points at a stored blob, `size` must equal the blob's length in bytes.",
    why: "Clients read exactly `size` bytes; a wrong size truncates content or fails the pull. A registry may accept a wrong size on push, so only a verifier catches it.",
    example: "A config descriptor says `\"size\": 585` and the blob is 584 bytes.",
    fix: "Rebuild the package; do not edit descriptors by hand.",
};

/// A descriptor's size against its blob's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobSizeMismatch {
    pub declared: u64,
    /// The blob's short digest.
    pub digest: String,
    pub actual: u64,
}

impl Message for BlobSizeMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("the descriptor says {} bytes but the blob {} has {}", self.declared, self.digest, self.actual)
    }
}
