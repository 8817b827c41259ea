//! ZV526 `checksums-lists-exempt-file`: checksums.txt lists a file Zarf leaves out of the files
//! it checks (zarf.yaml, checksums.txt, a signature, a provenance file of a signed package).

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV526,
    name: "checksums-lists-exempt-file",
    severity: Severity::Error,
    summary: "checksums.txt lists a file that Zarf leaves out of the files it checks",
    help: "`zarf package deploy` fails when it loads the package; checksums.txt was rewritten after the package was built.",
    checks: "No checksums.txt line names (after `.` and `..` are resolved) zarf.yaml, checksums.txt, zarf.yaml.sig, zarf.bundle.sig, or, when Zarf takes the package as signed (`build.signed`, or without it a zarf.yaml.sig), a file listed in `build.provenanceFiles`.",
    why: "Zarf's integrity check removes these files from the package's file list before it reads checksums.txt, so a line naming one is a file \"from checksum missing in layout\" and the load fails.",
    example: "`<sha256> zarf.bundle.sig` in checksums.txt.",
    fix: "Obtain the package again from its publisher.",
};

/// A checksums.txt line naming an exempt file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecksumsListsExemptFile {
    pub line: usize,
    pub path: String,
    /// True when the file is exempt as a provenance file.
    pub provenance: bool,
}

impl Message for ChecksumsListsExemptFile {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let why = if self.provenance {
            "a provenance file of a package Zarf takes as signed"
        } else {
            "a file Zarf never checksums"
        };
        format!(
            "checksums.txt line {} lists {}, {why}; a deploy fails when Zarf loads the package: \"file {} from checksum missing in layout\"",
            self.line, self.path, self.path
        )
    }
}
