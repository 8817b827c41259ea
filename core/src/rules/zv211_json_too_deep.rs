//! ZV211 `json-too-deep`: A JSON document nests deeper than zverify reads.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV211,
    name: "json-too-deep",
    severity: Severity::Error,
    summary: "A JSON document nests deeper than zverify reads",
    help: "Raise the limit with --json-max-depth (at most 127), or rebuild the document flatter. Past Go's own bound (10000 levels) Zarf fails too: for index.json, a deploy fails at the image push (\"unable to unmarshal index.json: exceeded max depth\").",
    checks: "Before parsing, the nesting of arrays and objects in every JSON document zverify reads is measured; past the limit (default 64, --json-max-depth, at most 127: the parser's own ceiling) the document is not read.",
    why: "Go's encoding/json, which Zarf uses, reads documents nested up to 10000 levels; a document zverify cannot read is one whose content it cannot vouch for. OCI documents nest a handful of levels; hundreds is a denial-of-service attempt.",
    example: "`{\"annotations\": {\"a\": [[[[[[…200 levels…]]]]]]}}`",
    fix: "Rebuild the document; nothing in the image-spec needs deep nesting.",
};

/// A document nested deeper than zverify reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonTooDeep {
    /// The document, as named in messages.
    pub what: String,
    pub depth: u32,
    /// Byte offset where the first level over the limit opens.
    pub at: usize,
    pub limit: u32,
}

impl Message for JsonTooDeep {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let JsonTooDeep { what, depth, at, limit } = self;
        let ceiling = crate::json::PARSER_MAX_DEPTH;
        let how = if *limit == ceiling {
            " (the parser's ceiling)".to_owned()
        } else {
            format!("; the limit can be raised up to {ceiling}")
        };
        format!(
            "{what} nests arrays and objects {depth} levels deep (level {} opens at byte {at}); zverify reads at most {limit}{how}, so it was not read. Go's encoding/json (Zarf) reads up to 10000 levels",
            limit + 1
        )
    }
}
