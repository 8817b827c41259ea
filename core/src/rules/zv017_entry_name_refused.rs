//! ZV017 `entry-name-refused`: Zarf refuses to extract an entry with this name.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use crate::path::Refused;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV017,
    name: "entry-name-refused",
    severity: Severity::Error,
    summary: "Zarf refuses to extract an entry with this name",
    help: "Rebuild the package with portable names; `zarf package deploy` stops at this entry. `zarf package deploy` fails when it loads the package (\"unable to decompress: extracting: handling file: …\").",
    checks: "Entry names Zarf's extractor rejects on every platform: empty names, any backslash, a `:` in a path component, a component ending in dots or spaces (other than `.` and `..`), and Windows device names (`CON`, `PRN`, `AUX`, `NUL`, `COM0`-`COM9`, `LPT0`-`LPT9`, also with an extension such as `NUL.txt`), case-insensitively. Link targets too.",
    why: "Zarf (src/pkg/archive) validates every name before extracting it and fails the whole load on the first one it refuses: the package cannot be deployed.",
    example: "An entry `components/aux.tar` or `images/blobs/sha256:abc`.",
    fix: "Rename the files and rebuild the package.",
};

/// An entry name Zarf refuses to extract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryNameRefused {
    pub noun: &'static str,
    pub name: String,
    pub why: Refused,
}

impl Message for EntryNameRefused {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("the {} \"{}\" was not verified: Zarf refuses to extract it because {}", self.noun, self.name, self.why)
    }
}
