//! ZV402 `diff-ids-count`: The number of `rootfs.diff_ids` differs from the number of layers.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV402,
    name: "diff-ids-count",
    severity: Severity::Warning,
    summary: "The number of `rootfs.diff_ids` differs from the number of layers",
    help: "Each layer has one diff_id (the digest of its uncompressed content); the image is inconsistent.",
    checks: "For a manifest with an image config, `rootfs.diff_ids` must have as many entries as `layers`.",
    why: "Runtimes pair layers with diff_ids by position; a count mismatch fails unpacking or unpacks the wrong layer.",
    example: "Three layers and two diff_ids.",
    fix: "Rebuild the image.",
};

/// A manifest's layer count against its config's diff_ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffIdsCount {
    pub layers: usize,
    pub diff_ids: usize,
}

impl Message for DiffIdsCount {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("the manifest has {} layer(s) but its config lists {} diff_id(s)", self.layers, self.diff_ids)
    }
}
