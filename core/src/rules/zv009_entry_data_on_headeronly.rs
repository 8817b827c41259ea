//! ZV009 `entry-data-on-headeronly`: A directory, link, device or FIFO entry declares data.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use super::words::TarEntryAt;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV009,
    name: "entry-data-on-headeronly",
    severity: Severity::Error,
    summary: "A directory, link, device or FIFO entry declares data",
    help: "Rebuild the package with a standard tar writer; readers disagree on where the next entry starts.",
    checks: "Tar entries whose type carries no data (directory, hard or symbolic link, character or block device, FIFO) but whose size field (or PAX `size`) is not zero.",
    why: "Go's `archive/tar`, which Zarf extracts with, reads no data for these types: the bytes the size announces are read as the following headers. Other readers skip them as data. One archive then holds two different lists of entries; zverify follows Go's.",
    example: "A directory entry `images/` with size 1536 whose three \"data\" blocks are a complete `index.json` entry only Go sees.",
    fix: "Rebuild the package with Zarf, GNU tar, bsdtar or Go's `archive/tar`; none of them writes data for these entry types.",
};

/// A header-only entry type (`kind`) that declares data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDataOnHeaderonly {
    pub at: TarEntryAt,
    pub kind: &'static str,
    pub size: i64,
}

impl Message for EntryDataOnHeaderonly {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "{}: it is a {} that declares {} bytes of data; Go reads no data for it and reads those bytes as the next headers",
            self.at, self.kind, self.size
        )
    }
}
