//! ZV608 `component-manifest-invalid`: A component manifest is not Kubernetes YAML.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV608,
    name: "component-manifest-invalid",
    severity: Severity::Error,
    summary: "A component manifest is not Kubernetes YAML",
    help: "Kubernetes cannot apply it; rebuild the package from valid manifests.",
    checks: "Each manifest file must parse as YAML (several documents allowed) whose non-empty documents are each a mapping with string `apiVersion` and `kind`.",
    why: "The deploy fails when the manifests are applied, after earlier components have already changed the cluster.",
    example: "`web-0.yaml` truncated in the middle of a mapping.",
    fix: "Fix the manifest and rebuild the package.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentManifestInvalid {
    pub why: String,
}

impl Message for ComponentManifestInvalid {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("this manifest is not Kubernetes YAML: {}", self.why)
    }
}
