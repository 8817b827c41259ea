//! ZV518 `signature-invalid`: The package signature does not verify with the given key.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV518",
    name: "signature-invalid",
    severity: Severity::Error,
    summary: "The package signature does not verify with the given key",
    help: "zarf.yaml was changed after signing, or the signature was made with another key; do not deploy this package.",
    checks: "With `--key`, `zarf.yaml.sig` (base64 ASN.1 ECDSA over sha256 of the exact zarf.yaml bytes, as `cosign sign-blob` writes) and the key-based form of `zarf.bundle.sig` (a Sigstore bundle's messageSignature) must verify. The bundle's message digest must also equal sha256(zarf.yaml).",
    why: "The signature covers zarf.yaml, which covers checksums.txt through the aggregate checksum, which covers every file: a bad signature means nothing in the package can be trusted.",
    example: "zarf.yaml edited after `zarf package sign`.",
    fix: "Obtain the package again from its publisher; check that you use the publisher's public key.",
};

/// A signature that does not verify, or a key or zarf.yaml that keeps it from being verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureInvalid {
    /// The key given cannot be used.
    Key(crate::zarf::signature::KeyError),
    /// zarf.yaml could not be read.
    ZarfYamlUnreadable,
    /// The signature file does not verify.
    Signature(crate::zarf::signature::SignatureError),
}

impl Message for SignatureInvalid {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            SignatureInvalid::Key(e) => format!("the verification key cannot be used: {e}"),
            SignatureInvalid::ZarfYamlUnreadable => {
                "a key was given, but zarf.yaml could not be read, so the signature over it was not verified".into()
            }
            SignatureInvalid::Signature(e) => e.to_string(),
        }
    }
}
