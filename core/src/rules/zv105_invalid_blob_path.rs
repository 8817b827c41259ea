//! ZV105 `invalid-blob-path`: A file under `blobs/` is not named `blobs/<algorithm>/<encoded digest>`.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV105",
    name: "invalid-blob-path",
    severity: Severity::Error,
    summary: "A file under `blobs/` is not named `blobs/<algorithm>/<encoded digest>`",
    help: "Every blob file name must be a valid digest; remove or rename the file.",
    checks: "Files under `blobs/` must sit exactly two levels deep, with an algorithm name and an encoded digest that match the digest grammar (lowercase hex of the right length for sha256/sha512).",
    why: "A blob that is not named by its digest can never be referenced, and a malformed name (`..`, uppercase) may be an attempt to confuse tools that build paths from digests.",
    example: "`images/blobs/sha256/ABCDEF…` (uppercase) or `images/blobs/sha256/x/y`.",
    fix: "Remove the file, or rename it to the digest of its content.",
};
