//! ZV010 `entry-name-trailing-slash`: A regular-file entry's name ends in `/`.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV010",
    name: "entry-name-trailing-slash",
    severity: Severity::Error,
    summary: "A regular-file entry's name ends in `/`",
    help: "Rebuild the package; whether this entry is a file or a directory depends on the reader.",
    checks: "Entries with a data-carrying type flag (`0`, `7` or an unknown type) whose name ends in `/`.",
    why: "Go's `archive/tar` turns only type `\\0` with a trailing slash into a directory; for type `0` Zarf writes a regular file named without the slash, while GNU tar extracts a directory. The same bytes then deploy as different trees.",
    example: "An entry `images/blobs/` of type `0` and size 0.",
    fix: "Rebuild the package; directories are type `5`.",
};
