//! ZV204 `invalid-media-type`: A media type is malformed.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV204,
    name: "invalid-media-type",
    severity: Severity::Error,
    summary: "A media type is malformed",
    help: "Media types look like `type/subtype` (RFC 6838), e.g. `application/vnd.oci.image.manifest.v1+json`.",
    checks: "`mediaType`, `artifactType` and `config.mediaType` must match RFC 6838: `type/subtype`, each part starting with a letter or digit, at most 127 characters, from `A-Za-z0-9!#$&^_.+-`.",
    why: "Clients choose how to read a blob by its media type; a malformed one is refused by registries.",
    example: "`\"mediaType\": \"application\"` or `\"mediaType\": \"foo/.bar\"`.",
    fix: "Use a registered media type.",
};

/// A media type that is not `type/subtype`, by the field it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidMediaType {
    MediaType(String),
    ArtifactType(String),
}

impl Message for InvalidMediaType {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let (field, value) = match self {
            InvalidMediaType::MediaType(v) => ("media type", v),
            InvalidMediaType::ArtifactType(v) => ("artifactType", v),
        };
        format!("{field} \"{value}\" is not of the form type/subtype (RFC 6838)")
    }
}
