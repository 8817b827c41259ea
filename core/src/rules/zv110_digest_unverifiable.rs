//! ZV110 `digest-unverifiable`: A digest uses an algorithm zverify cannot compute.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV110",
    name: "digest-unverifiable",
    severity: Severity::Warning,
    summary: "A digest uses an algorithm zverify cannot compute",
    help: "Only sha256 and sha512 can be verified; the referenced content was not checked.",
    checks: "Digests whose algorithm fits the grammar but is not registered (anything other than sha256 and sha512).",
    why: "An unverified digest proves nothing about the content it names.",
    example: "`\"digest\": \"multihash+base58:QmRZ…\"`",
    fix: "Use sha256 digests.",
};
