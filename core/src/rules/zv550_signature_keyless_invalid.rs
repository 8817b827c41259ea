//! ZV550 `signature-keyless-invalid`: The keyless signature does not verify for the expected signer.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV550,
    name: "signature-keyless-invalid",
    severity: Severity::Error,
    summary: "The keyless signature (Sigstore bundle with a Fulcio certificate) does not verify for the expected signer",
    help: "zarf.yaml was changed after signing, the package was signed by someone else, or the bundle's certificate, log entry or timestamps do not check out against the trusted root; do not deploy this package.",
    checks: "With the keyless identity and issuer given, `zarf.bundle.sig` is verified offline against a Sigstore trusted root (the embedded public-good one, or the one given): bundle media type v0.1-v0.3 with a message signature or a DSSE envelope (exactly one signature, over its PAE; an in-toto statement one of whose subjects has zarf.yaml's digest); the certificate chains to a Fulcio CA of the trusted root and is valid (as is the CA) at the signing time; its embedded SCTs verify with the CT log keys; each Rekor v1 entry (hashedrekord 0.0.1, or dsse 0.0.1 / intoto 0.0.2 for an envelope) is from a listed log, its signed entry timestamp verifies, its inclusion proof leads to the checkpoint's root and the checkpoint is signed by the log's key; the entry records the bundle's signature, certificate and digest (or DSSE payload hash); each Rekor v2 entry (hashedrekord 0.0.2) is rebuilt from the bundle, its inclusion proof leads to the root of a checkpoint whose origin is the log's host name and which carries a verifying signature by the log's key (witness cosignatures are skipped), and its time comes from RFC 3161 timestamps; trusted-root keys are ECDSA P-256/P-384, Ed25519 or RSA as their keyDetails say; the identity (subject alternative name) and OIDC issuer (Fulcio extensions 1.3.6.1.4.1.57264.1.1 / .1.8) match; each RFC 3161 timestamp is a granted response over the bundle's signature, signed by a timestamp authority of the trusted root, inside its validity, and the certificate is valid at its time too; the signature verifies over zarf.yaml and the bundle's digest is zarf.yaml's. Other entry kinds (dsse 0.0.2), key types (P-521, Ed25519ph message signatures) and RSASSA-PSS certificate signatures are not verified and are reported here (never a pass); so is a timestamp that does not verify, which sigstore-go would skip. The message names the one check that failed.",
    why: "The signature covers zarf.yaml, which covers every file through the checksums: a keyless signature that does not verify for the expected signer proves nothing about who made the package. The transparency log and the SCTs are checked unless the log is explicitly skipped; Zarf checks the log but never the SCTs (see docs/stricter-than-zarf.md).",
    example: "A package signed keyless by `someone@example.com`, checked with `--certificate-identity publisher@example.com`.",
    fix: "Obtain the package again from its publisher; check the identity, issuer and trusted root you expect.",
};

/// Why the keyless signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureKeylessInvalid(pub crate::sigstore::Failure);

impl Message for SignatureKeylessInvalid {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("the keyless signature is not verified: {}", self.0)
    }
}
