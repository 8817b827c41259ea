//! ZV302 `media-type-conflict`: The descriptor's media type differs from the document's own `mediaType`.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV302,
    name: "media-type-conflict",
    severity: Severity::Warning,
    summary: "The descriptor's media type differs from the document's own `mediaType`",
    help: "The bytes match the digest, so the content is intact, but clients may parse it with the wrong type.",
    checks: "When a descriptor pointing at a manifest or index says one media type and the document's own `mediaType` says another (e.g. OCI manifest vs Docker v2 manifest).",
    why: "Registries and runtimes pick a parser from the descriptor; a conflict can make a pull fail or read the wrong fields.",
    example: "Descriptor `application/vnd.oci.image.manifest.v1+json`, body `application/vnd.docker.distribution.manifest.v2+json`.",
    fix: "Rebuild the index with the descriptor media type copied from the manifest.",
};

/// The descriptor's media type and the document's own disagree (same kind of document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaTypeConflict {
    pub descriptor: String,
    pub document: String,
}

impl Message for MediaTypeConflict {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("the descriptor says \"{}\" but the document's own mediaType is \"{}\"", self.descriptor, self.document)
    }
}
