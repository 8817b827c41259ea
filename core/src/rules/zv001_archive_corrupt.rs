//! ZV001 `archive-corrupt`: The archive is truncated or corrupt, so verification stopped early.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV001",
    name: "archive-corrupt",
    severity: Severity::Error,
    summary: "The archive is truncated or corrupt, so verification stopped early",
    help: "Copy the package again and compare its size and sha256 with the source; the bytes read before the fault were verified.",
    checks: "Reading the tar (or zstd) stream failed: a header checksum is wrong, an entry ends before its declared size, the zstd frame is damaged, or the stream stops mid-entry. The message says how many bytes and entries were verified before the fault.",
    why: "A package that cannot be read to the end cannot be deployed; what was read before the fault is reported, nothing after it is.",
    example: "A `.tar.zst` cut short by an interrupted transfer: `zstd: unexpected end of frame after 1048576 bytes`.",
    fix: "Re-transfer the package; verify the source copy with `zverify check` and compare `zverify digest` of both copies.",
};
