//! ZV102 `oci-layout-invalid`: The `oci-layout` file is not `{"imageLayoutVersion": "1.0.0"}`.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use super::words::Shape;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV102,
    name: "oci-layout-invalid",
    severity: Severity::Error,
    summary: "The `oci-layout` file is not `{\"imageLayoutVersion\": \"1.0.0\"}`",
    help: "Write `{\"imageLayoutVersion\":\"1.0.0\"}` to `oci-layout`. When the image is one zarf.yaml asks for, a deploy fails at the image push.",
    checks: "`oci-layout` must be a JSON object whose `imageLayoutVersion` is the string `1.0.0`.",
    why: "A layout of another version may store blobs differently; reading it as 1.0.0 can give wrong answers.",
    example: "`{\"imageLayoutVersion\": 1.0}`",
    fix: "Write `{\"imageLayoutVersion\":\"1.0.0\"}`.",
};

/// What is wrong with the `oci-layout` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OciLayoutInvalid {
    /// A version string other than 1.0.0.
    Version(String),
    Shape(Shape),
}

impl Message for OciLayoutInvalid {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            OciLayoutInvalid::Version(v) => {
                format!("imageLayoutVersion is \"{v}\"; zverify reads layouts of version \"1.0.0\"")
            }
            OciLayoutInvalid::Shape(s) => s.to_string(),
        }
    }
}
