//! ZV401 `config-invalid`: An image config lacks a required field or has a wrong type.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use super::words::Shape;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV401,
    name: "config-invalid",
    severity: Severity::Error,
    summary: "An image config lacks a required field or has a wrong type",
    help: "Image configs need string `architecture` and `os`, and `rootfs` of type `layers` with a `diff_ids` array.",
    checks: "OCI and Docker image configs are checked against the image-spec schema: required `architecture`, `os`, `rootfs`; `rootfs.type` = `layers`; `diff_ids` digests; `config.Env` strings of the form `NAME=value`; `history` an array; `created` an RFC 3339 date. Inside a layout, configs that omit `architecture`, `os` or `rootfs` (oras and regclient write such configs for artifacts) are accepted; `zverify doc` applies the schema strictly.",
    why: "Runtimes refuse configs they cannot read; the layers of such an image never run.",
    example: "`\"os\": 123` or `\"rootfs\": {\"type\": \"tarball\"}`.",
    fix: "Rebuild the image.",
};

/// What is wrong with an image config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigInvalid {
    /// A value of the wrong kind, or a missing key.
    Shape(Shape),
    /// `created` is not a date Go's RFC 3339 parser reads.
    Created { value: String },
    /// `created` is written with a JSON escape, which Go's time parser does not unescape.
    CreatedEscaped,
    /// An `Env` entry without `=`.
    EnvEntry { value: String },
}

impl Message for ConfigInvalid {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            ConfigInvalid::Shape(s) => s.to_string(),
            ConfigInvalid::Created { value } => {
                format!("\"created\" is \"{value}\", not an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SS[.frac]Z or ±HH:MM)")
            }
            ConfigInvalid::CreatedEscaped => {
                "\"created\" is written with a JSON escape; Go's time parser reads the raw bytes and refuses it".into()
            }
            ConfigInvalid::EnvEntry { value } => format!("Env entry \"{value}\" is not of the form NAME=value"),
        }
    }
}
