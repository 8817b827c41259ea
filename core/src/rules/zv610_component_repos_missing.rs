//! ZV610 `component-repos-missing`: A component lists git repositories but its tarball has no repos directory.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV610,
    name: "component-repos-missing",
    severity: Severity::Error,
    summary: "A component lists git repositories but its tarball has no repos directory",
    help: "Zarf cannot push the repositories; rebuild the package.",
    checks: "A component with `repos` must have the directory `<name>/repos/` in its tarball, holding something. (The clone's name depends on the URL transform; zverify checks the directory, not each clone.)",
    why: "At deploy `GetComponentDir` fails with `could not access a repos directory`.",
    example: "`app/repos/` removed from `components/app.tar`.",
    fix: "Rebuild the package with `zarf package create`.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentReposMissing {
    pub component: String,
    pub repos: usize,
}

impl Message for ComponentReposMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("component \"{}\" lists {} git repositories, but its tarball has no \"{}/repos/\" directory with anything in it", self.component, self.repos, self.component)
    }
}
