//! ZV511 `index-entry-unrequested`: An index.json entry matches no image in zarf.yaml.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV511",
    name: "index-entry-unrequested",
    severity: Severity::Warning,
    summary: "An index.json entry matches no image in zarf.yaml",
    help: "The entry is carried but never deployed; it wastes space. Rebuild the package.",
    checks: "Every index.json entry should be asked for by some component image. Unannotated child manifests of a stored index (Zarf v0.77+ may list them) are exempt.",
    why: "Dead images bloat an air-gapped package and may be left-overs of a replaced, vulnerable image.",
    example: "An entry for `nginx:1.25` after the component switched to `nginx:1.27`.",
    fix: "Rebuild the package.",
};
