//! ZV306 `missing-artifact-type`: A manifest with the empty config has no `artifactType`.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV306,
    name: "missing-artifact-type",
    severity: Severity::Error,
    summary: "A manifest with the empty config has no `artifactType`",
    help: "Set `artifactType` on a manifest whose config is `application/vnd.oci.empty.v1+json`.",
    checks: "When `config.mediaType` is `application/vnd.oci.empty.v1+json`, the manifest must set `artifactType`. The empty config must also be the two bytes `{}` (size 2, digest `sha256:44136fa3…`).",
    why: "Without `artifactType` nobody can tell what the artifact is; referrers APIs filter on it.",
    example: "An artifact manifest with the empty config and no `artifactType`.",
    fix: "Rebuild the artifact with `oras push --artifact-type …`.",
};

/// An artifact manifest's empty config, without `artifactType` or not the real empty descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingArtifactType {
    /// The config is the empty descriptor and there is no `artifactType`.
    NoArtifactType,
    /// The config has the empty media type but is not the 2 bytes `{}`.
    NotTheEmptyConfig,
}

impl Message for MissingArtifactType {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            MissingArtifactType::NoArtifactType => {
                "the config is the empty descriptor, so the manifest must say what it is with \"artifactType\"".into()
            }
            MissingArtifactType::NotTheEmptyConfig => {
                format!("an empty config must be the 2 bytes {{}} ({}, size 2)", crate::oci::media::EMPTY_DIGEST)
            }
        }
    }
}
