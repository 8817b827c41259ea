//! ZV711 `registry-tag-moved`: A tag in a package's reference now points elsewhere in its registry.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV711,
    name: "registry-tag-moved",
    severity: Severity::Note,
    summary: "A tag in a package's reference now points elsewhere in its registry",
    help: "The package holds what the tag pointed to when it was built; rebuilding it today would take other content. Pin a digest to make builds repeatable.",
    checks: "`--against-registry`: for each image referenced by tag only, what the tag resolves to today must be the stored manifest or an index holding it; otherwise this note names both digests. A tag the registry no longer has is noted too.",
    why: "Tags move. A package is a snapshot, so this is not an error, but it tells whoever rebuilds the package that the result will differ.",
    example: "`nginx:1.27` was `sha256:a180…` when the package was built, and is `sha256:7c1f…` today.",
    fix: "Nothing, if the snapshot is what you want; otherwise rebuild, or pin `@sha256:…` in zarf.yaml.",
};

/// What a tag resolves to today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryTagMoved {
    Moved { reference: String, stored: String, now: String },
    Gone { reference: String, registry: String },
}

impl Message for RegistryTagMoved {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            RegistryTagMoved::Moved { reference, stored, now } => format!(
                "the tag of \"{reference}\" now points to {now}; the package holds {stored}, which is neither that nor one of its children"
            ),
            RegistryTagMoved::Gone { reference, registry } => {
                format!("registry {registry} no longer has the tag of \"{reference}\"")
            }
        }
    }
}
