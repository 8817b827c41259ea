//! ZV713 `registry-unreachable`: A registry could not be asked about an image.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV713,
    name: "registry-unreachable",
    severity: Severity::Warning,
    summary: "A registry could not be asked about an image",
    help: "Nothing was checked against this registry: check the network, the host name and the credentials (~/.docker/config.json, --username/--password-stdin).",
    checks: "`--against-registry`: each registry is contacted for the images it serves; one that cannot be reached or refuses the credentials is reported once per image, naming the host, and the run goes on.",
    why: "An air-gapped or offline machine cannot reach upstream registries; that must not fail the check of the package itself, but it must not look like a pass for the registry questions either.",
    example: "`cannot reach registry ghcr.io: connection refused` for `ghcr.io/org/app:v1`.",
    fix: "Run the check where the registry is reachable, or point `--against-registry=HOST` at a mirror.",
};

/// A registry that could not be asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryUnreachable {
    pub registry: String,
    pub reference: String,
    /// The client's error, in plain words (never a credential).
    pub detail: String,
}

impl Message for RegistryUnreachable {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let RegistryUnreachable { registry, reference, detail } = self;
        format!("registry {registry} could not be asked about \"{reference}\": {detail}")
    }
}
