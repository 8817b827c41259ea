//! ZV018 `entry-name-not-utf8`: An entry's name is not valid UTF-8.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use super::words::TarEntryAt;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV018,
    name: "entry-name-not-utf8",
    severity: Severity::Error,
    summary: "An entry's name is not valid UTF-8",
    help: "Rebuild the package with UTF-8 file names.",
    checks: "Entry names (from the header, a GNU long name or a PAX `path`) that are not valid UTF-8. The entry is not verified.",
    why: "Zarf writes the raw bytes as the file name; a reader that decodes names lossily can map two different names onto one, so the file checked and the file deployed differ.",
    example: "Two entries `blob\\xff` and `blob\\xfe`, which a lossy decoder shows as the same name.",
    fix: "Rename the files to UTF-8 and rebuild the package.",
};

/// A name that is not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryNameNotUtf8 {
    /// A tar entry (named lossily in `at`).
    Tar { at: TarEntryAt },
    /// A file in a directory being read (`lossy`: its name, decoded lossily).
    Directory { lossy: String },
}

impl Message for EntryNameNotUtf8 {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            EntryNameNotUtf8::Tar { at } => format!(
                "{at}: its name is not valid UTF-8; Zarf writes the raw bytes, and lossy decoding could merge it with another name"
            ),
            EntryNameNotUtf8::Directory { lossy } => format!(
                "\"{}\": its name is not valid UTF-8; it was not verified, and lossy decoding could merge it with another name",
                lossy.escape_debug()
            ),
        }
    }
}
