//! ZV110 `digest-unverifiable`: A digest uses an algorithm zverify cannot compute.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV110",
    name: "digest-unverifiable",
    severity: Severity::Error,
    summary: "A digest uses an algorithm zverify cannot compute",
    help: "Only sha256, sha384 and sha512 (the algorithms go-digest registers) can be verified; the referenced content was not checked.",
    checks: "Digests (in descriptors, and in blob file names under `blobs/<algorithm>/`) whose algorithm fits the grammar but is not one go-digest registers: anything other than sha256, sha384 and sha512. It is an error, not a warning: what zverify cannot compute, it did not check.",
    why: "An unverified digest proves nothing about the content it names. Zarf (go-digest) refuses such digests too, so the package could not be deployed as it is.",
    example: "`\"digest\": \"multihash+base58:QmRZ…\"`",
    fix: "Use sha256 digests.",
};
