//! ZV520 `signature-keyless`: The signature was not verified: it needs what the check was not given.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV520,
    name: "signature-keyless",
    severity: Severity::Error,
    summary: "The signature was not verified: a keyless bundle needs an identity and issuer, a key-based signature needs a key",
    help: "For a keyless `zarf.bundle.sig` (a Fulcio certificate) give the signer: `--certificate-identity` (or `-regexp`) and `--certificate-oidc-issuer` (or `-regexp`); for a key-based signature, `--key`. Given a key, `zarf package deploy` fails when it loads the package (\"signature verification failed: …\").",
    checks: "A verification was asked for (`--key`, or the keyless flags), and a signature file cannot be verified with what was given: a keyless bundle checked with `--key` only, or a key-based signature (`zarf.yaml.sig`, a bundle naming a public key) checked with the keyless flags only.",
    why: "A signature verified against nothing proves nothing; a verification was asked for and none was made, so this is an error (fail closed). zverify verifies keyless bundles offline (certificate chain, SCTs, transparency log, identity) but only for a signer it is told to expect, as cosign requires.",
    example: "`zverify check --key cosign.pub` on a package signed keyless (`zarf package sign` with an OIDC identity).",
    fix: "Check with the signer's identity and issuer (keyless) or the publisher's key.",
};

/// A signature that cannot be verified with what was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureKeyless {
    /// A keyless (Fulcio) bundle, and no identity/issuer given.
    NoIdentity,
    /// A key-based signature, and no key given (only the keyless flags).
    NoKey,
}

impl Message for SignatureKeyless {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            SignatureKeyless::NoIdentity => "this bundle was made by keyless signing (a Fulcio certificate): it is verified against the signer's identity and OIDC issuer, which were not given; not verified".into(),
            SignatureKeyless::NoKey => "this signature was made with a key, and only a keyless identity was given: not verified".into(),
        }
    }
}
