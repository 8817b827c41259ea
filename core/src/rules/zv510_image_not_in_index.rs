//! ZV510 `image-not-in-index`: An image named in zarf.yaml has no entry in images/index.json.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV510",
    name: "image-not-in-index",
    severity: Severity::Error,
    summary: "An image named in zarf.yaml has no entry in images/index.json",
    help: "The package does not hold an image its components deploy; rebuild it.",
    checks: "Every image of every component (`images`, `imageArchives[].images`, v1beta1 image objects), normalized as Zarf normalizes references, must match the `base.name` or `ref.name` annotation of an index.json entry.",
    why: "Zarf pushes images by these annotations; a missing one fails the deployment.",
    example: "zarf.yaml lists `ghcr.io/stefanprodan/podinfo:6.4.0`; index.json has no entry for it.",
    fix: "Rebuild the package.",
};
