//! ZV516 `split-parts-mismatch`: The split package's parts do not match its part000.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV516",
    name: "split-parts-mismatch",
    severity: Severity::Error,
    summary: "The split package's parts do not match its part000",
    help: "A part is missing, extra, or of the wrong size; re-copy the parts named in the message.",
    checks: "The data parts `.part001` … `.partNNN` must exist (Count of them), their sizes must add up to Bytes, and every part but the last must have the same size.",
    why: "Joining incomplete parts produces a corrupt archive (Zarf #2326).",
    example: "Count 3, but `.part002` is missing.",
    fix: "Re-copy the missing or short parts.",
};
