//! ZV517 `split-digest-mismatch`: The joined parts do not hash to part000's Sha256Sum.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV517,
    name: "split-digest-mismatch",
    severity: Severity::Error,
    summary: "The joined parts do not hash to part000's Sha256Sum",
    help: "One of the parts was damaged in transit; re-copy them (the message names the part when it can).",
    checks: "The sha256 of all data parts, concatenated in order, must equal part000's Sha256Sum. Current Zarf does not check this on reassembly.",
    why: "A damaged part yields a package that may still unpack; only this check catches it before deploy.",
    example: "A byte flipped in `.part002`.",
    fix: "Re-copy the parts and check again.",
};

/// The joined parts against part000's sha256 (hex digests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitDigestMismatch {
    pub count: u32,
    pub actual: String,
    pub announced: String,
}

impl Message for SplitDigestMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "the {} parts joined hash to sha256:{}, but part000 says sha256:{}; a part was damaged in transit (where the damage broke the stream, the archive-corrupt finding says in which part it was detected)",
            self.count, self.actual, self.announced
        )
    }
}
