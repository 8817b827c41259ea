//! ZV046 `archive-digest-mismatch`: The archive's sha256 is not the published checksum given with `--expect-sha256`.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV046,
    name: "archive-digest-mismatch",
    severity: Severity::Error,
    summary: "The archive's sha256 is not the published checksum it was expected to have",
    help: "These are not the bytes that were published: fetch the package again from its source, or ask its author which checksum is right.",
    checks: "With `--expect-sha256 HEX`, the sha256 of the whole archive file (for a split package, of its data parts joined in order) is computed while it streams, and compared with HEX.",
    why: "A package author publishes the archive's sha256 beside it (a release page, a signed message). Matching it ties the bytes checked here to the bytes the author released, which the package's own checksums cannot do: whoever rewrites the package can rewrite those too.",
    example: "`zverify check pkg.tar.zst --expect-sha256 9f86…` where the file on disk hashes to `e3b0…`.",
    fix: "Download the archive again and compare; if it still differs, do not deploy it.",
};

/// The archive hashed to `actual` where `expected` was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveDigestMismatch {
    pub expected: String,
    pub actual: String,
}

impl Message for ArchiveDigestMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("the archive's sha256 is {}, not the expected {}", self.actual, self.expected)
    }
}
