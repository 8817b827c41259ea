//! ZV104 `blobs-dir-missing`: The image layout has no `blobs/` directory.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV104,
    name: "blobs-dir-missing",
    severity: Severity::Warning,
    summary: "The image layout has no `blobs/` directory",
    help: "Create an empty `blobs/` directory; a layout always has one.",
    checks: "The layout root must contain `blobs/`, even when it is empty.",
    why: "Tools that write into the layout expect the directory; its absence usually means the blobs were lost in transfer.",
    example: "`oci-layout` and `index.json` without `blobs/`.",
    fix: "Re-copy the layout including `blobs/`.",
};

/// An image layout with no `blobs/` directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlobsDirMissing;

impl Message for BlobsDirMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        "this image layout has no blobs/ directory".into()
    }
}
