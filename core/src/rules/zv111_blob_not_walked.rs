//! ZV111 `blob-not-walked`: A blob may be referenced by a document the walk could not read.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV111,
    name: "blob-not-walked",
    severity: Severity::Warning,
    summary: "A blob may be referenced by a document the walk could not read",
    help: "Fix the error on the document the message names (not inspected, not JSON, nested too deep); this blob is then checked in its role.",
    checks: "A blob the layout walk did not reach, when the walk stopped before some document: one over a limit (ZV005), one that is not JSON (ZV201), one nested deeper than the limit (ZV310). When the unread document is readable JSON (the nesting limit) and names this blob, the message says so; otherwise the blob may or may not be used. Unlike ZV109 it does not claim that nothing references the blob: zverify does not know.",
    why: "Saying \"nothing references this blob\" about a blob that a skipped manifest references would be false, and would invite deleting a layer the image needs. The blob's bytes were hashed and checked against its name, but its size and media type were not checked against the descriptor that uses it. The document the walk stopped at is itself reported as an error.",
    example: "A manifest over the document cap: its config and layers are reported as not walked.",
    fix: "Fix or re-check with a higher limit the document named in the message.",
};

/// A blob the walk did not reach, though something may reference it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobNotWalked {
    /// `by` (a document path) names it, but the walk stopped before it.
    NamedBy { by: String, size: u64 },
    /// The walk could not read `first` and `others` more documents, which may reference it.
    Unread { first: String, others: usize, size: u64 },
}

impl Message for BlobNotWalked {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            BlobNotWalked::NamedBy { by, size } => format!(
                "{by} references this blob, but the walk stopped before it (nesting limit): the blob's {size} bytes were hashed, but not checked against that descriptor or read in their role"
            ),
            BlobNotWalked::Unread { first, others, size } => {
                let more = match others {
                    0 => String::new(),
                    n => format!(" and {n} other document(s)"),
                };
                format!(
                    "no document the walk read references this blob, but the walk could not read {first}{more}, which may; whether this blob ({size} bytes) is used, and in which role, was not checked"
                )
            }
        }
    }
}
