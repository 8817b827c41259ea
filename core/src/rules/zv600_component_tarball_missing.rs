//! ZV600 `component-tarball-missing`: A component with content has no tarball.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV600,
    name: "component-tarball-missing",
    severity: Severity::Error,
    summary: "A component with content has no tarball",
    help: "Zarf cannot deploy the component: rebuild the package so that `components/<name>.tar` is in it.",
    checks: "For each component of zarf.yaml with files, charts, manifests, data injections or repos, `components/<name>.tar` must be in the package (Zarf writes no tarball only for a component with nothing in it).",
    why: "At deploy Zarf opens the tarball with `GetComponentDir` and stops with `component <name> does not exist in package`.",
    example: "A component listing a manifest whose `components/web.tar` was removed from the archive.",
    fix: "Rebuild the package with `zarf package create`.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentTarballMissing {
    pub component: String,
    pub tarball: String,
}

impl Message for ComponentTarballMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("component \"{}\" lists content (files, charts, manifests, data injections or repos) but the package has no {}", self.component, self.tarball)
    }
}
