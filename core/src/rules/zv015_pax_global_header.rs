//! ZV015 `pax-global-header`: A PAX global header carries records readers apply differently.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV015,
    name: "pax-global-header",
    severity: Severity::Error,
    summary: "A PAX global header carries records readers apply differently",
    help: "Rebuild the package; Go ignores global records that other readers apply to every later entry.",
    checks: "PAX global headers (type `g`) with any record other than `comment` (which `git archive` writes).",
    why: "Go's `archive/tar` returns a global header as an entry and does not apply it; Zarf skips it. GNU tar and bsdtar apply `path`, `size` and other global records to the entries after it, so the same archive lists different names or lengths.",
    example: "A global header with `size=0` before the package's entries.",
    fix: "Rebuild the package without global headers.",
};

/// A PAX global header that sets `keys`; it ends at byte `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaxGlobalHeader {
    pub at: u64,
    pub keys: Vec<String>,
}

impl Message for PaxGlobalHeader {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "the PAX global header ending at byte {} sets {}: Go ignores global records, GNU tar and bsdtar apply them to every later entry",
            self.at,
            self.keys.join(", ")
        )
    }
}
