//! ZV212 `too-many-descriptors`: A document lists more descriptors than zverify reads.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV212,
    name: "too-many-descriptors",
    severity: Severity::Error,
    summary: "A document lists more descriptors than zverify reads",
    help: "Raise the limit with --max-descriptors, or split the index.",
    checks: "The `manifests` of an index and the `layers` of a manifest hold at most --max-descriptors entries (default 10000); past it, the rest are not checked.",
    why: "Every descriptor is followed into the layout; an unbounded list lets one small document demand unbounded work. What zverify did not check is not reported as fine.",
    example: "An index.json with 200000 entries.",
    fix: "Split the content over several indexes or packages.",
};

/// A descriptor list longer than zverify reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooManyDescriptors {
    pub len: usize,
    pub max: usize,
}

impl Message for TooManyDescriptors {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let TooManyDescriptors { len, max } = *self;
        format!(
            "this list holds {len} descriptors; zverify reads at most {max} from one document (the descriptor limit), so the other {} were not checked",
            len - max
        )
    }
}
