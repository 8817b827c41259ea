//! ZV209 `invalid-ref-name`: An `org.opencontainers.image.ref.name` annotation does not follow the grammar.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV209,
    name: "invalid-ref-name",
    severity: Severity::Warning,
    summary: "An `org.opencontainers.image.ref.name` annotation does not follow the grammar",
    help: "A ref.name is components of `[A-Za-z0-9]+` joined by `-._:@+` or `--`, separated by `/`.",
    checks: "The value of `org.opencontainers.image.ref.name` in `index.json` must match the image-spec grammar.",
    why: "Tools that look images up by this name (skopeo `oci:dir:name`, Zarf) cannot find an entry with a malformed name.",
    example: "`\"org.opencontainers.image.ref.name\": \"my image\"`",
    fix: "Use a tag or a full reference without spaces.",
};

/// An `org.opencontainers.image.ref.name` outside the image-spec grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRefName {
    pub name: String,
}

impl Message for InvalidRefName {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("ref.name \"{}\" does not follow the image-spec grammar", self.name)
    }
}
