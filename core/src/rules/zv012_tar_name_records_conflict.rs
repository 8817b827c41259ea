//! ZV012 `tar-name-records-conflict`: An entry's name or link comes from conflicting or dangling extension headers.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV012",
    name: "tar-name-records-conflict",
    severity: Severity::Error,
    summary: "An entry's name or link comes from conflicting or dangling extension headers",
    help: "Rebuild the package; readers pick different names for this entry.",
    checks: "A GNU long name (`L`) together with a PAX `path`, a GNU long link (`K`) together with a PAX `linkpath`, several `L`, `K` or PAX `x` headers before one entry, or such headers with no entry after them (before a global header or the end of the archive).",
    why: "Go applies only the last PAX header and lets a GNU long name override PAX `path`; other readers merge the headers or give PAX precedence. The entry then has one name for zverify and another for Zarf.",
    example: "A PAX header with `path=zarf.yaml` followed by a GNU long-name header `evil.yaml` and then the entry.",
    fix: "Rebuild the package with one tar writer and one format.",
};
