//! ZV702 `layer-size-mismatch`: A layer a registry served does not have its descriptor's size.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV702,
    name: "layer-size-mismatch",
    severity: Severity::Error,
    summary: "A layer a registry served does not have its descriptor's size",
    help: "The manifest's size for this layer is wrong (registries accept wrong sizes on push): publish the package again.",
    checks: "`zverify check oci://…`: the bytes of every layer streamed from the registry are counted and compared with the `size` in the manifest.",
    why: "OCI clients, Zarf's among them, read exactly `size` bytes and check the digest over them: a wrong size fails the pull (or, with a matching digest, means the manifest was edited). A registry accepts a manifest whose sizes are wrong, so a successful push proves nothing about them.",
    example: "The layer titled `checksums.txt` is listed with `size: 512`, the registry serves 513 bytes.",
    fix: "Re-publish the package with `zarf package publish`, which writes the sizes of the files it uploads.",
};

/// A served layer's length is not its descriptor's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerSizeMismatch {
    pub title: String,
    pub expected: u64,
    pub actual: u64,
    /// Reading stopped at `actual` (one byte past the size): the layer is at least that long.
    pub more: bool,
}

impl Message for LayerSizeMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let LayerSizeMismatch { title, expected, actual, more } = self;
        let served = if *more {
            format!("more than {expected} bytes (reading stopped at {actual})")
        } else {
            format!("{actual} bytes")
        };
        format!("the registry served {served} for layer \"{title}\", but the manifest says {expected}")
    }
}
