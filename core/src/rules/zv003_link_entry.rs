//! ZV003 `link-entry`: The archive contains a symbolic or hard link.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV003",
    name: "link-entry",
    severity: Severity::Error,
    summary: "The archive contains a symbolic or hard link",
    help: "Zarf packages and OCI layouts contain only regular files and directories; rebuild the package without links.",
    checks: "Tar entries of type symlink or hardlink, and entries of any other non-directory type with a link name (Zarf creates a symbolic link for those). zverify never follows them; the link target is reported, once per entry.",
    why: "A link can make a blob path resolve to a file outside the package, or alias one blob to another so a tampered file is read through an innocent name.",
    example: "`images/blobs/sha256/ab…` as a symlink to `/etc/shadow`.",
    fix: "Rebuild the package; replace the link with the real file.",
};
