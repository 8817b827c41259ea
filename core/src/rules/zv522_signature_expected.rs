//! ZV522 `signature-expected`: zarf.yaml says the package is signed, but no signature file is present.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV522,
    name: "signature-expected",
    severity: Severity::Warning,
    summary: "zarf.yaml says the package is signed, but no signature file is present",
    help: "The signature was removed, or the package was repacked; obtain it again from its publisher. Given a key, `zarf package deploy` fails when it loads the package (\"signature verification failed: …\").",
    checks: "`build.signed: true` in zarf.yaml with neither `zarf.yaml.sig` nor `zarf.bundle.sig` in the package.",
    why: "A signature that went missing in transit cannot be verified by anyone downstream.",
    example: "A signed package whose .sig was dropped by a file filter.",
    fix: "Re-copy the package with all its files.",
};

/// build.signed: true, and no signature file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureExpected;

impl Message for SignatureExpected {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        "zarf.yaml says build.signed: true, but neither zarf.yaml.sig nor zarf.bundle.sig is in the package".into()
    }
}
