//! ZV211 `json-too-deep`: A JSON document nests deeper than zverify reads.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV211",
    name: "json-too-deep",
    severity: Severity::Error,
    summary: "A JSON document nests deeper than zverify reads",
    help: "Raise the limit with --json-max-depth (at most 127), or rebuild the document flatter.",
    checks: "Before parsing, the nesting of arrays and objects in every JSON document zverify reads is measured; past the limit (default 64, --json-max-depth, at most 127: the parser's own ceiling) the document is not read.",
    why: "Go's encoding/json, which Zarf uses, reads documents nested up to 10000 levels; a document zverify cannot read is one whose content it cannot vouch for. OCI documents nest a handful of levels; hundreds is a denial-of-service attempt.",
    example: "`{\"annotations\": {\"a\": [[[[[[…200 levels…]]]]]]}}`",
    fix: "Rebuild the document; nothing in the image-spec needs deep nesting.",
};
