//! ZV602 `component-file-missing`: A file zarf.yaml lists is not in the component tarball.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV602,
    name: "component-file-missing",
    severity: Severity::Error,
    summary: "A file zarf.yaml lists is not in the component tarball",
    help: "Zarf cannot deploy the component's file; rebuild the package.",
    checks: "For each `files[i]` of a component, `<name>/files/<i>/<base(target)>` (Zarf's `ComponentFileRelPath`) must be in the tarball, as a regular file or (for a directory source) a directory.",
    why: "At deploy Zarf copies that path to the target; without it the deploy fails.",
    example: "`app/files/0/hello.txt` removed from `components/app.tar`.",
    fix: "Rebuild the package with `zarf package create`.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentFileMissing {
    pub component: String,
    pub index: usize,
    pub target: String,
    pub expected: String,
}

impl Message for ComponentFileMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "component \"{}\" files[{}] (target {:?}) should be stored at \"{}\", which is not in the tarball",
            self.component, self.index, self.target, self.expected
        )
    }
}
