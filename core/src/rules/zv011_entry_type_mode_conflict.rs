//! ZV011 `entry-type-mode-conflict`: An entry's mode bits say directory but its type flag does not.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use super::words::TarEntryAt;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV011,
    name: "entry-type-mode-conflict",
    severity: Severity::Error,
    summary: "An entry's mode bits say directory but its type flag does not",
    help: "Rebuild the package; Zarf creates a directory where other readers write a file.",
    checks: "Entries whose type flag is not `5` (directory) while the file-type bits of their mode field are `040000` (directory).",
    why: "Zarf decides with Go's `FileInfo().IsDir()`, which also looks at the mode's file-type bits: it creates a directory and drops the entry's data, while tar, Python and the type flag say regular file.",
    example: "`zarf.yaml` of type `0` with mode `040644`.",
    fix: "Rebuild the package with a standard tar writer.",
};

/// A type flag (`kind`) whose mode bits say directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryTypeModeConflict {
    pub at: TarEntryAt,
    pub kind: &'static str,
    pub mode: i64,
}

impl Message for EntryTypeModeConflict {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let EntryTypeModeConflict { at, kind, mode } = self;
        format!("{at}: its type is {kind} but its mode {mode:o} says directory: Zarf creates a directory, other readers a {kind}")
    }
}
