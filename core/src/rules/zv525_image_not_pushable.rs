//! ZV525 `image-not-pushable`: An image of a Zarf package has a shape Zarf's image push cannot
//! copy to a registry.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV525,
    name: "image-not-pushable",
    severity: Severity::Error,
    summary: "An image of a Zarf package has a shape Zarf's image push cannot copy to a registry",
    help: "`zarf package deploy` loads the package and then fails pushing this image to the cluster's registry; rebuild the package from an image without foreign layers.",
    checks: "In a Zarf package: no layer has a non-distributable (foreign) media type, and no layer of an OCI manifest has `urls` (a Docker v2 manifest's ordinary layer may); no manifest or index has a `mediaType` of its own other than the manifest or index type its descriptor gives it; every index.json entry that a zarf.yaml image resolves to has the media type of an OCI or Docker image manifest or index (not an artifact manifest, not empty).",
    why: "Zarf pushes with oras, which does not copy non-distributable layers, and a distribution registry (Zarf's own, default configuration) refuses an OCI manifest whose layers have `urls` (\"manifest blob unknown\"); and Zarf copies only what it takes for a manifest or an index (\"expected OCI manifest or index got …\"). Both observed with real Zarf and a distribution registry.",
    example: "A Windows base image whose layers carry `urls`; an index.json entry typed `application/vnd.oci.artifact.manifest.v1+json`.",
    fix: "Rebuild the package from an image whose layers are all stored in it.",
};

/// Why the push fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageNotPushable {
    /// A layer with `urls` or a foreign media type.
    ForeignLayer { digest: String, media_type: String, urls: usize },
    /// A manifest or index whose own `mediaType` is not the type its descriptor gives it.
    BodyMediaType { descriptor: String, document: String },
    /// The index.json entry of a requested image is neither manifest nor index.
    EntryMediaType { reference: String, media_type: String },
}

impl Message for ImageNotPushable {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            ImageNotPushable::ForeignLayer { digest, media_type, urls } => {
                let why = if crate::oci::media::is_foreign_layer(media_type) {
                    format!("is of the non-distributable type {media_type}")
                } else {
                    format!("has {urls} `urls` in an OCI manifest (a foreign layer)")
                };
                format!(
                    "layer {digest} {why}: a deploy fails at the image push, when the registry refuses the manifest (\"manifest blob unknown: blob unknown to registry\")"
                )
            }
            ImageNotPushable::BodyMediaType { descriptor, document } => format!(
                "the document says its mediaType is \"{document}\", its descriptor \"{descriptor}\": Zarf pushes it as the descriptor's type and the registry refuses it, so a deploy fails at the image push (\"manifest invalid\")"
            ),
            ImageNotPushable::EntryMediaType { reference, media_type } => format!(
                "\"{reference}\" resolves to an index.json entry of media type \"{media_type}\", neither an image manifest nor an index: a deploy fails at the image push (\"expected OCI manifest or index got {media_type}\")"
            ),
        }
    }
}
