//! ZV506 `checksums-listed-missing`: A file listed in checksums.txt is not in the package.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV506",
    name: "checksums-listed-missing",
    severity: Severity::Error,
    summary: "A file listed in checksums.txt is not in the package",
    help: "The package is incomplete; re-copy it (or pull it again) in full.",
    checks: "Every path listed in checksums.txt must be present as a regular file.",
    why: "Zarf refuses to deploy an incomplete package; a missing image blob fails the deployment.",
    example: "`sboms.tar` listed but absent.",
    fix: "Re-copy the package in full.",
};
