//! ZV609 `component-data-missing`: A data injection zarf.yaml lists is not in the component tarball.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV609,
    name: "component-data-missing",
    severity: Severity::Error,
    summary: "A data injection zarf.yaml lists is not in the component tarball",
    help: "Zarf cannot inject the data; rebuild the package.",
    checks: "For each `dataInjections[i]`, `<name>/data/<i>/<base(target.path)>` must be in the tarball (a file or a directory).",
    why: "At deploy Zarf copies that path into the target pod; without it the injection fails.",
    example: "`app/data/0/payload` removed.",
    fix: "Rebuild the package with `zarf package create`.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentDataMissing {
    pub component: String,
    pub index: usize,
    pub expected: String,
}

impl Message for ComponentDataMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "component \"{}\" dataInjections[{}] should be stored at \"{}\", which is not in the tarball",
            self.component, self.index, self.expected
        )
    }
}
