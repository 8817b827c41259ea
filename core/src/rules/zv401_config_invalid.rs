//! ZV401 `config-invalid`: An image config lacks a required field or has a wrong type.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV401",
    name: "config-invalid",
    severity: Severity::Error,
    summary: "An image config lacks a required field or has a wrong type",
    help: "Image configs need string `architecture` and `os`, and `rootfs` of type `layers` with a `diff_ids` array.",
    checks: "OCI and Docker image configs are checked against the image-spec schema: required `architecture`, `os`, `rootfs`; `rootfs.type` = `layers`; `diff_ids` digests; `config.Env` strings of the form `NAME=value`; `history` an array; `created` an RFC 3339 date. Inside a layout, configs that omit `architecture`, `os` or `rootfs` (oras and regclient write such configs for artifacts) are accepted; `zverify doc` applies the schema strictly.",
    why: "Runtimes refuse configs they cannot read; the layers of such an image never run.",
    example: "`\"os\": 123` or `\"rootfs\": {\"type\": \"tarball\"}`.",
    fix: "Rebuild the image.",
};
