//! ZV604 `component-chart-missing`: A chart zarf.yaml lists is not in the component tarball.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV604,
    name: "component-chart-missing",
    severity: Severity::Error,
    summary: "A chart zarf.yaml lists is not in the component tarball",
    help: "Zarf cannot install the chart; rebuild the package.",
    checks: "For each `charts[i]`, `<name>/charts/<chart>-<version>.tgz` (Zarf's `ChartArchiveName`; `<chart>.tgz` without a version) must be a file in the tarball.",
    why: "At deploy Zarf loads the chart from exactly that path (`helm/common.go`) and fails without it.",
    example: "`app/charts/demo-0.1.0.tgz` removed, or stored as `demo-0.2.0.tgz`.",
    fix: "Rebuild the package with `zarf package create`.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentChartMissing {
    pub component: String,
    pub chart: String,
    pub expected: String,
}

impl Message for ComponentChartMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "component \"{}\" chart \"{}\" should be stored at \"{}\", which is not in the tarball",
            self.component, self.chart, self.expected
        )
    }
}
