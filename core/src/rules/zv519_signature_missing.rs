//! ZV519 `signature-missing`: A key was given but the package has no signature.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV519",
    name: "signature-missing",
    severity: Severity::Error,
    summary: "A key was given but the package has no signature",
    help: "The package is unsigned (or its signature files were removed); do not deploy it where signatures are required.",
    checks: "When `--key` is given, the package must contain `zarf.yaml` and `zarf.yaml.sig` or `zarf.bundle.sig`: a key given for a target without zarf.yaml (a bare image layout, or a Zarf package cut before its last entries) is this error too, since there is nothing signed to verify.",
    why: "Stripping the signature is the simplest way around signature checks: a verifier that passes unsigned packages when asked for signatures protects nothing.",
    example: "`zverify check --key cosign.pub pkg.tar.zst` on a package without signature files.",
    fix: "Obtain a signed package from its publisher.",
};

/// A key was given, but there is nothing to verify it against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureMissing {
    /// There is no zarf.yaml at all.
    NoZarfYaml,
    /// There is no zarf.yaml.sig or zarf.bundle.sig.
    NoSignatureFile,
}

impl Message for SignatureMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            SignatureMissing::NoZarfYaml => {
                "a key was given, but there is no zarf.yaml, so there is no package signature to verify"
            }
            SignatureMissing::NoSignatureFile => {
                "a key was given, but the package has no zarf.yaml.sig or zarf.bundle.sig"
            }
        }
        .into()
    }
}
