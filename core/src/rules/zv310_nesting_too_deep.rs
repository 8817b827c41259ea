//! ZV310 `nesting-too-deep`: Indexes are nested too deeply or form a loop.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV310,
    name: "nesting-too-deep",
    severity: Severity::Error,
    summary: "Indexes are nested too deeply or form a loop",
    help: "Nested indexes deeper than the limit were not walked; check the layout for a reference loop, or raise the limit with --max-index-depth.",
    checks:
        "Nested indexes are followed recursively up to a depth limit (16 by default, `--max-index-depth`); a document already on the path is a loop. Blobs referenced only from beyond the limit are reported as not walked (ZV111), not as unreferenced.",
    why: "A loop or an absurd depth is a denial-of-service against tools that follow references without a bound.",
    example: "An index whose child is an index whose child is … 50 levels down.",
    fix: "Flatten the index.",
};

/// Indexes nested past the limit, or in a loop. `digest` is short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NestingTooDeep {
    Loop { digest: String },
    Limit { limit: u64, digest: String },
}

impl Message for NestingTooDeep {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            NestingTooDeep::Loop { digest } => format!("{digest} refers back to itself through nested indexes"),
            NestingTooDeep::Limit { limit, digest } => format!(
                "indexes are nested more than {limit} levels deep (the limit); {digest} and what it references were not walked; a higher index depth limit walks them"
            ),
        }
    }
}
