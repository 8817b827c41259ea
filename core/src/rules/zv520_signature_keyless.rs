//! ZV520 `signature-keyless`: The signature needs keyless (Fulcio/Rekor) verification, which zverify does not do.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV520",
    name: "signature-keyless",
    severity: Severity::Error,
    summary: "The signature needs keyless (Fulcio/Rekor) verification, which zverify does not do",
    help: "Verify this signature with `cosign verify-blob --bundle` and the signer identity; zverify checks key-based signatures only.",
    checks: "With `--key`: a `zarf.bundle.sig` whose verification material is a certificate (keyless signing) instead of a public key.",
    why: "Keyless verification needs certificate chains, identities and a transparency log, which an offline verifier cannot check. `--key` asked for a verified signature and none was verified, so this is an error (fail closed), as it is for Zarf, whose key-based verification of such a bundle fails.",
    example: "A bundle with `verificationMaterial.certificate`.",
    fix: "Use cosign for keyless bundles, or sign with a key (`zarf package sign --signing-key`).",
};

/// A keyless (Fulcio) bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureKeyless;

impl Message for SignatureKeyless {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        "this bundle was made by keyless signing (a Fulcio certificate); verifying it needs the certificate chain, the signer identity and Rekor, which zverify does not check".into()
    }
}
