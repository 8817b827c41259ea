//! ZV606 `component-values-missing`: A chart values file zarf.yaml lists is not in the component tarball.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV606,
    name: "component-values-missing",
    severity: Severity::Error,
    summary: "A chart values file zarf.yaml lists is not in the component tarball",
    help: "Zarf cannot install the chart with its values; rebuild the package.",
    checks: "For each chart, each of its `valuesFiles` then `templatedValuesFiles` (index k, counted across both) must be the file `<name>/values/<chart>-<version>-<k>` (Zarf's `ChartValuesFileName`).",
    why: "Zarf passes exactly those paths to Helm at deploy; a missing one fails the install.",
    example: "`app/values/demo-0.1.0-0` removed.",
    fix: "Rebuild the package with `zarf package create`.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentValuesMissing {
    pub component: String,
    pub chart: String,
    pub expected: String,
}

impl Message for ComponentValuesMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "component \"{}\" chart \"{}\" values file should be stored at \"{}\", which is not in the tarball",
            self.component, self.chart, self.expected
        )
    }
}
