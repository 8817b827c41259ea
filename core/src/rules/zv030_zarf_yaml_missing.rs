//! ZV030 `zarf-yaml-missing`: An archive shaped like a Zarf package has no zarf.yaml.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV030,
    name: "zarf-yaml-missing",
    severity: Severity::Error,
    summary: "An archive shaped like a Zarf package has no zarf.yaml",
    help: "The package is incomplete (often an archive cut short before its last entries, zarf.yaml and its signature); re-copy it from the source. `zarf package deploy` fails when it loads the package.",
    checks: "An archive or directory without a root `zarf.yaml` that holds what only a Zarf package holds at its root: `checksums.txt`, `components/`, `sboms.tar`, `documentation.tar`, `zarf.yaml.sig` or `zarf.bundle.sig`, `values.yaml` or `values.schema.json` beside an `images/` layout. Without zarf.yaml it would otherwise be checked as a bare OCI image layout, and pass.",
    why: "Zarf writes entries sorted by name, so `zarf.yaml` and `zarf.yaml.sig` come last: a transfer cut before them leaves an archive whose image layout is intact and which every other check passes, but which Zarf cannot load (no package definition) and whose images, checksums and signature were never checked against a zarf.yaml.",
    example: "`zarf-package-app-amd64-1.0.0.tar` cut exactly before its `zarf.yaml` entry.",
    fix: "Re-copy the package and compare its size and sha256 with the source.",
};

/// No zarf.yaml, but `what` (the Zarf structure found, e.g. "checksums.txt and components/").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZarfYamlMissing {
    pub what: String,
}

impl Message for ZarfYamlMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "there is no zarf.yaml, but this holds {}, as only a Zarf package does: the package is incomplete (an archive cut before its last entries, zarf.yaml and its signature, looks like this) and cannot be loaded; its images, checksums and signature were not checked against a zarf.yaml",
            self.what
        )
    }
}
