//! ZV712 `registry-index-digest-confirmed`: The registry confirms a pinned digest is an index whose child the package holds.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV712,
    name: "registry-index-digest-confirmed",
    severity: Severity::Error,
    summary: "The registry confirms a pinned digest is an index whose child the package holds",
    help: "Rebuild the package with Zarf v0.77.0 or later (it keeps the whole index), or pin the platform digest the package holds.",
    checks: "`--against-registry`: for an image pinned by digest X whose package entry stores another digest Y, the registry is asked for X. When X is an image index listing Y, the #2425 diagnosis (ZV311) is confirmed with the platform the registry lists for Y; when X is an index that does not list Y, that is reported instead.",
    why: "Deploying pushes Y and then pulls by X, which the cluster registry cannot find (Zarf #2425, #2394). The registry's own answer turns the diagnosis from the package's shape into a fact.",
    example: "`alpine:3.20@sha256:beef…` is, on docker.io, an index whose linux/amd64 child is `sha256:a180…`, the manifest the package holds.",
    fix: "Rebuild with Zarf v0.77.0+, or change the reference to `…@<platform digest>`.",
};

/// What the registry says about a pinned digest the package does not store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryIndexDigestConfirmed {
    /// X is an index and Y is its child for `platform`.
    Child { reference: String, pinned: String, stored: String, platform: String },
    /// X is an index without Y among its children.
    NotAChild { reference: String, pinned: String, stored: String },
}

impl Message for RegistryIndexDigestConfirmed {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            RegistryIndexDigestConfirmed::Child { reference, pinned, stored, platform } => format!(
                "the registry confirms it: {pinned} (pinned by \"{reference}\") is an image index, and the manifest the package holds, {stored}, is its {platform} child. A deploy pushes {stored} and then pulls {pinned}, which fails (Zarf #2425)"
            ),
            RegistryIndexDigestConfirmed::NotAChild { reference, pinned, stored } => format!(
                "{pinned} (pinned by \"{reference}\") is an image index on the registry, and the manifest the package holds, {stored}, is not one of its children"
            ),
        }
    }
}
