//! ZV007 `legacy-format`: The package uses a legacy format zverify cannot verify.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV007",
    name: "legacy-format",
    severity: Severity::Error,
    summary: "The package uses a legacy format zverify cannot verify",
    help: "Rebuild the package with a current Zarf, or verify it with the Zarf version that built it.",
    checks: "Docker schema 1 manifests (`application/vnd.docker.distribution.manifest.v1+json`, signed or not), and Zarf packages from v0.24 and older that keep images in one `images.tar`.",
    why: "Schema 1 manifests are deprecated, cannot be pulled by digest from current registries, and their digests are computed over a re-signed body.",
    example: "An index entry with media type `application/vnd.docker.distribution.manifest.v1+prettyjws`.",
    fix: "Re-pull the image as a schema 2 or OCI manifest and rebuild the package.",
};
