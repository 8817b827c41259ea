//! ZV512 `image-reference-invalid`: An image reference in zarf.yaml is not a valid reference.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV512,
    name: "image-reference-invalid",
    severity: Severity::Error,
    summary: "An image reference in zarf.yaml is not a valid reference",
    help: "References look like `[host[:port]/]path[:tag][@sha256:…]`, lowercase repository names. A deploy fails at the image push (\"failed to resolve image: …\").",
    checks:
        "Component image references must parse with the grammar and normalization Zarf uses (distribution/reference).",
    why: "Zarf refuses to create or deploy a package with such a reference.",
    example: "`ghcr.io/Org/App:v1` (uppercase repository).",
    fix: "Fix the reference in the package definition and rebuild.",
};

/// A zarf.yaml image reference Zarf cannot parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageReferenceInvalid {
    pub component: String,
    /// The component's index in zarf.yaml.
    pub index: usize,
    pub reference: String,
    pub error: crate::zarf::reference::RefError,
}

impl Message for ImageReferenceInvalid {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let ImageReferenceInvalid { component, index, reference, error } = self;
        format!("component \"{component}\" (#{index}) image \"{reference}\": {error}")
    }
}
