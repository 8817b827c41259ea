//! ZV002 `unsafe-path`: An archive entry's name escapes the package root.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use crate::path::UnsafePath;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV002,
    name: "unsafe-path",
    severity: Severity::Error,
    summary: "An archive entry's name escapes the package root",
    help: "Rebuild the package; a tool extracting this archive could write outside its target directory. A name that leaves the root: `zarf package deploy` fails when it loads the package (\"… path escapes from parent\"); one with a `..` that stays inside is extracted.",
    checks: "Entry names that are absolute (`/etc/passwd`), contain `..` components or NUL, and file names Zarf cannot create as files (`.`, `./`, or ending in `/.`, `/..` or `//`: Zarf's extraction fails on them). A `..` that stays inside the root is extracted by Zarf; zverify reports it anyway (stricter by policy: no package needs one).",
    why: "Extracting such an entry writes outside the destination (a 'zip slip'). zverify never extracts, it only reports.",
    example: "A tar entry named `../../root/.ssh/authorized_keys`.",
    fix: "Rebuild the package with a trusted tool; do not extract this archive with tools that follow such paths.",
};

/// An entry name that escapes the root or is not a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafeEntryPath {
    pub noun: &'static str,
    pub name: String,
    pub why: UnsafePath,
}

impl Message for UnsafeEntryPath {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("the {} \"{}\" was not verified: {}", self.noun, self.name, self.why)
    }
}
