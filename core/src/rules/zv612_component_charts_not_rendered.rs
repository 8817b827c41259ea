//! ZV612 `component-charts-not-rendered`: Images a chart runs are not checked.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV612,
    name: "component-charts-not-rendered",
    severity: Severity::Note,
    summary: "Images a chart runs are not checked",
    help: "zverify does not render Helm charts: their images are not compared with the package's.",
    checks: "Reported once per package with charts: what charts deploy depends on rendering with the deploy's values, which zverify does not do.",
    why: "So that a clean report is not read as saying every image a chart runs is carried.",
    example: "A package with `charts/demo-0.1.0.tgz`.",
    fix: "Nothing to fix; check chart images with `zarf dev find-images` when building.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentChartsNotRendered {
    pub charts: usize,
}

impl Message for ComponentChartsNotRendered {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("{} chart(s) were checked for presence, name and version, but not rendered: the images they run are not compared with the package's images", self.charts)
    }
}
