//! ZV514 `skeleton-has-images`: A skeleton package holds images.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV514,
    name: "skeleton-has-images",
    severity: Severity::Error,
    summary: "A skeleton package holds images",
    help: "Skeleton packages carry only definitions; images belong in the packages built from them.",
    checks: "When `metadata.architecture` is `skeleton`, the package must hold no image layout entries.",
    why: "Skeletons are published for composition; images in them are never deployed and break the format's contract.",
    example: "A skeleton with images/index.json listing entries.",
    fix: "Rebuild with `zarf package publish` of the definition only.",
};

/// A skeleton package with images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkeletonHasImages {
    /// The package holds an image.
    Holds,
    /// Its components list images.
    Lists,
}

impl Message for SkeletonHasImages {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            SkeletonHasImages::Holds => "this skeleton package holds an image; skeletons carry definitions only",
            SkeletonHasImages::Lists => "this skeleton package's components list images",
        }
        .into()
    }
}
