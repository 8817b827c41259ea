//! ZV109 `blob-unreferenced`: A blob is stored but nothing references it.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV109,
    name: "blob-unreferenced",
    severity: Severity::Warning,
    summary: "A blob is stored but nothing references it",
    help: "Unreferenced blobs only waste space; rebuild or garbage-collect the layout to drop them.",
    checks: "Every blob under `blobs/` should be reachable from `index.json` (through manifests, configs, layers, subjects). The finding says how many bytes are wasted.",
    why: "Dead blobs bloat packages carried across air gaps, and may be left-overs of a replaced (possibly vulnerable) image.",
    example: "A 30 MB layer left behind after an image was removed from `index.json`.",
    fix: "Rebuild the package, or garbage-collect the layout (e.g. `oras` / `regctl` gc).",
};

/// A blob nothing references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlobUnreferenced {
    pub size: u64,
}

impl Message for BlobUnreferenced {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let unit = if self.size == 1 { "byte" } else { "bytes" };
        format!("nothing in index.json references this blob; it wastes {} {unit}", self.size)
    }
}
