//! ZV106 `blob-digest-mismatch`: A blob's bytes do not hash to the digest in its file name.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use crate::digest::Algorithm;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV106,
    name: "blob-digest-mismatch",
    severity: Severity::Error,
    summary: "A blob's bytes do not hash to the digest in its file name",
    help: "The blob was modified or damaged after it was written; re-copy the package from a trusted source. Where checksums.txt vouches for the changed bytes (else ZV505 says so), a deploy fails at the image push (\"digest invalid: provided digest did not match uploaded content\").",
    checks: "Every file `blobs/<alg>/<hex>` is hashed with `<alg>` as it streams through, and the result must equal `<hex>`.",
    why: "Registries recompute digests on push and refuse mismatching blobs (DIGEST_INVALID); a runtime that trusts the name runs tampered content. Re-encoding JSON (other whitespace or key order) also changes the digest.",
    example: "`blobs/sha256/5b0b…` whose content hashes to `sha256:9f86…`.",
    fix: "Re-copy the package; if you built it, rebuild it without post-processing the layout.",
};

/// A blob whose bytes do not hash to the digest in its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobDigestMismatch {
    pub size: u64,
    pub algorithm: Algorithm,
    /// The encoded digest of the bytes stored.
    pub actual: String,
}

impl Message for BlobDigestMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "the blob's {} bytes hash to {}:{}, not to the digest in its name",
            self.size,
            self.algorithm.name(),
            self.actual
        )
    }
}
