//! ZV101 `oci-layout-missing`: The image layout has no `oci-layout` file.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV101,
    name: "oci-layout-missing",
    severity: Severity::Error,
    summary: "The image layout has no `oci-layout` file",
    help: "Add `oci-layout` containing {\"imageLayoutVersion\":\"1.0.0\"} at the layout root.",
    checks: "An OCI image layout directory (one with `index.json`) must contain an `oci-layout` file.",
    why: "Tools identify and version a layout by this file; without it, `skopeo`, `oras` and Zarf refuse the layout.",
    example: "`images/index.json` present, `images/oci-layout` absent.",
    fix: "Write `{\"imageLayoutVersion\":\"1.0.0\"}` to `oci-layout`.",
};

/// An image layout with no `oci-layout` file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OciLayoutMissing;

impl Message for OciLayoutMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        "this image layout has no oci-layout file".into()
    }
}
