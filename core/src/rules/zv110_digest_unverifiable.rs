//! ZV110 `digest-unverifiable`: A digest uses an algorithm zverify cannot compute.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV110,
    name: "digest-unverifiable",
    severity: Severity::Error,
    summary: "A digest uses an algorithm zverify cannot compute",
    help: "Only sha256, sha384 and sha512 (the algorithms go-digest registers) can be verified; the referenced content was not checked.",
    checks: "Digests (in descriptors, and in blob file names under `blobs/<algorithm>/`) whose algorithm fits the grammar but is not one go-digest registers: anything other than sha256, sha384 and sha512. It is an error, not a warning: what zverify cannot compute, it did not check.",
    why: "An unverified digest proves nothing about the content it names. Zarf (go-digest) refuses such digests too, so the package could not be deployed as it is.",
    example: "`\"digest\": \"multihash+base58:QmRZ…\"`",
    fix: "Use sha256 digests.",
};

/// A digest whose algorithm zverify cannot compute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestUnverifiable {
    /// A blob stored under `blobs/<algorithm>/`.
    Blob { algorithm: String },
    /// A descriptor's digest.
    Descriptor { digest: String },
}

impl Message for DigestUnverifiable {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            DigestUnverifiable::Blob { algorithm } => format!(
                "blob algorithm \"{algorithm}\" is not one zverify can compute (sha256, sha384, sha512); its content was not checked"
            ),
            DigestUnverifiable::Descriptor { digest } => format!(
                "\"{digest}\" uses an algorithm zverify cannot compute (sha256, sha384, sha512); the content it names was not checked"
            ),
        }
    }
}
