//! ZV517 `split-digest-mismatch`: The joined parts do not hash to part000's Sha256Sum.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV517",
    name: "split-digest-mismatch",
    severity: Severity::Error,
    summary: "The joined parts do not hash to part000's Sha256Sum",
    help: "One of the parts was damaged in transit; re-copy them (the message names the part when it can).",
    checks: "The sha256 of all data parts, concatenated in order, must equal part000's Sha256Sum. Current Zarf does not check this on reassembly.",
    why: "A damaged part yields a package that may still unpack; only this check catches it before deploy.",
    example: "A byte flipped in `.part002`.",
    fix: "Re-copy the parts and check again.",
};
