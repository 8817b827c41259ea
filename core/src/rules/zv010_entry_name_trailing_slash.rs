//! ZV010 `entry-name-trailing-slash`: A regular-file entry's name ends in `/`.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use super::words::TarEntryAt;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV010,
    name: "entry-name-trailing-slash",
    severity: Severity::Error,
    summary: "A regular-file entry's name ends in `/`",
    help: "Rebuild the package; whether this entry is a file or a directory depends on the reader.",
    checks: "Entries with a data-carrying type flag (`0`, `7` or an unknown type) whose name ends in `/`.",
    why: "Go's `archive/tar` turns only type `\\0` with a trailing slash into a directory; for type `0` Zarf writes a regular file named without the slash, while GNU tar extracts a directory. The same bytes then deploy as different trees.",
    example: "An entry `images/blobs/` of type `0` and size 0.",
    fix: "Rebuild the package; directories are type `5`.",
};

/// A non-directory type (`kind`) whose name ends in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryNameTrailingSlash {
    pub at: TarEntryAt,
    pub kind: &'static str,
}

impl Message for EntryNameTrailingSlash {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "{}: its type is {} but its name ends in '/': Zarf writes a file, GNU tar a directory",
            self.at, self.kind
        )
    }
}
