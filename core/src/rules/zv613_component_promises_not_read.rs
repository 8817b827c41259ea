//! ZV613 `component-promises-not-read`: What zarf.yaml promises inside the component tarballs was not read.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV613,
    name: "component-promises-not-read",
    severity: Severity::Error,
    summary: "What zarf.yaml promises inside the component tarballs was not read",
    help: "zverify cannot tell whether the components' contents are what zarf.yaml promises; the deploy is not predicted.",
    checks: "Component promises (files, charts, values, manifests, data injections, repos) are read from the zarf.dev/v1alpha1 document of zarf.yaml. A zarf.yaml with only a zarf.dev/v1beta1 document names them with other fields, which zverify does not read yet: the component tarballs are still read as tar archives, but their contents are not checked against zarf.yaml.",
    why: "Fail closed: what is not inspected is never a pass.",
    example: "A zarf.yaml holding one `apiVersion: zarf.dev/v1beta1` document with components that have charts.",
    fix: "Nothing to fix in the package; check the deploy with Zarf itself.",
};

/// The component tarballs of a zarf.yaml whose promises zverify does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentPromisesNotRead {
    pub tarballs: usize,
}

impl Message for ComponentPromisesNotRead {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "zarf.yaml has only a zarf.dev/v1beta1 document, whose component fields zverify does not read yet: the contents of {} component tarball(s) were not checked against it",
            self.tarballs
        )
    }
}
