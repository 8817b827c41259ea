//! ZV603 `component-file-shasum-mismatch`: A component file does not match the shasum zarf.yaml gives it.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV603,
    name: "component-file-shasum-mismatch",
    severity: Severity::Error,
    summary: "A component file does not match the shasum zarf.yaml gives it",
    help: "The file in the package is not the one zarf.yaml pins; Zarf refuses it at deploy.",
    checks: "For each `files[i]` with a `shasum`, the stored file's sha256, in lowercase hex, must equal the `shasum` string exactly (Zarf's `helpers.SHAsMatch`: a plain string comparison, so an uppercase shasum never matches). A `shasum` on a directory never matches: Zarf cannot hash a directory.",
    why: "Zarf checks the shasum again at deploy (`src/pkg/packager/deploy.go`) and stops with `expected sha256 of … to be …`; before that, nothing else in the package notices the file changed (checksums.txt covers only the tarball, which whoever changed the file also rehashes).",
    example: "`files/0/hello.txt` edited after the build, with checksums.txt and the aggregate checksum rewritten to match.",
    fix: "Rebuild the package from the right file, or correct the `shasum`.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentFileShasumMismatch {
    pub component: String,
    pub index: usize,
    pub expected: String,
    pub found: Option<String>,
}

impl Message for ComponentFileShasumMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match &self.found { Some(found) => format!("component \"{}\" files[{}] has sha256 {found}, but zarf.yaml gives shasum {} (Zarf compares the two strings exactly)", self.component, self.index, self.expected), None => format!("component \"{}\" files[{}] is a directory, but zarf.yaml gives it shasum {}: Zarf cannot hash a directory, so the deploy fails", self.component, self.index, self.expected) }
    }
}
