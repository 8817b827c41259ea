//! ZV103 `index-missing`: The image layout has no `index.json`.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV103,
    name: "index-missing",
    severity: Severity::Error,
    summary: "The image layout has no `index.json`",
    help: "An image layout needs `index.json`, the entry point that names every image it holds. `zarf package deploy` fails when it loads the package (\"open …/index.json: no such file or directory\").",
    checks: "A directory with `oci-layout` (or a Zarf package with `images/blobs/`) must have `index.json` beside it.",
    why: "Without the index nothing in the layout can be found: no image can be deployed.",
    example: "`images/oci-layout` and `images/blobs/` present, `images/index.json` absent.",
    fix: "Rebuild the package; the index cannot be reconstructed safely by hand.",
};

/// An image layout with no `index.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexMissing;

impl Message for IndexMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        "this image layout has no index.json".into()
    }
}
