//! ZV521 `signature-not-verified`: The package is signed, but no key was given to verify it.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV521,
    name: "signature-not-verified",
    severity: Severity::Note,
    summary: "The package is signed, but no key was given to verify it",
    help: "Pass the publisher's public key with `--key cosign.pub` to verify the signature.",
    checks: "A package with `zarf.yaml.sig` or `zarf.bundle.sig`, checked without `--key`.",
    why: "A signature that is never checked proves nothing.",
    example: "`zverify check signed-package.tar.zst`.",
    fix: "Add `--key <publisher's cosign.pub>`.",
};

/// A signed package and no key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureNotVerified {
    /// The signature files present.
    pub files: Vec<String>,
}

impl Message for SignatureNotVerified {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("the package is signed ({}), but no key was given to verify it", self.files.join(", "))
    }
}
