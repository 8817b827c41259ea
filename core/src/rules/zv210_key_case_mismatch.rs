//! ZV210 `key-case-mismatch`: A key names a known field only when case is ignored.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV210,
    name: "key-case-mismatch",
    severity: Severity::Error,
    summary: "A key names a known field only when case is ignored",
    help: "Write the field name exactly as the image-spec spells it, once per object. When the key is one Zarf's push reads (a descriptor's `digest`, an index's `manifests`), a deploy fails at the image push.",
    checks: "In index.json, oci-layout, indexes, manifests, configs, descriptors, platforms, rootfs, history and the config's execution parameters, every key that is not a field name exactly but equals one under Go's case folding (`Digest`, `MANIFESTS`, `mediatype`, `\u{212A}ey` with a Kelvin sign, `\u{17F}ize` with a long s).",
    why: "Zarf decodes these documents with Go's encoding/json, which matches keys to fields case-insensitively (Unicode simple folding) and lets the last match win. zverify, like the schema, reads the exact name: with `\"digest\": A, \"Digest\": B` zverify would check A while Zarf uses B, and a lone `\"Digest\"` is a field Go reads and the schema does not allow.",
    example: "`{\"mediaType\": \"…\", \"digest\": \"sha256:aaa…\", \"size\": 2, \"Digest\": \"sha256:bbb…\"}`",
    fix: "Rebuild the document with a standard encoder; remove the mis-cased key.",
};

/// A key Go's encoding/json folds onto a field that zverify reads only by its exact name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCaseMismatch {
    pub key: String,
    /// The object, as named in messages ("an image config", …).
    pub what: String,
    /// The field Go reads it as.
    pub field: String,
}

impl Message for KeyCaseMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let KeyCaseMismatch { key, what, field } = self;
        format!(
            "the key \"{}\" is not a field of {what}, but Go's encoding/json (which Zarf decodes it with) matches keys case-insensitively and reads it as \"{field}\"; zverify reads only \"{field}\", so the two could see different values",
            key.escape_debug()
        )
    }
}
