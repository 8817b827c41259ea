//! ZV521 `signature-not-verified`: The package is signed, but nothing to verify it with was given.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV521,
    name: "signature-not-verified",
    severity: Severity::Note,
    summary: "The package is signed, but nothing to verify it with was given",
    help: "Give the publisher's public key (`--key cosign.pub`), or for a keyless signature the signer (`--certificate-identity` and `--certificate-oidc-issuer`), to verify the signature.",
    checks: "A package with `zarf.yaml.sig` or `zarf.bundle.sig`, checked without a key and without a keyless signer.",
    why: "A signature that is never checked proves nothing.",
    example: "`zverify check signed-package.tar.zst`.",
    fix: "Add `--key <publisher's cosign.pub>`, or the keyless signer's identity and issuer.",
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
        format!("the package is signed ({}), but it was not verified: no key or keyless signer was given", self.files.join(", "))
    }
}
