//! ZV506 `checksums-listed-missing`: A file listed in checksums.txt is not in the package.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV506,
    name: "checksums-listed-missing",
    severity: Severity::Error,
    summary: "A file listed in checksums.txt is not in the package",
    help: "The package is incomplete; re-copy it (or pull it again) in full. `zarf package deploy` fails when it loads the package (\"file … from checksum missing in layout\").",
    checks: "Every path listed in checksums.txt must be present as a regular file.",
    why: "Zarf refuses to deploy an incomplete package; a missing image blob fails the deployment.",
    example: "`sboms.tar` listed but absent.",
    fix: "Re-copy the package in full.",
};

/// checksums.txt lists a file that is not in the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecksumsListedMissing {
    Line {
        line: usize,
    },
    /// More such lines than are reported one by one.
    More(super::words::MoreLines),
}

impl Message for ChecksumsListedMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            ChecksumsListedMissing::Line { line } => {
                format!("checksums.txt line {line} lists this file, but it is not in the package")
            }
            ChecksumsListedMissing::More(m) => m.to_string(),
        }
    }
}
