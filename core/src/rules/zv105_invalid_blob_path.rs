//! ZV105 `invalid-blob-path`: A file under `blobs/` is not named `blobs/<algorithm>/<encoded digest>`.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use crate::digest::DigestError;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV105,
    name: "invalid-blob-path",
    severity: Severity::Error,
    summary: "A file under `blobs/` is not named `blobs/<algorithm>/<encoded digest>`",
    help: "Every blob file name must be a valid digest; remove or rename the file.",
    checks: "Files under `blobs/` must sit exactly two levels deep, with an algorithm name and an encoded digest that match the digest grammar (lowercase hex of the right length for sha256/sha512).",
    why: "A blob that is not named by its digest can never be referenced, and a malformed name (`..`, uppercase) may be an attempt to confuse tools that build paths from digests.",
    example: "`images/blobs/sha256/ABCDEF…` (uppercase) or `images/blobs/sha256/x/y`.",
    fix: "Remove the file, or rename it to the digest of its content.",
};

/// A file under `blobs/` whose path is not a blob name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidBlobPath {
    /// The path under `blobs/`.
    pub name: String,
    pub why: BlobNameError,
}

/// Why a path under `blobs/` is not `<algorithm>/<encoded>` of a valid digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobNameError {
    /// Not exactly two levels below `blobs/`.
    NotTwoLevels,
    /// `<algorithm>:<encoded>` is not a valid digest.
    Digest(DigestError),
}

impl std::fmt::Display for BlobNameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BlobNameError::NotTwoLevels => f.write_str("it is not exactly blobs/<algorithm>/<encoded>"),
            BlobNameError::Digest(e) => e.fmt(f),
        }
    }
}

impl Message for InvalidBlobPath {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("\"{}\" is not a valid blob name: {}", self.name, self.why)
    }
}
