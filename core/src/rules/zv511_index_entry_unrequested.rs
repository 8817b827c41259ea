//! ZV511 `index-entry-unrequested`: An index.json entry matches no image in zarf.yaml.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV511,
    name: "index-entry-unrequested",
    severity: Severity::Warning,
    summary: "An index.json entry matches no image in zarf.yaml",
    help: "The entry is carried but never deployed; it wastes space. Rebuild the package.",
    checks: "Every index.json entry should be asked for by some component image. Unannotated child manifests of a stored index (Zarf v0.77+ may list them) are exempt.",
    why: "Dead images bloat an air-gapped package and may be left-overs of a replaced, vulnerable image.",
    example: "An entry for `nginx:1.25` after the component switched to `nginx:1.27`.",
    fix: "Rebuild the package.",
};

/// An images/index.json entry no zarf.yaml image asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexEntryUnrequested {
    /// Its base.name or ref.name.
    Named(String),
    Unnamed,
}

impl Message for IndexEntryUnrequested {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            IndexEntryUnrequested::Named(r) => {
                format!("this entry (\"{r}\") matches no image in zarf.yaml; it is carried but never deployed")
            }
            IndexEntryUnrequested::Unnamed => {
                "this entry has no base.name or ref.name annotation and matches no image in zarf.yaml".into()
            }
        }
    }
}
