//! ZV516 `split-parts-mismatch`: The split package's parts do not match its part000.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV516,
    name: "split-parts-mismatch",
    severity: Severity::Error,
    summary: "The split package's parts do not match its part000",
    help: "A part is missing, extra, or of the wrong size; re-copy the parts named in the message. Where the part count or a part's bytes differ, `zarf package deploy` fails when it loads the package.",
    checks: "The data parts `.part001` … `.partNNN` must exist (Count of them), their sizes must add up to Bytes, and every part but the last must have the same size.",
    why: "Joining incomplete parts produces a corrupt archive (Zarf #2326).",
    example: "Count 3, but `.part002` is missing.",
    fix: "Re-copy the missing or short parts.",
};

/// The data parts against part000, or files Zarf would join with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitPartsMismatch {
    /// Part `part` of the `count` announced is missing.
    Missing { part: u32, count: u32 },
    /// `name` is numbered past the `count` parts announced.
    Beyond { name: String, count: u32 },
    /// The parts' total size against the size announced.
    Bytes { total: u64, announced: u64 },
    /// A part (not the last) whose size differs from the first's.
    PartSize { size: u64, others: u64 },
    /// `name` matches `<stem>.part*` without being a part.
    Stray { name: String, stem: String },
}

impl Message for SplitPartsMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            SplitPartsMismatch::Missing { part, count } => format!("part {part} of {count} is missing"),
            SplitPartsMismatch::Beyond { name, count } => {
                format!("{name} is beyond the {count} parts part000 announces")
            }
            SplitPartsMismatch::Bytes { total, announced } => {
                format!("the parts hold {total} bytes but part000 says the package is {announced} bytes")
            }
            SplitPartsMismatch::PartSize { size, others } => {
                format!("this part is {size} bytes where the others are {others}: it was cut short or padded")
            }
            SplitPartsMismatch::Stray { name, stem } => format!(
                "{name} is not one of the package's parts, but its name matches `{stem}.part*`: Zarf joins every file matching that pattern, in name order, and refuses the package when their number is not part000's Count plus one"
            ),
        }
    }
}
