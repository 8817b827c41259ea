//! ZV510 `image-not-in-index`: An image named in zarf.yaml has no entry in images/index.json.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV510,
    name: "image-not-in-index",
    severity: Severity::Error,
    summary: "An image named in zarf.yaml has no entry in images/index.json",
    help: "The package does not hold an image its components deploy; rebuild it.",
    checks: "Every image of every component (`images`, `imageArchives[].images`, v1beta1 image objects), normalized as Zarf normalizes references (`docker.io/library/…`, `:latest` added), must be, character for character, the `ref.name` annotation of an index.json entry, or its `base.name` when `ref.name` is absent or empty (the annotation is not normalized: Zarf looks the string up as it is).",
    why: "At push, Zarf resolves each image by that exact string in the layout; a missing one fails the deployment at the image push (\"failed to resolve image: …: not found\").",
    example: "zarf.yaml lists `ghcr.io/stefanprodan/podinfo:6.4.0`; index.json has no entry for it.",
    fix: "Rebuild the package.",
};

/// A zarf.yaml image with no entry in images/index.json.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageNotInIndex {
    /// As written in zarf.yaml, and normalized.
    pub written: String,
    pub normalized: String,
}

impl Message for ImageNotInIndex {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let ImageNotInIndex { written, normalized } = self;
        let norm = if written == normalized { String::new() } else { format!(" ({normalized})") };
        format!(
            "zarf.yaml asks for \"{written}\"{norm}, but no images/index.json entry has exactly that reference as its ref.name (or base.name, without a ref.name); a deploy fails at the image push: \"failed to resolve image: {normalized}: not found\""
        )
    }
}
