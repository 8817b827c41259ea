//! ZV607 `component-manifest-missing`: A manifest zarf.yaml lists is not in the component tarball.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV607,
    name: "component-manifest-missing",
    severity: Severity::Error,
    summary: "A manifest zarf.yaml lists is not in the component tarball",
    help: "Zarf cannot apply the manifest; rebuild the package.",
    checks: "For each `manifests[i]`, each file k must be `<name>/manifests/<manifest>-<k>.yaml` (Zarf's `ManifestFileName`) and each kustomization k `<name>/manifests/kustomization-<manifest>-<k>.yaml` (`KustomizationFileName`).",
    why: "At deploy Zarf reads exactly those files into the chart it installs; a missing one fails the deploy.",
    example: "`app/manifests/web-0.yaml` removed.",
    fix: "Rebuild the package with `zarf package create`.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentManifestMissing {
    pub component: String,
    pub manifest: String,
    pub expected: String,
}

impl Message for ComponentManifestMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "component \"{}\" manifest \"{}\" should be stored at \"{}\", which is not in the tarball",
            self.component, self.manifest, self.expected
        )
    }
}
