//! ZV605 `component-chart-invalid`: A chart archive is unreadable or is not the chart zarf.yaml names.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV605,
    name: "component-chart-invalid",
    severity: Severity::Error,
    summary: "A chart archive is unreadable or is not the chart zarf.yaml names",
    help: "The chart archive is not what zarf.yaml promises; rebuild the package.",
    checks: "Each chart's `.tgz` must read as Helm's loader reads it (gzip, then tar; entries under one top directory) and hold a `Chart.yaml` whose `name` and `version` are the chart's `name` and `version` in zarf.yaml.",
    why: "Helm cannot install an archive it cannot read; a chart whose name or version differs from zarf.yaml is not the chart the package claims to deploy (and its images were found from another chart).",
    example: "`demo-0.1.0.tgz` replaced by a build of version 0.2.0.",
    fix: "Rebuild the package with `zarf package create`.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentChartInvalid {
    pub component: String,
    pub chart: String,
    pub why: String,
}

impl Message for ComponentChartInvalid {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("component \"{}\" chart \"{}\": {}", self.component, self.chart, self.why)
    }
}
