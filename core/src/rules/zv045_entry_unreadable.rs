//! ZV045 `entry-unreadable`: A file or directory of the input could not be read, or its name cannot be represented.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV045",
    name: "entry-unreadable",
    severity: Severity::Error,
    summary: "A file or directory of the input could not be read, or its name cannot be represented",
    help: "zverify did not inspect this entry, so it cannot vouch for the package: fix the permissions or the name and check again.",
    checks: "Every entry of an unpacked package directory is listed, stat-ed and read. An entry that cannot be listed, opened or read, or whose name is not valid UTF-8 (so two different names could look like one), is reported by name.",
    why: "A verifier that silently drops what it cannot read passes packages it never looked at. Zarf would still extract and deploy the file; zverify must not call the package verified.",
    example: "`images/blobs/sha256/5b0b…` with mode 000, or a file whose name holds the byte 0xFF.",
    fix: "Make every file readable by the user running zverify (or check the archive instead of the unpacked tree); rename files whose names are not UTF-8.",
};
