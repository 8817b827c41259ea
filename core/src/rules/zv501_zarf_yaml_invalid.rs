//! ZV501 `zarf-yaml-invalid`: zarf.yaml cannot be read as a Zarf package definition.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV501",
    name: "zarf-yaml-invalid",
    severity: Severity::Error,
    summary: "zarf.yaml cannot be read as a Zarf package definition",
    help: "zarf.yaml must be YAML with `kind: ZarfPackageConfig` or `ZarfInitConfig` and `metadata.name`; rebuild the package.",
    checks: "zarf.yaml must parse as YAML (aliases are bounded), hold at least one document with `kind` ZarfPackageConfig or ZarfInitConfig, and name the package in `metadata.name`. Multi-document files (v1alpha1 then v1beta1, Zarf v0.75.1+) are read document by document.",
    why: "zarf.yaml drives every Zarf operation; a package whose definition cannot be read cannot be deployed or checked against its images and checksums.",
    example: "A zarf.yaml truncated in the middle of a mapping.",
    fix: "Rebuild the package with `zarf package create`.",
};
