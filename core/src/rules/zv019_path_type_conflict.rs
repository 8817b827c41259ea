//! ZV019 `path-type-conflict`: A path is both a file and a directory in the archive.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV019",
    name: "path-type-conflict",
    severity: Severity::Error,
    summary: "A path is both a file and a directory in the archive",
    help: "Rebuild the package; Zarf's extraction fails on this entry.",
    checks: "A file entry at a path that an earlier entry made a directory, a directory entry at a path that is a file, or any entry under a path that is a file.",
    why: "Extracting such an archive fails (`is a directory`, `not a directory`): Zarf stops loading the package, and what other tools leave behind depends on their order of operations.",
    example: "An entry `images` (a file) followed by `images/index.json`.",
    fix: "Rebuild the package from a clean directory.",
};
