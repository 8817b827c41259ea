//! ZV518 `signature-invalid`: The package signature does not verify with the given key.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV518,
    name: "signature-invalid",
    severity: Severity::Error,
    summary: "The package signature does not verify with the given key",
    help: "zarf.yaml was changed after signing, or the signature was made with another key; do not deploy this package. `zarf package deploy` fails when it loads the package (\"signature verification failed: …\").",
    checks: "With `--key`, `zarf.yaml.sig` (base64 ASN.1 ECDSA over sha256 of the exact zarf.yaml bytes, as `cosign sign-blob` writes) and the key-based form of `zarf.bundle.sig` must verify. The bundle is read exactly as Zarf reads it (sigstore-go: protojson into the Sigstore `Bundle` message — unknown, misspelled or repeated fields refused, media type giving a supported bundle version, verification material and content present), its message digest (SHA2_256/384/512) must be the digest of zarf.yaml, and its signature (ASN.1 DER, or IEEE P1363 `r||s`) must verify. A bundle with transparency-log entries, RFC 3161 timestamps or a DSSE envelope is not verified by zverify and is reported here too.",
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
